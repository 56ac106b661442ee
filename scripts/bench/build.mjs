#!/usr/bin/env node
// Build bench: 4 pure-Go targets of examples/hello built one by one, then all at once, cold GOCACHE.
//
// Each round starts from a fresh, empty GOCACHE; the bench prints the median of each mode and the
// speed-up of parallel over serial. The go build argv is the one the planner produces for
// pure-Go targets (-trimpath, -s -w).
//
//   npm run bench -- build [flags]          (or: node scripts/bench/build.mjs [flags])
//   --runs N         rounds of each mode (default 3)
//   --parallel N     builds at once in the parallel mode (default: the core count)
//   --go PATH        the go command (default: env GO, else /usr/local/go/bin/go, else go)
//   --keep           keep each round's temp folder (binaries and GOCACHE)
//   --report FILE    also write the results as JSON
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs, fmt, median, ratio, repoRoot, tempDir, writeReport } from './_util.mjs';

const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const args = benchArgs(import.meta.url, {
  runs: { type: 'string', value: 'N', default: '3', number: true },
  parallel: { type: 'string', value: 'N', default: String(Math.max(1, cores)), number: true },
  go: { type: 'string', value: 'PATH', env: 'GO', default: existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go' },
  keep: { type: 'boolean', default: false },
});
const { runs, parallel, go } = args;
const targets = ['linux/amd64', 'linux/arm64', 'windows/amd64', 'darwin/arm64'];
const src = path.join(repoRoot, 'examples', 'hello');

/** One go build; resolves with its wall time in ms. */
function build(target, cache, out) {
  const [goos, goarch] = target.split('/');
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(go, ['build', '-trimpath', '-ldflags', '-s -w', '-o', path.join(out, `hello_${goos}_${goarch}`), '.'], {
      cwd: src,
      env: { ...process.env, GOOS: goos, GOARCH: goarch, CGO_ENABLED: '0', GOCACHE: cache, GOFLAGS: '-buildvcs=false' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`${target}: ${err.trim()}`))));
  });
}

/** One round of a mode in a fresh temp folder; resolves with its wall time in ms. */
async function round(mode) {
  const tmp = tempDir(`build-${mode}`, { keep: args.keep });
  const cache = path.join(tmp.dir, 'gocache'); // fresh and empty: a cold build
  const started = process.hrtime.bigint();
  try {
    if (mode === 'serial') {
      for (const t of targets) await build(t, cache, tmp.dir);
    } else {
      const queue = [...targets];
      await Promise.all(
        Array.from({ length: Math.min(parallel, targets.length) }, async () => {
          while (queue.length) await build(queue.shift(), cache, tmp.dir);
        }),
      );
    }
    return Number(process.hrtime.bigint() - started) / 1e6;
  } finally {
    tmp.done();
  }
}

const goVersion = spawnSync(go, ['version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
console.log(
  `bench build: ${targets.length} pure-Go targets of examples/hello, cold GOCACHE each round, ${runs} runs, parallel ${parallel}, ${cores} cores, ${goVersion}`,
);
const times = { serial: [], parallel: [] };
for (let i = 0; i < runs; i++) {
  for (const mode of ['serial', 'parallel']) {
    const ms = await round(mode);
    times[mode].push(ms);
    console.log(`  run ${i + 1} ${mode.padEnd(8)} ${fmt(ms)}`);
  }
}
const ms = median(times.serial);
const mp = median(times.parallel);
console.log(`median serial   ${fmt(ms)}`);
console.log(`median parallel ${fmt(mp)}`);
console.log(`speed-up serial/parallel ${ratio(ms, mp)}`);
writeReport(args.report, 'build', { targets, runs, parallel, cores, goVersion, ms: times, median: { serialMs: ms, parallelMs: mp }, speedUp: ms / mp });
