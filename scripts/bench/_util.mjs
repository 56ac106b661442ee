// Shared bench helpers: timing, medians, a table.
import { spawnSync } from 'node:child_process';

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs argv `runs` times (after `before()` each time) and returns wall times in ms. */
export function timeRuns(runs, argv, opts = {}, before = () => {}) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    before(i);
    const t0 = process.hrtime.bigint();
    const r = spawnSync(argv[0], argv.slice(1), { stdio: opts.stdio ?? 'ignore', env: opts.env ?? process.env, cwd: opts.cwd });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr ?? ''}`);
    out.push(ms);
  }
  return out;
}

export const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
