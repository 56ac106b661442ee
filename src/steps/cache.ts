/**
 * Caches: restore the modules and build layers before the build (main step), prune and save
 * them after it (post step, or the end of a CLI run). Cache trouble only ever warns.
 */
import { join } from 'node:path';
import type { Config } from '../config.js';
import { createBackend, gatherCacheFacts, runStamp } from '../cache/index.js';
import { cacheOutputs, planLayers, restoreLayers, saveLayers, type CacheState, type SaveReport } from '../cache/layers.js';
import { errorMessage } from '../errors.js';
import type { Runtime } from '../runtime.js';
import type { Toolchain } from '../toolchain/index.js';
import type { Planned } from './plan.js';
import { goEnv } from './go.js';

const STATE = 'cache';

function backendFor(rt: Runtime) {
  const localDir = rt.kind === 'local' ? join((rt as Runtime & { cacheRoot?: string }).cacheRoot ?? rt.toolCacheDir, 'cache') : undefined;
  return createBackend(rt.kind, rt, { localDir, env: rt.env });
}

/** Everything that changes compiled output, per target: the build layer's fingerprint. */
export function buildFlags(planned: Planned): Record<string, string> {
  if (!('set' in planned)) return {};
  const flags: Record<string, string> = {};
  for (const p of planned.set.plans) {
    const pick = ['CGO_ENABLED', 'CC', 'CXX', 'CGO_CFLAGS', 'CGO_CXXFLAGS', 'CGO_LDFLAGS', 'MACOSX_DEPLOYMENT_TARGET', 'PKG_CONFIG_PATH', 'PKG_CONFIG_LIBDIR'];
    for (const k of pick) if (p.env[k] !== undefined) flags[`${p.id}:${k}`] = p.env[k]!;
    flags[`${p.id}:args`] = p.argv.filter((a) => /^-(tags|trimpath|buildmode|race|gcflags|asmflags)/.test(a)).join(' ');
  }
  return flags;
}

export async function restoreCaches(rt: Runtime, config: Config, go: Toolchain, planned: Planned): Promise<CacheState | undefined> {
  if (!config.cache.enabled) {
    rt.info('skipped: cache is false');
    return undefined;
  }
  try {
    const env = await goEnv(go.goBin, ['GOCACHE', 'GOMODCACHE'], rt.env, config.workingDirectory);
    const facts = await gatherCacheFacts(config.workingDirectory, config.cache);
    const targets = 'set' in planned ? planned.set.plans.map((p) => p.id) : [];
    const plan = planLayers({
      inputs: config.cache,
      workDir: config.workingDirectory,
      os: rt.host.os,
      arch: rt.host.arch,
      goVersion: go.version.text,
      fyneVersion: planned.fyneVersion === 'none' ? null : planned.fyneVersion,
      targets,
      flags: buildFlags(planned),
      goSumHash: facts.goSumHash,
      runStamp: runStamp(rt.env, new Date()),
      gocache: env.GOCACHE!,
      gomodcache: env.GOMODCACHE!,
      vendorPresent: facts.vendorPresent,
    });
    const state = await restoreLayers(plan, backendFor(rt), rt, { workDir: config.workingDirectory, stateDir: rt.tempDir, env: rt.env, goBin: go.goBin });
    const out = cacheOutputs(state);
    rt.setOutput('cache-hit', out['cache-hit']);
    rt.setOutput('cache-matched-keys', out['cache-matched-keys']);
    rt.saveState(STATE, JSON.stringify(state));
    return state;
  } catch (err) {
    rt.warning(`cache restore failed, building cold: ${errorMessage(err)}`);
    return undefined;
  }
}

export async function saveCaches(rt: Runtime): Promise<SaveReport[]> {
  const raw = rt.getState(STATE);
  if (!raw) return [];
  try {
    const state = JSON.parse(raw) as CacheState;
    // The CLI uses the user's GOCACHE only when they set it; then it is theirs, not ours to prune.
    const prune = !(rt.kind === 'local' && rt.env.GO_FYNE_ACTION_USER_GOCACHE === '1');
    return await saveLayers(state, backendFor(rt), rt, { prune });
  } catch (err) {
    rt.warning(`cache save failed: ${errorMessage(err)}`);
    return [];
  }
}
