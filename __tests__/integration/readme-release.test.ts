/**
 * The README's release workflow ("## A release: ..."), run whole. The YAML is read out of
 * README.md (scripts/readme-workflows.mjs, the extractor CI lints with actionlint) and parsed;
 * every job runs in the order `needs:` gives, each matrix entry on a fresh simulated runner
 * (__tests__/helpers/runner.ts), each step as the YAML writes it:
 *
 * - `actions/checkout`: a fresh copy of the test repository (examples/hello-fyne with a README,
 *   a LICENSE and a go.mod `toolchain` line naming the Go the loopback mirror serves);
 * - our action (`uses: go-fyne-action/go-fyne-action@…` or `./`): the bundle dist/main.js with
 *   exactly the `with:` inputs of the README, `${{ matrix.* }}`, `${{ secrets.* }}`,
 *   `${{ github.* }}` and `${{ steps.<id>.outputs.* }}` substituted (anything else fails the
 *   test); the only changes are listed in SUBSTITUTIONS below;
 * - `actions/upload-artifact` / `actions/download-artifact`: __tests__/helpers/artifacts.ts
 *   (bytes only, 0644 on download, one folder per artifact or `merge-multiple`);
 * - `actions/attest`: its `subject-checksums` must name the release's SHA256SUMS (no Sigstore here);
 * - the publish `run:` script: run by bash as the runner does (`-eo pipefail`) with the step's
 *   `env:`, with a stub `gh` on PATH that records what would be uploaded.
 *
 * Matrix entries: ubuntu-latest runs as written (a cgo Fyne build for linux/amd64 and, with
 * MinGW, windows/amd64, signed with a throwaway test CA and a loopback RFC 3161 server).
 * macos-latest cannot run here (no macOS SDK for a cgo darwin build): it runs the README's
 * `with:` block on Linux with `cgo: false` over a pure-Go stand-in of the repository (same
 * FyneApp.toml, Icon.png and module path, a main package without Fyne), so its darwin slices
 * and universal binary are real Mach-O files but it makes no .app: the fan-in's `fyne-package`
 * makes the universal .app. ubuntu-24.04-arm (linux/arm64 with cgo) needs an arm64 runner or an
 * arm64 cross toolchain with Fyne's arm64 -dev libraries, which this machine lacks: not run.
 *
 * The release folder is then checked by tools independent of ours: sha256sum -c, python3
 * zipfile (modes and links applied) + __tests__/helpers/macos-seal-check.py, dpkg-deb, rpm,
 * osslsigncode verify, the Linux binary run under Xvfb, a reader of the exe's version strings.
 * Each check is its own test. The fan-in's summary and run report stage list are written to
 * .cache/readme-release/ for the record.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expressionsInScripts, readmeWorkflows } from '../../scripts/readme-workflows.mjs';
import { TEST_GO_VERSION } from '../../scripts/fixtures.mjs';
import { ArtifactStore } from '../helpers/artifacts.js';
import { makePki, startTsa, type Pki, type Tsa } from '../helpers/authenticode.js';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { findLlvmLipo } from '../helpers/macho-go.js';
import { newRunner, ROOT, runStep, type StepResult } from '../helpers/runner.js';
import { requireTools } from '../helpers/tools.js';
import { runUnderXvfb } from '../helpers/xvfb.js';

const TAG = 'v2.3.4';
const VERSION = '2.3.4'; // FyneApp.toml in the repository still says 1.2.3
const BUILD = 4; // FyneApp.toml's Build: the deb revision, the rpm Release, the Windows FILEVERSION's fourth part
const NAME = 'Hello-Fyne';
const RECORD = join(ROOT, '.cache', 'readme-release');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  strategy?: { matrix?: { include?: Record<string, string>[] } };
  steps: Step[];
}
interface Workflow {
  on: { push?: { tags?: string[] } };
  jobs: Record<string, Job>;
}

/** How each runner of the README's matrix is run here (see the file comment). */
const RUNNERS: Record<string, { repo: 'app' | 'darwin-stand-in'; inputs?: Record<string, string> } | { notRun: string }> = {
  'ubuntu-latest': { repo: 'app' },
  'macos-latest': { repo: 'darwin-stand-in', inputs: { cgo: 'false' } },
  'ubuntu-24.04-arm': { notRun: 'an arm64 runner: no arm64 host or arm64 cross toolchain with Fyne -dev libraries here' },
};
/**
 * The only inputs changed from the README's: the timestamp server is the loopback TSA (only
 * 127.0.0.1 traffic), and the fan-in also writes a run report (to record its stage list).
 */
