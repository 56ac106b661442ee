/**
 * A fresh runner: HOME has no .cache and no go/ yet, so GOCACHE's and GOMODCACHE's parents do not
 * exist. The restore must still place the layer there (the parent is not a place the action owns,
 * and nothing may be written to it but the target and its staging sibling). Seen in
 * `npm run bench -- fresh`: every warm restore failed with "refusing to write /root/.cache".
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { tarStream } from '../../src/archive/tar-write.js';
import { ownRoot } from '../../src/system/confine.js';
import { restoreArchiveInto } from '../../src/cache/safe-restore.js';

// Outside the system temp folder (which the action owns whole), like /root on a runner.
const base = mkdtempSync(path.join(process.cwd(), '.cache', 'fresh-home-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function* chunks(): AsyncGenerator<Buffer> {
  for await (const c of tarStream([{ name: 'cache/00/ab-d', type: 'file', mode: 0o644, size: 5, data: Buffer.from('entry') }], { mtime: 0 })) yield c;
}

test.each([
  ['GOCACHE under a missing ~/.cache', ['.cache', 'go-build']],
  ['GOMODCACHE under a missing ~/go/pkg', ['go', 'pkg', 'mod']],
])('%s is restored, and nothing but the target is left in its parent', async (_name, segs) => {
  const home = mkdtempSync(path.join(base, 'home-'));
  const target = path.join(home, ...segs);
  ownRoot(target);
  const r = await restoreArchiveInto(chunks(), target, 'cache/');
  expect(r.files).toBe(1);
  expect(readFileSync(path.join(target, '00', 'ab-d'), 'utf8')).toBe('entry');
  expect(existsSync(path.dirname(target))).toBe(true);
});
