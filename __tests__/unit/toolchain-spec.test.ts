import { readFileSync } from 'node:fs';
import { dlCandidates, parseDlIndex } from '../../src/toolchain/dl-index.js';
import { nearestVersions, parseVersionSpec, resolveSpec, satisfies, type Available } from '../../src/toolchain/spec.js';
import { compareGoVersions, fromToolCacheVersion, parseGoVersion, toolCacheVersion } from '../../src/toolchain/version.js';

const index = parseDlIndex(readFileSync(new URL('../fixtures/go-dl-index-2020.json', import.meta.url), 'utf8'));
const linux = dlCandidates(index, 'linux', 'amd64');
const resolve = (spec: string, avail: Available[] = linux) => resolveSpec(parseVersionSpec(spec), avail)?.text;

describe('Go versions', () => {
  test('parse the names the Go project uses, odd ones included', () => {
    expect(parseGoVersion('go1')).toMatchObject({ major: 1, minor: 0, patch: 0 });
    expect(parseGoVersion('go1.14rc1')).toMatchObject({ minor: 14, pre: { kind: 'rc', n: 1 } });
    expect(parseGoVersion('go1.9.2rc2')).toMatchObject({ minor: 9, patch: 2, pre: { kind: 'rc', n: 2 } });
    expect(parseGoVersion('1.2.3.4')).toBeUndefined();
    expect(parseGoVersion('go1.x')).toBeUndefined();
  });
  test('order prereleases before their release, beta before rc', () => {
    const order = ['go1.13beta1', 'go1.13rc1', 'go1.13rc2', 'go1.13', 'go1.13.1', 'go1.14rc1'].map((s) => parseGoVersion(s)!);
    const shuffled = [order[3], order[5], order[0], order[4], order[2], order[1]];
    expect(shuffled.sort(compareGoVersions).map((v) => v.text)).toEqual(['1.13beta1', '1.13rc1', '1.13rc2', '1.13', '1.13.1', '1.14rc1']);
  });
  test('tool cache names round-trip as setup-go and the runner images spell them', () => {
    for (const [go, tc] of [
      ['1.23.4', '1.23.4'],
      ['1.20', '1.20.0'],
      ['1.25rc1', '1.25.0-rc.1'],
      ['1.21.0', '1.21.0'],
      ['1.22beta1', '1.22.0-beta.1'],
    ]) {
      expect(toolCacheVersion(parseGoVersion(go)!)).toBe(tc);
      expect(fromToolCacheVersion(tc)!.text).toBe(go);
    }
  });
});

