/**
 * Size caps on inflation: a tar stream (every byte counted, also what follows its end marker),
 * a tar's entry count, a zip's entry count and the sizes its entries declare (refused before
 * anything is inflated), and a PNG's image data (never more than its width and height allow).
 * Each cap is one line naming what and the limit; nothing is left in the destination.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import { ArchiveLimitError, extractTar, MAX_TAR_BYTES, MAX_TAR_ENTRIES } from '../../src/archive/tar-read.js';
import { tarStream } from '../../src/archive/tar-write.js';
import { downloadAndExtract, MAX_TOOLCHAIN_BYTES, MAX_TOOLCHAIN_ENTRIES } from '../../src/toolchain/dl-source.js';
import { startArchiveMirror } from '../helpers/dl-mirror.js';
import { installAtomically } from '../../src/toolchain/toolcache.js';
import { parseGoVersion } from '../../src/toolchain/version.js';
import { Readable } from 'node:stream';
import { extractZip, MAX_ZIP_BYTES, ZipReader } from '../../src/archive/zip-read.js';
import { decodePng, encodePng, hicolorIcons, PngLimitError } from '../../src/package/png.js';
import { buildZip } from '../helpers/goproxy-server.js';

const work = mkdtempSync(join(tmpdir(), 'gfa-archive-caps-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(work, `dest-${++n}`);

async function tarBytes(files: { name: string; data: Buffer }[]): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of tarStream(
    files.map((f) => ({ name: f.name, type: 'file' as const, mode: 0o644, size: f.data.length, data: f.data })),
    { mtime: 0 },
  ))
    out.push(c);
  return Buffer.concat(out);
}

describe('tar extraction caps', () => {
  test('the defaults bound any archive (cache layers too); the toolchain download passes its own, tighter caps', () => {
    expect(MAX_TAR_BYTES).toBe(32 * 2 ** 30);
    expect(MAX_TAR_ENTRIES).toBe(4_000_000);
    expect(MAX_TOOLCHAIN_BYTES).toBe(1 << 30);
    expect(MAX_TOOLCHAIN_ENTRIES).toBe(100_000);
  });

  test('a Go archive that is a gzip bomb (a valid tar, then 1.1 GiB of zeros) stops at 1 GiB inflated; nothing is installed', async () => {
    const tar = await tarBytes([
      { name: 'go/VERSION', data: Buffer.from('go1.25.14\n') },
      { name: 'go/bin/go', data: Buffer.from('#!/bin/sh\necho go version go1.25.14 linux/amd64\n') },
    ]);
    // One gzip stream of members (RFC 1952): the tar, then 280 copies of one 4 MiB member of zeros
    // (compressed once: 2 s less than deflating 1.1 GiB).
    const zeros = gzipSync(Buffer.alloc(4 << 20), { level: 1 });
    const bomb = Buffer.concat([gzipSync(tar), ...Array.from({ length: 280 }, () => zeros)]);
    expect(bomb.length).toBeLessThan(8 << 20);
    const FILE = 'go1.25.14.linux-amd64.tar.gz';
    const mirror = await startArchiveMirror([{ filename: FILE, data: bomb }]);
    try {
      const box = mkdtempSync(join(work, 'bomb-'));
      const log = { info: () => undefined, warning: () => undefined };
      const check = { os: 'linux' as const, runnable: false, env: {} };
      const fill = (dest: string) => downloadAndExtract(mirror.url, mirror.index[FILE], dest, box, log).then(() => undefined);
      await expect(installAtomically(join(box, 'tools'), parseGoVersion('1.25.14')!, 'amd64', check, fill)).rejects.toThrow(
        new ArchiveLimitError('the archive inflates to more than 1073741824 bytes (1024 MiB), the limit for an archive; refusing to extract it'),
      );
      // the install's temporary tree is gone, nothing was marked complete
      expect(readdirSync(join(box, 'tools', 'go', '1.25.14'))).toEqual([]);
      expect(readdirSync(box)).toEqual(['tools']);
    } finally {
      await mirror.close();
    }
  });

  test('one large file past a smaller cap', async () => {
    const tar = await tarBytes([{ name: 'big', data: Buffer.alloc(3 << 20, 1) }]);
    await expect(extractTar(Readable.from([tar]), fresh(), { maxBytes: 1 << 20 })).rejects.toThrow(
      /^the archive inflates to more than 1048576 bytes \(1 MiB\), the limit for an archive; refusing to extract it$/,
    );
  });

  test('too many entries', async () => {
    const tar = await tarBytes(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') })));
    await expect(extractTar(Readable.from([tar]), fresh(), { maxEntries: 10 })).rejects.toThrow(
      /^the archive has more than 10 entries, the limit for an archive; refusing to extract it$/,
    );
    const ok = await extractTar(Readable.from([tar]), fresh(), { maxEntries: 20 });
    expect(ok.files).toBe(20);
  });
});

describe('zip caps, checked before anything is inflated', () => {
  test('entries that declare more than 1 GiB in all', async () => {
    const zip = buildZip([
      { name: 'go/a', data: 'a' },
      { name: 'go/b', data: 'b' },
    ]);
    // Make the central directory claim 700 MiB for each entry (a bomb would inflate to it).
    let p = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    while (p >= 0) {
      zip.writeUInt32LE(700 << 20, p + 24);
      p = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p + 4);
    }
    const file = join(work, 'declared.zip');
    writeFileSync(file, zip);
    expect(MAX_ZIP_BYTES).toBe(1 << 30);
    await expect(ZipReader.open(file)).rejects.toThrow(
      /the zip's entries inflate to more than 1073741824 bytes \(1024 MiB\), the limit for an archive; refusing to extract it$/,
    );
    const dest = fresh();
    await expect(extractZip(file, dest, { prefix: 'go/' })).rejects.toThrow(ArchiveLimitError);
    expect(existsSync(dest)).toBe(false);
  });

  test('too many entries', async () => {
    const file = join(work, 'many.zip');
    writeFileSync(file, buildZip(Array.from({ length: 30 }, (_, i) => ({ name: `go/f${i}`, data: 'x' }))));
    const dest = fresh();
    await expect(extractZip(file, dest, { prefix: 'go/', maxEntries: 10 })).rejects.toThrow(
      /^the zip has 30 entries, more than the 10 allowed for an archive; refusing to extract it$/,
    );
    expect(existsSync(dest)).toBe(false);
    await extractZip(file, dest, { prefix: 'go/' });
    expect(readdirSync(dest)).toHaveLength(30);
  });

  test('an entry that inflates past its declared size is cut off', async () => {
    const zip = buildZip([{ name: 'go/a', data: Buffer.alloc(1 << 20) }]);
    const p = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(100, p + 24);
    const file = join(work, 'lying.zip');
    writeFileSync(file, zip);
    const dest = fresh();
    await expect(extractZip(file, dest, { prefix: 'go/' })).rejects.toThrow(/go\/a: (more data than the declared 100 bytes|cannot inflate)/);
    expect(existsSync(dest)).toBe(false);
  });
});

describe('PNG inflation is capped by the width and height', () => {
  function chunk(type: string, body: Buffer): Buffer {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
    return Buffer.concat([head, body, crc]);
  }
  function png(width: number, height: number, raw: Buffer): Buffer {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr.set([8, 6, 0, 0, 0], 8);
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }

  test('a 16x16 icon whose IDAT inflates to 64 MiB (a decompression bomb) is refused in one line', () => {
    const bomb = png(16, 16, Buffer.alloc(64 << 20));
    expect(bomb.length).toBeLessThan(100_000);
    expect(() => decodePng(bomb)).toThrow(PngLimitError);
    expect(() => hicolorIcons(bomb)).toThrow(
      /^the PNG's image data inflates to more than the 1040 bytes its 16x16 size allows; refused \(a malformed or hostile icon\)$/,
    );
  });

  test('a real icon still decodes and scales', () => {
    const data = new Uint8Array(64 * 64 * 4).fill(200);
    const icon = encodePng({ width: 64, height: 64, data });
    expect(decodePng(icon)?.width).toBe(64);
    expect([...hicolorIcons(icon).keys()]).toEqual([16, 24, 32, 48, 64]);
  });
});
