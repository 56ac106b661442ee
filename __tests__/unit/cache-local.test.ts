/** LocalBackend on a real directory: key semantics, atomic writes, damage, both compressions. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalBackend } from '../../src/cache/local-backend.js';
import type { CacheLog } from '../../src/cache/backend.js';

function logger() {
  const lines = { info: [] as string[], warning: [] as string[] };
  const log: CacheLog = { info: (m) => lines.info.push(m), warning: (m) => lines.warning.push(m), debug: () => undefined };
  return { log, lines };
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'gfa-local-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function fill(dir: string, tag: string) {
  mkdirSync(path.join(dir, 'd'), { recursive: true });
  writeFileSync(path.join(dir, 'tag'), tag);
  writeFileSync(path.join(dir, 'd', 'blob'), Buffer.alloc(50_000, tag));
}

describe.each(['zstd', 'gzip'] as const)('%s', (compression) => {
  test('exact key first, then each restore-key as a prefix, newest first', async () => {
    const { log, lines } = logger();
    const be = new LocalBackend(path.join(tmp, 'store'), log, { compression });
    const src = path.join(tmp, 'src');
    for (const [key, tag] of [
      ['p-build-x-1', 'x1'],
      ['p-build-x-2', 'x2'],
      ['p-build-y-1', 'y1'],
    ]) {
      fill(src, tag);
      expect(await be.save([src], key)).toEqual({ status: 'saved' });
      await new Promise((r) => setTimeout(r, 5)); // distinct creation times
    }
    const dst = path.join(tmp, 'dst');
    const restoreTag = async (key: string, rks: string[]) => {
      rmSync(dst, { recursive: true, force: true });
      const r = await be.restore([dst], key, rks);
      if (r.failure) throw new Error(r.failure);
      return [r.matchedKey, r.matchedKey ? readFileSync(path.join(dst, 'tag'), 'utf8') : undefined];
    };
    expect(await restoreTag('p-build-x-1', ['p-build-x-', 'p-build-'])).toEqual(['p-build-x-1', 'x1']);
    expect(await restoreTag('p-build-x-9', ['p-build-x-', 'p-build-'])).toEqual(['p-build-x-2', 'x2']);
    expect(await restoreTag('p-build-z-9', ['p-build-z-', 'p-build-'])).toEqual(['p-build-y-1', 'y1']);
    expect(await restoreTag('q-1', ['q-'])).toEqual([undefined, undefined]);
    expect(existsSync(dst)).toBe(false);
    expect(readFileSync(path.join(tmp, 'store', 'entries', readdirSync(path.join(tmp, 'store', 'entries'))[0], 'meta.json'), 'utf8')).toContain(
      `"compression":"${compression}"`,
    );
    expect(lines.warning).toEqual([]);
  });
});

test('keys are immutable; two saves of one key at once: one wins, the other is told', async () => {
  const { log } = logger();
  const src = path.join(tmp, 'src');
  fill(src, 'a');
  const store = path.join(tmp, 'store');
  const results = await Promise.all([new LocalBackend(store, log).save([src], 'k-1'), new LocalBackend(store, log).save([src], 'k-1')]);
  expect(results.map((r) => r.status).sort()).toEqual(['exists', 'saved']);
  expect(readdirSync(path.join(store, 'entries')).length).toBe(1);
  expect(readdirSync(path.join(store, 'tmp'))).toEqual([]); // no half-written leftovers
  fill(src, 'b');
  expect((await new LocalBackend(store, log).save([src], 'k-1')).status).toBe('exists');
  const dst = path.join(tmp, 'dst');
  await new LocalBackend(store, log).restore([dst], 'k-1', []);
  expect(readFileSync(path.join(dst, 'tag'), 'utf8')).toBe('a');
});

test('a corrupt or truncated archive: a warning and a miss, nothing left behind', async () => {
  const { log, lines } = logger();
  const store = path.join(tmp, 'store');
  const be = new LocalBackend(store, log);
  const src = path.join(tmp, 'src');
  fill(src, 'c');
  await be.save([src], 'k-1');
  const entry = path.join(store, 'entries', readdirSync(path.join(store, 'entries'))[0]);
  const archive = path.join(
    entry,
    readdirSync(entry).find((f) => f.startsWith('0.'))!,
  );
  const good = readFileSync(archive);
  const dst = path.join(tmp, 'dst');

  writeFileSync(archive, good.subarray(0, Math.floor(good.length / 2)));
  expect((await be.restore([dst], 'k-1', [])).matchedKey).toBeUndefined();
  expect(existsSync(dst)).toBe(false);

  const bad = Buffer.from(good);
  for (let i = 40; i < Math.min(bad.length, 200); i++) bad[i] ^= 0xff;
  writeFileSync(archive, bad);
  expect((await be.restore([dst], 'k-1', [])).failure).toMatch(/restoring k-1 failed/);
  expect(existsSync(dst)).toBe(false);
  expect(lines.warning.length).toBe(2);
  expect(readdirSync(tmp).filter((f) => f.includes('gfa-restore'))).toEqual([]);
});

test('least recently used entries are evicted beyond maxBytes', async () => {
  const { log } = logger();
  const store = path.join(tmp, 'store');
  const src = path.join(tmp, 'src');
  mkdirSync(src);
  const be = new LocalBackend(store, log, { maxBytes: 4500, compression: 'gzip' });
  for (let i = 1; i <= 2; i++) {
    writeFileSync(path.join(src, 'r'), randomBytes(3000));
    await be.save([src], `k-${i}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const dst = path.join(tmp, 'dst');
  expect((await be.restore([dst], 'k-2', [])).matchedKey).toBe('k-2');
  expect((await be.restore([path.join(tmp, 'd1')], 'k-1', [])).matchedKey).toBeUndefined();
});

// A regression found by the cache bench: re-unpacking an exact hit in place.
test('an exact hit whose content is already in place is not unpacked again; other targets are', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'placed-'));
  const store = new LocalBackend(path.join(root, 'store'), logger().log);
  const mod = path.join(root, 'mod');
  mkdirSync(mod);
  writeFileSync(path.join(mod, 'a.txt'), 'saved');
  expect((await store.save([mod], 'k-mod-1')).status).toBe('saved');
  writeFileSync(path.join(mod, 'a.txt'), 'changed after save'); // an unpack would put 'saved' back
  expect((await store.restore([mod], 'k-mod-1', ['k-mod-'])).matchedKey).toBe('k-mod-1');
  expect(readFileSync(path.join(mod, 'a.txt'), 'utf8')).toBe('changed after save');
  // another folder restored from the same key is unpacked
  const fresh = path.join(root, 'fresh');
  expect((await store.restore([fresh], 'k-mod-1', [])).matchedKey).toBe('k-mod-1');
  expect(readFileSync(path.join(fresh, 'a.txt'), 'utf8')).toBe('saved');
  // a prefix match into the noted folder is unpacked (it is other content)
  expect((await store.restore([mod], 'k-mod-2', ['k-mod-'])).matchedKey).toBe('k-mod-1');
  expect(readFileSync(path.join(mod, 'a.txt'), 'utf8')).toBe('saved');
});
