/**
 * Issue 18, classes 1-3 in packaging: a hostile FyneApp.toml (Icon, Name, ID) and links already
 * in output-dir or in a bundle. Real files, real links, real Go darwin binaries and a stand-in
 * for the fyne tool (a shell script that behaves as fyne.io/tools v1.7.4 does on disk: writes
 * <Name>.app or <Name>.tar.xz into its working directory, reads the icon it is given, and bumps
 * Build in <src>/FyneApp.toml). Every test checks a canary outside output-dir is unchanged.
 */
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFynePackage, checkFynePackageFields, type FynePackageInput } from '../../src/release/fyne-package.js';
import { readPackageSources } from '../../src/package/sources.js';
import { createUniversal } from '../../src/macho/create.js';
import { thin } from '../../src/macho/thin.js';
import { sealBundle } from '../../src/macho/bundle-sign.js';
import { WriteRoot } from '../../src/system/confine.js';
import { buildGoHello, type GoHello } from '../helpers/macho-go.js';
import { CPU, writeSyntheticMachO } from '../helpers/macho-synth.js';
import { makePng } from '../helpers/png.js';

let root: string;
let hello: GoHello;
let fakeFyne: string;
const CANARY = 'canary: must never change\n';

const FAKE_FYNE = `#!/bin/sh
# Stand-in for fyne.io/tools v1.7.4 "fyne package" on disk (see the header of this test).
echo "$@" > "$FAKE_FYNE_LOG"
os= src= exe= name= icon=
while [ $# -gt 0 ]; do
  case "$1" in
    -os) os=$2; shift 2;; --src) src=$2; shift 2;; -executable) exe=$2; shift 2;;
    -name) name=$2; shift 2;; -icon) icon=$2; shift 2;; *) shift;;
  esac
done
[ -n "$icon" ] || icon=$(sed -n 's/^Icon = "\\(.*\\)"$/\\1/p' "$src/FyneApp.toml")
case "$icon" in /*) ;; *) icon="$src/$icon";; esac
if [ "$os" = darwin ]; then
  mkdir -p "$name.app/Contents/MacOS" "$name.app/Contents/Resources"
  cp "$exe" "$name.app/Contents/MacOS/$(basename "$exe")"
  cp "$icon" "$name.app/Contents/Resources/icon.icns"
  printf '<?xml version="1.0" encoding="UTF-8"?>\\n<plist version="1.0">\\n<dict>\\n<key>CFBundleExecutable</key>\\n<string>%s</string>\\n<key>CFBundleIdentifier</key>\\n<string>com.example.hostile</string>\\n</dict>\\n</plist>\\n' "$(basename "$exe")" > "$name.app/Contents/Info.plist"
else
  d=$(mktemp -d); mkdir -p "$d/x"; cp "$exe" "$d/x/"; cp "$icon" "$d/x/icon.png"; tar -cJf "$name.tar.xz" -C "$d" x; rm -rf "$d"
fi
[ -f "$src/FyneApp.toml" ] && echo "Build = 99" >> "$src/FyneApp.toml"
exit 0
`;

/** A workspace with an app folder, an outside folder with a canary file, and output-dir. */
async function scene(name: string) {
  const base = await mkdtemp(join(root, `${name}-`));
  const ws = join(base, 'ws');
  const app = join(ws, 'app');
  const out = join(ws, 'dist');
  const outside = join(base, 'outside');
  await mkdir(app, { recursive: true });
  await mkdir(out);
  await mkdir(outside);
  await mkdir(join(ws, '.git'));
  await writeFile(join(ws, '.git', 'config'), '[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0LWNhbmFyeQ==\n');
  await writeFile(join(outside, 'canary'), CANARY);
  await chmod(join(outside, 'canary'), 0o600);
  return { base, ws, app, out, outside, canary: join(outside, 'canary') };
}

async function unchanged(s: { outside: string; canary: string }): Promise<void> {
  expect(await readFile(s.canary, 'utf8')).toBe(CANARY);
  expect((await stat(s.canary)).mode & 0o777).toBe(0o600);
  expect((await readdir(s.outside)).sort()).toEqual(['canary']);
}

function input(o: Partial<FynePackageInput>): FynePackageInput {
  return {
    fyneExe: fakeFyne,
    target: 'darwin/arm64',
    binary: hello.arm64,
    exeName: 'hello',
    appName: 'Hello',
    iconPng: makePng(16),
    ...o,
  };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'package-hostile-'));
  hello = await buildGoHello(join(root, 'go'));
  fakeFyne = join(root, 'fake-fyne');
  await writeFile(fakeFyne, FAKE_FYNE);
  await chmod(fakeFyne, 0o755);
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const run = (s: { out: string; base: string }) => ({
  outputDir: s.out,
  stem: 'hello',
  version: '1.0.0',
  tempDir: root,
  env: { ...process.env, FAKE_FYNE_LOG: join(s.base, 'fyne-argv') },
});

