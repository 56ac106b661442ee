/**
 * The fan-in (`release-inputs`) against hostile job files (issue 18, classes 2, 3 and 4): real
 * job folders, manifests, symlinks and output-dirs on disk, the real config parser and the one
 * pipeline (runPipeline: its gather source, then the steps).
 * Every refusal is one line, raised before anything is written, and nothing outside output-dir
 * changes (a snapshot of the whole test tree, output-dir aside, is compared after each run); no
 * canary (planted in .git/config and a secret file) reaches the output or a message.
 */
import { treeSnapshot } from '../helpers/tree-snapshot.js';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { runPipeline, type RunResult } from '../../src/pipeline.js';
import { MANIFEST_SCHEMA, renderManifest, type JobManifest } from '../../src/fanin/manifest.js';
import type { ArtifactKind } from '../../src/artifacts/registry.js';
import type { RunReport } from '../../src/report.js';
import { fakeRuntime, testConfig, type FakeRuntime } from '../helpers/fake-runtime.js';

const CANARY = 'CANARY-7f3a9c-do-not-release';
const RUN = '4242';
const sha = (b: string | Buffer): string => createHash('sha256').update(b).digest('hex');
const root = realpathSync(mkdtempSync(join(tmpdir(), 'fanin-hostile-')));
let n = 0;

/** What a job lists: a file (content), or an .app folder (entries: content, or { linkTo } for a symlink). */
interface Entry {
  path: string;
  target: string;
  kind: ArtifactKind;
  content?: string;
  app?: Record<string, string | { linkTo: string }>;
}
interface JobSpec {
  folder: string;
  key: string;
  entries: Entry[];
  name?: string;
  version?: string;
  runId?: string;
  /** Change the manifest after it is built (hostile fields). */
  edit?: (m: JobManifest) => void;
}

/** Every regular file under dir as the fan-in's glob sees it (links followed, dangling ones skipped). */
function seenFiles(dir: string, prefix = ''): { rel: string; bytes: Buffer }[] {
  const out: { rel: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    let st;
    try {
      st = statSync(full);
    } catch {
      continue;
    }
    if (st.isDirectory()) out.push(...seenFiles(full, rel));
    else if (st.isFile()) out.push({ rel, bytes: readFileSync(full) });
  }
  return out;
}

/** Writes one job's output-dir (files, SHA256SUMS, manifest) as download-artifact leaves it. */
function writeJob(wd: string, j: JobSpec): void {
  const dir = join(wd, j.folder);
  mkdirSync(dir, { recursive: true });
  const files: JobManifest['files'] = [];
  let sums = '';
  for (const e of j.entries) {
    const p = join(dir, ...e.path.split('/'));
    const [os = '', arch = ''] = e.target.split('/');
    if (e.app) {
      for (const [rel, v] of Object.entries(e.app)) {
        const f = join(p, ...rel.split('/'));
        mkdirSync(dirname(f), { recursive: true });
        if (typeof v === 'string') writeFileSync(f, v);
        else symlinkSync(v.linkTo, f);
      }
      const seen = seenFiles(p);
      const listing = seen.map((s) => `${sha(s.bytes)}  ${s.rel}\n`).join('');
      files.push({ path: e.path, target: e.target, os, arch, kind: e.kind, size: seen.reduce((k, s) => k + s.bytes.length, 0), sha256: sha(listing) });
    } else {
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, e.content ?? `bytes of ${e.path}`);
      const bytes = readFileSync(p);
      files.push({ path: e.path, target: e.target, os, arch, kind: e.kind, size: bytes.length, sha256: sha(bytes) });
      sums += `${sha(bytes)}  ${e.path}\n`;
    }
  }
  writeFileSync(join(dir, 'SHA256SUMS'), sums);
  files.push({ path: 'SHA256SUMS', target: '', os: '', arch: '', kind: 'checksums', size: sums.length, sha256: sha(sums) });
  const m: JobManifest = {
    schema: MANIFEST_SCHEMA,
    name: j.name ?? 'hello',
    version: j.version ?? '1.2.3',
    job: { key: j.key, id: 'build', runner: { os: 'linux', arch: 'amd64' }, targets: [], run: { id: j.runId ?? RUN, attempt: '1' } },
    files,
  };
  j.edit?.(m);
  writeFileSync(join(dir, `hello_${j.key}.manifest.json`), renderManifest(m));
}

