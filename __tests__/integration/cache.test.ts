/**
 * Layered caches through the bundled action: main restores, post prunes and saves, against a
 * loopback server speaking the GitHub cache service protocol (Twirp + blob URLs) that the real
 * @actions/cache client talks to. Module downloads come from a loopback GOPROXY serving the
 * machine's module download cache (no network). Every test stands alone: its own cache server
 * (empty unless the test seeds it with a first job) and its own fresh copy of the app, always at
 * the same path. The first job (run 1: a cold build of the unchanged app, then both layers saved)
 * is the same in every test that seeds, so it runs once per file, with its checks, and later
 * seeds load what it saved into their own server: the bytes that job would save again.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { offlineGoEnv } from '../helpers/build-env.js';
import { start, type CacheServer, type StoredEntry } from '../helpers/cache-server.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, ROOT, runStep, type Runner, type StepResult } from '../helpers/runner.js';

let mirror: Mirror;
let runner: Runner;
let gocache: string;
let gomodcache: string;
let modProxy: { url: string; close(): Promise<void> };
/** The app with its dependency fetched, copied for each test. */
let template: string;
/** Per test: */
let server: CacheServer;
let mod: string;
let base: Record<string, string>;
/** What the first job of the unchanged app saved (seed()), made once. */
let firstJob: StoredEntry[] | undefined;

/** The machine's module download cache served as a GOPROXY on 127.0.0.1 (the action refuses file:// proxies). */
async function serveDir(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const srv = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = join(root, rel);
    if (!file.startsWith(root + '/') || !existsSync(file)) return void res.writeHead(404).end('not found');
    createReadStream(file)
      .on('error', () => res.writeHead(404).end())
      .pipe(res);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, close: () => new Promise((r) => srv.close(() => r())) };
}

beforeAll(async () => {
  mirror = await startMirror();
  runner = newRunner('cache');
  const machineModcache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  modProxy = await serveDir(join(machineModcache, 'cache', 'download'));
  gocache = join(runner.dir, 'gocache');
  gomodcache = join(runner.dir, 'gomodcache');
  // A module with one real dependency, so the modules layer has something to hold.
  template = mkdtempSync(join(runner.dir, 'template-'));
  cpSync(join(ROOT, 'examples/hello'), template, { recursive: true });
  writeFileSync(join(template, 'dep.go'), 'package main\n\nimport "github.com/BurntSushi/toml"\n\nvar _ = toml.Unmarshal\n');
  // not execFileSync: the proxy answering go runs in this process
  await promisify(execFile)('go', ['get', 'github.com/BurntSushi/toml@v1.5.0'], {
    cwd: template,
    env: { ...process.env, GOPROXY: modProxy.url, GOSUMDB: 'off', GOMODCACHE: gomodcache, GOFLAGS: '-mod=mod' },
  });
});
afterAll(async () => {
  await mirror.close();
  await modProxy.close();
});
beforeEach(async () => {
  server = await start();
  // The same path in every test: what a first job saved in one test is what it saves in another.
  mod = join(runner.dir, 'app');
  rmSync(mod, { recursive: true, force: true });
  cpSync(template, mod, { recursive: true });
  base = {
    ...offlineGoEnv(mirror.url, gocache),
    GOMODCACHE: gomodcache,
    GOPROXY: modProxy.url,
    GOSUMDB: 'off',
    // A runner always names the event; push is one that saves with cache-save: auto (policy.ts TRUSTED_SAVE_EVENTS).
    GITHUB_EVENT_NAME: 'push',
    ...server.env,
  };
});
afterEach(async () => {
  await server.close();
});

