/**
 * Trust by construction, end to end: hostile repositories and inputs through the bundled action
 * in the simulated runner. Every case plants canaries (a secret file outside the workspace, a
 * token in .git/config, ACTIONS_RUNTIME_TOKEN and a secret in the environment) and checks:
 * the step's result (refused with one error line naming the input, or harmless), that nothing
 * outside output-dir changed (a snapshot of the workspace and of the outside folder, modes and
 * link targets included), and that no canary appears in any produced file, log line, output or
 * the summary. The unit tests of each home (system-confine, system-names, fanin-*, repo-hostile,
 * ...) cover the same classes closer to the code; this proves the bundle wires them in.
 */
import {
  appendFileSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { join } from 'node:path';
import { offlineGoEnv } from '../helpers/build-env.js';
import { treeSnapshot } from '../helpers/tree-snapshot.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, ROOT, runStep, type Runner, type StepResult } from '../helpers/runner.js';

const CANARIES = {
  outside: 'CANARY-OUTSIDE-7f3a',
  git: 'CANARY-GITTOKEN-91c2',
  runtime: 'CANARY-RUNTIME-5d4e',
  env: 'CANARY-ENVSECRET-a0b1',
};

let mirror: Mirror;
let runner: Runner;
let env: Record<string, string>;
beforeAll(async () => {
  mirror = await startMirror();
  runner = newRunner('hostile');
  env = offlineGoEnv(mirror.url);
});
afterAll(() => mirror.close());

interface Scene {
  base: string;
  ws: string;
  outside: string;
  out: string;
}

/** A workspace holding a copy of `example`, a .git/config with a token, and a secret folder beside it. */
function scene(example: 'hello' | 'hello-fyne'): Scene {
  const base = mkdtempSync(join(runner.dir, 'scene-'));
  const ws = join(base, 'ws');
  const outside = join(base, 'outside');
  cpSync(join(ROOT, 'examples', example), ws, { recursive: true });
  mkdirSync(join(ws, '.git'));
  writeFileSync(join(ws, '.git', 'config'), `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${CANARIES.git}\n`);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), `${CANARIES.outside}\n`);
  writeFileSync(join(outside, 'icon.png'), `${CANARIES.outside}\n`);
  return { base, ws, outside, out: join(ws, 'dist') };
}

function filesUnder(dir: string): string[] {
  // output-dir planted as a link out of the workspace is not ours to scan (the run refused it)
  if (!existsSync(dir) || lstatSync(dir).isSymbolicLink()) return [];
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) found.push(p);
    }
  };
  walk(dir);
  return found;
}

/** Runs the step in `s` with the canaries planted, and checks what must hold whatever the outcome. */
async function hostileRun(s: Scene, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<StepResult> {
  const before = { ws: treeSnapshot(s.ws, s.out), outside: treeSnapshot(s.outside), base: readdirSync(s.base).sort() };
  const r = await runStep(runner, {
    cwd: s.ws,
    inputs: { 'go-version': mirror.version, 'output-dir': 'dist', cache: 'false', 'install-deps': 'false', ...inputs },
    env: { ...env, ACTIONS_RUNTIME_TOKEN: CANARIES.runtime, MY_SECRET: CANARIES.env, ...extraEnv },
  });
  // nothing outside output-dir changed
  expect(treeSnapshot(s.ws, s.out)).toEqual(before.ws);
  expect(treeSnapshot(s.outside)).toEqual(before.outside);
  expect(readdirSync(s.base).sort()).toEqual(before.base);
  // no canary anywhere we wrote or printed
  const texts: [string, string][] = [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
    ['summary', r.summary],
    ['outputs', JSON.stringify(r.outputs)],
    ['env', JSON.stringify(r.env)],
    ['state', JSON.stringify(r.state)],
    ...filesUnder(s.out).map((f): [string, string] => [f, readFileSync(f).toString('latin1')]),
  ];
  for (const [where, text] of texts) {
    for (const c of Object.values(CANARIES)) expect({ where, leaked: text.includes(c) }).toEqual({ where, leaked: false });
  }
  // no forged workflow command: every line starting with :: is one of ours
  for (const line of r.stdout.split('\n'))
    if (line.startsWith('::')) expect(line).toMatch(/^::(debug|error|warning|notice|group|endgroup|add-mask|add-matcher)(::| )/);
  expect(r.stdout).not.toMatch(/^::warning title=X/m);
  // what each case printed, for the record (.cache/hostile-results.txt; CI prints nothing of it)
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  appendFileSync(
    join(ROOT, '.cache', 'hostile-results.txt'),
    `${expect.getState().currentTestName ?? '?'}\n  exit ${r.code}: ${r.errors[0] ?? '(no error)'}\n`,
  );
  return r;
}

/** A refusal: exit 1, exactly one error annotation, naming what was wrong. */
function refused(r: StepResult, why: RegExp): void {
  expect(r.code).not.toBe(0);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]).toMatch(why);
}

