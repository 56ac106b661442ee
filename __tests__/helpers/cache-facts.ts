/** PlanFacts for cache layer tests: one linux/amd64 target, the module cache form, folders under `dir`; `over` on top. */
import { join } from 'node:path';
import type { CacheInputs } from '../../src/cache/inputs.js';
import type { PlanFacts } from '../../src/cache/layers.js';

export function planFacts(dir: string, over: Partial<PlanFacts> = {}, inputs: Partial<CacheInputs> = {}): PlanFacts {
  return {
    inputs: { enabled: true, save: 'auto', dependencyPaths: [], keyPrefix: 'p', modules: 'modcache', ...inputs },
    workDir: dir,
    os: 'linux',
    arch: 'amd64',
    goVersion: '1.26.8',
    targets: ['linux/amd64'],
    flags: {},
    goSumHash: 'h',
    runStamp: '1-1',
    gocache: join(dir, 'gocache'),
    gomodcache: join(dir, 'mod'),
    vendorPresent: false,
    ...over,
  };
}
