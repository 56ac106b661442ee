/**
 * The planner owns the build cache's fingerprint: from planBuilds to the key the cache stage
 * saves under (planLayers, as src/steps/cache.ts calls it), with nothing re-derived on the way.
 */
import { planBuilds, type BuildInputs, type BuildSet, type ProjectInfo } from '../../src/compile/plan.js';
import type { CacheInputs } from '../../src/cache/inputs.js';
import { planLayers } from '../../src/cache/layers.js';
import { buildInputs, targetsOf } from '../helpers/build-inputs.js';

const PROJECT: ProjectInfo = { workDir: '/src/tool', packageDir: '/src/tool', modulePath: 'example.com/tool', fyneVersion: 'none' };
const FYNE: ProjectInfo = { workDir: '/src/app', packageDir: '/src/app', modulePath: 'example.com/app', fyneVersion: 'v2.7.1' };

function inputs(over: Partial<BuildInputs> = {}): BuildInputs {
  return buildInputs({ targets: targetsOf('linux/amd64', 'windows/amd64'), outputDir: '/src/tool/dist', release: false, ...over });
}

function plan(over: Partial<BuildInputs> = {}, o: { env?: Record<string, string>; scratchDir?: string; project?: ProjectInfo } = {}): BuildSet {
  return planBuilds(inputs(over), o.project ?? PROJECT, { host: { os: 'linux', arch: 'amd64' }, env: o.env ?? {}, scratchDir: o.scratchDir ?? '/tmp/run1' });
}

const CACHE: CacheInputs = { enabled: true, save: 'auto', dependencyPaths: [], keyPrefix: 'go-fyne', modules: 'auto' };

/** The build layer's key, exactly as the cache stage computes it from a build set. */
function buildKey(set: BuildSet, runStamp = '1-1'): string {
  const layers = planLayers({
    inputs: CACHE,
    workDir: '/src/tool',
    os: 'linux',
    arch: 'amd64',
    goVersion: '1.26.8',
    fyneVersion: null,
    targets: set.plans.map((p) => p.id),
    flags: set.fingerprint,
    goSumHash: 'abc',
    runStamp,
    gocache: '/gc',
    gomodcache: '/gm',
    vendorPresent: false,
  }).layers;
  return layers.find((l) => l.name === 'build')!.keys.key;
}

test('different tag values give different keys; the same inputs give the same key', () => {
  const foo = buildKey(plan({ tags: ['foo'] }));
  const barBaz = buildKey(plan({ tags: ['bar', 'baz'] }));
  expect(foo).not.toBe(barBaz);
  expect(buildKey(plan({ tags: ['foo'] }))).toBe(foo);
  expect(buildKey(plan({ tags: ['bar', 'baz'] }))).toBe(barBaz);
  expect(buildKey(plan())).not.toBe(foo); // no tags at all is a third key
  // Only the fingerprint part differs: same prefix, same go.sum hash, same run stamp.
  expect(foo.replace(/-[0-9a-f]{16}-abc-1-1$/, '')).toBe('go-fyne-build-linux-amd64-go1.26.8-fynenone');
  expect(barBaz.replace(/-[0-9a-f]{16}-abc-1-1$/, '')).toBe('go-fyne-build-linux-amd64-go1.26.8-fynenone');
});