function setToml(s: Scene, edit: (toml: string) => string): void {
  const f = join(s.ws, 'FyneApp.toml');
  writeFileSync(f, edit(readFileSync(f, 'utf8')));
}

describe('class 1: a repository file reference reads nothing outside the repository', () => {
  test.each([
    ['Icon = "/proc/self/environ"', '/proc/self/environ'],
    ['Icon = absolute path outside', '@OUTSIDE@/icon.png'],
    ['Icon = ../ out of the workspace', '../outside/icon.png'],
    ['Icon = .git/config', '.git/config'],
  ])('%s', async (_what, icon) => {
    const s = scene('hello-fyne');
    setToml(s, (t) => t.replace('Icon = "Icon.png"', `Icon = ${JSON.stringify(icon.replace('@OUTSIDE@', s.outside))}`));
    const r = await hostileRun(s, { targets: 'linux/amd64' });
    refused(r, /Icon/);
  });

  test('Icon.png is a link to a file outside', async () => {
    const s = scene('hello-fyne');
    const icon = join(s.ws, 'Icon.png');
    unlinkSync(icon);
    symlinkSync(join(s.outside, 'icon.png'), icon);
    const r = await hostileRun(s, { targets: 'linux/amd64' });
    refused(r, /Icon/);
  });

  test('archive-files names a link into .git', async () => {
    const s = scene('hello');
    mkdirSync(join(s.ws, 'docs'));
    symlinkSync('../.git/config', join(s.ws, 'docs', 'guide.md'));
    const r = await hostileRun(s, { targets: 'linux/amd64', cgo: 'false', archive: 'zip', 'archive-files': 'docs/guide.md' });
    refused(r, /archive-files/);
  });

  test('archive-files names a link that leaves the workspace', async () => {
    const s = scene('hello');
    symlinkSync(join(s.outside, 'secret.txt'), join(s.ws, 'LICENSE'));
    const r = await hostileRun(s, { targets: 'linux/amd64', cgo: 'false', archive: 'zip', 'archive-files': 'LICENSE' });
    refused(r, /archive-files/);
  });

  test('go-version-file is a link to a secret: refused, its content never echoed', async () => {
    const s = scene('hello');
    symlinkSync(join(s.outside, 'secret.txt'), join(s.ws, '.go-version'));
    const r = await hostileRun(s, { 'go-version': '', 'go-version-file': '.go-version', targets: 'linux/amd64', cgo: 'false' });
    refused(r, /go-version-file/);
  });
});

