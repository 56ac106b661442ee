/** vendor/ as the modules layer (src/cache/vendor.ts): when a vendor/ counts as the project's own. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vendorPresent } from '../../src/cache/vendor.js';

// A regression found by the cache bench: our own vendor/ taken for a committed one.
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