/** A fresh working directory inside the workspace `root`, with a canary in .git/config and secret.txt. */
function newCase(): string {
  const wd = join(root, `case-${++n}`);
  mkdirSync(join(wd, '.git'), { recursive: true });
  writeFileSync(join(wd, '.git', 'config'), `[http]\n\textraheader = AUTHORIZATION: basic ${CANARY}\n`);
  writeFileSync(join(wd, 'secret.txt'), `${CANARY}\n`);
  return wd;
}

/** Outside the working directory: a victim file a write must never reach. */
const outside = join(root, 'outside');
mkdirSync(outside);
const victim = join(outside, 'victim');
writeFileSync(victim, 'victim bytes\n');
chmodSync(victim, 0o644);

/** Type, mode and bytes (or link target) of everything under root, but the case's output-dir. */

interface Outcome {
  rt: FakeRuntime;
  result?: RunResult;
  error?: string;
  out: string;
}

/** Runs the fan-in of `wd/dl` into `wd/<outName>`; asserts nothing outside output-dir changed and no canary leaked. */
async function fanIn(wd: string, inputs: Record<string, string> = {}, outName = 'out'): Promise<Outcome> {
  const out = join(wd, outName);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_RUN_ID: RUN, GITHUB_RUN_ATTEMPT: '1' };
  const all = { 'release-inputs': 'dl', 'output-dir': outName, ...inputs };
  const before = treeSnapshot(root, out);
  const rt = fakeRuntime({ tempDir: mkdtempSync(join(tmpdir(), 'fanin-rt-')), env, inputs: all });
  let result: RunResult | undefined;
  let error: string | undefined;
  try {
    const config = await testConfig(wd, all, env);
    result = await runPipeline(rt, config); // the one pipeline, its gather source
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    error = e.message;
    expect(error).not.toContain('\n');
  }
  expect(treeSnapshot(root, out)).toEqual(before);
  expect(readFileSync(victim, 'utf8')).toBe('victim bytes\n');
  expect(statSync(victim).mode & 0o777).toBe(0o644);
  expect(error ?? '').not.toContain(CANARY);
  expect(rt.lines.join('\n')).not.toContain(CANARY);
  if (existsSync(out) && lstatSync(out).isDirectory()) {
    for (const f of seenFiles(out)) expect(f.bytes.toString('latin1')).not.toContain(CANARY);
  }
  return { rt, result, error, out };
}

const bin = (path: string, target: string, content?: string): Entry => ({ path, target, kind: 'binary', content });
const linuxJob = (over: Partial<JobSpec> = {}): JobSpec => ({
  folder: 'dl',
  key: 'build_linux-amd64_linux-amd64',
  entries: [bin('hello_linux_amd64', 'linux/amd64')],
  ...over,
});

describe('the baseline', () => {
  test('a well-formed job is released: binary 0755, SHA256SUMS over it', async () => {
    const wd = newCase();
    writeJob(wd, linuxJob());
    const r = await fanIn(wd);
    expect(r.error).toBeUndefined();
    expect(readdirSync(r.out).sort()).toEqual(['SHA256SUMS', 'hello_linux_amd64']);
    expect(statSync(join(r.out, 'hello_linux_amd64')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(r.out, 'SHA256SUMS'), 'utf8')).toBe(`${sha('bytes of hello_linux_amd64')}  hello_linux_amd64\n`);
  });
});

