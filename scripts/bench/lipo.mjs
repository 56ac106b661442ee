// Lipo bench: built-in lipo -create on two synthetic Mach-O slices against `cat a b > c`.
//
// Two synthetic slices (x86_64 + arm64, valid Mach-O headers, non-sparse contents) go through our
// lipo -create and through `cat a b > c`, the floor for copying the same bytes. It bundles
// src/macho/lipo-cli.ts (plus the synthetic-file helper) with esbuild into
// .cache/bench/lipo-bench.mjs and spawns `node` on that bundle for each run, so it measures what a
// user gets from the CLI (process start included) and does not depend on dist/ being built. Peak
// RSS comes from process.resourceUsage() inside the child; cat's from /usr/bin/time when present.
//
//   npm run bench -- lipo [flags]          (or: node scripts/bench/lipo.mjs [flags])
//   --runs N       runs of each contender (default 5)
//   --mb SIZE      size of each slice in MiB (default 100)
//   --keep         keep the temp folder with the slices and the universal file
//   --report FILE  also write the results as JSON
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { benchArgs, fmt, median, MiB, ratio, repoRoot as root, tempDir, timed, writeReport } from './_util.mjs';

const args = benchArgs(import.meta.url, {
  runs: { type: 'string', value: 'N', default: '5', number: true },
  mb: { type: 'string', value: 'SIZE', default: '100', number: true },
  keep: { type: 'boolean', default: false },
});

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

/** One timed child process; throws when it fails. */
function spawnTimed(cmd, argv, env) {
  const { ms, result: r } = timed(() => spawnSync(cmd, argv, { env: { ...process.env, ...env }, encoding: 'utf8' }));
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, stderr: r.stderr ?? '' };
}

{
  const { runs, mb } = args;
  const bench = await bundle();
  const tmp = tempDir('lipo', { keep: args.keep });
  const work = tmp.dir;
  try {
    const a = join(work, 'a-x86_64');
    const b = join(work, 'b-arm64');
    spawnTimed(process.execPath, [bench, 'synth', 'x86_64', a, String(mb)]);
    spawnTimed(process.execPath, [bench, 'synth', 'arm64', b, String(mb)]);
    const out = join(work, 'out');
    const cat = () => spawnTimed('sh', ['-c', 'cat "$1" "$2" > "$3"', 'sh', a, b, out]);
    const lipo = () => spawnTimed(process.execPath, [bench, '-create', a, b, '-output', out], { BENCH_REPORT_RSS: '1' });
    const nodeStart = () => spawnTimed(process.execPath, ['-e', '']);
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
    const runsOf = (xs) => xs.map((x) => x.toFixed(0)).join(' ');
    const lines = [
      `lipo bench: 2 x ${mb} MiB slices (x86_64 + arm64) -> ${MiB(sizeOut)} universal file, ${runs} runs each`,
      `  cat a b > c           median ${fmt(mc)}   runs (ms) ${runsOf(t.cat)}`,
      `  lipo -create (ours)   median ${fmt(ml)}   runs (ms) ${runsOf(t.lipo)}`,
      `  node startup (-e '')  median ${fmt(mn)} (included in ours)`,
      `  ratio ours / cat      ${ratio(ml, mc)}   (without node startup ${ratio(ml - mn, mc)})`,
      `  throughput (ours)     ${((2 * mb) / (ml / 1000)).toFixed(0)} MiB/s`,
      `  peak RSS ours         ${Math.max(...rss)} KB (max over runs; median ${median(rss)} KB; bare node -e '' is ${nodeRss} KB)`,
      `  peak RSS cat          ${catRss}`,
    ];
    console.log(lines.join('\n'));
    writeReport(args.report, 'lipo', {
      sliceMiB: mb,
      runs,
      outputBytes: sizeOut,
      ms: t,
      median: { catMs: mc, lipoMs: ml, nodeMs: mn },
      ratioOursCat: ml / mc,
      peakRssKb: { ours: Math.max(...rss), node: nodeRss, cat: catRss },
    });
  } finally {
    tmp.done();
  }
}
