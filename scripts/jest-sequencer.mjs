// Test order for `npm test` (two workers): the suites on the critical path start first, so the
// long cgo builds overlap with everything else instead of starting last. Then jest's own order
// (failed first, then slowest from its cache, then largest file).
import Sequencer from '@jest/test-sequencer';

/** Longest first: the Fyne builds (go-gl for linux and windows, then fyne package). */
const FIRST = ['integration/build.test.ts', 'integration/build-pure.test.ts', 'unit/macho.test.ts', 'integration/release.test.ts', 'integration/cache.test.ts'];

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
