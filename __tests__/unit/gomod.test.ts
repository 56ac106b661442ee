/** The go.mod / go.work reader: every form the three earlier parsers accepted, and the go.mod lookup. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findGoMod, parseGoMod, parseGoWork } from '../../src/gomod.js';

describe('go.mod', () => {
  const base = `module github.com/me/app // the app

go 1.24

require (
\tfyne.io/fyne/v2 v2.7.1
\tgithub.com/other/lib v1.0.0 // indirect
)
`;
  test('module, go, and a require block with comments', () => {
    const mod = parseGoMod(base);
    expect(mod.module).toBe('github.com/me/app');
    expect(mod.go).toBe('1.24');
    expect(mod.toolchain).toBeUndefined();
    expect([...mod.require]).toEqual([
      ['fyne.io/fyne/v2', 'v2.7.1'],
      ['github.com/other/lib', 'v1.0.0'],
    ]);
    expect(mod.replace).toEqual([]);
  });
  test('single-line require and replace; replace with and without versions', () => {
    const mod = parseGoMod(
      'module x\nrequire github.com/a/b v1.2.3\n' +
        'replace fyne.io/fyne/v2 => github.com/fork/fyne/v2 v2.7.2-0.20250101000000-abcdef123456\n' +
        'replace fyne.io/fyne/v2 v2.6.0 => ../fyne\n',
    );
    expect(mod.require.get('github.com/a/b')).toBe('v1.2.3');
    expect(mod.replace).toEqual([
      { path: 'fyne.io/fyne/v2', version: undefined, newPath: 'github.com/fork/fyne/v2', newVersion: 'v2.7.2-0.20250101000000-abcdef123456' },
      { path: 'fyne.io/fyne/v2', version: 'v2.6.0', newPath: '../fyne', newVersion: undefined },
    ]);
  });
  test('a replace block, "quoted" and `raw` paths, escapes in quotes', () => {
    const mod = parseGoMod(
      'module "example.com/q"\nreplace (\n\tgithub.com/x/y => ../y\n\t"fyne.io/fyne/v2" => `fyne.io/fyne/v2` v2.5.0\n\t"a\\"b" => "../a b"\n)\n',
    );
    expect(mod.module).toBe('example.com/q');
    expect(mod.replace).toEqual([
      { path: 'github.com/x/y', version: undefined, newPath: '../y', newVersion: undefined },
      { path: 'fyne.io/fyne/v2', version: undefined, newPath: 'fyne.io/fyne/v2', newVersion: 'v2.5.0' },
      { path: 'a"b', version: undefined, newPath: '../a b', newVersion: undefined },
    ]);
  });
  test('toolchain line; comments, CRLF line ends and indentation; the last line wins', () => {
    const mod = parseGoMod('// head comment\r\nmodule example.com/a\r\n\r\n  go 1.21 // min\r\ngo 1.22//x\r\ntoolchain go1.23.4\r\n');
    expect(mod).toMatchObject({ module: 'example.com/a', go: '1.22', toolchain: 'go1.23.4' });
    expect(parseGoMod('module a\ngo 1.21\ntoolchain default\n').toolchain).toBe('default');
  });
  test('a go or toolchain line with other than one argument is not one; a quoted one stays quoted', () => {
    expect(parseGoMod('module a\ngo 1.21 1.22\ntoolchain\n')).toMatchObject({ go: undefined, toolchain: undefined });
    expect(parseGoMod('module a\ngo "1.21"\n').go).toBe('"1.21"');
  });
  test('block forms the go command accepts: require( without a space, an empty block', () => {
    const mod = parseGoMod('module a\nrequire(\n\texample.com/b v1.0.0\n)\nrequire ()\nexclude (\n\texample.com/c v0.1.0\n)\n');
    expect([...mod.require]).toEqual([['example.com/b', 'v1.0.0']]);
  });
  test('lines inside other blocks are not directives', () => {
    const mod = parseGoMod('module a\ngo 1.22\nrequire (\n\tgo 1.10\n)\n');
    expect(mod.go).toBe('1.22');
  });
  test('odd whitespace (a lone CR, a form feed) is whitespace; malformed lines are skipped', () => {
    expect(parseGoMod('module a\r\r\ngo\f1.22\n').module).toBe('a');
    expect(parseGoMod('module a\ngo\f1.22\n').go).toBe('1.22');
    const mod = parseGoMod('module\nrequire lonely\nreplace => x\nreplace a =>\n');
    expect(mod).toMatchObject({ module: '', replace: [] });
    expect(mod.require.size).toBe(0);
  });
});

describe('go.work', () => {
  test('use: line and block forms, comments, "quoted" and `raw`, the one-line ( ) form', () => {
    expect(parseGoWork('go 1.22\n\nuse ./a\nuse (\n  ./b // comment\n  "./c d"\n)\nuse (./e)\n').use).toEqual(['./a', './b', './c d', './e']);
    expect(parseGoWork('use(\r\n\t`./x`\r\n\t../y\r\n)\r\nuse ( )\r\n').use).toEqual(['./x', '../y']);
  });
  test('go and toolchain lines, replace; words that merely start with "use" are not use', () => {
    const work = parseGoWork('go 1.23.0\n\nuse (\n\t./a\n)\ntoolchain go1.24.2\nreplace (\n\tuseful.example/m => ./m\n)\nusefoo ./z\n');
    expect(work).toEqual({
      go: '1.23.0',
      toolchain: 'go1.24.2',
      use: ['./a'],
      replace: [{ path: 'useful.example/m', version: undefined, newPath: './m', newVersion: undefined }],
    });
  });
});

describe('findGoMod', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gfa-gomod-'));
    mkdirSync(path.join(dir, 'mod', 'cmd', 'app'), { recursive: true });
    mkdirSync(path.join(dir, 'mod', 'sub'), { recursive: true });
    writeFileSync(path.join(dir, 'mod', 'go.mod'), 'module m\n');
    writeFileSync(path.join(dir, 'mod', 'sub', 'go.mod'), 'module m/sub\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  test('the nearest go.mod at or above the directory', () => {
    expect(findGoMod(path.join(dir, 'mod'))).toBe(path.join(dir, 'mod', 'go.mod'));
    expect(findGoMod(path.join(dir, 'mod', 'cmd', 'app'))).toBe(path.join(dir, 'mod', 'go.mod'));
    expect(findGoMod(path.join(dir, 'mod', 'sub'))).toBe(path.join(dir, 'mod', 'sub', 'go.mod'));
  });
});
