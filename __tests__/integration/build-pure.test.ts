/**
 * The cross-compile engine through the bundled action, without cgo: pure-Go targets for every OS
 * with headers checked by independent tools, a failing target beside good ones, and bad inputs.
 * (The Fyne app with cgo is build.test.ts; both share the test GOCACHE, which is safe to share.)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactJSON } from '../../src/artifacts/registry.js';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, ROOT, runStep, type Runner } from '../helpers/runner.js';
import { requireLlvmLipo, requireTools } from '../helpers/tools.js';

let mirror: Mirror;
let runner: Runner;
let env: Record<string, string>;
beforeAll(async () => {
  mirror = await startMirror();
  runner = newRunner('build-pure', { preinstalledGo: true });
  env = offlineGoEnv(mirror.url);
});
afterAll(() => mirror.close());

const artifacts = (out: Record<string, string>): ArtifactJSON[] => JSON.parse(out['artifacts'] ?? '[]') as ArtifactJSON[];
const sh = (cmd: string, args: string[], opts: { cwd?: string } = {}) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });

describe('pure Go for every OS, cgo off', () => {
  test('darwin amd64+arm64 (and their universal binary), linux/arm64, windows/arm64: headers checked', async () => {
    requireTools('readelf');
    const lipo = requireLlvmLipo();
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
    expect(sh('readelf', ['-h', byTarget['linux/arm64'].path])).toMatch(/Machine:\s+AArch64/);
    expect(readFileSync(byTarget['windows/arm64'].path).subarray(0, 2).toString()).toBe('MZ');
    expect(sh(lipo, ['-info', byTarget['darwin/amd64'].path])).toMatch(/architecture: x86_64/);
    expect(sh(lipo, ['-info', byTarget['darwin/arm64'].path])).toMatch(/architecture: arm64/);
    const uni = byTarget['darwin/universal'].path;
    expect(uni).toBe(join(out, 'hello_darwin_universal'));
    expect(sh(lipo, ['-info', uni])).toMatch(/Architectures in the fat file: .* are: x86_64 arm64/);
    execFileSync(lipo, [uni, '-verify_arch', 'x86_64', 'arm64']);
    // the universal binary is byte-identical to llvm-lipo's own merge of the same inputs
    const theirs = join(out, 'llvm-universal');
    execFileSync(lipo, ['-create', byTarget['darwin/arm64'].path, byTarget['darwin/amd64'].path, '-output', theirs]);
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
    const last = r.errors[r.errors.length - 1];
    expect(last).toMatch(/^1 target\(s\) failed: windows\/amd64: .*undefined: undefinedCall/);
    expect(r.stdout).toMatch(/\[windows\/amd64\] .*broken_windows\.go:3:\d+: undefined: undefinedCall/); // what the problem matcher reads
    expect(existsSync(join(out, 'hello_linux_amd64'))).toBe(true);
    expect(existsSync(join(out, 'hello_linux_arm64'))).toBe(true);
    expect(
      artifacts(r.outputs)
        .map((a) => a.target)
        .sort(),
    ).toEqual(['', 'linux/amd64', 'linux/arm64']);
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
      // output-dir inside the runner's workspace (examples/hello itself is not in it)
      const r = await runStep(runner, {
        inputs: {
          'go-version': mirror.version,
          'working-directory': join(ROOT, 'examples/hello'),
          'output-dir': join(runner.dir, 'refused-out'),
          cache: 'false',
          ...inputs,
        },
        env,
      });
      expect(r.code).toBe(1);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatch(re);
      expect(r.errors[0]).not.toContain('\n');
      expect(existsSync(join(runner.dir, 'refused-out'))).toBe(false);
    }
  });
});
