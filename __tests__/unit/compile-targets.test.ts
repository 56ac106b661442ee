import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { UserError } from '../../src/errors.js';
import {
  buildmodeSupported,
  checkTargetsSupported,
  editDistance,
  internalLinkPieSupported,
  KNOWN_TARGETS,
  parseDistList,
  parseTargets,
  suggestTargets,
} from '../../src/compile/targets.js';

const GO = process.env['GO'] ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go');
const plain = execFileSync(GO, ['tool', 'dist', 'list'], { encoding: 'utf8' });
const json = execFileSync(GO, ['tool', 'dist', 'list', '-json'], { encoding: 'utf8' });
const dist = parseDistList(plain);

describe('parseDistList', () => {
  test('reads the plain and the -json output of the installed Go alike', () => {
    const fromJson = parseDistList(json);
    expect(dist.length).toBeGreaterThan(30);
    expect(fromJson.map((d) => `${d.os}/${d.arch}`)).toEqual(dist.map((d) => `${d.os}/${d.arch}`));
    expect(fromJson.find((d) => d.os === 'linux' && d.arch === 'amd64')?.cgo).toBe(true);
    expect(fromJson.find((d) => d.os === 'js' && d.arch === 'wasm')?.cgo).toBe(false);
  });
});

describe('parseTargets', () => {
  test('case-insensitive, duplicates dropped', () => {
    expect(parseTargets(['linux/amd64', 'windows/amd64', 'darwin/arm64', 'LINUX/AMD64', 'Windows/AMD64'], dist)).toEqual([
      { os: 'linux', arch: 'amd64' },
      { os: 'windows', arch: 'amd64' },
      { os: 'darwin', arch: 'arm64' },
    ]);
  });
  test('empty means no build', () => {
    expect(parseTargets([], dist)).toEqual([]);
  });
  test('checks against the plain output of go tool dist list', () => {
    expect(parseTargets(['linux/riscv64'], parseDistList(plain))).toEqual([{ os: 'linux', arch: 'riscv64' }]);
  });
  test.each([
    ['linux/amd46', 'linux/amd64'],
    ['lnux/arm64', 'linux/arm64'],
    ['macos/arm64', 'darwin/arm64'],
    ['darwin/aarch64', 'darwin/arm64'],
    ['windows/x86_64', 'windows/amd64'],
    ['windws/amd64', 'windows/amd64'],
  ])('a typo %s names the closest valid pair %s first', (typo, best) => {
    let err: unknown;
    try {
      parseTargets(['linux/amd64', typo], dist);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as Error).message;
    expect(msg).not.toContain('\n');
    expect(msg).toMatch(/^input "targets": /);
    expect(msg).toContain(JSON.stringify(typo));
    expect(msg).toContain(`closest: ${best}`);
    expect(suggestTargets(typo, dist)[0]).toBe(best);
  });
  test('a pair the Go does not know is rejected even when well-formed', () => {
    expect(() => parseTargets(['plan9/arm64'], dist)).toThrow(/closest: plan9\//);
  });
});

describe('the built-in list and the installed Go', () => {
  test("KNOWN_TARGETS is this Go's go tool dist list", () => {
    expect(KNOWN_TARGETS.map((d) => `${d.os}/${d.arch}`)).toEqual(dist.map((d) => `${d.os}/${d.arch}`));
  });
  test('a pair known in general but missing from the installed Go is refused after install, with suggestions', () => {
    const old = dist.filter((d) => d.os !== 'wasip1');
    expect(() => checkTargetsSupported([{ os: 'wasip1', arch: 'wasm' }], old, '1.20.0')).toThrow(
      /^input "targets": "wasip1\/wasm" is not a pair Go 1\.20\.0 can build .*; closest: /,
    );
    expect(() => checkTargetsSupported([{ os: 'linux', arch: 'amd64' }], old, '1.20.0')).not.toThrow();
  });
});

test('editDistance', () => {
  expect(editDistance('kitten', 'sitting')).toBe(3);
  expect(editDistance('', 'abc')).toBe(3);
  expect(editDistance('linux/amd64', 'linux/amd64')).toBe(0);
});

describe('buildmodeSupported (mirrors Go internal/platform)', () => {
  test.each([
    ['exe', 'js/wasm', true],
    ['pie', 'linux/amd64', true],
    ['pie', 'windows/arm64', true],
    ['pie', 'linux/mips', false],
    ['c-shared', 'darwin/arm64', true],
    ['c-shared', 'js/wasm', false],
    ['c-shared', 'linux/ppc64', false],
    ['c-archive', 'windows/arm64', true],
    ['c-archive', 'linux/mips64', false],
    ['c-archive', 'freebsd/arm64', false],
  ] as const)('%s on %s: %s', (mode, id, ok) => {
    const [os, arch] = id.split('/') as [string, string];
    expect(buildmodeSupported(mode, { os, arch })).toBe(ok);
  });
  test('internal PIE linking', () => {
    expect(internalLinkPieSupported({ os: 'linux', arch: 'amd64' })).toBe(true);
    expect(internalLinkPieSupported({ os: 'linux', arch: '386' })).toBe(false);
  });
});
