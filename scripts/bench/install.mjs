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
// The mirror serves at full loopback speed under /dl, and paced to THROTTLE_MBPS (default 25
// MB/s, a plausible runner download rate) under /slow/dl, where streaming has something to hide.
const THROTTLE = Number(process.env.THROTTLE_MBPS ?? 25);
const child = spawn(node, ['-e', `
const { createServer } = require('node:http'); const { createReadStream } = require('node:fs');
const index = ${JSON.stringify(JSON.stringify(index))};
createServer(async (req, res) => {
  const slow = req.url.startsWith('/slow');
  const url = slow ? req.url.slice(5) : req.url;
  if (url.startsWith('/dl/?')) return res.end(index);
  if (url !== '/dl/${name}') return res.writeHead(404).end();
  res.writeHead(200, { 'content-length': ${size} });
  if (!slow) return createReadStream(${JSON.stringify(fx.tarball)}).pipe(res);
  const started = Date.now(); let sent = 0;
  for await (const chunk of createReadStream(${JSON.stringify(fx.tarball)}, { highWaterMark: 256 * 1024 })) {
    sent += chunk.length;
    if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    const ahead = sent / (${THROTTLE} * 1e6) * 1000 - (Date.now() - started);
    if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
  }
  res.end();
}).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
`], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((r) => child.stdout.once('data', (d) => r(Number(String(d).trim()))));
const url = `http://127.0.0.1:${port}/dl`;
const slowUrl = `http://127.0.0.1:${port}/slow/dl`;
const envc = (cache, base = url) => ({ ...env(cache), GO_DOWNLOAD_BASE_URL: base });

try {
  const ours = timeRuns(RUNS, [node, cli, '--go-version', fx.version, '--go-download-source', 'dl'], { env: envc(join(work, 'ours')) }, fresh(join(work, 'ours')));
  const tar = timeRuns(RUNS, ['tar', '-xzf', fx.tarball, '-C', join(work, 'tar')], {}, fresh(join(work, 'tar')));
  const dte = timeRuns(RUNS, ['sh', '-c', 'curl -sf -o "$1/a.tgz" "$2" && tar -xzf "$1/a.tgz" -C "$1"', 'sh', join(work, 'dte'), `${url}/${name}`], {}, fresh(join(work, 'dte')));
  const oursSlow = timeRuns(RUNS, [node, cli, '--go-version', fx.version, '--go-download-source', 'dl'], { env: envc(join(work, 'ours'), slowUrl) }, fresh(join(work, 'ours')));
  const dteSlow = timeRuns(RUNS, ['sh', '-c', 'curl -sf -o "$1/a.tgz" "$2" && tar -xzf "$1/a.tgz" -C "$1"', 'sh', join(work, 'dte'), `${slowUrl}/${name}`], {}, fresh(join(work, 'dte')));
  const hit = timeRuns(RUNS * 2, [node, cli, '--go-version', fx.version], { env: envc(join(work, 'ours')) });
  const nodeNoop = timeRuns(RUNS * 2, [node, '-e', '0']);
  const [o, t, d, h, n, os_, ds] = [ours, tar, dte, hit, nodeNoop, oursSlow, dteSlow].map(median);
  console.log(`install bench: go${fx.version} linux/amd64, ${(size / 1e6).toFixed(1)} MB archive, loopback mirror, median of ${RUNS} runs`);
  console.log(`  our install (download + sha256 + gunzip + extract, streamed): ${fmt(o)}`);
  console.log(`  raw tar -xzf of the same file (already on disk):              ${fmt(t)}`);
  console.log(`  download-then-extract (curl to file, then tar -xzf):          ${fmt(d)}`);
  console.log(`  ratio ours / tar -xzf: ${(o / t).toFixed(2)}   ours / download-then-extract: ${(o / d).toFixed(2)}`);
  console.log(`  mirror paced to ${THROTTLE} MB/s (download alone ${fmt((size / (THROTTLE * 1e6)) * 1000)}):`);
  console.log(`    our install: ${fmt(os_)}   download-then-extract: ${fmt(ds)}   ratio ours / download-then-extract: ${(os_ / ds).toFixed(2)}`);
  console.log(`  tool-cache hit: ${fmt(h)} vs node -e 0: ${fmt(n)} -> overhead ${fmt(h - n)} (median of ${RUNS * 2})`);
} finally {
  child.kill();
  rmSync(work, { recursive: true, force: true });
}