describe('class 2: a name from an untrusted source never becomes a path', () => {
  test.each([
    ['app-version input with ../', { 'app-version': '../../escape/pwn' }, {}, /app-version/],
    ['app-version input with a newline and a command', { 'app-version': '1.0\n::warning title=X::pwned' }, {}, /app-version/],
  ])('%s', async (_what, inputs, extraEnv, why) => {
    const s = scene('hello');
    const r = await hostileRun(s, { targets: 'linux/amd64', cgo: 'false', archive: 'zip', ...inputs }, extraEnv);
    refused(r, why);
  });

  test('a tag with ../ is never a path', async () => {
    const s = scene('hello');
    const r = await hostileRun(s, { targets: 'linux/amd64', cgo: 'false', archive: 'zip' }, { GITHUB_REF: 'refs/tags/v1.0/../../../escape' });
    // refused, or made into a harmless name inside output-dir
    if (r.code === 0) for (const f of filesUnder(s.out)) expect(f.startsWith(s.out + '/')).toBe(true);
    else refused(r, /version|tag/);
  });

  test('FyneApp.toml Name with ../ (reaches the .app path)', async () => {
    const s = scene('hello-fyne');
    setToml(s, (t) => t.replace('Name = "Hello Fyne"', 'Name = "../../escape"'));
    const r = await hostileRun(s, { targets: 'linux/amd64' });
    refused(r, /Name/);
  });

  test('FyneApp.toml Name with a newline and a workflow command', async () => {
    const s = scene('hello-fyne');
    setToml(s, (t) => t.replace('Name = "Hello Fyne"', 'Name = "Hello\\n::warning title=X::pwned"'));
    const r = await hostileRun(s, { targets: 'linux/amd64' });
    refused(r, /Name/);
  });
});

describe('class 3: a write never follows what is already there', () => {
  test('a link in output-dir at the binary name is replaced, not written through', async () => {
    const s = scene('hello');
    mkdirSync(s.out);
    symlinkSync(join(s.outside, 'secret.txt'), join(s.out, 'hello_linux_amd64'));
    const r = await hostileRun(s, { targets: 'linux/amd64', cgo: 'false' });
    expect(r.code).toBe(0);
    expect(lstatSync(join(s.out, 'hello_linux_amd64')).isSymbolicLink()).toBe(false);
  });

  test('output-dir is itself a link out of the workspace', async () => {
    const s = scene('hello');
    symlinkSync(s.outside, s.out);
    const r = await hostileRun(s, { targets: 'linux/amd64', cgo: 'false' });
    refused(r, /output-dir/);
  });

  test('report: go.mod is refused', async () => {
    const s = scene('hello');
    const r = await hostileRun(s, { targets: 'linux/amd64', cgo: 'false', report: 'go.mod' });
    refused(r, /report/);
  });

  test('report: a link to a file outside is refused', async () => {
    const s = scene('hello');
    symlinkSync(join(s.outside, 'secret.txt'), join(s.ws, 'report.json'));
    const r = await hostileRun(s, { targets: 'linux/amd64', cgo: 'false', report: 'report.json' });
    refused(r, /report/);
  });

  test('a repository link at the name of our own .syso is refused, not written through', async () => {
    const s = scene('hello-fyne');
    symlinkSync(join(s.outside, 'secret.txt'), join(s.ws, 'zz_gofyneaction_windows_amd64.syso'));
    const r = await hostileRun(s, { targets: 'windows/amd64' });
    refused(r, /syso/);
  });

  test('a repository link at a Windows .syso name is refused, not written through', async () => {
    const s = scene('hello-fyne');
    symlinkSync(join(s.outside, 'secret.txt'), join(s.ws, 'rsrc_windows_amd64.syso'));
    const r = await hostileRun(s, { targets: 'windows/amd64' });
    refused(r, /syso/);
  });
});

describe('class 6: untrusted text is printed escaped', () => {
  test('a file name holding a newline and a workflow command', async () => {
    const s = scene('hello');
    mkdirSync(join(s.ws, 'docs'));
    writeFileSync(join(s.ws, 'docs', 'a\n::warning title=X::pwned.md'), 'doc');
    const r = await hostileRun(s, { targets: 'linux/amd64', cgo: 'false', archive: 'zip', 'archive-files': 'docs/*' });
    // refused as a name, or archived with the name escaped wherever it is printed (hostileRun checks no line forges a command)
    if (r.code !== 0) refused(r, /archive-files/);
    else expect(r.stdout).not.toMatch(/^::warning title=X::pwned/m);
  });
});
