// Cflags bench: a cold cgo build with Go's default CGO flags vs fyne build --release's, time and hardening.
//
// examples/hello-fyne for linux/amd64 with an empty GOCACHE each time, once with Go's default CGO
// flags (-O2 -g: the baseline, what we built with before fyne.io/tools v1.7.4's flags) and once
// with the flags the planner now gives a Fyne release build (src/compile/cgo-flags.ts),
// alternating, in one run so the ratio holds on a shared, noisy machine. Also compares the
// binaries: size, GNU_RELRO, BIND_NOW and the NEEDED libraries (readelf).
//
//   nice npm run bench -- cflags [flags]          (or: node scripts/bench/cflags.mjs [flags])
//   --runs N         builds of each flag set (default: env BENCH_CFLAGS_RUNS, else 2)
//   --keep           keep the temp folder with the last binary of each flag set
//   --report FILE    also write the results as JSON
//
// Needs gcc and the Fyne headers (npm run demo installs them) and the modules in the module
// cache (node scripts/fixtures.mjs); it builds offline (GOPROXY=off) with the Go on PATH.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { benchArgs, fmt, mdTable, median, progressLogger, ratio, repoRoot, rmrf, tempDir, timed, writeReport } from './_util.mjs';

const args = benchArgs(import.meta.url, {
  runs: { type: 'string', value: 'N', env: 'BENCH_CFLAGS_RUNS', default: '2', number: true },
  keep: { type: 'boolean', default: false },
});
const APP = path.join(repoRoot, 'examples', 'hello-fyne');
const RUNS = args.runs;
const progress = progressLogger('cflags');
const tmp = tempDir('cflags', { keep: args.keep });

// The two flag sets, as the planner writes them for linux/amd64 with Debian's gcc.
const BASELINE = 'go default (-O2 -g)';
const SETS = {
  [BASELINE]: {},
  'fyne --release': {
    CGO_CFLAGS: '-O3 -pipe -D_FORTIFY_SOURCE=3 -fcf-protection -fstack-protector-strong',
    CGO_LDFLAGS: '-Wl,-z,relro,-z,now -Wl,--as-needed',
  },
};

function build(name, extra) {
  const gocache = mkdtempSync(path.join(tmp.dir, 'gocache-'));
  const out = path.join(tmp.dir, `${name.replace(/\W+/g, '_')}`);
  const env = {
    ...process.env,
    GOCACHE: gocache,
    GOPROXY: 'off',
    GOFLAGS: '-mod=mod -buildvcs=false',
    CGO_ENABLED: '1',
    GOOS: 'linux',
    GOARCH: 'amd64',
    ...extra,
  };
  const { ms, result: r } = timed(() =>
    spawnSync('go', ['build', '-trimpath', '-tags', 'release', '-ldflags', '-s -w', '-o', out, '.'], {
      cwd: APP,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    }),
  );
  rmrf(gocache);
  if (r.status !== 0) throw new Error(`go build (${name}) failed: ${r.stderr}`);
  return { ms, out };
}

const readelf = (argv, f) => spawnSync('readelf', [...argv, f], { encoding: 'utf8' }).stdout;

try {
  const times = Object.fromEntries(Object.keys(SETS).map((k) => [k, []]));
  const outs = {};
  for (let i = 0; i < RUNS; i++) {
    for (const [name, extra] of Object.entries(SETS)) {
      const r = build(name, extra);
      times[name].push(r.ms);
      outs[name] = r.out;
      progress(`run ${i + 1}/${RUNS} ${name}: ${fmt(r.ms)}`);
    }
  }
  const base = median(times[BASELINE]);
  const results = Object.keys(SETS).map((name) => {
    const f = outs[name];
    const dyn = readelf(['-d', '-W'], f);
    return {
      flags: name,
      env: SETS[name],
      ms: times[name],
      medianMs: median(times[name]),
      bytes: statSync(f).size,
      relro: /GNU_RELRO/.test(readelf(['-l', '-W'], f)),
      bindNow: /BIND_NOW|Flags: NOW/.test(dyn),
      needed: (dyn.match(/\(NEEDED\)/g) ?? []).length,
    };
  });
  const yes = (b) => (b ? 'yes' : 'no');
  console.log(
    mdTable(
      ['flags', `cold build (median of ${RUNS})`, 'vs -O2 -g', 'binary size', 'GNU_RELRO', 'BIND_NOW', 'NEEDED'],
      results.map((r) => [r.flags, fmt(r.medianMs), ratio(r.medianMs, base), r.bytes, yes(r.relro), yes(r.bindNow), r.needed]),
    ),
  );
  writeReport(args.report, 'cflags', { runs: RUNS, baseline: BASELINE, results });
} finally {
  tmp.done();
}
