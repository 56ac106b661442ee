#!/usr/bin/env node
// `npm run bench -- <name>`: runs scripts/bench/<name>.mjs. With no name, lists them.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const names = readdirSync(new URL('./bench/', import.meta.url)).filter((f) => f.endsWith('.mjs') && !f.startsWith('_')).map((f) => f.slice(0, -4));
const wanted = process.argv.slice(2);
if (wanted.length === 0) {
  console.log(`usage: npm run bench -- <${names.join('|')}> [...]`);
  process.exit(0);
}
for (const name of wanted) {
  if (!names.includes(name)) {
    console.error(`unknown bench ${JSON.stringify(name)}; one of ${names.join(', ')}`);
    process.exit(2);
  }
  const r = spawnSync(process.execPath, [new URL(`./bench/${name}.mjs`, import.meta.url).pathname], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