const inputs = (extra: Record<string, string> = {}) => ({
  'go-version': mirror.version,
  'working-directory': mod,
  targets: 'linux/amd64',
  'output-dir': join(mod, 'dist'),
  ...extra,
});
const fresh = () => {
  for (const d of [gocache, gomodcache]) {
    execFileSync('chmod', ['-R', 'u+w', d], { stdio: 'ignore' }); // the module cache is read-only
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
};

/** main, then post with the state main saved: one job. */
async function job(extra: Record<string, string> = {}, env: Record<string, string> = {}): Promise<{ main: StepResult; post: StepResult }> {
  fresh();
  const main = await runStep(runner, { inputs: inputs(extra), env: { ...base, ...env } });
  const post = await runStep(runner, { entry: 'post', inputs: inputs(extra), env: { ...base, ...env }, state: main.state });
  return { main, post };
}

const keys = () =>
  server
    .entries()
    .filter((e) => e.finalized)
    .map((e) => e.key)
    .sort();

/**
 * A first job (run 1) that saves both layers, for the tests about what a later job finds: run for
 * real the first time, loaded from what that run saved afterwards.
 */
async function seed(): Promise<string[]> {
  if (firstJob) server.load(firstJob);
  else {
    const { main, post } = await job();
    expect([main.code, post.code]).toEqual([0, 0]);
    firstJob = server.dump();
  }
  const k = keys();
  expect(k).toHaveLength(2);
  return k;
}

test('first job misses and saves both layers', async () => {
  const { main, post } = await job();
  expect(main.code).toBe(0);
  expect(main.outputs['cache-hit']).toBe('false');
  expect(JSON.parse(main.outputs['cache-matched-keys'])).toEqual({ modules: '', build: '' });
  expect(post.code).toBe(0);
  expect(post.warnings).toEqual([]);
  const k = keys();
  expect(k).toHaveLength(2);
  expect(k[0]).toMatch(/^go-fyne-build-linux-amd64-go1\.25\.14-fynenone-[0-9a-f]+-[0-9a-f]+-1-1$/);
  expect(k[1]).toMatch(/^go-fyne-mod-linux-[0-9a-f]+$/);
  firstJob ??= server.dump(); // this is the seed's job: later seeds load it
});

test('second job restores both by exact key, compiles nothing, uploads nothing', async () => {
  const before = await seed();
  const { main, post } = await job({}, { GITHUB_RUN_ID: '2' });
  expect(main.code).toBe(0);
  expect(main.outputs['cache-hit']).toBe('true');
  const matched = JSON.parse(main.outputs['cache-matched-keys']) as { modules: string; build: string };
  expect(matched.modules).toBe(before[1]);
  expect(matched.build).toBe(before[0]);
  expect(main.stdout).toMatch(/cache build: hit/);
  expect(post.stdout).toMatch(/nothing new compiled/);
  expect(keys()).toEqual(before);
});

test('a job with other targets gets its own key, restoring by prefix', async () => {
  const before = await seed();
  const { main, post } = await job({ targets: 'linux/amd64 linux/arm64', cgo: 'false' }, { GITHUB_RUN_ID: '3' });
  expect(main.code).toBe(0);
  expect(main.stdout).toMatch(/cache build: prefix/);
  expect(post.code).toBe(0);
  const added = keys().filter((k) => !before.includes(k));
  expect(added).toHaveLength(1);
  expect(added[0]).toMatch(/^go-fyne-build-linux-amd64-go1\.25\.14-fynenone-/);
  expect(added[0].split('-')[7]).not.toBe(before[0].split('-')[7]); // another targets+flags fingerprint
});

test('a source change saves fresh work under a new run key', async () => {
  const before = await seed();
  writeFileSync(join(mod, 'extra.go'), 'package main\n\nfunc init() { println("changed") }\n');
  const { main, post } = await job({}, { GITHUB_RUN_ID: '4' });
  expect(main.code).toBe(0);
  expect(post.stdout).toMatch(/pruned \d+ entries/);
  const added = keys().filter((k) => !before.includes(k));
  expect(added).toEqual([expect.stringMatching(/-4-1$/)]);
});

test('cache trouble never fails the build: it warns and builds cold', async () => {
  server.faults({ lookup: { kind: 'status', status: 500 }, create: { kind: 'status', status: 429 } });
  try {
    const { main, post } = await job({}, { GITHUB_RUN_ID: '5' });
    expect(main.code).toBe(0);
    expect(main.outputs['cache-hit']).toBe('false');
    expect(main.warnings.join('\n')).toMatch(/cache/i);
    expect(post.code).toBe(0);
    expect(post.errors).toEqual([]);
  } finally {
    server.faults({});
  }
});

test('a corrupt download warns, and the build goes on cold', async () => {
  await seed(); // something to download
  server.faults({ download: { kind: 'corrupt' } });
  try {
    fresh();
    const main = await runStep(runner, { inputs: inputs(), env: { ...base, GITHUB_RUN_ID: '6' } });
    if (main.code !== 0) console.log(main.stdout.slice(-4000));
    expect(main.code).toBe(0);
    expect(main.warnings.length).toBeGreaterThan(0);
    expect(main.outputs['cache-hit']).toBe('false');
  } finally {
    server.faults({});
  }
});

test('cache-save: false restores only', async () => {
  const before = await seed();
  writeFileSync(join(mod, 'extra.go'), 'package main\n\nfunc init() { println("changed again") }\n');
  const { main, post } = await job({ 'cache-save': 'false' }, { GITHUB_RUN_ID: '7' });
  expect(main.code).toBe(0);
  expect(main.outputs['cache-hit']).toBe('true');
  expect(post.code).toBe(0);
  expect(keys()).toEqual(before);
});

test('cache-save auto on pull_request_target: restores, saves nothing, and says why', async () => {
  const before = await seed(); // something to restore (and a warm build), as the name says
  writeFileSync(join(mod, 'extra.go'), 'package main\n\nfunc init() { println("from a fork") }\n');
  const { main, post } = await job({}, { GITHUB_RUN_ID: '8', GITHUB_EVENT_NAME: 'pull_request_target' });
  expect(main.code).toBe(0);
  expect(main.outputs['cache-hit']).toBe('true');
  expect(main.stdout).toMatch(/cache save: off \(cache-save is auto and this is a pull_request_target run/);
  expect(post.code).toBe(0);
  expect(post.stdout).toMatch(/cache build: skipped \(cache-save is auto and this is a pull_request_target run/);
  expect(keys()).toEqual(before);
});

test('self-hosted runner with a GOCACHE the user set: saved, never pruned', async () => {
  await seed(); // a warm build: the restored entries are in the user's GOCACHE, and still none is pruned
  writeFileSync(join(mod, 'extra.go'), 'package main\n\nfunc init() { println("self-hosted") }\n');
  const { main, post } = await job({}, { GITHUB_RUN_ID: '9', RUNNER_ENVIRONMENT: 'self-hosted' });
  expect(main.code).toBe(0);
  expect(main.env.GOCACHE).toBeUndefined(); // not moved
  expect(post.code).toBe(0);
  expect(post.stdout).toMatch(/cache build: not pruned \(self-hosted runner and GOCACHE is set/);
  expect(post.stdout).not.toMatch(/pruned \d+ entries/);
  expect(post.stdout).toMatch(/cache build: saved/);
});

test('self-hosted runner without GOCACHE: a folder of the job under RUNNER_TEMP, pruned there; the shared one untouched', async () => {
  fresh();
  const env = { ...base, GOCACHE: undefined, RUNNER_ENVIRONMENT: 'self-hosted', GITHUB_RUN_ID: '10' };
  const main = await runStep(runner, { inputs: inputs(), env });
  expect(main.code).toBe(0);
  const own = join(runner.temp, 'go-fyne-action', 'go-build');
  expect(main.env.GOCACHE).toBe(own); // exported for the job's later steps too
  expect(main.stdout).toMatch(/self-hosted runner: GOCACHE is a folder of this job/);
  expect(existsSync(join(own, 'trim.txt'))).toBe(true); // the build used it
  expect(existsSync(join(runner.home, '.cache', 'go-build'))).toBe(false); // go's shared default was never touched
  const post = await runStep(runner, { entry: 'post', inputs: inputs(), env: { ...env, GOCACHE: own }, state: main.state });
  expect(post.code).toBe(0);
  expect(post.stdout).toMatch(/pruned \d+ entries/);
});

test('cache-save auto on issue_comment (a pull-request head built on command): restores, saves nothing, and says why', async () => {
  const before = await seed();
  writeFileSync(join(mod, 'extra.go'), 'package main\n\nfunc init() { println("from a comment") }\n');
  const { main, post } = await job({}, { GITHUB_RUN_ID: '11', GITHUB_EVENT_NAME: 'issue_comment' });
  expect(main.code).toBe(0);
  expect(main.outputs['cache-hit']).toBe('true');
  expect(main.stdout).toMatch(/cache save: off \(cache-save is auto and this is a issue_comment run, which may build code from a fork/);
  expect(post.code).toBe(0);
  expect(post.warnings).toEqual([]);
  expect(keys()).toEqual(before);
});

test('a tag build restores modules by exact key, verifies them, and does not restore the build cache', async () => {
  const before = await seed();
  const { main, post } = await job({}, { GITHUB_RUN_ID: '12', GITHUB_REF: 'refs/tags/v1.0.0' });
  expect(main.code).toBe(0);
  expect(main.stdout).toMatch(/cache: strict restore \(a tag build \(refs\/tags\/v1\.0\.0\)\)/);
  expect(main.stdout).toMatch(/cache modules: go mod verify passed/);
  expect(main.stdout).toMatch(/cache build: skipped \(a tag build \(refs\/tags\/v1\.0\.0\): the build cache is not restored/);
  expect(JSON.parse(main.outputs['cache-matched-keys'])).toEqual({ modules: before[1], build: '' });
  expect(main.warnings).toEqual([]);
  expect(post.code).toBe(0);
});

test('a tag build with a poisoned module cache entry: go mod verify fails, the cache is removed, modules come fresh, the build passes', async () => {
  const before = await seed();
  // The module cache as the first job left it: its saved modules layer, unpacked as a restore does.
  fresh();
  const saved = join(runner.dir, 'modules.tar.zst');
  writeFileSync(saved, firstJob!.find((e) => e.key === before[1])!.data);
  execFileSync('tar', ['--use-compress-program', 'zstd -d', '-xf', saved, '-P', '-C', runner.dir]);
  // Someone with access to the cache scope re-saved the modules entry with a changed dependency
  // source (go trusts an extracted module as it is; only go mod verify re-hashes it).
  const dep = join(gomodcache, 'github.com', '!burnt!sushi', 'toml@v1.5.0');
  execFileSync('chmod', ['-R', 'u+w', gomodcache]);
  writeFileSync(join(dep, 'poison.go'), 'package toml\n\nfunc init() { println("POISONED-CANARY") }\n');
  const rel = relative(runner.dir, gomodcache); // @actions/cache names paths relative to GITHUB_WORKSPACE
  const tarFile = join(runner.dir, 'poisoned.tar');
  execFileSync('tar', ['--posix', '-cf', tarFile, '-P', '-C', runner.dir, rel]);
  execFileSync('zstd', ['-q', '-f', '-o', `${tarFile}.zst`, tarFile]);
  server.replace(before[1], readFileSync(`${tarFile}.zst`));
  const { main, post } = await job({}, { GITHUB_RUN_ID: '13', GITHUB_REF: 'refs/tags/v1.0.1' });
  if (main.code !== 0) console.log(main.stdout.slice(-4000));
  expect(main.code).toBe(0);
  expect(main.warnings.join('\n')).toMatch(
    /cache modules: go mod verify failed on the restored module cache \(.*\); removed it, modules are downloaded afresh/,
  );
  expect(existsSync(join(dep, 'poison.go'))).toBe(false); // downloaded afresh, without the planted file
  const built = readdirSync(join(mod, 'dist'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  expect(built.length).toBeGreaterThan(0);
  for (const f of built) expect(readFileSync(join(f.parentPath, f.name)).includes('POISONED-CANARY')).toBe(false); // the planted code never reached the binary
  expect(post.code).toBe(0);
});
