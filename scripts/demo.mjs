#!/usr/bin/env node
// `npm run demo`: the CLI's whole pipeline on examples/hello-fyne, on this machine: Go (from the
// local tool cache, go.dev, or the Go module proxy), the native Fyne build and, when MinGW is
// installed, the Windows one; archives, SHA256SUMS and the summary table. Output: .cache/demo/dist.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.cache', 'demo', 'dist');
const onPath = (cmd) => (process.env.PATH ?? '').split(':').some((d) => existsSync(join(d, cmd)));
const targets = ['linux/amd64'];
if (onPath('x86_64-w64-mingw32-gcc')) targets.push('windows/amd64');
else console.error('demo: x86_64-w64-mingw32-gcc not found (apt-get install gcc-mingw-w64-x86-64): building linux/amd64 only');
const args = [
  join(root, 'dist', 'cli.js'),
  '--working-directory', join(root, 'examples', 'hello-fyne'),
  '--targets', targets.join(' '),
  '--output-dir', out,
  '--archive', 'auto',
  '--version', 'demo',
  ...process.argv.slice(2),
];
console.error(`demo: go-fyne-action ${args.slice(1).join(' ')}`);
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, GOFLAGS: process.env.GOFLAGS ?? '-buildvcs=false' } });
process.exit(r.status ?? 1);
