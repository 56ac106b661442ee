/**
 * An .app as a zip: a real sealed bundle (darwin/arm64 Go executable, resources, a symlink) zipped
 * by our writer in ditto's `--keepParent` layout, judged by independent readers (python3 zipfile
 * for the entries, modes and link entries; `unzip -Z` for the listing; `unzip` for an extraction
 * that then passes __tests__/helpers/macos-seal-check.py with the executable 0755), read back by
 * extractAppZip, and hostile zips refused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, mkdtemp, readFile, readlink, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealBundle } from '../../src/macho/bundle-sign.js';
import { verifyBundle } from '../../src/macho/bundle-verify.js';
import { artifactFromPath, ArtifactRegistry } from '../../src/artifacts/registry.js';
import { appZipEntries, appZipName, extractAppZip, isAppZipName, writeAppZip } from '../../src/release/app-zip.js';
import { writeReleaseFiles } from '../../src/release/index.js';
import { writeZip, type ZipWriteEntry } from '../../src/archive/zip-write.js';
import { entryKindAndMode, ZipReader } from '../../src/archive/zip-read.js';
import { WriteRoot } from '../../src/system/confine.js';
import { UserError } from '../../src/errors.js';
import { buildGoHello } from '../helpers/macho-go.js';

const CHECK_PY = join(process.cwd(), '__tests__', 'helpers', 'macos-seal-check.py');
const INFO_PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleExecutable</key>
	<string>hello</string>
	<key>CFBundleIdentifier</key>
	<string>com.example.zipped</string>
	<key>CFBundlePackageType</key>
	<string>APPL</string>
</dict>
</plist>
`;
const MTIME = 1700000000;

let root: string;
let app: string;
let zip: string;

const py = (code: string, ...args: string[]): string => execFileSync('python3', ['-c', code, ...args], { encoding: 'utf8' });
const sealCheck = (bundle: string) =>
  JSON.parse(execFileSync('python3', [CHECK_PY, bundle], { encoding: 'utf8' })) as { ok: boolean; problems: string[]; slices: unknown[] };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'app-zip-'));
  const hello = await buildGoHello(join(root, 'go'));
  app = join(root, 'out', 'Hello Zip.app');
  await mkdir(join(app, 'Contents', 'MacOS'), { recursive: true });
  await mkdir(join(app, 'Contents', 'Resources', 'en.lproj'), { recursive: true });
  await writeFile(join(app, 'Contents', 'Info.plist'), INFO_PLIST);
  await copyFile(hello.arm64, join(app, 'Contents', 'MacOS', 'hello'));
  await chmod(join(app, 'Contents', 'MacOS', 'hello'), 0o644); // as upload-artifact leaves it: the zip makes it 0755
  await writeFile(join(app, 'Contents', 'Resources', 'en.lproj', 'InfoPlist.strings'), '"CFBundleName" = "Hello";\n');
  await writeFile(join(app, 'Contents', 'Resources', 'tool.sh'), '#!/bin/sh\necho hi\n');
  await chmod(join(app, 'Contents', 'Resources', 'tool.sh'), 0o4755); // setuid never enters the zip
  await symlink('en.lproj/InfoPlist.strings', join(app, 'Contents', 'Resources', 'Strings'));
  await sealBundle(app);
  expect((await verifyBundle(app)).ok).toBe(true);
  zip = join(root, 'out', appZipName('Hello-Zip', '1.2.3', 'darwin/universal'));
  const a = await writeAppZip(await artifactFromPath(app, { target: 'darwin/universal', kind: 'app' }), {
    outputDir: join(root, 'out'),
    name: 'Hello-Zip',
    version: '1.2.3',
    mtime: MTIME,
  });
  expect(a).toMatchObject({ kind: 'archive', target: 'darwin/universal', path: zip, name: 'Hello-Zip_1.2.3_darwin_universal.app.zip' });
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the .app zip as independent readers see it', () => {
  test('python zipfile: the top folder first, folders before their contents, Unix modes, made by Unix, a stored link entry with its target', () => {
    const rows = JSON.parse(
      py(
        `import sys,json,zipfile
z=zipfile.ZipFile(sys.argv[1])
print(json.dumps([[i.filename, i.external_attr>>16, i.create_system, i.compress_type, i.flag_bits, z.read(i).decode('latin-1') if (i.external_attr>>16)&0o170000==0o120000 else ''] for i in z.infolist()]))`,
        zip,
      ),
    ) as [string, number, number, number, number, string][];
    const names = rows.map((r) => r[0]);
    expect(names[0]).toBe('Hello Zip.app/');
    expect(names).toEqual([
      'Hello Zip.app/',
      'Hello Zip.app/Contents/',
      'Hello Zip.app/Contents/Info.plist',
      'Hello Zip.app/Contents/MacOS/',
      'Hello Zip.app/Contents/MacOS/hello',
      'Hello Zip.app/Contents/Resources/',
      'Hello Zip.app/Contents/Resources/Strings',
      'Hello Zip.app/Contents/Resources/en.lproj/',
      'Hello Zip.app/Contents/Resources/en.lproj/InfoPlist.strings',
      'Hello Zip.app/Contents/Resources/tool.sh',
      'Hello Zip.app/Contents/_CodeSignature/',
      'Hello Zip.app/Contents/_CodeSignature/CodeResources',
    ]);
    const by = new Map(rows.map((r) => [r[0], r]));
    expect(rows.every((r) => r[2] === 3)).toBe(true); // made by Unix
    expect(by.get('Hello Zip.app/')![1]).toBe(0o040755);
    expect(by.get('Hello Zip.app/Contents/MacOS/hello')![1]).toBe(0o100755);
    expect(by.get('Hello Zip.app/Contents/MacOS/hello')![3]).toBe(8); // deflated
    expect(by.get('Hello Zip.app/Contents/MacOS/hello')![4] & 0x8).toBe(0x8); // data descriptor, as ditto
    expect(by.get('Hello Zip.app/Contents/Info.plist')![1]).toBe(0o100644);
    expect(by.get('Hello Zip.app/Contents/Resources/tool.sh')![1]).toBe(0o100755); // setuid dropped
    expect(by.get('Hello Zip.app/Contents/Resources/Strings')!.slice(1)).toEqual([0o120755, 3, 0, 0, 'en.lproj/InfoPlist.strings']);
    expect(names.some((n) => n.includes('__MACOSX') || n.split('/').some((s) => s.startsWith('._')))).toBe(false);
  });

  test('unzip -Z lists the modes and the link as Info-ZIP reads them; unzip -t finds no error', () => {
    const listing = execFileSync('unzip', ['-Z', zip], { encoding: 'utf8' });
    expect(listing).toMatch(/^drwxr-xr-x\s.*unx.*Hello Zip\.app\/$/m);
    expect(listing).toMatch(/^-rwxr-xr-x\s.*unx.*defN.*Hello Zip\.app\/Contents\/MacOS\/hello$/m);
    expect(listing).toMatch(/^lrwxr-xr-x\s.*unx.*stor.*Hello Zip\.app\/Contents\/Resources\/Strings$/m);
    expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
  });

  test('unzip extracts a sealed app (independent seal check) whose executable is 0755 and whose link is a link', async () => {
    const dest = await mkdtemp(join(root, 'unzip-'));
    execFileSync('unzip', ['-q', zip, '-d', dest]);
    const out = join(dest, 'Hello Zip.app');
    expect((await lstat(join(out, 'Contents', 'MacOS', 'hello'))).mode & 0o7777).toBe(0o755);
    expect(await readlink(join(out, 'Contents', 'Resources', 'Strings'))).toBe('en.lproj/InfoPlist.strings');
    const check = sealCheck(out);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.slices).toHaveLength(1);
  });

  test('reproducible: the same bundle and mtime give the same bytes; the mtime is in every entry', async () => {
    const again = join(root, 'again');
    await writeAppZip(await artifactFromPath(app, { target: 'darwin/universal', kind: 'app' }), {
      outputDir: again,
      name: 'Hello-Zip',
      version: '1.2.3',
      mtime: MTIME,
    });
    expect((await readFile(join(again, 'Hello-Zip_1.2.3_darwin_universal.app.zip'))).equals(await readFile(zip))).toBe(true);
    const times = JSON.parse(
      py('import sys,json,zipfile\nprint(json.dumps(sorted({i.date_time for i in zipfile.ZipFile(sys.argv[1]).infolist()})))', zip),
    ) as number[][];
    expect(times).toEqual([[2023, 11, 14, 22, 13, 20]]);
  });
});

describe('extractAppZip', () => {
  test('round trip: the .app comes back with its modes and link, sealed, into a WriteRoot or a folder path', async () => {
    const dest = await WriteRoot.create(join(root, 'fanin-out'), 'output-dir');
    const got = await extractAppZip(zip, dest, { tempDir: root });
    expect(got).toBe(join(root, 'fanin-out', 'Hello Zip.app'));
    expect((await lstat(join(got, 'Contents', 'MacOS', 'hello'))).mode & 0o7777).toBe(0o755);
    expect((await lstat(join(got, 'Contents', 'Info.plist'))).mode & 0o7777).toBe(0o644);
    expect((await lstat(join(got, 'Contents', 'Resources', 'tool.sh'))).mode & 0o7777).toBe(0o755);
    expect(await readlink(join(got, 'Contents', 'Resources', 'Strings'))).toBe('en.lproj/InfoPlist.strings');
    expect((await readFile(join(got, 'Contents', 'MacOS', 'hello'))).equals(await readFile(join(app, 'Contents', 'MacOS', 'hello')))).toBe(true);
    expect((await verifyBundle(got)).ok).toBe(true);
    expect(sealCheck(got).ok).toBe(true);
    // the same zip again into the same place: refused, nothing replaced
    await expect(extractAppZip(zip, dest, { tempDir: root })).rejects.toThrow(/already exists; refusing to replace it/);
    const byPath = await extractAppZip(zip, join(root, 'by-path'), { tempDir: root });
    expect(sealCheck(byPath).ok).toBe(true);
    expect((await readdir(root)).filter((n) => n.startsWith('app-zip-'))).toEqual([]); // temp folders gone
  });

  test('the zip is listed in SHA256SUMS by writeReleaseFiles (archive none too) and the .app folder stays', async () => {
    const out = join(root, 'release');
    await mkdir(out);
    const copy = join(out, 'Hello Zip.app');
    execFileSync('cp', ['-a', app, copy]);
    const registry = new ArtifactRegistry();
    registry.add(await artifactFromPath(copy, { target: 'darwin/universal', kind: 'app' }));
    const written = await writeReleaseFiles({ registry, outputDir: out, name: 'Hello-Zip', version: '1.2.3', archive: 'none', archiveFiles: [], env: {} });
    expect(written.map((a) => `${a.kind} ${a.name}`)).toEqual(['archive Hello-Zip_1.2.3_darwin_universal.app.zip', 'checksums SHA256SUMS']);
    const sums = await readFile(join(out, 'SHA256SUMS'), 'utf8');
    expect(sums).toMatch(/^[0-9a-f]{64} {2}Hello-Zip_1\.2\.3_darwin_universal\.app\.zip$/m);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).toMatch(/\.app\.zip: OK/);
    expect(existsSync(join(copy, 'Contents', 'MacOS', 'hello'))).toBe(true);
    expect(JSON.parse(registry.toOutput())).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'archive', target: 'darwin/universal' })]));
    expect(isAppZipName('Hello-Zip_1.2.3_darwin_universal.app.zip')).toBe(true);
    expect(isAppZipName('Hello-Zip_1.2.3_darwin_universal.zip')).toBe(false);
  });

  test('entries: every file of Contents/MacOS is 0755 whatever its mode on disk', async () => {
    const entries = await appZipEntries(app);
    expect(entries.find((e) => e.name === 'Hello Zip.app/Contents/MacOS/hello')).toMatchObject({ type: 'file', mode: 0o755 });
    expect(entries.find((e) => e.name === 'Hello Zip.app/Contents/Resources/Strings')).toMatchObject({ type: 'symlink', target: 'en.lproj/InfoPlist.strings' });
  });
});

describe('hostile .app zips', () => {
  const D = (name: string): ZipWriteEntry => ({ name, type: 'dir', mode: 0o755, size: 0 });
  const F = (name: string, data = 'x', mode = 0o644): ZipWriteEntry => ({ name, type: 'file', mode, size: Buffer.byteLength(data), data: Buffer.from(data) });
  const L = (name: string, target: string): ZipWriteEntry => ({ name, type: 'symlink', mode: 0o755, target });
  let n = 0;
  async function attempt(entries: ZipWriteEntry[]): Promise<{ error?: Error; dest: string }> {
    const z = join(root, `hostile-${++n}.zip`);
    await writeZip(z, entries, { mtime: MTIME });
    const dest = join(root, `hostile-out-${n}`);
    try {
      await extractAppZip(z, dest, { tempDir: root });
      return { dest };
    } catch (error) {
      return { error: error as Error, dest };
    }
  }

  test.each([
    ['a link out of the .app', [D('A.app'), D('A.app/Contents'), L('A.app/Contents/x', '../../secret')], /points outside its folder/],
    ['an absolute link', [D('A.app'), L('A.app/x', '/etc/passwd')], /points outside its folder/],
    ['a link to the folder above the .app', [D('A.app'), L('A.app/up', '..')], /points outside its folder/],
    ['a chain of links that leaves', [D('A.app'), D('A.app/d'), L('A.app/d/up', '..'), L('A.app/y', 'd/up/../z')], /points outside its folder/],
    ['a file written through a link the zip made', [D('A.app'), D('A.app/real'), L('A.app/l', 'real'), F('A.app/l/f')], /through the link/],
    ['a .. entry', [D('A.app'), F('A.app/../evil')], /climbs out of its folder/],
    ['an absolute entry', [F('/A.app/x')], /absolute path/],
    ['two top folders', [D('A.app'), D('B.app')], /outside the folder "A\.app\/"/],
    ['a top folder that is not an .app', [D('A'), F('A/x')], /not a folder named \*\.app/],
    ['entries that collide case-insensitively', [D('A.app'), F('A.app/x'), F('A.app/X')], /collides/],
  ])('refused: %s, and nothing is left', async (_what, entries, why) => {
    const { error, dest } = await attempt(entries);
    expect(error).toBeInstanceOf(UserError);
    expect(error!.message).toMatch(why);
    expect(error!.message.split('\n')).toHaveLength(1);
    expect(existsSync(join(dest, 'A.app'))).toBe(false);
    expect((await readdir(root)).filter((x) => x.startsWith('app-zip-'))).toEqual([]);
  });

  test('setuid, setgid and sticky bits are stripped; other modes kept', async () => {
    const { error, dest } = await attempt([
      D('A.app'),
      D('A.app/Contents'),
      F('A.app/Contents/su', '#!/bin/sh\n', 0o6755),
      F('A.app/Contents/ro', 'r', 0o444),
      {
        name: 'A.app/Contents/sticky',
        type: 'dir',
        mode: 0o1777,
        size: 0,
      },
    ]);
    expect(error).toBeUndefined();
    expect((await lstat(join(dest, 'A.app', 'Contents', 'su'))).mode & 0o7777).toBe(0o755);
    expect((await lstat(join(dest, 'A.app', 'Contents', 'ro'))).mode & 0o7777).toBe(0o444);
    expect((await lstat(join(dest, 'A.app', 'Contents', 'sticky'))).mode & 0o7777).toBe(0o777);
  });

  test('a device entry is refused by what its mode says; a link target over 1024 bytes is refused', async () => {
    expect(() => entryKindAndMode({ name: 'A.app/dev', isDir: false, versionMadeBy: 0x0314, externalAttrs: (0o020644 << 16) >>> 0 })).toThrow(
      /not a file, a folder or a link/,
    );
    expect(() => entryKindAndMode({ name: 'A.app/d/', isDir: true, versionMadeBy: 0x0314, externalAttrs: (0o100644 << 16) >>> 0 })).toThrow(/not a folder/);
    expect(entryKindAndMode({ name: 'A.app/f', isDir: false, versionMadeBy: 0x0014, externalAttrs: 0x20 })).toEqual({ kind: 'file', mode: 0o644 }); // made on DOS
    const { error } = await attempt([D('A.app'), L('A.app/long', 'a/'.repeat(600))]);
    expect(error?.message).toMatch(/1200-byte target, over 1024/);
  });

  test('zip64 records (forced) around a stored link: python zipfile tests it clean and reads the link; extractAppZip restores it', async () => {
    const z = join(root, 'zip64.zip');
    await writeZip(z, [D('A.app'), D('A.app/Contents'), F('A.app/Contents/f', 'data '.repeat(100)), L('A.app/Contents/l', 'f')], {
      mtime: MTIME,
      forceZip64: true,
    });
    expect(py('import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(z.testzip(), z.read("A.app/Contents/l").decode())', z).trim()).toBe('None f');
    const got = await extractAppZip(z, join(root, 'zip64-out'), { tempDir: root });
    expect(await readlink(join(got, 'Contents', 'l'))).toBe('f');
    expect(await readFile(join(got, 'Contents', 'l'), 'utf8')).toBe('data '.repeat(100));
  });

  test('the writer refuses to zip a folder whose link leads out of it', async () => {
    const dir = join(root, 'Out.app');
    await mkdir(dir);
    await symlink('../secret', join(dir, 'up'));
    await expect(appZipEntries(dir)).rejects.toThrow(/points outside its folder/);
  });

  test('the entry cap of the reader holds', async () => {
    const z = join(root, 'many.zip');
    await writeZip(z, [D('A.app'), ...Array.from({ length: 20 }, (_, i) => F(`A.app/f${i}`))], { mtime: MTIME });
    await expect(extractAppZip(z, join(root, 'many-out'), { tempDir: root, maxEntries: 10 })).rejects.toThrow(/more than the 10 allowed/);
    const reader = await ZipReader.open(z);
    expect(reader.entries.every((e) => e.versionMadeBy >> 8 === 3)).toBe(true);
    await reader.close();
  });
});
