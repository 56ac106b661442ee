/**
 * Setup loads only what it uses (issue 20 item 4): the pipeline's lazily loaded steps state the
 * same shape as the steps they load, and the bundled main step's start (dist/main.js and the
 * chunks it imports statically) holds none of the code a setup-only run does not use (npm test
 * bundles first; run `npm run bundle` before this file alone).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAZY_STEPS } from '../../src/pipeline.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

test('each lazy step has the name, group and needsFiles of the step it loads', async () => {
  for (const lazy of LAZY_STEPS) {
    const real = await lazy.load();
    expect({ name: lazy.name, group: lazy.group, needsFiles: lazy.needsFiles }).toEqual({ name: real.name, group: real.group, needsFiles: real.needsFiles });
  }
});

/** dist/<entry>.js and every chunk it imports statically (import ... from "./chunks/x.js"), transitively. */
function startGraph(entry: string): string[] {
  const seen = new Set<string>();
  const todo = [join(ROOT, 'dist', `${entry}.js`)];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const m of readFileSync(f, 'utf8').matchAll(/^import\s[^'"]*?["'](\.{1,2}\/[^'"]+)["'];?$/gm)) todo.push(join(dirname(f), m[1]));
  }
  return [...seen];
}

test('the main step starts without the cache service client, undici, an ESM import of node:http, or the compile, packaging, universal, release and fan-in code', () => {
  const files = startGraph('main');
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  expect(text).not.toMatch(/@azure\/storage-blob|BlobClient|ReserveCacheEntry/); // @actions/cache and its Azure stack
  expect(text).not.toMatch(/undici/i);
  expect(text).not.toMatch(/^import\s[^;]*from\s*["'](?:node:)?http["']/m);
  // (The input parsers of signing and linux-packages share their modules with signFiles and planLinuxPackages: config.ts checks every input at start.)
  expect(text).not.toMatch(/function (?:runBuilds|runFynePackage|gatherReleaseFiles|writeReleaseFiles|createUniversal|planBuilds)\b/);
  expect(bytes).toBeLessThan(700_000); // was 2.95 MB in one file
});
