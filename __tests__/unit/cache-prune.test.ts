/**
 * Pruning proof on a real GOCACHE filled by real `go build`s, carried through a real archive
 * round trip (LocalBackend save + restore), the way a run sees it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalBackend } from '../../src/cache/local-backend.js';
import { markRestored, pruneGoCache, readManifest, scanGoCache, writeManifest } from '../../src/cache/prune.js';
import { saveLayers, type CacheState } from '../../src/cache/layers.js';
import type { CacheLog } from '../../src/cache/backend.js';

const GO = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
const quiet: CacheLog = { info: () => undefined, warning: (m) => console.warn(m), debug: () => undefined };

let tmp: string;
let mod: string;
let gocache: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'gfa-prune-'));
  mod = path.join(tmp, 'mod');
  gocache = path.join(tmp, 'gocache');
  mkdirSync(mod);
  env = {
    PATH: `${path.dirname(GO)}:${process.env.PATH}`,
    HOME: tmp,
    GOCACHE: gocache,
    GOPATH: path.join(tmp, 'gopath'),
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
    GOFLAGS: '',
    GOWORK: 'off',
    CGO_ENABLED: '0',
    GOENV: 'off',
  };
});

afterAll(() => {
  spawnSync('chmod', ['-R', 'u+w', tmp]);
  rmSync(tmp, { recursive: true, force: true });
});

function writeProgram(version: 1 | 2) {
  writeFileSync(path.join(mod, 'go.mod'), 'module example.com/p\n\ngo 1.22\n');
  for (const d of ['old', 'newpkg']) mkdirSync(path.join(mod, d), { recursive: true });
  writeFileSync(path.join(mod, 'old', 'old.go'), 'package old\n\nfunc Greeting() string { return "old hello" }\n');
  writeFileSync(path.join(mod, 'newpkg', 'new.go'), 'package newpkg\n\nfunc Greeting() string { return "new hello" }\n');
  const imp = version === 1 ? 'old' : 'newpkg';
  writeFileSync(path.join(mod, 'main.go'), `package main\n\nimport "example.com/p/${imp}"\n\nfunc main() { println(${imp}.Greeting()) }\n`);
}

/** `go build -x` into a fresh output path (as on a fresh runner); returns stderr (the commands run). */
function build(): string {
  rmSync(path.join(tmp, 'bin'), { recursive: true, force: true });
  const r = spawnSync('nice', [GO, 'build', '-x', '-o', path.join(tmp, 'bin', 'p'), '.'], { cwd: mod, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`go build failed: ${r.stderr}`);
  return r.stderr;
}

const compiles = (xlog: string) => xlog.split('\n').filter((l) => /\/compile(\s|$)/.test(l) && !l.includes('-V=full'));

/** The GOCACHE file holding a package's compiled output. */
function exportFile(pkg: string): string {
  return execFileSync(GO, ['list', '-export', '-f', '{{.Export}}', pkg], { cwd: mod, env, encoding: 'utf8' }).trim();
}

test('used entries survive the prune, entries only the earlier build used go, and the next build compiles nothing', async () => {
  // Run 1: a fresh GOCACHE, program v1 (imports old).
  writeProgram(1);
  expect(compiles(build()).length).toBeGreaterThan(5); // runtime & co. and our packages
  const oldExport = exportFile('example.com/p/old');
  const runtimeExport = exportFile('runtime');
  expect(oldExport.startsWith(gocache)).toBe(true);
  expect(runtimeExport.startsWith(gocache)).toBe(true);
  const run1 = new Set((await scanGoCache(gocache)).map((e) => e.name));

  // Save it, lose it, restore it: mtimes come back as saved.
  const store = new LocalBackend(path.join(tmp, 'store'), quiet);
  expect((await store.save([gocache], 'k-build-1')).status).toBe('saved');
  spawnSync('chmod', ['-R', 'u+w', gocache]);
  rmSync(gocache, { recursive: true, force: true });
  expect((await store.restore([gocache], 'k-build-2', ['k-build-'])).matchedKey).toBe('k-build-1');

  // Run 2: mark after restore, then build program v2 (imports newpkg, not old).
  const mark = await markRestored(gocache);
  expect(new Set(mark.restored)).toEqual(run1);
  const manifest = path.join(tmp, 'state', 'restored.txt');
  await writeManifest(manifest, mark.restored);
  writeProgram(2);
  const x2 = compiles(build());
  // only our changed packages compile (main and newpkg); the runtime comes from the cache
  expect(x2.length).toBeGreaterThanOrEqual(1);
  expect(x2.length).toBeLessThanOrEqual(2);

  const pr = await pruneGoCache(gocache, mark.markMs, await readManifest(manifest));
  const after = new Set((await scanGoCache(gocache)).map((e) => e.name));
  expect(pr.removedCount).toBeGreaterThan(0);
  expect(pr.freshWork.length).toBeGreaterThan(0); // newpkg, main: new work to save
  for (const name of pr.remove) {
    expect(run1.has(name)).toBe(true); // only entries of the earlier run are removed
    expect(after.has(name)).toBe(false);
  }
  expect(existsSync(oldExport)).toBe(false); // used only by run 1: gone
  expect(existsSync(runtimeExport)).toBe(true); // used by run 2: kept
  expect(existsSync(path.join(gocache, 'trim.txt'))).toBe(true);

  // The pruned cache is still a full hit for run 2's program.
  expect(compiles(build())).toEqual([]);

  // Run 3 restores the pruned cache and builds the same program: nothing new, no upload.
  const mark3 = await markRestored(gocache);
  const manifest3 = path.join(tmp, 'state', 'restored3.txt');
  await writeManifest(manifest3, mark3.restored);
  // Sources a minute old: go now also writes package-index entries (not build work).
  const aMinuteAgo = new Date(Date.now() - 60_000);
  for (const f of ['go.mod', 'main.go', 'old/old.go', 'newpkg/new.go']) utimesSync(path.join(mod, f), aMinuteAgo, aMinuteAgo);
  expect(compiles(build())).toEqual([]);
  const state: CacheState = {
    v: 1,
    enabled: true,
    save: true,
    gocacheOwned: true, // this test's own GOCACHE: the save prunes it
    backend: 'local',
    modulesForm: 'none',
    buildFlags: [],
    layers: [
      {
        name: 'build',
        key: 'k-build-3',
        restoreKeys: ['k-build-'],
        hitPrefix: 'k-build-',
        paths: [gocache],
        matchedKey: 'k-build-2',
        result: 'hit',
        sizeBytes: 0,
        ms: 0,
      },
    ],
    markMs: mark3.markMs,
    manifest: manifest3,
  };
  const [rep] = await saveLayers(state, store, quiet);
  expect(rep.action).toBe('skipped');
  expect(rep.reason).toBe('nothing new compiled');
});
