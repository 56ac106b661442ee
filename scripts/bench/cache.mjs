// Cache bench: cold vs warm builds, the build layer over 5 commits, and the modules layer, through dist/cli.js.
//
// It drives the real product on examples/hello-fyne (a real Fyne cgo app): the CLI as bundled
// (dist/cli.js) with its local cache backend, exactly like the action's main step (restore) and
// post step (prune + save). Every figure comes from the CLI's run report (`--report FILE`, schema
// go-fyne-action/report@1), never from its log lines; the bench only sizes folders it chose itself
// (the cache root GO_FYNE_ACTION_CACHE, laid out by src/cache/policy.ts localCacheLayout).
// Needs `node scripts/fixtures.mjs` once, Go on PATH, gcc + the Fyne system headers, zstd and,
// for windows/amd64, x86_64-w64-mingw32-gcc.
//
//   nice npm run bench -- cache [flags]          (or: nice node scripts/bench/cache.mjs [flags])
//   --runs N          warm runs per target in part 1 (default: env BENCH_CACHE_WARM_RUNS, else 3)
//   --targets LIST    part 1's targets, comma-separated (default: env BENCH_CACHE_TARGETS, else
//                     linux/amd64,windows/amd64); parts 2 and 3 use linux/amd64 when listed, else the first
//   --only PARTS      which parts, comma-separated: build (1), commits (2), modules (3); default all
//   --commits N       commits of part 2 after its baseline run (default 5, at most 5)
//   --keep            keep the temp folder with every CLI run's log and report (env BENCH_CACHE_KEEP=1)
//   --report FILE     also write the results as JSON, with every CLI run's report
//   --cli PATH        the bundled CLI to drive (default dist/cli.js), e.g. a bundle built elsewhere
//   --self-test       check the report reader on a hand-written report and exit (no build, seconds)
//   A reduced run (6-10 min, most of it one cold cgo build): --only build --targets linux/amd64 --runs 1
//
// Setup (always): the modules every target needs go into <cache>/mod (go list -deps through a
// file:// proxy of the machine's module cache), then one CLI run without targets installs Go and
// saves the modules layer alone, so its archive size is the store's growth in that run.
// Parts (all in one run, about 20-25 min on 2 cores):
//  1. build: per target, the cold build (empty GOCACHE) and --runs warm builds, each after
//     deleting <cache>/go-build so the build layer comes back from the local store.
//  2. commits: the build layer over 5 simulated commits (label edit, added file, function edit, a
//     dependency bump through the Go module proxy, label edit), with pruning (the CLI's own
//     GOCACHE, deleted before each run and restored from the store) and without (GOCACHE set by
//     the user: the CLI never prunes it, and beside its local store neither restores nor saves
//     it; it persists between runs and the store does not grow for it).
//  3. modules: the modules layer as `modcache` and as `vendor`: size, archive size, restore time.
//
// Network: Go itself comes from the real Go module proxy (golang.org/toolchain, checked against
// sum.golang.org through the proxy) on the first run, then from the tool cache. Modules come from
// the machine's module cache through GOPROXY=file://...,https://proxy.golang.org (only the bumped
// dependency is fetched from proxy.golang.org, by the go command).
import assert from 'node:assert/strict';
import { build as esbuild } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchArgs, fmt, mdTable, median, MiB, progressLogger, ratio, repoRoot, rmrf, tempDir, timed, writeReport } from './_util.mjs';

const PARTS = ['build', 'commits', 'modules'];
const args = benchArgs(import.meta.url, {
  runs: { type: 'string', value: 'N', env: 'BENCH_CACHE_WARM_RUNS', default: '3', number: true },
  targets: { type: 'string', value: 'LIST', env: 'BENCH_CACHE_TARGETS', default: 'linux/amd64,windows/amd64' },
  only: { type: 'string', value: 'PARTS', default: PARTS.join(','), choices: PARTS },
  commits: { type: 'string', value: 'N', default: '5', number: true },
  keep: { type: 'boolean', env: 'BENCH_CACHE_KEEP', default: false },
  cli: { type: 'string', value: 'PATH', default: path.join(repoRoot, 'dist', 'cli.js') },
  'self-test': { type: 'boolean', default: false },
});

// ---------------------------------------------------------------- the report reader (pure)

const REPORT_SCHEMA = 'go-fyne-action/report@1';

/**
 * One CLI run report, as the bench uses it: the outcome, Go, the target's build, and per cache
 * layer its key, restore and save, plus the prune. Throws on anything but a report@1.
 */
