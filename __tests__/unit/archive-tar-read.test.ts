import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createReadStream, existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { extractTar, readTar, TarFormatError } from '../../src/archive/tar-read.js';
import { UnsafeEntryError } from '../../src/archive/safe-path.js';
import type { Fixtures } from '../../scripts/fixtures.mjs';

const work = mkdtempSync(join(tmpdir(), 'untar-test-'));

type Kind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'fifo';
type Entries = [string, Kind, string?][];

/**
 * Tars written by Python's tarfile (an independent writer), entries given as (name, kind,
 * data|target). `makeTar` names one at definition time; beforeAll writes them all in one Python run.
 */
const planned: [string, string, Entries][] = [];
function makeTar(name: string, entries: Entries, format = 'PAX_FORMAT'): string {
  const path = join(work, name);
  planned.push([path, format, entries]);
  return path;
}
beforeAll(() => {
  const py = `
import sys, tarfile, io, json
for path, format, entries in json.load(sys.stdin):
  with tarfile.open(path, 'w', format=getattr(tarfile, format)) as tf:
    for e in entries:
        n, kind, data = (e + [None])[:3]
        ti = tarfile.TarInfo(n)
        if kind == 'file':
            b = (data or '').encode('latin1'); ti.size = len(b); ti.mode = 0o755 if n.endswith('.sh') else 0o644; tf.addfile(ti, io.BytesIO(b))
        elif kind == 'dir': ti.type = tarfile.DIRTYPE; ti.mode = 0o755; tf.addfile(ti)
        elif kind == 'symlink': ti.type = tarfile.SYMTYPE; ti.linkname = data; tf.addfile(ti)
        elif kind == 'hardlink': ti.type = tarfile.LNKTYPE; ti.linkname = data; tf.addfile(ti)
        elif kind == 'fifo': ti.type = tarfile.FIFOTYPE; tf.addfile(ti)
`;
  execFileSync('python3', ['-c', py], { input: JSON.stringify(planned), maxBuffer: 1 << 30 });
});

async function extract(tar: string, prefix?: string) {
  const dest = mkdtempSync(join(work, 'out-'));
  const r = await extractTar(createReadStream(tar), join(dest, 'x'), { stripPrefix: prefix });
  return { dest: join(dest, 'x'), r };
}

