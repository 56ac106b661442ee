/** Regressions found by the cache bench: re-unpacking an exact hit in place, and our own vendor/. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBackend } from '../../src/cache/local-backend.js';
import { vendorPresent } from '../../src/cache/vendor.js';

const quiet = { info: () => undefined, warning: () => undefined, debug: () => undefined, error: () => undefined };

test('an exact hit whose content is already in place is not unpacked again; other targets are', async () => {
  const root = mkdtempSync(join(tmpdir(), 'placed-'));
  const store = new LocalBackend(join(root, 'store'), quiet);
  const mod = join(root, 'mod');
  mkdirSync(mod);
  writeFileSync(join(mod, 'a.txt'), 'saved');
  expect((await store.save([mod], 'k-mod-1')).status).toBe('saved');
  writeFileSync(join(mod, 'a.txt'), 'changed after save'); // an unpack would put 'saved' back
  expect((await store.restore([mod], 'k-mod-1', ['k-mod-'])).matchedKey).toBe('k-mod-1');
  expect(readFileSync(join(mod, 'a.txt'), 'utf8')).toBe('changed after save');
  // another folder restored from the same key is unpacked
  const fresh = join(root, 'fresh');
  expect((await store.restore([fresh], 'k-mod-1', [])).matchedKey).toBe('k-mod-1');
  expect(readFileSync(join(fresh, 'a.txt'), 'utf8')).toBe('saved');
  // a prefix match into the noted folder is unpacked (it is other content)
  expect((await store.restore([mod], 'k-mod-2', ['k-mod-'])).matchedKey).toBe('k-mod-1');
  expect(readFileSync(join(mod, 'a.txt'), 'utf8')).toBe('saved');
});

test('vendor/modules.txt counts as committed only when git tracks it (or outside git)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vendor-'));
  mkdirSync(join(dir, 'vendor'));
  writeFileSync(join(dir, 'vendor', 'modules.txt'), '# example.com/m v1.0.0\n');
  expect(await vendorPresent(dir)).toBe(true); // not a git checkout: presence decides
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '.');
  expect(await vendorPresent(dir)).toBe(false); // made by an earlier `go mod vendor`, not committed
  git('add', 'vendor/modules.txt');
  expect(await vendorPresent(dir)).toBe(true);
});
