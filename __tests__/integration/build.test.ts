/**
 * The cross-compile engine through the bundled action: a real Fyne app with cgo for Linux
 * (shown under Xvfb) and Windows (MinGW). Pure-Go targets, failures and bad inputs are in
 * build-pure.test.ts, so that jest runs them beside this suite, the longest of the run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactJSON } from '../../src/artifacts/registry.js';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, NODE24, ROOT, runStep, type Runner } from '../helpers/runner.js';
import { runUnderXvfb } from '../helpers/xvfb.js';
import { requireTools } from '../helpers/tools.js';
import { buildGoHello, findLlvmLipo } from '../helpers/macho-go.js';
import { verifyBundle } from '../../src/macho/bundle-verify.js';

let mirror: Mirror;
let runner: Runner;
let env: Record<string, string>;
beforeAll(async () => {
  mirror = await startMirror();
  runner = newRunner('build', { preinstalledGo: true });
  env = offlineGoEnv(mirror.url);
});
afterAll(() => mirror.close());

/** Runs a command to its end without blocking this process (which serves the mirror). */
async function runCli(cmd: string, args: string[], cwd: string, childEnv: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  const child = spawn(cmd, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number>((res) => child.on('close', (code) => res(code ?? -1)));
  return { status, stdout, stderr };
}

const artifacts = (out: Record<string, string>): ArtifactJSON[] => JSON.parse(out['artifacts'] ?? '[]') as ArtifactJSON[];
const sh = (cmd: string, args: string[], opts: { cwd?: string } = {}) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });

/** The action with fyne-package on (release version 1.2.3, caches off); it must succeed. */
async function fynePackageRun(inputs: Record<string, string>): Promise<Awaited<ReturnType<typeof runStep>>> {
  const p = await runStep(runner, {
    inputs: { 'go-version': mirror.version, cache: 'false', 'fyne-package': 'true', 'app-version': '1.2.3', ...inputs },
    env,
    timeoutMs: 45 * 60_000,
  });
  expect(p.errors).toEqual([]);
  expect(p.code).toBe(0);
  return p;
}

