/** Pure parts: inputs, keys, restore-keys, matching, module decisions, prune planning. */
import { UserError } from '../../src/errors.js';
import { buildFingerprint, buildKeys, classifyMatch, hashGoSums, modulesKeys, runStamp, type BuildFacts } from '../../src/cache/keys.js';
import { parseDependencyPath, parseKeyPrefix } from '../../src/cache/inputs.js';
import { decideModules } from '../../src/cache/vendor.js';
import { planPrune, parseActionEntry } from '../../src/cache/prune.js';
import { pickEntry } from '../../src/cache/local-backend.js';
import { cacheOutputs, planLayers, type CacheState } from '../../src/cache/layers.js';

const base: BuildFacts = {
  os: 'linux',
  arch: 'amd64',
  goVersion: '1.26.8',
  fyneVersion: 'v2.6.1',
  targets: ['linux/amd64', 'windows/amd64'],
  flags: { tags: 'release', cgo: true, CC: 'gcc', trimpath: true },
  goSumHash: 'abc123',
  runStamp: '999-1',
};

describe('inputs', () => {
  test('bad values are one-line UserErrors naming the input', () => {
    expect(() => parseKeyPrefix('a,b')).toThrow(/input "cache-key-prefix"/);
    expect(() => parseKeyPrefix('x'.repeat(65))).toThrow(UserError);
    expect(parseDependencyPath(['a/go.sum', 'b/go.sum'])).toEqual(['a/go.sum', 'b/go.sum']);
  });
});

