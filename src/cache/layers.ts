/**
 * The two cache layers, modules (GOMODCACHE or vendor/) and build (GOCACHE): a pure plan from
 * facts, a parallel restore before the build, and a save after it (post step on GitHub, end of
 * run in the CLI) that prunes GOCACHE to what this run used and uploads only what changed.
 */
import * as path from 'node:path';
import type { GoArch, GoOS } from '../host.js';
import { errorMessage } from '../errors.js';
import { dirSize, exists } from '../system/fs.js';
import { ownRoot } from '../system/confine.js';
import { logSize, seconds } from '../system/format.js';
import type { CacheBackend, CacheLog } from './backend.js';
import type { CacheInputs } from './inputs.js';
import { saveDecision, type SaveDecision, type StrictRestore } from './policy.js';
import { type BuildFacts, buildKeys, classifyMatch, type KeySet, type LayerResult, modulesKeys } from './keys.js';
import { freshWork, markRestored, planPrune, pruneGoCache, readManifest, scanGoCache, writeManifest } from './prune.js';
import { decideModules, goModVendor, verifyModules, type ModulesDecision } from './vendor.js';

export type LayerName = 'modules' | 'build';

export interface LayerPlan {
  name: LayerName;
  keys: KeySet;
  /** Absolute paths the layer holds. */
  paths: string[];
  /** Why this layer is neither restored nor saved this run (undefined: it is). */
  skip?: string;
}

export interface CachePlan {
  enabled: boolean;
  save: boolean;
  /** Why this run saves or not (cache-save, the event). */
  saveWhy: string;
  /** GOCACHE belongs to this job or to this action: the save may prune it (see policy.ts goCachePlacement). */
  gocacheOwned: boolean;
  gocacheWhy: string;
  modules: ModulesDecision;
  layers: LayerPlan[];
  /** Strict restore (policy.ts strictRestore): run `go mod verify` on a restored module cache before the build. */
  verifyModules?: string;
}

export interface PlanFacts {
  inputs: CacheInputs;
  workDir: string;
  os: GoOS;
  arch: GoArch;
  goVersion: string;
  fyneVersion?: string | null;
  targets: string[];
  flags: BuildFacts['flags'];
  goSumHash: string;
  runStamp: string;
  gocache: string;
  gomodcache: string;
  /** vendor/modules.txt exists before anything is restored. */
  vendorPresent: boolean;
  /** saveDecision() for this run; default: decided from inputs.save alone (no event). */
  save?: SaveDecision;
  /** goCachePlacement().owned; default false: a GOCACHE nobody vouched for is never pruned. */
  gocacheOwner?: { owned: boolean; why: string };
  /**
   * The cache store is a folder on this machine (the CLI's local backend). A GOCACHE that is not
   * ours then persists between runs as it is: copying it into the store would only duplicate it.
   */
  localStore?: boolean;
  /** policy.ts strictRestore(): a tag or signing build restores exact keys only, skips the build layer, verifies modules. */
  strict?: StrictRestore;
}

/** Why the build layer is skipped, when GOCACHE persists without it (the user's, beside a local store). */
export function buildLayerSkip(f: Pick<PlanFacts, 'localStore'>, owner: { owned: boolean; why: string }): string | undefined {
  if (!f.localStore || owner.owned) return undefined;
  return `${owner.why}; it stays on this machine between runs, so it is neither restored from nor copied into the local cache store`;
}

