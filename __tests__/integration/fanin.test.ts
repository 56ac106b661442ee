/**
 * Release fan-in (`release-inputs`) through the bundled action: three build "jobs" run the action
 * itself (pure-Go builds of examples/hello: A linux/amd64 + windows/amd64, B darwin/amd64,
 * C darwin/arm64), then a fan-in step on a fresh runner with no Go and no mirror turns their
 * folders, merged (merge-multiple) or one per job, into one verified release.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, ROOT, runStep, type Runner, type StepResult } from '../helpers/runner.js';
import { requireLlvmLipo, requireTools } from '../helpers/tools.js';

let mirror: Mirror;
let runner: Runner;
let env: Record<string, string>;
let wd: string;
const TAG = { GITHUB_REF: 'refs/tags/v1.2.3', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567' };
const KEY_A = 'build_linux-amd64_linux-amd64+windows-amd64';
const KEY_B = 'build_linux-amd64_darwin-amd64';
const KEY_C = 'build_linux-amd64_darwin-arm64';
const KEY_D = 'build_linux-amd64_linux-amd64';

const sh = (cmd: string, args: string[], cwd?: string) => execFileSync(cmd, args, { encoding: 'utf8', cwd });

/** One matrix job: the action builds `targets` of `repo` (default: the hello copy) into <repo>/job-<id>. */
async function buildJob(id: string, targets: string, extra: Record<string, string> = {}, repo = wd): Promise<string> {
  const out = join(repo, `job-${id}`);
  const r = await runStep(runner, {
    inputs: {
      'go-version': mirror.version,
      'working-directory': repo,
      targets,
      cgo: 'false',
      cache: 'false',
      'output-dir': out,
      archive: 'auto',
      'archive-files': 'README.md, LICENSE',
      ...extra,
    },
    env: { ...env, GITHUB_JOB: 'build' },
  });
  expect(r.errors).toEqual([]);
  expect(r.code).toBe(0);
  expect(r.outputs['manifest']).toMatch(/\.manifest\.json$/);
  return out;
}

