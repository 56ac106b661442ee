/**
 * GOCACHE and GOMODCACHE placed before the first go command, on every build. Its own small module:
 * the pipeline needs it at start, and the cache restore/save code (steps/cache.ts: layers, the
 * system-packages layer, tar) is then loaded only when a run restores caches.
 */
import { goCachePlacement, type GoCachePlacement } from '../cache/policy.js';
import type { Runtime } from '../runtime.js';

/**
 * Points GOCACHE (and the CLI's GOMODCACHE) where policy.ts says, before the first go command.
 * Both doors call it (runMain); the result goes into the RunContext (ctx.gocaches), and the
 * restore records `owned` in the cache state, so the post step prunes only a GOCACHE this job or
 * this action owns.
 */
export function placeGoCaches(rt: Runtime, config: { cache: { enabled: boolean } }): GoCachePlacement {
  const placement = goCachePlacement({ env: rt.env, localCacheDir: rt.localCacheDir, cacheEnabled: config.cache.enabled });
  for (const [k, v] of Object.entries(placement.set)) if (v) rt.exportVariable(k, v);
  if (Object.keys(placement.set).length > 0 || (config.cache.enabled && !placement.owned)) rt.info(placement.why);
  return placement;
}
