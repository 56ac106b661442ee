// The cost of fyne build --release's cgo flags on a cold build: examples/hello-fyne for
// linux/amd64 with an empty GOCACHE each time, once with Go's default CGO flags (-O2 -g: the
// baseline, what we built with before fyne.io/tools v1.7.4's flags) and once with the flags the
// planner now gives a Fyne release build (src/compile/cgo-flags.ts), alternating, RUNS of each
// (default 2), in one run so the ratio holds on a shared, noisy machine. Also compares the
// binaries: size, GNU_RELRO, BIND_NOW and the NEEDED libraries (readelf).
//
//   nice npm run bench -- cflags          env: BENCH_CFLAGS_RUNS (default 2)
//
// Needs gcc and the Fyne headers (npm run demo installs them) and the modules in the module
// cache (node scripts/fixtures.mjs); it builds offline (GOPROXY=off) with the Go on PATH.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fmt, median } from './_util.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const APP = path.join(root, 'examples', 'hello-fyne');
const RUNS = Number(process.env.BENCH_CFLAGS_RUNS || 2);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'gfa-bench-cflags-'));

// The two flag sets, as the planner writes them for linux/amd64 with Debian's gcc.
const SETS = {
  'go default (-O2 -g)': {},
  'fyne --release': {
    CGO_CFLAGS: '-O3 -pipe -D_FORTIFY_SOURCE=3 -fcf-protection -fstack-protector-strong',
    CGO_LDFLAGS: '-Wl,-z,relro,-z,now -Wl,--as-needed',
  },
};

function build(name, extra) {
  const gocache = mkdtempSync(path.join(tmp, 'gocache-'));
  const out = path.join(tmp, `${name.replace(/\W+/g, '_')}`);
  const env = { ...process.env, GOCACHE: gocache, GOPROXY: 'off', GOFLAGS: '-mod=mod -buildvcs=false', CGO_ENABLED: '1', GOOS: 'linux', GOARCH: 'amd64', ...extra };
  const t0 = process.hrtime.bigint();
  const r = spawnSync('go', ['build', '-trimpath', '-tags', 'release', '-ldflags', '-s -w', '-o', out, '.'], { cwd: APP, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  rmSync(gocache, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`go build (${name}) failed: ${r.stderr}`);
  return { ms, out };
}

const readelf = (args, f) => spawnSync('readelf', [...args, f], { encoding: 'utf8' }).stdout;

const times = Object.fromEntries(Object.keys(SETS).map((k) => [k, []]));
const outs = {};
for (let i = 0; i < RUNS; i++) {
  for (const [name, extra] of Object.entries(SETS)) {
    const r = build(name, extra);
    times[name].push(r.ms);
    outs[name] = r.out;
    console.error(`run ${i + 1}/${RUNS} ${name}: ${fmt(r.ms)}`);
  }
}
const base = median(times['go default (-O2 -g)']);
console.log('| flags | cold build (median of %d) | vs -O2 -g | binary size | GNU_RELRO | BIND_NOW | NEEDED |', RUNS);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const name of Object.keys(SETS)) {
  const f = outs[name];
  const dyn = readelf(['-d', '-W'], f);
  console.log(`| ${name} | ${fmt(median(times[name]))} | ${(median(times[name]) / base).toFixed(2)}x | ${statSync(f).size} | ${/GNU_RELRO/.test(readelf(['-l', '-W'], f)) ? 'yes' : 'no'} | ${/BIND_NOW|Flags: NOW/.test(dyn) ? 'yes' : 'no'} | ${(dyn.match(/\(NEEDED\)/g) ?? []).length} |`);
}
rmSync(tmp, { recursive: true, force: true });