/** The fan-in step: a fresh runner (empty tool cache), no Go mirror in the environment. */
async function fanIn(inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<StepResult & { toolCache: string[] }> {
  const fresh = newRunner('fanin');
  const r = await runStep(fresh, {
    cwd: runner.dir,
    inputs: { 'working-directory': wd, archive: 'auto', 'archive-files': 'README.md, LICENSE', ...inputs },
    env: { ...TAG, GITHUB_JOB: 'release', ...extraEnv },
  });
  return { ...r, toolCache: readdirSync(fresh.toolCache) };
}

beforeAll(async () => {
  mirror = await startMirror();
  runner = newRunner('fanin-jobs', { preinstalledGo: true }); // the jobs' Go as a hosted image has it; the fan-in's own runners start empty
  env = { ...offlineGoEnv(mirror.url), ...TAG };
  wd = mkdtempSync(join(runner.dir, 'repo-'));
  cpSync(join(ROOT, 'examples/hello'), wd, { recursive: true });
  writeFileSync(join(wd, 'README.md'), '# hello\n');
  writeFileSync(join(wd, 'LICENSE'), 'MIT\n');
  await buildJob('a', 'linux/amd64, windows/amd64');
  await buildJob('b', 'darwin/amd64');
  await buildJob('c', 'darwin/arm64');
  // download-artifact, one folder per job
  for (const j of ['a', 'b', 'c']) cpSync(join(wd, `job-${j}`), join(wd, 'perjob', j), { recursive: true });
  // download-artifact with merge-multiple: one folder, the last job's SHA256SUMS wins
  for (const j of ['a', 'b', 'c']) cpSync(join(wd, `job-${j}`), join(wd, 'merged'), { recursive: true });
}, 600_000);
afterAll(() => mirror.close());

interface Art {
  target: string;
  kind: string;
  path: string;
  sha256: string;
}

describe.each([
  ['merge-multiple: one folder', 'merged', 'release-merged'],
  ['one folder per job', 'perjob/*', 'release-perjob'],
])('fan-in, %s', (_label, pattern, outName) => {
  let r: StepResult & { toolCache: string[] };
  let out: string;
  beforeAll(async () => {
    out = join(wd, outName);
    r = await fanIn({ 'release-inputs': pattern, 'output-dir': outName });
  }, 300_000);

  test('succeeds without installing Go', () => {
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.outputs['go-version']).toBeUndefined();
    expect(r.toolCache).toEqual([]);
    expect(r.stdout).not.toMatch(/Install Go/);
  });

  test("the universal binary is byte-identical to llvm-lipo -create of the two jobs' slices", () => {
    const lipo = requireLlvmLipo();
    const ref = join(mkdtempSync(join(runner.dir, 'lipo-')), 'ref');
    sh(lipo, ['-create', join(wd, 'job-b', 'hello_darwin_amd64'), join(wd, 'job-c', 'hello_darwin_arm64'), '-output', ref]);
    expect(readFileSync(join(out, 'hello_darwin_universal')).equals(readFileSync(ref))).toBe(true);
    const list = sh('tar', ['-tzf', join(out, 'hello_1.2.3_darwin_universal.tar.gz')]);
    expect(list.trim().split('\n').sort()).toEqual(['LICENSE', 'README.md', 'hello']);
  });

  test('sha256sum -c SHA256SUMS passes over the whole release; no job manifest or SHA256SUMS copied', () => {
    const check = sh('sha256sum', ['-c', 'SHA256SUMS'], out);
    expect(check).not.toMatch(/FAILED/);
    expect(check.trim().split('\n')).toHaveLength(10); // 5 binaries + 5 archives
    expect(readdirSync(out).filter((f) => f.endsWith('.manifest.json'))).toEqual([]);
    expect(r.outputs['checksums']).toBe(join(out, 'SHA256SUMS'));
  });

  test("the artifacts output lists every target once per kind, with its job's bytes", () => {
    const arts = JSON.parse(r.outputs['artifacts']) as Art[];
    const targets = ['darwin/amd64', 'darwin/arm64', 'darwin/universal', 'linux/amd64', 'windows/amd64'];
    expect(arts.filter((a) => a.kind === 'binary').map((a) => a.target)).toEqual(targets);
    expect(arts.filter((a) => a.kind === 'archive').map((a) => a.target)).toEqual(targets);
    expect(arts.filter((a) => a.kind === 'checksums').map((a) => a.path)).toEqual([join(out, 'SHA256SUMS')]);
    expect(arts).toHaveLength(11);
    const linux = arts.find((a) => a.kind === 'binary' && a.target === 'linux/amd64')!;
    expect(readFileSync(linux.path).equals(readFileSync(join(wd, 'job-a', 'hello_linux_amd64')))).toBe(true);
  });

  test('one summary table: target, file, size, job, checksum', () => {
    expect(r.summary).toContain('| Target | File | Size | Job | SHA-256 |');
    expect(r.summary).toContain('**Fan-in** 3 job(s), 10 file(s) verified and merged');
    expect(r.summary).toContain('**release** 1.2.3');
    const arts = JSON.parse(r.outputs['artifacts']) as Art[];
    const win = arts.find((a) => a.kind === 'binary' && a.target === 'windows/amd64')!;
    expect(r.summary).toContain(`| windows/amd64 | hello_windows_amd64.exe |`);
    expect(r.summary).toMatch(new RegExp(`\\| ${KEY_A.replace(/\+/g, '\\+')} \\| ${win.sha256} \\|`));
    expect(r.summary).toContain(`| ${KEY_B} |`);
    expect(r.summary).toContain(`| ${KEY_C} |`);
    expect(r.summary).toMatch(/\| darwin\/universal \| hello_darwin_universal \| .* \| fan-in \| [0-9a-f]{64} \|/);
  });
});

