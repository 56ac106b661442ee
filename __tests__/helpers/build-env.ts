/**
 * Environment for integration tests that build: Go comes from the loopback mirror, modules from
 * the module cache scripts/fixtures.mjs filled (GOPROXY=off: no network), and one GOCACHE is
 * shared by the build tests so the cgo-heavy Fyne compile happens once per machine: TEST_GOCACHE,
 * in the user's cache, not the clone's .cache/, so a fresh clone builds warm like a developer's
 * second run (tests about a cold cache pass a folder of their own).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { ensureFixtures, prefetchModules, TEST_GOCACHE } from '../../scripts/fixtures.mjs';

export function offlineGoEnv(mirrorUrl: string, gocache = TEST_GOCACHE): Record<string, string> {
  ensureFixtures({ quiet: true });
  prefetchModules({ quiet: true });
  mkdirSync(gocache, { recursive: true });
  const gomodcache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  return {
    GO_DOWNLOAD_BASE_URL: mirrorUrl,
    GOPROXY: 'off',
    GOFLAGS: '-buildvcs=false',
    GOMODCACHE: gomodcache,
    GOCACHE: gocache,
  };
}