const SUBSTITUTIONS = (tsa: Tsa): Record<string, (v: string | undefined, jobId: string) => string | undefined> => ({
  'windows-timestamp-url': (v) => (v === undefined ? v : tsa.url),
  report: (v, jobId) => (jobId === 'release' ? 'report.json' : v),
});

const isOurs = (uses = '') => uses === './' || /^go-fyne-action\/go-fyne-action@/.test(uses);
const sh = (cmd: string, args: string[], cwd?: string) => execFileSync(cmd, args, { encoding: 'utf8', cwd, maxBuffer: 256 * 1024 * 1024 });

/** `${{ a.b.c }}` from `ctx`; anything but a plain property path is refused (the test must say what it does not support). */
function expand(value: unknown, ctx: Record<string, unknown>): string {
  return String(value).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    if (!/^[A-Za-z_][\w-]*(\.[\w-]+)+$/.test(expr)) throw new Error(`expression not supported by this test: \${{ ${expr} }}`);
    let v: unknown = ctx;
    for (const k of expr.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new Error(`\${{ ${expr} }} has no value in this run`);
  });
}

interface RunLog {
  job: string;
  entry: string;
  steps: string[];
}
interface OurRun {
  job: string;
  entry: string;
  workspace: string;
  inputs: Record<string, string>;
  result: StepResult;
  notices: string[];
}

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const flows = readmeWorkflows(readme);
const release = flows.find((f) => f.heading.startsWith('A release'));
const wf = release?.workflow as unknown as Workflow;

let mirror: Mirror | undefined;
let pki: Pki;
let tsa: Tsa;
let tsaStarted = false;
const store = new ArtifactStore();
const runs: OurRun[] = [];
const log: RunLog[] = [];
const problems: string[] = [];
let repoApp: string;
let repoStandIn: string;
let releaseDir: string;
let releaseWs: string;
let publishArgs: string[] | undefined;
let attestSubject: string | undefined;

function makeRepos(root: string): void {
  repoApp = join(root, 'repo-app');
  cpSync(join(ROOT, 'examples/hello-fyne'), repoApp, { recursive: true });
  writeFileSync(join(repoApp, 'README.md'), '# Hello Fyne\n');
  writeFileSync(join(repoApp, 'LICENSE'), 'MIT\n');
  writeFileSync(
    join(repoApp, 'go.mod'),
    readFileSync(join(repoApp, 'go.mod'), 'utf8').replace(/^go .*$/m, (l) => `${l}\n\ntoolchain go${TEST_GO_VERSION}`),
  );
  repoStandIn = join(root, 'repo-darwin-stand-in');
  mkdirSync(repoStandIn);
  for (const f of ['FyneApp.toml', 'Icon.png', 'README.md', 'LICENSE']) cpSync(join(repoApp, f), join(repoStandIn, f));
  writeFileSync(join(repoStandIn, 'go.mod'), `module github.com/gofyneaction/examples/hello-fyne\n\ngo 1.24\n\ntoolchain go${TEST_GO_VERSION}\n`);
  writeFileSync(
    join(repoStandIn, 'main.go'),
    '// A pure-Go stand-in for the macOS job (no macOS SDK here for a cgo Fyne build).\npackage main\n\nimport "fmt"\n\nfunc main() { fmt.Println("Hello Fyne") }\n',
  );
}

