import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFixtures } from '../../scripts/fixtures.mjs';
import { buildZip } from '../helpers/goproxy-server.js';
import { hash1, hashZip } from '../../src/toolchain/dirhash.js';

const stream = (s: string) =>
  // eslint-disable-next-line @typescript-eslint/require-await -- HashInput.open returns an async stream; this one has a single chunk
  async function* () {
    yield Buffer.from(s);
  };

describe('dirhash', () => {
  test('h1 of the real toolchain zip equals the Sum the go command recorded', async () => {
    const m = ensureFixtures({ quiet: true });
    expect(await hashZip(m.zip)).toBe(m.h1);
  });

  test('h1 of a single go.mod matches the go command (golang.org/toolchain .mod line in sum.golang.org)', async () => {
    // sum.golang.org holds "golang.org/toolchain v0.0.1-go1.25.14.linux-amd64/go.mod h1:8wlg...";
    // the .mod file of golang.org/toolchain is "module golang.org/toolchain\n".
    expect(await hash1([{ name: 'go.mod', open: stream('module golang.org/toolchain\n') }])).toBe('h1:8wlg68NqwW7eMnI1aABk/C2pDYXj8mrMY4TyRfiLeS0=');
  });

  test('order of the input does not matter; names sort by bytes', async () => {
    const files = [
      { name: 'b', open: stream('2') },
      { name: 'B', open: stream('1') },
      { name: '\u00e9', open: stream('3') },
      { name: 'a/b', open: stream('4') },
    ];
    const h = await hash1(files);
    expect(await hash1([...files].reverse())).toBe(h);
  });

  test('a zip and the same files hash alike; a newline in a name is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gfa-dirhash-'));
    try {
      const p = join(dir, 'm.zip');
      writeFileSync(
        p,
        buildZip([
          { name: 'm@v1/x', data: 'X' },
          { name: 'm@v1/a', data: 'A', method: 'store' },
        ]),
      );
      expect(await hashZip(p)).toBe(
        await hash1([
          { name: 'm@v1/a', open: stream('A') },
          { name: 'm@v1/x', open: stream('X') },
        ]),
      );
      await expect(hash1([{ name: 'a\nb', open: stream('') }])).rejects.toThrow(/newline/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