/** Pure: the layers, keys and paths for this run. */
export function planLayers(f: PlanFacts): CachePlan {
  const modules = decideModules(f.inputs.modules, f.vendorPresent);
  const save = f.save ?? saveDecision(f.inputs.save, {});
  const owner = f.gocacheOwner ?? { owned: false, why: 'GOCACHE ownership unknown: never pruned' };
  const common = { saveWhy: save.why, gocacheOwned: owner.owned, gocacheWhy: owner.why };
  if (!f.inputs.enabled) return { enabled: false, save: false, ...common, modules, layers: [] };
  const strict = f.strict?.strict ? f.strict.why : undefined;
  const layers: LayerPlan[] = [];
  if (modules.form !== 'none') {
    const keys = modulesKeys(f.inputs.keyPrefix, modules.form, f.os, f.goSumHash);
    layers.push({
      name: 'modules',
      // Strict: the exact go.sum hash only, never another go.sum's modules.
      keys: strict ? { ...keys, restoreKeys: [] } : keys,
      paths: [modules.form === 'vendor' ? path.resolve(f.workDir, 'vendor') : path.resolve(f.gomodcache)],
      // go mod verify cannot check a vendor/ folder: a strict run makes its own with go mod vendor.
      skip: strict && modules.form === 'vendor' ? `${strict}: vendor/ is made with go mod vendor, not restored from a cache` : undefined,
    });
  }
  const buildKeySet = buildKeys(f.inputs.keyPrefix, {
    os: f.os,
    arch: f.arch,
    goVersion: f.goVersion,
    fyneVersion: f.fyneVersion,
    targets: f.targets,
    // -mod=vendor compiles vendored packages under other paths than the module cache's.
    flags: modules.buildFlags.length ? { ...f.flags, 'modules:flags': modules.buildFlags } : f.flags,
    goSumHash: f.goSumHash,
    runStamp: f.runStamp,
  });
  layers.push({
    name: 'build',
    // Strict: no restore-keys at all (the exact key carries this run's stamp, so the layer is skipped below).
    keys: strict ? { ...buildKeySet, restoreKeys: [] } : buildKeySet,
    paths: [path.resolve(f.gocache)],
    skip:
      buildLayerSkip(f, owner) ??
      (strict
        ? `${strict}: the build cache is not restored, since go reuses a GOCACHE entry without re-checking it and only another run's entry could match; built cold`
        : undefined),
  });
  const verify = strict && modules.form === 'mod' ? strict : undefined;
  return { enabled: true, save: save.save, ...common, modules, layers, ...(verify ? { verifyModules: verify } : {}) };
}

export interface LayerState {
  name: LayerName;
  key: string;
  restoreKeys: string[];
  hitPrefix: string;
  paths: string[];
  matchedKey?: string;
  result: LayerResult;
  /** Not restored and not saved this run, and why (LayerPlan.skip). */
  skipped?: string;
  failure?: string;
  /** Bytes on disk after restore. */
  sizeBytes: number;
  ms: number;
}

/** Everything post needs: JSON-serialisable, carry it with saveState('cache', JSON.stringify(state)). */
export interface CacheState {
  v: 1;
  enabled: boolean;
  save: boolean;
  /** Why the save runs or not, for the post step's log. */
  saveWhy?: string;
  /** Whether the save may prune GOCACHE (decided once, in main: policy.ts goCachePlacement). */
  gocacheOwned: boolean;
  gocacheWhy?: string;
  backend: CacheBackend['name'];
  modulesForm: ModulesDecision['form'];
  /** Flags the build must add (e.g. -mod=vendor). */
  buildFlags: string[];
  layers: LayerState[];
  /** Build layer: the mark set after restore, and the file listing the restored entries. */
  markMs?: number;
  manifest?: string;
}

export interface RestoreOptions {
  workDir: string;
  /** Where the restored-entries list is kept until the save (RUNNER_TEMP survives into post). */
  stateDir: string;
  env: NodeJS.ProcessEnv;
  goBin?: string;
  now?: () => number;
}

