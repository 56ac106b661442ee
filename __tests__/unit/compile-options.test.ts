import { UserError } from '../../src/errors.js';
import { parseCC, parseLdflags, parseMacosMinVersion, parsePackage, parseTags } from '../../src/compile/options.js';

function msg(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error('no error');
}

test('empty values', () => {
  expect(parseTags([])).toEqual([]);
  expect(parseLdflags('')).toBe('');
  expect(parseCC('')).toEqual({});
});

test('values', () => {
  expect(parsePackage('./cmd/app')).toBe('./cmd/app');
  expect(parseTags(['wayland', 'no_emoji', 'release', 'wayland'])).toEqual(['wayland', 'no_emoji', 'release']);
  expect(parseLdflags('-X main.v=1\n  -extldflags "-static"\n')).toBe('-X main.v=1 -extldflags "-static"');
  expect(parseMacosMinVersion('10.15')).toBe('10.15');
  expect(parseCC('windows/amd64=x86_64-w64-mingw32-gcc, linux/arm64=zig cc -target aarch64-linux-gnu\nLinux/386 = i686-linux-gnu-gcc')).toEqual({
    'windows/amd64': 'x86_64-w64-mingw32-gcc',
    'linux/arm64': 'zig cc -target aarch64-linux-gnu',
    'linux/386': 'i686-linux-gnu-gcc',
  });
});

test('errors name the input, the value and what is accepted', () => {
  expect(msg(() => parseMacosMinVersion('eleven'))).toMatch(/^input "macos-min-version": "eleven" is not a macOS version/);
  expect(msg(() => parseCC('x86_64-w64-mingw32-gcc'))).toMatch(/^input "cc": "x86_64-w64-mingw32-gcc" is not an os\/arch=compiler entry/);
  expect(msg(() => parsePackage('./a ./b'))).toMatch(/^input "main-package"/);
  expect(msg(() => parseTags(['a;b']))).toMatch(/^input "build-tags": "a;b"/);
});