test('every flag value that changes compiled output changes the key', () => {
  const base = buildKey(plan());
  const variants: Record<string, string> = {
    ldflags: buildKey(plan({ ldflags: '-X main.v=1' })),
    'other ldflags': buildKey(plan({ ldflags: '-X main.v=2' })),
    trimpath: buildKey(plan({ trimpath: false })),
    strip: buildKey(plan({ strip: false })),
    buildmode: buildKey(plan({ buildmode: 'pie' })),
    cgo: buildKey(plan({ cgo: 'true' })),
    cc: buildKey(plan({ cgo: 'true', cc: { 'linux/amd64': 'clang' } })),
    subsystem: buildKey(plan({ windowsSubsystem: 'gui' })),
    package: buildKey(plan({ package: './cmd/tool' })),
    GOAMD64: buildKey(plan({}, { env: { GOAMD64: 'v3' } })),
    GOFLAGS: buildKey(plan({}, { env: { GOFLAGS: '-buildvcs=false' } })),
    GOEXPERIMENT: buildKey(plan({}, { env: { GOEXPERIMENT: 'loopvar' } })),
    'cgo CFLAGS': buildKey(plan({ cgo: 'true' }, { env: { CGO_CFLAGS: '-O3' } })),
    'cgo PKG_CONFIG_PATH': buildKey(plan({ cgo: 'true' }, { env: { PKG_CONFIG_PATH: '/opt/lib/pkgconfig' } })),
  };
  const all = [base, ...Object.values(variants)];
  expect(new Set(all).size).toBe(all.length); // every one distinct from the base and from each other
});

test('paths that vary per run, and cgo variables of a build without cgo, leave the key alone', () => {
  const fyneKey = (o: { scratchDir?: string }, over: Partial<BuildInputs> = {}) =>
    buildKey(plan({ targets: [{ os: 'linux', arch: 'amd64' }], ...over }, { project: FYNE, ...o }));
  // the metadata overlay lives in a fresh scratch folder every run
  expect(fyneKey({ scratchDir: '/tmp/gfa-build-AAAA' })).toBe(fyneKey({ scratchDir: '/tmp/gfa-build-BBBB' }));
  // where the binaries are written does not change what is compiled
  expect(buildKey(plan({ outputDir: '/src/tool/out' }))).toBe(buildKey(plan({ outputDir: '/src/tool/dist' })));
  // a pure-Go build does not read CC or CGO_CFLAGS
  expect(buildKey(plan({ cgo: 'false' }, { env: { CC: 'clang', CGO_CFLAGS: '-O3' } }))).toBe(buildKey(plan({ cgo: 'false' })));
  // the run stamp is not part of what a restore matches on
  expect(buildKey(plan(), '2-1').replace(/2-1$/, '')).toBe(buildKey(plan(), '1-1').replace(/1-1$/, ''));
});

test('the fingerprint lists the flags with their values and the effective variables, per target', () => {
  const set = plan(
    { tags: ['bar', 'baz'], ldflags: '-X main.v=1', targets: [{ os: 'linux', arch: 'arm64' }], cgo: 'true' },
    { env: { CGO_CFLAGS: '-O3', GOARM64: 'v8.2', PATH: '/bin' } },
  );
  expect(set.plans[0].fingerprint).toEqual({
    args: ['-trimpath', '-tags', 'bar,baz', '-ldflags', '-s -w -X main.v=1', '.'],
    CC: 'aarch64-linux-gnu-gcc',
    CGO_CFLAGS: '-O3',
    CGO_ENABLED: '1',
    CXX: 'aarch64-linux-gnu-g++',
    GOARCH: 'arm64',
    GOARM64: 'v8.2',
    GOOS: 'linux',
    PKG_CONFIG_LIBDIR: '/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig',
    PKG_CONFIG_PATH: '/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig',
  });
  expect(set.fingerprint).toEqual(Object.fromEntries(Object.entries(set.plans[0].fingerprint).map(([k, v]) => [`linux/arm64:${k}`, v])));
  // the overlay is there (metadata) but its per-run path is not
  const fyne = plan({ targets: [{ os: 'linux', arch: 'amd64' }] }, { project: FYNE, scratchDir: '/tmp/gfa-build-XYZ' });
  expect(fyne.plans[0].argv).toContain('-overlay=/tmp/gfa-build-XYZ/overlay.json');
  expect(fyne.plans[0].fingerprint['args']).toEqual(['-trimpath', '-ldflags', '-s -w', '-overlay', '.']);
  expect(JSON.stringify(fyne.fingerprint)).not.toContain('gfa-build-XYZ');
});