async function runJob(jobId: string, job: Job, goEnv: Record<string, string>): Promise<void> {
  const entries = job.strategy?.matrix?.include ?? [{}];
  for (const matrix of entries) {
    const runsOn = expand(job['runs-on'], { matrix });
    const how = RUNNERS[runsOn] as (typeof RUNNERS)[string] | undefined;
    const entry = `${jobId} (${runsOn}${matrix['targets'] ? `: ${matrix['targets']}` : ''})`;
    const rec: RunLog = { job: jobId, entry, steps: [] };
    log.push(rec);
    if (!how) throw new Error(`the README's ${entry}: this test does not know how to run ${runsOn}`);
    if ('notRun' in how) {
      rec.steps.push(`not run: ${how.notRun}`);
      continue;
    }
    const runner = newRunner(`readme-${jobId}`, { preinstalledGo: true }); // a hosted image's Go: installing is not this test's subject
    const ws = join(runner.dir, 'workspace');
    const ctx: Record<string, unknown> = {
      matrix,
      secrets: { WINDOWS_CERTIFICATE: pki.pfxBase64, WINDOWS_CERTIFICATE_PASSWORD: pki.password },
      github: { token: 'test-token', repository: 'example/hello-fyne', ref_name: TAG, ref: `refs/tags/${TAG}`, event_name: 'push' },
      steps: {},
    };
    const env = {
      ...goEnv,
      GITHUB_REF: `refs/tags/${TAG}`,
      GITHUB_REF_NAME: TAG,
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_JOB: jobId,
    };
    for (const step of job.steps) {
      const label = step.uses ?? step.name ?? 'run';
      const w = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(v, ctx)]));
      if (step.uses?.startsWith('actions/checkout@')) {
        cpSync(how.repo === 'app' ? repoApp : repoStandIn, ws, { recursive: true });
        rec.steps.push(`${label}: ${how.repo === 'app' ? 'the test repository' : 'the pure-Go darwin stand-in'}`);
      } else if (isOurs(step.uses)) {
        const subs = SUBSTITUTIONS(tsa);
        const inputs: Record<string, string> = { ...how.inputs };
        for (const k of new Set([...Object.keys(w), ...Object.keys(subs)])) {
          const v = k in subs ? subs[k](w[k], jobId) : w[k];
          if (v !== undefined && !(k in inputs)) inputs[k] = v;
        }
        const result = await runStep(runner, { cwd: ws, inputs, env, timeoutMs: 45 * 60_000 });
        const notices = result.stdout
          .split('\n')
          .filter((l) => l.startsWith('::notice'))
          .map((l) => l.replace(/^::notice[^:]*::/, ''));
        runs.push({ job: jobId, entry, workspace: ws, inputs, result, notices });
        if (step.id) (ctx['steps'] as Record<string, unknown>)[step.id] = { outputs: result.outputs };
        rec.steps.push(`${label}: exit ${result.code}${result.errors.length ? `, errors: ${result.errors.join(' | ')}` : ''}`);
        if (result.code !== 0) problems.push(`${entry}: our action failed: ${result.errors.join(' | ') || result.stderr.slice(-2000)}`);
      } else if (step.uses?.startsWith('actions/upload-artifact@')) {
        const a = await store.upload(w['name'], w['path'], ws);
        rec.steps.push(`${label}: ${a.name}, ${a.files.length} file(s): ${a.files.map((f) => f.path).join(', ')}`);
      } else if (step.uses?.startsWith('actions/download-artifact@')) {
        const folders = store.download({ pattern: w['pattern'], name: w['name'], path: w['path'] ?? '.', mergeMultiple: w['merge-multiple'] === 'true' }, ws);
        rec.steps.push(`${label}: into ${folders.map((f) => f.slice(ws.length + 1)).join(', ')}`);
      } else if (step.uses?.startsWith('actions/attest@') || step.uses?.startsWith('actions/attest-build-provenance@')) {
        attestSubject = w['subject-checksums'];
        rec.steps.push(`${label}: subject-checksums ${attestSubject} (not run: no Sigstore here)`);
      } else if (step.run !== undefined) {
        const bin = mkdtempSync(join(runner.dir, 'stub-'));
        const argsFile = join(bin, 'gh-args');
        writeFileSync(join(bin, 'gh'), '#!/bin/sh\nfor a in "$@"; do printf \'%s\\0\' "$a"; done > "$GH_ARGS_FILE"\n', { mode: 0o755 });
        const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, ctx)]));
        const p = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
          cwd: ws,
          encoding: 'utf8',
          env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: runner.home, GITHUB_REF_NAME: TAG, GH_ARGS_FILE: argsFile, ...stepEnv },
        });
        if (p.status !== 0) problems.push(`${entry}: run step "${label}" failed (${p.status}): ${p.stderr}`);
        if (existsSync(argsFile)) publishArgs = readFileSync(argsFile, 'utf8').split('\0').slice(0, -1);
        rec.steps.push(`${label}: bash exit ${p.status}${publishArgs ? `, gh ${publishArgs.slice(0, 5).join(' ')} + ${publishArgs.length - 5} file(s)` : ''}`);
      } else {
        throw new Error(`the README's ${entry}: this test does not know the step ${label}`);
      }
      if (isOurs(step.uses) && w['output-dir'] && w['release-inputs']) {
        releaseWs = ws;
        releaseDir = join(ws, w['output-dir']);
      }
    }
  }
}

