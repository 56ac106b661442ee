/**
 * A sealed macOS .app built on Linux: real darwin binaries from examples/hello (amd64 without a
 * signature, arm64 with the Go linker's), a universal binary from our lipo, a .app from the real
 * fyne tool (offline) and a hand-assembled bundle with resources, an .lproj and a nested helper.
 * Checked by our verifier, by an independent Python check (plistlib + hashlib,
 * __tests__/helpers/macos-seal-check.py), by llvm-lipo / llvm-objdump, and by tampering.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sealBundle } from '../../src/macho/bundle-sign.js';
import { formatBundleReport, verifyBundle } from '../../src/macho/bundle-verify.js';
import { signMachOFile } from '../../src/macho/adhoc-sign.js';
import { parseEmbeddedSignature } from '../../src/macho/codesign.js';
import { createUniversal } from '../../src/macho/create.js';
import { readMachO } from '../../src/macho/read.js';
import { parsePlist, writePlist, PlistReal } from '../../src/macho/plist.js';
import { runFynePackage } from '../../src/release/fyne-package.js';
import { FYNE_TOOL, goToolInstallPlan, installGoTool } from '../../src/release/go-tool.js';
import { makePng } from '../helpers/png.js';

const run = promisify(execFile);
const GO = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
const EXAMPLE = join(process.cwd(), 'examples', 'hello');
const CHECK_PY = join(process.cwd(), '__tests__', 'helpers', 'macos-seal-check.py');
const LIPO = ['/usr/bin/llvm-lipo-19', 'llvm-lipo-19'].find((p) => !p.startsWith('/') || existsSync(p))!;
const OBJDUMP = ['/usr/bin/llvm-objdump-19', 'llvm-objdump-19'].find((p) => !p.startsWith('/') || existsSync(p))!;
const INFO_PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleExecutable</key>
	<string>hello</string>
	<key>CFBundleIdentifier</key>
	<string>com.example.sealed</string>
	<key>CFBundleIconFile</key>
	<string>icon.icns</string>
	<key>CFBundlePackageType</key>
	<string>APPL</string>
</dict>
</plist>
`;

interface PyReport {
  ok: boolean;
  problems: string[];
  files2: number;
  files: number;
  slices: { arch: string; identifier: string; cdhash: string; pages: number; special: number; flags: string }[];
  nested: { path: string; slices: { cdhash: string }[] }[];
}

async function pyCheck(app: string): Promise<PyReport> {
  try {
    const { stdout } = await run('python3', [CHECK_PY, app]);
    return JSON.parse(stdout) as PyReport;
  } catch (err) {
    const out = (err as { stdout?: string }).stdout;
    if (out) return JSON.parse(out) as PyReport;
    throw err;
  }
}

let root: string;
const bin: Record<'amd64' | 'arm64' | 'universal', string> = { amd64: '', arm64: '', universal: '' };
let assembled: string;

/** A bundle like the fyne tool's plus an .lproj, a top-level file and a nested helper. */
async function assemble(dir: string): Promise<string> {
  const app = join(dir, 'Sealed.app');
  await rm(app, { recursive: true, force: true });
  for (const d of ['MacOS', 'Resources/en.lproj', 'Helpers']) await mkdir(join(app, 'Contents', d), { recursive: true });
  await copyFile(bin.universal, join(app, 'Contents', 'MacOS', 'hello'));
  await copyFile(bin.amd64, join(app, 'Contents', 'Helpers', 'helper')); // unsigned: gets a new LC_CODE_SIGNATURE
  await writeFile(join(app, 'Contents', 'Info.plist'), INFO_PLIST);
  await writeFile(join(app, 'Contents', 'PkgInfo'), 'APPL????');
  const icns = Buffer.alloc(64, 7);
  icns.write('icns', 0, 'ascii');
  icns.writeUInt32BE(64, 4);
  await writeFile(join(app, 'Contents', 'Resources', 'icon.icns'), icns);
  await writeFile(join(app, 'Contents', 'Resources', 'en.lproj', 'Localizable.strings'), '"hello" = "Hello";\n');
  await writeFile(join(app, 'Contents', 'Resources', 'data & notes.txt'), 'x'.repeat(5000));
  return app;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bundle-sign-'));
  const env = { ...process.env, CGO_ENABLED: '0', GOOS: 'darwin', GOFLAGS: '-buildvcs=false', GOPROXY: 'off', GOTOOLCHAIN: 'local' };
  for (const arch of ['amd64', 'arm64'] as const) {
    bin[arch] = join(root, `hello-${arch}`);
    await run(GO, ['build', '-o', bin[arch], '.'], { cwd: EXAMPLE, env: { ...env, GOARCH: arch } });
  }
  bin.universal = join(root, 'hello-universal');
  await createUniversal({ inputs: [bin.amd64, bin.arm64], output: bin.universal });
  assembled = await assemble(root);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('plist', () => {
  test('round trip of what CodeResources and Info.plist use', () => {
    const v = { a: 'x & <y>', b: true, c: false, d: Buffer.from([1, 2, 3]), e: [1, 'two'], f: { weight: new PlistReal(20) }, g: {} };
    expect(parsePlist(writePlist(v))).toEqual(v);
  });
});

describe('ad hoc signing of Mach-O files', () => {
  test('arm64 (replaces the Go linker signature) and amd64 (adds LC_CODE_SIGNATURE): page hashes hold', async () => {
    for (const arch of ['amd64', 'arm64'] as const) {
      const p = join(root, `thin-${arch}`);
      await copyFile(bin[arch], p);
      const before = (await readMachO(p)).slices[0].header.codeSignature;
      expect(before === undefined).toBe(arch === 'amd64');
      const signed = await signMachOFile(p, { identifier: 'thin' });
      const f = await readMachO(p);
      const lc = f.slices[0].header.codeSignature!;
      expect(lc.dataoff + lc.datasize).toBe(f.size);
      const linkedit = f.slices[0].header.segments.find((s) => s.name === '__LINKEDIT')!;
      expect(linkedit.fileoff + linkedit.filesize).toBe(f.size);
      const sig = parseEmbeddedSignature((await readFile(p)).subarray(lc.dataoff));
      const cd = sig.codeDirectories[0];
      expect(cd).toMatchObject({
        identifier: 'thin',
        flags: 0x2,
        hashName: 'sha256',
        pageSizeLog2: 12,
        nSpecialSlots: 2,
        codeLimit: lc.dataoff,
        version: 0x20400,
        execSegFlags: 1,
      });
      expect(sig.blobs.map((b) => b.type)).toEqual([0, 2]);
      expect(sig.hasCms).toBe(false);
      expect(signed.slices[0].cdhash).toHaveLength(20);
      const objdump = execFileSync(OBJDUMP, ['--macho', '--private-headers', p], { encoding: 'utf8' });
      expect(objdump).toMatch(/cmd LC_CODE_SIGNATURE\n\s+cmdsize 16\n\s+dataoff (\d+)\n\s+datasize (\d+)/);
    }
  });

  test('the CMS hook adds a 0x10000 BlobWrapper slot (Developer ID later) and keeps page hashes valid', async () => {
    const p = join(root, 'cms-arm64');
    await copyFile(bin.arm64, p);
    await signMachOFile(p, { identifier: 'cms', cms: (cd) => Buffer.concat([Buffer.from('fake-der:'), cd.subarray(0, 8)]) });
    const { verifyCode } = await import('../../src/macho/bundle-verify.js');
    const check = await verifyCode(p);
    expect(check.problems).toEqual([]);
    const lc = (await readMachO(p)).slices[0].header.codeSignature!;
    const sig = parseEmbeddedSignature((await readFile(p)).subarray(lc.dataoff));
    expect(sig.blobs.map((b) => b.type)).toEqual([0, 2, 0x10000]);
    expect(sig.hasCms).toBe(true);
  });
});

describe('sealed .app', () => {
  test('assembled universal bundle: our verifier and the Python check agree; lipo and objdump accept it', async () => {
    const sealed = await sealBundle(assembled);
    expect(sealed.slices.map((s) => s.arch)).toEqual(['x86_64', 'arm64']);
    expect(sealed.nested.map((n) => n.rel)).toEqual(['Helpers/helper']);
    const ours = await verifyBundle(assembled);
    console.log(formatBundleReport(ours).join('\n'));
    expect(ours.problems).toEqual([]);
    expect(ours.ok).toBe(true);
    expect(ours.resources).toBe(4); // Helpers/helper (cdhash), icon.icns, en.lproj strings, notes; PkgInfo and Info.plist omitted
    const py = await pyCheck(assembled);
    console.log(JSON.stringify(py));
    expect(py.problems).toEqual([]);
    expect(py.ok).toBe(true);
    expect(py.slices.map((s) => [s.arch, s.identifier, s.cdhash, s.special, s.flags])).toEqual(
      ours.executable.slices.map((s) => [s.arch, 'com.example.sealed', s.cdhash, 3, '0x2']),
    );
    expect(py.nested[0].slices[0].cdhash).toBe(sealed.nested[0].cdhashes[0]);
    expect(py.files2).toBe(ours.resources);
    expect(ours.resourcesV1).toBe(3); // v1 rules: Resources/ only
    expect(py.files).toBe(ours.resourcesV1);
    const cr = await readFile(join(assembled, 'Contents', '_CodeSignature', 'CodeResources'), 'utf8');
    expect(cr).toContain('<key>Resources/en.lproj/Localizable.strings</key>');
    expect(cr).not.toContain('<key>PkgInfo</key>');
    expect(cr).not.toContain('<key>MacOS/hello</key>');
    const exe = join(assembled, 'Contents', 'MacOS', 'hello');
    expect(execFileSync(LIPO, ['-info', exe], { encoding: 'utf8' })).toContain('are: x86_64 arm64');
    execFileSync(LIPO, [exe, '-verify_arch', 'x86_64', 'arm64']);
    const objdump = execFileSync(OBJDUMP, ['--macho', '--private-headers', '--arch=all', exe], { encoding: 'utf8' });
    expect(objdump.match(/cmd LC_CODE_SIGNATURE/g)).toHaveLength(2);
  });

  test('sealing is deterministic and re-sealing replaces the old seal', async () => {
    const again = join(root, 'again');
    await mkdir(again);
    const a2 = await assemble(again);
    await sealBundle(a2);
    await sealBundle(a2);
    for (const rel of ['MacOS/hello', '_CodeSignature/CodeResources', 'Helpers/helper'])
      expect((await readFile(join(a2, 'Contents', rel))).equals(await readFile(join(assembled, 'Contents', rel)))).toBe(true);
  });

  const tampers: [string, (app: string) => Promise<void>, RegExp][] = [
    ['a resource byte', async (app) => appendFile(join(app, 'Contents', 'Resources', 'icon.icns'), 'x'), /icon\.icns: modified/],
    ['Info.plist', async (app) => writeFile(join(app, 'Contents', 'Info.plist'), INFO_PLIST.replace('APPL', 'APPX')), /special slot 1/],
    [
      'one byte of the executable',
      async (app) => {
        const p = join(app, 'Contents', 'MacOS', 'hello');
        const b = await readFile(p);
        b[(await readMachO(p)).slices[1].offset + 9000] ^= 1;
        await writeFile(p, b);
      },
      /arm64\): .*page 2 .*hash mismatch/,
    ],
    ['the nested helper', async (app) => appendFile(join(app, 'Contents', 'Helpers', 'helper'), 'x'), /helper/],
    ['CodeResources', async (app) => appendFile(join(app, 'Contents', '_CodeSignature', 'CodeResources'), ' '), /special slot 3/],
    ['an added file', async (app) => writeFile(join(app, 'Contents', 'Resources', 'new.txt'), 'new'), /new\.txt: file added/],
    ['a removed file', async (app) => rm(join(app, 'Contents', 'Resources', 'data & notes.txt')), /data & notes\.txt: sealed in CodeResources but missing/],
  ];
  test.each(tampers)('changing %s breaks verification (ours and Python)', async (_what, tamper, why) => {
    const dir = await mkdtemp(join(root, 'tamper-'));
    const app = join(dir, 'Sealed.app');
    await cp(assembled, app, { recursive: true });
    expect((await verifyBundle(app)).ok).toBe(true);
    await tamper(app);
    const ours = await verifyBundle(app);
    expect(ours.ok).toBe(false);
    expect(formatBundleReport(ours).join('\n')).toMatch(why);
    expect((await pyCheck(app)).ok).toBe(false);
  });

  test('the real fyne tool on Linux: a sealed universal .app, marked signed adhoc', async () => {
    const src = join(root, 'fyneapp');
    await mkdir(src);
    await writeFile(join(src, 'go.mod'), 'module example.com/hello\n\ngo 1.21\n');
    await writeFile(join(src, 'main.go'), 'package main\n\nfunc main() {}\n');
    await writeFile(join(src, 'Icon.png'), makePng(64));
    await writeFile(join(src, 'FyneApp.toml'), '[Details]\nIcon = "Icon.png"\nName = "Hello"\nID = "com.example.hello"\nVersion = "1.0.0"\nBuild = 1\n');
    const plan = goToolInstallPlan({
      go: GO,
      toolCacheDir: join(root, 'toolcache'),
      host: { os: 'linux', arch: 'amd64' },
      env: { ...process.env, GOPROXY: 'off', GOFLAGS: '-buildvcs=false' },
      tool: FYNE_TOOL,
    });
    const fyneExe = await installGoTool(plan, root);
    const lines: string[] = [];
    const art = await runFynePackage(
      {
        fyneExe,
        target: 'darwin/universal',
        binary: bin.universal,
        exeName: 'hello',
        appName: 'Hello',
        fyneAppToml: await readFile(join(src, 'FyneApp.toml'), 'utf8'),
        iconPng: makePng(64),
        appId: 'com.example.hello',
        version: '1.2.3',
        appBuild: 4,
      },
      { outputDir: join(root, 'fyne-out'), stem: 'hello', version: '1.2.3', tempDir: root, log: (l) => lines.push(l) },
    );
    expect(art).toMatchObject({ kind: 'app', signed: 'adhoc', target: 'darwin/universal' });
    expect(lines[0]).toMatch(/Hello\.app: valid ad hoc seal, identifier com\.example\.hello/);
    console.log(lines.join('\n'));
    const py = await pyCheck(art.path);
    expect(py.problems).toEqual([]);
    expect(py.slices.map((s) => s.identifier)).toEqual(['com.example.hello', 'com.example.hello']);
    expect(py.files2).toBe(1); // Resources/icon.icns
    execFileSync(LIPO, [join(art.path, 'Contents', 'MacOS', 'hello'), '-verify_arch', 'x86_64', 'arm64']);
  });
});