/** Restores every layer in parallel, then prepares GOCACHE for pruning and vendors on a vendor miss. */
export async function restoreLayers(plan: CachePlan, backend: CacheBackend, log: CacheLog, o: RestoreOptions): Promise<CacheState> {
  const now = o.now ?? Date.now;
  const state: CacheState = {
    v: 1,
    enabled: plan.enabled,
    save: plan.save,
    saveWhy: plan.saveWhy,
    gocacheOwned: plan.gocacheOwned,
    gocacheWhy: plan.gocacheWhy,
    backend: backend.name,
    modulesForm: plan.modules.form,
    buildFlags: plan.modules.buildFlags,
    layers: [],
  };
  log.info(plan.modules.note);
  if (!plan.enabled) {
    log.info('cache: off (input cache: false)');
    return state;
  }
  // The folders the layers restore into are the action's to replace: GOCACHE, GOMODCACHE, and in
  // the vendor form an untracked vendor/ that go mod vendor would make anyway.
  for (const l of plan.layers) if (l.skip === undefined) for (const p of l.paths) ownRoot(p);
  state.layers = await Promise.all(
    plan.layers.map(async (l): Promise<LayerState> => {
      if (l.skip !== undefined) {
        log.info(`cache ${l.name}: skipped (${l.skip}); key ${l.keys.key}`);
        const { key, restoreKeys, hitPrefix } = l.keys;
        return { name: l.name, key, restoreKeys, hitPrefix, paths: l.paths, result: 'miss', skipped: l.skip, sizeBytes: 0, ms: 0 };
      }
      const t0 = now();
      const r = await backend.restore(l.paths, l.keys.key, l.keys.restoreKeys);
      const ls: LayerState = {
        name: l.name,
        key: l.keys.key,
        restoreKeys: l.keys.restoreKeys,
        hitPrefix: l.keys.hitPrefix,
        paths: l.paths,
        matchedKey: r.matchedKey,
        result: classifyMatch(l.keys, r.matchedKey),
        failure: r.failure,
        sizeBytes: 0,
        ms: 0,
      };
      if (l.name === 'build') {
        const m = await markRestored(l.paths[0], now);
        state.markMs = m.markMs;
        state.manifest = path.join(o.stateDir, `go-fyne-action-gocache-${process.pid}-${m.markMs}.txt`);
        await writeManifest(state.manifest, m.restored);
        ls.sizeBytes = m.bytes;
      } else if (ls.matchedKey) {
        ls.sizeBytes = await dirSize(l.paths[0]);
      }
      ls.ms = now() - t0;
      log.info(`cache ${l.name}: ${ls.result}; key ${ls.key}; matched ${ls.matchedKey ?? '(none)'}; ${logSize(ls.sizeBytes)} in ${seconds(ls.ms)}`);
      return ls;
    }),
  );
  const mods = state.layers.find((l) => l.name === 'modules');
  if (plan.verifyModules !== undefined && mods?.matchedKey) {
    // After the restore, before any build: a module cache that fails go mod verify is removed
    // (never used) and the build downloads modules afresh, checked against go.sum by go itself.
    const v = await verifyModules(o.workDir, mods.paths[0], o.env, o.goBin);
    if (v.ok) log.info(`cache modules: go mod verify passed (${plan.verifyModules})`);
    else {
      mods.result = 'miss';
      mods.failure = `go mod verify failed on the restored module cache (${v.reason}); removed it, modules are downloaded afresh`;
      mods.sizeBytes = 0;
      log.warning(`cache modules: ${mods.failure}`);
    }
  }
  if (plan.modules.form === 'vendor' && mods && mods.result !== 'hit') {
    log.info(`cache modules: ${mods.result === 'miss' ? 'miss' : 'older vendor/ restored'}; running go mod vendor`);
    await goModVendor(o.workDir, o.env, o.goBin);
  }
  return state;
}

export interface SaveReport {
  name: LayerName;
  action: 'saved' | 'exists' | 'skipped' | 'failed';
  reason: string;
  key: string;
  sizeBytes: number;
  ms: number;
  /** Build layer: what the prune removed and kept (nothing removed when GOCACHE is not this action's to prune), and the entries this run compiled. */
  prune?: { pruned: boolean; removedEntries: number; removedBytes: number; keptEntries: number; newEntries: number };
}

export interface SaveOptions {
  /** Prune GOCACHE to this run's working set (default: state.gocacheOwned). Only for a GOCACHE the action owns. */
  prune?: boolean;
  now?: () => number;
}

