/** The one name validator (src/system/names.ts): what may become a file name or package field. */
import { aliasKey, checkInputName, checkName, checkRelPath, findOverlap, nameProblem, quote } from '../../src/system/names.js';

describe('names', () => {
  it.each(['Hello Fyne', 'hello', 'Привет', 'app_1.2-x', 'Hello.app', 'go-fyne-action_1.2.3_linux_amd64.tar.gz'])('accepts the file name %j', (n) => {
    expect(nameProblem(n)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['../../escape/pwn', /path separator/],
    ['..', /relative folder/],
    ['.', /relative folder/],
    ['a\nb', /control character/],
    ['x\n::warning title=X::pwned', /control character/],
    ['a\rb', /control character/],
    ['a\u2028b', /control character/],
    ['a\0', /control character/],
    ['-rf', /starts with -/],
    ['a:b', /Windows cannot store/],
    ['a|b', /Windows cannot store/],
    ['CON', /reserved device name/],
    ['nul.txt', /reserved device name/],
    ['name.', /ends in a dot/],
    ['name ', /ends in a dot or a space/],
    [' name', /starts with a space/],
    ['a\\b', /path separator/],
    ['x'.repeat(201), /longer than 200 bytes/],
  ])('refuses the file name %j', (n, why) => {
    expect(nameProblem(n)).toMatch(why);
    expect(() => checkName(n, 'FyneApp.toml Details.Name')).toThrow(/^FyneApp\.toml Details\.Name: .*; use a plain file name/);
  });

  it.each(['1.2.3', '1.2.3-rc.1', 'v1', '0.0.0+build.5', '1.0~beta'])('accepts the version %j', (v) => {
    expect(nameProblem(v, 'version')).toBeUndefined();
  });

  it.each(['1.2.3/../x', '/../', 'a b', '1.0;rm -rf', '-1', '.1', '1.2\n3', '$(id)'])('refuses the version %j', (v) => {
    expect(nameProblem(v, 'version')).toBeDefined();
    expect(() => checkInputName('app-version', v, 'version')).toThrow(/^input "app-version": /);
  });

  it('keeps error lines to one line, whatever the value holds', () => {
    try {
      checkName('a\n::error::x', 'manifest a.json: name');
      throw new Error('accepted');
    } catch (e) {
      expect((e as Error).message.split('\n')).toHaveLength(1);
    }
  });

  it('normalises to NFC', () => {
    expect(checkName('Cafe\u0301', 'x')).toBe('Caf\u00e9');
  });

  it('checks relative paths part by part', () => {
    expect(checkRelPath('Hello.app/Contents/MacOS/hello', 'x')).toBe('Hello.app/Contents/MacOS/hello');
    expect(() => checkRelPath('a/../b', 'manifest: files[0]')).toThrow(/^manifest: files\[0\]: "a\/\.\.\/b" has a part "\.\." that/);
    expect(() => checkRelPath('/etc/passwd', 'x')).toThrow(/part "" that is empty/);
    expect(() => checkRelPath('a//b', 'x')).toThrow(/empty/);
  });

  it('finds aliases by case and Unicode form, and nesting', () => {
    expect(aliasKey('Hello.APP')).toBe(aliasKey('hello.app'));
    expect(findOverlap(['Hello.app', 'hello.APP'])).toEqual(['Hello.app', 'hello.APP', 'alias']);
    expect(findOverlap(['Caf\u00e9.zip', 'Cafe\u0301.zip'])?.[2]).toBe('alias');
    expect(findOverlap(['Hello.app', 'Hello.app/Contents/MacOS/hello'])).toEqual(['Hello.app', 'Hello.app/Contents/MacOS/hello', 'nested']);
    expect(findOverlap(['hello.app', 'Hello.App/Contents/x'])?.[2]).toBe('nested');
    expect(findOverlap(['a', 'b', 'ab', 'a.b'])).toBeUndefined();
  });
});

describe('quote', () => {
  it('keeps a shown value on one visible line', () => {
    expect(quote('a\u2028b\u2029c\u0085d\u202ee')).toBe('"a\\u2028b\\u2029c\\u0085d\\u202ee"');
    expect(quote('a\nb')).toBe('"a\\nb"');
  });
});
