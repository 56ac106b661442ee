/**
 * A reproducible, streaming zip writer: deflate (zlib raw, level 9) with data descriptors, Unix
 * modes in the external attributes (made-by = Unix), one fixed DOS timestamp, UTF-8 flag for
 * non-ASCII names, and zip64 records only where a size, offset or count needs them.
 *
 * Folder trees (`folderEntries`, for an .app) get the layout `ditto -c -k --keepParent` makes, as
 * read from zips ditto wrote (a central directory dump of one, and reports of how Finder, unzip
 * and `codesign --verify` treat them):
 *  - the folder itself is the first entry (`Hello.app/`), every folder has its own entry ending
 *    in '/', a folder before what it holds; names are UTF-8, '/'-separated;
 *  - version made by 0x03xx (Unix), so the high 16 bits of the external attributes are the
 *    st_mode: 0o100755 / 0o100644 files, 0o040755 folders, 0o120755 symlinks. ditto writes
 *    0x0315 (2.1) and version needed 20; we write 0x0314 (2.0, the features used) and 20;
 *  - files deflated with a data descriptor (general purpose flag 0x0008), as ditto does;
 *  - a symlink is an entry whose content is the link's target text; we store it (method 0, sizes
 *    and CRC in the local header): some readers refuse a deflated link (ZIPFoundation #186);
 *  - deliberately NOT matched: ditto's `._name` AppleDouble entries (resource forks, extended
 *    attributes), which unzip scatters into the bundle and which then break its seal, and its
 *    0x5855 extra field (atime/mtime: our one mtime is in the DOS fields); ditto also truncates
 *    sizes past 4 GiB where we write zip64 records.
 */
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw, crc32, constants as zc } from 'node:zlib';
import { entryBytes, type ArchiveEntry, type ArchiveOptions } from './entries.js';
import { checkLinkTarget } from './safe-path.js';
import { writeAtomically, writeChunks } from '../system/fs.js';

/** A symbolic link: stored with S_IFLNK in its mode and its target as the content. */
export interface ZipSymlinkEntry {
  name: string;
  type: 'symlink';
  /** Permission bits (ditto: 0o755). */
  mode: number;
  target: string;
}

/** What the zip writer takes: the shared archive entries, plus symlinks. */
export type ZipWriteEntry = ArchiveEntry | ZipSymlinkEntry;

const U32 = 0xffffffff;
/** Entries this large get zip64 local records up front (deflate can grow incompressible data a little). */
const ZIP64_ENTRY = 0xffff0000;

export interface ZipOptions extends ArchiveOptions {
  /** Tests only: write zip64 records even when nothing needs them. */
  forceZip64?: boolean;
}

/** MS-DOS date and time (UTC) for a Unix time, clamped to 1980..2107. */
export function dosDateTime(unixSeconds: number): { date: number; time: number } {
  const min = Date.UTC(1980, 0, 1) / 1000;
  const max = Date.UTC(2107, 11, 31, 23, 59, 58) / 1000;
  const d = new Date(Math.min(Math.max(unixSeconds, min), max) * 1000);
  return {
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
  };
}

