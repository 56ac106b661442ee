// Shared bench helpers: flags (node:util parseArgs, strict), medians and timed runs, number
// formats, a progress logger, a markdown table, temp folders that honour --keep, the JSON report.
// Every bench in this folder uses these; none keeps its own copy.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// ---------------------------------------------------------------- flags

/** The leading comment of a bench file (`//` lines after an optional #! line), without the markers. */
export function headerComment(file) {
  const out = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#!')) continue;
    if (!line.startsWith('//')) break;
    out.push(line.replace(/^\/\/ ?/, ''));
  }
  return out;
}

/** The bench's one-line purpose: the first line of its header comment. */
export const purposeOf = (file) => headerComment(file)[0] ?? '';

/** Flags every bench takes. */
const COMMON = {
  help: { type: 'boolean', short: 'h' }, // prints the header comment (what the bench does, its flags)
  report: { type: 'string', value: 'FILE' }, // also writes the bench's results as JSON
};

const flagName = (name, o) => `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;

/**
 * Parses a bench's flags, strictly. `spec` maps a flag name to
 * `{ type: 'string'|'boolean', value?: 'N', env?: 'VAR', default?, number?: true, choices?: [...] }`:
 * a flag not given falls back to its env variable (booleans: env value `1`), then to `default`;
 * `number: true` checks for a positive number and returns it as one; `choices` takes a
 * comma-separated list of those words and returns it as an array. --help prints the bench's
 * header comment and exits 0; an unknown flag, a stray word or a bad value is one line on stderr
 * naming it and the accepted flags, exit 2. Returns the values, with `report` and `keep` as given.
 */
export function benchArgs(metaUrl, spec, argv = process.argv.slice(2)) {
  const file = fileURLToPath(metaUrl);
  const bench = path.basename(file, '.mjs');
  const all = { ...spec, ...COMMON };
  const accepted = Object.entries(all)
    .map(([n, o]) => flagName(n, o))
    .join(', ');
  const fail = (msg) => {
    process.stderr.write(`bench ${bench}: ${msg}; accepted: ${accepted}\n`);
    process.exit(2);
  };
  let values;
  try {
    const options = Object.fromEntries(Object.entries(all).map(([n, o]) => [n, o.short ? { type: o.type, short: o.short } : { type: o.type }]));
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (err) {
    const m = /'([^']+)'/.exec(err.message);
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') fail(`unknown flag ${m?.[1] ?? err.message}`);
    if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') fail(`unexpected argument ${JSON.stringify(m?.[1] ?? '')}`);
    fail(err.message.replace(/\.$/, ''));
  }
  if (values.help) {
    console.log(headerComment(file).join('\n'));
    process.exit(0);
  }
  const out = {};
  for (const [n, o] of Object.entries(all)) {
    let v = values[n];
    const fromEnv = o.env && process.env[o.env] !== undefined && process.env[o.env] !== '';
    if (v === undefined && fromEnv) v = o.type === 'boolean' ? process.env[o.env] === '1' : process.env[o.env];
    if (v === undefined) v = o.default;
    if (o.number && v !== undefined) {
      const num = Number(v);
      if (!Number.isFinite(num) || num <= 0) fail(`${values[n] !== undefined ? `--${n}` : o.env} must be a positive number, not ${JSON.stringify(v)}`);
      v = num;
    }
    if (o.choices && v !== undefined) {
      v = String(v)
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const bad = v.find((x) => !o.choices.includes(x));
      if (bad !== undefined) fail(`--${n}: unknown ${JSON.stringify(bad)}, not one of ${o.choices.join(', ')}`);
    }
    out[n] = v;
  }
  return out;
}

// ---------------------------------------------------------------- timing

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Wall time of `fn()` in ms, and its result. */
export function timed(fn) {
  const t0 = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result };
}

/** Runs argv `runs` times (after `before(i)` each time) and returns wall times in ms; throws when a run fails. */
export function timeRuns(runs, argv, opts = {}, before = () => {}) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    before(i);
    const { ms, result: r } = timed(() =>
      spawnSync(argv[0], argv.slice(1), { stdio: opts.stdio ?? ['ignore', 'ignore', 'pipe'], env: opts.env ?? process.env, cwd: opts.cwd, encoding: 'utf8' }),
    );
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr ?? ''}`);
    out.push(ms);
  }
  return out;
}

// ---------------------------------------------------------------- formats

const missing = (n) => n === undefined || n === null || Number.isNaN(n);

/** Milliseconds as `850 ms` or `1.23 s`; `-` when unknown. */
export const fmt = (ms) => (missing(ms) ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** Bytes as MiB; `-` when unknown. */
export const MiB = (n) => (missing(n) ? '-' : `${(n / 1024 / 1024).toFixed(1)} MiB`);

/** `x` against a baseline, as `1.23x`; `-` when either is unknown or the baseline is 0. */
export const ratio = (x, base, digits = 2) => (missing(x) || missing(base) || base === 0 ? '-' : `${(x / base).toFixed(digits)}x`);

/** A markdown table, columns padded; the first column left-aligned, the others right-aligned. */
export function mdTable(head, rows) {
  const all = [head, ...rows].map((r) => r.map((c) => String(c ?? '').replace(/\|/g, '\\|')));
  const w = head.map((_, i) => Math.max(3, ...all.map((r) => (r[i] ?? '').length)));
  const line = (r) => `| ${w.map((n, i) => (i === 0 ? (r[i] ?? '').padEnd(n) : (r[i] ?? '').padStart(n))).join(' | ')} |`;
  const rule = `| ${w.map((n, i) => (i === 0 ? '-'.repeat(n) : `${'-'.repeat(n - 1)}:`)).join(' | ')} |`;
  return [line(all[0]), rule, ...all.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------- progress, files

/** `[bench <name> mm:ss] message` lines on stderr, mm:ss since the logger was made. */
export function progressLogger(name) {
  const t0 = Date.now();
  const elapsed = () => {
    const s = Math.round((Date.now() - t0) / 1000);
    return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  };
  const log = (msg) => process.stderr.write(`[bench ${name} ${elapsed()}] ${msg}\n`);
  log.elapsed = elapsed;
  return log;
}

/** Removes a tree, read-only parts included (a Go module cache is read-only). */
export function rmrf(p) {
  if (!p || !existsSync(p)) return;
  spawnSync('chmod', ['-R', 'u+w', p]);
  rmSync(p, { recursive: true, force: true });
}

/** A fresh temp folder `<tmpdir>/gfa-bench-<name>-*`; `done()` removes it, or with keep says where it stays. */
export function tempDir(name, { keep = false } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `gfa-bench-${name}-`));
  return {
    dir,
    keep,
    done() {
      if (keep) process.stderr.write(`kept ${dir}\n`);
      else rmrf(dir);
    },
  };
}

/** Writes the bench's results as JSON (`{ bench, at, ...results }`) when --report FILE was given. */
export function writeReport(file, bench, results) {
  if (!file) return;
  const p = path.resolve(file);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, `${JSON.stringify({ bench, at: new Date().toISOString(), ...results }, null, 2)}\n`);
  process.stderr.write(`report: ${p}\n`);
}

/** This repository's root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