describe('tar extraction', () => {
  const long = 'go/' + 'd'.repeat(120) + '/' + 'f'.repeat(110) + '.txt';
  const okTars = ['PAX_FORMAT', 'GNU_FORMAT', 'USTAR_FORMAT'].map((format) => {
    const entries: Entries = [
      ['go', 'dir'],
      ['go/bin', 'dir'],
      ['go/bin/run.sh', 'file', '#!/bin/sh\necho hi\n'],
      ['go/VERSION', 'file', 'go1.99.0\n'],
      ['go/lib/link', 'symlink', '../VERSION'],
      ['go/VERSION2', 'hardlink', 'go/VERSION'],
    ];
    if (format !== 'USTAR_FORMAT') entries.push([long, 'file', 'long']);
    return [format, makeTar(`ok-${format}.tar`, entries, format)] as const;
  });
  test('files, dirs, modes, long PAX and GNU names, in-tree links', async () => {
    for (const [format, tar] of okTars) {
      const { dest, r } = await extract(tar, 'go/');
      expect(readFileSync(join(dest, 'VERSION'), 'utf8')).toBe('go1.99.0\n');
      expect(statSync(join(dest, 'bin/run.sh')).mode & 0o111).not.toBe(0);
      expect(statSync(join(dest, 'VERSION')).mode & 0o111).toBe(0);
      expect(readFileSync(join(dest, 'lib/link'), 'utf8')).toBe('go1.99.0\n');
      expect(readFileSync(join(dest, 'VERSION2'), 'utf8')).toBe('go1.99.0\n');
      if (format !== 'USTAR_FORMAT') expect(readFileSync(join(dest, long.slice(3)), 'utf8')).toBe('long');
      expect(r.files).toBe(format === 'USTAR_FORMAT' ? 2 : 3); // links are not counted as files
    }
  });

  test('a real Go toolchain tarball (the fixture) matches GNU tar byte for byte', async () => {
    const m = JSON.parse(readFileSync(new URL('../../.cache/fixtures/fixtures.json', import.meta.url), 'utf8')) as Fixtures;
    const dest = mkdtempSync(join(work, 'go-'));
    mkdirSync(join(dest, 'gnu'));
    // ours and GNU tar side by side (two cores)
    const [r] = await Promise.all([
      extractTar(createReadStream(m.tarball).pipe(createGunzip()), join(dest, 'ours'), { stripPrefix: 'go/' }),
      promisify(execFile)('tar', ['-xzf', m.tarball, '-C', join(dest, 'gnu'), '--strip-components=1']),
    ]);
    expect(r.files).toBeGreaterThan(10000);
    execFileSync('diff', ['-r', join(dest, 'ours'), join(dest, 'gnu')]); // throws on any difference
    const out = execFileSync(join(dest, 'ours/bin/go'), ['version'], { env: { PATH: process.env.PATH, GOTOOLCHAIN: 'local', HOME: dest } }).toString();
    expect(out).toContain(`go${m.version} linux/amd64`);
  });

  const refusals: [string, [string, 'file' | 'dir' | 'symlink' | 'hardlink' | 'fifo', string?][], string | undefined, RegExp][] = [
    ['dotdot', [['go/../../evil', 'file', 'x']], 'go/', /climbs out of its folder/],
    ['absolute', [['/tmp/evil', 'file', 'x']], undefined, /absolute path/],
    ['outside-prefix', [['other/file', 'file', 'x']], 'go/', /is outside go\//],
    ['symlink-out', [['go/l', 'symlink', '../../etc/passwd']], 'go/', /points outside its folder/],
    ['symlink-abs', [['go/l', 'symlink', '/etc/passwd']], 'go/', /points outside its folder/],
    ['hardlink-out', [['go/l', 'hardlink', '../etc/passwd']], 'go/', /climbs out|outside/],
    ['fifo', [['go/p', 'fifo', '']], 'go/', /special file/],
  ];
  const refusalTars = new Map(refusals.map(([name, entries]) => [name, makeTar(`${name}.tar`, entries)]));
  test.each(refusals)('refuses %s', async (name, _entries, prefix, re) => {
    const tar = refusalTars.get(name)!;
    await expect(extract(tar, prefix)).rejects.toThrow(re);
    await expect(extract(tar, prefix)).rejects.toBeInstanceOf(UnsafeEntryError);
    expect(existsSync('/tmp/evil')).toBe(false);
  });

  const cutTar = makeTar('big.tar', [
    ['go/a', 'file', 'a'.repeat(5000)],
    ['go/b', 'file', 'b'.repeat(5000)],
  ]);
  test('truncated and corrupt archives are errors, not partial successes', async () => {
    const bytes = readFileSync(cutTar);
    const cut = join(work, 'cut.tar');
    writeFileSync(cut, bytes.subarray(0, 3000));
    await expect(extract(cut, 'go/')).rejects.toBeInstanceOf(TarFormatError);
    const bad = Buffer.from(bytes);
    bad[bad.lastIndexOf('go/b') + 3] ^= 0x01; // a name byte in the last header: its checksum no longer adds up
    const corrupt = join(work, 'corrupt.tar');
    writeFileSync(corrupt, bad);
    await expect(extract(corrupt, 'go/')).rejects.toThrow(/checksum mismatch|ends/);
  });

  const innerTar = makeTar('inner-links.tar', [
    ['go/VERSION', 'file', 'go1.99.0\n'],
    ['go/lib/time/zoneinfo', 'file', 'zones'],
    ['go/self', 'symlink', '.'],
    ['go/misc', 'symlink', 'lib/time'],
    ['go/lib/up', 'symlink', '..'],
    ['go/lib/v', 'symlink', '../VERSION'],
  ]);
  test('our extractor makes symlinks that point within the tree, and reads work through them', async () => {
    const { dest } = await extract(innerTar, 'go/');
    for (const [name, target] of [
      ['self', '.'],
      ['misc', 'lib/time'],
      ['lib/up', '..'],
      ['lib/v', '../VERSION'],
    ]) {
      expect(lstatSync(join(dest, name)).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(dest, name))).toBe(target);
    }
    expect(readFileSync(join(dest, 'self/VERSION'), 'utf8')).toBe('go1.99.0\n');
    expect(readFileSync(join(dest, 'misc/zoneinfo'), 'utf8')).toBe('zones');
    expect(readFileSync(join(dest, 'lib/up/lib/v'), 'utf8')).toBe('go1.99.0\n');
  });

  const big = Buffer.alloc(8 << 20, 7);
  const bigEntryTar = makeTar('big-entry.tar', [['go/big', 'file', big.toString('latin1')]]);
  test('entry data streams in the source chunks: no entry is assembled whole', async () => {
    let largest = 0;
    let total = 0;
    for await (const item of readTar(createReadStream(bigEntryTar, { highWaterMark: 64 << 10 }))) {
      if ('chunk' in item) {
        largest = Math.max(largest, item.chunk.length);
        total += item.chunk.length;
      }
    }
    expect(total).toBe(big.length);
    expect(largest).toBeLessThanOrEqual(64 << 10);
  });

  const a = 'a'.repeat(5 << 20);
  const b = 'b'.repeat(3 << 20);
  const replaceTar = makeTar('replace-big.tar', [
    ['go/big', 'file', a],
    ['go/hard', 'hardlink', 'go/big'],
    ['go/big', 'symlink', 'hard'],
    ['go/big', 'file', b],
    ['go/small', 'file', 'small'],
  ]);
  test('large files are written in pieces under a small buffer bound, and replacing or linking them waits for the write', async () => {
    const dest = join(mkdtempSync(join(work, 'pieces-')), 'x');
    await extractTar(createReadStream(replaceTar, { highWaterMark: 16 << 10 }), dest, { stripPrefix: 'go/', maxBuffered: 1 << 20, concurrency: 4 });
    expect(readFileSync(join(dest, 'hard'), 'utf8')).toBe(a);
    expect(lstatSync(join(dest, 'big')).isFile()).toBe(true);
    expect(readFileSync(join(dest, 'big'), 'utf8')).toBe(b);
    expect(readFileSync(join(dest, 'small'), 'utf8')).toBe('small');
  });
});
