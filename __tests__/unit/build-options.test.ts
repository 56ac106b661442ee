import { UserError } from '../../src/errors.js';
import {
  parseBuildmode, parseCC, parseCgo, parseInstallDeps, parseLdflags, parseMacosMinVersion, parseName, parseOutputDir, parsePackage,
  parseParallel, parseRelease, parseStrip, parseTags, parseTrimpath, parseWindowsSubsystem,
} from '../../src/build/options.js';

function msg(fn: () => unknown): string {
  try { fn(); } catch (e) { expect(e).toBeInstanceOf(UserError); expect((e as Error).message).not.toContain('\n'); return (e as Error).message; }
  throw new Error('no error');
}

test('defaults for empty input', () => {
  expect(parsePackage('')).toBe('.');
  expect(parseName('')).toBe('');
  expect(parseOutputDir('')).toBe('dist');
  expect(parseTags('')).toEqual([]);
  expect(parseLdflags('')).toBe('');
  expect(parseBuildmode('')).toBe('exe');
  expect([parseTrimpath(''), parseStrip(''), parseRelease('')]).toEqual([true, true, true]);
  expect([parseCgo(''), parseInstallDeps('')]).toEqual(['auto', 'auto']);
  expect(parseWindowsSubsystem('')).toBe('auto');
  expect(parseMacosMinVersion('')).toBe('11.0');
  expect(parseCC('')).toEqual({});
  expect(parseParallel('', 4)).toBe(4);
  expect(parseParallel('auto', 0)).toBe(1);
});

test('values', () => {
  expect(parseTags('wayland, no_emoji\nrelease wayland')).toEqual(['wayland', 'no_emoji', 'release']);
  expect(parseLdflags('-X main.v=1\n  -extldflags "-static"\n')).toBe('-X main.v=1 -extldflags "-static"');
  expect(parseBuildmode('C-Shared')).toBe('c-shared');
  expect(parseStrip('false')).toBe(false);
  expect(parseCgo('TRUE')).toBe('true');
  expect(parseWindowsSubsystem('console')).toBe('console');
  expect(parseMacosMinVersion('10.15')).toBe('10.15');
  expect(parseParallel('3', 2)).toBe(3);
  expect(parseCC('windows/amd64=x86_64-w64-mingw32-gcc, linux/arm64=zig cc -target aarch64-linux-gnu\nLinux/386 = i686-linux-gnu-gcc'))
    .toEqual({ 'windows/amd64': 'x86_64-w64-mingw32-gcc', 'linux/arm64': 'zig cc -target aarch64-linux-gnu', 'linux/386': 'i686-linux-gnu-gcc' });
});

test('errors name the input, the value and what is accepted', () => {
  expect(msg(() => parseBuildmode('plugin'))).toBe('input "buildmode": "plugin" is not a supported buildmode; use exe, pie, c-shared, c-archive');
  expect(msg(() => parseStrip('maybe'))).toBe('input "strip": "maybe" is not a boolean; use true or false');
  expect(msg(() => parseCgo('sometimes'))).toBe('input "cgo": "sometimes" is not valid; use auto, true or false');
  expect(msg(() => parseWindowsSubsystem('tui'))).toBe('input "windows-subsystem": "tui" is not valid; use gui or console');
  expect(msg(() => parseMacosMinVersion('eleven'))).toMatch(/^input "macos-min-version": "eleven" is not a macOS version/);
  expect(msg(() => parseParallel('0', 2))).toMatch(/^input "parallel": "0"/);
  expect(msg(() => parseCC('x86_64-w64-mingw32-gcc'))).toMatch(/^input "cc": "x86_64-w64-mingw32-gcc" is not an os\/arch=compiler entry/);
  expect(msg(() => parseName('a/b'))).toMatch(/^input "name": "a\/b" is not usable as a file name/);
  expect(msg(() => parsePackage('./a ./b'))).toMatch(/^input "package"/);
  expect(msg(() => parseTags('a;b'))).toMatch(/^input "tags": "a;b"/);
});