function readRun(rep, target) {
  if (!rep || typeof rep !== 'object' || rep.schema !== REPORT_SCHEMA) {
    throw new Error(`not a ${REPORT_SCHEMA} report (schema ${JSON.stringify(rep?.schema)})`);
  }
  const layer = (name) => {
    const l = (rep.cache?.layers ?? []).find((x) => x.name === name);
    return l ? { key: l.key, restore: l.restore, save: l.save } : undefined;
  };
  const t = target ? (rep.targets ?? []).find((x) => x.target === target) : undefined;
  return {
    outcome: rep.outcome,
    error: rep.error,
    durationMs: rep.durationMs,
    go: rep.go,
    fyneVersion: rep.fyneVersion,
    stages: rep.stages ?? [],
    target,
    buildOk: t?.ok,
    buildMs: t?.durationMs,
    buildError: t?.error,
    modules: layer('modules'),
    build: layer('build'),
    prune: rep.cache?.prune,
  };
}

/** `hit 1.2 s`: a layer's restore result and time. */
const restoreCell = (l) => (l?.restore ? `${l.restore.result} ${fmt(l.restore.ms)}` : '-');
/** `saved (12 new) 3.4 s`: a layer's save status (with the new entries for the build layer) and time. */
const saveCell = (l, newEntries) =>
  l?.save ? `${l.save.status}${newEntries !== undefined ? ` (${newEntries} new)` : ''}${l.save.reason ? ` [${l.save.reason}]` : ''} ${fmt(l.save.ms)}` : '-';

/** `40 (2.0 MiB)`: what the save's prune removed; `not pruned` for a GOCACHE that is not the run's to prune. */
const prunedCell = (p) => (!p ? '-' : p.pruned === false ? 'not pruned' : `${p.removedEntries} (${MiB(p.removedBytes)})`);

/** Whether a run left the build layer alone both ways (a GOCACHE of the user's beside the local store). */
const buildLayerSkipped = (run) => run.build?.restore?.result === 'skipped' && run.build?.save?.status === 'skipped';

/** The self-test: the reader and the cells on a hand-written report (the schema's every field). */
function selfTest() {
  const fixture = {
    schema: 'go-fyne-action/report@1',
    door: 'cli',
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 95000,
    outcome: 'success',
    go: { version: '1.25.14', source: 'proxy', installMs: 12500 },
    fyneVersion: 'v2.6.1',
    stages: [
      { name: 'Install Go', status: 'ran', durationMs: 12600 },
      { name: 'Restore caches', status: 'ran', durationMs: 4100 },
      { name: 'Sign Windows binaries', status: 'skipped', reason: 'no windows-certificate', durationMs: 0 },
    ],
    targets: [
      { target: 'linux/amd64', ok: true, durationMs: 61000 },
      { target: 'windows/amd64', ok: false, durationMs: 3000, error: 'x86_64-w64-mingw32-gcc: not found' },
    ],
    cache: {
      layers: [
        {
          name: 'modules',
          key: 'go-fyne-mod-linux-abc',
          restore: { result: 'hit', matchedKey: 'go-fyne-mod-linux-abc', bytes: 150 * 1048576, ms: 900 },
          save: { status: 'skipped', reason: 'exact key was restored; unchanged', ms: 1 },
        },
        {
          name: 'build',
          key: 'go-fyne-build-linux-amd64-go1.25.14-fyne2.6.1-f-s-20250101T000000Z',
          restore: { result: 'prefix', matchedKey: 'go-fyne-build-linux-amd64-go1.25.14-x', bytes: 300 * 1048576, ms: 2500 },
          save: { status: 'saved', bytes: 320 * 1048576, ms: 7000 },
        },
      ],
      prune: { pruned: true, removedEntries: 40, removedBytes: 2 * 1048576, keptEntries: 5000, newEntries: 12 },
    },
    artifacts: [{ target: 'linux/amd64', os: 'linux', arch: 'amd64', path: 'dist/hello_linux_amd64', size: 1, sha256: 'x', kind: 'binary' }],
  };
  const r = readRun(fixture, 'linux/amd64');
  assert.equal(r.outcome, 'success');
  assert.deepEqual(r.go, { version: '1.25.14', source: 'proxy', installMs: 12500 });
  assert.equal(r.fyneVersion, 'v2.6.1');
  assert.equal(r.buildOk, true);
  assert.equal(r.buildMs, 61000);
  assert.equal(r.modules.restore.result, 'hit');
  assert.equal(r.build.restore.matchedKey, 'go-fyne-build-linux-amd64-go1.25.14-x');
  assert.equal(r.build.save.status, 'saved');
  assert.equal(r.build.save.bytes, 320 * 1048576);
  assert.equal(r.prune.newEntries, 12);
  assert.equal(prunedCell(r.prune), '40 (2.0 MiB)');
  assert.equal(prunedCell({ pruned: false, removedEntries: 0, removedBytes: 0, keptEntries: 5000, newEntries: 3 }), 'not pruned');
  assert.equal(prunedCell(undefined), '-');
  assert.equal(restoreCell(r.build), 'prefix 2.50 s');
  assert.equal(saveCell(r.build, r.prune.newEntries), 'saved (12 new) 7.00 s');
  assert.equal(saveCell(r.modules), 'skipped [exact key was restored; unchanged] 1 ms');
  const w = readRun(fixture, 'windows/amd64');
  assert.equal(w.buildOk, false);
  assert.equal(w.buildError, 'x86_64-w64-mingw32-gcc: not found');
  const none = readRun({ ...fixture, cache: undefined, targets: [] }, '');
  assert.equal(none.build, undefined);
  assert.equal(none.buildOk, undefined);
  assert.equal(restoreCell(none.modules), '-');
  assert.equal(buildLayerSkipped(r), false);
  const userGocache = {
    ...fixture.cache.layers[1],
    restore: { result: 'skipped', reason: "GOCACHE is the user's", bytes: 0, ms: 0 },
    save: { status: 'skipped', reason: "GOCACHE is the user's", ms: 0 },
  };
  const kept = readRun(
    {
      ...fixture,
      cache: { layers: [fixture.cache.layers[0], userGocache], prune: { pruned: false, removedEntries: 0, removedBytes: 0, keptEntries: 5000, newEntries: 3 } },
    },
    'linux/amd64',
  );
  assert.equal(buildLayerSkipped(kept), true);
  assert.equal(restoreCell(kept.build), 'skipped 0 ms');
  assert.equal(buildLayerSkipped(none), false);
  assert.throws(() => readRun({ ...fixture, schema: 'go-fyne-action/report@2' }), /not a go-fyne-action\/report@1 report/);
  assert.throws(() => readRun(undefined), /not a go-fyne-action\/report@1 report/);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(ratio(10, 4), '2.50x');
  assert.equal(mdTable(['a', 'b'], [['x', 1]]), '| a   |   b |\n| --- | --: |\n| x   |   1 |');
  console.log('cache bench self-test: ok (report reader, cells, helpers)');
}

