// Cache layer bench (skeleton). Measures, on a throwaway Go module using net/http (a stand-in
// until the Fyne part is added): cold build, archive save/restore through the local store for
// zstd and gzip, the warm build after a restore, and the prune after a code change.
//   nice node scripts/bench/cache.mjs [--keep]
// TODO(lead): add the Fyne example (examples/) as a second module, and the GitHub backend
// against __tests__/helpers/cache-server.ts for upload/download figures.
import { build as esbuild } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'gfa-bench-cache-'));
const lib = path.join(tmp, 'cache-lib.mjs');
await esbuild({
  entryPoints: [path.join(root, 'src/cache/index.ts')],
  outfile: lib,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
});
const C = await import(pathToFileURL(lib).href);

const GO = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
const mod = path.join(tmp, 'mod');
const gocache = path.join(tmp, 'gocache');
const env = { PATH: process.env.PATH, HOME: tmp, GOCACHE: gocache, GOPATH: path.join(tmp, 'gopath'), GOTOOLCHAIN: 'local', GOPROXY: 'off', GOWORK: 'off', CGO_ENABLED: '0', GOENV: 'off', GOFLAGS: '' };
const quiet = { info: () => {}, debug: () => {}, warning: (m) => console.warn('warning:', m) };
const rows = [];
const t = async (name, fn) => {
  const t0 = performance.now();
  const r = await fn();
  const ms = performance.now() - t0;
  rows.push([name, `${(ms / 1000).toFixed(2)} s`, r ?? '']);
  return r;
};
const mib = (n) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

function program(msg) {
  mkdirSync(mod, { recursive: true });
  writeFileSync(path.join(mod, 'go.mod'), 'module example.com/bench\n\ngo 1.22\n');
  writeFileSync(path.join(mod, 'main.go'), `package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() {\n\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, ${JSON.stringify(msg)}) })\n}\n`);
}
function goBuild() {
  rmSync(path.join(tmp, 'bin'), { recursive: true, force: true });
  const r = spawnSync(GO, ['build', '-x', '-o', path.join(tmp, 'bin', 'b'), '.'], { cwd: mod, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return `${r.stderr.split('\n').filter((l) => /\/compile\s/.test(l)).length} compiles`;
}

program('v1');
await t('cold build (empty GOCACHE)', goBuild);
rows.push(['GOCACHE after cold build', '', mib(await C.markRestored(gocache).then((m) => m.bytes))]);

for (const compression of ['zstd', 'gzip']) {
  const store = new C.LocalBackend(path.join(tmp, `store-${compression}`), quiet, { compression });
  await t(`save GOCACHE (${compression})`, async () => (await store.save([gocache], 'bench-build-1')).status);
  const archive = spawnSync('du', ['-sb', path.join(tmp, `store-${compression}`, 'entries')], { encoding: 'utf8' }).stdout.split('\t')[0];
  rows.push([`archive size (${compression})`, '', mib(Number(archive))]);
  const dst = path.join(tmp, `restored-${compression}`);
  await t(`restore GOCACHE (${compression})`, async () => (await store.restore([dst], 'bench-build-2', ['bench-build-'])).matchedKey);
  rmSync(dst, { recursive: true, force: true });
}

const m = await t('mark restored entries', async () => {
  const r = await C.markRestored(gocache);
  return r;
});
await t('warm build (same code)', goBuild);
program('v2');
await t('warm build (changed main)', goBuild);
const restored = new Set(m.restored);
await t('prune', async () => {
  const p = await C.pruneGoCache(gocache, m.markMs, restored);
  return `removed ${p.removedCount} (${mib(p.removedBytes)}), kept ${p.keep.length} (${mib(p.keptBytes)}), new work ${p.freshWork.length}`;
});

console.log(`go: ${spawnSync(GO, ['version'], { encoding: 'utf8' }).stdout.trim()}; cpus: ${os.cpus().length}`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(32)} ${String(b).padStart(9)}  ${typeof c === 'object' ? '' : c}`);
if (!process.argv.includes('--keep')) {
  spawnSync('chmod', ['-R', 'u+w', tmp]);
  rmSync(tmp, { recursive: true, force: true });
} else console.log(`kept ${tmp}`);
