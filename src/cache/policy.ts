/**
 * Who may write the caches, which GOCACHE the action may prune, and the layout of the CLI's own
 * cache folder. Pure: the facts come in (inputs, environment, where the action keeps its own
 * folders), a decision with its reason comes out; src/steps/cache.ts acts on it, for both doors alike.
 */
import * as path from 'node:path';

/** `cache-save`: auto = save only on events that run code already trusted by the repository (TRUSTED_SAVE_EVENTS). */
export type SaveSetting = 'auto' | 'true' | 'false';

export type SaveDecision = { save: true; why: string } | { save: false; why: string };

/**
 * The events whose runs may save caches with `cache-save: auto`, and why each is trusted: the
 * code the run builds is already on a branch or tag of the repository, put there by someone with
 * write access, so what it leaves in GOCACHE and the module cache is what a maintainer's own build
 * would leave. Every other event (pull_request, pull_request_target, issue_comment,
 * workflow_run, repository_dispatch, check_run, discussion..., and any event GitHub adds later)
 * is restore-only: those runs may check out and run code from a fork or from a comment's author,
 * and a cache they saved in the base branch's scope would be restored by trusted runs later.
 * An allow-list, not a deny-list, so an event nobody thought about fails closed.
 */
export const TRUSTED_SAVE_EVENTS: Readonly<Record<string, string>> = {
  push: 'a push runs the code of the pushed branch or tag, written by someone with write access',
  schedule: 'a scheduled run builds the default branch',
  workflow_dispatch: 'a manual run is started by someone with write access, on a branch or tag of the repository',
  merge_group: 'a merge-queue run builds changes already approved for merging, on a branch of the repository',
  release: 'a release run builds the tag a maintainer released',
};

/** Whether this run saves caches. A boolean is taken as true/false (inputs parsed as booleans). */
export function saveDecision(save: SaveSetting | boolean, env: { GITHUB_EVENT_NAME?: string; GITHUB_ACTIONS?: string }): SaveDecision {
  const setting: SaveSetting = save === true ? 'true' : save === false ? 'false' : save;
  if (setting === 'false') return { save: false, why: 'cache-save is false' };
  if (setting === 'true') return { save: true, why: 'cache-save is true' };
  const event = env.GITHUB_EVENT_NAME ?? '';
  if (event === '') {
    if (env.GITHUB_ACTIONS === 'true') {
      return { save: false, why: 'cache-save is auto and GITHUB_EVENT_NAME is not set: restore only (set cache-save: true to save anyway)' };
    }
    return { save: true, why: 'cache-save is auto and this is a local run (the CLI): its own cache store' };
  }
  const trusted = Object.hasOwn(TRUSTED_SAVE_EVENTS, event) ? TRUSTED_SAVE_EVENTS[event] : undefined;
  if (trusted !== undefined) return { save: true, why: `cache-save is auto and this is a ${event} run (${trusted})` };
  return {
    save: false,
    why: `cache-save is auto and this is a ${event} run, which may build code from a fork or another author: restore only (caches are saved on ${Object.keys(TRUSTED_SAVE_EVENTS).join(', ')}; set cache-save: true to save anyway)`,
  };
}

/**
 * Runs whose output is released or signed restore caches strictly: a tag ref (GITHUB_REF
 * refs/tags/...) or a job that signs (windows-certificate set). For them the build layer is not
 * restored (its exact key carries the run stamp, so only a fallback prefix could match, and go
 * trusts a GOCACHE entry by its action ID without re-hashing it: a poisoned entry would go straight
 * into the signed binary); the modules layer is restored by its exact key only and checked with
 * `go mod verify` before the build; a `vendor/` from the cache is not used (made with go mod vendor).
 */
export interface StrictRestore {
  strict: boolean;
  why: string;
}

export function strictRestore(env: { GITHUB_REF?: string }, signs: boolean): StrictRestore {
  const ref = env.GITHUB_REF ?? '';
  const tag = ref.startsWith('refs/tags/');
  if (tag && signs) return { strict: true, why: `a tag build (${ref}) that signs` };
  if (tag) return { strict: true, why: `a tag build (${ref})` };
  if (signs) return { strict: true, why: 'a signing build (windows-certificate is set)' };
  return { strict: false, why: 'not a tag or signing build' };
}

