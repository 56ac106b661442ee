/**
 * The real @actions/cache v6 client (through GitHubBackend) against the loopback cache server.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jest } from '@jest/globals';
import { start, type CacheServer } from '../helpers/cache-server.js';
import { GitHubBackend } from '../../src/cache/github-backend.js';
import type { CacheLog } from '../../src/cache/backend.js';

function logger() {
  const lines = { info: [] as string[], warning: [] as string[], debug: [] as string[] };
  const log: CacheLog = {
    info: (m) => lines.info.push(m),
    warning: (m) => lines.warning.push(m),
    debug: (m) => lines.debug.push(m),
  };
  return { log, lines };
}

let server: CacheServer;
let tmp: string;
const saved = { ...process.env };
let stdout: string[] = [];

beforeEach(async () => {
  server = await start();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'gfa-ghcache-'));
  Object.assign(process.env, server.env, {
    RUNNER_TEMP: path.join(tmp, 'runner-temp'),
    GITHUB_WORKSPACE: tmp,
  });
  mkdirSync(process.env.RUNNER_TEMP!, { recursive: true });
  stdout = [];
  const orig = process.stdout.write.bind(process.stdout);
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
    stdout.push(String(chunk));
    return (orig as (...a: unknown[]) => boolean)(chunk, ...rest);
  });
});

afterEach(async () => {
  jest.restoreAllMocks();
  await server.close();
  for (const k of Object.keys(process.env)) if (!(k in saved)) Reflect.deleteProperty(process.env, k);
  Object.assign(process.env, saved);
  rmSync(tmp, { recursive: true, force: true });
});

function fill(dir: string, tag: string) {
  mkdirSync(path.join(dir, 'sub'), { recursive: true });
  writeFileSync(path.join(dir, 'a.txt'), `alpha ${tag}\n`);
  writeFileSync(path.join(dir, 'sub', 'b.bin'), Buffer.alloc(200_000, tag));
}

/** Saves one entry under `key` from a throwaway dir at `dir`. */
async function seed(be: GitHubBackend, dir: string, key: string, tag: string) {
  fill(dir, tag);
  const r = await be.save([dir], key);
  expect(r.status).toBe('saved');
  rmSync(dir, { recursive: true, force: true });
}

test('miss, save, then restore by exact key and by restore-key prefix (newest first)', async () => {
  const { log, lines } = logger();
  const be = new GitHubBackend(log);
  const dir = path.join(tmp, 'gocache');

  expect(await be.restore([dir], 'gf-build-linux-amd64-go1.26-x-1', ['gf-build-linux-amd64-go1.26-'])).toEqual({});
  expect(existsSync(dir)).toBe(false);

  await seed(be, dir, 'gf-build-linux-amd64-go1.26-x-1', 'one');
  await seed(be, dir, 'gf-build-linux-amd64-go1.26-x-2', 'two');
  expect(server.entries().map((e) => [e.key, e.finalized])).toEqual([
    ['gf-build-linux-amd64-go1.26-x-1', true],
    ['gf-build-linux-amd64-go1.26-x-2', true],
  ]);

  const exact = await be.restore([dir], 'gf-build-linux-amd64-go1.26-x-1', ['gf-build-linux-amd64-go1.26-']);
  expect(exact.matchedKey).toBe('gf-build-linux-amd64-go1.26-x-1');
  expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('alpha one\n');
  expect(readFileSync(path.join(dir, 'sub', 'b.bin')).length).toBe(200_000);
  rmSync(dir, { recursive: true, force: true });

  const prefix = await be.restore([dir], 'gf-build-linux-amd64-go1.26-x-3', ['gf-build-linux-amd64-go1.26-x-', 'gf-build-']);
  expect(prefix.matchedKey).toBe('gf-build-linux-amd64-go1.26-x-2');
  expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('alpha two\n');
  expect(lines.warning).toEqual([]);
});

test('entries are scoped by version: other paths do not see them', async () => {
  const { log } = logger();
  const be = new GitHubBackend(log);
  const dir = path.join(tmp, 'mods');
  await seed(be, dir, 'gf-mod-linux-abc', 'm');
  const other = await be.restore([path.join(tmp, 'elsewhere')], 'gf-mod-linux-abc', ['gf-mod-linux-']);
  expect(other.matchedKey).toBeUndefined();
});