describe('a Fyne app with cgo', () => {
  let out: string;
  let r: Awaited<ReturnType<typeof runStep>>;
  beforeAll(async () => {
    out = mkdtempSync(join(runner.dir, 'fyne-out-'));
    r = await runStep(runner, {
      inputs: {
        'go-version': mirror.version,
        'working-directory': join(ROOT, 'examples/hello-fyne'),
        targets: 'linux/amd64, windows/amd64',
        'output-dir': out,
        cache: 'false',
      },
      env,
      timeoutMs: 45 * 60_000, // a cold cgo build of go-gl for two targets: minutes on 2 cores
    });
  }, 45 * 60_000);

  test('builds both targets, lists them, writes SHA256SUMS, leaves the tree clean', () => {
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.outputs['fyne-version']).toBe('v2.7.1');
    const arts = artifacts(r.outputs);
    expect(arts.map((a) => `${a.target} ${a.kind}`).sort()).toEqual([' checksums', 'linux/amd64 binary', 'windows/amd64 binary']);
    for (const a of arts) expect(a.sha256).toBe(sh('sha256sum', [a.path]).split(' ')[0]);
    expect(existsSync(join(out, 'Hello-Fyne_linux_amd64'))).toBe(true);
    expect(sh('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out })).toMatch(/Hello-Fyne_windows_amd64.exe: OK/);
    expect(sh('git', ['status', '--porcelain', '--', 'examples'], { cwd: ROOT })).toBe('');
    // each build printed as its own group, prefixed with its target
    expect(r.stdout).toMatch(/::group::linux\/amd64: ok in/);
    expect(r.stdout).toMatch(/::group::windows\/amd64: ok in/);
  });

  test('the Windows build is a PE amd64 with the GUI subsystem (objdump says so)', () => {
    requireTools('x86_64-w64-mingw32-objdump');
    const dump = sh('x86_64-w64-mingw32-objdump', ['-p', join(out, 'Hello-Fyne_windows_amd64.exe')]);
    expect(dump).toMatch(/file format pei-x86-64/);
    expect(dump).toMatch(/Subsystem\s+00000002\s+\(Windows GUI\)/);
  });

  test('the Linux build is an x86-64 ELF with the release metadata, shows its window under Xvfb and quits when asked', async () => {
    requireTools('readelf', 'xvfb-run', 'xauth', 'xdotool', 'xwininfo');
    const bin = join(out, 'Hello-Fyne_linux_amd64');
    expect(sh('readelf', ['-h', bin])).toMatch(/Machine:\s+Advanced Micro Devices X86-64/);
    // fyne build --release's cgo hardening (fyne.io/tools v1.7.4): -Wl,-z,relro,-z,now on Linux
    expect(sh('readelf', ['-l', '-W', bin])).toMatch(/^\s*GNU_RELRO\s/m);
    expect(sh('readelf', ['-d', '-W', bin])).toMatch(/\(FLAGS\)\s+BIND_NOW|\(FLAGS_1\)\s+Flags: NOW/);
    const log = join(tmpdir(), `hello-fyne-${process.pid}.log`);
    const { code, text } = await runUnderXvfb(bin, log, { quit: true });
    expect(text).toMatch(/window=\d+/);
    expect(text).toMatch(/Map State: IsViewable/);
    expect(text).toMatch(/exit=0/);
    expect(code).toBe(0);
    const app = readFileSync(log, 'utf8');
    expect(app).toContain('app-id=io.github.gofyneaction.hellofyne'); // FyneApp.toml embedded, as fyne build --release does
    expect(app).toContain('app-name=Hello Fyne version=1.2.3 build=4 release=true');
  }, 120_000); // the script bounds each wait (xdotool 30 s, quit 10 s): a hang fails here, not after 10 minutes
  test(
    'fyne-package: a .tar.xz with its .desktop file for Linux, icon and version resources in the Windows exe',
    async () => {
      requireTools('xz', 'x86_64-w64-mingw32-objdump');
      const pkgOut = mkdtempSync(join(runner.dir, 'fyne-pkg-'));
      const p = await fynePackageRun({ 'working-directory': join(ROOT, 'examples/hello-fyne'), targets: 'linux/amd64, windows/amd64', 'output-dir': pkgOut });
      const arts = artifacts(p.outputs);
      const pkg = arts.find((a) => a.kind === 'package');
      expect(pkg?.target).toBe('linux/amd64');
      const listing = sh('tar', ['-tJf', pkg!.path]);
      expect(listing).toMatch(/\.desktop$/m);
      expect(listing).toMatch(/Hello-Fyne$/m);
      const winExe = arts.find((a) => a.target === 'windows/amd64' && a.kind === 'binary')!.path;
      expect(sh('x86_64-w64-mingw32-objdump', ['-h', winExe])).toMatch(/\.rsrc/);
      expect(readFileSync(winExe).includes(Buffer.from('1.2.3.4', 'utf16le'))).toBe(true); // version info: version 1.2.3, build 4
      expect(sh('git', ['status', '--porcelain', '--ignored', '--', 'examples'], { cwd: ROOT })).toBe('');
      expect(sh('sha256sum', ['-c', 'SHA256SUMS'], { cwd: pkgOut })).toMatch(/\.tar\.xz: OK/);
    },
    45 * 60_000,
  );
  test(
    'fyne-package with universal-inputs: a sealed darwin/universal .app made on Linux, accepted by our verifier and the independent plistlib/hashlib check',
    async () => {
      requireTools('python3');
      // The app's folder copied, with two prebuilt darwin binaries (pure Go: there is no macOS
      // SDK here for a cgo darwin build) given as universal-inputs; the Linux target builds as usual.
      const app = join(runner.dir, 'hello-fyne-app');
      cpSync(join(ROOT, 'examples/hello-fyne'), app, { recursive: true });
      mkdirSync(join(app, 'bins'));
      const hello = await buildGoHello(mkdtempSync(join(runner.dir, 'darwin-')));
      cpSync(hello.amd64, join(app, 'bins', 'Hello-Fyne_darwin_amd64'));
      cpSync(hello.arm64, join(app, 'bins', 'Hello-Fyne_darwin_arm64'));
      const appOut = mkdtempSync(join(runner.dir, 'fyne-app-'));
      const p = await fynePackageRun({
        'working-directory': app,
        targets: 'linux/amd64',
        'universal-inputs': 'bins/Hello-Fyne_darwin_*',
        'output-dir': appOut,
      });
      const arts = artifacts(p.outputs);
      const bundle = arts.find((a) => a.kind === 'app');
      expect(bundle).toMatchObject({ target: 'darwin/universal', signed: 'adhoc' });
      expect(bundle!.path).toBe(join(appOut, 'Hello Fyne.app'));
      const exe = join(bundle!.path, 'Contents', 'MacOS', 'Hello-Fyne');
      const lipo = findLlvmLipo();
      if (lipo) expect(sh(lipo, ['-archs', exe]).trim().split(/\s+/).sort()).toEqual(['arm64', 'x86_64']);
      const ours = await verifyBundle(bundle!.path);
      expect(ours.problems).toEqual([]);
      expect(ours.ok).toBe(true);
      const independent = JSON.parse(sh('python3', [join(ROOT, '__tests__/helpers/macos-seal-check.py'), bundle!.path])) as {
        slices: unknown[];
        files2: number;
      };
      expect(independent.slices).toHaveLength(2); // both slices of the universal executable carry a checked CodeDirectory
      expect(independent.files2).toBeGreaterThan(0);
      const plist = JSON.parse(
        sh('python3', [
          '-c',
          'import sys,json,plistlib\nprint(json.dumps(plistlib.load(open(sys.argv[1],"rb"))))',
          join(bundle!.path, 'Contents', 'Info.plist'),
        ]),
      ) as Record<string, unknown>;
      expect(plist).toMatchObject({
        CFBundleIdentifier: 'io.github.gofyneaction.hellofyne',
        CFBundleExecutable: 'Hello-Fyne',
        CFBundleShortVersionString: '1.2.3',
        CFBundleVersion: '4',
      });
      expect(p.stdout).toMatch(/darwin\/universal: .*Hello Fyne\.app \(app\)/);

      // The same through the CLI, from the app's folder (spawned, not spawnSync: the mirror serves from this process).
      const c = await runCli(
        NODE24,
        [
          join(ROOT, 'dist/cli.js'),
          '--go-version',
          mirror.version,
          '--targets',
          'linux/amd64',
          '--universal-inputs',
          'bins/Hello-Fyne_darwin_*',
          '--output-dir',
          'dist-cli',
          '--cache',
          'false',
          '--fyne-package',
          'true',
          '--app-version',
          '1.2.3',
        ],
        app,
        { ...process.env, ...env, HOME: runner.home, GO_FYNE_ACTION_CACHE: join(runner.dir, 'cli-cache') },
      );
      if (c.status !== 0) throw new Error(`the CLI exited ${c.status}:\n${c.stderr.slice(-4000)}`);
      expect(c.stderr).not.toMatch(/error/i);
      const cliArts = JSON.parse(/^artifacts=(.*)$/m.exec(c.stdout)?.[1] ?? '[]') as ArtifactJSON[];
      const cliApp = cliArts.find((a) => a.kind === 'app');
      expect(cliApp).toMatchObject({ target: 'darwin/universal', signed: 'adhoc', path: join(app, 'dist-cli', 'Hello Fyne.app') });
      expect((await verifyBundle(cliApp!.path)).ok).toBe(true);
      expect((JSON.parse(sh('python3', [join(ROOT, '__tests__/helpers/macos-seal-check.py'), cliApp!.path])) as { slices: unknown[] }).slices).toHaveLength(2);
    },
    45 * 60_000,
  );
});
