/**
 * Tag and signing builds restore caches strictly: exact keys only, no build layer, modules
 * checked with `go mod verify` after the restore and before the build; a failed verify removes
 * the (read-only) module cache with a warning, never fails the run.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planLayers, restoreLayers, layerOutcome } from '../../src/cache/layers.js';
import { LocalBackend } from '../../src/cache/local-backend.js';
import { strictRestore } from '../../src/cache/policy.js';
import { planFacts } from '../helpers/cache-facts.js';

describe('strictRestore', () => {
  test.each([
    [{ GITHUB_REF: 'refs/tags/v1.2.3' }, false, true, 'a tag build (refs/tags/v1.2.3)'],
    [{ GITHUB_REF: 'refs/heads/main' }, true, true, 'a signing build (windows-certificate is set)'],
    [{ GITHUB_REF: 'refs/tags/v1' }, true, true, 'a tag build (refs/tags/v1) that signs'],
    [{ GITHUB_REF: 'refs/heads/tags/v1' }, false, false, 'not a tag or signing build'],
    [{ GITHUB_REF: 'refs/pull/1/merge' }, false, false, 'not a tag or signing build'],
    [{}, false, false, 'not a tag or signing build'],
  ] as const)('%j signs=%s: strict %s', (env, signs, strict, why) => {
    expect(strictRestore(env, signs)).toEqual({ strict, why });
  });
});

describe('planLayers on a strict run', () => {
  test('modules: exact key only and verified; build: skipped, with the reason', () => {
    const plan = planLayers({ ...planFacts('/w'), strict: strictRestore({ GITHUB_REF: 'refs/tags/v1' }, false) });
    const [mods, build] = plan.layers;
    expect(mods.keys.restoreKeys).toEqual([]);
    expect(mods.skip).toBeUndefined();
    expect(build.keys.restoreKeys).toEqual([]);
    expect(build.skip).toMatch(/^a tag build \(refs\/tags\/v1\): the build cache is not restored/);
    expect(plan.verifyModules).toBe('a tag build (refs/tags/v1)');
  });
  test('vendor form: the cached vendor/ is not used (go mod vendor makes it)', () => {
    const plan = planLayers({ ...planFacts('/w', {}, { modules: 'vendor' }), strict: strictRestore({}, true) });
    expect(plan.layers[0].skip).toMatch(/vendor\/ is made with go mod vendor, not restored from a cache/);
    expect(plan.verifyModules).toBeUndefined();
  });
  test('not strict: the restore-keys stay', () => {
    const plan = planLayers({ ...planFacts('/w'), strict: strictRestore({ GITHUB_REF: 'refs/heads/main' }, false) });
    expect(plan.layers[0].keys.restoreKeys.length).toBe(1);
    expect(plan.layers[1].keys.restoreKeys.length).toBeGreaterThan(1);
    expect(plan.layers[1].skip).toBeUndefined();
    expect(plan.verifyModules).toBeUndefined();
  });
});

describe('go mod verify after a strict modules restore', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'gfa-strict-'));
  });
  afterEach(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  /** A stand-in go whose `mod verify` passes or fails (it records its arguments). */
  function fakeGo(ok: boolean): string {
    const bin = join(tmp, 'go');
    writeFileSync(
      bin,
      `#!/bin/sh\necho "$@" >> "${join(tmp, 'go-args')}"\n${ok ? 'echo "all modules verified"' : 'echo "example.com/m v1.0.0: dir has been modified (/x)" >&2; exit 1'}\n`,
    );
    chmodSync(bin, 0o755);
    return bin;
  }

  async function run(ok: boolean) {
    const lines: string[] = [];
    const log = { info: (m: string) => lines.push(m), warning: (m: string) => lines.push(`warning: ${m}`), debug: () => undefined };
    const mod = join(tmp, 'mod');
    const be = new LocalBackend(join(tmp, 'store'), log, { compression: 'gzip' });
    // A module cache saved earlier under this go.sum's exact key; read-only like go leaves it.
    mkdirSync(join(mod, 'example.com', 'm@v1.0.0'), { recursive: true });
    writeFileSync(join(mod, 'example.com', 'm@v1.0.0', 'm.go'), 'package m // poisoned');
    const facts = planFacts(tmp, { gomodcache: mod });
    expect((await be.save([mod], planLayers(facts).layers[0].keys.key)).status).toBe('saved');
    chmodSync(join(mod, 'example.com', 'm@v1.0.0', 'm.go'), 0o444);
    chmodSync(join(mod, 'example.com', 'm@v1.0.0'), 0o555);
    const plan = planLayers({ ...facts, strict: strictRestore({ GITHUB_REF: 'refs/tags/v1' }, false) });
    const state = await restoreLayers(plan, be, log, { workDir: tmp, stateDir: join(tmp, 'state'), env: { PATH: process.env.PATH }, goBin: fakeGo(ok) });
    return { state, lines, mod };
  }

  test('passes: the module cache is used, the build layer skipped', async () => {
    const { state, lines, mod } = await run(true);
    expect(state.layers.map((l) => [l.name, layerOutcome(l)])).toEqual([
      ['modules', 'hit'],
      ['build', 'skipped'],
    ]);
    expect(lines).toContain('cache modules: go mod verify passed (a tag build (refs/tags/v1))');
    expect(existsSync(join(mod, 'example.com', 'm@v1.0.0', 'm.go'))).toBe(true);
  });

  test('fails: the read-only module cache is removed, a warning, no throw', async () => {
    const { state, lines, mod } = await run(false);
    const mods = state.layers[0];
    expect(layerOutcome(mods)).toBe('error');
    expect(mods.result).toBe('miss');
    expect(lines.filter((l) => l.startsWith('warning: ')).join('\n')).toMatch(
      /^warning: cache modules: go mod verify failed on the restored module cache \(go mod verify failed \(exit 1\): .*dir has been modified.*\); removed it, modules are downloaded afresh$/,
    );
    expect(existsSync(mod)).toBe(false);
  });
});