describe('fan-in refusals', () => {
  const copyJobs = (name: string): string => {
    const dir = join(wd, name);
    for (const j of ['a', 'b', 'c']) cpSync(join(wd, `job-${j}`), join(dir, j), { recursive: true });
    return dir;
  };

  test('a tampered file: the error names the file and the job', async () => {
    const dir = copyJobs('tampered');
    const f = join(dir, 'a', 'hello_linux_amd64');
    const bytes = readFileSync(f);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(f, bytes);
    const r = await fanIn({ 'release-inputs': 'tampered', 'output-dir': 'release-tampered' });
    expect(r.code).toBe(1);
    expect(r.errors[0]).toContain(`tampered/a/hello_linux_amd64 (job ${KEY_A}) does not match the job's manifest`);
    expect(r.errors[0]).toContain(`tampered/a/hello_linux_amd64 (job ${KEY_A}) fails the job's SHA256SUMS`);
    expect(existsSync(join(wd, 'release-tampered'))).toBe(false); // nothing written
  });

  test('a file no job listed', async () => {
    const dir = copyJobs('unlisted');
    writeFileSync(join(dir, 'b', 'hello_linux_arm64'), 'not built by any job');
    const r = await fanIn({ 'release-inputs': 'unlisted', 'output-dir': 'release-unlisted' });
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([`release-inputs: unlisted/b/hello_linux_arm64 is listed by no job's manifest (jobs there: ${KEY_B})`]);
  });

  test('two jobs giving one target different bytes: the error names both jobs', async () => {
    await buildJob('d', 'linux/amd64', { strip: 'false', archive: 'none', 'archive-files': '' });
    const dir = copyJobs('dup');
    cpSync(join(wd, 'job-d'), join(dir, 'd'), { recursive: true });
    const r = await fanIn({ 'release-inputs': 'dup', 'output-dir': 'release-dup' });
    expect(r.code).toBe(1);
    expect(r.errors[0]).toMatch(
      new RegExp(`^release-inputs: jobs ${KEY_A.replace(/\+/g, '\\+')} and ${KEY_D} both produced linux/amd64 as hello_linux_amd64 with different bytes`),
    );
  }, 300_000);

  test('an empty folder is refused before anything runs', async () => {
    mkdirSync(join(wd, 'empty'));
    const r = await fanIn({ 'release-inputs': 'empty', 'output-dir': 'release-empty' });
    expect(r.code).toBe(1);
    expect(r.errors[0]).toMatch(/^input "release-inputs": "empty" names no file in /);
  });

  test("another workflow run's files: refused, unless release-inputs-run-id names that run", async () => {
    const r = await fanIn({ 'release-inputs': 'merged', 'output-dir': 'release-other-run' }, { GITHUB_RUN_ID: '2' });
    expect(r.code).toBe(1);
    expect(r.errors[0]).toMatch(
      /^release-inputs: merged\/hello_build_\S+\.manifest\.json \(job \S+\) was made by workflow run 1, not this run \(2\); .*release-inputs-run-id: 1/,
    );
    expect(existsSync(join(wd, 'release-other-run'))).toBe(false);
    const ok = await fanIn({ 'release-inputs': 'merged', 'output-dir': 'release-other-run', 'release-inputs-run-id': '1' }, { GITHUB_RUN_ID: '2' });
    expect(ok.errors).toEqual([]);
    expect(ok.code).toBe(0);
  });

  test('an output-dir holding a link to a file outside the workspace: refused, the file untouched', async () => {
    const victim = join(mkdtempSync(join(runner.dir, 'outside-')), 'victim');
    writeFileSync(victim, 'victim\n', { mode: 0o644 });
    mkdirSync(join(wd, 'release-linked'));
    symlinkSync(victim, join(wd, 'release-linked', 'hello_linux_amd64'));
    const r = await fanIn({ 'release-inputs': 'merged', 'output-dir': 'release-linked' });
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([
      `output-dir: ${join(wd, 'release-linked')} already holds files; give a new or empty folder so nothing already there is released`,
    ]);
    expect(readFileSync(victim, 'utf8')).toBe('victim\n');
    expect(statSync(victim).mode & 0o777).toBe(0o644);
  });

  test('release-inputs with targets is a contradiction', async () => {
    const r = await fanIn({ 'release-inputs': 'merged', targets: 'linux/amd64', 'output-dir': 'release-x' });
    expect(r.code).toBe(1);
    expect(r.errors[0]).toMatch(/^input "release-inputs": "merged" is set together with targets \(linux\/amd64\)/);
  });
});

