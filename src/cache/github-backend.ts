/**
 * The GitHub Actions cache through @actions/cache (service v2: ACTIONS_CACHE_SERVICE_V2,
 * ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN, all read when a call is made).
 *
 * The client swallows most failures itself (it logs a warning and returns "no match" / -1);
 * around it this adapter adds what it lacks: a time-out for calls that never answer, removal of
 * whatever a failed restore half-extracted into paths that did not exist before, and telling a
 * lost save race ("another job saved this key first") apart from a failed upload.
 *
 * Restores do NOT go through @actions/cache's restoreCache. Its extract runs
 * `tar -xf <archive> -P -C $GITHUB_WORKSPACE` (lib/internal/tar.js): `-P` (--absolute-names)
 * keeps a leading `/` and `..` in entry names and turns off GNU tar's guard against writing
 * through symlinks the archive itself made, so every entry is written exactly where its name
 * says, relative to the workspace. Saved archives name the cache paths relative to the
 * workspace (`../../../.cache/go-build/...`), and nothing checks that an entry stays under the
 * paths asked for: an entry saved by any run with write access to the cache scope (a
 * pull_request_target or issue_comment job building a fork, a poisoned earlier step) can write
 * `/home/runner/.bashrc`, the checked-out sources, `.git/config`, the Go toolchain in the tool
 * cache, or a symlink and then a file through it. So this backend looks the entry up itself
 * (the same Twirp call and cache version the client uses, so saves by @actions/cache and
 * actions/cache stay compatible), downloads the archive into the temp folder, and unpacks it with
 * our own tar reader into a fresh staging folder (safe-restore.ts): every entry must lie under the
 * one cache path of the layer, links must stay inside it, else the restore fails with a warning
 * and nothing is placed. Saves still use @actions/cache (creating an archive reads, never writes
 * outside the paths).
 */
import * as cache from '@actions/cache';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { zstdAvailable } from '../archive/system-tar.js';
import { exists, forceRemove } from '../system/fs.js';
import { createWriteStream, mkdtemp } from '../system/owned-fs.js';
import { archiveChunks, restoreArchiveInto } from './safe-restore.js';
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
      const r = await withTimeout<string | undefined | typeof timedOut>(confinedRestore([...paths], key, [...restoreKeys], this.log), ms, () => timedOut);
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

/** The cache version @actions/cache computes (cacheUtils.getCacheVersion): the paths, the compression, the salt. */
export function cacheVersion(paths: string[], compression: 'zstd' | 'gzip', platform: string = process.platform): string {
  const parts = [...paths, compression === 'zstd' ? 'zstd-without-long' : 'gzip'];
  if (platform === 'win32') parts.push('windows-only');
  parts.push('1.0');
  return createHash('sha256').update(parts.join('|')).digest('hex');
}

/**
 * Looks `key` (then the restore-keys) up as @actions/cache would, downloads the archive and
 * unpacks it confined to the layer's one path. Resolves with the matched key, undefined on a
 * miss; rejects on any trouble (the caller warns and goes on without a cache).
 */
async function confinedRestore(paths: string[], key: string, restoreKeys: string[], log: CacheLog): Promise<string | undefined> {
  if (paths.length !== 1) throw new Error(`a cache layer restores exactly one path (got ${paths.length})`);
  const base = process.env['ACTIONS_RESULTS_URL'] ?? '';
  const token = process.env['ACTIONS_RUNTIME_TOKEN'] ?? '';
  const compression = (await zstdAvailable()) ? 'zstd' : 'gzip';
  const url = new URL('/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL', base).href;
  const res = await fetchRetrying('the lookup', () =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ key, restore_keys: restoreKeys, version: cacheVersion(paths, compression) }),
      signal: AbortSignal.timeout(60_000),
    }),
  );
  if (!res.ok) throw new Error(`the cache service answered ${res.status} to the lookup`);
  const found = (await res.json()) as { ok?: boolean; signed_download_url?: string; matched_key?: string };
  if (!found.ok || !found.signed_download_url || !found.matched_key) return undefined;
  log.info(`cache: ${found.matched_key === key ? 'hit for' : 'hit for restore-key:'} ${found.matched_key}`);
  const dir = await mkdtemp(join(process.env['RUNNER_TEMP'] || tmpdir(), 'gfa-cache-dl-'));
  try {
    const file = join(dir, compression === 'zstd' ? 'cache.tzst' : 'cache.tgz');
    const signed = found.signed_download_url;
    const dl = await fetchRetrying('the download', () => fetch(signed));
    if (!dl.ok || !dl.body) throw new Error(`downloading the cache archive answered ${dl.status}`);
    await pipeline(Readable.fromWeb(dl.body as WebReadableStream<Uint8Array>), createWriteStream(file));
    // The archive names each path relative to the workspace the save ran in (as @actions/cache does).
    const workspace = process.env['GITHUB_WORKSPACE'] ?? process.cwd();
    const target = resolve(paths[0]);
    const prefix = relative(workspace, target).replace(/\\/g, '/');
    await restoreArchiveInto(archiveChunks(file, compression), target, prefix === '' ? undefined : `${prefix}/`);
    return found.matched_key;
  } finally {
    await forceRemove(dir).catch(() => undefined);
  }
}

/** Five attempts for a network error, a 5xx or a 429 (as the client's own retries), with a short back-off. */
async function fetchRetrying(what: string, attempt: () => Promise<Response>): Promise<Response> {
  let last: unknown;
  for (let i = 0; i < 5; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** i, 1000)));
    try {
      const r = await attempt();
      if (r.status < 500 && r.status !== 429) return r;
      last = new Error(`the cache service answered ${r.status} to ${what}`);
      await r.body?.cancel().catch(() => undefined);
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof Error ? last : new Error(`${what} failed: ${String(last)}`);
}