beforeAll(async () => {
  if (!release) return;
  requireTools('python3', 'osslsigncode', 'dpkg-deb', 'rpm', 'sha256sum', 'bash', 'jq');
  mirror = await startMirror();
  const root = newRunner('readme-release').dir;
  pki = makePki(join(root, 'pki'));
  tsa = await startTsa(pki);
  tsaStarted = true;
  makeRepos(root);
  const goEnv = offlineGoEnv(mirror.url);
  const done = new Set<string>();
  const order = Object.keys(wf.jobs);
  while (done.size < order.length) {
    const next = order.find((id) => !done.has(id) && [wf.jobs[id].needs ?? []].flat().every((n) => done.has(n)));
    if (!next) throw new Error('the README workflow has a cycle in needs:');
    await runJob(next, wf.jobs[next], goEnv);
    done.add(next);
  }
  mkdirSync(RECORD, { recursive: true });
  const fanin = runs.find((r) => r.job === 'release');
  writeFileSync(join(RECORD, 'run.md'), log.map((l) => `- ${l.entry}\n${l.steps.map((s) => `  - ${s}`).join('\n')}`).join('\n') + '\n');
  if (fanin) {
    writeFileSync(join(RECORD, 'fanin-summary.md'), fanin.result.summary);
    writeFileSync(join(RECORD, 'fanin-stdout.txt'), fanin.result.stdout);
    const report = join(fanin.workspace, 'report.json');
    if (existsSync(report)) {
      const stages = (JSON.parse(readFileSync(report, 'utf8')) as { stages: { name: string; status: string; reason?: string }[] }).stages;
      writeFileSync(join(RECORD, 'fanin-stages.txt'), stages.map((s) => `${s.name}: ${s.status}${s.reason ? ` (${s.reason})` : ''}`).join('\n') + '\n');
    }
  }
  for (const r of runs) writeFileSync(join(RECORD, `${r.job}-${r.entry.replace(/[^\w.-]+/g, '_')}.stdout.txt`), r.result.stdout);
}, 90 * 60_000);
afterAll(async () => {
  if (tsaStarted) await tsa.close();
  await mirror?.close();
});

