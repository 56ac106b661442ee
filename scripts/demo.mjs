#!/usr/bin/env node
// `npm run demo`: the CLI's whole pipeline on examples/hello-fyne, on this machine.
//  1. The system packages a Fyne build of linux/<host arch> and windows/amd64 needs, through the
//     product's own install path (src/deps/index.ts): it says what it installs and why, then runs
//     apt-get (as root, or with sudo). Without either it stops here, naming the one command to run.
//  2. The CLI: Go (local tool cache, go.dev, or the Go module proxy), restored caches, both
//     builds, archives, SHA256SUMS, the summary table; caches saved for the next run.
//  3. Where the files are, their sizes, and how to run the Linux build.
// Output: .cache/demo/dist. Extra arguments go to the CLI (e.g. --cache false).
import { spawnSync } from 'node:child_process';
import { relative, join } from 'node:path';
import { ensureSystemPackages, hostPlatform, root } from './lib/product.mjs';

const started = Date.now();
const say = (line) => console.error(`demo: ${line}`);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const out = join(root, '.cache', 'demo', 'dist');
const host = hostPlatform();
const targets = host.os === 'linux' ? [`linux/${host.arch}`, 'windows/amd64'] : [`${host.os}/${host.arch}`];

say(`system packages for a Fyne build of ${targets.join(' and ')}`);
try {
  await ensureSystemPackages({ targets, log: (line) => say(line) });
} catch (err) {
  if (err?.name !== 'UserError') throw err;
  say(err.message);
  process.exit(1);
}

const args = [
  join(root, 'dist', 'cli.js'),
  '--working-directory',
  join(root, 'examples', 'hello-fyne'),
  '--targets',
  targets.join(' '),
  '--output-dir',
  out,
  '--archive',
  'auto',
  '--app-version',
  'demo',
  ...process.argv.slice(2),
];
say(
  `go-fyne-action ${args
    .slice(1)
    .map((a) => (a.startsWith(root) ? relative(root, a) || '.' : a))
    .join(' ')}`,
);
const cliStarted = Date.now();
const r = spawnSync(process.execPath, args, {
  cwd: root,
  stdio: ['inherit', 'pipe', 'inherit'],
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
  env: { ...process.env, GOFLAGS: process.env.GOFLAGS ?? '-buildvcs=false' },
});
if (r.status !== 0) {
  process.stdout.write(r.stdout ?? '');
  say(`the CLI failed (exit ${r.status ?? r.signal}) after ${secs(Date.now() - cliStarted)}`);
  process.exit(r.status ?? 1);
}
const outputs = Object.fromEntries(
  (r.stdout ?? '')
    .split('\n')
    .filter((l) => l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);
const artifacts = JSON.parse(outputs.artifacts ?? '[]');

const size = (n) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`);
const width = Math.max(...artifacts.map((a) => relative(root, a.path).length));
console.log(
  `\nBuilt in ${secs(Date.now() - started)} (Go ${outputs['go-version'] ?? '?'}, Fyne ${outputs['fyne-version'] ?? '?'}). Files, under ${relative(root, out)}/:`,
);
for (const a of artifacts) console.log(`  ${relative(root, a.path).padEnd(width)}  ${size(a.size).padStart(9)}  ${a.kind}${a.target ? ` ${a.target}` : ''}`);
const linux = artifacts.find((a) => a.kind === 'binary' && a.os === 'linux');
if (linux) {
  console.log(`\nRun the Linux build (it opens a window: needs a desktop session, X11 or Wayland with XWayland):\n  ${relative(process.cwd(), linux.path)}`);
}
const win = artifacts.find((a) => a.kind === 'binary' && a.os === 'windows');
if (win) console.log(`The Windows build runs on Windows (or: wine ${relative(process.cwd(), win.path)}).`);
console.log('A second `npm run demo` restores Go and the build cache from ~/.cache/go-fyne-action: it takes seconds.');
