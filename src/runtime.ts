/**
 * The one seam between the core and where it runs. The GitHub adapter (src/runtime/github.ts)
 * maps it onto @actions/core; the CLI adapter (src/runtime/local.ts) onto the terminal and a
 * local cache directory. Everything that differs between the two doors is a field here (CI or
 * not, where caches live, how the summary is shown), so no step asks which door it came through.
 * No stage imports @actions/core directly.
 */
import type { Host } from './host.js';
import type { SummaryData } from './release/summary.js';

export interface Runtime {
  /** Which door the run came through, for the run report only: never a reason to do something else. */
  readonly door: 'github' | 'cli';
  readonly host: Host;
  /** A CI machine (the action always; the CLI when CI=true): system packages may be installed without asking. */
  readonly ci: boolean;
  /** Where installed tools live (RUNNER_TOOL_CACHE, or ~/.cache/go-fyne-action/tools). */
  readonly toolCacheDir: string;
  /**
   * The CLI's own cache folder (~/.cache/go-fyne-action, env GO_FYNE_ACTION_CACHE): the cache
   * store, GOCACHE and GOMODCACHE live under it (src/cache/policy.ts localCacheLayout).
   * Undefined on a runner, where GitHub's cache service keeps the caches.
   */
  readonly localCacheDir?: string;
  /** Scratch space for this run (RUNNER_TEMP, or a temp dir). */
  readonly tempDir: string;
  /** The environment as the run sees it; exportVariable updates it too. */
  readonly env: NodeJS.ProcessEnv;

  /** The raw value of an input ('' when unset), trimmed. */
  input(name: string): string;
  setOutput(name: string, value: string): void;
  /** Sets a variable for this process and for later steps. */
  exportVariable(name: string, value: string): void;
  /** Prepends a directory to PATH for this process and for later steps. */
  addPath(dir: string): void;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** Registers a problem matcher file (GitHub) — a no-op locally. */
  addMatcher(file: string): void;

  debug(message: string): void;
  info(message: string): void;
  /** Something the user should know that is not a problem (an input this job does not use); listed in the summary. */
  notice(message: string): void;
  /** Listed in the summary too: a requested output that could not be made says why here. */
  warning(message: string): void;
  error(message: string): void;
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Shows the run summary: a markdown table in the job summary (GitHub), aligned text on stdout
   * (CLI); under it the notices and warnings this run gave so far (unless `data` carries its own).
   */
  summary(data: SummaryData): Promise<void>;
  /** Never printed: values registered here are masked in logs. */
  secret(value: string): void;
}
