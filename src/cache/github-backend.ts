/**
 * The GitHub Actions cache through @actions/cache (service v2: ACTIONS_CACHE_SERVICE_V2,
 * ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN, all read when a call is made).
 *
 * The client swallows most failures itself (it logs a warning and returns "no match" / -1);
 * around it this adapter adds what it lacks: a time-out for calls that never answer, removal of
 * whatever a failed restore half-extracted into paths that did not exist before, and telling a
 * lost save race ("another job saved this key first") apart from a failed upload.
 */
import * as cache from '@actions/cache';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { exists, forceRemove } from '../system/fs.js';
import { type CacheBackend, type CacheLog, type RestoreOutcome, type SaveOutcome, withTimeout } from './backend.js';
import { errorMessage } from '../errors.js';

export interface GitHubBackendOptions {
  /** Whole-restore time-out in ms (default: GO_FYNE_ACTION_CACHE_RESTORE_TIMEOUT_MS in `env`, else 10 min). */
  restoreTimeoutMs?: number;
  /** Whole-save time-out in ms (default: GO_FYNE_ACTION_CACHE_SAVE_TIMEOUT_MS in `env`, else 20 min). */
  saveTimeoutMs?: number;
  /** The run's environment (the Runtime's), read for the two time-out knobs only. */
  env?: NodeJS.ProcessEnv;
}

/** A positive number of ms from the environment, else undefined. */
const envMs = (env: NodeJS.ProcessEnv | undefined, name: string) => {
  const v = Number(env?.[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
};

export class GitHubBackend implements CacheBackend {
  readonly name = 'github' as const;

  constructor(
    private readonly log: CacheLog,
    private readonly opts: GitHubBackendOptions = {},
  ) {}

  /** Whether the runner gave this job a cache service at all. */
  static available(): boolean {
    try {
      return cache.isFeatureAvailable();
    } catch {
      return false;
    }
  }

  async restore(paths: string[], key: string, restoreKeys: string[]): Promise<RestoreOutcome> {
    if (!GitHubBackend.available()) {
      const failure = 'the GitHub cache service is not available to this job (no ACTIONS_RESULTS_URL); going on without a cache';
      this.log.warning(failure);
      return { failure };
    }
    const ms = this.opts.restoreTimeoutMs ?? envMs(this.opts.env, 'GO_FYNE_ACTION_CACHE_RESTORE_TIMEOUT_MS') ?? 10 * 60_000;
    // Paths that are absent or empty now must be so again if the restore fails part-way.
    const fresh = (await Promise.all(paths.map(async (p) => ((await isAbsentOrEmpty(p)) ? p : undefined)))).filter((p): p is string => !!p);
    const timedOut = Symbol('timeout');
    let outcome: RestoreOutcome;
    try {
      const r = await withTimeout<string | undefined | typeof timedOut>(
        cache.restoreCache([...paths], key, [...restoreKeys], { timeoutInMs: Math.min(ms, 60_000), segmentTimeoutInMs: ms }),
        ms,
        () => timedOut,
      );
      if (r === timedOut) outcome = { failure: `cache restore of ${key} timed out after ${Math.round(ms / 1000)} s; going on without it` };
      else outcome = r ? { matchedKey: r } : {};
    } catch (err) {
      outcome = { failure: `cache restore of ${key} failed: ${errorMessage(err)}; going on without it` };
    }
    if (!outcome.matchedKey) {
      // A miss leaves new paths absent; anything there now is a half-extracted failed archive.
      for (const p of fresh) {
        if (!(await isAbsentOrEmpty(p))) {
          outcome.failure ??= `cache restore of ${key} failed part-way (see the warning above); removed the partial ${p}`;
          for (const entry of await readdir(p).catch(() => [] as string[])) await forceRemove(join(p, entry)).catch(() => undefined);
        }
      }
    }
    if (outcome.failure) this.log.warning(outcome.failure);
    return outcome;
  }

  async save(paths: string[], key: string): Promise<SaveOutcome> {
    if (!GitHubBackend.available()) {
      return { status: 'failed', message: 'the GitHub cache service is not available to this job; not saved' };
    }
    const ms = this.opts.saveTimeoutMs ?? envMs(this.opts.env, 'GO_FYNE_ACTION_CACHE_SAVE_TIMEOUT_MS') ?? 20 * 60_000;
    let id: number | 'timeout';
    const tap = tapStdout();
    try {
      id = await withTimeout<number | 'timeout'>(cache.saveCache([...paths], key), ms, () => 'timeout');
    } catch (err) {
      const message = `cache save of ${key} failed: ${errorMessage(err)}`;
      this.log.warning(message);
      return { status: 'failed', message };
    } finally {
      tap.stop();
    }
    if (id === 'timeout') {
      const message = `cache save of ${key} timed out after ${Math.round(ms / 1000)} s`;
      this.log.warning(message);
      return { status: 'failed', message };
    }
    if (id !== -1) return { status: 'saved' };
    // -1: the client already logged why. A lost race is a refused reservation naming our key
    // (the other job may still be uploading), or a key that reads back as present.
    let lost = tap.text().includes(`Unable to reserve cache with key ${key},`);
    if (!lost) {
      try {
        lost = (await withTimeout(cache.restoreCache([...paths], key, [], { lookupOnly: true }), 60_000, () => undefined)) === key;
      } catch {
        lost = false;
      }
    }
    if (lost) {
      const message = `another job saved ${key} first; kept theirs`;
      this.log.info(message);
      return { status: 'exists', message };
    }
    const message = `cache save of ${key} did not complete (see the client's message above)`;
    this.log.warning(message);
    return { status: 'failed', message };
  }
}

/**
 * Collects what is written to stdout (where @actions/core logs) while it is active, still
 * passing everything through. Several taps may be active at once.
 */
const taps = new Set<{ buf: string }>();
let originalWrite: typeof process.stdout.write | undefined;

function tapStdout(): { text(): string; stop(): void } {
  const t = { buf: '' };
  if (taps.size === 0) {
    originalWrite = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: unknown, ...rest: unknown[]) => {
      const s = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString() : '';
      for (const x of taps) if (x.buf.length < 1_000_000) x.buf += s;
      return (originalWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
    };
  }
  taps.add(t);
  return {
    text: () => t.buf,
    stop: () => {
      if (!taps.delete(t)) return;
      if (taps.size === 0 && originalWrite) {
        process.stdout.write = originalWrite;
        originalWrite = undefined;
      }
    },
  };
}

async function isAbsentOrEmpty(p: string): Promise<boolean> {
  if (!(await exists(p))) return true;
  const entries = await readdir(p).catch(() => undefined);
  return entries !== undefined && entries.length === 0;
}