interface CentralRecord {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  csize: number;
  usize: number;
  offset: number;
  external: number;
  zip64: boolean;
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

/** The zip stream for the entries, in the order given. */
export async function* zipStream(entries: ZipWriteEntry[], opts: ZipOptions): AsyncGenerator<Buffer> {
  const { date, time } = dosDateTime(opts.mtime);
  const central: CentralRecord[] = [];
  let offset = 0;
  const emit = (b: Buffer): Buffer => {
    offset += b.length;
    return b;
  };

  for (const entry of entries) {
    const isDir = entry.type === 'dir';
    const nameStr = isDir ? `${entry.name}/` : entry.name;
    const name = Buffer.from(nameStr, 'utf8');
    const utf8 = /[^\x20-\x7e]/.test(nameStr) ? 0x0800 : 0;
    // A link's target: stored, so its CRC and sizes are known before its local header.
    const inline = entry.type === 'symlink' ? Buffer.from(entry.target, 'utf8') : undefined;
    const size = entry.type === 'symlink' ? inline!.length : entry.size;
    const stored = isDir || size === 0 || inline !== undefined;
    const zip64 = !!opts.forceZip64 || (!stored && size >= ZIP64_ENTRY);
    const flags = utf8 | (stored ? 0 : 0x0008);
    const method = stored ? 0 : 8;
    const version = zip64 ? 45 : 20;
    const typeBits = isDir ? 0o040000 : entry.type === 'symlink' ? 0o120000 : 0o100000;
    const unixMode = typeBits | (entry.mode & (entry.type === 'symlink' ? 0o777 : 0o7777));
    const external = ((unixMode << 16) | (isDir ? 0x10 : 0)) >>> 0;
    const localOffset = offset;
    const inlineCrc = inline ? crc32(inline) >>> 0 : 0;

    const extra = zip64 ? Buffer.concat([Buffer.from([1, 0, 16, 0]), u64(inline?.length ?? 0), u64(inline?.length ?? 0)]) : Buffer.alloc(0);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(version, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt16LE(time, 10);
    lh.writeUInt16LE(date, 12);
    lh.writeUInt32LE(inlineCrc, 14); // crc (in the data descriptor, or 0 for empty)
    lh.writeUInt32LE(zip64 ? U32 : (inline?.length ?? 0), 18);
    lh.writeUInt32LE(zip64 ? U32 : (inline?.length ?? 0), 22);
    lh.writeUInt16LE(name.length, 26);
    lh.writeUInt16LE(extra.length, 28);
    yield emit(Buffer.concat([lh, name, extra]));

    let crc = inlineCrc;
    let usize = inline?.length ?? 0;
    let csize = usize;
    if (inline && inline.length > 0) yield emit(inline);
    if (!stored && entry.type === 'file') {
      const counted = async function* (): AsyncGenerator<Buffer> {
        for await (const chunk of entryBytes(entry)) {
          crc = crc32(chunk, crc);
          usize += chunk.length;
          yield chunk;
        }
      };
      const deflate = createDeflateRaw({ level: zc.Z_BEST_COMPRESSION });
      let failure: unknown;
      const piping = pipeline(Readable.from(counted()), deflate).catch((err: unknown) => {
        failure = err;
      });
      for await (const chunk of deflate) {
        csize += (chunk as Buffer).length;
        yield emit(chunk as Buffer);
      }
      await piping;
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows the pipeline's failure as it was raised
      if (failure) throw failure;
      const dd = zip64 ? Buffer.alloc(24) : Buffer.alloc(16);
      dd.writeUInt32LE(0x08074b50, 0);
      dd.writeUInt32LE(crc >>> 0, 4);
      if (zip64) {
        dd.writeBigUInt64LE(BigInt(csize), 8);
        dd.writeBigUInt64LE(BigInt(usize), 16);
      } else {
        dd.writeUInt32LE(csize, 8);
        dd.writeUInt32LE(usize, 12);
      }
      yield emit(dd);
    }
    central.push({ name, flags, method, crc: crc >>> 0, csize, usize, offset: localOffset, external, zip64 });
  }

  const cdStart = offset;
  for (const r of central) {
    const big: Buffer[] = [];
    const needs64 = r.zip64 || r.usize >= U32 || r.csize >= U32 || r.offset >= U32;
    if (r.usize >= U32 || r.zip64) big.push(u64(r.usize));
    if (r.csize >= U32 || r.zip64) big.push(u64(r.csize));
    if (r.offset >= U32 || r.zip64) big.push(u64(r.offset));
    const extra = big.length > 0 ? Buffer.concat([Buffer.from([1, 0, big.length * 8, 0]), ...big]) : Buffer.alloc(0);
    const version = needs64 ? 45 : 20;
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE((3 << 8) | version, 4); // made by: Unix
    ch.writeUInt16LE(version, 6);
    ch.writeUInt16LE(r.flags, 8);
    ch.writeUInt16LE(r.method, 10);
    ch.writeUInt16LE(time, 12);
    ch.writeUInt16LE(date, 14);
    ch.writeUInt32LE(r.crc, 16);
    ch.writeUInt32LE(r.csize >= U32 || r.zip64 ? U32 : r.csize, 20);
    ch.writeUInt32LE(r.usize >= U32 || r.zip64 ? U32 : r.usize, 24);
    ch.writeUInt16LE(r.name.length, 28);
    ch.writeUInt16LE(extra.length, 30);
    ch.writeUInt16LE(0, 32); // comment
    ch.writeUInt16LE(0, 34); // disk
    ch.writeUInt16LE(0, 36); // internal attrs
    ch.writeUInt32LE(r.external, 38);
    ch.writeUInt32LE(r.offset >= U32 || r.zip64 ? U32 : r.offset, 42);
    yield emit(Buffer.concat([ch, r.name, extra]));
  }
  const cdSize = offset - cdStart;
  const count = central.length;
  if (opts.forceZip64 || count >= 0xffff || cdStart >= U32 || cdSize >= U32) {
    const eocd64At = offset;
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE((3 << 8) | 45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeUInt32LE(0, 16);
    rec.writeUInt32LE(0, 20);
    rec.writeBigUInt64LE(BigInt(count), 24);
    rec.writeBigUInt64LE(BigInt(count), 32);
    rec.writeBigUInt64LE(BigInt(cdSize), 40);
    rec.writeBigUInt64LE(BigInt(cdStart), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeUInt32LE(0, 4);
    loc.writeBigUInt64LE(BigInt(eocd64At), 8);
    loc.writeUInt32LE(1, 16);
    yield emit(Buffer.concat([rec, loc]));
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(count, 0xffff), 8);
  end.writeUInt16LE(Math.min(count, 0xffff), 10);
  end.writeUInt32LE(Math.min(cdSize, U32), 12);
  end.writeUInt32LE(Math.min(cdStart, U32), 16);
  yield emit(end);
}

/**
 * The entries of the folder `dir` as `ditto -c -k --keepParent` lays them out: `<top>/` first,
 * then what it holds, each folder before its contents, siblings sorted bytewise. Folders are
 * 0755; a file is 0755 when any execute bit is set, else 0644 (setuid, setgid and sticky bits
 * never enter); a link keeps its target and must point inside the folder (its target text is
 * checked, links are never followed). Anything else (a socket, a device) is refused.
 */
export async function folderEntries(dir: string, top: string): Promise<ZipWriteEntry[]> {
  const out: ZipWriteEntry[] = [{ name: top, type: 'dir', mode: 0o755, size: 0 }];
  const walk = async (abs: string, rel: string): Promise<void> => {
    const names = (await readdir(abs)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const n of names) {
      const full = join(abs, n);
      const name = `${rel}/${n}`;
      const st = await lstat(full);
      if (st.isSymbolicLink()) {
        const target = await readlink(full);
        checkLinkTarget(name.slice(top.length + 1), target); // counted from inside the top folder: a link may not leave it
        out.push({ name, type: 'symlink', mode: 0o755, target });
      } else if (st.isDirectory()) {
        out.push({ name, type: 'dir', mode: 0o755, size: 0 });
        await walk(full, name);
      } else if (st.isFile()) {
        out.push({ name, type: 'file', mode: st.mode & 0o111 ? 0o755 : 0o644, size: st.size, source: full });
      } else {
        throw new Error(`${full} is not a file, a folder or a link; refusing to put it in a zip`);
      }
    }
  };
  await walk(dir, top);
  return out;
}

/** Writes `dest` (.zip) atomically. */
export async function writeZip(dest: string, entries: ZipWriteEntry[], opts: ZipOptions): Promise<void> {
  await writeAtomically(dest, 0o644, writeChunks(zipStream(entries, opts)));
}