describe('the one pipeline', () => {
  test("a fan-in runs Gather release files in place of Install Go, Plan builds and Build, then the build's steps; no Go is installed", async () => {
    const wd = newCase();
    writeJob(wd, linuxJob());
    const r = await fanIn(wd, { report: 'out/report.json' }); // inside output-dir: the snapshot of the rest stays unchanged
    expect(r.error).toBeUndefined();
    expect(r.result?.toolchain).toBeUndefined();
    const report = JSON.parse(readFileSync(join(r.out, 'report.json'), 'utf8')) as RunReport;
    expect(report.go).toBeUndefined();
    expect(report.stages.map((s) => [s.name, s.reason ?? s.status])).toEqual([
      ['Gather release files', 'ran'],
      ['Sign Windows binaries', 'no windows-certificate'],
      ['Universal macOS binary', 'the jobs did not build both darwin/amd64 and darwin/arm64'],
      ['Fyne packages', 'fyne-package is false'],
      ['Notarize macOS .app', 'no notary-key'],
      ['Linux packages', 'linux-packages is empty'],
      ['Release files', 'ran'],
      ['Summary', 'ran'],
    ]);
    expect(report.artifacts.map((a) => [a.target, a.kind])).toEqual([
      ['linux/amd64', 'binary'],
      ['', 'checksums'],
    ]);
  });

  test('fyne-package in a fan-in whose checkout has no FyneApp.toml: a warning that says why, the rest released', async () => {
    const wd = newCase();
    writeJob(wd, linuxJob());
    const r = await fanIn(wd, { 'fyne-package': 'true' });
    expect(r.error).toBeUndefined();
    expect(r.rt.lines).toContain(
      "warning: fyne-package: no package is made: the fan-in job has no FyneApp.toml in ., which says the app's name, ID and icon; check out the repository in the fan-in job (actions/checkout) before this step",
    );
    expect(readdirSync(r.out).sort()).toEqual(['SHA256SUMS', 'hello_linux_amd64']);
  });
});

describe('class 2: a manifest field that becomes a path or a name', () => {
  test('name ../../escape/pwn: refused where the manifest is parsed, nothing written anywhere', async () => {
    const wd = newCase();
    writeJob(wd, linuxJob({ name: '../../escape/pwn' }));
    const r = await fanIn(wd);
    expect(r.error).toBe(
      'release-inputs: dl/hello_build_linux-amd64_linux-amd64.manifest.json: name: "../../escape/pwn" has a path separator (/ or \\); use a plain file name: no / \\ < > : " | ? *, no control characters, not . or .., not starting with -',
    );
    expect(existsSync(r.out)).toBe(false);
    expect(existsSync(join(root, 'escape'))).toBe(false);
  });

  test('version 1.0/../../x: refused', async () => {
    const wd = newCase();
    writeJob(wd, linuxJob({ version: '1.0/../../x' }));
    const r = await fanIn(wd);
    expect(r.error).toBe(
      'release-inputs: dl/hello_build_linux-amd64_linux-amd64.manifest.json: version: "1.0/../../x" has a path separator (/ or \\); use letters, digits and . _ + - ~ starting with a letter or digit (e.g. 1.2.3 or 1.2.3-rc.1)',
    );
    expect(existsSync(r.out)).toBe(false);
  });

  test('a file path that climbs out: refused naming the field', async () => {
    const wd = newCase();
    writeJob(wd, linuxJob({ edit: (m) => void (m.files[0].path = 'sub/../../../outside/victim') }));
    const r = await fanIn(wd);
    expect(r.error).toBe(
      'release-inputs: dl/hello_build_linux-amd64_linux-amd64.manifest.json: file path: "sub/../../../outside/victim" has a part ".." that is a relative folder name; give a relative path of plain names',
    );
  });

  test('a file path with a newline and a forged workflow command: refused', async () => {
    const wd = newCase();
    writeJob(wd, linuxJob({ edit: (m) => void (m.files[0].path = 'hello\n::error::forged') }));
    const r = await fanIn(wd);
    expect(r.error).toBe(
      'release-inputs: dl/hello_build_linux-amd64_linux-amd64.manifest.json: file path: "hello\\n::error::forged" has a part "hello\\n::error::forged" that has a control character (a newline, tab or NUL); give a relative path of plain names',
    );
  });

  test('a file name Windows reserves, and one a tool reads as an option: refused', async () => {
    const wd = newCase();
    writeJob(wd, linuxJob({ edit: (m) => void (m.files[0].path = 'CON.exe') }));
    expect((await fanIn(wd)).error).toMatch(
      /^release-inputs: dl\/hello_build_linux-amd64_linux-amd64\.manifest\.json: file path: "CON\.exe" has a part "CON\.exe" that is a reserved device name on Windows;/,
    );
    const wd2 = newCase();
    writeJob(wd2, linuxJob({ name: '-rf' }));
    expect((await fanIn(wd2)).error).toMatch(/: name: "-rf" starts with -, which a tool would read as an option;/);
  });

  test('a target not in the ports table (zzz/zzz), or os/arch that disagree with it: refused', async () => {
    const wd = newCase();
    writeJob(wd, linuxJob({ entries: [bin('hello_zzz', 'zzz/zzz')] }));
    expect((await fanIn(wd)).error).toBe(
      'release-inputs: dl/hello_build_linux-amd64_linux-amd64.manifest.json: file "hello_zzz" has target "zzz/zzz", which is not an os/arch pair Go can build; use a pair of go tool dist list, or darwin/universal',
    );
    const wd2 = newCase();
    writeJob(wd2, linuxJob({ edit: (m) => void (m.files[0].os = 'windows') }));
    expect((await fanIn(wd2)).error).toBe(
      'release-inputs: dl/hello_build_linux-amd64_linux-amd64.manifest.json: file "hello_linux_amd64" has os "windows" and arch "amd64", which disagree with its target linux/amd64; upload the manifest as go-fyne-action wrote it',
    );
  });
});

