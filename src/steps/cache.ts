/**
 * Caches: restore the modules and build layers before the build (main step), prune and save
 * them after it (post step, or the end of a CLI run). Cache trouble only ever warns.
 */
import { rm } from '../system/owned-fs.js';
import { RAN, type Step } from '../context.js';
import type { CacheBackend } from '../cache/backend.js';
import { gatherCacheFacts, runStamp } from '../cache/index.js';
import { cacheOutputs, planLayers, restoreLayers, saveLayers, type CacheState, type SaveReport } from '../cache/layers.js';
import { LocalBackend } from '../cache/local-backend.js';
import { localCacheLayout, saveDecision, strictRestore } from '../cache/policy.js';
import { errorMessage } from '../errors.js';
import type { Runtime } from '../runtime.js';
import { goEnv } from '../toolchain/go-command.js';
import { ownRoot } from '../system/confine.js';
import * as path from 'node:path';
import { saveSystemLayer, type SystemLayerState } from '../cache/system-layer.js';

const STATE = 'cache';
/** The system-packages layer's state (src/cache/system-layer.ts), from the System packages stage to the save. */
export const SYSPKG_STATE = 'syspkg';

/** Where the system-packages layer is staged: one fixed name, since GitHub's cache versions an entry by its paths. */
export function systemLayerDir(rt: Pick<Runtime, 'tempDir'>): string {
  return path.join(rt.tempDir, 'go-fyne-action-syspkg');
}

/**
 * The store under the local cache folder where there is one (the CLI), else GitHub's cache service.
 * The service client (@actions/cache and its HTTP stack) is imported only when a run uses it.
 */
export async function cacheBackend(rt: Runtime): Promise<CacheBackend> {
  if (rt.localCacheDir !== undefined) return new LocalBackend(localCacheLayout(rt.localCacheDir).store, rt);
  const { GitHubBackend } = await import('../cache/github-backend.js');
  return new GitHubBackend(rt);
}

/** Modules + GOCACHE, keyed per target and flags; the state goes to ctx.cache and to the post step. */
export const restoreCachesStep: Step = {
  name: 'Restore caches',
  run: async (ctx) => {
    const { rt, config, plan: planned, gocaches } = ctx;
    if (!config.cache.enabled) return { skipped: 'cache is false' };
    const go = ctx.go;
    if (!go) return { skipped: 'Go is not installed (the files were gathered, not built)' };
    if (!go.runnable) return { skipped: `${go.cannotRun ?? 'Go cannot run here'}: go env cannot run, so no cache is restored or saved` };
    try {
      const save = saveDecision(config.cache.save, rt.env);
      const strict = strictRestore(rt.env, config.signing.authenticode !== undefined);
      const env = await goEnv(go.goBin, ['GOCACHE', 'GOMODCACHE'], rt.env, config.workingDirectory);
      ownRoot(env.GOCACHE);
      ownRoot(env.GOMODCACHE);
      const facts = await gatherCacheFacts(config.workingDirectory, config.cache);
      const plan = planLayers({
        inputs: config.cache,
        workDir: config.workingDirectory,
        os: rt.host.os,
        arch: rt.host.arch,
        goVersion: go.version.text,
        fyneVersion: planned.fyneVersion === 'none' ? null : planned.fyneVersion,
        targets: 'set' in planned ? planned.set.plans.map((p) => p.id) : [],
        flags: 'set' in planned ? planned.set.fingerprint : {}, // the planner's, as is
        goSumHash: facts.goSumHash,
        runStamp: runStamp(rt.env, new Date()),
        gocache: env.GOCACHE,
        gomodcache: env.GOMODCACHE,
        vendorPresent: facts.vendorPresent,
        save,
        gocacheOwner: gocaches,
        localStore: rt.localCacheDir !== undefined, // a user's GOCACHE then persists without the store (layers.ts buildLayerSkip)
        strict,
      });
      if (!save.save) rt.info(`cache save: off (${save.why})`);
      if (strict.strict) rt.info(`cache: strict restore (${strict.why}): exact keys only, no build cache, modules checked with go mod verify`);
      const state = await restoreLayers(plan, await cacheBackend(rt), rt, {
        workDir: config.workingDirectory,
        stateDir: rt.tempDir,
        env: rt.env,
        goBin: go.goBin,
      });
      const out = cacheOutputs(state);
      rt.setOutput('cache-hit', out['cache-hit']);
      rt.setOutput('cache-matched-keys', out['cache-matched-keys']);
      rt.saveState(STATE, JSON.stringify(state));
      ctx.cache = state;
    } catch (err) {
      rt.warning(`cache restore failed, building cold: ${errorMessage(err)}`);
    }
    return RAN;
  },
};

export async function saveCaches(rt: Runtime): Promise<SaveReport[]> {
  await saveSystemPackages(rt);
  const raw = rt.getState(STATE);
  if (!raw) return [];
  let state: CacheState | undefined;
  try {
    state = JSON.parse(raw) as CacheState;
    return await saveLayers(state, await cacheBackend(rt), rt); // prunes only when state.gocacheOwned
  } catch (err) {
    rt.warning(`cache save failed: ${errorMessage(err)}`);
    return [];
  } finally {
    // The restored-entries list, kept in the temp folder from main until now.
    if (state?.manifest) await rm(state.manifest, { force: true }).catch(() => undefined);
  }
}

/** The system-packages layer this run recorded (if any), saved like the other layers; only ever warns. */
async function saveSystemPackages(rt: Runtime): Promise<void> {
  const raw = rt.getState(SYSPKG_STATE);
  if (!raw) return;
  try {
    await saveSystemLayer(JSON.parse(raw) as SystemLayerState, await cacheBackend(rt), rt);
  } catch (err) {
    rt.warning(`cache system packages: not saved: ${errorMessage(err)}`);
  }
}
