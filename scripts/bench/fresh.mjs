// Fresh bench: the whole action step (main + post) on a fresh Debian root, cold then warm, stage by stage; and the Fyne package sets.
//
// Part "action": the bundled action (dist/main.js, then dist/post.js, on Node 24, with INPUT_*,
// GITHUB_*, RUNNER_* and the cache service variables, as a GitHub runner starts them) builds
// examples/hello-fyne for linux/amd64 with install-deps true, cache true, in a fresh root
// (scripts/lib/fresh-root.mjs: debootstrap minbase bookworm, no -dev package, no gcc), twice:
//   cold: nothing cached; apt-get installs the system packages; the post step saves every layer;
//   warm: a NEW fresh root, the same loopback cache service: every layer the cold run saved is restored.
// What the roots get before the timed step, like a hosted runner image: zstd, git, ca-certificates,
// xz-utils (apt lists removed again afterwards, so the action's apt-get update is a full one), and a
// tool cache that already holds Go (the fixture go<TEST_GO_VERSION> extracted into
// /opt/hostedtoolcache/go/<v>/x64, marked complete): Go is a tool-cache hit in both runs.
// Loopback only, besides Debian's mirror for apt-get: the cache service is the test suite's
// (__tests__/helpers/cache-server.ts, the Twirp + blob protocol @actions/cache v6 speaks), modules
// come from a loopback GOPROXY serving this machine's module download cache.
// Every stage time is the run report's (`report` input: stages[].durationMs, cache layers' save ms);
// "main"/"post" are the wall times of the two node processes; "step" is their sum.
//
// Part "packages": apt-get install of today's Fyne set (gcc libc6-dev + FYNE_NATIVE_PACKAGES as
// committed before issue 20: libgl1-mesa-dev xorg-dev) against the minimal set, each in a new fresh
// root, alternating, --repeats times: packages, download MiB, installed MiB, seconds. The .deb
// files are shared between roots (downloaded once per set from the mirror: the first round's time
// includes the download, later rounds measure dpkg alone; both are shown).
//
//   nice npm run bench -- fresh [flags]        (needs root: chroot, mount; installs debootstrap if missing)
//   --only PARTS     action, packages (default both)
//   --repeats N      rounds of each package set (default 3)
//   --ref REF        run the action bundled at that commit (git archive REF dist package.json), e.g.
//                    HEAD while dist/ is being rebuilt; default: this tree's dist/
//   --keep           keep the temp folder (logs, reports)
//   --report FILE    also write the results as JSON
// The table is printed and written to .cache/bench-fresh.md.
import { build as esbuild } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createReadStream, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureFixtures, prefetchModules } from '../fixtures.mjs';
import { freshRoot } from '../lib/fresh-root.mjs';
import { benchArgs, fmt, mdTable, median, MiB, progressLogger, ratio, repoRoot, tempDir, writeReport } from './_util.mjs';

const PARTS = ['action', 'packages'];
const args = benchArgs(import.meta.url, {
  only: { type: 'string', value: 'PARTS', default: PARTS.join(','), choices: PARTS },
  repeats: { type: 'string', value: 'N', default: '3', number: true },
  keep: { type: 'boolean', default: false },
  ref: { type: 'string', value: 'REF', default: '' },
});
const ONLY = new Set(args.only);
const progress = progressLogger('fresh');
if (process.getuid?.() !== 0) {
  console.error('bench fresh: needs root (chroot, mount)');
  process.exit(2);
}
const tmp = tempDir('fresh', { keep: args.keep });
const out = [];
const say = (s = '') => out.push(s);
const results = {};

/** Today's (pre-issue-20) set and the minimal one: what the cgo directives of go-gl/glfw v3.3 and go-gl/gl v2.1 ask for. */
export const SETS = {
  'xorg-dev (before)': ['gcc', 'libc6-dev', 'libgl1-mesa-dev', 'xorg-dev'],
  minimal: ['gcc', 'libc6-dev', 'pkg-config', 'libgl-dev', 'libx11-dev', 'libxcursor-dev', 'libxrandr-dev', 'libxinerama-dev', 'libxi-dev', 'libxxf86vm-dev'],
};
const RUNNER_TOOLS = ['zstd', 'git', 'ca-certificates', 'xz-utils'];