describe('resolution over the recorded go.dev index (2020)', () => {
  test('the fixture has the real shapes: 91 releases, installers and sources skipped', () => {
    expect(index).toHaveLength(91);
    expect(linux.every((c) => c.file.kind === 'archive' && c.file.filename.endsWith('.linux-amd64.tar.gz'))).toBe(true);
    expect(dlCandidates(index, 'windows', 'amd64').every((c) => c.file.filename.endsWith('.zip'))).toBe(true);
    expect(dlCandidates(index, 'darwin', 'arm64')).toHaveLength(0); // no Apple silicon builds in 2020
  });
  test('exact, minor line, ranges, x-ranges, aliases', () => {
    expect(resolve('1.13.7')).toBe('1.13.7');
    expect(resolve('go1.12.5')).toBe('1.12.5');
    expect(resolve('1.12')).toBe('1.12.16');
    expect(resolve('1.12.x')).toBe('1.12.16');
    expect(resolve('~1.11.3')).toBe('1.11.13');
    expect(resolve('^1.12')).toBe('1.13.7');
    expect(resolve('>=1.10 <1.12')).toBe('1.11.13');
    expect(resolve('1.9 - 1.10')).toBe('1.10.8');
    expect(resolve('1.8 || 1.6')).toBe('1.8.7');
    expect(resolve('stable')).toBe('1.13.7');
    expect(resolve('latest')).toBe('1.13.7');
    expect(resolve('oldstable')).toBe('1.12.16');
    expect(resolve('*')).toBe('1.13.7');
  });
  test('prereleases only when named exactly; ranges never pick them', () => {
    expect(resolve('1.14rc1')).toBe('1.14rc1');
    expect(resolve('>=1.13.7')).toBe('1.13.7');
    expect(resolve('1.14')).toBeUndefined();
  });
  test('unknown versions come with the nearest ones', () => {
    expect(resolve('1.13.99')).toBeUndefined();
    const near = nearestVersions(parseVersionSpec('1.13.99'), linux);
    expect(near).toContain('1.13.7');
    expect(near).toHaveLength(5);
    expect(nearestVersions(parseVersionSpec('1.12.99'), linux)).toContain('1.12.16');
  });
  test('satisfies: exact and ranges against tool-cache versions', () => {
    expect(satisfies(parseVersionSpec('1.23'), parseGoVersion('1.23.4')!)).toBe(true);
    expect(satisfies(parseVersionSpec('1.23'), parseGoVersion('1.24.0')!)).toBe(false);
    expect(satisfies(parseVersionSpec('^1.22'), parseGoVersion('1.25rc1')!)).toBe(false);
    expect(satisfies(parseVersionSpec('1.25rc1'), parseGoVersion('1.25rc1')!)).toBe(true);
  });
  test('bad specs are one-line errors naming the input', () => {
    for (const bad of ['', 'banana', '1.2.3.4', '>=1.2 <', 'go1.x.y']) {
      expect(() => parseVersionSpec(bad)).toThrow(/^input "go-version": .* use a version/);
    }
    expect(() => parseVersionSpec('^1.2rc1')).toThrow(/^input "go-version": "\^1\.2rc1" puts a prerelease in a range/);
  });
});

describe("setup-go's prerelease spelling (issue 21)", () => {
  const exact = (s: string) => {
    const spec = parseVersionSpec(s);
    return spec.kind === 'exact' ? spec.version.text : `not exact: ${spec.kind}`;
  };
  test('X.Y.Z-rc.N and X.Y.Z-beta.N name Go prereleases exactly, in Go spelling', () => {
    expect(exact('1.25.0-rc.1')).toBe('1.25rc1');
    expect(exact('1.25.0-beta.1')).toBe('1.25beta1');
    expect(exact('go1.24.0-rc.2')).toBe('1.24rc2');
    expect(exact('v1.23.0-beta.1')).toBe('1.23beta1');
    expect(exact('1.9.2-rc.2')).toBe('1.9.2rc2'); // Go once had patch prereleases: the patch stays
    expect(resolve('1.14.0-rc.1')).toBe('1.14rc1');
    expect(resolve('1.14.0-beta.1')).toBeUndefined(); // the 2020 index lists go1.14rc1 only
  });
  test('Go never writes 1.25.0rc1: it is read as 1.25rc1', () => {
    expect(exact('1.25.0rc1')).toBe('1.25rc1');
    expect(exact('go1.25rc1')).toBe('1.25rc1');
    expect(resolve('1.14.0rc1')).toBe('1.14rc1');
  });
  test('a prerelease inside a range is refused with the reason', () => {
    for (const bad of ['>=1.25.0-rc.1', '^1.25.0-beta.1', '1.24 || 1.25.0-rc.1']) {
      expect(() => parseVersionSpec(bad)).toThrow(/puts a prerelease in a range, and ranges never pick prereleases; name one prerelease exactly/);
    }
  });
  test('spellings neither Go nor setup-go document stay refused, and the line shows both accepted spellings', () => {
    for (const bad of ['1.25-rc.1', '1.25.0-rc1', '1.25.0-alpha.1', '1.25.0-rc.']) {
      expect(() => parseVersionSpec(bad)).toThrow(
        /^input "go-version": ".*" is not a version or range; use a version \(1\.23\.4, 1\.25rc1 or 1\.25\.0-rc\.1\)/,
      );
    }
  });
});
