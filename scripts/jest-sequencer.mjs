// Test order for `npm test` (two workers): the suites on the critical path start first, so the
// long cgo builds overlap with everything else instead of starting last. Then jest's own order
// (failed first, then slowest from its cache, then largest file).
import Sequencer from '@jest/test-sequencer';

/**
 * Longest first, as measured on 2 cores with the shared test caches warm (scripts/fixtures.mjs
 * TEST_CACHE; issue 20 item 7): the README release workflow (three jobs and a fan-in), the cache
 * layers (a cold build per test that is about a cold cache), then the builds and packages. A
 * suite that waits (time-outs, retries) rather than computes goes early too, so its wait overlaps.
 */
const FIRST = [
  'integration/readme-release.test.ts',
  'integration/cache.test.ts',
  // new, not yet measured here: fresh Debian roots (debootstrap, apt-get), likely long
  'integration/fresh-runner.test.ts',
  'integration/system-packages.test.ts',
  'integration/one-version.test.ts',
  'unit/macho.test.ts',
  'integration/linux-packages.test.ts',
  'integration/fanin.test.ts',
  'integration/canary.test.ts',
  'unit/cache-github.test.ts',
  'integration/build.test.ts',
  'integration/cli-package.test.ts',
  'integration/release.test.ts',
  'unit/cache-prune.test.ts',
  'integration/build-pure.test.ts',
];

export default class CriticalPathFirst extends (Sequencer.default ?? Sequencer) {
  sort(tests) {
    const rank = (t) => {
      const i = FIRST.findIndex((f) => t.path.endsWith(f));
      return i < 0 ? FIRST.length : i;
    };
    const rest = super.sort(tests.filter((t) => rank(t) === FIRST.length));
    return [...tests.filter((t) => rank(t) < FIRST.length).sort((a, b) => rank(a) - rank(b)), ...rest];
  }
}