describe('fan-in with fyne-package and linux-packages: the one pipeline packages what the jobs built', () => {
  const STAGES = [
    'Gather release files',
    'Sign Windows binaries',
    'Universal macOS binary',
    'Fyne packages',
    'Notarize macOS .app',
    'Linux packages',
    'Release files',
    'Summary',
  ];
  const MAINTAINER = 'Jane Doe <jane@example.org>';
  let repo: string; // what the build jobs check out: pure Go (no SDK for cgo darwin here), named as the Fyne app names its files
  let checkout: string; // the fan-in job's checkout of the Fyne app: FyneApp.toml, Icon.png, go.mod
  let out: string;
  let r: StepResult & { toolCache: string[] };
  const job = (id: string) => join(repo, `job-${id}`);

  beforeAll(async () => {
    requireTools('python3', 'dpkg-deb', 'unzip');
    repo = mkdtempSync(join(runner.dir, 'fyne-jobs-'));
    cpSync(join(ROOT, 'examples/hello'), repo, { recursive: true });
    cpSync(join(ROOT, 'examples/hello-fyne/FyneApp.toml'), join(repo, 'FyneApp.toml')); // Name "Hello Fyne": files named Hello-Fyne_<os>_<arch>
    const jobs: [string, string][] = [
      ['linux', 'linux/amd64'],
      ['windows', 'windows/amd64'],
      ['mac-intel', 'darwin/amd64'],
      ['mac-arm', 'darwin/arm64'],
    ];
    for (const [id, targets] of jobs) await buildJob(id, targets, { 'archive-files': '' }, repo);
    checkout = mkdtempSync(join(runner.dir, 'fyne-checkout-'));
    cpSync(join(ROOT, 'examples/hello-fyne'), checkout, { recursive: true });
    for (const [id] of jobs) cpSync(job(id), join(checkout, 'dl', id), { recursive: true }); // download-artifact: one folder per job
    out = join(checkout, 'release');
    const fresh = newRunner('fanin-fyne');
    const step = await runStep(fresh, {
      cwd: runner.dir,
      inputs: {
        'working-directory': checkout,
        'release-inputs': 'dl/*',
        'output-dir': 'release',
        'go-version': mirror.version, // the fyne tool and nfpm are Go programs: Go is installed for them, lazily
        'fyne-package': 'true',
        'linux-packages': 'deb',
        maintainer: MAINTAINER,
        report: 'report.json',
      },
      env: { ...env, GITHUB_JOB: 'release' },
    });
    r = { ...step, toolCache: readdirSync(fresh.toolCache) };
  }, 1_200_000);

  test('succeeds; the run report lists the stages of the one pipeline, gathered instead of built', () => {
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(checkout, 'report.json'), 'utf8')) as { stages: { name: string; status: string; reason?: string }[] };
    expect(report.stages.map((s) => s.name)).toEqual(STAGES);
    expect(Object.fromEntries(report.stages.map((s) => [s.name, s.reason ?? s.status]))).toEqual({
      'Gather release files': 'ran',
      'Sign Windows binaries': 'no windows-certificate',
      'Universal macOS binary': 'ran',
      'Fyne packages': 'ran',
      'Notarize macOS .app': 'no notary-key',
      'Linux packages': 'ran',
      'Release files': 'ran',
      Summary: 'ran',
    });
    writeFileSync(join(ROOT, '.cache', 'fanin-fyne-stages.json'), JSON.stringify(report.stages, null, 2)); // quoted in the engineer's note
    writeFileSync(join(ROOT, '.cache', 'fanin-fyne-summary.md'), r.summary);
  });

  test("the universal binary is byte-identical to llvm-lipo -create of the two jobs' slices", () => {
    const lipo = requireLlvmLipo();
    const ref = join(mkdtempSync(join(runner.dir, 'lipo-')), 'ref');
    sh(lipo, ['-create', join(job('mac-intel'), 'Hello-Fyne_darwin_amd64'), join(job('mac-arm'), 'Hello-Fyne_darwin_arm64'), '-output', ref]);
    expect(readFileSync(join(out, 'Hello-Fyne_darwin_universal')).equals(readFileSync(ref))).toBe(true);
  });

  test('the .app zip unpacks (unzip) to a sealed universal app whose executable is 0755 (independent seal check, llvm-lipo)', () => {
    const zip = join(out, 'Hello-Fyne_1.2.3_darwin_universal.app.zip');
    expect(existsSync(zip)).toBe(true);
    const dir = mkdtempSync(join(runner.dir, 'unzip-'));
    sh('unzip', ['-q', zip, '-d', dir]);
    expect(readdirSync(dir)).toEqual(['Hello Fyne.app']);
    const app = join(dir, 'Hello Fyne.app');
    const exe = join(app, 'Contents', 'MacOS', 'Hello-Fyne');
    expect(statSync(exe).mode & 0o777).toBe(0o755);
    expect(sh(requireLlvmLipo(), ['-archs', exe]).trim().split(/\s+/).sort()).toEqual(['arm64', 'x86_64']);
    const seal = JSON.parse(sh('python3', [join(ROOT, '__tests__/helpers/macos-seal-check.py'), app])) as { slices: unknown[]; files2: number };
    expect(seal.slices).toHaveLength(2);
    expect(seal.files2).toBeGreaterThan(0);
    const plist = JSON.parse(
      sh('python3', ['-c', 'import sys,json,plistlib\nprint(json.dumps(plistlib.load(open(sys.argv[1],"rb"))))', join(app, 'Contents', 'Info.plist')]),
    ) as Record<string, unknown>;
    expect(plist).toMatchObject({
      CFBundleIdentifier: 'io.github.gofyneaction.hellofyne',
      CFBundleExecutable: 'Hello-Fyne',
      CFBundleShortVersionString: '1.2.3',
    });
  });

  test("the .deb's /usr/bin binary is byte-identical to the linux job's binary", () => {
    const debs = readdirSync(out).filter((f) => f.endsWith('.deb'));
    expect(debs).toHaveLength(1);
    const dir = mkdtempSync(join(runner.dir, 'deb-'));
    sh('dpkg-deb', ['-x', join(out, debs[0]), dir]);
    const bins = readdirSync(join(dir, 'usr', 'bin'));
    expect(bins).toHaveLength(1);
    expect(readFileSync(join(dir, 'usr', 'bin', bins[0])).equals(readFileSync(join(job('linux'), 'Hello-Fyne_linux_amd64')))).toBe(true);
    expect(sh('dpkg-deb', ['-f', join(out, debs[0]), 'Maintainer']).trim()).toBe(MAINTAINER);
  });

  test('one SHA256SUMS covers every released file, and sha256sum -c passes', () => {
    const check = sh('sha256sum', ['-c', 'SHA256SUMS'], out);
    expect(check).not.toMatch(/FAILED/);
    const listed = check
      .trim()
      .split('\n')
      .map((l) => l.replace(/: OK$/, ''))
      .sort();
    // every released file; the .app folder is released as its .app.zip, so its inner files are not listed
    const files = (readdirSync(out, { recursive: true }) as string[])
      .filter((f) => f !== 'SHA256SUMS' && !/\.app\//.test(f) && statSync(join(out, f)).isFile())
      .sort();
    expect(listed).toEqual(files);
    for (const f of ['Hello-Fyne_darwin_universal', 'Hello-Fyne_1.2.3_darwin_universal.app.zip', 'Hello-Fyne_linux_amd64', 'Hello-Fyne_windows_amd64.exe'])
      expect(listed).toContain(f);
    expect(listed.some((f) => f.endsWith('_amd64.deb'))).toBe(true);
    expect(readdirSync(out).filter((f) => f.endsWith('.manifest.json'))).toEqual([]);
  });

  test('the summary is the fan-in table: the jobs made the binaries, the fan-in the universal binary and the packages', () => {
    expect(r.summary).toContain('| Target | File | Size | Job | SHA-256 |');
    expect(r.summary).toContain('**Fan-in** 4 job(s)');
    expect(r.summary).toMatch(/\| linux\/amd64 \| Hello-Fyne_linux_amd64 \| .* \| build_linux-amd64_linux-amd64 \|/);
    expect(r.summary).toMatch(/\| darwin\/universal \| Hello-Fyne_darwin_universal \| .* \| fan-in \|/);
    expect(r.summary).toMatch(/\| linux\/amd64 \| \S+_amd64\.deb \| .* \| fan-in \|/);
  });
});
