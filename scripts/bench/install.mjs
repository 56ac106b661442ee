// Install bench: our streamed Go install vs raw tar -xzf and download-then-extract, plus a tool-cache hit.
//
// The same real Go archive (the test fixture, node scripts/fixtures.mjs) from a loopback
// go.dev/dl-style mirror, through dist/cli.js:
//  - our install (streaming download+verify+extract) vs raw `tar -xzf` of the file, and vs
//    download-then-extract (curl to a file, then tar -xzf), at loopback speed and with the mirror
//    paced to a plausible runner download rate;
//  - setup time with the toolchain already in the tool cache, as overhead over `node -e 0`.
// Each figure is the median of --runs runs (the tool-cache hit: twice as many).
//
//   npm run bench -- install [flags]          (or: node scripts/bench/install.mjs [flags])
//   --runs N           runs of each contender (default: env RUNS, else 5)
//   --throttle MBPS    pace of the slow mirror in MB/s (default: env THROTTLE_MBPS, else 25)
//   --keep             keep the temp folder (the last install of each contender)
//   --report FILE      also write the results as JSON
import { spawn } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFixtures } from '../fixtures.mjs';
import { benchArgs, fmt, median, ratio, rmrf, tempDir, timeRuns, writeReport } from './_util.mjs';

const args = benchArgs(import.meta.url, {
  runs: { type: 'string', value: 'N', env: 'RUNS', default: '5', number: true },
  throttle: { type: 'string', value: 'MBPS', env: 'THROTTLE_MBPS', default: '25', number: true },
  keep: { type: 'boolean', default: false },
});
const RUNS = args.runs;
const THROTTLE = args.throttle;
const fx = ensureFixtures({ quiet: true });
const name = `go${fx.version}.linux-amd64.tar.gz`;
const size = statSync(fx.tarball).size;
const index = [
  {
    version: `go${fx.version}`,
    stable: true,
    files: [{ filename: name, os: 'linux', arch: 'amd64', version: `go${fx.version}`, sha256: fx.tarballSha256, size, kind: 'archive' }],
  },
];
const tmp = tempDir('install', { keep: args.keep });
const work = tmp.dir;
const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
const node = process.execPath;
const env = (cache) => ({ ...process.env, GO_FYNE_ACTION_CACHE: cache, GOTOOLCHAIN: 'local' });
const fresh = (d) => () => {
  rmrf(d);
  mkdirSync(d, { recursive: true });
};

// Warm the page cache for the archive so every contender reads it from memory.
timeRuns(1, ['cat', fx.tarball], { stdio: 'ignore' });

// spawnSync blocks this event loop, so serve from a child process instead.
// The mirror serves at full loopback speed under /dl, and paced to --throttle (default 25 MB/s,
// a plausible runner download rate) under /slow/dl, where streaming has something to hide.
const child = spawn(
  node,
  [
    '-e',
    `
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
`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const port = await new Promise((r) => child.stdout.once('data', (d) => r(Number(String(d).trim()))));
const url = `http://127.0.0.1:${port}/dl`;
const slowUrl = `http://127.0.0.1:${port}/slow/dl`;
const envc = (cache, base = url) => ({ ...env(cache), GO_DOWNLOAD_BASE_URL: base });

try {
  const ours = timeRuns(
    RUNS,
    [node, cli, '--go-version', fx.version, '--go-download-source', 'dl'],
    { env: envc(join(work, 'ours')) },
    fresh(join(work, 'ours')),
  );
  const tar = timeRuns(RUNS, ['tar', '-xzf', fx.tarball, '-C', join(work, 'tar')], {}, fresh(join(work, 'tar')));
  const dte = timeRuns(
    RUNS,
    ['sh', '-c', 'curl -sf -o "$1/a.tgz" "$2" && tar -xzf "$1/a.tgz" -C "$1"', 'sh', join(work, 'dte'), `${url}/${name}`],
    {},
    fresh(join(work, 'dte')),
  );
  const oursSlow = timeRuns(
    RUNS,
    [node, cli, '--go-version', fx.version, '--go-download-source', 'dl'],
    { env: envc(join(work, 'ours'), slowUrl) },
    fresh(join(work, 'ours')),
  );
  const dteSlow = timeRuns(
    RUNS,
    ['sh', '-c', 'curl -sf -o "$1/a.tgz" "$2" && tar -xzf "$1/a.tgz" -C "$1"', 'sh', join(work, 'dte'), `${slowUrl}/${name}`],
    {},
    fresh(join(work, 'dte')),
  );
  const hit = timeRuns(RUNS * 2, [node, cli, '--go-version', fx.version], { env: envc(join(work, 'ours')) });
  const nodeNoop = timeRuns(RUNS * 2, [node, '-e', '0']);
  const [o, t, d, h, n, os_, ds] = [ours, tar, dte, hit, nodeNoop, oursSlow, dteSlow].map(median);
  const slowDownloadMs = (size / (THROTTLE * 1e6)) * 1000;
  console.log(`install bench: go${fx.version} linux/amd64, ${(size / 1e6).toFixed(1)} MB archive, loopback mirror, median of ${RUNS} runs`);
  console.log(`  our install (download + sha256 + gunzip + extract, streamed): ${fmt(o)}`);
  console.log(`  raw tar -xzf of the same file (already on disk):              ${fmt(t)}`);
  console.log(`  download-then-extract (curl to file, then tar -xzf):          ${fmt(d)}`);
  console.log(`  ratio ours / tar -xzf: ${ratio(o, t)}   ours / download-then-extract: ${ratio(o, d)}`);
  console.log(`  mirror paced to ${THROTTLE} MB/s (download alone ${fmt(slowDownloadMs)}):`);
  console.log(`    our install: ${fmt(os_)}   download-then-extract: ${fmt(ds)}   ratio ours / download-then-extract: ${ratio(os_, ds)}`);
  console.log(`  tool-cache hit: ${fmt(h)} vs node -e 0: ${fmt(n)} -> overhead ${fmt(h - n)} (median of ${RUNS * 2})`);
  writeReport(args.report, 'install', {
    goVersion: fx.version,
    archiveBytes: size,
    runs: RUNS,
    throttleMBps: THROTTLE,
    ms: { ours, tar, downloadThenExtract: dte, oursSlow, downloadThenExtractSlow: dteSlow, toolCacheHit: hit, nodeNoop },
    median: { oursMs: o, tarMs: t, downloadThenExtractMs: d, oursSlowMs: os_, downloadThenExtractSlowMs: ds, toolCacheHitMs: h, nodeNoopMs: n },
  });
} finally {
  child.kill();
  tmp.done();
}
