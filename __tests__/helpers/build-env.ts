/**
 * Environment for integration tests that build: Go comes from the loopback mirror, modules from
 * the module cache scripts/fixtures.mjs filled (GOPROXY=off: no network), and one GOCACHE is
 * shared by the build tests so the cgo-heavy Fyne compile happens once per machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFixtures, prefetchModules } from '../../scripts/fixtures.mjs';
import { ROOT } from './runner.js';

export function offlineGoEnv(mirrorUrl: string, gocache = join(ROOT, '.cache', 'test-gocache')): Record<string, string> {
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
