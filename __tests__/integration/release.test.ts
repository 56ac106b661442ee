/**
 * Release output through the bundled action: reproducible archives named
 * <name>_<version>_<os>_<arch>, SHA256SUMS over every file, the artifacts list with kinds, a
 * universal macOS binary among them, and the job summary.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, NODE24, ROOT, runStep, type Runner, type StepResult } from '../helpers/runner.js';
import { requireLlvmLipo, requireTools } from '../helpers/tools.js';

let mirror: Mirror;
let runner: Runner;
let env: Record<string, string>;
let mod: string;
beforeAll(async () => {
  mirror = await startMirror();
  runner = newRunner('release', { preinstalledGo: true });
  env = { ...offlineGoEnv(mirror.url), GITHUB_REF: 'refs/tags/v1.2.3', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567' };
  mod = mkdtempSync(join(runner.dir, 'app-'));
  cpSync(join(ROOT, 'examples/hello'), mod, { recursive: true });
  writeFileSync(join(mod, 'README.md'), '# hello\n');
  writeFileSync(join(mod, 'LICENSE'), 'MIT\n');
});
afterAll(() => mirror.close());

const release = (out: string): Promise<StepResult> =>
  runStep(runner, {
    inputs: {
      'go-version': mirror.version,
      'working-directory': mod,
      targets: 'linux/amd64, windows/amd64, darwin/amd64, darwin/arm64',
      cgo: 'false',
      cache: 'false',
      'output-dir': out,
      archive: 'auto',
      'archive-files': 'README.md, LICENSE',
    },
    env,
  });

const sh = (cmd: string, args: string[], cwd?: string) => execFileSync(cmd, args, { encoding: 'utf8', cwd });

describe('a release run', () => {
  let out: string;
  let r: StepResult;
  beforeAll(async () => {
    out = mkdtempSync(join(runner.dir, 'out-'));
    r = await release(out);
  });

  test('archives named after the tag: zip for Windows, tar.gz elsewhere, universal included', () => {
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const arts = JSON.parse(r.outputs['artifacts']) as { target: string; kind: string; path: string }[];
    const archives = arts
      .filter((a) => a.kind === 'archive')
      .map((a) => a.path.slice(out.length + 1))
      .sort();
    expect(archives).toEqual([
      'hello_1.2.3_darwin_amd64.tar.gz',
      'hello_1.2.3_darwin_arm64.tar.gz',
      'hello_1.2.3_darwin_universal.tar.gz',
      'hello_1.2.3_linux_amd64.tar.gz',
      'hello_1.2.3_windows_amd64.zip',
    ]);
    expect(arts.filter((a) => a.kind === 'binary')).toHaveLength(5);
    expect(arts.filter((a) => a.kind === 'checksums').map((a) => a.path)).toEqual([join(out, 'SHA256SUMS')]);
    expect(r.outputs['checksums']).toBe(join(out, 'SHA256SUMS'));
  });

  test('archive contents: the binary at the root with README and LICENSE, modes kept', () => {
    requireTools('python3');
    const list = sh('tar', ['-tzvf', join(out, 'hello_1.2.3_linux_amd64.tar.gz')]);
    expect(list).toMatch(/^-rwxr-xr-x root\/root .* hello$/m);
    expect(list).toMatch(/^-rw-r--r-- root\/root .* README\.md$/m);
    expect(list).toMatch(/ LICENSE$/m);
    const zip = sh('python3', [
      '-c',
      'import sys,zipfile; print("\\n".join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))',
      join(out, 'hello_1.2.3_windows_amd64.zip'),
    ]);
    expect(zip.trim().split('\n')).toEqual(['LICENSE', 'README.md', 'hello.exe']);
    const x = mkdtempSync(join(runner.dir, 'x-'));
    sh('tar', ['-xzf', join(out, 'hello_1.2.3_linux_amd64.tar.gz'), '-C', x]);
    expect(sh(join(x, 'hello'), [])).toBe('hello from linux/amd64\n');
  });

  test('sha256sum -c SHA256SUMS passes over every released file', () => {
    const check = sh('sha256sum', ['-c', 'SHA256SUMS'], out);
    expect(check.trim().split('\n')).toHaveLength(10); // 5 binaries + 5 archives
    expect(check).not.toMatch(/FAILED/);
  });

  test('the job summary says what was built with what', () => {
    expect(r.summary).toContain(`**Go** ${mirror.version}`);
    expect(r.summary).toContain('**Fyne** not used');
    expect(r.summary).toContain('**release** 1.2.3');
    for (const t of ['linux/amd64', 'windows/amd64', 'darwin/amd64', 'darwin/arm64', 'darwin/universal']) expect(r.summary).toContain(t);
    expect(r.summary).toContain('hello_1.2.3_windows_amd64.zip');
    expect(r.summary).toContain('hello_windows_amd64.exe');
  });

  test('reproducible: a second run after touching the sources gives identical archives', async () => {
    for (const f of ['README.md', 'LICENSE', 'main.go']) utimesSync(join(mod, f), new Date(), new Date(Date.now() - 86_400_000));
    const out2 = mkdtempSync(join(runner.dir, 'out2-'));
    const r2 = await release(out2);
    expect(r2.code).toBe(0);
    for (const name of ['hello_1.2.3_linux_amd64.tar.gz', 'hello_1.2.3_windows_amd64.zip', 'hello_1.2.3_darwin_universal.tar.gz']) {
      expect(readFileSync(join(out2, name)).equals(readFileSync(join(out, name)))).toBe(true);
    }
    expect(readFileSync(join(out2, 'SHA256SUMS'), 'utf8')).toBe(readFileSync(join(out, 'SHA256SUMS'), 'utf8'));
  });
});

describe('universal-inputs: merge downloaded darwin binaries without building', () => {
  test('two thin binaries in, one verified universal binary out', async () => {
    const lipo = requireLlvmLipo();
    const src = mkdtempSync(join(runner.dir, 'dl-'));
    const build = (arch: string) =>
      // the inputs stand for binaries downloaded from macOS jobs: any Go makes them
      execFileSync('go', ['build', '-o', join(src, `hello_darwin_${arch}`), '.'], {
        cwd: mod,
        env: { ...process.env, GOOS: 'darwin', GOARCH: arch, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' },
      });
    build('amd64');
    build('arm64');
    const out = mkdtempSync(join(runner.dir, 'uout-'));
    const r = await runStep(runner, {
      inputs: { 'go-version': mirror.version, 'working-directory': src, 'universal-inputs': 'hello_darwin_*', 'output-dir': out, cache: 'false' },
      env,
    });
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const arts = JSON.parse(r.outputs['artifacts']) as { target: string; path: string }[];
    expect(arts.map((a) => a.target)).toEqual(['darwin/universal', '']);
    expect(sh(lipo, ['-info', join(out, 'hello_darwin_universal')])).toMatch(/are: x86_64 arm64/);
    // the bundled CLI's lipo agrees, and -thin gives the inputs back byte for byte
    const cli = (args: string[]) => sh(NODE24, [join(ROOT, 'dist/cli.js'), 'lipo', ...args]);
    expect(cli(['-info', join(out, 'hello_darwin_universal')])).toMatch(/are: x86_64 arm64/);
    cli([join(out, 'hello_darwin_universal'), '-verify_arch', 'x86_64', 'arm64']);
    cli([join(out, 'hello_darwin_universal'), '-thin', 'arm64', '-output', join(out, 'thin-arm64')]);
    expect(readFileSync(join(out, 'thin-arm64')).equals(readFileSync(join(src, 'hello_darwin_arm64')))).toBe(true);
    const bad = await runStep(runner, {
      inputs: { 'go-version': mirror.version, 'working-directory': src, 'universal-inputs': 'hello_darwin_*', lipo: 'system', cache: 'false' },
      env,
    });
    expect(bad.code).toBe(1);
    expect(bad.errors[0]).toMatch(/^input "lipo": "system" needs Apple's lipo/);
  });
});

describe('issue 18: a hostile repository through the bundled action', () => {
  const CANARY = 'CANARY-e1-integration-5d21';
  /** A copy of the example whose FyneApp.toml names `icon`, with a go.mod to compare. */
  const hostile = (icon: string): string => {
    const dir = mkdtempSync(join(runner.dir, 'hostile-'));
    cpSync(join(ROOT, 'examples/hello'), dir, { recursive: true });
    writeFileSync(
      join(dir, 'FyneApp.toml'),
      `[Details]\nIcon = ${JSON.stringify(icon)}\nName = "Hello"\nID = "com.example.hello"\nVersion = "1.0.0"\nBuild = 1\n`,
    );
    return dir;
  };
  const step = (dir: string, inputs: Record<string, string>): Promise<StepResult> =>
    runStep(runner, {
      inputs: { 'go-version': mirror.version, 'working-directory': dir, targets: 'linux/amd64', cgo: 'false', cache: 'false', 'output-dir': 'dist', ...inputs },
      env: { ...env, GFA_SECRET: CANARY },
      cwd: dir,
    });
  const printed = (r: StepResult) => r.stdout + r.stderr + JSON.stringify(r.outputs) + r.summary;

  test('Icon = "/proc/self/environ" fails with one line; the environment is never read into anything', async () => {
    const dir = hostile('/proc/self/environ');
    const r = await step(dir, {});
    expect(r.code).not.toBe(0);
    expect(r.errors).toEqual([
      'FyneApp.toml: Details.Icon "/proc/self/environ" is an absolute path; give a PNG path relative to FyneApp.toml\'s folder, inside the repository',
    ]);
    expect(printed(r)).not.toContain(CANARY);
    expect(existsSync(join(dir, 'dist'))).toBe(false); // refused at planning: nothing built, nothing written
  });

  test('report: go.mod is refused before anything runs; go.mod is unchanged', async () => {
    const dir = hostile('Icon.png');
    const before = readFileSync(join(dir, 'go.mod'));
    const r = await step(dir, { report: 'go.mod' });
    expect(r.code).not.toBe(0);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^input "report": "go.mod" exists and is not a go-fyne-action run report \(schema go-fyne-action\/report@1\)/);
    expect(readFileSync(join(dir, 'go.mod')).equals(before)).toBe(true);
    expect(printed(r)).not.toContain(CANARY);
  });
});
