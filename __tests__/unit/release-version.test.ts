/**
 * The run's ONE release version (src/release/version.ts) over every combination of its sources,
 * and how each format maps that one value: the compiled-in metadata (the build plan), Windows'
 * numeric version resource, dpkg/rpm, the fyne tool / Info.plist, the Authenticode description.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { parseFyneAppToml } from '../../src/compile/fyne.js';
import { METADATA_FILE } from '../../src/compile/metadata.js';
import { planBuilds, type ProjectInfo } from '../../src/compile/plan.js';
import { detectVersion, resolveVersion, type VersionSources } from '../../src/release/version.js';
import { combinedVersion, versionInfoConfig } from '../../src/release/windows-resource.js';
import { packageVersion } from '../../src/package/linux.js';
import { fyneAppVersion, truthfulInfoPlist } from '../../src/release/fyne-package.js';
import { signatureDescription } from '../../src/sign/authenticode.js';
import { buildInputs } from '../helpers/build-inputs.js';

const INPUT = '9.0.0-beta.1';
const TAG = 'refs/tags/v2.3.4';
const TOML_V = '1.2.3';
const SHA = 'ABCDEF0123456789abcdef0123456789abcdef01';
const GIT = '1a2b3c4';

describe('precedence: the app-version input, else the tag, else FyneApp.toml, else the commit, else dev', () => {
  // Every subset of the five sources: the first present in precedence order decides.
  const sources = ['input', 'tag', 'fyneapp', 'sha', 'git'] as const;
  const cases: [string, VersionSources, string, string][] = [];
  for (let mask = 0; mask < 1 << sources.length; mask++) {
    const on = (s: (typeof sources)[number]) => (mask & (1 << sources.indexOf(s))) !== 0;
    const src: VersionSources = {
      input: on('input') ? INPUT : '',
      ref: on('tag') ? TAG : 'refs/heads/main',
      fyneApp: on('fyneapp') ? TOML_V : undefined,
      sha: on('sha') ? SHA : undefined,
      gitShortSha: on('git') ? GIT : undefined,
    };
    const first = sources.find(on) ?? 'none';
    const want = { input: INPUT, tag: '2.3.4', fyneapp: TOML_V, sha: 'abcdef0', git: GIT, none: 'dev' }[first];
    cases.push([sources.filter(on).join('+') || 'nothing', src, want, first]);
  }
  test.each(cases)('%s', (_name, src, version, source) => {
    expect(resolveVersion(src)).toEqual({ version, source });
  });

  test('a tag build whose FyneApp.toml was not bumped: the tag wins, v stripped', () => {
    expect(resolveVersion({ input: '', ref: 'refs/tags/v2.3.4', sha: SHA, fyneApp: '1.2.3' })).toEqual({ version: '2.3.4', source: 'tag' });
  });
  test('the input is used as written (no v stripped); blank values count as unset', () => {
    expect(resolveVersion({ input: 'v9.9.9', ref: TAG, fyneApp: '1.2.3' })).toEqual({ version: 'v9.9.9', source: 'input' });
    expect(resolveVersion({ input: '  ', ref: 'refs/heads/x', fyneApp: ' ', sha: SHA })).toEqual({ version: 'abcdef0', source: 'sha' });
  });
  test('a FyneApp.toml version that cannot be a file name part is refused with one line naming the field', () => {
    expect(() => resolveVersion({ input: '', fyneApp: '1.0/../x' })).toThrow(UserError);
    expect(() => resolveVersion({ input: '', fyneApp: '1.0/../x' })).toThrow(
      /^FyneApp\.toml: Details\.Version "1\.0\/\.\.\/x" cannot be used in a file name; /,
    );
    // ... but not when a source above it decides
    expect(resolveVersion({ input: '', ref: TAG, fyneApp: '1.0/../x' }).version).toBe('2.3.4');
  });
  test('detectVersion asks git only when nothing else decides; FyneApp.toml comes before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'version-git-'));
    try {
      execFileSync('git', ['init', '-q', dir]);
      writeFileSync(join(dir, 'f'), 'x');
      execFileSync('git', ['-C', dir, 'add', 'f']);
      execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'x']);
      const short = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
      expect(await detectVersion('', {}, dir)).toEqual({ version: short, source: 'git' });
      expect(await detectVersion('', {}, dir, '1.2.3')).toEqual({ version: '1.2.3', source: 'fyneapp' });
      expect(await detectVersion('', { GITHUB_REF: TAG }, dir, '1.2.3')).toEqual({ version: '2.3.4', source: 'tag' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the one version reaches every format', () => {
  const TOML = parseFyneAppToml('[Details]\nName = "Hello Fyne"\nID = "io.example.hello"\nVersion = "1.2.3"\nBuild = 4\n');
  const FYNE: ProjectInfo = { workDir: '/src/app', packageDir: '/src/app', modulePath: 'example.com/hello', fyneVersion: 'v2.7.1', fyneApp: TOML };
  const ctx = { host: { os: 'linux', arch: 'amd64' }, env: {}, scratchDir: '/tmp/s' } as const;

  test("compiled-in metadata: the plan compiles the release version, not FyneApp.toml's", () => {
    const set = planBuilds(buildInputs({ targets: [{ os: 'linux', arch: 'amd64' }] }), FYNE, { ...ctx, version: '2.3.4' });
    expect(set.version).toBe('2.3.4');
    expect(set.metadata?.version).toBe('2.3.4');
    const src = set.files.find((f) => f.path.endsWith(METADATA_FILE))!.content;
    expect(src).toContain('Version: "2.3.4",');
    expect(src).not.toContain('1.2.3');
    // without a release version (a caller that has none): FyneApp.toml's
    expect(planBuilds(buildInputs({ targets: [{ os: 'linux', arch: 'amd64' }] }), FYNE, ctx).metadata?.version).toBe('1.2.3');
  });

  test.each([
    // version, Windows numeric (build 4), deb/rpm upstream, fyne/Info.plist short version
    ['2.3.4', '2.3.4.4', '2.3.4', '2.3.4'],
    ['v2.3.4', '2.3.4.4', '2.3.4', '2.3.4'],
    ['2.3.4-rc.1', '2.3.4.4', '2.3.4~rc.1', '2.3.4'],
    ['2.3', '2.3.0.4', '2.3', '2.3'],
    ['70000.1.2', '65535.1.2.4', '70000.1.2', '70000.1.2'],
    ['abcdef0', '0.0.0.4', '0~abcdef0', undefined],
    ['dev', '0.0.0.4', '0~dev', undefined],
  ])('%s -> Windows %s, deb/rpm %s, Info.plist %s', (v, win, pkg, short) => {
    expect(combinedVersion(v, 4)).toBe(win);
    expect(packageVersion(v)).toBe(pkg);
    expect(fyneAppVersion(v)).toBe(short);
  });

  test('Windows: numeric FileVersion/ProductVersion, the ProductVersion string as written', () => {
    const c = versionInfoConfig({
      appName: 'Hello',
      version: combinedVersion('2.3.4-rc.1', 4),
      productVersion: '2.3.4-rc.1',
      iconPath: 'i',
      manifestPath: 'm',
    }) as {
      FixedFileInfo: { FileVersion: object; ProductVersion: object };
      StringFileInfo: Record<string, string>;
    };
    expect(c.FixedFileInfo.FileVersion).toEqual({ Major: 2, Minor: 3, Patch: 4, Build: 4 });
    expect(c.FixedFileInfo.ProductVersion).toEqual({ Major: 2, Minor: 3, Patch: 4, Build: 4 });
    expect(c.StringFileInfo).toMatchObject({ ProductVersion: '2.3.4-rc.1', FileVersion: '2.3.4.4' });
  });

  test('Authenticode description: "<App> <version>", the version not repeated', () => {
    expect(signatureDescription('Hello Fyne', '2.3.4')).toBe('Hello Fyne 2.3.4');
    expect(signatureDescription('Hello Fyne 2.3.4', '2.3.4')).toBe('Hello Fyne 2.3.4');
    expect(signatureDescription('Hello', '')).toBe('Hello');
    expect(signatureDescription(undefined, '2.3.4')).toBe('2.3.4');
    expect(signatureDescription(undefined, undefined)).toBeUndefined();
  });

  test('Info.plist: LSMinimumSystemVersion is macos-min-version, the short version the release, empty values left out', () => {
    const fromTool = {
      CFBundleName: 'Hello',
      CFBundleIdentifier: '',
      CFBundleShortVersionString: '1.2.3',
      CFBundleVersion: '4',
      LSApplicationCategoryType: 'public.app-category.',
      LSMinimumSystemVersion: '10.11',
      NSHighResolutionCapable: true,
      CFBundleSupportedPlatforms: ['MacOSX'],
    };
    expect(truthfulInfoPlist(fromTool, { macosMinVersion: '11.0', version: '2.3.4-rc.1' })).toEqual({
      CFBundleName: 'Hello',
      CFBundleShortVersionString: '2.3.4',
      CFBundleVersion: '4',
      LSMinimumSystemVersion: '11.0',
      NSHighResolutionCapable: true,
      CFBundleSupportedPlatforms: ['MacOSX'],
    });
    expect(truthfulInfoPlist({ LSApplicationCategoryType: 'public.app-category.games' }, {})).toEqual({
      LSApplicationCategoryType: 'public.app-category.games',
    });
  });
});
