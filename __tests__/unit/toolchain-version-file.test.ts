/** Go version files (src/toolchain/version-file.ts): go.mod, go.work, .go-version, .tool-versions. */
import { versionFromFile } from '../../src/toolchain/version-file.js';

describe('version files', () => {
  test('go.mod: the toolchain line wins over the go line; comments ignored', () => {
    expect(versionFromFile('/x/go.mod', 'module example.com/a\n\ngo 1.22 // min\n\ntoolchain go1.23.4\n')).toBe('1.23.4');
    expect(versionFromFile('/x/go.mod', 'module example.com/a\ngo 1.22.1\n')).toBe('1.22.1');
    expect(versionFromFile('/x/go.mod', 'module a\ngo 1.21\ntoolchain default\n')).toBe('1.21');
  });
  test('go.work the same way', () => {
    expect(versionFromFile('/x/go.work', 'go 1.23.0\n\nuse (\n\t./a\n)\ntoolchain go1.24.2\n')).toBe('1.24.2');
  });
  test('.go-version and .tool-versions', () => {
    expect(versionFromFile('/x/.go-version', '\n# pinned\ngo1.23.4\n')).toBe('1.23.4');
    expect(versionFromFile('/x/.go-version', '1.25rc1\n')).toBe('1.25rc1');
    expect(versionFromFile('/x/.tool-versions', 'nodejs 20.1.0\ngolang 1.23.4 1.22.0\n')).toBe('1.23.4');
    expect(versionFromFile('/x/.tool-versions', 'go 1.22.5\n')).toBe('1.22.5');
  });
  test('malformed files are one-line errors naming the input and the file', () => {
    const cases: [string, string, RegExp][] = [
      ['/x/go.mod', 'module a\n', /has neither a go nor a toolchain line/],
      ['/x/go.mod', 'module a\ngo banana\n', /"banana" in its go line/],
      ['/x/go.mod', 'module a\ngo 1.21\ntoolchain 1.23\n', /does not start with go/],
      ['/x/.go-version', '\n\n', /is empty/],
      ['/x/.go-version', '1.23 1.22\n', /expected a single version/],
      ['/x/.tool-versions', 'nodejs 20\n', /has no golang line/],
    ];
    for (const [p, text, re] of cases) {
      let msg = '';
      try {
        versionFromFile(p, text);
      } catch (e) {
        msg = (e as Error).message;
      }
      expect(msg).toMatch(re);
      expect(msg).toMatch(/^input "go-version-file": /);
      expect(msg).not.toContain('\n');
    }
  });
});
