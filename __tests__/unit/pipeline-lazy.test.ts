/**
 * Setup loads only what it uses (issue 20 item 4): the pipeline's lazily loaded steps state the
 * same shape as the steps they load, and the bundled main step's start (dist/main.js and the
 * chunks it imports statically) holds none of the code a setup-only run does not use (npm test
 * bundles first; run `npm run bundle` before this file alone).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArtifactRegistry, artifactFromPath } from '../../src/artifacts/registry.js';
import type { BuildSet } from '../../src/compile/plan.js';
import type { Planned, RunContext } from '../../src/context.js';
import { LAZY_STEPS } from '../../src/pipeline.js';
import { fakeRuntime, testConfig } from '../helpers/fake-runtime.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

test('each lazy step has the name, group and needsFiles of the step it loads', async () => {
  for (const lazy of LAZY_STEPS) {
    const real = await lazy.load();
    expect({ name: lazy.name, group: lazy.group, needsFiles: lazy.needsFiles }).toEqual({ name: real.name, group: real.group, needsFiles: real.needsFiles });
  }
});

/** A build set with only the facts the skip decisions read (as steps.test.ts). */
function setOf(isFyne: boolean): Planned {
  const set = { isFyne, name: 'hello', fyneVersion: isFyne ? 'v2.7.1' : 'none', plans: [], files: [], fingerprint: {} } as unknown as BuildSet;
  return { set, fyneVersion: set.fyneVersion, packageDir: '/nowhere', scratchDir: '/nowhere' };
}

test("a lazy step's idle check (skipping without loading its code) gives the loaded step's own skip, on every context it answers", async () => {
  const root = mkdtempSync(join(tmpdir(), 'gfa-lazy-'));
  try {
    const registry = async (targets: string[]) => {
      const r = new ArtifactRegistry();
      for (const t of targets) {
        const path = join(root, `hello_${t.replace('/', '_')}`);
        writeFileSync(path, 'bin', { mode: 0o755 });
        r.add(await artifactFromPath(path, { target: t, kind: 'binary' }));
      }
      return r;
    };
    const configs = [await testConfig(root), await testConfig(root, { universal: 'false' }), await testConfig(root, { cache: 'false' })];
    const registries = [[], ['linux/amd64'], ['darwin/amd64'], ['darwin/arm64', 'windows/amd64'], ['darwin/amd64', 'darwin/arm64']];
    const plans: Planned[] = [{ skip: 'no targets (setup only)', fyneVersion: 'none' }, setOf(false), setOf(true)];
    let answered = 0;
    for (const config of configs)
      for (const targets of registries)
        for (const plan of plans) {
          const rt = fakeRuntime({ tempDir: root, env: { PATH: process.env.PATH, HOME: root } });
          const ctx: RunContext = {
            rt,
            config: { ...config, outputDir: root },
            goTool: () => Promise.reject(new Error('no Go here')),
            registry: await registry(targets),
            plan,
            name: 'hello',
            version: '',
            gocaches: { set: {}, owned: false, why: 'test' },
            targets: [],
          };
          for (const lazy of LAZY_STEPS) {
            const why = lazy.idle?.(ctx);
            if (why === undefined) continue;
            answered++;
            expect({ step: lazy.name, result: await (await lazy.load()).run(ctx) }).toEqual({ step: lazy.name, result: { skipped: why } });
          }
        }
    expect(answered).toBeGreaterThan(30); // sign, universal and notarize each answered most of the 30 contexts
    // Both darwin slices built: the universal step is not idle (it merges them).
    const both = LAZY_STEPS.find((l) => l.name === 'Universal macOS binary')!;
    const ctx = { config: configs[0], plan: setOf(false), registry: await registry(['darwin/amd64', 'darwin/arm64']) } as unknown as RunContext;
    expect(both.idle?.(ctx)).toBeUndefined();
  } finally {
    rmSync(root, { recursive: true, force: true });
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
  expect(text).not.toMatch(/minimatch|function (?:writeReleaseFiles|writeAppZip|planUniversalStage|runUniversal)\b/); // glob on the first pattern; the release writers and the Mach-O code when used
  expect(bytes).toBeLessThan(420_000); // was 2.95 MB in one file, 480 kB after the first split; 394 kB now
});

test('the post step starts with the cache save and the report only: no pipeline, no input checks, no glob', () => {
  const files = startGraph('post');
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  expect(text).toMatch(/function runPost\b/);
  expect(text).not.toMatch(/function (?:parseConfig|runPipeline|runMain|saveCaches)\b|minimatch|smol-toml|BlobClient/);
  expect(bytes).toBeLessThan(150_000); // 125 kB (480 kB when it loaded the pipeline)
});
