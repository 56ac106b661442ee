/**
 * Runs the real fyne tool (built from the Go module cache with GOPROXY=off: no network) on Linux
 * for the linux and darwin targets with real Go binaries.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codesignArgv, fyneAppVersion, fynePackageArgv, fynePackageDest, runFynePackage } from '../../src/release/fyne-package.js';
import { FYNE_TOOL, goToolInstallPlan, installGoTool } from '../../src/release/go-tool.js';
import { verifyBundle } from '../../src/macho/bundle-verify.js';
import { readMachO } from '../../src/macho/read.js';
import { makePng } from '../helpers/png.js';

const GO = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
const OFFLINE = { ...process.env, GOPROXY: 'off', GOFLAGS: '-buildvcs=false' };

let root: string;
let src: string;
let darwinBin: string;
let linuxBin: string;
let fyneExe: string;
const TOML = '[Details]\nIcon = "Icon.png"\nName = "Hello"\nID = "com.example.hello"\nVersion = "0.9.0"\nBuild = 7\n';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'release-fyne-'));
  src = join(root, 'app');
  await mkdir(src);
  await writeFile(join(src, 'go.mod'), 'module example.com/hello\n\ngo 1.21\n');
  await writeFile(join(src, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n');
  await writeFile(join(src, 'Icon.png'), makePng(256));
  await writeFile(join(src, 'FyneApp.toml'), TOML);
  darwinBin = join(root, 'hello-darwin');
  linuxBin = join(root, 'hello-linux');
  for (const [goos, out] of [
    ['darwin', darwinBin],
    ['linux', linuxBin],
  ] as const) {
    execFileSync(GO, ['build', '-o', out, '.'], {
      cwd: src,
      env: { ...process.env, CGO_ENABLED: '0', GOOS: goos, GOARCH: 'arm64', GOFLAGS: '-buildvcs=false' },
    });
  }
  // linux amd64 so the host could run it; arm64 above only proves we do not care about the host
  execFileSync(GO, ['build', '-o', linuxBin, '.'], {
    cwd: src,
    env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64', GOFLAGS: '-buildvcs=false' },
  });

  const plan = goToolInstallPlan({ go: GO, toolCacheDir: join(root, 'toolcache'), host: { os: 'linux', arch: 'amd64' }, env: OFFLINE, tool: FYNE_TOOL });
  fyneExe = await installGoTool(plan, root);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pure parts', () => {
  test('install plan: go install at the pinned version into the tool cache, host GOOS/GOARCH', () => {
    const plan = goToolInstallPlan({
      go: 'go',
      toolCacheDir: '/tc',
      host: { os: 'windows', arch: 'arm64' },
      env: { GOOS: 'darwin', GOFLAGS: '-mod=vendor' },
      tool: FYNE_TOOL,
    });
    expect(plan.install.argv).toEqual(['go', 'install', 'fyne.io/tools/cmd/fyne@v1.7.4']);
    expect(plan.install.env).toMatchObject({ GOBIN: '/tc/fyne/1.7.4/windows-arm64', GOOS: 'windows', GOARCH: 'arm64', CGO_ENABLED: '0', GOFLAGS: '' });
    expect(plan.exe).toBe('/tc/fyne/1.7.4/windows-arm64/fyne.exe');
    expect(plan.fallbackGoMod).toContain('require fyne.io/tools v1.7.4');
  });

  test('versions, argv, destinations', () => {
    expect(fyneAppVersion('1.2.3-rc.1')).toBe('1.2.3');
    expect(fyneAppVersion('v2.0')).toBe('2.0');
    expect(fyneAppVersion('abc1234')).toBeUndefined();
    expect(
      fynePackageArgv(
        {
          fyneExe: 'fyne',
          target: 'darwin/universal',
          binary: 'b',
          exeName: 'hello',
          appName: 'Hello',
          appId: 'a.b',
          version: '1.2.3',
          appBuild: 4,
        },
        { exe: '/stage/hello', srcDir: '/s', icon: '/s/Icon.png' },
      ),
    ).toEqual([
      'fyne',
      'package',
      '-os',
      'darwin',
      '--src',
      '/s',
      '-executable',
      '/stage/hello',
      '-name',
      'Hello',
      '-icon',
      '/s/Icon.png',
      '-app-id',
      'a.b',
      '-app-version',
      '1.2.3',
      '-app-build',
      '4',
    ]);
    expect(fynePackageDest('/o', 'hello', '1.2.3', 'linux/arm64', 'Hello')).toBe('/o/hello_1.2.3_linux_arm64.tar.xz');
    expect(fynePackageDest('/o', 'hello', '1.2.3', 'darwin/universal', 'Hello')).toBe('/o/Hello.app');
    expect(fynePackageDest('/o', 'hello', '1.2.3', 'darwin/arm64', 'Hello')).toBe('/o/darwin_arm64/Hello.app');
    expect(codesignArgv('/o/Hello.app')).toEqual(['codesign', '--force', '--sign', '-', '/o/Hello.app']);
  });
});

describe('real fyne tool on Linux', () => {
  test('darwin: .app with Info.plist fields, the given binary (sealed ad hoc), an icns icon', async () => {
    const out = join(root, 'out-darwin');
    const a = await runFynePackage(
      {
        fyneExe,
        target: 'darwin/universal',
        binary: darwinBin,
        exeName: 'hello',
        appName: 'Hello',
        fyneAppToml: TOML,
        iconPng: makePng(256),
        appId: 'com.example.hello',
        version: '1.2.3',
        appBuild: 4,
        macosMinVersion: '12.3',
      },
      { outputDir: out, stem: 'hello', version: '1.2.3', tempDir: root },
    );
    expect(a.kind).toBe('app');
    expect(a.path).toBe(join(out, 'Hello.app'));
    const plist = JSON.parse(
      execFileSync(
        'python3',
        ['-c', 'import sys,json,plistlib\nprint(json.dumps(plistlib.load(open(sys.argv[1],"rb"))))', join(a.path, 'Contents', 'Info.plist')],
        { encoding: 'utf8' },
      ),
    ) as Record<string, unknown>;
    expect(plist).toMatchObject({
      CFBundleName: 'Hello',
      CFBundleExecutable: 'hello',
      CFBundleIdentifier: 'com.example.hello',
      CFBundleShortVersionString: '1.2.3',
      CFBundleVersion: '4',
      CFBundleIconFile: 'icon.icns',
      CFBundlePackageType: 'APPL',
      NSHighResolutionCapable: true,
    });
    expect(plist.LSMinimumSystemVersion).toBe('12.3'); // what the binary was built for (the tool writes 10.11), rewritten before the seal
    expect(plist).not.toHaveProperty('LSApplicationCategoryType'); // the tool's "public.app-category." with no category: left out
    const exe = join(a.path, 'Contents', 'MacOS', 'hello');
    // sealed ad hoc by our signer: everything after the load commands and before the signature is unchanged
    expect(a.signed).toBe('adhoc');
    expect((await verifyBundle(a.path)).ok).toBe(true);
    const signedExe = await readFile(exe);
    const goSig = (await readMachO(darwinBin)).slices[0].header.codeSignature!; // arm64: the linker's
    expect(signedExe.subarray(4096, goSig.dataoff).equals((await readFile(darwinBin)).subarray(4096, goSig.dataoff))).toBe(true);
    expect((await stat(exe)).mode & 0o111).not.toBe(0);
    const icns = await readFile(join(a.path, 'Contents', 'Resources', 'icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(await readFile(join(src, 'FyneApp.toml'), 'utf8')).toBe(TOML); // the tool never saw the repository
    expect((await readdir(src)).sort()).toEqual(['FyneApp.toml', 'Icon.png', 'go.mod', 'main.go']); // nothing left behind
  });

  test('linux: .tar.xz with the binary, a .desktop entry and the icon', async () => {
    const out = join(root, 'out-linux');
    const a = await runFynePackage(
      {
        fyneExe,
        target: 'linux/amd64',
        binary: linuxBin,
        exeName: 'hello',
        appName: 'Hello',
        fyneAppToml: TOML,
        iconPng: makePng(256),
        appId: 'com.example.hello',
        version: 'abc1234',
      },
      { outputDir: out, stem: 'hello', version: 'abc1234', tempDir: root },
    );
    expect(a.kind).toBe('package');
    expect(a.name).toBe('hello_abc1234_linux_amd64.tar.xz');
    const listing = execFileSync('tar', ['-tJvf', a.path], { encoding: 'utf8' });
    expect(listing).toMatch(/-rwxr-xr-x .* hello\/usr\/(local\/)?bin\/hello\n/);
    expect(listing).toMatch(/hello\/usr\/(local\/)?share\/applications\/com\.example\.hello\.desktop/);
    expect(listing).toMatch(/hello\/usr\/(local\/)?share\/pixmaps\/com\.example\.hello\.png/);
    const x = join(root, 'x-linux');
    await mkdir(x);
    execFileSync('tar', ['-xJf', a.path, '-C', x]);
    const usr = existsSync(join(x, 'hello', 'usr', 'local')) ? join(x, 'hello', 'usr', 'local') : join(x, 'hello', 'usr');
    expect((await readFile(join(usr, 'bin', 'hello'))).equals(await readFile(linuxBin))).toBe(true);
    const desktop = await readFile(join(usr, 'share', 'applications', 'com.example.hello.desktop'), 'utf8');
    expect(desktop).toMatch(/^\[Desktop Entry\]$/m);
    expect(desktop).toMatch(/^Name=Hello$/m);
    expect(desktop).toMatch(/^Exec=hello$/m);
    expect(desktop).toMatch(/^Icon=com\.example\.hello$/m);
    expect(await readFile(join(src, 'FyneApp.toml'), 'utf8')).toBe(TOML);
  });
});