describe('class 3: a write follows what is already there', () => {
  test('output-dir holds a symlink at a destination name, pointing outside: refused, the outside file untouched', async () => {
    const wd = newCase();
    writeJob(wd, linuxJob());
    mkdirSync(join(wd, 'out'));
    symlinkSync(victim, join(wd, 'out', 'hello_linux_amd64'));
    const r = await fanIn(wd);
    expect(r.error).toBe(`output-dir: ${join(wd, 'out')} already holds files; give a new or empty folder so nothing already there is released`);
    expect(readlinkSync(join(wd, 'out', 'hello_linux_amd64'))).toBe(victim);
  });

  test('output-dir holds a dangling symlink at SHA256SUMS: refused, nothing made at its target', async () => {
    const wd = newCase();
    writeJob(wd, linuxJob());
    mkdirSync(join(wd, 'out'));
    symlinkSync(join(outside, 'made-by-fanin'), join(wd, 'out', 'SHA256SUMS'));
    expect((await fanIn(wd)).error).toMatch(/^output-dir: .* already holds files; give a new or empty folder/);
    expect(existsSync(join(outside, 'made-by-fanin'))).toBe(false);
  });

  test('output-dir is itself a symlink to another folder of the workspace: refused', async () => {
    const wd = newCase();
    writeJob(wd, linuxJob());
    mkdirSync(join(wd, 'elsewhere'));
    symlinkSync(join(wd, 'elsewhere'), join(wd, 'out'));
    const r = await fanIn(wd);
    expect(r.error).toBe(`output-dir: ${join(wd, 'out')} is a link; give a new or empty folder`);
    expect(readdirSync(join(wd, 'elsewhere'))).toEqual([]);
  });

  test('output-dir holds a stale file from an earlier run: refused, so nothing unverified is released', async () => {
    const wd = newCase();
    writeJob(wd, linuxJob());
    mkdirSync(join(wd, 'out'));
    writeFileSync(join(wd, 'out', 'hello_linux_arm64'), 'stale');
    expect((await fanIn(wd)).error).toMatch(/^output-dir: .* already holds files;/);
  });

  test("a job's file is a link into .git (the checkout token): refused, the canary never read into the release", async () => {
    const wd = newCase();
    // The attacker lists the link's bytes (the .git/config) in its manifest.
    writeJob(wd, linuxJob({ entries: [bin('hello_linux_amd64', 'linux/amd64', readFileSync(join(wd, '.git', 'config'), 'utf8'))] }));
    const f = join(wd, 'dl', 'hello_linux_amd64');
    rmSync(f);
    symlinkSync('../.git/config', f);
    const r = await fanIn(wd);
    // refused where the patterns are matched (config), before the fan-in reads anything
    expect(r.error).toBe('input "release-inputs": "dl/hello_linux_amd64" leads through a link into a version-control folder; refusing to read it');
    expect(existsSync(r.out)).toBe(false);
  });
});