const file = (re: RegExp): string => {
  const f = readdirSync(releaseDir).find((n) => re.test(n));
  if (!f) throw new Error(`no file matching ${re} in the release folder: ${readdirSync(releaseDir).join(', ')}`);
  return join(releaseDir, f);
};
const ubuntuRun = (): OurRun => runs.find((r) => r.entry.includes('ubuntu-latest') && r.job === 'build')!;
const faninRun = (): OurRun => runs.find((r) => r.job === 'release')!;
/** The .app.zip unpacked by python3 zipfile, modes and symlinks applied as ditto/Archive Utility do. */
let appDir: string | undefined;
function unpackApp(): string {
  if (appDir) return appDir;
  const dest = mkdtempSync(join(releaseWs, '..', 'unzipped-'));
  sh('python3', [
    '-c',
    [
      'import os, stat, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'for i in z.infolist():',
      '    mode = i.external_attr >> 16',
      '    p = os.path.join(sys.argv[2], i.filename)',
      '    if stat.S_ISLNK(mode):',
      '        os.makedirs(os.path.dirname(p), exist_ok=True); os.symlink(z.read(i).decode(), p)',
      '    elif i.is_dir():',
      '        os.makedirs(p, exist_ok=True)',
      '    else:',
      '        os.makedirs(os.path.dirname(p), exist_ok=True)',
      '        open(p, "wb").write(z.read(i)); os.chmod(p, stat.S_IMODE(mode) or 0o644)',
    ].join('\n'),
    file(/\.app\.zip$/),
    dest,
  ]);
  const apps = readdirSync(dest).filter((n) => n.endsWith('.app'));
  expect(apps).toHaveLength(1); // ditto -c -k --keepParent: the .app folder is the zip's one top-level entry
  appDir = join(dest, apps[0]);
  return appDir;
}
const plist = (app: string): Record<string, unknown> =>
  JSON.parse(
    sh('python3', [
      '-c',
      'import sys,json,plistlib\nprint(json.dumps(plistlib.load(open(sys.argv[1],"rb")), default=str))',
      join(app, 'Contents', 'Info.plist'),
    ]),
  ) as Record<string, unknown>;

describe('the README release workflow as written', () => {
  test('is one complete workflow: a v* tag, a build matrix, one fan-in job, attestation, publish; current action majors', () => {
    expect(release).toBeDefined();
    expect(wf.on.push?.tags).toEqual(['v*']);
    const build = wf.jobs['build'];
    expect(build.strategy?.matrix?.include?.map((e) => e['os'])).toEqual(['ubuntu-latest', 'ubuntu-24.04-arm', 'macos-latest']);
    expect(build.steps.filter((s) => isOurs(s.uses))).toHaveLength(1); // ONE with: block serves the matrix
    expect(wf.jobs['release'].needs).toBe('build');
    const uses = Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.uses).filter(Boolean));
    expect(uses).toEqual([
      'actions/checkout@v7',
      'go-fyne-action/go-fyne-action@v1',
      'actions/upload-artifact@v7',
      'actions/checkout@v7',
      'actions/download-artifact@v8',
      'go-fyne-action/go-fyne-action@v1',
      'actions/attest@v4',
    ]);
    const fanin = wf.jobs['release'].steps.find((s) => isOurs(s.uses))?.with ?? {};
    expect(typeof fanin['release-inputs']).toBe('string');
    expect(fanin['fyne-package']).toBe(true);
  });

  test('no README workflow puts a ${{ }} expression inside a run: script (outputs go through env:)', () => {
    expect(flows.length).toBeGreaterThanOrEqual(3);
    expect(flows.flatMap((f) => expressionsInScripts(f.workflow).map((e) => `${f.heading}: ${e}`))).toEqual([]);
    expect(readme).not.toMatch(/echo\s+['"]?\$\{\{/);
  });

  test('every job of ours that can run here succeeds; the ones that cannot are named', () => {
    expect(log.map((l) => `${l.entry}: ${l.steps[0]?.startsWith('not run') ? l.steps[0] : 'run'}`)).toEqual([
      'build (ubuntu-latest: linux/amd64, windows/amd64): run',
      `build (ubuntu-24.04-arm: linux/arm64): not run: ${(RUNNERS['ubuntu-24.04-arm'] as { notRun: string }).notRun}`,
      'build (macos-latest: darwin/arm64, darwin/amd64): run',
      'release (ubuntu-latest): run',
    ]);
    expect(problems).toEqual([]);
    for (const r of runs) expect([r.entry, r.result.errors]).toEqual([r.entry, []]);
  });

  test('one with: block: the macOS job gets notices for the inputs it does not use, not errors', () => {
    const mac = runs.find((r) => r.entry.includes('macos-latest'))!;
    expect(mac.result.code).toBe(0);
    expect(mac.notices.join('\n')).toMatch(/windows-certificate/);
    expect(mac.notices.join('\n')).toMatch(/linux-packages/);
    expect(mac.result.summary).toMatch(/windows-certificate/);
  });
});

