/**
 * Caches across trust boundaries: who saves (cache-save auto on fork-reachable events), and which
 * GOCACHE the save may prune (never a shared or user-set one), decided once for both doors.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CacheInputs } from '../../src/cache/inputs.js';
import { planLayers, restoreLayers, saveLayers, type CacheState } from '../../src/cache/layers.js';
import { LocalBackend } from '../../src/cache/local-backend.js';
import { goCachePlacement, saveDecision, selfHostedGoCache } from '../../src/cache/policy.js';
import { localRuntime } from '../../src/runtime/local.js';
import { placeGoCaches } from '../../src/steps/gocaches.js';
import { planFacts } from '../helpers/cache-facts.js';

describe('saveDecision', () => {
  test.each([
    ['auto', 'push', true],
    ['auto', 'pull_request', false],
    ['auto', 'schedule', true],
    ['auto', undefined, true],
    ['auto', 'merge_group', true],
    ['auto', 'release', true],
    ['auto', 'workflow_dispatch', true],
    ['auto', 'issue_comment', false],
    ['auto', 'repository_dispatch', false],
    ['auto', 'check_run', false],
    ['auto', 'check_suite', false],
    ['auto', 'pull_request_review', false],
    ['auto', 'pull_request_review_comment', false],
    ['auto', 'discussion_comment', false],
    ['auto', 'deployment', false],
    ['auto', 'status', false],
    ['auto', 'workflow_call', false],
    ['auto', 'some_future_event', false],
    ['auto', 'constructor', false],
    ['auto', '__proto__', false],
    ['true', 'issue_comment', true],
    ['auto', 'pull_request_target', false],
    ['auto', 'workflow_run', false],
    ['true', 'pull_request_target', true],
    ['true', 'workflow_run', true],
    ['false', 'push', false],
    ['false', undefined, false],
  ] as const)('cache-save %s on %s: save %s', (setting, event, save) => {
    expect(saveDecision(setting, { GITHUB_EVENT_NAME: event }).save).toBe(save);
  });
  test('the reason names the event and the way out', () => {
    expect(saveDecision('auto', { GITHUB_EVENT_NAME: 'pull_request_target' })).toEqual({
      save: false,
      why: 'cache-save is auto and this is a pull_request_target run, which may build code from a fork or another author: restore only (caches are saved on push, schedule, workflow_dispatch, merge_group, release; set cache-save: true to save anyway)',
    });
    expect(saveDecision('auto', { GITHUB_EVENT_NAME: 'push' }).why).toBe(
      'cache-save is auto and this is a push run (a push runs the code of the pushed branch or tag, written by someone with write access)',
    );
    // On a runner without an event name nothing is trusted; the CLI (no GITHUB_ACTIONS) saves into its own store.
    expect(saveDecision('auto', { GITHUB_ACTIONS: 'true' }).save).toBe(false);
    expect(saveDecision('auto', {}).save).toBe(true);
    expect(saveDecision('false', {})).toEqual({ save: false, why: 'cache-save is false' });
    expect(saveDecision(true, {}).save).toBe(true); // a boolean setting keeps its meaning
  });
});

describe('goCachePlacement', () => {
  const hosted = { RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_TEMP: '/rt' };
  const selfHosted = { RUNNER_ENVIRONMENT: 'self-hosted', RUNNER_TEMP: '/runner/_work/_temp' };
  test("GitHub-hosted: the VM is the job's, whatever GOCACHE is used is pruned, nothing moved", () => {
    expect(goCachePlacement({ env: hosted, cacheEnabled: true })).toMatchObject({ set: {}, owned: true });
    expect(goCachePlacement({ env: { ...hosted, GOCACHE: '/x' }, cacheEnabled: true })).toMatchObject({ set: {}, owned: true });
  });
  test('self-hosted without GOCACHE: a folder of this job under RUNNER_TEMP, pruned', () => {
    const p = goCachePlacement({ env: selfHosted, cacheEnabled: true });
    expect(p).toMatchObject({ set: { GOCACHE: '/runner/_work/_temp/go-fyne-action/go-build' }, owned: true });
    expect(p.why).toMatch(/self-hosted runner: GOCACHE is a folder of this job/);
    // after the export, the same rule still says it is ours (a second use of the action in the job)
    expect(goCachePlacement({ env: { ...selfHosted, GOCACHE: selfHostedGoCache(selfHosted.RUNNER_TEMP) }, cacheEnabled: true })).toMatchObject({
      set: {},
      owned: true,
    });
  });
  test('self-hosted with a GOCACHE the user set: used as is, never pruned', () => {
    const p = goCachePlacement({ env: { ...selfHosted, GOCACHE: '/home/runner/.cache/go-build' }, cacheEnabled: true });
    expect(p).toEqual({ set: {}, owned: false, why: 'self-hosted runner and GOCACHE is set (/home/runner/.cache/go-build): used as is and never pruned' });
  });
  test('self-hosted, caches off or no RUNNER_TEMP: nothing moved, nothing pruned', () => {
    expect(goCachePlacement({ env: selfHosted, cacheEnabled: false })).toMatchObject({ set: {}, owned: false });
    expect(goCachePlacement({ env: { RUNNER_ENVIRONMENT: 'self-hosted' }, cacheEnabled: true })).toMatchObject({ set: {}, owned: false });
  });
  test('CLI: its own GOCACHE and GOMODCACHE unless set; a user-set GOCACHE is never pruned', () => {
    expect(goCachePlacement({ env: {}, localCacheDir: '/c', cacheEnabled: true })).toMatchObject({
      set: { GOCACHE: '/c/go-build', GOMODCACHE: '/c/mod' },
      owned: true,
    });
    expect(goCachePlacement({ env: {}, localCacheDir: '/c', cacheEnabled: false })).toMatchObject({
      set: { GOCACHE: '/c/go-build', GOMODCACHE: '/c/mod' },
      owned: true,
    });
    expect(goCachePlacement({ env: { GOCACHE: '/home/me/.cache/go-build', GOMODCACHE: '/m' }, localCacheDir: '/c', cacheEnabled: true })).toMatchObject({
      set: {},
      owned: false,
    });
    expect(goCachePlacement({ env: { GOCACHE: '/c/go-build' }, localCacheDir: '/c', cacheEnabled: true })).toMatchObject({
      set: { GOMODCACHE: '/c/mod' },
      owned: true,
    });
  });
});

describe('placeGoCaches through the CLI runtime', () => {
  test("exports the CLI's own folders, and leaves a user-set GOCACHE alone", () => {
    const rt = localRuntime(new Map(), { env: { GO_FYNE_ACTION_CACHE: '/c' }, err: () => undefined });
    expect(placeGoCaches(rt, { cache: { enabled: true } }).owned).toBe(true);
    expect(rt.env.GOCACHE).toBe('/c/go-build');
    expect(rt.env.GOMODCACHE).toBe('/c/mod');
    expect(rt.env.GO_FYNE_ACTION_USER_GOCACHE).toBeUndefined(); // no signal through the environment any more
    const mine = localRuntime(new Map(), { env: { GO_FYNE_ACTION_CACHE: '/c', GOCACHE: '/mine' }, err: () => undefined });
    expect(placeGoCaches(mine, { cache: { enabled: true } }).owned).toBe(false);
    expect(mine.env.GOCACHE).toBe('/mine');
  });
});

describe('the decisions reach the save', () => {
  const h = (c: string) => c.repeat(64);
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'gfa-policy-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  /** A GOCACHE with one old entry (restored, unused) and, after the mark, one new entry (this run's work). */
  async function runOnce(o: { event?: string; save?: CacheInputs['save']; owned: boolean }) {
    const gocache = join(tmp, 'gocache');
    mkdirSync(join(gocache, 'aa'), { recursive: true });
    writeFileSync(join(gocache, 'aa', `${h('a')}-d`), 'old');
    const lines: string[] = [];
    const log = { info: (m: string) => lines.push(m), warning: (m: string) => lines.push(`warning: ${m}`), debug: () => undefined };
    const backend = new LocalBackend(join(tmp, 'store'), log);
    const facts = planFacts(tmp, { gocache, gomodcache: join(tmp, 'nomods') }, { save: o.save ?? 'auto' });
    const plan = planLayers({
      ...facts,
      save: saveDecision(facts.inputs.save, { GITHUB_EVENT_NAME: o.event }),
      gocacheOwner: { owned: o.owned, why: o.owned ? 'ours' : 'GOCACHE is set (x): used as is and never pruned' },
    });
    const state = await restoreLayers(plan, backend, log, { workDir: tmp, stateDir: join(tmp, 'state'), env: {} });
    expect(state.gocacheOwned).toBe(o.owned); // recorded in the state the post step reads
    mkdirSync(join(gocache, 'bb'), { recursive: true });
    writeFileSync(join(gocache, 'bb', `${h('b')}-d`), 'new work');
    const future = new Date(Date.now() + 10_000);
    utimesSync(join(gocache, 'bb', `${h('b')}-d`), future, future);
    const reports = await saveLayers(JSON.parse(JSON.stringify(state)) as CacheState, backend, log);
    return {
      reports: reports.filter((x) => x.name === 'build'),
      lines,
      oldEntry: existsSync(join(gocache, 'aa', `${h('a')}-d`)),
      stored: existsSync(join(tmp, 'store', 'entries')) ? readdirSync(join(tmp, 'store', 'entries')) : [],
    };
  }

  test('pull_request_target with cache-save auto: nothing saved, and the log says why', async () => {
    const r = await runOnce({ event: 'pull_request_target', owned: true });
    expect(r.reports.map((x) => [x.name, x.action])).toEqual([['build', 'skipped']]);
    expect(r.reports[0].reason).toMatch(/cache-save is auto and this is a pull_request_target run/);
    expect(r.lines.join('\n')).not.toMatch(/warning/);
    expect(r.lines.join('\n')).toMatch(/cache build: skipped \(cache-save is auto and this is a pull_request_target run/);
    expect(r.stored).toEqual([]);
  });

  test('push with cache-save auto: saved, and the owned GOCACHE pruned of what the run did not use', async () => {
    const r = await runOnce({ event: 'push', owned: true });
    expect(r.reports.map((x) => [x.name, x.action])).toEqual([['build', 'saved']]);
    expect(r.oldEntry).toBe(false);
    expect(r.stored.length).toBe(1);
  });

  test('a GOCACHE that is not ours is saved but never pruned, and the log says why', async () => {
    const r = await runOnce({ event: 'push', owned: false });
    expect(r.reports.map((x) => [x.name, x.action])).toEqual([['build', 'saved']]);
    expect(r.oldEntry).toBe(true);
    expect(r.lines).toContain('cache build: not pruned (GOCACHE is set (x): used as is and never pruned)');
  });

  test('cache-save true saves even on workflow_run', async () => {
    const r = await runOnce({ event: 'workflow_run', save: 'true', owned: true });
    expect(r.reports.map((x) => x.action)).toEqual(['saved']);
  });
});