describe('keys', () => {
  test('modules key and restore-key', () => {
    expect(modulesKeys('go-fyne', 'mod', 'linux', 'h1')).toEqual({
      key: 'go-fyne-mod-linux-h1',
      restoreKeys: ['go-fyne-mod-linux-'],
      hitPrefix: 'go-fyne-mod-linux-h1',
    });
    expect(modulesKeys('p', 'vendor', 'windows', 'h2').key).toBe('p-vendor-windows-h2');
  });

  test('build key holds every fact; restore-keys drop the most specific part one at a time', () => {
    const k = buildKeys('go-fyne', base);
    const fp = buildFingerprint(base.targets, base.flags);
    expect(k.key).toBe(`go-fyne-build-linux-amd64-go1.26.8-fyne2.6.1-${fp}-abc123-999-1`);
    expect(k.restoreKeys).toEqual([
      `go-fyne-build-linux-amd64-go1.26.8-fyne2.6.1-${fp}-abc123-`,
      `go-fyne-build-linux-amd64-go1.26.8-fyne2.6.1-${fp}-`,
      'go-fyne-build-linux-amd64-go1.26.8-fyne2.6.1-',
      'go-fyne-build-linux-amd64-go1.26.8-',
    ]);
    expect(buildKeys('go-fyne', { ...base, fyneVersion: null }).key).toContain('-fynenone-');
    for (const key of [k.key, ...k.restoreKeys]) expect(key).not.toMatch(/[,\s]/);
  });

  test('fingerprint ignores order but sees every output-changing fact', () => {
    const fp = buildFingerprint(['a/b', 'c/d'], { x: '1', y: ['-s', '-w'] });
    expect(buildFingerprint(['c/d', 'a/b'], { y: ['-s', '-w'], x: '1' })).toBe(fp);
    expect(buildFingerprint(['c/d', 'a/b'], { y: ['-w', '-s'], x: '1' })).not.toBe(fp);
    expect(buildFingerprint(['a/b'], { x: '1', y: ['-s', '-w'] })).not.toBe(fp);
    expect(buildFingerprint(['a/b', 'c/d'], { x: '1', y: ['-s', '-w'], macosMin: '11.0' })).not.toBe(fp);
    expect(buildFingerprint(['a/b', 'c/d'], { x: '1', y: ['-s', '-w'], z: undefined })).toBe(fp);
  });

  test("two matrix jobs never collide: neither one's key is the other's or prefix-matches its exact key", () => {
    const jobs: BuildFacts[] = [
      { ...base, targets: ['linux/amd64'] },
      { ...base, targets: ['linux/arm64'] },
      { ...base, targets: ['linux/amd64'], flags: { ...base.flags, cgo: false } },
      { ...base, targets: ['linux/amd64'], flags: { ...base.flags, tags: 'debug' } },
      { ...base, os: 'darwin', arch: 'arm64', targets: ['darwin/arm64'] },
      { ...base, targets: ['linux/amd64'], goVersion: '1.26.10' },
    ];
    const keys = jobs.map((j) => buildKeys('go-fyne', j));
    expect(new Set(keys.map((k) => k.key)).size).toBe(jobs.length);
    for (let i = 0; i < keys.length; i++)
      for (let j = 0; j < keys.length; j++)
        if (i !== j) {
          expect(keys[j].key.startsWith(keys[i].hitPrefix)).toBe(false); // never a same-facts hit on another job's entry
          expect(classifyMatch(keys[i], keys[j].key)).not.toBe('hit');
        }
    // go1.26.1 never prefix-matches go1.26.10
    expect(keys[5].key.startsWith(buildKeys('go-fyne', { ...jobs[0], goVersion: '1.26.1' }).restoreKeys[3])).toBe(false);
  });

  test('a new run of the same facts has a new key but hits the previous run', () => {
    const a = buildKeys('go-fyne', base);
    const b = buildKeys('go-fyne', { ...base, runStamp: '1000-1' });
    expect(a.key).not.toBe(b.key);
    expect(classifyMatch(b, a.key)).toBe('hit');
    expect(classifyMatch(buildKeys('go-fyne', { ...base, goSumHash: 'zzz' }), a.key)).toBe('prefix');
    expect(classifyMatch(b, undefined)).toBe('miss');
  });

  test('go.sum hash: order-independent, content-sensitive; run stamps', () => {
    const h = hashGoSums([
      { path: 'a/go.sum', content: 'x' },
      { path: 'go.sum', content: 'y' },
    ]);
    expect(
      hashGoSums([
        { path: 'go.sum', content: 'y' },
        { path: 'a/go.sum', content: 'x' },
      ]),
    ).toBe(h);
    expect(
      hashGoSums([
        { path: 'go.sum', content: 'y2' },
        { path: 'a/go.sum', content: 'x' },
      ]),
    ).not.toBe(h);
    expect(hashGoSums([])).toBe('nosum');
    expect(runStamp({ GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '3' }, new Date(0))).toBe('42-3');
    expect(runStamp({}, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('20260102T030405Z');
  });
});

describe('modules', () => {
  test('auto uses a committed vendor/ as is; vendor/modcache otherwise', () => {
    expect(decideModules('auto', true)).toMatchObject({ form: 'none', buildFlags: ['-mod=vendor'] });
    expect(decideModules('auto', false)).toMatchObject({ form: 'mod', buildFlags: [] });
    expect(decideModules('vendor', false)).toMatchObject({ form: 'vendor', buildFlags: ['-mod=vendor'] });
    expect(decideModules('modcache', true)).toMatchObject({ form: 'mod' });
  });
  test('plan: committed vendor has no modules layer; cache off has none at all', () => {
    const facts = {
      inputs: { enabled: true, save: 'auto' as const, dependencyPaths: [], keyPrefix: 'go-fyne', modules: 'auto' as const },
      workDir: '/w',
      os: 'linux' as const,
      arch: 'amd64' as const,
      goVersion: '1.26.8',
      targets: ['linux/amd64'],
      flags: {},
      goSumHash: 'h',
      runStamp: 'r',
      gocache: '/gc',
      gomodcache: '/gm',
      vendorPresent: false,
    };
    expect(planLayers(facts).layers.map((l) => [l.name, l.paths])).toEqual([
      ['modules', ['/gm']],
      ['build', ['/gc']],
    ]);
    expect(planLayers({ ...facts, vendorPresent: true }).layers.map((l) => l.name)).toEqual(['build']);
    expect(planLayers({ ...facts, inputs: { ...facts.inputs, modules: 'vendor' } }).layers[0]).toMatchObject({
      paths: ['/w/vendor'],
      keys: { key: 'go-fyne-vendor-linux-h' },
    });
    expect(planLayers({ ...facts, inputs: { ...facts.inputs, enabled: false } }).layers).toEqual([]);
  });
});

describe('outputs', () => {
  test('cache-hit only when every layer hit', () => {
    const st = (results: ('hit' | 'prefix' | 'miss')[]): CacheState => ({
      v: 1,
      enabled: true,
      save: true,
      gocacheOwned: false,
      backend: 'local',
      modulesForm: 'mod',
      buildFlags: [],
      layers: results.map((result, i) => ({
        name: i === 0 ? 'modules' : 'build',
        key: `k${i}`,
        restoreKeys: [],
        hitPrefix: `k${i}`,
        paths: [],
        result,
        matchedKey: result === 'miss' ? undefined : `m${i}`,
        sizeBytes: 0,
        ms: 0,
      })),
    });
    expect(cacheOutputs(st(['hit', 'hit']))).toEqual({ 'cache-hit': 'true', 'cache-matched-keys': '{"modules":"m0","build":"m1"}' });
    expect(cacheOutputs(st(['hit', 'prefix']))['cache-hit']).toBe('false');
    expect(cacheOutputs(st(['miss', 'hit']))['cache-matched-keys']).toBe('{"modules":"","build":"m1"}');
  });
});

describe('prune planning and local matching (pure)', () => {
  const h = (c: string) => c.repeat(64);
  test('keeps used entries and the outputs kept actions name; reports fresh ones', () => {
    const mark = 1_000_000;
    const entries = [
      { name: `aa/${h('a')}-a`, mtimeMs: mark + 5, size: 100, outputId: h('b') },
      { name: `bb/${h('b')}-d`, mtimeMs: mark - 7_200_000, size: 1000 }, // named by a used action: kept
      { name: `cc/${h('c')}-a`, mtimeMs: mark - 7_200_000, size: 100, outputId: h('d') },
      { name: `dd/${h('d')}-d`, mtimeMs: mark - 7_200_000, size: 5000 },
      { name: `ee/${h('e')}-d`, mtimeMs: mark + 10, size: 7 },
    ];
    const p = planPrune(entries, mark, new Set(entries.slice(0, 4).map((e) => e.name)));
    expect(p.keep.sort()).toEqual([entries[0].name, entries[1].name, entries[4].name].sort());
    expect(p.remove.sort()).toEqual([entries[2].name, entries[3].name].sort());
    expect(p.removedBytes).toBe(5100);
    expect(p.fresh).toEqual([entries[4].name]);
    expect(parseActionEntry(`v1 ${h('1')} ${h('2')}                  12 1700000000000000000\n`)).toBe(h('2'));
  });
  test('pickEntry: exact first, then each restore-key, newest first', () => {
    const es = [
      { key: 'p-build-x-1', created: 1 },
      { key: 'p-build-x-2', created: 3 },
      { key: 'p-build-y-1', created: 5 },
    ];
    expect(pickEntry(es, 'p-build-x-1', ['p-build-x-'])?.key).toBe('p-build-x-1');
    expect(pickEntry(es, 'p-build-x-9', ['p-build-x-', 'p-build-'])?.key).toBe('p-build-x-2');
    expect(pickEntry(es, 'p-build-z-9', ['p-build-z-', 'p-build-'])?.key).toBe('p-build-y-1');
    expect(pickEntry(es, 'q', ['q-'])).toBeUndefined();
  });
});
