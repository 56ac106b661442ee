// System-packages bench: apt-get install vs the cache layer's restore of the same set, each in a fresh Debian root (needs root and the mirror).
//
// Run 1 (a fresh root, an empty local store): the System packages stage's real code installs the
// set with apt-get, records the layer and saves it. Run 2 (a NEW fresh root, the same store): the
// stage restores it. Both through __tests__/integration/system-packages.driver.ts, bundled here.
// Prints the stage time of each, the restore's phases (fetch: store unpack with our tar reader;
// check: every entry, stanza and runner file; place: GNU tar as root; status: dpkg's status under
// its locks; ldconfig; verify: dpkg-query + pkg-config), the layer's size and the ratio.
//
//   npm run bench -- syspkg [--packages "gcc pkg-config libgl1-mesa-dev xorg-dev"] [--report FILE] [--keep]
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { benchArgs, fmt, MiB, mdTable, ratio, repoRoot, tempDir, writeReport } from './_util.mjs';
import { freshRoot } from '../lib/fresh-root.mjs';

const args = benchArgs(import.meta.url, {
  packages: { type: 'string', value: 'LIST', default: 'gcc pkg-config libgl1-mesa-dev xorg-dev' },
});
const packages = args.packages.split(/[\s,]+/).filter(Boolean);
if (process.getuid?.() !== 0) {
  process.stderr.write('bench syspkg: needs root (chroot, mounts)\n');
  process.exit(2);
}

const tmp = tempDir('syspkg', { keep: args.keep });
const driver = path.join(tmp.dir, 'driver.mjs');
const store = path.join(tmp.dir, 'store');
mkdirSync(store);
await build({
  entryPoints: [path.join(repoRoot, '__tests__/integration/system-packages.driver.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: driver,
  banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
  logLevel: 'error',
});

async function stage(label) {
  const r = await freshRoot(undefined, {
    binds: [
      { host: driver, inside: '/opt/driver.mjs' },
      { host: store, inside: '/store', readOnly: false },
    ],
  });
  try {
    const t0 = Date.now();
    const out = await r.run(['node', '/opt/driver.mjs', '/store', ...packages], { env: { TMPDIR: '/tmp' }, timeoutMs: 900_000 });
    const wall = Date.now() - t0;
    const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (out.code !== 0 || !line) throw new Error(`${label}: driver exited ${out.code}: ${out.stderr.slice(-1500)}`);
    const res = JSON.parse(line.slice(7));
    process.stderr.write(`${label}: ${fmt(res.stageMs)} (${res.restored.length ? 'restored' : 'apt-get'})\n`);
    return { ...res, wallMs: wall };
  } finally {
    await r.dispose();
  }
}

function storeBytes(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n += statSync(path.join(e.parentPath ?? e.path, e.name)).size;
  return n;
}

try {
  const cold = await stage('run 1 (apt-get, record, save)');
  const warm = await stage('run 2 (restore)');
  if (!warm.restored.length) throw new Error(`run 2 did not restore: ${warm.outcome?.why}`);
  const rows = [
    ['apt-get install (run 1 stage)', fmt(cold.stageMs), '1.00x'],
    ['layer save (post step)', fmt(cold.save?.ms), ''],
    ['layer restore (run 2 stage)', fmt(warm.stageMs), ratio(warm.stageMs, cold.stageMs)],
    ...Object.entries(warm.outcome?.phases ?? {}).map(([k, v]) => [`  restore: ${k}`, fmt(v), ratio(v, cold.stageMs)]),
  ];
  console.log(`\n${packages.join(' ')}: ${warm.outcome?.packages} packages; layer ${MiB(storeBytes(store))} in the store (zstd)\n`);
  console.log(mdTable(['', 'time', 'vs apt-get'], rows));
  writeReport(args.report, 'syspkg', { packages, cold, warm, storeBytes: storeBytes(store) });
} finally {
  tmp.done();
}