describe('class 1: the icon is read only inside the workspace', () => {
  const refused: [string, (s: Awaited<ReturnType<typeof scene>>) => Promise<string>, RegExp][] = [
    [
      'an absolute path (/proc/self/environ)',
      () => Promise.resolve('/proc/self/environ'),
      /^FyneApp.toml Details.Icon: "\/proc\/self\/environ" is an absolute path; give a path inside the repository$/,
    ],
    [
      'a path climbing out with ..',
      () => Promise.resolve('../../outside/canary'),
      /^FyneApp.toml Details.Icon: "..\/..\/outside\/canary" climbs out of its folder with ..; give a path inside the repository$/,
    ],
    [
      'a link leading outside the workspace',
      async (s) => {
        await symlink(s.canary, join(s.app, 'Icon.png'));
        return 'Icon.png';
      },
      /^FyneApp.toml Details.Icon: "Icon.png" is a link that leads outside the repository; give a regular file inside it$/,
    ],
    [
      'a file in a .git folder',
      async (s) => {
        await mkdir(join(s.app, 'vendor', '.git'), { recursive: true });
        await writeFile(join(s.app, 'vendor', '.git', 'config'), 'token\n');
        return 'vendor/.git/config';
      },
      /^FyneApp.toml Details.Icon: "vendor\/.git\/config" is inside the version-control folder .git; give a path inside the repository$/,
    ],
    [
      'a link into .git',
      async (s) => {
        await symlink(join(s.ws, '.git', 'config'), join(s.app, 'git.png'));
        return 'git.png';
      },
      /^FyneApp.toml Details.Icon: "git.png" leads through a link into a version-control folder; refusing to read it$/,
    ],
    [
      'a folder',
      async (s) => {
        await mkdir(join(s.app, 'icons'));
        return 'icons';
      },
      /^FyneApp.toml Details.Icon: "icons" is not a regular file; give a file inside the repository$/,
    ],
  ];
  test.each(refused)('linux-packages refuses %s, with one line naming FyneApp.toml Details.Icon', async (_what, make, message) => {
    const s = await scene('icon');
    const ref = await make(s);
    await writeFile(join(s.app, 'FyneApp.toml'), `[Details]\nIcon = "${ref}"\nID = "com.example.hostile"\n`);
    const err = await readPackageSources({ workspace: s.ws, packageDir: s.app }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(message);
    expect(err?.message).not.toContain('\n');
    expect(err?.message).not.toContain('c2VjcmV0LWNhbmFyeQ');
    expect(err?.message).not.toContain('canary: must');
    await unchanged(s);
  });

  test('a relative icon beside FyneApp.toml is read; the project icon wins when given', async () => {
    const s = await scene('icon-ok');
    await mkdir(join(s.app, 'assets'));
    await writeFile(join(s.app, 'assets', 'i.png'), makePng(8));
    await writeFile(join(s.app, 'FyneApp.toml'), '[Details]\nIcon = "assets/i.png"\n');
    const got = await readPackageSources({ workspace: s.ws, packageDir: s.app });
    expect(Buffer.from(got.icon!)).toEqual(makePng(8));
    const given = await readPackageSources({ workspace: s.ws, packageDir: s.app, projectIcon: makePng(4) });
    expect(Buffer.from(given.icon!)).toEqual(makePng(4));
  });

  test('fyne package never reads the repository: a private --src, the icon bytes handed over, FyneApp.toml left as it was', async () => {
    const s = await scene('icon-fyne');
    const toml = '[Details]\nIcon = "/proc/self/environ"\nName = "Hello"\n';
    await writeFile(join(s.app, 'FyneApp.toml'), toml);
    await runFynePackage(input({ target: 'linux/amd64', binary: hello.amd64, fyneAppToml: toml }), run(s));
    const argv = (await readFile(join(s.base, 'fyne-argv'), 'utf8')).trim().split(' ');
    const srcDir = argv[argv.indexOf('--src') + 1];
    expect(srcDir.startsWith(s.ws)).toBe(false);
    expect(argv).toContain('-icon');
    expect(argv[argv.indexOf('-icon') + 1].startsWith(s.ws)).toBe(false);
    expect(await readFile(join(s.app, 'FyneApp.toml'), 'utf8')).toBe(toml);
    const listing = await readdir(s.out);
    expect(listing).toEqual(['hello_1.0.0_linux_amd64.tar.xz']);
    await unchanged(s);
  });
});

describe('class 2: FyneApp.toml Name and ID never become a path outside output-dir', () => {
  const names: [string, RegExp][] = [
    ['../../outside/x', /^FyneApp.toml Details.Name: "..\/..\/outside\/x" has a path separator \(\/ or \\\); use a plain file name: .*$/],
    ['/etc', /^FyneApp.toml Details.Name: "\/etc" has a path separator/],
    ['..', /^FyneApp.toml Details.Name: ".." is a relative folder name; /],
    ['-rf', /^FyneApp.toml Details.Name: "-rf" starts with -, which a tool would read as an option; /],
    ['Hello\n::set-output name=x::y', /^FyneApp.toml Details.Name: "Hello\\n::set-output name=x::y" has a control character/],
    ['CON', /^FyneApp.toml Details.Name: "CON" is a reserved device name on Windows; /],
  ];
  test.each(names)('Name %j is refused before the tool runs', async (name, message) => {
    const s = await scene('name');
    const err = await runFynePackage(input({ appName: name }), run(s)).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(message);
    expect(err?.message.split('\n')).toHaveLength(1);
    await expect(stat(join(s.base, 'fyne-argv'))).rejects.toThrow(); // the tool never ran
    expect(await readdir(s.out)).toEqual([]);
    await unchanged(s);
  });

  test.each([['../../x'], ['com.example/../x'], ['com'], ['-com.example.x'], ['com.example.x\nInjected']])('ID %j is refused as not reverse-DNS', (id) => {
    expect(() => checkFynePackageFields({ appName: 'Hello', exeName: 'hello', appId: id })).toThrow(
      /^FyneApp.toml: Details.ID ".*" is not a reverse-DNS application id; use letters, digits, "_" and "-" in dot-separated parts, such as com.example.myapp$/,
    );
  });

  test('a link already at <Name>.app (to a folder outside) is replaced, never followed or emptied', async () => {
    const s = await scene('app-link');
    await symlink(s.outside, join(s.out, 'Hello.app'));
    await runFynePackage(input({ target: 'darwin/universal' }), run(s));
    const st = await lstat(join(s.out, 'Hello.app'));
    expect(st.isDirectory()).toBe(true);
    expect((await readdir(join(s.out, 'Hello.app', 'Contents', 'MacOS'))).sort()).toEqual(['hello']);
    await unchanged(s);
  });

  test('a link at the darwin_<arch> folder is refused: one line, nothing written through it', async () => {
    const s = await scene('arch-link');
    await symlink(s.outside, join(s.out, 'darwin_arm64'));
    const err = await runFynePackage(input({}), run(s)).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/^output-dir: darwin_arm64 is a link where a folder is needed; refusing to write through it$/);
    expect(await readlink(join(s.out, 'darwin_arm64'))).toBe(s.outside);
    await unchanged(s);
  });

  test('a link at the .tar.xz name is replaced by the package, the file it pointed at untouched', async () => {
    const s = await scene('tar-link');
    await symlink(s.canary, join(s.out, 'hello_1.0.0_linux_amd64.tar.xz'));
    await runFynePackage(input({ target: 'linux/amd64', binary: hello.amd64 }), run(s));
    expect((await lstat(join(s.out, 'hello_1.0.0_linux_amd64.tar.xz'))).isFile()).toBe(true);
    await unchanged(s);
  });
});

