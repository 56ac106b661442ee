// Cache layer bench on examples/hello-fyne (a real Fyne cgo app), driving the real product: the
// CLI as bundled (dist/cli.js) with its local cache backend, exactly like the action's main step
// (restore) and post step (prune + save). Needs `node scripts/fixtures.mjs` once, Go on PATH,
// gcc + the Fyne system headers and x86_64-w64-mingw32-gcc.
//
//   nice npm run bench -- cache            (or: nice node scripts/bench/cache.mjs [--keep])
//   env: BENCH_CACHE_KEEP=1 (= --keep: keep the temp dir with every CLI run's log),
//        BENCH_CACHE_WARM_RUNS (default 3), BENCH_CACHE_TARGETS (default linux/amd64,windows/amd64)
//
// Parts (all in one run, about 20-25 min on 2 cores):
//  1. per target (linux/amd64, windows/amd64): the cold build (empty GOCACHE) and WARM warm
//     builds, each after deleting <cache>/go-build so the build layer comes back from the local
//     store <cache>/cache. Restore, build and save times come from the CLI's own log lines.
//  2. the build layer over 5 simulated commits (label edit, added file, function edit, a
//     dependency bump through the Go module proxy, label edit) on linux/amd64, with pruning
//     (the CLI's own GOCACHE) and without (GOCACHE set by the user: the CLI then never prunes).
//  3. the modules layer as `modcache` and as `vendor`: archive size and restore time.
//
// Network: Go itself comes from the real Go module proxy (golang.org/toolchain, checked against
// sum.golang.org through the proxy) on the first run, then from <cache>/tools. Modules come from
// the machine's module cache through GOPROXY=file://...,https://proxy.golang.org (only the bumped
// dependency is fetched from proxy.golang.org, by the go command).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fmt, median } from './_util.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const CLI = path.join(root, 'dist', 'cli.js');
const APP = path.join(root, 'examples', 'hello-fyne');
const GO_VERSION = '1.25.14';
const WARM = Number(process.env.BENCH_CACHE_WARM_RUNS || 3);
const TARGETS = (process.env.BENCH_CACHE_TARGETS || 'linux/amd64,windows/amd64').split(',');
const KEEP = process.argv.includes('--keep') || process.env.BENCH_CACHE_KEEP === '1'; // npm run bench passes no flags
const T0 = Date.now();

