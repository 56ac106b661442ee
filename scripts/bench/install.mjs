// Install bench: the same real Go archive from a loopback go.dev/dl-style mirror.
//  - our install (CLI, streaming download+verify+extract) vs raw `tar -xzf` of the file, and vs
//    download-then-extract (curl to a file, then tar -xzf);
//  - setup time with the toolchain already in the tool cache, as overhead over `node -e 0`.
// Each figure is the median of RUNS (default 5) runs.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFixtures } from '../fixtures.mjs';
import { fmt, median, timeRuns } from './_util.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const fx = ensureFixtures({ quiet: true });
const name = `go${fx.version}.linux-amd64.tar.gz`;
const size = statSync(fx.tarball).size;
const index = [{ version: `go${fx.version}`, stable: true, files: [{ filename: name, os: 'linux', arch: 'amd64', version: `go${fx.version}`, sha256: fx.tarballSha256, size, kind: 'archive' }] }];
const work = mkdtempSync(join(tmpdir(), 'bench-install-'));
const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
const node = process.execPath;
const env = (cache) => ({ ...process.env, GO_FYNE_ACTION_CACHE: cache, GOTOOLCHAIN: 'local' });
const fresh = (d) => () => {
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
};

// Warm the page cache for the archive so every contender reads it from memory.
timeRuns(1, ['cat', fx.tarball], { stdio: 'ignore' });

// spawnSync blocks this event loop, so serve from a child process instead.
const child = spawn(node, ['-e', `
const { createServer } = require('node:http'); const { createReadStream } = require('node:fs');
const index = ${JSON.stringify(JSON.stringify(index))};
createServer((req, res) => {
  if (req.url.startsWith('/dl/?')) return res.end(index);
  if (req.url === '/dl/${name}') { res.writeHead(200, { 'content-length': ${size} }); return createReadStream(${JSON.stringify(fx.tarball)}).pipe(res); }
  res.writeHead(404).end();
}).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
`], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((r) => child.stdout.once('data', (d) => r(Number(String(d).trim()))));
const url = `http://127.0.0.1:${port}/dl`;
const envc = (cache) => ({ ...env(cache), GO_DOWNLOAD_BASE_URL: url });

try {
  const ours = timeRuns(RUNS, [node, cli, '--go-version', fx.version, '--go-download-source', 'dl'], { env: envc(join(work, 'ours')) }, fresh(join(work, 'ours')));
  const tar = timeRuns(RUNS, ['tar', '-xzf', fx.tarball, '-C', join(work, 'tar')], {}, fresh(join(work, 'tar')));
  const dte = timeRuns(RUNS, ['sh', '-c', 'curl -sf -o "$1/a.tgz" "$2" && tar -xzf "$1/a.tgz" -C "$1"', 'sh', join(work, 'dte'), `${url}/${name}`], {}, fresh(join(work, 'dte')));
  const hit = timeRuns(RUNS * 2, [node, cli, '--go-version', fx.version], { env: envc(join(work, 'ours')) });
  const nodeNoop = timeRuns(RUNS * 2, [node, '-e', '0']);
  const [o, t, d, h, n] = [ours, tar, dte, hit, nodeNoop].map(median);
  console.log(`install bench: go${fx.version} linux/amd64, ${(size / 1e6).toFixed(1)} MB archive, loopback mirror, median of ${RUNS} runs`);
  console.log(`  our install (download + sha256 + gunzip + extract, streamed): ${fmt(o)}`);
  console.log(`  raw tar -xzf of the same file (already on disk):              ${fmt(t)}`);
  console.log(`  download-then-extract (curl to file, then tar -xzf):          ${fmt(d)}`);
  console.log(`  ratio ours / tar -xzf: ${(o / t).toFixed(2)}   ours / download-then-extract: ${(o / d).toFixed(2)}`);
  console.log(`  tool-cache hit: ${fmt(h)} vs node -e 0: ${fmt(n)} -> overhead ${fmt(h - n)} (median of ${RUNS * 2})`);
} finally {
  child.kill();
  rmSync(work, { recursive: true, force: true });
}
