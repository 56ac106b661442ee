/**
 * Canaries (issue 18, class 5): a signing build of the bundled action in a simulated runner, and
 * the same through the CLI, with canary strings in the certificate password, ACTIONS_RUNTIME_TOKEN,
 * ACTIONS_ID_TOKEN_REQUEST_TOKEN/URL, a token in the workspace's .git/config (an http extraheader,
 * as actions/checkout leaves it) and an unrelated secret variable. Then every produced file (the
 * output dir, the report, the summary, GITHUB_OUTPUT/ENV/STATE, the tool cache, the temp and home
 * folders, the build cache), the whole log, and the environment and argv every child process
 * received are searched for them: none found.
 *
 * What the children received is recorded for real: wrapper scripts put first on PATH for every
 * program the action runs by name (osslsigncode, git, tar, zstd, go, ...) write their environment
 * and argv and exec the real program; the Go toolchain the action installs runs every compile and
 * link through GOFLAGS=-toolexec=<recorder>, which records the environment `go build` passed on.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helloWithResources, makePki, type Pki } from '../helpers/authenticode.js';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, NODE24, ROOT, runStep, type Runner } from '../helpers/runner.js';
import { requireTools } from '../helpers/tools.js';

const tag = randomBytes(6).toString('hex');
const CANARY = {
  password: `canary-pfx-password-${tag}`,
  runtimeToken: `canary-runtime-token-${tag}`,
  oidcToken: `canary-oidc-token-${tag}`,
  oidcUrl: `http://127.0.0.1:9/canary-oidc-url-${tag}`,
  gitHeader: `canary-git-extraheader-${tag}`,
  envSecret: `canary-unrelated-env-secret-${tag}`,
};
const ALL = Object.values(CANARY);

let pki: Pki;
let mirror: Mirror;
let runner: Runner;
let ws: string;
let wrapDir: string;
let recordDir: string;
let baseEnv: Record<string, string>;

/** Programs the action (or a tool it runs) may start by name: each gets a recording wrapper if it is installed. */
const WRAPPED = [
  'osslsigncode',
  'git',
  'tar',
  'zstd',
  'gzip',
  'go',
  'fyne',
  'nfpm',
  'goversioninfo',
  'x86_64-w64-mingw32-windres',
  'gcc',
  'cc',
  'sudo',
  'apt-get',
  'dpkg-query',
];

