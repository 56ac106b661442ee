import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../src/errors.js';
import { defaultNameFromModule, fyneAtLeast, fyneVersion, parseFyneAppToml } from '../../src/compile/fyne.js';
import { parseGoMod } from '../../src/gomod.js';
import { goString, metadataGoSource, resolveMetadata } from '../../src/compile/metadata.js';
import { loadProject } from '../../src/compile/project.js';

const GOFMT = existsSync('/usr/local/go/bin/gofmt') ? '/usr/local/go/bin/gofmt' : 'gofmt';
const EXAMPLE = path.resolve('examples/hello-fyne');

describe('go.mod', () => {
  const base = `module github.com/me/app // the app

go 1.24

require (
\tfyne.io/fyne/v2 v2.7.1
\tgithub.com/other/lib v1.0.0 // indirect
)
`;
  test('the Fyne requirement (go.mod itself: gomod.test.ts)', () => {
    expect(fyneVersion(parseGoMod(base))).toBe('v2.7.1');
  });
  test('no Fyne: none', () => {
    expect(fyneVersion(parseGoMod('module x\n\ngo 1.22\nrequire github.com/a/b v1.2.3\n'))).toBe('none');
  });
  test('replace with another version or a fork wins', () => {
    expect(fyneVersion(parseGoMod(base + 'replace fyne.io/fyne/v2 => fyne.io/fyne/v2 v2.6.3\n'))).toBe('v2.6.3');
    expect(fyneVersion(parseGoMod(base + 'replace fyne.io/fyne/v2 => github.com/fork/fyne/v2 v2.7.2-0.20250101000000-abcdef123456\n'))).toBe(
      'v2.7.2-0.20250101000000-abcdef123456',
    );
  });
  test('replace in a block and with a quoted path', () => {
    expect(fyneVersion(parseGoMod(base + 'replace (\n\tgithub.com/x/y => ../y\n\t"fyne.io/fyne/v2" => fyne.io/fyne/v2 v2.5.0\n)\n'))).toBe('v2.5.0');
  });
  test('a directory replacement is (devel); fyne itself is (devel)', () => {
    expect(fyneVersion(parseGoMod(base + 'replace fyne.io/fyne/v2 => ../fyne\n'))).toBe('(devel)');
    expect(fyneVersion(parseGoMod('module fyne.io/fyne/v2\n'))).toBe('(devel)');
  });
  test('a version-specific replace only applies to that version', () => {
    expect(fyneVersion(parseGoMod(base + 'replace fyne.io/fyne/v2 v2.6.0 => ../fyne\n'))).toBe('v2.7.1');
    expect(fyneVersion(parseGoMod(base + 'replace fyne.io/fyne/v2 v2.7.1 => ../fyne\n'))).toBe('(devel)');
  });
  test('version gates', () => {
    expect(fyneAtLeast('v2.7.1', 2, 6)).toBe(true);
    expect(fyneAtLeast('v2.5.0-rc1', 2, 6)).toBe(false);
    expect(fyneAtLeast('(devel)', 2, 6)).toBe(true);
    expect(fyneAtLeast('none', 2, 2)).toBe(false);
  });
  test('default name from the module path', () => {
    expect(defaultNameFromModule('github.com/me/app')).toBe('app');
    expect(defaultNameFromModule('github.com/me/app/v3')).toBe('app');
    expect(defaultNameFromModule('hello')).toBe('hello');
  });
});

