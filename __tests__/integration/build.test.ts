/**
 * The cross-compile engine through the bundled action: a real Fyne app with cgo for Linux
 * (shown under Xvfb) and Windows (MinGW), pure-Go targets for every OS with headers checked by
 * independent tools, a failing target beside good ones, and bad inputs.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactJSON } from '../../src/release/artifacts.js';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, ROOT, runStep, type Runner } from '../helpers/runner.js';

let mirror: Mirror;
let runner: Runner;
let env: Record<string, string>;
beforeAll(async () => {
  mirror = await startMirror();
  runner = newRunner('build');
  env = offlineGoEnv(mirror.url);
});
afterAll(() => mirror.close());

const artifacts = (out: Record<string, string>): ArtifactJSON[] => JSON.parse(out['artifacts'] ?? '[]');
const sh = (cmd: string, args: string[], opts: { cwd?: string } = {}) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });

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
    const dump = sh('x86_64-w64-mingw32-objdump', ['-p', join(out, 'Hello-Fyne_windows_amd64.exe')]);
    expect(dump).toMatch(/file format pei-x86-64/);
    expect(dump).toMatch(/Subsystem\s+00000002\s+\(Windows GUI\)/);
  });

  test('the Linux build is an x86-64 ELF with the release metadata, shows its window under Xvfb and quits when asked', async () => {
    const bin = join(out, 'Hello-Fyne_linux_amd64');
    expect(sh('readelf', ['-h', bin])).toMatch(/Machine:\s+Advanced Micro Devices X86-64/);
    const script = join(mkdtempSync(join(tmpdir(), 'xvfb-')), 'run.sh');
    writeFileSync(
      script,
      [
        '#!/bin/bash',
        `"$1" > "$2" 2>&1 & pid=$!`,
        `id=$(timeout 30 xdotool search --sync --name '^Hello Fyne$' | head -1)`,
        'echo "window=$id"',
        'xwininfo -id "$id" | grep "Map State"',
        'sleep 1',
        // ask the app to quit: focus its window and press its Quit button from the keyboard
        'xdotool windowfocus --sync "$id"; xdotool key --window "$id" Tab space',
        'for i in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done',
        'if kill -0 $pid 2>/dev/null; then echo still-running; kill $pid; exit 1; fi',
        'wait $pid; echo "exit=$?"',
      ].join('\n'),
      { mode: 0o755 },
    );
    const log = join(tmpdir(), `hello-fyne-${process.pid}.log`);
    const child = spawn('xvfb-run', ['-a', script, bin, log], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    const code = await new Promise((res) => child.on('close', res));
    expect(text).toMatch(/window=\d+/);
    expect(text).toMatch(/Map State: IsViewable/);
    expect(text).toMatch(/exit=0/);
    expect(code).toBe(0);
    const app = readFileSync(log, 'utf8');
    expect(app).toContain('app-id=io.github.gofyneaction.hellofyne'); // FyneApp.toml embedded, as fyne build --release does
    expect(app).toContain('app-name=Hello Fyne version=1.2.3 build=4 release=true');
  });
  test('fyne-package: a .tar.xz with its .desktop file for Linux, icon and version resources in the Windows exe', async () => {
    const pkgOut = mkdtempSync(join(runner.dir, 'fyne-pkg-'));
    const p = await runStep(runner, {
      inputs: {
        'go-version': mirror.version,
        'working-directory': join(ROOT, 'examples/hello-fyne'),
        targets: 'linux/amd64, windows/amd64',
        'output-dir': pkgOut,
        cache: 'false',
        'fyne-package': 'true',
        version: '1.2.3',
      },
      env,
      timeoutMs: 45 * 60_000,
    });
    expect(p.errors).toEqual([]);
    expect(p.code).toBe(0);
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
  }, 45 * 60_000);
});

describe('pure Go for every OS, cgo off', () => {
  test('darwin amd64+arm64 (and their universal binary), linux/arm64, windows/arm64: headers checked', async () => {
    const out = mkdtempSync(join(runner.dir, 'hello-out-'));
    const r = await runStep(runner, {
      inputs: {
        'go-version': mirror.version,
        'working-directory': join(ROOT, 'examples/hello'),
        targets: 'darwin/amd64 darwin/arm64\nlinux/arm64 windows/arm64',
        'output-dir': out,
        cgo: 'false',
        cache: 'false',
        parallel: '2',
      },
      env,
    });
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.outputs['fyne-version']).toBe('none');
    const byTarget = Object.fromEntries(artifacts(r.outputs).map((a) => [a.target, a]));
    expect(Object.keys(byTarget).sort()).toEqual(['', 'darwin/amd64', 'darwin/arm64', 'darwin/universal', 'linux/arm64', 'windows/arm64']);
    expect(sh('readelf', ['-h', byTarget['linux/arm64']!.path])).toMatch(/Machine:\s+AArch64/);
    expect(readFileSync(byTarget['windows/arm64']!.path).subarray(0, 2).toString()).toBe('MZ');
    const lipo = existsSync('/usr/bin/llvm-lipo-19') ? 'llvm-lipo-19' : 'llvm-lipo';
    expect(sh(lipo, ['-info', byTarget['darwin/amd64']!.path])).toMatch(/architecture: x86_64/);
    expect(sh(lipo, ['-info', byTarget['darwin/arm64']!.path])).toMatch(/architecture: arm64/);
    const uni = byTarget['darwin/universal']!.path;
    expect(uni).toBe(join(out, 'hello_darwin_universal'));
    expect(sh(lipo, ['-info', uni])).toMatch(/Architectures in the fat file: .* are: x86_64 arm64/);
    execFileSync(lipo, [uni, '-verify_arch', 'x86_64', 'arm64']);
    // the universal binary is byte-identical to llvm-lipo's own merge of the same inputs
    const theirs = join(out, 'llvm-universal');
    execFileSync(lipo, ['-create', byTarget['darwin/arm64']!.path, byTarget['darwin/amd64']!.path, '-output', theirs]);
    expect(readFileSync(uni).equals(readFileSync(theirs))).toBe(true);
  });
});

describe('failures', () => {
  test('one failing target does not stop the others; the step fails listing it', async () => {
    const mod = mkdtempSync(join(runner.dir, 'broken-'));
    cpSync(join(ROOT, 'examples/hello'), mod, { recursive: true });
    writeFileSync(join(mod, 'broken_windows.go'), 'package main\n\nfunc broken() { undefinedCall() }\n');
    const out = join(mod, 'dist');
    const r = await runStep(runner, {
      inputs: { 'go-version': mirror.version, 'working-directory': mod, targets: 'linux/amd64,windows/amd64,linux/arm64', cache: 'false' },
      env,
    });
    expect(r.code).toBe(1);
    const last = r.errors[r.errors.length - 1]!;
    expect(last).toMatch(/^1 target\(s\) failed: windows\/amd64: .*undefined: undefinedCall/);
    expect(r.stdout).toMatch(/\[windows\/amd64\] .*broken_windows\.go:3:\d+: undefined: undefinedCall/); // what the problem matcher reads
    expect(existsSync(join(out, 'hello_linux_amd64'))).toBe(true);
    expect(existsSync(join(out, 'hello_linux_arm64'))).toBe(true);
    expect(artifacts(r.outputs).map((a) => a.target).sort()).toEqual(['', 'linux/amd64', 'linux/arm64']);
  });

  test('bad targets and buildmodes are one-line errors with suggestions', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ targets: 'linux/amd46' }, /^input "targets": "linux\/amd46" .*closest: linux\/amd64/],
      [{ targets: 'macos/arm64' }, /^input "targets": "macos\/arm64" .*closest: darwin\/arm64/],
      [{ targets: 'linux-amd64' }, /^input "targets": "linux-amd64" is not an os\/arch pair/],
      [{ targets: 'linux/amd64', buildmode: 'plugin' }, /^input "buildmode": "plugin"/],
      [{ targets: 'windows/arm64', buildmode: 'c-shared', cgo: 'false' }, /buildmode/],
    ];
    for (const [inputs, re] of cases) {
      const r = await runStep(runner, { inputs: { 'go-version': mirror.version, 'working-directory': join(ROOT, 'examples/hello'), cache: 'false', ...inputs }, env });
      expect(r.code).toBe(1);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatch(re);
      expect(r.errors[0]).not.toContain('\n');
    }
  });
});
