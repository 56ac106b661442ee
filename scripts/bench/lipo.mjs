// Bench: built-in lipo -create on two 100 MB synthetic slices (x86_64 + arm64, valid Mach-O
// headers, non-sparse contents) against `cat a b > c`, the floor for copying the same bytes.
//
// It bundles src/macho/lipo-cli.ts (plus the synthetic-file helper) with esbuild into
// .cache/bench/lipo-bench.mjs and spawns `node` on that bundle for each run, so it measures what a
// user gets from the CLI (process start included) and does not depend on dist/ being built or on
// how the lead wires `go-fyne-action lipo`. Peak RSS comes from process.resourceUsage() inside the
// child; cat's from /usr/bin/time when present.
//
// Usage: node scripts/bench/lipo.mjs [--runs N] [--mb SIZE]   (or `npm run bench -- lipo`).
// Run directly it runs itself; a dispatcher that imports it calls `run(argv)`.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const ENTRY = `
import { runLipo } from './src/macho/lipo-cli.ts';
import { writeSyntheticMachO, CPU } from './__tests__/helpers/macho-synth.ts';
const [cmd, ...rest] = process.argv.slice(2);
let code = 0;
if (cmd === 'synth') {
  const [arch, path, mb] = rest;
  await writeSyntheticMachO(path, { cputype: CPU[arch] }, Number(mb) * 1024 * 1024, arch === 'x86_64' ? 0x90 : 0x1f);
} else {
  code = await runLipo([cmd, ...rest], { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
}
if (process.env.BENCH_REPORT_RSS) process.stderr.write('BENCH_MAXRSS_KB=' + process.resourceUsage().maxRSS + '\\n');
process.exitCode = code;
`;

async function bundle() {
  const outfile = join(root, '.cache', 'bench', 'lipo-bench.mjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'lipo-bench-entry.ts' },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
  });
  return outfile;
}

function timed(cmd, args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, stderr: r.stderr ?? '' };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export async function run(argv = process.argv.slice(2)) {
  const opt = (name, dflt) => {
    const i = argv.indexOf(name);
    const v = i >= 0 ? Number(argv[i + 1]) : NaN;
    return Number.isFinite(v) && v > 0 ? v : dflt;
  };
  const runs = Math.max(5, opt('--runs', 5));
  const mb = opt('--mb', 100);
  const bench = await bundle();
  const work = mkdtempSync(join(tmpdir(), 'lipo-bench-'));
  try {
    const a = join(work, 'a-x86_64');
    const b = join(work, 'b-arm64');
    timed(process.execPath, [bench, 'synth', 'x86_64', a, String(mb)]);
    timed(process.execPath, [bench, 'synth', 'arm64', b, String(mb)]);
    const out = join(work, 'out');
    const cat = () => timed('sh', ['-c', 'cat "$1" "$2" > "$3"', 'sh', a, b, out]);
    const lipo = () => timed(process.execPath, [bench, '-create', a, b, '-output', out], { BENCH_REPORT_RSS: '1' });
    const nodeStart = () => timed(process.execPath, ['-e', '']);
    // Warm the page cache and check the result once.
    cat();
    rmSync(out);
    lipo();
    const check = spawnSync(process.execPath, [bench, '-verify', out], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`our output does not verify: ${check.stderr}`);
    const sizeOut = statSync(out).size;
    const t = { cat: [], lipo: [], node: [] };
    const rss = [];
    for (let i = 0; i < runs; i++) {
      rmSync(out, { force: true });
      t.cat.push(cat().ms);
      rmSync(out, { force: true });
      const r = lipo();
      t.lipo.push(r.ms);
      const m = /BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr);
      if (m) rss.push(Number(m[1]));
      t.node.push(nodeStart().ms);
    }
    const base = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.resourceUsage().maxRSS))'], { encoding: 'utf8' });
    const nodeRss = Number(base.stdout);
    let catRss = 'n/a';
    if (existsSync('/usr/bin/time')) {
      rmSync(out, { force: true });
      const r = spawnSync('/usr/bin/time', ['-f', '%M', 'sh', '-c', 'cat "$1" "$2" > "$3"', 'sh', a, b, out], { encoding: 'utf8' });
      catRss = `${Number(r.stderr.trim().split('\n').pop())} KB (sh+cat)`;
    }
    const mc = median(t.cat);
    const ml = median(t.lipo);
    const mn = median(t.node);
    const lines = [
      `lipo bench: 2 x ${mb} MiB slices (x86_64 + arm64) -> ${(sizeOut / 1048576).toFixed(1)} MiB universal file, ${runs} runs each`,
      `  cat a b > c           median ${mc.toFixed(1)} ms   runs ${t.cat.map((x) => x.toFixed(0)).join(' ')}`,
      `  lipo -create (ours)   median ${ml.toFixed(1)} ms   runs ${t.lipo.map((x) => x.toFixed(0)).join(' ')}`,
      `  node startup (-e '')  median ${mn.toFixed(1)} ms (included in ours)`,
      `  ratio ours / cat      ${(ml / mc).toFixed(2)}x   (without node startup ${((ml - mn) / mc).toFixed(2)}x)`,
      `  throughput (ours)     ${((2 * mb) / (ml / 1000)).toFixed(0)} MiB/s`,
      `  peak RSS ours         ${Math.max(...rss)} KB (max over runs; median ${median(rss)} KB; bare node -e '' is ${nodeRss} KB)`,
      `  peak RSS cat          ${catRss}`,
    ];
    console.log(lines.join('\n'));
    return { catMs: mc, lipoMs: ml, nodeMs: mn, ratio: ml / mc, peakRssKb: Math.max(...rss) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await run();
}