/** A recording wrapper: the environment it was started with (/proc/<pid>/environ) and argv (NUL-separated) into recordDir, then the real program (or, as -toolexec, argv itself). */
function recorder(name: string, real: string | undefined): string {
  const file = join(wrapDir, name);
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      `r="${recordDir}/${name}.$$.$(date +%s%N)"`,
      'cat /proc/$$/environ > "$r.env"', // as exec'd: with every variable, even those sh would drop (INPUT_WINDOWS-CERTIFICATE-PASSWORD)
      `printf '%s\\0' "$0" "$@" > "$r.argv"`,
      real ? `exec "${real}" "$@"` : 'exec "$@"',
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

beforeAll(async () => {
  requireTools('openssl', 'osslsigncode', 'git');
  runner = newRunner('canary');
  pki = makePki(join(runner.dir, 'pki'), CANARY.password);
  mirror = await startMirror();
  wrapDir = join(runner.dir, 'wrap');
  recordDir = join(runner.dir, 'recorded');
  mkdirSync(wrapDir);
  mkdirSync(recordDir);
  for (const name of WRAPPED) {
    const real = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (real.startsWith('/')) recorder(name, real);
  }
  const toolexec = recorder('toolexec', undefined);
  // The workspace: a git checkout as actions/checkout leaves it, the token in .git/config.
  ws = join(runner.dir, 'ws');
  mkdirSync(ws);
  helloWithResources(ws);
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: ws, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: runner.home } });
  git('init', '-q');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'init');
  git('config', '--local', 'http.https://github.com/.extraheader', `AUTHORIZATION: basic ${CANARY.gitHeader}`);
  expect(readFileSync(join(ws, '.git', 'config'), 'utf8')).toContain(CANARY.gitHeader);
  const go = offlineGoEnv(mirror.url, join(runner.dir, 'gocache')); // a build cache of its own: searched too
  baseEnv = {
    ...go,
    GOFLAGS: `${go.GOFLAGS} -toolexec=${toolexec}`,
    PATH: `${wrapDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    GITHUB_REF: 'refs/tags/v1.2.3',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    ACTIONS_RUNTIME_TOKEN: CANARY.runtimeToken,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: CANARY.oidcToken,
    ACTIONS_ID_TOKEN_REQUEST_URL: CANARY.oidcUrl,
    MY_DEPLOY_TOKEN: CANARY.envSecret,
  };
}, 300_000);
afterAll(async () => {
  await mirror.close();
});

/** Canaries found in `text`, by name. */
const found = (text: string): string[] => Object.entries(CANARY).flatMap(([k, v]) => (text.includes(v) ? [k] : []));

/** Files under `dir` (but `skip`) holding a canary, with which: grep over every byte, binaries too. */
function filesWithCanaries(dir: string, skip: string[]): string[] {
  const r = spawnSync('grep', ['-rlaF', ...skip.flatMap((s) => ['--exclude-dir', s]), ...ALL.flatMap((c) => ['-e', c]), dir], { encoding: 'utf8' });
  if (r.status === 2) throw new Error(`grep failed: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

/** What the recorders saw: every child's environment and argv, by program. */
function recorded(): { file: string; program: string; kind: string; leaks: string[] }[] {
  return readdirSync(recordDir).map((f) => ({
    file: f,
    program: f.replace(/\..*$/, ''),
    kind: f.replace(/^.*\./, ''),
    leaks: found(readFileSync(join(recordDir, f), 'utf8')),
  }));
}

const inputs = (out: string): Record<string, string> => ({
  'go-version': mirror.version,
  targets: 'windows/amd64',
  cgo: 'false',
  cache: 'false',
  'windows-subsystem': 'gui',
  'output-dir': out,
  archive: 'auto',
  report: 'report.json',
  'windows-certificate': pki.pfxBase64,
  'windows-certificate-password': CANARY.password,
});

test('the action: a signing build with canaries set; no canary in any produced file, the log, or any child environment or argv', async () => {
  const r = await runStep(runner, { cwd: ws, inputs: inputs('dist'), env: baseEnv });
  expect(r.errors).toEqual([]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('hello_windows_amd64.exe: signed with osslsigncode');
  expect(existsSync(join(ws, 'report.json'))).toBe(true);
  // the recorders ran: the signer, and the compiler and linker under go build
  const seen = recorded();
  expect(seen.some((s) => s.program === 'osslsigncode')).toBe(true);
  expect(seen.some((s) => s.program === 'toolexec' && s.kind === 'argv')).toBe(true);
  expect(seen.filter((s) => s.leaks.length > 0)).toEqual([]);
  // the log: the password is registered as a mask (::add-mask::, which the runner swallows) and nowhere else
  const log = `${r.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')}\n${r.stderr}`;
  expect(found(log)).toEqual([]);
  expect(r.stdout).toContain(`::add-mask::${CANARY.password}`);
  // every file this run produced or touched: output dir, report, step files (GITHUB_OUTPUT/ENV/STATE,
  // summary), tool cache, temp, home, build cache; not the inputs that hold canaries by construction
  expect(filesWithCanaries(runner.dir, ['.git', 'pki', 'recorded'])).toEqual([]);
  expect(readdirSync(join(ws, 'dist')).length).toBeGreaterThan(2);
});

test('the CLI: the password from the environment, the certificate from a file; no canary anywhere, not even in argv', async () => {
  const before = new Set(readdirSync(recordDir));
  const out = 'cli-dist';
  const args = Object.entries(inputs(out))
    .filter(([k]) => !k.startsWith('windows-certificate'))
    .flatMap(([k, v]) => [`--${k}`, v])
    .concat(['--windows-certificate-file', pki.pfx]);
  expect(found(args.join('\n'))).toEqual([]);
  // the Go the action's run installed (with the canaries set), hard-linked into the CLI's tools
  // folder: the install path is covered once, and the CLI takes it as a second run would
  const cliCache = join(runner.dir, 'cli-cache');
  if (existsSync(join(runner.toolCache, 'go'))) {
    mkdirSync(join(cliCache, 'tools'), { recursive: true });
    execFileSync('cp', ['-al', join(runner.toolCache, 'go'), join(cliCache, 'tools')]);
  }
  const child = spawn(NODE24, [join(ROOT, 'dist/cli.js'), ...args], {
    cwd: ws,
    env: {
      HOME: runner.home,
      GO_FYNE_ACTION_CACHE: cliCache,
      TMPDIR: runner.temp,
      GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD: CANARY.password,
      ...baseEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((ok) => child.on('close', (c) => ok(c ?? -1)));
  expect(stderr).toContain('hello_windows_amd64.exe: signed with osslsigncode');
  expect(code).toBe(0);
  expect(found(`${stdout}\n${stderr}`)).toEqual([]);
  const fresh = recorded().filter((s) => !before.has(s.file));
  expect(fresh.some((s) => s.program === 'osslsigncode')).toBe(true);
  expect(recorded().filter((s) => s.leaks.length > 0)).toEqual([]);
  expect(filesWithCanaries(runner.dir, ['.git', 'pki', 'recorded'])).toEqual([]);
});

test('untrusted text (class 6): a //line directive names a file "::error title=pwned::..."; the compiler output reaches the log as text, never as a command', async () => {
  const app = join(runner.dir, 'hostile-app');
  mkdirSync(app);
  writeFileSync(join(app, 'go.mod'), 'module example.com/hostile\n\ngo 1.21\n');
  // the compiler reports positions under the //line name, at the start of its output line
  writeFileSync(
    join(app, 'main.go'),
    'package main\n\n//line ::error title=pwned::owned.go:1\nfunc main() { undefinedThing() }\n\n//line \u001b[2Jx ##[warning]pwned.go:1\nvar _ = alsoUndefined\n',
  );
  const r = await runStep(runner, {
    cwd: app,
    inputs: { 'go-version': mirror.version, targets: 'windows/amd64', cgo: 'false', cache: 'false', 'output-dir': 'dist' },
    env: { ...baseEnv, GITHUB_WORKSPACE: app },
  });
  expect(r.code).not.toBe(0);
  const lines = `${r.stdout}\n${r.stderr}`.split(/\r\n|\r|\n/);
  expect(lines.some((l) => l.includes('owned.go'))).toBe(true); // the compiler's message is shown
  expect(lines.filter((l) => /^\s*::error title=pwned/.test(l) || l.includes('##[warning]'))).toEqual([]);
  expect(lines.filter((l) => l.includes('\u001b'))).toEqual([]); // the terminal escape is shown, not sent
  // the failure annotations are the action's own: ::error:: with no property planted
  const errors = lines.filter((l) => l.trimStart().startsWith('::error'));
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.filter((l) => !l.startsWith('::error::'))).toEqual([]);
  expect(lines).toContain('[windows/amd64] ::error title=pwned::owned.go:1: undefined: undefinedThing'); // shown as text: prefixed, never at a line's start
});