const tmp = mkdtempSync(path.join(os.tmpdir(), 'gfa-bench-cache-'));
const SYSGO = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
const sysModCache = spawnSync(SYSGO, ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout.trim();
const FILE_PROXY = `file://${path.join(sysModCache, 'cache', 'download')}`;
const GOPROXY = `${FILE_PROXY},https://proxy.golang.org`;

// ---------------------------------------------------------------- helpers

const elapsed = () => {
  const s = Math.round((Date.now() - T0) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const progress = (m) => process.stderr.write(`[bench cache ${elapsed()}] ${m}\n`);
const MiB = (n) => (n === undefined || Number.isNaN(n) ? '-' : `${(n / 1024 / 1024).toFixed(1)} MiB`);
const secs = (s) => (s === undefined || Number.isNaN(s) ? '-' : `${s.toFixed(1)} s`);
const UNITS = { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
const bytesOf = (s) => {
  const m = /^([\d.]+) (KiB|MiB|GiB)$/.exec(s ?? '');
  return m ? Number(m[1]) * UNITS[m[2]] : undefined;
};

function rmrf(p) {
  if (!existsSync(p)) return;
  spawnSync('chmod', ['-R', 'u+w', p]); // the module cache is read-only
  rmSync(p, { recursive: true, force: true });
}

/** Bytes and GOCACHE entries (`xx/<hash>-a|-d`) of regular files under dir. */
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

/** The local store's entries (meta.json of <cache>/cache/entries/*). */
function storeEntries(cache) {
  const dir = path.join(cache, 'cache', 'entries');
  const out = [];
  for (const n of existsSync(dir) ? readdirSync(dir) : []) {
    try {
      out.push({ ...JSON.parse(readFileSync(path.join(dir, n, 'meta.json'), 'utf8')), dir: path.join(dir, n) });
    } catch {
      /* not an entry */
    }
  }
  return out;
}
const entryDirOf = (cache, key) => path.join(cache, 'cache', 'entries', createHash('sha256').update(key).digest('hex').slice(0, 32));
function archiveBytes(cache, key) {
  try {
    return JSON.parse(readFileSync(path.join(entryDirOf(cache, key), 'meta.json'), 'utf8')).sizes.reduce((a, b) => a + b, 0);
  } catch {
    return undefined;
  }
}
const storeBytes = (cache) => storeEntries(cache).reduce((a, e) => a + e.sizes.reduce((x, y) => x + y, 0), 0);

/** A new cache root sharing the Go toolchain of `from` (hard links; the first run fetched it through the proxy). */
function newCacheRoot(name, from) {
  const c = path.join(tmp, name);
  mkdirSync(c, { recursive: true });
  if (from && existsSync(path.join(from, 'tools'))) spawnSync('cp', ['-al', path.join(from, 'tools'), path.join(c, 'tools')]);
  return c;
}
/** Seeds a store with entries of another one (hard links). */
function seedStore(cache, entries) {
  mkdirSync(path.join(cache, 'cache', 'entries'), { recursive: true });
  for (const e of entries) spawnSync('cp', ['-al', e.dir, path.join(cache, 'cache', 'entries', path.basename(e.dir))]);
}

function copyApp(name) {
  const d = path.join(tmp, name);
  cpSync(APP, d, { recursive: true });
  return d;
}

/** Parses the CLI's stderr log. */
function parseLog(err) {
  const r = { restore: {}, save: {}, build: {}, go: undefined, goMs: undefined };
  for (const line of err.split('\n')) {
    let m;
    if ((m = /cache (modules|build): (hit|prefix|miss); key (\S+); matched (\S+); ([\d.]+ [KMG]iB) in ([\d.]+) s/.exec(line))) {
      r.restore[m[1]] = { result: m[2], key: m[3], matched: m[4], bytes: bytesOf(m[5]), s: Number(m[6]) };
    } else if ((m = /cache (modules|build): (saved|exists|skipped|failed)(?: \((.*)\))?; key (\S+); ([\d.]+ [KMG]iB) in ([\d.]+) s/.exec(line))) {
      r.save[m[1]] = { action: m[2], reason: m[3] ?? '', key: m[4], bytes: bytesOf(m[5]), s: Number(m[6]) };
    } else if ((m = /cache build: pruned (\d+) entries \(([^)]+)\) this run did not use; kept (\d+)/.exec(line))) {
      r.pruned = { count: Number(m[1]), bytes: bytesOf(m[2]), kept: Number(m[3]) };
    } else if ((m = /cache build: (\d+) new entries/.exec(line))) {
      r.fresh = Number(m[1]);
    } else if ((m = /▸ (\S+\/\S+): ok in ([\d.]+) s/.exec(line))) {
      r.build[m[1]] = { ok: true, s: Number(m[2]) };
    } else if ((m = /▸ (\S+\/\S+): FAILED/.exec(line))) {
      r.build[m[1]] = { ok: false };
    } else if ((m = /Installed Go \S+ from (\S+) in ([\d.]+) s/.exec(line))) {
      r.go = m[1];
      r.goS = Number(m[2]);
    } else if (/Go \S+ at \S+ \(tool-cache\)/.test(line)) {
      r.go = 'tool-cache';
    } else if (/running go mod vendor/.test(line)) {
      r.vendored = true;
    }
  }
  return r;
}

let runNo = 0;
/** One CLI run; returns the parsed log plus wall time. Throws (with the log) when the CLI fails. */
function cli({ cache, app, target, extraArgs = [], env = {}, label }) {
  const out = path.join(tmp, `out-${++runNo}`); // a fresh output dir: go build -o would skip an up-to-date binary
  const argv = [CLI, '--working-directory', app, '--targets', target, '--go-version', GO_VERSION, '--go-download-source', 'proxy',
    '--go-proxy', 'https://proxy.golang.org', '--output-dir', out, ...extraArgs];
  const fullEnv = { ...process.env, GO_FYNE_ACTION_CACHE: cache, GOFLAGS: '-buildvcs=false', GOPROXY, GOTOOLCHAIN: 'local', ...env };
  for (const k of ['GOCACHE', 'GOMODCACHE', 'GO_FYNE_ACTION_USER_GOCACHE', 'GOROOT', 'CI', 'GITHUB_ACTIONS', 'GITHUB_RUN_ID']) {
    if (!(k in env)) delete fullEnv[k];
  }
  progress(`${label}: node dist/cli.js --targets ${target} ${extraArgs.join(' ')}`.trim());
  const t0 = process.hrtime.bigint();
  const r = spawnSync('nice', ['-n', '5', process.execPath, ...argv], { env: fullEnv, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  writeFileSync(path.join(tmp, `run-${runNo}.log`), `# ${label}\n# ${argv.join(' ')}\n${r.stderr}\n--- stdout\n${r.stdout}`);
  const p = parseLog(r.stderr ?? '');
  if (r.status !== 0 || !p.build[target]?.ok) {
    throw new Error(`${label}: the CLI exited ${r.status}\n${(r.stderr ?? '').split('\n').slice(-40).join('\n')}`);
  }
  p.wallS = wallS;
  p.buildS = p.build[target].s;
  p.log = path.join(tmp, `run-${runNo}.log`);
  progress(`  wall ${secs(wallS)}, build ${secs(p.buildS)}, restore build ${p.restore.build?.result} ${secs(p.restore.build?.s)}, save build ${p.save.build?.action}`);
  return p;
}

function table(head, rows) {
  const all = [head, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(all[0]), w.map((n) => '-'.repeat(n)).join('  '), ...all.slice(1).map(line)].join('\n');
}

function goEnv(extra) {
  return { ...process.env, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', GOPROXY, ...extra };
}

// ---------------------------------------------------------------- checks

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: the lead runs npm run bundle`);
if (!existsSync(path.join(root, '.cache', 'fixtures', 'fixtures.json'))) {
  throw new Error('run `node scripts/fixtures.mjs` once first');
}
for (const bin of ['gcc', 'x86_64-w64-mingw32-gcc', 'zstd']) {
  if (spawnSync('which', [bin]).status !== 0) throw new Error(`${bin} is not on PATH`);
}

const report = [];
const say = (s = '') => report.push(s);

try {
  // ---------------------------------------------------------------- part 1: cold vs warm per target
  const C1 = newCacheRoot('cache-main');
  const app1 = copyApp('app-main');

  // Modules first (so the cold build measures the build cache only): what a modules-layer miss
  // costs when the modules are already on this machine (file:// proxy; a network fetch is slower).
  progress('modules: go list -deps for every target into <cache>/mod (file:// proxy)');
  let t = process.hrtime.bigint();
  for (const target of TARGETS) {
    const [goos, goarch] = target.split('/');
    const r = spawnSync(SYSGO, ['list', '-deps', '-e', './...'], {
      cwd: app1,
      env: goEnv({ GOMODCACHE: path.join(C1, 'mod'), GOOS: goos, GOARCH: goarch, CGO_ENABLED: '1', GOCACHE: path.join(tmp, 'scratch-gocache') }),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`go list for ${target}: ${r.stderr}`);
  }
  const modFetchS = Number(process.hrtime.bigint() - t) / 1e9;
  const modTree = treeSize(path.join(C1, 'mod'));
  rmrf(path.join(tmp, 'scratch-gocache'));

  const p1 = {};
  let firstRun;
  const aside = path.join(C1, 'aside');
  mkdirSync(aside, { recursive: true });
  for (const [ti, target] of TARGETS.entries()) {
    // No build entry in the store (a prefix restore-key would otherwise bring another target's
    // GOCACHE): the earlier targets' entries wait outside the store until part 1 is done.
    for (const e of storeEntries(C1)) if (e.key.includes('-build-')) renameSync(e.dir, path.join(aside, path.basename(e.dir)));
    rmrf(path.join(C1, 'go-build'));
    const cold = cli({ cache: C1, app: app1, target, label: `part 1 ${target} cold` });
    if (ti === 0) firstRun = cold;
    const warm = [];
    for (let i = 0; i < WARM; i++) {
      rmrf(path.join(C1, 'go-build'));
      warm.push(cli({ cache: C1, app: app1, target, label: `part 1 ${target} warm ${i + 1}/${WARM}` }));
    }
    p1[target] = { cold, warm, coldArchive: archiveBytes(C1, cold.save.build?.key) };
  }
  for (const n of readdirSync(aside)) renameSync(path.join(aside, n), path.join(C1, 'cache', 'entries', n));

  // ---------------------------------------------------------------- part 3 (modcache): a fresh runner restores both layers
  const lin = TARGETS.includes('linux/amd64') ? 'linux/amd64' : TARGETS[0];
  rmrf(path.join(C1, 'go-build'));
  rmrf(path.join(C1, 'mod'));
  const fresh = cli({ cache: C1, app: app1, target: lin, label: 'part 3 modcache: fresh runner (empty GOMODCACHE and GOCACHE)' });
  const modKey = fresh.restore.modules?.key;
  const modEntry = storeEntries(C1).find((e) => e.key === modKey);
  // The newest linux build entry now (before the vendor runs add theirs): part 2 starts from it.
  const hitPrefix = fresh.restore.build.key.replace(/[^-]+$/, '');
  const linBuild = storeEntries(C1)
    .filter((e) => e.key.startsWith(hitPrefix))
    .sort((a, b) => b.created - a.created)[0];

  // ---------------------------------------------------------------- part 3 (vendor)
  const appV = copyApp('app-vendor');
  const v1 = cli({ cache: C1, app: appV, target: lin, extraArgs: ['--modules', 'vendor'], label: 'part 3 vendor: first run (miss -> go mod vendor)' });
  const vendorTree = treeSize(path.join(appV, 'vendor'));
  rmrf(path.join(appV, 'vendor')); // a fresh checkout has no vendor/ (with one, the CLI would take it as committed)
  rmrf(path.join(C1, 'go-build'));
  const v2 = cli({ cache: C1, app: appV, target: lin, extraArgs: ['--modules', 'vendor'], label: 'part 3 vendor: second run (fresh checkout, fresh runner)' });
  const vendorKey = v2.restore.modules?.key;

  // ---------------------------------------------------------------- part 2: 5 commits, with and without pruning
  // The dependency bump: the next patch of github.com/yuin/goldmark after the one go.sum pins,
  // as listed by the Go module proxy; `go get` runs once in a scratch copy, through the proxy.
  const goMod = readFileSync(path.join(APP, 'go.mod'), 'utf8');
  const dep = 'github.com/yuin/goldmark';
  const pinned = new RegExp(`${dep.replace(/[./]/g, '\\$&')} (v\\S+)`).exec(goMod)?.[1];
  const list = spawnSync(SYSGO, ['list', '-m', '-versions', dep], {
    cwd: tmp,
    env: goEnv({ GOPROXY: 'https://proxy.golang.org', GOMODCACHE: path.join(tmp, 'get-modcache'), GOFLAGS: '-modcacherw' }),
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
    env: goEnv({ GOMODCACHE: path.join(tmp, 'get-modcache'), GOFLAGS: '-modcacherw -buildvcs=false' }),
    encoding: 'utf8',
  });
  if (get.status !== 0) throw new Error(`go get ${dep}@${bumpTo}: ${get.stderr}`);
  const bumped = { mod: readFileSync(path.join(scratch, 'go.mod'), 'utf8'), sum: readFileSync(path.join(scratch, 'go.sum'), 'utf8') };
  const bumpDiff = spawnSync('diff', [path.join(APP, 'go.mod'), path.join(scratch, 'go.mod')], { encoding: 'utf8' }).stdout.split('\n').filter((l) => /^[<>]/.test(l));
  rmrf(path.join(tmp, 'get-modcache'));

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
        writeFileSync(path.join(dir, 'greeting.go'), 'package main\n\nimport "fmt"\n\n// greeting is the first label.\nfunc greeting(n int) string {\n\treturn fmt.Sprintf("Hello Fyne, commit %d!", n)\n}\n');
        edit('main.go', 'widget.NewLabel("Hello Fyne, commit 1!")', 'widget.NewLabel(greeting(2))')(dir);
      },
    ],
    ['edit a function (greeting)', edit('greeting.go', 'return fmt.Sprintf("Hello Fyne, commit %d!", n)', 'return fmt.Sprintf("Hello Fyne, build %d of many!", n*10)')],
    [
      `bump ${dep} ${pinned} -> ${bumpTo} (go get)`,
      (dir) => {
        writeFileSync(path.join(dir, 'go.mod'), bumped.mod);
        writeFileSync(path.join(dir, 'go.sum'), bumped.sum);
      },
    ],
    ['change a label', edit('main.go', 'widget.NewButton("Quit", a.Quit)', 'widget.NewButton("Close", a.Quit)')],
  ];

  // Both modes start from the same store: the newest linux build entry of part 1 (the one a
  // push on main would leave behind) and the modules entry.
  const seed = [linBuild, modEntry].filter(Boolean);
  const modes = [
    { name: 'pruned', cache: newCacheRoot('cache-pruned', C1), app: copyApp('app-pruned'), env: {} },
    { name: 'not pruned', cache: newCacheRoot('cache-unpruned', C1), app: copyApp('app-unpruned') },
  ];
  // Without pruning: a GOCACHE the user set. The CLI then sets GO_FYNE_ACTION_USER_GOCACHE=1 itself
  // (src/cli.ts ownGoCaches) and the save skips pruning (src/steps/cache.ts saveCaches).
  modes[1].gocache = path.join(modes[1].cache, 'user-gocache');
  modes[1].env = { GOCACHE: modes[1].gocache };
  for (const m of modes) {
    seedStore(m.cache, seed);
    m.rows = [];
  }
  for (const [ci, [what, apply]] of commits.entries()) {
    for (const m of modes) {
      apply(m.app);
      const gocache = m.gocache ?? path.join(m.cache, 'go-build');
      rmrf(gocache); // a fresh runner: GOCACHE comes from the store
      const r = cli({ cache: m.cache, app: m.app, target: lin, env: m.env, label: `part 2 ${m.name}: commit ${ci} (${what})` });
      const after = treeSize(gocache);
      m.rows.push({ ci, what, r, after, archive: r.save.build?.action === 'saved' ? archiveBytes(m.cache, r.save.build.key) : undefined, store: storeBytes(m.cache) });
    }
  }

  // ---------------------------------------------------------------- report
  const go = spawnSync(path.join(firstRun ? C1 : '', 'tools', 'go', GO_VERSION, 'x64', 'bin', 'go'), ['version'], { encoding: 'utf8' }).stdout?.trim();
  say(`go-fyne-action cache bench: examples/hello-fyne (Fyne ${/fyne\.io\/fyne\/v2 (v\S+)/.exec(goMod)?.[1]}, cgo) through dist/cli.js`);
  say(`${go || `go ${GO_VERSION}`}; ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? '?'}); zstd ${spawnSync('zstd', ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^.*v(\d\S*),.*$/, '$1')}; local cache backend`);
  say(`Go ${GO_VERSION} on the first run: ${firstRun.go}${firstRun.goS !== undefined ? ` in ${secs(firstRun.goS)}` : ''} (later runs: tool-cache)`);
  say(`times: "restore" and "save" are the CLI's log lines (cache <layer>: ... in X s), "build" is its "<target>: ok in X s", "wall" the whole CLI run`);
  say();

  say('1. Build layer, cold vs warm (warm = <cache>/go-build deleted, so GOCACHE comes back from the local store)');
  const rows1 = [];
  const sum1 = [];
  for (const target of TARGETS) {
    const { cold, warm, coldArchive } = p1[target];
    const runRow = (name, r) => [
      target, name, secs(r.wallS), r.restore.build ? `${r.restore.build.result} ${secs(r.restore.build.s)}` : '-', MiB(r.restore.build?.bytes),
      r.restore.modules ? `${r.restore.modules.result} ${secs(r.restore.modules.s)}` : '-', secs(r.buildS),
      r.save.build ? `${r.save.build.action}${r.fresh !== undefined ? ` (${r.fresh} new)` : ''} ${secs(r.save.build.s)}` : '-',
      r.pruned ? `${r.pruned.count}` : '-',
    ];
    rows1.push(runRow('cold (empty GOCACHE)', cold));
    warm.forEach((w, i) => rows1.push(runRow(`warm ${i + 1}`, w)));
    const mb = median(warm.map((w) => w.buildS));
    const mw = median(warm.map((w) => w.wallS));
    const mr = median(warm.map((w) => w.restore.build?.s ?? NaN));
    sum1.push([target, secs(cold.buildS), secs(mb), `${(cold.buildS / mb).toFixed(1)}x`, secs(cold.wallS), secs(mw), `${(cold.wallS / mw).toFixed(1)}x`, secs(mr), MiB(cold.save.build?.bytes), MiB(coldArchive)]);
  }
  say(table(['target', 'run', 'wall', 'restore build', 'GOCACHE in', 'restore modules', 'build', 'save build', 'pruned'], rows1));
  say();
  say(`Summary (cold: 1 run; warm: median of ${WARM} runs)`);
  say(table(['target', 'build cold', 'build warm', 'build cold/warm', 'wall cold', 'wall warm', 'wall cold/warm', 'warm restore', 'GOCACHE saved', 'archive (zstd)'], sum1));
  say();

  say(`2. Build layer over 5 commits (after a no-change baseline run) on ${lin}, hello-fyne (cgo); each commit: a fresh runner (GOCACHE deleted), restored from the store, built, pruned or not, saved`);
  say(`   pruned = the CLI's own GOCACHE (<cache>/go-build), pruned to what the run used before the save`);
  say(`   not pruned = GOCACHE=<dir> set in the environment: the CLI marks it as the user's (GO_FYNE_ACTION_USER_GOCACHE=1) and never prunes it`);
  say(`   start: both stores seeded with part 1's newest ${lin} build entry (${MiB(linBuild?.sizes.reduce((a, b) => a + b, 0))} archive) and the modules entry`);
  const rows2 = [];
  for (const m of modes) {
    for (const x of m.rows) {
      rows2.push([
        m.name, `${x.ci} ${x.what}`, `${x.r.restore.build?.result} ${secs(x.r.restore.build?.s)}`, secs(x.r.buildS), x.r.fresh ?? 0,
        x.r.pruned ? `${x.r.pruned.count} (${MiB(x.r.pruned.bytes)})` : '-', `${MiB(x.after.bytes)} / ${x.after.entries}`,
        x.r.save.build?.action === 'saved' ? MiB(x.archive) : x.r.save.build?.action ?? '-', MiB(x.store),
      ]);
    }
  }
  say(table(['mode', 'commit', 'restore build', 'build', 'new entries', 'pruned', 'GOCACHE after (bytes / entries)', 'archive saved', 'store total'], rows2));
  say(`   dependency bump: ${bumpDiff.join(' ')}`);
  say();

  say('3. Modules layer, for hello-fyne');
  const rows3 = [
    ['miss: fetch (go list -deps, all targets, file:// proxy of the machine module cache)', MiB(modTree.bytes), '-', secs(modFetchS), 'baseline; a network fetch is slower'],
    ['modcache (GOMODCACHE)', MiB(fresh.restore.modules?.bytes), MiB(modEntry?.sizes.reduce((a, b) => a + b, 0)), secs(fresh.restore.modules?.s), `fresh runner; build layer restored alongside in ${secs(fresh.restore.build?.s)}`],
    ['vendor (--modules vendor), miss', MiB(vendorTree.bytes), '-', v1.vendored ? '(go mod vendor)' : '-', `first run: ${v1.restore.modules?.result}; build ${secs(v1.buildS)}, ${v1.fresh ?? 0} new build entries`],
    ['vendor (--modules vendor), restore', MiB(v2.restore.modules?.bytes), MiB(archiveBytes(C1, vendorKey)), secs(v2.restore.modules?.s), `second run: ${v2.restore.modules?.result}; build layer restored alongside in ${secs(v2.restore.build?.s)}; build ${secs(v2.buildS)}`],
  ];
  say(table(['form', 'on disk', 'archive (zstd)', 'restore', 'notes'], rows3));
  say(`   wall: modcache fresh runner ${secs(fresh.wallS)}; vendor first ${secs(v1.wallS)}, second ${secs(v2.wallS)}`);
  say();
  say(`total bench time ${elapsed()}; logs of every CLI run: ${KEEP ? tmp : '(removed; rerun with --keep)'}`);
  console.log(report.join('\n'));
} finally {
  if (!KEEP) rmrf(tmp);
  else console.log(`kept ${tmp}`);
}