async function mustRun(r, argv, opts = {}) {
  const res = await r.run(argv, opts);
  if (res.code !== 0)
    throw new Error(`${argv.join(' ')} (in ${r.root}) exited ${res.code}: ${(res.stderr || res.stdout).trim().split('\n').slice(-8).join('\n')}`);
  return res;
}

/** Bytes of a tree inside the root (du -sxb). */
async function duInside(r, p) {
  const res = await r.run(['du', '-sxb', p]);
  return Number(res.stdout.split(/\s/)[0]);
}

// ---------------------------------------------------------------- part packages
async function partPackages() {
  const debs = path.join(tmp.dir, 'debs');
  mkdirSync(path.join(debs, 'partial'), { recursive: true });
  const rows = {};
  for (const n of Object.keys(SETS)) rows[n] = [];
  for (let i = 0; i < args.repeats; i++) {
    const order = i % 2 === 0 ? Object.keys(SETS) : Object.keys(SETS).reverse();
    for (const name of order) {
      const r = await freshRoot(undefined, { go: false, binds: [{ host: debs, inside: '/var/cache/apt/archives', readOnly: false }] });
      try {
        const t0 = Date.now();
        await mustRun(r, ['apt-get', 'update', '-q']);
        const updateMs = Date.now() - t0;
        const before = await duInside(r, '/usr');
        const pkgsBefore = (await mustRun(r, ['dpkg-query', '-W', '-f', '${Package}\n'])).stdout.split('\n').filter(Boolean).length;
        const uris = await mustRun(r, ['apt-get', 'install', '-y', '-qq', '--print-uris', '--no-install-recommends', ...SETS[name]]);
        const dlBytes = uris.stdout
          .split('\n')
          .filter(Boolean)
          .reduce((a, l) => a + Number(l.split(' ')[2] ?? 0), 0);
        const t1 = Date.now();
        await mustRun(r, ['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...SETS[name]], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
        const installMs = Date.now() - t1;
        const pkgs = (await mustRun(r, ['dpkg-query', '-W', '-f', '${Package}\n'])).stdout.split('\n').filter(Boolean).length - pkgsBefore;
        const grown = (await duInside(r, '/usr')) - before;
        rows[name].push({ round: i + 1, updateMs, installMs, pkgs, dlBytes, grown });
        progress(`packages round ${i + 1} ${name}: ${pkgs} packages, ${MiB(dlBytes)} download, install ${fmt(installMs)}`);
      } finally {
        await r.dispose();
      }
    }
  }
  const table = [];
  for (const [name, rs] of Object.entries(rows)) {
    const later = rs.slice(1);
    table.push([
      name,
      rs[0].pkgs,
      MiB(rs[0].dlBytes),
      MiB(rs[0].grown),
      fmt(median(rs.map((x) => x.updateMs))),
      fmt(rs[0].installMs),
      later.length ? `${fmt(median(later.map((x) => x.installMs)))} (${later.map((x) => fmt(x.installMs)).join(', ')})` : '-',
    ]);
  }
  const [a, b] = Object.values(rows);
  const ma = median(a.slice(1).map((x) => x.installMs));
  const mb = median(b.slice(1).map((x) => x.installMs));
  say(`Fyne package sets in a fresh root, apt-get install --no-install-recommends, ${args.repeats} rounds alternating (new root each)`);
  for (const [n, s] of Object.entries(SETS)) say(`  ${n}: ${s.join(' ')}`);
  say(
    mdTable(
      [
        'set',
        'packages',
        'download',
        'installed (/usr)',
        'apt-get update',
        'install, round 1 (with download)',
        'install, later rounds (.debs local): median (each)',
      ],
      table,
    ),
  );
  say(
    `minimal/xorg-dev: packages ${ratio(b[0].pkgs, a[0].pkgs)}, download ${ratio(b[0].dlBytes, a[0].dlBytes)}, install time ${ratio(mb, ma)} (later rounds' medians)`,
  );
  say();
  results.packages = rows;
}

// ---------------------------------------------------------------- part action
async function loadHelpers() {
  const outfile = path.join(tmp.dir, 'helpers.mjs');
  const entry = path.join(tmp.dir, 'helpers-entry.mjs');
  writeFileSync(
    entry,
    `export { start } from ${JSON.stringify(path.join(repoRoot, '__tests__/helpers/cache-server.ts'))};\nexport { parseCommandFile } from ${JSON.stringify(path.join(repoRoot, '__tests__/helpers/runner.ts'))};\n`,
  );
  await esbuild({ entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning' });
  return import(pathToFileURL(outfile).href);
}

/** This machine's module download cache served as a GOPROXY on 127.0.0.1. */
async function serveModules() {
  const root = path.join(spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout.trim(), 'cache', 'download');
  const srv = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(root, rel);
    if (!file.startsWith(`${root}/`) || !existsSync(file)) return void res.writeHead(404).end('not found');
    createReadStream(file)
      .on('error', () => res.writeHead(404).end())
      .pipe(res);
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${srv.address().port}`, close: () => new Promise((r) => srv.close(() => r())) };
}

const WS = '/home/runner/work/app';
const TOOLCACHE = '/opt/hostedtoolcache';
const TEMP = '/home/runner/work/_temp';

/** A fresh root made like a hosted runner image (runner tools, Go in the tool cache), with the action and the app. */
async function runnerRoot(fx, action, label) {
  const t0 = Date.now();
  const r = await freshRoot(undefined, {
    go: false,
    binds: [
      { host: path.join(action, 'dist'), inside: '/action/dist' },
      { host: path.join(action, 'package.json'), inside: '/action/package.json' },
    ],
  });
  try {
    await mustRun(r, ['apt-get', 'update', '-q']);
    await mustRun(r, ['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...RUNNER_TOOLS], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    await mustRun(r, ['sh', '-c', 'apt-get clean && rm -rf /var/lib/apt/lists/* && mkdir -p /var/lib/apt/lists/partial']);
    const goDir = r.hostPath(`${TOOLCACHE}/go/${fx.version}/x64`);
    mkdirSync(goDir, { recursive: true });
    if (spawnSync('tar', ['-xzf', fx.tarball, '-C', goDir, '--strip-components=1']).status !== 0) throw new Error('extracting the Go fixture failed');
    writeFileSync(`${goDir}.complete`, '');
    for (const d of [WS, TEMP, '/home/runner/step']) mkdirSync(r.hostPath(d), { recursive: true });
    cpSync(path.join(repoRoot, 'examples/hello-fyne'), r.hostPath(`${WS}/hello-fyne`), { recursive: true, filter: (s) => !s.includes(`${path.sep}dist`) });
    progress(`${label}: fresh root ready in ${fmt(Date.now() - t0)} (${r.root})`);
    return r;
  } catch (err) {
    await r.dispose();
    throw err;
  }
}

async function actionStep(r, helpers, entry, env, state, logFile) {
  const files = {
    GITHUB_OUTPUT: '/home/runner/step/output',
    GITHUB_ENV: '/home/runner/step/env',
    GITHUB_PATH: '/home/runner/step/path',
    GITHUB_STATE: '/home/runner/step/state',
    GITHUB_STEP_SUMMARY: '/home/runner/step/summary',
  };
  for (const f of Object.values(files)) writeFileSync(r.hostPath(f), '');
  const full = { ...env, ...files };
  for (const [k, v] of Object.entries(state)) full[`STATE_${k}`] = v;
  const t0 = process.hrtime.bigint();
  const res = await r.run(['/opt/node24/bin/node', `/action/dist/${entry}.js`], { env: full, cwd: WS });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  writeFileSync(logFile, `${res.stdout}\n--- stderr\n${res.stderr}`);
  if (res.code !== 0) throw new Error(`${entry} step exited ${res.code}; log ${logFile}:\n${res.stdout.split('\n').slice(-15).join('\n')}`);
  return { ms, stdout: res.stdout, state: helpers.parseCommandFile(readFileSync(r.hostPath(files.GITHUB_STATE), 'utf8')) };
}

async function partAction() {
  const fx = ensureFixtures({ quiet: true });
  prefetchModules({ quiet: true });
  let action = repoRoot;
  if (args.ref) {
    action = path.join(tmp.dir, 'action');
    mkdirSync(action);
    const a = spawnSync('sh', ['-c', 'git -C "$1" archive "$2" dist package.json | tar -x -C "$3"', 'sh', repoRoot, args.ref, action], { encoding: 'utf8' });
    if (a.status !== 0) throw new Error(`git archive ${args.ref}: ${a.stderr}`);
  }
  if (!existsSync(path.join(action, 'dist/main.js'))) throw new Error(`${action}/dist/main.js missing: npm run bundle first`);
  const helpers = await loadHelpers();
  const server = await helpers.start();
  const mods = await serveModules();
  const runs = {};
  try {
    for (const kind of ['cold', 'warm']) {
      const r = await runnerRoot(fx, action, kind);
      try {
        const env = {
          CI: 'true',
          GITHUB_ACTIONS: 'true',
          RUNNER_OS: 'Linux',
          RUNNER_ARCH: 'X64',
          RUNNER_ENVIRONMENT: 'github-hosted',
          RUNNER_TEMP: TEMP,
          RUNNER_TOOL_CACHE: TOOLCACHE,
          ImageOS: 'debian12',
          ImageVersion: 'fresh-bench',
          GITHUB_WORKSPACE: WS,
          GITHUB_REPOSITORY: 'bench/hello-fyne',
          GITHUB_REF: 'refs/heads/main',
          GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
          GITHUB_EVENT_NAME: 'push',
          GITHUB_RUN_ID: kind === 'cold' ? '1' : '2',
          GITHUB_RUN_ATTEMPT: '1',
          GOPROXY: mods.url,
          GOSUMDB: 'off',
          GOFLAGS: '-buildvcs=false',
          ...server.env,
          'INPUT_GO-VERSION': fx.version,
          'INPUT_WORKING-DIRECTORY': `${WS}/hello-fyne`,
          INPUT_TARGETS: 'linux/amd64',
          'INPUT_INSTALL-DEPS': 'true',
          INPUT_CACHE: 'true',
          'INPUT_OUTPUT-DIR': `${WS}/hello-fyne/dist`,
          INPUT_REPORT: `${WS}/report.json`,
        };
        progress(`${kind}: main step`);
        const main = await actionStep(r, helpers, 'main', env, {}, path.join(tmp.dir, `${kind}-main.log`));
        progress(`${kind}: main ${fmt(main.ms)}; post step`);
        const post = await actionStep(r, helpers, 'post', env, main.state, path.join(tmp.dir, `${kind}-post.log`));
        progress(`${kind}: post ${fmt(post.ms)}`);
        const report = JSON.parse(readFileSync(r.hostPath(`${WS}/report.json`), 'utf8'));
        writeFileSync(path.join(tmp.dir, `${kind}-report.json`), JSON.stringify(report, null, 2));
        const installing = /installing (\d+) missing package/.exec(main.stdout)?.[1];
        runs[kind] = { mainMs: main.ms, postMs: post.ms, report, installing: installing ? Number(installing) : 0 };
      } finally {
        await r.dispose();
      }
    }
  } finally {
    await server.close();
    await mods.close();
  }
  const { cold, warm } = runs;
  const names = [];
  for (const rep of [cold.report, warm.report]) for (const s of rep.stages) if (!names.includes(s.name)) names.push(s.name);
  const stage = (run, n) => run.report.stages.find((s) => s.name === n);
  const cell = (s) => (!s ? '-' : s.status === 'ran' ? fmt(s.durationMs) : `${fmt(s.durationMs)} (${s.status})`);
  const rows = names.map((n) => [n, cell(stage(cold, n)), cell(stage(warm, n)), ratio(stage(warm, n)?.durationMs, stage(cold, n)?.durationMs)]);
  const saveMs = (run) => run.report.cache.layers.reduce((a, l) => a + (l.save?.ms ?? 0), 0);
  const layerCell = (run, what) =>
    run.report.cache.layers
      .map(
        (l) =>
          `${l.name} ${what === 'restore' ? `${l.restore.result}${l.restore.ms !== undefined ? ` ${fmt(l.restore.ms)}` : ''}` : `${l.save?.status ?? '-'}${l.save?.ms !== undefined ? ` ${fmt(l.save.ms)}` : ''}`}`,
      )
      .join(', ');
  rows.push(['(post) cache save, layers summed', fmt(saveMs(cold)), fmt(saveMs(warm)), ratio(saveMs(warm), saveMs(cold))]);
  rows.push(['main step, wall', fmt(cold.mainMs), fmt(warm.mainMs), ratio(warm.mainMs, cold.mainMs)]);
  rows.push(['post step, wall', fmt(cold.postMs), fmt(warm.postMs), ratio(warm.postMs, cold.postMs)]);
  const step = (x) => x.mainMs + x.postMs;
  rows.push(['whole step (main + post), wall', fmt(step(cold)), fmt(step(warm)), ratio(step(warm), step(cold), 3)]);
  say(
    `The action step on a fresh root (debootstrap minbase bookworm + ${RUNNER_TOOLS.join(' ')}; Go ${fx.version} in the tool cache), examples/hello-fyne (Fyne ${cold.report.fyneVersion ?? '?'}) for linux/amd64, install-deps true, cache true`,
  );
  say(
    `cold: empty cache service; warm: a new fresh root, the cache service holding what the cold run saved. ${os.cpus().length} cpus, load ${os.loadavg()[0].toFixed(1)} at the end`,
  );
  say(
    `the action asked apt-get for ${cold.installing} missing package name(s) in the cold run, ${warm.installing} in the warm run (its log line "installing N missing package(s)"; apt-get adds their dependencies)`,
  );
  say(mdTable(['stage (run report)', 'cold', 'warm', 'warm/cold'], rows));
  say(`restore: cold ${layerCell(cold, 'restore')}; warm ${layerCell(warm, 'restore')}`);
  say(`save: cold ${layerCell(cold, 'save')}; warm ${layerCell(warm, 'save')}`);
  say(`go: cold ${cold.report.go?.source} ${fmt(cold.report.go?.installMs)}, warm ${warm.report.go?.source} ${fmt(warm.report.go?.installMs)}`);
  say();
  results.action = { cold, warm };
}

try {
  const head = spawnSync('git', ['-C', repoRoot, 'log', '-1', '--format=%h %s'], { encoding: 'utf8' }).stdout.trim();
  say(`# fresh bench, ${new Date().toISOString()}, at ${head.slice(0, 80)}; the action: ${args.ref ? `dist/ of ${args.ref}` : "this tree's dist/"}`);
  say();
  if (ONLY.has('action')) await partAction();
  if (ONLY.has('packages')) await partPackages();
  say(`total bench time ${progress.elapsed()}${args.keep ? `; logs and reports in ${tmp.dir}` : ''}`);
  const text = out.join('\n');
  console.log(text);
  mkdirSync(path.join(repoRoot, '.cache'), { recursive: true });
  writeFileSync(path.join(repoRoot, '.cache', 'bench-fresh.md'), `${text}\n`);
  writeReport(args.report, 'fresh', results);
  tmp.done();
} catch (err) {
  console.error(`bench fresh failed: ${err.stack ?? err}\nlogs kept in ${tmp.dir}`); // the logs of a failed run stay
  process.exitCode = 1;
}