describe('faults: a warning and a miss, never a throw', () => {
  const key = 'gf-build-linux-amd64-go1.26-f-1';
  const cases: [string, Parameters<CacheServer['faults']>[0], RegExp][] = [
    ['429 on lookup', { lookup: { kind: 'status', status: 429 } }, /Rate limited|429/],
    ['truncated blob', { download: { kind: 'truncate' } }, /Failed to restore|tar|zstd|partial/i],
    ['corrupt blob', { download: { kind: 'corrupt' } }, /Failed to restore|tar|zstd|partial/i],
    ['hang on lookup', { lookup: { kind: 'hang' } }, /timed out/],
    ['503 on blob HEAD (retried, then given up)', { download: { kind: 'status', status: 503 } }, /timed out|Failed to restore|answered 503/],
  ];
  test.each(cases)('%s', async (_name, f, why) => {
    const { log, lines } = logger();
    // a hung lookup ends only by the time-out: a short one; the others answer, and keep a loaded machine's margin
    const be = new GitHubBackend(log, { restoreTimeoutMs: f.lookup?.kind === 'hang' ? 300 : 3000 });
    const dir = path.join(tmp, 'gocache');
    await seed(be, dir, key, 'x');
    server.faults(f);
    const r = await be.restore([dir], key, ['gf-build-']);
    expect(r.matchedKey).toBeUndefined();
    const warnings = [...lines.warning, ...stdout.filter((l) => l.startsWith('::warning::'))].join('\n');
    expect(warnings).toMatch(why);
    // nothing half-extracted is left behind
    expect(existsSync(dir)).toBe(false);
  });

  test('the restore time-out comes from GO_FYNE_ACTION_CACHE_RESTORE_TIMEOUT_MS in the env it is given', async () => {
    const { log, lines } = logger();
    const be = new GitHubBackend(log, { env: { GO_FYNE_ACTION_CACHE_RESTORE_TIMEOUT_MS: '1000' } });
    const dir = path.join(tmp, 'gocache');
    await seed(be, dir, key, 'x');
    server.faults({ lookup: { kind: 'hang' } });
    const r = await be.restore([dir], key, ['gf-build-']);
    expect(r.matchedKey).toBeUndefined();
    expect(lines.warning.join('\n')).toContain(`cache restore of ${key} timed out after 1 s; going on without it`);
  });

  test('503 on every Twirp attempt: the lookup is retried, then a warning and a miss', async () => {
    const { log, lines } = logger();
    const be = new GitHubBackend(log);
    server.faults({ lookup: { kind: 'status', status: 503 } });
    const r = await be.restore([path.join(tmp, 'gocache')], key, []);
    expect(r.matchedKey).toBeUndefined();
    expect(server.log.filter((l) => l.startsWith('lookup')).length).toBe(5);
    expect(lines.warning.join('\n')).toMatch(/the cache service answered 503 to the lookup; going on without it/);
  });

  test('a single 5xx is retried and the restore succeeds', async () => {
    const { log } = logger();
    const be = new GitHubBackend(log);
    const dir = path.join(tmp, 'gocache');
    await seed(be, dir, key, 'x');
    server.faults({ lookup: { kind: 'status', status: 500, times: 1 } });
    expect((await be.restore([dir], key, [])).matchedKey).toBe(key);
  });

  test('5xx on save: a warning, no throw', async () => {
    const { log, lines } = logger();
    const be = new GitHubBackend(log);
    const dir = path.join(tmp, 'gocache');
    fill(dir, 's');
    server.faults({ upload: { kind: 'status', status: 500 } });
    // The Azure SDK inside @actions/cache retries a 500 three times, 0 + 4 + 12 s apart, and takes
    // no option for it (@actions/cache builds its BlobClient itself). The clock of setTimeout runs
    // fast once the upload has begun; the retries, the requests and the outcome stay real.
    const realSetTimeout = globalThis.setTimeout;
    jest.useFakeTimers({
      doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval'],
    });
    let r: Awaited<ReturnType<GitHubBackend['save']>> | undefined;
    try {
      const saving = be.save([dir], key).then((x) => (r = x));
      while (r === undefined) {
        await Promise.race([saving, new Promise((res) => realSetTimeout(res, 20))]);
        if (server.log.some((l) => l.startsWith('upload'))) await jest.advanceTimersByTimeAsync(1000);
      }
    } finally {
      jest.useRealTimers();
    }
    expect(server.log.filter((l) => l.startsWith('upload')).length).toBe(4); // the first try and three retries
    expect(r.status).toBe('failed');
    expect(lines.warning.join('\n')).toMatch(/did not complete/);
    expect(server.entries().filter((e) => e.finalized)).toEqual([]);
  });
});

test('two jobs saving one key: one wins, the other logs it and does not fail', async () => {
  const { log: log1 } = logger();
  const { log: log2, lines: lines2 } = logger();
  const dir = path.join(tmp, 'gocache');
  fill(dir, 'w');
  const key = 'gf-build-linux-amd64-go1.26-race-1';
  const [a, b] = await Promise.all([new GitHubBackend(log1).save([dir], key), new GitHubBackend(log2).save([dir], key)]);
  expect([a.status, b.status].sort()).toEqual(['exists', 'saved']);
  expect(server.entries().filter((e) => e.key === key && e.finalized).length).toBe(1);
  // and an injected conflict (the other job still uploading) is the same story
  server.faults({ create: { kind: 'conflict' } });
  const c = await new GitHubBackend(log2).save([dir], 'gf-other-key');
  expect(c.status).toBe('exists');
  expect(lines2.info.join('\n')).toMatch(/another job saved gf-other-key first/);
});