describe('class 3: Mach-O writes and bundle seals never follow a link', () => {
  test('lipo -create: a link at the output is replaced; the file it pointed at keeps its bytes and mode', async () => {
    const s = await scene('lipo-link');
    const a = join(s.base, 'a');
    const b = join(s.base, 'b');
    await writeSyntheticMachO(a, { cputype: CPU.x86_64 });
    await writeSyntheticMachO(b, { cputype: CPU.arm64 });
    await chmod(a, 0o755);
    const out = join(s.out, 'hello_darwin_universal');
    await symlink(s.canary, out);
    await createUniversal({ inputs: [a, b], output: out, root: await WriteRoot.create(s.out, 'output-dir') });
    expect((await lstat(out)).isFile()).toBe(true);
    await unchanged(s);
  });

  test('lipo -create: a link at a folder on the way (output-dir/sub -> outside) is refused, nothing lands outside', async () => {
    const s = await scene('lipo-parent-link');
    const a = join(s.base, 'a');
    const b = join(s.base, 'b');
    await writeSyntheticMachO(a, { cputype: CPU.x86_64 });
    await writeSyntheticMachO(b, { cputype: CPU.arm64 });
    await symlink(s.outside, join(s.out, 'sub'));
    await expect(
      createUniversal({ inputs: [a, b], output: join(s.out, 'sub', 'hello_darwin_universal'), root: await WriteRoot.create(s.out, 'output-dir') }),
    ).rejects.toThrow(/^output-dir: sub is a link where a folder is needed; refusing to write through it$/);
    await unchanged(s);
  });

  test('lipo -thin: a link at the output is replaced, never written through', async () => {
    const s = await scene('thin-link');
    const a = join(s.base, 'a');
    const b = join(s.base, 'b');
    await writeSyntheticMachO(a, { cputype: CPU.x86_64 });
    await writeSyntheticMachO(b, { cputype: CPU.arm64 });
    const fat = join(s.base, 'fat');
    await createUniversal({ inputs: [a, b], output: fat });
    const out = join(s.out, 'thin');
    await symlink(s.canary, out);
    await thin(fat, 'arm64', out);
    expect((await lstat(out)).isFile()).toBe(true);
    await unchanged(s);
  });

  async function bundle(s: { out: string }): Promise<string> {
    const app = join(s.out, 'Hello.app');
    await mkdir(join(app, 'Contents', 'MacOS'), { recursive: true });
    await copyFile(hello.arm64, join(app, 'Contents', 'MacOS', 'hello'));
    await writeFile(
      join(app, 'Contents', 'Info.plist'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n<key>CFBundleExecutable</key>\n<string>hello</string>\n</dict>\n</plist>\n',
    );
    return app;
  }

  test('a _CodeSignature link to a folder outside is refused before anything is read or written', async () => {
    const s = await scene('sig-link');
    const app = await bundle(s);
    await symlink(s.outside, join(app, 'Contents', '_CodeSignature'));
    await expect(sealBundle(app)).rejects.toThrow(
      /: Contents\/_CodeSignature is a link to ".*outside", outside the bundle; a link in a \.app may only point inside it$/,
    );
    await unchanged(s);
  });

  test('a _CodeSignature link to a folder inside: the link goes (never what it points at), the seal is a real folder', async () => {
    const s = await scene('sig-inner-link');
    const app = await bundle(s);
    await mkdir(join(app, 'Contents', 'Resources'));
    await writeFile(join(app, 'Contents', 'Resources', 'keep.txt'), 'keep');
    await symlink('Resources', join(app, 'Contents', '_CodeSignature'));
    await sealBundle(app);
    expect((await lstat(join(app, 'Contents', '_CodeSignature'))).isDirectory()).toBe(true);
    expect(await readdir(join(app, 'Contents', 'Resources'))).toEqual(['keep.txt']);
    await unchanged(s);
  });

  test.each([
    ['an absolute link to a file outside', (s: { canary: string }) => s.canary],
    ['a relative link climbing out of the bundle', () => '../../../../outside/canary'],
  ])('a bundle holding %s is refused with one line', async (_what, target) => {
    const s = await scene('app-holds-link');
    const app = await bundle(s);
    await mkdir(join(app, 'Contents', 'Resources'));
    await symlink(target(s), join(app, 'Contents', 'Resources', 'data'));
    const err = await sealBundle(app).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/: Contents\/Resources\/data is a link to .* outside the bundle; a link in a \.app may only point inside it$/);
    expect(err?.message.split('\n')).toHaveLength(1);
    await unchanged(s);
  });

  test('the main executable a link to a Mach-O outside: refused, the outside file never re-signed', async () => {
    const s = await scene('exe-link');
    const app = await bundle(s);
    const outsideExe = join(s.outside, 'hello');
    await copyFile(hello.arm64, outsideExe);
    const before = await readFile(outsideExe);
    await rm(join(app, 'Contents', 'MacOS', 'hello'));
    await symlink(outsideExe, join(app, 'Contents', 'MacOS', 'hello'));
    await expect(sealBundle(app)).rejects.toThrow(/Contents\/MacOS\/hello is a link to .* outside the bundle/);
    expect((await readFile(outsideExe)).equals(before)).toBe(true);
    await rm(outsideExe);
    await unchanged(s);
  });

  test('a link inside the bundle that stays inside it is fine', async () => {
    const s = await scene('inner-link');
    const app = await bundle(s);
    await mkdir(join(app, 'Contents', 'Resources'));
    await writeFile(join(app, 'Contents', 'Resources', 'a.txt'), 'a');
    await symlink('a.txt', join(app, 'Contents', 'Resources', 'b.txt'));
    await sealBundle(app);
    await unchanged(s);
  });
});