describe("class 4: one job replaces another's file", () => {
  const app = (files: Record<string, string | { linkTo: string }> = {}): Entry => ({
    path: 'Hello.app',
    target: 'darwin/arm64',
    kind: 'app',
    app: { 'Contents/Info.plist': '<plist/>', 'Contents/MacOS/hello': 'A bytes', ...files },
  });

  test('job B lists a "binary" inside job A\'s Hello.app with target zzz/zzz: refused at the target', async () => {
    const wd = newCase();
    writeJob(wd, { folder: 'dl/a', key: 'build_darwin-arm64_darwin-arm64', entries: [app()] });
    writeJob(wd, { folder: 'dl/b', key: 'build_linux-amd64_zzz-zzz', entries: [bin('Hello.app/Contents/MacOS/hello', 'zzz/zzz', 'B bytes')] });
    expect((await fanIn(wd)).error).toMatch(
      /^release-inputs: dl\/b\/hello_build_linux-amd64_zzz-zzz\.manifest\.json: file "Hello\.app\/Contents\/MacOS\/hello" has target "zzz\/zzz"/,
    );
  });

  test("job B lists a binary inside job A's Hello.app with a real target: refused as nested", async () => {
    const wd = newCase();
    writeJob(wd, { folder: 'dl/a', key: 'build_darwin-arm64_darwin-arm64', entries: [app()] });
    writeJob(wd, { folder: 'dl/b', key: 'build_linux-amd64_linux-amd64', entries: [bin('Hello.app/Contents/MacOS/hello', 'linux/amd64', 'B bytes')] });
    const r = await fanIn(wd);
    expect(r.error).toBe(
      'release-inputs: Hello.app/Contents/MacOS/hello (job build_linux-amd64_linux-amd64) lies inside Hello.app (job build_darwin-arm64_darwin-arm64); one job may not put a file into what another released',
    );
    expect(existsSync(r.out)).toBe(false);
  });

  test('names that differ only by case: refused (one file on macOS and Windows runners)', async () => {
    const wd = newCase();
    writeJob(wd, { folder: 'dl/a', key: 'build_linux-amd64_linux-amd64', entries: [bin('hello_linux_amd64', 'linux/amd64')] });
    writeJob(wd, { folder: 'dl/b', key: 'build_linux-arm64_linux-arm64', entries: [bin('HELLO_linux_amd64', 'linux/arm64')] });
    expect((await fanIn(wd)).error).toBe(
      'release-inputs: HELLO_linux_amd64 (job build_linux-arm64_linux-arm64) and hello_linux_amd64 (job build_linux-amd64_linux-amd64) differ only by case or Unicode normalisation, so they are one file on macOS and Windows; rename one',
    );
  });

  test('names that differ only by Unicode normalisation (NFC vs NFD): refused', async () => {
    const wd = newCase();
    writeJob(wd, { folder: 'dl/a', key: 'build_linux-amd64_linux-amd64', entries: [bin('caf\u00e9_linux_amd64', 'linux/amd64')] });
    writeJob(wd, { folder: 'dl/b', key: 'build_linux-arm64_linux-arm64', entries: [bin('cafe\u0301_linux_amd64', 'linux/arm64')] });
    expect((await fanIn(wd)).error).toMatch(/differ only by case or Unicode normalisation, so they are one file on macOS and Windows; rename one$/);
  });

  test('a dangling absolute symlink inside an .app: refused, not released', async () => {
    const wd = newCase();
    writeJob(wd, { folder: 'dl', key: 'build_darwin-arm64_darwin-arm64', entries: [app({ 'Contents/Resources/x': { linkTo: '/nonexistent/gfa-dangling' } })] });
    const r = await fanIn(wd);
    expect(r.error).toBe(
      'release-inputs: dl/Hello.app/Contents/Resources/x (job build_darwin-arm64_darwin-arm64) is a link to "/nonexistent/gfa-dangling", an absolute path; an .app may only hold links to files inside it',
    );
    expect(existsSync(r.out)).toBe(false);
  });

  test('a relative symlink inside an .app that leads out of it (to a secret in the workspace): refused, the canary not released', async () => {
    const wd = newCase();
    writeJob(wd, { folder: 'dl', key: 'build_darwin-arm64_darwin-arm64', entries: [app({ 'Contents/Resources/x': { linkTo: '../../../../secret.txt' } })] });
    const r = await fanIn(wd);
    expect(r.error).toBe(
      'release-inputs: dl/Hello.app/Contents/Resources/x (job build_darwin-arm64_darwin-arm64) is a link to "../../../../secret.txt", which leads outside the .app; an .app may only hold links to files inside it',
    );
    expect(existsSync(r.out)).toBe(false);
  });

  test('a link inside an .app to a link inside it that leads out (a chain): refused at the first link', async () => {
    const wd = newCase();
    writeJob(wd, {
      folder: 'dl',
      key: 'build_darwin-arm64_darwin-arm64',
      entries: [app({ 'Contents/Resources/a': { linkTo: 'z' }, 'Contents/Resources/z': { linkTo: '../../../../secret.txt' } })],
    });
    const r = await fanIn(wd);
    expect(r.error).toBe(
      'release-inputs: dl/Hello.app/Contents/Resources/a (job build_darwin-arm64_darwin-arm64) is a link to "z", which leads outside the .app; an .app may only hold links to files inside it',
    );
  });

  test('a symlink inside an .app that points inside it: released as the file it names', async () => {
    const wd = newCase();
    writeJob(wd, { folder: 'dl', key: 'build_darwin-arm64_darwin-arm64', entries: [app({ 'Contents/Resources/alias': { linkTo: '../MacOS/hello' } })] });
    const r = await fanIn(wd);
    expect(r.error).toBeUndefined();
    const copied = join(r.out, 'Hello.app', 'Contents', 'Resources', 'alias');
    expect(lstatSync(copied).isFile()).toBe(true);
    expect(readFileSync(copied, 'utf8')).toBe('A bytes');
  });

  test('a folder link inside an .app (Current -> Versions/A) whose own links resolve from where they really lie: released as files', async () => {
    const wd = newCase();
    writeJob(wd, {
      folder: 'dl',
      key: 'build_darwin-arm64_darwin-arm64',
      entries: [
        app({
          'Contents/Versions/A/lib': 'L bytes',
          'Contents/Versions/A/alias': { linkTo: '../../MacOS/hello' },
          'Contents/Current': { linkTo: 'Versions/A' },
        }),
      ],
    });
    const r = await fanIn(wd);
    expect(r.error).toBeUndefined();
    const cur = join(r.out, 'Hello.app', 'Contents', 'Current');
    expect(lstatSync(cur).isDirectory()).toBe(true);
    expect(readFileSync(join(cur, 'alias'), 'utf8')).toBe('A bytes');
    expect(readFileSync(join(cur, 'lib'), 'utf8')).toBe('L bytes');
  });

  test('a job file named SHA256SUMS (the release writes its own): refused', async () => {
    const wd = newCase();
    writeJob(wd, { folder: 'dl/a', key: 'build_linux-amd64_linux-amd64', entries: [bin('hello_linux_amd64', 'linux/amd64')] });
    writeJob(wd, {
      folder: 'dl/b',
      key: 'build_linux-arm64_linux-arm64',
      entries: [bin('hello_linux_arm64', 'linux/arm64')],
      edit: (m) => m.files.splice(0, 0, { ...m.files[0], path: 'sha256sums' }),
    });
    copyFileSync(join(wd, 'dl/b/hello_linux_arm64'), join(wd, 'dl/b/sha256sums'));
    expect((await fanIn(wd)).error).toBe(
      "release-inputs: sha256sums (job build_linux-arm64_linux-arm64) is a name the fan-in writes itself (SHA256SUMS); a job's file may not take it",
    );
  });

  test('a manifest from another workflow run: refused unless release-inputs-run-id names that run', async () => {
    const wd = newCase();
    writeJob(wd, linuxJob({ runId: '999' }));
    expect((await fanIn(wd)).error).toBe(
      "release-inputs: dl/hello_build_linux-amd64_linux-amd64.manifest.json (job build_linux-amd64_linux-amd64) was made by workflow run 999, not this run (4242); fan in the files of this run, or set release-inputs-run-id: 999 to take that run's",
    );
    const ok = await fanIn(wd, { 'release-inputs-run-id': '999' });
    expect(ok.error).toBeUndefined();
    const any = await fanIn(wd, { 'release-inputs-run-id': 'any' }, 'out-any');
    expect(any.error).toBeUndefined();
    expect((await fanIn(wd, { 'release-inputs-run-id': '12; rm' }, 'out-bad')).error).toBe(
      'input "release-inputs-run-id": "12; rm" is not a workflow run id; use the digits of a run id (e.g. github.event.workflow_run.id) or any',
    );
  });
});