/** The runner variables the Windows drive rule reads (the runner sets them; SystemDrive is Windows'). */
export interface DriveEnv {
  RUNNER_OS?: string;
  RUNNER_ENVIRONMENT?: string;
  RUNNER_TEMP?: string;
  GITHUB_WORKSPACE?: string;
  RUNNER_TOOL_CACHE?: string;
  SystemDrive?: string;
}

/** Where a Windows runner's caches and Go extraction go when its work drive is not the system drive. */
export interface FastDrive {
  /** The work drive ("D:"), when it differs from the system drive; else nothing moves. */
  drive?: string;
  gocache?: string;
  gomodcache?: string;
  /** RUNNER_TOOL_CACHE with its drive letter changed to the work drive (setup-go's layout), when the tool cache is on another drive. */
  toolCacheOnWorkDrive?: string;
  why?: string;
}

/** "D:" for "d:\\a\\_temp"; undefined for a UNC path (\\\\server\\share) or anything without a drive letter. */
function driveOf(p: string | undefined): string | undefined {
  const m = p ? /^([A-Za-z]):(?:[\\/]|$)/.exec(p) : null;
  return m ? `${m[1].toUpperCase()}:` : undefined;
}

/**
 * Windows runners (RUNNER_OS=Windows): hosted ones have the system drive C: and the work drive
 * D: (GITHUB_WORKSPACE, RUNNER_TEMP), and writing many small files on C: is slow (setup-go #495:
 * a 1.7 GB cache restore took 12-15 minutes on C:, about 1 on D:, #515). When the work drive is
 * not the system drive, GOCACHE and GOMODCACHE go under RUNNER_TEMP (the job's own folder; a
 * hosted VM lives for one job) and the Go archive is extracted on the work drive, the tool-cache
 * entry on C: being a junction to it (toolcache.ts installAtomically). Drive letters compare
 * case-insensitively; a UNC path is no drive and moves nothing. Pure; unmeasured here (no Windows
 * runner), as the README says.
 */
export function fastDrive(env: DriveEnv): FastDrive {
  if ((env.RUNNER_OS ?? '').toLowerCase() !== 'windows') return {};
  const where = env.RUNNER_TEMP ? 'RUNNER_TEMP' : 'GITHUB_WORKSPACE';
  const base = env.RUNNER_TEMP || env.GITHUB_WORKSPACE;
  const work = driveOf(base);
  if (!work) return { why: `Windows runner: ${where} (${base ?? 'unset'}) is not on a drive letter; caches stay where they are` };
  const system = driveOf(env.SystemDrive) ?? 'C:';
  if (work === system) return { why: `Windows runner: the work drive ${work} is the system drive; caches stay where they are` };
  const root = path.win32.join(env.RUNNER_TEMP || path.win32.join(base!, '..', '_temp'), 'go-fyne-action');
  const tc = env.RUNNER_TOOL_CACHE;
  const tcDrive = driveOf(tc);
  return {
    drive: work,
    gocache: path.win32.join(root, 'go-build'),
    gomodcache: path.win32.join(root, 'mod'),
    toolCacheOnWorkDrive: tc && tcDrive && tcDrive !== work ? `${work}${tc.slice(2)}` : undefined,
    why: `Windows runner: the work drive ${work} (${where}) is not the system drive ${system}; GOCACHE, GOMODCACHE and the Go extraction go to ${work}`,
  };
}

export interface GoCacheFacts {
  /** The environment before the action changed anything: GOCACHE, GOMODCACHE, RUNNER_ENVIRONMENT, RUNNER_TEMP, and the drive facts on Windows. */
  env: { GOCACHE?: string; GOMODCACHE?: string; RUNNER_ENVIRONMENT?: string; RUNNER_TEMP?: string } & DriveEnv;
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
    const fast = fastDrive(f.env);
    if (fast.drive) {
      const set: GoCachePlacement['set'] = {};
      if (!f.env.GOCACHE) set.GOCACHE = fast.gocache;
      if (!f.env.GOMODCACHE) set.GOMODCACHE = fast.gomodcache;
      if (Object.keys(set).length > 0) return { set, owned: true, why: `GitHub-hosted ${fast.why ?? ''}` };
    }
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