/** Saves the layers that changed; never throws for cache trouble. */
export async function saveLayers(state: CacheState, backend: CacheBackend, log: CacheLog, o: SaveOptions = {}): Promise<SaveReport[]> {
  const now = o.now ?? Date.now;
  const prune = o.prune ?? state.gocacheOwned;
  const out: SaveReport[] = [];
  for (const l of state.layers) {
    const t0 = now();
    const rep: SaveReport = { name: l.name, action: 'skipped', reason: '', key: l.key, sizeBytes: 0, ms: 0 };
    try {
      if (l.skipped !== undefined) rep.reason = l.skipped;
      else if (!state.save) rep.reason = state.saveWhy ?? 'cache-save is false';
      else if (!(await Promise.all(l.paths.map(exists))).every(Boolean)) {
        rep.reason = `nothing to save (${l.paths.join(', ')} missing)`;
      } else if (l.name === 'modules') {
        if (l.matchedKey === l.key) rep.reason = 'exact key was restored; unchanged';
        else await upload(l, rep);
      } else {
        const restored = state.manifest ? await readManifest(state.manifest) : undefined;
        const markMs = state.markMs ?? 0;
        let fresh: number;
        if (!prune) {
          log.info(`cache build: not pruned (${state.gocacheWhy ?? "GOCACHE is not this action's"})`);
          const entries = await scanGoCache(l.paths[0]);
          fresh = (await freshWork(l.paths[0], entries, planPrune(entries, markMs, restored).fresh)).length;
          rep.prune = { pruned: false, removedEntries: 0, removedBytes: 0, keptEntries: entries.length, newEntries: fresh };
        } else {
          const pr = await pruneGoCache(l.paths[0], markMs, restored);
          fresh = pr.freshWork.length;
          rep.prune = { pruned: true, removedEntries: pr.removedCount, removedBytes: pr.removedBytes, keptEntries: pr.keep.length, newEntries: fresh };
          log.info(`cache build: pruned ${pr.removedCount} entries (${logSize(pr.removedBytes)}) this run did not use; kept ${pr.keep.length}`);
        }
        if (fresh === 0) rep.reason = 'nothing new compiled';
        else {
          log.info(`cache build: ${fresh} new entries`);
          await upload(l, rep);
        }
      }
    } catch (err) {
      rep.action = 'failed';
      rep.reason = errorMessage(err);
      log.warning(`cache ${l.name}: not saved: ${rep.reason}`);
    }
    rep.ms = now() - t0;
    log.info(`cache ${l.name}: ${rep.action}${rep.reason ? ` (${rep.reason})` : ''}; key ${l.key}; ${logSize(rep.sizeBytes)} in ${seconds(rep.ms)}`);
    out.push(rep);
  }
  return out;

  async function upload(l: LayerState, rep: SaveReport) {
    rep.sizeBytes = (await Promise.all(l.paths.map(dirSize))).reduce((a, b) => a + b, 0);
    const r = await backend.save(l.paths, l.key);
    rep.action = r.status;
    rep.reason = r.message ?? '';
  }
}

/** How a layer's restore went, as the summary and the run report show it. */
export type LayerOutcome = LayerResult | 'error' | 'skipped';

/** The one rule: skipped (neither restored nor saved), else error (the restore failed), else the key match. */
export function layerOutcome(l: Pick<LayerState, 'result' | 'skipped' | 'failure'>): LayerOutcome {
  if (l.skipped !== undefined) return 'skipped';
  return l.failure ? 'error' : l.result;
}

/**
 * Action outputs: cache-hit (every layer restored this run hit its key; a skipped layer is not
 * one) and cache-matched-keys (JSON layer -> key).
 */
export function cacheOutputs(state: CacheState): { 'cache-hit': string; 'cache-matched-keys': string } {
  const restored = state.layers.filter((l) => l.skipped === undefined);
  const hit = restored.length > 0 && restored.every((l) => l.result === 'hit');
  const matched: Record<string, string> = {};
  for (const l of state.layers) matched[l.name] = l.matchedKey ?? '';
  return { 'cache-hit': String(hit), 'cache-matched-keys': JSON.stringify(matched) };
}
