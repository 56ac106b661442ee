#!/usr/bin/env node
/**
 * Bench: builds 4 pure-Go targets of examples/hello one by one, then all at once (up to
 * --parallel), each round with a fresh, empty GOCACHE, and prints the medians and the ratio.
 *
 *   npm run bench -- build [--runs 3] [--parallel N] [--go /path/to/go]
 *   node scripts/bench/build.mjs --runs 3
 *
 * The go build argv is the one the planner produces for pure-Go targets (-trimpath, -s -w).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2).filter((a) => a !== 'build');
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const runs = Number(opt('runs', '3'));
const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const parallel = Number(opt('parallel', String(Math.max(1, cores))));
const go = opt('go', process.env.GO ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go'));
const targets = ['linux/amd64', 'linux/arm64', 'windows/amd64', 'darwin/arm64'];
const src = path.join(root, 'examples', 'hello');

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
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e9) : reject(new Error(`${target}: ${err.trim()}`))));
  });
}

async function round(mode) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gfa-bench-'));
  const cache = path.join(tmp, 'gocache'); // fresh and empty: a cold build
  const started = process.hrtime.bigint();
  try {
    if (mode === 'serial') {
      for (const t of targets) await build(t, cache, tmp);
    } else {
      const queue = [...targets];
      await Promise.all(Array.from({ length: Math.min(parallel, targets.length) }, async () => {
        while (queue.length) await build(queue.shift(), cache, tmp);
      }));
    }
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const { stdout: goVersion } = await new Promise((resolve) => {
  const c = spawn(go, ['version']);
  let out = '';
  c.stdout.on('data', (d) => { out += d; });
  c.on('close', () => resolve({ stdout: out.trim() }));
});
console.log(`bench build: ${targets.length} pure-Go targets of examples/hello, cold GOCACHE each round, ${runs} runs, parallel ${parallel}, ${cores} cores, ${goVersion}`);
const times = { serial: [], parallel: [] };
for (let i = 0; i < runs; i++) {
  for (const mode of ['serial', 'parallel']) {
    const s = await round(mode);
    times[mode].push(s);
    console.log(`  run ${i + 1} ${mode.padEnd(8)} ${s.toFixed(2)} s`);
  }
}
const ms = median(times.serial);
const mp = median(times.parallel);
console.log(`median serial   ${ms.toFixed(2)} s`);
console.log(`median parallel ${mp.toFixed(2)} s`);
console.log(`speed-up serial/parallel ${(ms / mp).toFixed(2)}x`);
