/**
 * Who may write the caches, which GOCACHE the action may prune, and the layout of the CLI's own
 * cache folder. Pure: the facts come in (inputs, environment, where the action keeps its own
 * folders), a decision with its reason comes out; src/steps/cache.ts acts on it, for both doors alike.
 */
import * as path from 'node:path';

/** `cache-save`: auto = save unless the event may run a fork's code with the base branch's cache scope. */
export type SaveSetting = 'auto' | 'true' | 'false';

export type SaveDecision = { save: true; why: string } | { save: false; why: string };

/**
 * Events whose runs carry the base repository's cache scope (and token) while they may check
 * out and run code from a fork: a cache saved there would be restored by trusted runs later.
 */
export const UNTRUSTED_CACHE_EVENTS: readonly string[] = ['pull_request_target', 'workflow_run'];

/** Whether this run saves caches. A boolean is taken as true/false (inputs parsed as booleans). */
export function saveDecision(save: SaveSetting | boolean, env: { GITHUB_EVENT_NAME?: string }): SaveDecision {
  const setting: SaveSetting = save === true ? 'true' : save === false ? 'false' : save;
  if (setting === 'false') return { save: false, why: 'cache-save is false' };
  if (setting === 'true') return { save: true, why: 'cache-save is true' };
  const event = env.GITHUB_EVENT_NAME ?? '';
  if (UNTRUSTED_CACHE_EVENTS.includes(event)) {
    return {
      save: false,
      why: `cache-save is auto and this is a ${event} run, which may execute code from a fork with the base branch's cache scope: nothing is saved (set cache-save: true to save anyway)`,
    };
  }
  return { save: true, why: 'cache-save is auto' };
}

export interface GoCacheFacts {
  /** The environment before the action changed anything: GOCACHE, GOMODCACHE, RUNNER_ENVIRONMENT, RUNNER_TEMP. */
  env: { GOCACHE?: string; GOMODCACHE?: string; RUNNER_ENVIRONMENT?: string; RUNNER_TEMP?: string };
  /** Runtime.localCacheDir: the CLI's own cache folder (~/.cache/go-fyne-action); undefined on a runner. */
  localCacheDir?: string;
  /** Input `cache`: with caches off nothing is restored or pruned, so nothing needs moving. */
  cacheEnabled: boolean;
}

/** The CLI's cache folder, laid out: installed tools, the cache store, and its own GOCACHE and GOMODCACHE. */
export interface LocalCacheLayout {
  tools: string;
  /** The local cache backend's store (src/cache/local-backend.ts). */
  store: string;
  gocache: string;
  gomodcache: string;
}

/** The one place the layout under the CLI's cache folder is decided. */
export function localCacheLayout(root: string): LocalCacheLayout {
  return { tools: path.join(root, 'tools'), store: path.join(root, 'cache'), gocache: path.join(root, 'go-build'), gomodcache: path.join(root, 'mod') };
}

export interface GoCachePlacement {
  /** Variables to export before the first go command (never one the user set). */
  set: { GOCACHE?: string; GOMODCACHE?: string };
  /**
   * The GOCACHE the builds use belongs to this job or to this action, so the save may prune it
   * to this run's working set. Never true for a GOCACHE the user set outside a GitHub-hosted VM.
   */
  owned: boolean;
  why: string;
}

/** The job-owned GOCACHE on a self-hosted runner: RUNNER_TEMP is emptied by the runner after every job. */
export function selfHostedGoCache(runnerTemp: string): string {
  return path.join(runnerTemp, 'go-fyne-action', 'go-build');
}

/**
 * Where GOCACHE (and the CLI's GOMODCACHE) live, and whether the prune may touch GOCACHE:
 * - GitHub-hosted runner: the VM exists for this job only, so whatever GOCACHE is used is the
 *   job's own: used as is, pruned.
 * - self-hosted runner (RUNNER_ENVIRONMENT=self-hosted): go's default ~/.cache/go-build is shared
 *   with every other job on the machine. Unless the user set GOCACHE, it points at a folder of
 *   this job under RUNNER_TEMP (pruned); a GOCACHE the user set is used as is and never pruned.
 * - with a local cache folder (the CLI): unless the user set them, GOCACHE and GOMODCACHE live
 *   under it (pruned); a GOCACHE the user set is never pruned.
 * Running this again after its exports were applied gives the same `owned`.
 */
export function goCachePlacement(f: GoCacheFacts): GoCachePlacement {
  const userCache = f.env.GOCACHE || undefined;
  if (f.localCacheDir !== undefined) {
    const layout = localCacheLayout(f.localCacheDir);
    const own = layout.gocache;
    const set: GoCachePlacement['set'] = {};
    if (!f.env.GOMODCACHE) set.GOMODCACHE = layout.gomodcache;
    if (userCache && path.resolve(userCache) !== path.resolve(own)) {
      return { set, owned: false, why: `GOCACHE is set (${userCache}): used as is and never pruned` };
    }
    if (!userCache) set.GOCACHE = own;
    return { set, owned: true, why: `GOCACHE is the CLI's own folder (${own})` };
  }
  if (f.env.RUNNER_ENVIRONMENT !== 'self-hosted') {
    return { set: {}, owned: true, why: 'GitHub-hosted runner: GOCACHE lives only as long as this job' };
  }
  const own = f.env.RUNNER_TEMP ? selfHostedGoCache(f.env.RUNNER_TEMP) : undefined;
  if (userCache && !(own && path.resolve(userCache) === path.resolve(own))) {
    return { set: {}, owned: false, why: `self-hosted runner and GOCACHE is set (${userCache}): used as is and never pruned` };
  }
  if (userCache) return { set: {}, owned: true, why: `self-hosted runner: GOCACHE is this job's folder (${own})` };
  if (!f.cacheEnabled) return { set: {}, owned: false, why: 'self-hosted runner, caches off: GOCACHE left as it is' };
  if (!own) return { set: {}, owned: false, why: 'self-hosted runner without RUNNER_TEMP: the shared GOCACHE is used and never pruned' };
  return {
    set: { GOCACHE: own },
    owned: true,
    why: `self-hosted runner: GOCACHE is a folder of this job (${own}, emptied with RUNNER_TEMP); the machine's shared build cache is left alone`,
  };
}