describe('FyneApp.toml', () => {
  test('reads the example app', () => {
    const t = parseFyneAppToml(readFileSync(path.join(EXAMPLE, 'FyneApp.toml'), 'utf8'));
    expect(t.details).toEqual({ icon: 'Icon.png', name: 'Hello Fyne', id: 'io.github.gofyneaction.hellofyne', version: '1.2.3', build: 4 });
    expect(t.migrations).toEqual({ fyneDo: true });
    expect(t.release).toEqual({ Channel: 'stable' });
  });
  test('TOML details: literal strings, escapes, comments, arrays, integers with _', () => {
    const t = parseFyneAppToml(
      `# c\nWebsite = 'https://x.io' # tail\n[Details]\nName = "A \\"quoted\\" # name"\nBuild = 1_000\n[LinuxAndBSD]\nCategories = ["Utility", "Dev"]\n`,
    );
    expect(t.website).toBe('https://x.io');
    expect(t.details.name).toBe('A "quoted" # name');
    expect(t.details.build).toBe(1000);
  });
  test('TOML 1.0 as files in the wild use it: multi-line strings, inline tables, arrays of tables, dates', () => {
    const t = parseFyneAppToml(
      [
        'Website = "https://example.com"',
        '[Details]',
        'Name = """Multi',
        'Line"""',
        "ID = 'com.example.app'",
        'Version = "2.0.0"',
        'Build = 12',
        '[Release]',
        "Notes = '''",
        'first line',
        "second line'''",
        'Released = 2026-11-30',
        '[LinuxAndBSD]',
        'GenericName = "Demo"',
        'Categories = [',
        '  "Utility",',
        '  "Development", # trailing comment',
        ']',
        'Keywords = { en = ["demo", "fyne"] }',
        '[[Extra.Files]]',
        'Path = "a"',
        '[[Extra.Files]]',
        'Path = "b"',
        '[Migrations]',
        'fyneDo = true',
      ].join('\n'),
    );
    expect(t.details).toEqual({ icon: undefined, name: 'Multi\nLine', id: 'com.example.app', version: '2.0.0', build: 12 });
    expect(t.release).toEqual({ Notes: 'first line\nsecond line', Released: '2026-11-30' }); // a TOML local date stays as written
    expect(t.website).toBe('https://example.com');
    expect(t.migrations).toEqual({ fyneDo: true });
  });
  test('a hostile file: __proto__ and constructor keys stay data, nothing is polluted', () => {
    const t = parseFyneAppToml(
      '[__proto__]\npolluted = "yes"\n[Details]\nName = "x"\n[Release]\n__proto__ = "p"\nconstructor = "c"\n[Migrations]\n__proto__ = true\n',
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(t.details.name).toBe('x');
    expect(t.release['constructor']).toBe('c');
  });
  test('a broken file is a one-line UserError naming file, line and column', () => {
    let msg = '';
    try {
      parseFyneAppToml('[Details]\nName = "x\n', 'app/FyneApp.toml');
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/^app\/FyneApp.toml:2:\d+: \S/);
    expect(msg).not.toContain('\n');
    expect(() => parseFyneAppToml('[Details]\nBuild = "7"\n')).toThrow(/Details.Build must be an integer/);
    expect(() => parseFyneAppToml('[Release]\nList = ["a"]\n')).toThrow(/^FyneApp.toml: Release.List must be a string, got a array$/);
    expect(() => parseFyneAppToml('[Details]\nName = "a"\nName = "b"\n')).toThrow(UserError);
  });
});

describe('metadata Go source', () => {
  const icon = { name: 'Icon.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x22, 0x5c, 0xff]) };
  const meta = resolveMetadata(
    parseFyneAppToml('[Details]\nID = "io.x.y"\nName = "Say \\"hi\\""\n[Release]\nb = "2"\na = "1"\n[Migrations]\nfyneDo = true\n'),
    { release: true, fallbackName: 'y', icon },
  );

  test('fyne package defaults: version 0.0.1, build 1', () => {
    expect(meta).toMatchObject({ id: 'io.x.y', name: 'Say "hi"', version: '0.0.1', build: 1, custom: { a: '1', b: '2' } });
  });
  test('goString escapes like Go', () => {
    expect(goString('a"b\\c\n\u00e9')).toBe('"a\\"b\\\\c\\n\\xc3\\xa9"');
  });
  test('is valid, gofmt-clean Go with every field for Fyne 2.7', () => {
    const src = metadataGoSource(meta, 'v2.7.1')!;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gfa-meta-'));
    try {
      const f = path.join(dir, 'm.go');
      writeFileSync(f, src);
      // gofmt -e parses it (syntax errors fail), -l lists it when not formatted
      expect(execFileSync(GOFMT, ['-e', '-l', f], { encoding: 'utf8' })).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(src).toContain('Release: true,');
    expect(src).toContain('"fyneDo": true,');
    expect(src.indexOf('"a": "1"')).toBeLessThan(src.indexOf('"b": "2"'));
    expect(src).toContain('StaticContent: []byte("\\x89PNG\\x00\\"\\\\\\xff")');
  });
});

describe('loadProject (reads the example)', () => {
  test('hello-fyne: Fyne version from go.mod, FyneApp.toml and Icon.png', async () => {
    const p = await loadProject(EXAMPLE, '.');
    expect(p.modulePath).toBe('github.com/gofyneaction/examples/hello-fyne');
    expect(p.fyneVersion).toMatch(/^v2\.\d+\.\d+/);
    expect(p.fyneApp?.details.id).toBe('io.github.gofyneaction.hellofyne');
    expect(p.icon?.name).toBe('Icon.png');
    expect(Buffer.from(p.icon!.bytes).subarray(1, 4).toString()).toBe('PNG');
  });
  test('hello: not Fyne; a missing package dir is a UserError', async () => {
    const p = await loadProject(path.resolve('examples/hello'), '.');
    expect(p.fyneVersion).toBe('none');
    expect(p.icon).toBeUndefined();
    await expect(loadProject(path.resolve('examples/hello'), './nope')).rejects.toThrow(/^input "main-package": "\.\/nope" does not exist/);
  });
});
