/**
 * Layered Go caches: modules (GOMODCACHE or vendor/) and build (GOCACHE), keyed per target.
 *
 *   const inputs = parseCacheInputs(rt.input);
 *   const facts  = await gatherCacheFacts(workDir, inputs);              // go.sum hash, vendor/
 *   const plan   = planLayers({ inputs, ...facts, os, arch, goVersion, fyneVersion, targets, flags,
 *                               runStamp: runStamp(rt.env, new Date()), gocache, gomodcache, workDir });
 *   const state  = await restoreLayers(plan, backend, rt, { workDir, stateDir: rt.tempDir, env: rt.env });
 *   ... build (add state.buildFlags) ...; rt.saveState('cache', JSON.stringify(state));
 *   post:  await saveLayers(JSON.parse(rt.getState('cache')), backend, rt);
 */
import { hashGoSums } from './keys.js';
import type { CacheInputs } from './inputs.js';
import { readGoSums, resolveGoSumFiles, vendorPresent } from './vendor.js';

export * from './keys.js';
export * from './inputs.js';
export * from './backend.js';
export * from './layers.js';
export * from './policy.js';
export { planPrune, pruneGoCache, markRestored, scanGoCache, BACKDATE_MS } from './prune.js';
export { decideModules, resolveGoSumFiles, goModVendor } from './vendor.js';
export { LocalBackend, pickEntry } from './local-backend.js';

/** The I/O facts keys need: the go.sum files and their hash, and whether vendor/ is committed. */
export async function gatherCacheFacts(
  workDir: string,
  inputs: Pick<CacheInputs, 'dependencyPaths'>,
): Promise<{ goSumFiles: string[]; goSumHash: string; vendorPresent: boolean }> {
  const goSumFiles = await resolveGoSumFiles(workDir, inputs.dependencyPaths);
  const goSumHash = hashGoSums(await readGoSums(workDir, goSumFiles));
  return { goSumFiles, goSumHash, vendorPresent: await vendorPresent(workDir) };
}