if (args['self-test']) {
  selfTest();
  process.exit(0);
}

// ---------------------------------------------------------------- setup

const CLI = path.resolve(args.cli);
const APP = path.join(repoRoot, 'examples', 'hello-fyne');
const GO_VERSION = '1.25.14';
const WARM = args.runs;
const TARGETS = args.targets
  .split(',')
  .map((t) => t.trim())
  .filter(Boolean);
const ONLY = new Set(args.only);
const COMMITS = Math.min(5, args.commits);
const lin = TARGETS.includes('linux/amd64') ? 'linux/amd64' : TARGETS[0];
const progress = progressLogger('cache');

/** A missing prerequisite: one line, exit 1. */
const die = (msg) => {
  process.stderr.write(`bench cache: ${msg}\n`);
  process.exit(1);
};
if (!existsSync(CLI)) die(`${CLI} is missing: the lead runs npm run bundle`);
if (!/--report/.test(spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout ?? '')) {
  die(`${CLI} takes no --report flag yet: the bench reads the CLI's run report (rebuild dist/ once src/report.ts is in; --self-test checks the reader alone)`);
}
if (!existsSync(path.join(repoRoot, '.cache', 'fixtures', 'fixtures.json'))) die('run `node scripts/fixtures.mjs` once first');
for (const bin of ['gcc', 'zstd', ...(ONLY.has('build') && TARGETS.some((t) => t.startsWith('windows/')) ? ['x86_64-w64-mingw32-gcc'] : [])]) {
  if (spawnSync('which', [bin]).status !== 0) die(`${bin} is not on PATH`);
}

