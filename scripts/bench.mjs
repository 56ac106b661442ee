#!/usr/bin/env node
// `npm run bench -- <name> [args...]`: runs scripts/bench/<name>.mjs with the rest of the
// arguments (each bench parses its own flags; `npm run bench -- <name> --help` lists them).
// With no name, or --help, lists the benches with their purpose (each file's first comment line).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { purposeOf } from './bench/_util.mjs';

const dir = fileURLToPath(new URL('./bench/', import.meta.url));
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && !f.startsWith('_'))
  .map((f) => f.slice(0, -4))
  .sort();
const [name, ...rest] = process.argv.slice(2);

if (name === undefined || name === '--help' || name === '-h') {
  const w = Math.max(...names.map((n) => n.length));
  console.log('usage: npm run bench -- <name> [args...]    (npm run bench -- <name> --help: its flags)\n');
  for (const n of names) console.log(`  ${n.padEnd(w)}  ${purposeOf(`${dir}${n}.mjs`).replace(/^\w+ bench: /i, '')}`);
  process.exit(0);
}
if (!names.includes(name)) {
  console.error(`unknown bench ${JSON.stringify(name)}; one of ${names.join(', ')}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, [`${dir}${name}.mjs`, ...rest], { stdio: 'inherit' });
process.exit(r.status ?? 1);
