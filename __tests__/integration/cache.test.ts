/**
 * Layered caches through the bundled action: main restores, post prunes and saves, against a
 * loopback server speaking the GitHub cache service protocol (Twirp + blob URLs) that the real
 * @actions/cache client talks to. Module downloads come from a file:// GOPROXY (no network).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { offlineGoEnv } from '../helpers/build-env.js';
import { start, type CacheServer } from '../helpers/cache-server.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, ROOT, runStep, type Runner, type StepResult } from '../helpers/runner.js';

let mirror: Mirror;
let server: CacheServer;
let runner: Runner;
let mod: string;
let base: Record<string, string>;
let gocache: string;
let gomodcache: string;

beforeAll(async () => {
  mirror = await startMirror();
  server = await start();
  runner = newRunner('cache');
  const machineModcache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  gocache = join(runner.dir, 'gocache');
  gomodcache = join(runner.dir, 'gomodcache');
  base = {
    ...offlineGoEnv(mirror.url, gocache),
    GOMODCACHE: gomodcache,
    GOPROXY: `file://${machineModcache}/cache/download`,
    GOSUMDB: 'off',
    ...server.env,
  };
  // A module with one real dependency, so the modules layer has something to hold.
  mod = mkdtempSync(join(runner.dir, 'app-'));
  cpSync(join(ROOT, 'examples/hello'), mod, { recursive: true });
  writeFileSync(join(mod, 'dep.go'), 'package main\n\nimport "github.com/BurntSushi/toml"\n\nvar _ = toml.Unmarshal\n');
  execFileSync('go', ['get', 'github.com/BurntSushi/toml@v1.5.0'], { cwd: mod, env: { ...process.env, GOPROXY: base.GOPROXY, GOSUMDB: 'off', GOMODCACHE: gomodcache, GOFLAGS: '-mod=mod' } });
});
afterAll(async () => {
  await mirror.close();
  await server.close();
});

const inputs = (extra: Record<string, string> = {}) => ({ 'go-version': mirror.version, 'working-directory': mod, targets: 'linux/amd64', 'output-dir': join(mod, 'dist'), ...extra });
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

const keys = () => server.entries().filter((e) => e.finalized).map((e) => e.key).sort();

test('first job misses and saves both layers', async () => {
  const { main, post } = await job();
  expect(main.code).toBe(0);
  expect(main.outputs['cache-hit']).toBe('false');
  expect(JSON.parse(main.outputs['cache-matched-keys']!)).toEqual({ modules: '', build: '' });
  expect(post.code).toBe(0);
  expect(post.warnings).toEqual([]);
  const k = keys();
  expect(k).toHaveLength(2);
  expect(k[0]).toMatch(/^go-fyne-build-linux-amd64-go1\.25\.14-fynenone-[0-9a-f]+-[0-9a-f]+-1-1$/);
  expect(k[1]).toMatch(/^go-fyne-mod-linux-[0-9a-f]+$/);
});

test('second job restores both by exact key, compiles nothing, uploads nothing', async () => {
  const before = keys();
  const { main, post } = await job({}, { GITHUB_RUN_ID: '2' });
  expect(main.code).toBe(0);
  expect(main.outputs['cache-hit']).toBe('true');
  const matched = JSON.parse(main.outputs['cache-matched-keys']!);
  expect(matched.modules).toBe(before[1]);
  expect(matched.build).toBe(before[0]);
  expect(main.stdout).toMatch(/cache build: hit/);
  expect(post.stdout).toMatch(/nothing new compiled/);
  expect(keys()).toEqual(before);
});

test('a job with other targets gets its own key, restoring by prefix', async () => {
  const before = keys();
  const { main, post } = await job({ targets: 'linux/amd64 linux/arm64', cgo: 'false' }, { GITHUB_RUN_ID: '3' });
  expect(main.code).toBe(0);
  expect(main.stdout).toMatch(/cache build: prefix/);
  expect(post.code).toBe(0);
  const added = keys().filter((k) => !before.includes(k));
  expect(added).toHaveLength(1);
  expect(added[0]).toMatch(/^go-fyne-build-linux-amd64-go1\.25\.14-fynenone-/);
  expect(added[0]!.split('-')[7]).not.toBe(before[0]!.split('-')[7]); // another targets+flags fingerprint
});

test('a source change saves fresh work under a new run key', async () => {
  const before = keys();
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
  const before = keys();
  writeFileSync(join(mod, 'extra.go'), 'package main\n\nfunc init() { println("changed again") }\n');
  const { main, post } = await job({ 'cache-save': 'false' }, { GITHUB_RUN_ID: '7' });
  expect(main.code).toBe(0);
  expect(main.outputs['cache-hit']).toBe('true');
  expect(post.code).toBe(0);
  expect(keys()).toEqual(before);
});