describe('the release folder', () => {
  test('sha256sum -c SHA256SUMS passes, over every file of the release', () => {
    const out = sh('sha256sum', ['-c', 'SHA256SUMS'], releaseDir);
    expect(out).not.toMatch(/FAILED/);
    const listed = out
      .trim()
      .split('\n')
      .map((l) => l.replace(/: OK$/, ''));
    const files = readdirSync(releaseDir).filter((n) => n !== 'SHA256SUMS' && statSync(join(releaseDir, n)).isFile());
    expect(listed.sort()).toEqual(files.sort());
    writeFileSync(join(RECORD, 'SHA256SUMS'), readFileSync(join(releaseDir, 'SHA256SUMS')));
  });

  test('the publish step uploads exactly the files SHA256SUMS lists plus SHA256SUMS, all regular files', () => {
    expect(publishArgs?.slice(0, 5)).toEqual(['release', 'create', TAG, '--verify-tag', '--generate-notes']);
    const uploaded = publishArgs!.slice(5);
    for (const f of uploaded) expect([f, statSync(f).isFile()]).toEqual([f, true]);
    const sums = readFileSync(join(releaseDir, 'SHA256SUMS'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.slice(66));
    expect(uploaded.map((f) => basename(f)).sort()).toEqual([...sums, 'SHA256SUMS'].sort());
  });

  test('sha256sum -c SHA256SUMS passes in a folder holding only what was published (what a user downloads)', () => {
    const dl = mkdtempSync(join(releaseWs, '..', 'downloaded-'));
    for (const f of publishArgs!.slice(5)) cpSync(f, join(dl, basename(f)));
    const p = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dl, encoding: 'utf8' });
    expect(p.stdout + p.stderr).not.toMatch(/FAILED|No such file/);
    expect(p.status).toBe(0);
  });

  test("every file a job uploaded (but its manifest and SHA256SUMS) is in the release with the job's bytes", () => {
    const changed: string[] = [];
    for (const a of store.artifacts) {
      for (const f of a.files) {
        if (f.path === 'SHA256SUMS' || f.path.endsWith('.manifest.json')) continue;
        const there = join(releaseDir, f.path);
        if (!existsSync(there)) changed.push(`${a.name}/${f.path}: missing`);
        else if (!readFileSync(there).equals(f.bytes)) changed.push(`${a.name}/${f.path}: different bytes in the release`);
      }
    }
    expect(changed).toEqual([]);
  });

  test("the attest step's subject-checksums is the release's SHA256SUMS", () => {
    expect(attestSubject).toBe(join(releaseDir, 'SHA256SUMS'));
  });

  test('the .app zip unpacks to a sealed app (independent check) whose main executable is 0755, both slices', () => {
    const app = unpackApp();
    const exe = join(app, 'Contents', 'MacOS', String(plist(app)['CFBundleExecutable']));
    expect((statSync(exe).mode & 0o777).toString(8)).toBe('755');
    const check = spawnSync('python3', [join(ROOT, '__tests__/helpers/macos-seal-check.py'), app], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).not.toMatch(/"problems": \[[^\]]/);
    expect(check.status).toBe(0);
    expect((JSON.parse(check.stdout) as { slices: unknown[] }).slices).toHaveLength(2);
    const lipo = findLlvmLipo();
    if (lipo) expect(sh(lipo, ['-archs', exe]).trim().split(/\s+/).sort()).toEqual(['arm64', 'x86_64']);
  });

  test("the .deb's /usr/bin binary is the linux/amd64 binary the ubuntu job built", () => {
    const x = mkdtempSync(join(releaseWs, '..', 'deb-'));
    sh('dpkg-deb', ['-x', file(/_amd64\.deb$/), x]);
    const built = readFileSync(join(ubuntuRun().workspace, 'dist', `${NAME}_linux_amd64`));
    expect(readFileSync(join(x, 'usr', 'bin', NAME.toLowerCase())).equals(built)).toBe(true);
    expect(readFileSync(join(releaseDir, `${NAME}_linux_amd64`)).equals(built)).toBe(true);
  });

  test('the signed exe verifies with osslsigncode against the test CA (signature and timestamp)', () => {
    const v = spawnSync('osslsigncode', ['verify', '-CAfile', pki.caPem, '-TSA-CAfile', pki.caPem, '-in', file(/_windows_amd64\.exe$/)], { encoding: 'utf8' });
    expect(v.stdout).toMatch(/Signature verification: ok/);
    expect(v.status).toBe(0);
  });
});

