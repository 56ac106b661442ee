/**
 * The CLI with a GOCACHE the user set (issue 12: 901.6 MiB copied into the local store every
 * run): that GOCACHE persists on this machine anyway, so the build layer is neither restored
 * into it nor copied into the local store, and the log says why. Elsewhere nothing changes.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheOutputs, planLayers, restoreLayers, saveLayers, type CacheState, type PlanFacts } from '../../src/cache/layers.js';
import { LocalBackend } from '../../src/cache/local-backend.js';
import { planFacts } from '../helpers/cache-facts.js';

const USER = { owned: false, why: 'GOCACHE is set (/home/me/.cache/go-build): used as is and never pruned' };
const h = (c: string) => c.repeat(64);
let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gfa-user-gocache-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const facts = (over: Partial<PlanFacts>): PlanFacts => planFacts(tmp, over);

test('plan: a GOCACHE not ours beside a local store skips the build layer, with the reason', () => {
  const skip = planLayers(facts({ gocacheOwner: USER, localStore: true })).layers.find((l) => l.name === 'build')!.skip;
  expect(skip).toBe(
    'GOCACHE is set (/home/me/.cache/go-build): used as is and never pruned; it stays on this machine between runs, so it is neither restored from nor copied into the local cache store',
  );
  // ours (the CLI's own folder, pruned to the working set), or a store elsewhere (GitHub): as before
  expect(planLayers(facts({ gocacheOwner: { owned: true, why: 'ours' }, localStore: true })).layers.every((l) => l.skip === undefined)).toBe(true);
  expect(planLayers(facts({ gocacheOwner: USER, localStore: false })).layers.every((l) => l.skip === undefined)).toBe(true);
  expect(planLayers(facts({ gocacheOwner: USER })).layers.every((l) => l.skip === undefined)).toBe(true);
});

test("restore and save with the local store: the user's GOCACHE is not touched, not copied, and the log says why", async () => {
  const gocache = join(tmp, 'gocache');
  const mod = join(tmp, 'mod');
  mkdirSync(join(gocache, 'aa'), { recursive: true });
  writeFileSync(join(gocache, 'aa', `${h('a')}-d`), "the user's");
  mkdirSync(join(mod, 'cache'), { recursive: true });
  writeFileSync(join(mod, 'cache', 'x'), 'module');
  const lines: string[] = [];
  const log = { info: (m: string) => lines.push(m), warning: (m: string) => lines.push(`warning: ${m}`), debug: () => undefined };
  const store = new LocalBackend(join(tmp, 'store'), log);
  // an older build entry in the store (e.g. from a run with the CLI's own GOCACHE): not unpacked into the user's
  const other = join(tmp, 'other');
  mkdirSync(join(other, 'bb'), { recursive: true });
  writeFileSync(join(other, 'bb', `${h('b')}-d`), 'from the store');
  const plan = planLayers(facts({ gocacheOwner: USER, localStore: true }));
  const buildKey = plan.layers.find((l) => l.name === 'build')!.keys;
  expect((await store.save([other], `${buildKey.restoreKeys[0]}0-0`)).status).toBe('saved');
  const before = readdirSync(join(tmp, 'store', 'entries')).sort();

  const state = await restoreLayers(plan, store, log, { workDir: tmp, stateDir: join(tmp, 'state'), env: {} });
  expect(existsSync(join(gocache, 'bb'))).toBe(false);
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- jest's asymmetric matchers are typed any
  expect(state.layers.find((l) => l.name === 'build')).toMatchObject({ result: 'miss', skipped: expect.stringContaining('never pruned') });
  expect(lines).toContain(`cache build: skipped (${plan.layers[1].skip}); key ${buildKey.key}`);
  expect(cacheOutputs(state)['cache-matched-keys']).toBe(JSON.stringify({ modules: '', build: '' }));

  // this run's work lands in the user's GOCACHE
  mkdirSync(join(gocache, 'cc'), { recursive: true });
  writeFileSync(join(gocache, 'cc', `${h('c')}-d`), 'new work');
  const future = new Date(Date.now() + 10_000);
  utimesSync(join(gocache, 'cc', `${h('c')}-d`), future, future);
  lines.length = 0;
  const reports = await saveLayers(JSON.parse(JSON.stringify(state)) as CacheState, store, log);
  expect(reports.map((r) => [r.name, r.action])).toEqual([
    ['modules', 'saved'],
    ['build', 'skipped'],
  ]);
  expect(reports[1].reason).toBe(plan.layers[1].skip);
  expect(lines.some((l) => l.startsWith(`cache build: skipped (${plan.layers[1].skip}); key ${buildKey.key};`))).toBe(true);
  const added = readdirSync(join(tmp, 'store', 'entries')).filter((e) => !before.includes(e));
  expect(added.length).toBe(1); // the modules layer only
  expect(reports[0].key).toMatch(/^p-mod-/);
  expect(readFileSync(join(gocache, 'aa', `${h('a')}-d`), 'utf8')).toBe("the user's"); // never pruned
});