const tmp = tempDir('cache', { keep: args.keep });
const SYSGO = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
const sysModCache = spawnSync(SYSGO, ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout.trim();
const GOPROXY = `file://${path.join(sysModCache, 'cache', 'download')},https://proxy.golang.org`;

/** The CLI's own layout under a cache root: src/cache/policy.ts localCacheLayout, bundled (the one home of those names). */
async function loadLayout() {
  const outfile = path.join(tmp.dir, 'layout.mjs');
  await esbuild({
    entryPoints: [path.join(repoRoot, 'src', 'cache', 'policy.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
  });
  return (await import(pathToFileURL(outfile).href)).localCacheLayout;
}
const layoutOf = await loadLayout();

/** Bytes and GOCACHE entries (`<64 hex>-a|-d`, Go's own naming) of the regular files under dir. */
function treeSize(dir) {
  let bytes = 0;
  let entries = 0;
  const stack = [dir];
  while (stack.length) {
    const cur = stack.pop();
    let names;
    try {
      names = readdirSync(cur, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of names) {
      const p = path.join(cur, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) {
        bytes += lstatSync(p).size;
        if (/^[0-9a-f]{64}-[ad]$/.test(e.name)) entries++;
      }
    }
  }
  return { bytes, entries };
}
const storeBytes = (cache) => treeSize(layoutOf(cache).store).bytes;

function copyApp(name) {
  const d = path.join(tmp.dir, name);
  cpSync(APP, d, { recursive: true });
  return d;
}

const goEnv = (extra) => ({ ...process.env, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', GOPROXY, ...extra });

const runs = [];
/**
 * One CLI run with --report; returns readRun() of its report plus the wall time and how much the
 * store grew (the archives this run saved). Throws (with the log's tail) when the run fails.
 * target '' builds nothing (set-up only: Go, and the cache layers).
 */
function cli({ cache, app, target, extraArgs = [], env = {}, label }) {
  const n = runs.length + 1;
  const out = path.join(tmp.dir, `out-${n}`); // a fresh output dir: go build -o would skip an up-to-date binary
  const reportFile = path.join(tmp.dir, `run-${n}.json`);
  const argv = [
    CLI,
    '--working-directory',
    app,
    '--targets',
    target,
    '--go-version',
    GO_VERSION,
    '--go-download-source',
    'proxy',
    '--go-proxy',
    'https://proxy.golang.org',
    '--output-dir',
    out,
    '--report',
    reportFile,
    ...extraArgs,
  ];
  const fullEnv = { ...process.env, GO_FYNE_ACTION_CACHE: cache, GOFLAGS: '-buildvcs=false', GOPROXY, GOTOOLCHAIN: 'local', ...env };
  for (const k of ['GOCACHE', 'GOMODCACHE', 'GOROOT', 'CI', 'GITHUB_ACTIONS', 'GITHUB_RUN_ID']) {
    if (!(k in env)) delete fullEnv[k];
  }
  progress(`${label}: node ${path.relative(repoRoot, CLI)} --targets '${target}' ${extraArgs.join(' ')}`.trim());
  const before = storeBytes(cache);
  const { ms: wallMs, result: r } = timed(() =>
    // cwd: the CLI's workspace, which must hold --output-dir
    spawnSync('nice', ['-n', '5', process.execPath, ...argv], { cwd: tmp.dir, env: fullEnv, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }),
  );
  const log = path.join(tmp.dir, `run-${n}.log`);
  writeFileSync(log, `# ${label}\n# ${argv.join(' ')}\n${r.stderr}\n--- stdout\n${r.stdout}`);
  const tail = () => (r.stderr ?? '').split('\n').slice(-40).join('\n');
  let report;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch (err) {
    throw new Error(`${label}: no run report at ${reportFile} (${err.message}); the CLI exited ${r.status}\n${tail()}`, { cause: err });
  }
  const run = readRun(report, target || undefined);
  if (r.status !== 0 || run.outcome !== 'success' || (target && !run.buildOk)) {
    throw new Error(`${label}: the CLI exited ${r.status} (${run.outcome}${run.error ? `: ${run.error}` : ''})\n${tail()}`);
  }
  Object.assign(run, { label, wallMs, storeGrowth: storeBytes(cache) - before, log, report });
  runs.push({ label, wallMs, storeGrowth: run.storeGrowth, report });
  progress(
    `  wall ${fmt(wallMs)}, build ${fmt(run.buildMs)}, restore build ${restoreCell(run.build)}, save build ${run.build?.save?.status ?? '-'}, store +${MiB(run.storeGrowth)}`,
  );
  return run;
}

/** The archive a run saved for `layer`: the store's growth, when that layer was the only one saved. */
function archiveOf(run, layer) {
  const saved = ['modules', 'build'].filter((n) => run[n]?.save?.status === 'saved');
  return saved.length === 1 && saved[0] === layer ? run.storeGrowth : undefined;
}

const report = [];
const say = (s = '') => report.push(s);
const results = { targets: TARGETS, warmRuns: WARM, commits: COMMITS, parts: [...ONLY], part1: {}, part2: {} };

try {
  // ---------------------------------------------------------------- setup: modules, Go, the modules layer
  const C1 = path.join(tmp.dir, 'cache-main');
  const L1 = layoutOf(C1);
  const app1 = copyApp('app-main');

  // What a modules-layer miss costs when the modules are already on this machine (file://
  // proxy; a network fetch is slower), for every target any part builds.
  progress('setup: go list -deps for every target into <cache>/mod (file:// proxy)');
  const { ms: modFetchMs } = timed(() => {
    for (const target of new Set([...TARGETS, lin])) {
      const [goos, goarch] = target.split('/');
      const r = spawnSync(SYSGO, ['list', '-deps', '-e', './...'], {
        cwd: app1,
        env: goEnv({ GOMODCACHE: L1.gomodcache, GOOS: goos, GOARCH: goarch, CGO_ENABLED: '1', GOCACHE: path.join(tmp.dir, 'scratch-gocache') }),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (r.status !== 0) throw new Error(`go list for ${target}: ${r.stderr}`);
    }
  });
  const modTree = treeSize(L1.gomodcache);
  rmrf(path.join(tmp.dir, 'scratch-gocache'));
  const setup = cli({ cache: C1, app: app1, target: '', label: 'setup: install Go, save the modules layer (no targets)' });
  let haveLinBuild = false; // a linux build entry in C1's store, for part 2

  // ---------------------------------------------------------------- part 1: cold vs warm per target
  const p1 = {};
  if (ONLY.has('build')) {
    for (const target of TARGETS) {
      rmrf(L1.gocache);
      const cold = cli({ cache: C1, app: app1, target, label: `part 1 ${target} cold` });
      const warm = [];
      for (let i = 0; i < WARM; i++) {
        rmrf(L1.gocache);
        warm.push(cli({ cache: C1, app: app1, target, label: `part 1 ${target} warm ${i + 1}/${WARM}` }));
      }
      p1[target] = { cold, warm };
      if (target === lin) haveLinBuild = true;
    }
  }

  // ---------------------------------------------------------------- part 3: the modules layer
  let p3;
  if (ONLY.has('modules')) {
    // modcache: a fresh runner restores both layers.
    rmrf(L1.gocache);
    rmrf(L1.gomodcache);
    const fresh = cli({ cache: C1, app: app1, target: lin, label: 'part 3 modcache: fresh runner (empty GOMODCACHE and GOCACHE)' });
    haveLinBuild = true;
    // vendor: a miss runs go mod vendor and saves vendor/ (no targets: that layer alone), then a
    // fresh checkout on a fresh runner restores it and builds.
    const appV = copyApp('app-vendor');
    const v1 = cli({
      cache: C1,
      app: appV,
      target: '',
      extraArgs: ['--cache-modules', 'vendor'],
      label: 'part 3 vendor: first run (miss -> go mod vendor; no targets)',
    });
    const vendorTree = treeSize(path.join(appV, 'vendor'));
    rmrf(path.join(appV, 'vendor')); // a fresh checkout has no vendor/ (with one, the CLI would take it as committed)
    rmrf(L1.gocache);
    const v2 = cli({
      cache: C1,
      app: appV,
      target: lin,
      extraArgs: ['--cache-modules', 'vendor'],
      label: 'part 3 vendor: second run (fresh checkout, fresh runner)',
    });
    p3 = { fresh, v1, v2, vendorTree };
  }

  // ---------------------------------------------------------------- part 2: commits, with and without pruning
  let p2;
  if (ONLY.has('commits')) {
    if (!haveLinBuild) {
      rmrf(L1.gocache);
      cli({ cache: C1, app: app1, target: lin, label: `part 2 seed: cold build of ${lin}` });
    }
    // The dependency bump: the next patch of github.com/yuin/goldmark after the one go.sum pins,
    // as listed by the Go module proxy; `go get` runs once in a scratch copy, through the proxy.
    const goMod = readFileSync(path.join(APP, 'go.mod'), 'utf8');
    const dep = 'github.com/yuin/goldmark';
    const pinned = new RegExp(`${dep.replace(/[./]/g, '\\$&')} (v\\S+)`).exec(goMod)?.[1];
    const getModCache = path.join(tmp.dir, 'get-modcache');
    const list = spawnSync(SYSGO, ['list', '-m', '-versions', dep], {
      cwd: tmp.dir,
      env: goEnv({ GOPROXY: 'https://proxy.golang.org', GOMODCACHE: getModCache, GOFLAGS: '-modcacherw' }),
      encoding: 'utf8',
    });
    const semver = (v) => v.replace(/^v/, '').split(/[.-]/).slice(0, 3).map(Number);
    const [pa, pb, pc] = semver(pinned ?? 'v0.0.0');
    const bumpTo = list.stdout
      .trim()
      .split(/\s+/)
      .slice(1)
      .filter((v) => /^v\d+\.\d+\.\d+$/.test(v))
      .filter((v) => {
        const [a, b, c] = semver(v);
        return a === pa && b === pb && c > pc;
      })
      .sort((x, y) => semver(x)[2] - semver(y)[2])[0];
    if (!pinned || !bumpTo) throw new Error(`no newer patch of ${dep} than ${pinned} on the proxy: ${list.stdout}${list.stderr}`);
    const scratch = copyApp('app-bump');
    progress(`part 2: go get ${dep}@${bumpTo} (was ${pinned}) through the proxy`);
    const get = spawnSync(SYSGO, ['get', `${dep}@${bumpTo}`], {
      cwd: scratch,
      env: goEnv({ GOMODCACHE: getModCache, GOFLAGS: '-modcacherw -buildvcs=false' }),
      encoding: 'utf8',
    });
    if (get.status !== 0) throw new Error(`go get ${dep}@${bumpTo}: ${get.stderr}`);
    const bumped = { mod: readFileSync(path.join(scratch, 'go.mod'), 'utf8'), sum: readFileSync(path.join(scratch, 'go.sum'), 'utf8') };
    const bumpDiff = spawnSync('diff', [path.join(APP, 'go.mod'), path.join(scratch, 'go.mod')], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((l) => /^[<>]/.test(l));
    rmrf(getModCache);

    const edit = (file, from, to) => (dir) => {
      const p = path.join(dir, file);
      const s = readFileSync(p, 'utf8');
      if (!s.includes(from)) throw new Error(`commit edit: ${from} not in ${file}`);
      writeFileSync(p, s.replace(from, to));
    };
    const commits = [
      ['no change (baseline)', () => {}],
      ['change a label', edit('main.go', 'widget.NewLabel("Hello Fyne!")', 'widget.NewLabel("Hello Fyne, commit 1!")')],
      [
        'add a file (greeting.go) and use it',
        (dir) => {
          writeFileSync(
            path.join(dir, 'greeting.go'),
            'package main\n\nimport "fmt"\n\n// greeting is the first label.\nfunc greeting(n int) string {\n\treturn fmt.Sprintf("Hello Fyne, commit %d!", n)\n}\n',
          );
          edit('main.go', 'widget.NewLabel("Hello Fyne, commit 1!")', 'widget.NewLabel(greeting(2))')(dir);
        },
      ],
      [
        'edit a function (greeting)',
        edit('greeting.go', 'return fmt.Sprintf("Hello Fyne, commit %d!", n)', 'return fmt.Sprintf("Hello Fyne, build %d of many!", n*10)'),
      ],
      [
        `bump ${dep} ${pinned} -> ${bumpTo} (go get)`,
        (dir) => {
          writeFileSync(path.join(dir, 'go.mod'), bumped.mod);
          writeFileSync(path.join(dir, 'go.sum'), bumped.sum);
        },
      ],
      ['change a label', edit('main.go', 'widget.NewButton("Quit", a.Quit)', 'widget.NewButton("Close", a.Quit)')],
    ].slice(0, COMMITS + 1);

    // Both modes start from a copy (hard links) of C1 as it is now: Go in the tool cache and the
    // store with the newest linux build entry (the one a push on main would leave behind) and the
    // modules entry; without C1's GOCACHE and GOMODCACHE (a fresh runner).
    const modes = [{ name: 'pruned', env: {} }, { name: 'not pruned' }].map((m) => {
      const cache = path.join(tmp.dir, `cache-${m.name.replace(/\W+/g, '-')}`);
      if (spawnSync('cp', ['-al', C1, cache]).status !== 0) throw new Error(`cp -al ${C1} ${cache} failed`);
      const l = layoutOf(cache);
      rmrf(l.gocache);
      rmrf(l.gomodcache);
      return { ...m, cache, app: copyApp(`app-${m.name.replace(/\W+/g, '-')}`), seedBytes: storeBytes(cache), rows: [] };
    });
    // Without pruning: a GOCACHE the user set. The CLI never prunes it (src/cache/policy.ts
    // goCachePlacement: not the CLI's own), and beside its local store it neither restores nor
    // saves the build layer (src/cache/layers.ts buildLayerSkip): that GOCACHE stays on this
    // machine between runs, so it is kept here (the baseline run starts it empty: a cold build).
    modes[1].gocache = path.join(modes[1].cache, 'user-gocache');
    modes[1].env = { GOCACHE: modes[1].gocache };
    modes[1].persists = true;
    for (const [ci, [what, apply]] of commits.entries()) {
      for (const m of modes) {
        apply(m.app);
        const gocache = m.gocache ?? layoutOf(m.cache).gocache;
        if (!m.persists) rmrf(gocache); // a fresh runner: the CLI's GOCACHE comes from the store
        const r = cli({ cache: m.cache, app: m.app, target: lin, env: m.env, label: `part 2 ${m.name}: commit ${ci} (${what})` });
        m.rows.push({ ci, what, r, after: treeSize(gocache), store: storeBytes(m.cache) - m.seedBytes });
      }
    }
    p2 = { modes, bumpDiff };
  }

  // ---------------------------------------------------------------- the report
  const go = setup.go ?? {};
  say(
    `go-fyne-action cache bench: examples/hello-fyne (Fyne ${setup.fyneVersion ?? '?'}, cgo) through ${path.relative(repoRoot, CLI)}, parts ${[...ONLY].join(', ')}`,
  );
  say(
    `go ${String(go.version ?? GO_VERSION).replace(/^go/, '')}; ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? '?'}); zstd ${spawnSync(
      'zstd',
      ['--version'],
      { encoding: 'utf8' },
    )
      .stdout.trim()
      .replace(/^.*v(\d\S*),.*$/, '$1')}; local cache backend`,
  );
  say(`Go ${GO_VERSION} on the first run: ${go.source ?? '?'}${go.installMs !== undefined ? ` in ${fmt(go.installMs)}` : ''} (later runs: tool-cache)`);
  say('times come from each CLI run report (--report): "restore" and "save" per cache layer, "build" the target\'s; "wall" is the whole CLI run;');
  say('"store +" is how much the local store grew in the run (the archives it saved, zstd)');
  say(
    `setup: modules layer saved (${setup.modules?.save?.status ?? '-'}): ${MiB(setup.modules?.save?.bytes)} on disk, archive ${MiB(archiveOf(setup, 'modules'))}, in ${fmt(setup.modules?.save?.ms)}`,
  );
  say();

  if (ONLY.has('build')) {
    say('1. Build layer, cold vs warm (warm = <cache>/go-build deleted, so GOCACHE comes back from the local store)');
    const rows1 = [];
    const sum1 = [];
    for (const target of TARGETS) {
      const { cold, warm } = p1[target];
      const runRow = (name, r) => [
        target,
        name,
        fmt(r.wallMs),
        restoreCell(r.build),
        MiB(r.build?.restore?.bytes),
        restoreCell(r.modules),
        fmt(r.buildMs),
        saveCell(r.build, r.prune?.newEntries),
        prunedCell(r.prune),
        MiB(r.storeGrowth),
      ];
      rows1.push(runRow('cold (empty GOCACHE)', cold));
      warm.forEach((w, i) => rows1.push(runRow(`warm ${i + 1}`, w)));
      const mb = median(warm.map((w) => w.buildMs));
      const mw = median(warm.map((w) => w.wallMs));
      const mr = median(warm.map((w) => w.build?.restore?.ms ?? NaN));
      sum1.push([
        target,
        fmt(cold.buildMs),
        fmt(mb),
        ratio(cold.buildMs, mb, 1),
        fmt(cold.wallMs),
        fmt(mw),
        ratio(cold.wallMs, mw, 1),
        fmt(mr),
        MiB(cold.build?.save?.bytes),
        MiB(archiveOf(cold, 'build')),
      ]);
      results.part1[target] = {
        coldBuildMs: cold.buildMs,
        warmBuildMs: mb,
        coldWallMs: cold.wallMs,
        warmWallMs: mw,
        warmRestoreMs: mr,
        savedBytes: cold.build?.save?.bytes,
        archiveBytes: archiveOf(cold, 'build'),
      };
    }
    say(mdTable(['target', 'run', 'wall', 'restore build', 'GOCACHE in', 'restore modules', 'build', 'save build', 'pruned', 'store +'], rows1));
    say();
    say(`Summary (cold: 1 run; warm: median of ${WARM} runs)`);
    say(
      mdTable(
        [
          'target',
          'build cold',
          'build warm',
          'build cold/warm',
          'wall cold',
          'wall warm',
          'wall cold/warm',
          'warm restore',
          'GOCACHE saved',
          'archive (zstd)',
        ],
        sum1,
      ),
    );
    say();
  }

  if (p2) {
    say(`2. Build layer over ${COMMITS} commits (after a no-change baseline run) on ${lin}, hello-fyne (cgo)`);
    say(
      "   pruned = the CLI's own GOCACHE (<cache>/go-build): each commit a fresh runner (GOCACHE deleted), restored from the store, built, pruned to what the run used, saved",
    );
    say(
      "   not pruned = GOCACHE=<dir> set in the environment: the CLI takes it as the user's, never prunes it, and beside its local store neither restores nor saves it;",
    );
    say('                it persists between runs (kept here; empty before the baseline run, so that one is a cold build)');
    say(
      `   start: both stores copied from the main one (${MiB(p2.modes[0].seedBytes)}): its newest ${lin} build entry and the modules entry are what gets restored`,
    );
    const rows2 = [];
    for (const m of p2.modes) {
      for (const x of m.rows) {
        rows2.push([
          m.name,
          `${x.ci} ${x.what}`,
          restoreCell(x.r.build),
          fmt(x.r.buildMs),
          x.r.prune?.newEntries ?? '-',
          prunedCell(x.r.prune),
          `${MiB(x.after.bytes)} / ${x.after.entries}`,
          x.r.build?.save?.status === 'saved' ? MiB(x.r.storeGrowth) : (x.r.build?.save?.status ?? '-'),
          MiB(x.store),
        ]);
      }
      results.part2[m.name] = m.rows.map((x) => ({
        commit: x.what,
        restore: x.r.build?.restore,
        buildMs: x.r.buildMs,
        prune: x.r.prune,
        save: x.r.build?.save,
        gocacheAfter: x.after,
        storeGrowth: x.r.storeGrowth,
        storeSinceStart: x.store,
      }));
    }
    say(
      mdTable(
        ['mode', 'commit', 'restore build', 'build', 'new entries', 'pruned', 'GOCACHE after (bytes / entries)', 'archive saved', 'store growth since start'],
        rows2,
      ),
    );
    const user = p2.modes[1];
    const allSkipped = user.rows.every((x) => buildLayerSkipped(x.r));
    const growth = user.rows.at(-1)?.store;
    say(
      `   not pruned: ${allSkipped ? 'the build layer was skipped in every run (neither restored nor saved): the store did not grow for it' : 'UNEXPECTED: the build layer was restored or saved in some run'}; ` +
        `store growth since start ${MiB(growth)}${growth ? ' (the modules layer: the bump changes go.sum)' : ''}`,
    );
    results.part2.userGocacheBuildLayerSkipped = allSkipped;
    say(`   dependency bump: ${p2.bumpDiff.join(' ')}`);
    say();
  }

  if (p3) {
    const { fresh, v1, v2, vendorTree } = p3;
    say('3. Modules layer, for hello-fyne');
    const rows3 = [
      [
        'miss: fetch (go list -deps, all targets, file:// proxy of the machine module cache)',
        MiB(modTree.bytes),
        '-',
        fmt(modFetchMs),
        'baseline; a network fetch is slower',
      ],
      [
        'modcache (GOMODCACHE)',
        MiB(fresh.modules?.restore?.bytes),
        MiB(archiveOf(setup, 'modules')),
        fmt(fresh.modules?.restore?.ms),
        `fresh runner: ${fresh.modules?.restore?.result}; build layer restored alongside: ${restoreCell(fresh.build)}`,
      ],
      [
        'vendor (--modules vendor), miss',
        MiB(vendorTree.bytes),
        MiB(archiveOf(v1, 'modules')),
        v1.modules?.restore?.result === 'hit' ? '-' : `${fmt(v1.stages.find((x) => x.name === 'Restore caches')?.durationMs)} (with go mod vendor)`,
        `first run (no targets): ${v1.modules?.restore?.result}; save ${saveCell(v1.modules)}`,
      ],
      [
        'vendor (--modules vendor), restore',
        MiB(v2.modules?.restore?.bytes),
        '-',
        fmt(v2.modules?.restore?.ms),
        `second run: ${v2.modules?.restore?.result}; build layer: ${restoreCell(v2.build)}, build ${fmt(v2.buildMs)}, ${v2.prune?.newEntries ?? '-'} new entries`,
      ],
    ];
    say(mdTable(['form', 'on disk', 'archive (zstd)', 'restore', 'notes'], rows3));
    say(`   wall: modcache fresh runner ${fmt(fresh.wallMs)}; vendor first ${fmt(v1.wallMs)}, second ${fmt(v2.wallMs)}`);
    say();
    results.part3 = {
      modFetchMs,
      modBytes: modTree.bytes,
      modcache: fresh.modules,
      modcacheArchiveBytes: archiveOf(setup, 'modules'),
      vendorBytes: vendorTree.bytes,
      vendorArchiveBytes: archiveOf(v1, 'modules'),
      vendorRestore: v2.modules,
    };
  }
  say(`total bench time ${progress.elapsed()}; logs and reports of every CLI run: ${args.keep ? tmp.dir : '(removed; rerun with --keep)'}`);
  console.log(report.join('\n'));
  writeReport(args.report, 'cache', { ...results, runs });
} finally {
  tmp.done();
}