describe(`every version read back is the tag's (${TAG})`, () => {
  test('archive names', () => {
    const archives = readdirSync(releaseDir).filter((n) => /\.(tar\.gz|zip|tar\.xz)$/.test(n));
    expect(archives.length).toBeGreaterThan(0);
    for (const a of archives) expect(a).toContain(`_${VERSION}_`);
  });
  test('.deb Version and .rpm VERSION', () => {
    expect(sh('dpkg-deb', ['-f', file(/_amd64\.deb$/), 'Version']).trim()).toBe(`${VERSION}-${BUILD}`);
    expect(sh('rpm', ['-qp', '--qf', '%{VERSION}', file(/\.x86_64\.rpm$/)])).toBe(VERSION);
  });
  test('Info.plist: CFBundleShortVersionString; LSMinimumSystemVersion is the macos-min-version (11.0); no empty values', () => {
    const p = plist(unpackApp());
    expect(p['CFBundleShortVersionString']).toBe(VERSION);
    expect(p['LSMinimumSystemVersion']).toBe('11.0');
    expect(Object.entries(p).filter(([, v]) => v === '')).toEqual([]);
  });
  test("the Windows version resource (ProductVersion; FileVersion may add FyneApp.toml's Build)", () => {
    const exe = readFileSync(file(/_windows_amd64\.exe$/));
    const text = exe.toString('utf16le') + exe.subarray(1).toString('utf16le');
    const read = (key: string) => new RegExp(`${key}\\0+([0-9][^\\0]*)`).exec(text)?.[1];
    expect({ ProductVersion: read('ProductVersion'), FileVersion: read('FileVersion') }).toEqual({
      ProductVersion: VERSION,
      FileVersion: expect.stringMatching(new RegExp(`^${VERSION.replace(/\./g, '\\.')}(\\.${BUILD})?$`)) as unknown,
    });
  });
  test('the Authenticode description', () => {
    const v = spawnSync('osslsigncode', ['verify', '-CAfile', pki.caPem, '-TSA-CAfile', pki.caPem, '-in', file(/_windows_amd64\.exe$/)], { encoding: 'utf8' });
    expect(/Text description: (.*)/.exec(v.stdout)?.[1]).toContain(VERSION);
  });
  test("the metadata compiled into the Linux binary (the .deb's, started under Xvfb)", async () => {
    requireTools('xvfb-run', 'xauth', 'xdotool', 'xwininfo');
    const logFile = join(mkdtempSync(join(releaseWs, '..', 'xvfb-')), 'app.log');
    const bin = join(releaseDir, `${NAME}_linux_amd64`);
    const { text } = await runUnderXvfb(bin, logFile, { quit: true });
    expect(text).toMatch(/exit=0/);
    expect(readFileSync(logFile, 'utf8')).toMatch(new RegExp(`app-name=Hello Fyne version=${VERSION.replace(/\./g, '\\.')} `));
  }, 120_000);
  test("the fan-in's summary and manifest-checked release carry the tag's version", () => {
    expect(faninRun().result.summary).toContain(`**release** ${VERSION}`);
  });
});

describe('the fan-in is a source of the one pipeline', () => {
  test('its run report lists Gather release files, then the steps that run after a build', () => {
    const stages = readFileSync(join(RECORD, 'fanin-stages.txt'), 'utf8');
    expect(stages).toMatch(/^Gather release files: ran/m);
    expect(stages).toMatch(/^Fyne packages: ran/m);
    expect(stages).not.toMatch(/Verify the jobs' files/);
  });
});

afterAll(() => {
  if (appDir) rmSync(join(appDir, '..'), { recursive: true, force: true });
});
