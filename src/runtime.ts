/**
 * The one seam between the core and where it runs. The GitHub adapter (src/runtime/github.ts)
 * maps it onto @actions/core; the CLI adapter (src/runtime/local.ts) onto the terminal and a
 * local cache directory. No stage imports @actions/core directly.
 */
import type { Host } from './host.js';

export interface Runtime {
  /** 'github' when running as an action step, 'local' from the CLI. */
  readonly kind: 'github' | 'local';
  readonly host: Host;
  /** Where installed tools live (RUNNER_TOOL_CACHE, or ~/.cache/go-fyne-action/tools). */
  readonly toolCacheDir: string;
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
  warning(message: string): void;
  error(message: string): void;
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Appends markdown to the job summary (GitHub) or prints it (CLI). */
  summary(markdown: string): Promise<void>;
  /** Never printed: values registered here are masked in logs. */
  secret(value: string): void;
}
