/**
 * A small zip reader (central directory, stored and deflate entries, zip64) that streams entry
 * contents and checks each entry's CRC-32 and size, plus a safe extractor for module zips.
 *
 * What the go command does with a golang.org/toolchain module after unpacking it (read in
 * cmd/go/internal/toolchain/select.go, Exec, Go 1.21 to 1.26; unpacking itself is
 * golang.org/x/mod/zip.Unzip via cmd/go/internal/modfetch/fetch.go):
 *  - module zips carry no permission bits that matter (entries are 0644), and modfetch writes
 *    the files read-only into the module cache;
 *  - on first use (when bin/go is not executable, and not on Windows) it adds the exec bits
 *    (mode | 0111) to every file under pkg/tool/, to files matching `go_?*_?*_exec` under lib/,
 *    to bin/gofmt and then to every file under bin/ (bin/go last, as the "done" signal);
 *  - a module cannot contain nested go.mod files, so the toolchain zip stores them as `_go.mod`;
 *    the go command then copies (does not rename) every `_go.mod` to `go.mod` in the same
 *    directory, src/_go.mod last as the "done" signal. Both files are left in place.
 * We do the same: exec bits (0755) for those files, 0644 for the rest (writable, so caches can be
 * cleaned up), and a go.mod copy next to each _go.mod. golang.org/x/mod/zip also refuses paths
 * that are not clean or collide case-insensitively; we refuse those too.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { constants as fsc } from 'node:fs';
import { open, copyFile, chmod, writeFile, type FileHandle } from 'node:fs/promises';
import { quote } from '../system/names.js';
import { join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { entrySegments, ExtractTree, UnsafeEntryError } from './safe-path.js';
import { ArchiveLimitError, showBytes } from './tar-read.js';
import { exists } from '../system/fs.js';

export interface ZipEntry {
  /** The entry name decoded as UTF-8. */
  name: string;
  /** The entry name exactly as stored (dirhash hashes these bytes). */
  rawName: Buffer;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  externalAttrs: number;
  /** The central directory's "version made by" (high byte 3: Unix, so externalAttrs >>> 16 is an st_mode). */
  versionMadeBy: number;
  isDir: boolean;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const SMALL_ENTRY = 1 << 20;

/** Caps checked when a zip is opened. */
export interface ZipLimits {
  /** Entries of any kind (default MAX_ZIP_ENTRIES). */
  maxEntries?: number;
  /** The sum of the entries' uncompressed sizes (default MAX_ZIP_BYTES). */
  maxBytes?: number;
}

/** Default caps: a Go toolchain zip holds about 15,000 entries and inflates to about 250 MiB. */
export const MAX_ZIP_ENTRIES = 100_000;
export const MAX_ZIP_BYTES = 1 << 30;

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

function u64(b: Buffer, off: number): number {
  const v = b.readBigUInt64LE(off);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('zip64 value too large');
  return Number(v);
}

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, pos + got);
    if (bytesRead === 0) throw new ZipFormatError('unexpected end of zip file');
    got += bytesRead;
  }
  return buf;
}

export class ZipReader {
  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    readonly fileSize: number,
    readonly entries: ZipEntry[],
  ) {}

  /**
   * Opens a zip file and reads its central directory. Refuses, before any entry is inflated, a
   * zip with more than `maxEntries` entries or whose entries declare more than `maxBytes` in all
   * (each entry is then held to its declared size while it is read).
   */
  static async open(path: string, limits: ZipLimits = {}): Promise<ZipReader> {
    const fh = await open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      const entries = await readCentralDirectory(fh, size, limits.maxEntries ?? MAX_ZIP_ENTRIES);
      const maxBytes = limits.maxBytes ?? MAX_ZIP_BYTES;
      let total = 0;
      for (const e of entries) {
        total += e.size;
        if (total > maxBytes) {
          throw new ArchiveLimitError(
            `${path}: the zip's entries inflate to more than ${showBytes(maxBytes)}, the limit for an archive; refusing to extract it`,
          );
        }
      }
      return new ZipReader(path, fh, size, entries);
    } catch (err) {
      await fh.close();
      if (err instanceof ZipFormatError) throw new ZipFormatError(`${path}: not a valid zip file: ${err.message}`);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  /** Streams an entry's uncompressed bytes; throws at the end on a size or CRC-32 mismatch. */
  async *read(entry: ZipEntry): AsyncGenerator<Buffer> {
    const local = await readAt(this.fh, entry.localHeaderOffset, 30);
    if (local.readUInt32LE(0) !== SIG_LOCAL) throw new ZipFormatError(`${entry.name}: bad local header`);
    const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (start + entry.compressedSize > this.fileSize) throw new ZipFormatError(`${entry.name}: data runs past the end of the file`);
    let crc = 0;
    let total = 0;
    const check = (chunk: Buffer) => {
      total += chunk.length;
      if (total > entry.size) throw new ZipFormatError(`${entry.name}: more data than the declared ${entry.size} bytes`);
      crc = zlib.crc32(chunk, crc);
    };
    if (entry.compressedSize === 0 && entry.method === 0) {
      // empty stored entry
    } else if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw new ZipFormatError(`${entry.name}: stored entry sizes differ`);
      for (let pos = 0; pos < entry.compressedSize; pos += SMALL_ENTRY) {
        const chunk = await readAt(this.fh, start + pos, Math.min(SMALL_ENTRY, entry.compressedSize - pos));
        check(chunk);
        yield chunk;
      }
    } else if (entry.compressedSize <= SMALL_ENTRY) {
      const packed = await readAt(this.fh, start, entry.compressedSize);
      let out: Buffer;
      try {
        out = zlib.inflateRawSync(packed, { maxOutputLength: Math.max(1, entry.size + 1) });
      } catch (err) {
        throw new ZipFormatError(`${entry.name}: cannot inflate: ${(err as Error).message}`);
      }
      check(out);
      yield out;
    } else {
      const src = createReadStream(this.path, { start, end: start + entry.compressedSize - 1 });
      const inflate = zlib.createInflateRaw();
      src.on('error', (e) => inflate.destroy(e));
      src.pipe(inflate);
      try {
        for await (const chunk of inflate) {
          check(chunk as Buffer);
          yield chunk as Buffer;
        }
      } catch (err) {
        if (err instanceof ZipFormatError) throw err;
        throw new ZipFormatError(`${entry.name}: cannot inflate: ${(err as Error).message}`);
      } finally {
        src.destroy();
        inflate.destroy();
      }
    }
    if (total !== entry.size) throw new ZipFormatError(`${entry.name}: ${total} bytes, but the zip declares ${entry.size}`);
    if (crc >>> 0 !== entry.crc32) throw new ZipFormatError(`${entry.name}: CRC-32 mismatch (the zip is corrupt)`);
  }
}

async function readCentralDirectory(fh: FileHandle, size: number, maxEntries: number): Promise<ZipEntry[]> {
  if (size < 22) throw new ZipFormatError('too short');
  const tailLen = Math.min(size, 22 + 0xffff);
  const tail = await readAt(fh, size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory record');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  const eocdPos = size - tailLen + eocd;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    if (eocdPos < 20) throw new ZipFormatError('missing zip64 locator');
    const loc = await readAt(fh, eocdPos - 20, 20);
    if (loc.readUInt32LE(0) !== SIG_ZIP64_LOCATOR) throw new ZipFormatError('missing zip64 locator');
    const rec = await readAt(fh, u64(loc, 8), 56);
    if (rec.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw new ZipFormatError('bad zip64 end record');
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  if (count > maxEntries)
    throw new ArchiveLimitError(`the zip has ${count} entries, more than the ${maxEntries} allowed for an archive; refusing to extract it`);
  if (cdOffset + cdSize > size) throw new ZipFormatError('central directory runs past the end of the file');
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) throw new ZipFormatError('bad central directory entry');
    const madeBy = cd.readUInt16LE(p + 4);
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let csize = cd.readUInt32LE(p + 20);
    let usize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const external = cd.readUInt32LE(p + 38);
    let offset = cd.readUInt32LE(p + 42);
    const nameStart = p + 46;
    if (nameStart + nameLen + extraLen + commentLen > cd.length) throw new ZipFormatError('bad central directory entry');
    const rawName = Buffer.from(cd.subarray(nameStart, nameStart + nameLen));
    const extra = cd.subarray(nameStart + nameLen, nameStart + nameLen + extraLen);
    for (let e = 0; e + 4 <= extra.length;) {
      const id = extra.readUInt16LE(e);
      const len = extra.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const need = (cond: boolean) => {
          if (!cond) return undefined;
          if (q + 8 > e + 4 + len) throw new ZipFormatError('short zip64 extra field');
          const v = u64(extra, q);
          q += 8;
          return v;
        };
        usize = need(usize === 0xffffffff) ?? usize;
        csize = need(csize === 0xffffffff) ?? csize;
        offset = need(offset === 0xffffffff) ?? offset;
      }
      e += 4 + len;
    }
    const name = rawName.toString('utf8');
    if (flags & 0x1) throw new ZipFormatError(`${name}: encrypted entries are not supported`);
    if (method !== 0 && method !== 8) throw new ZipFormatError(`${name}: compression method ${method} is not supported`);
    if (offset + 30 > size) throw new ZipFormatError(`${name}: local header past the end of the file`);
    entries.push({
      name,
      rawName,
      method,
      flags,
      crc32: crc,
      compressedSize: csize,
      size: usize,
      localHeaderOffset: offset,
      externalAttrs: external,
      versionMadeBy: madeBy,
      isDir: name.endsWith('/'),
    });
    p = nameStart + nameLen + extraLen + commentLen;
  }
  return entries;
}

// ---- extraction plan (pure) ----

/** One file of a zip extraction plan. */
export interface ZipPlannedFile {
  /** Index into the zip's entries. */
  entry: number;
  /** Path relative to the destination, '/'-separated, already validated. */
  rel: string;
  mode: number;
}

export interface ExtractionPlan {
  dirs: string[];
  files: ZipPlannedFile[];
  /** [from, to] relative paths: `_go.mod` copied to `go.mod`, as the go command does. */
  goModCopies: Array<[string, string]>;
}

function isExecutable(rel: string): boolean {
  if (rel.startsWith('bin/') || rel.startsWith('pkg/tool/')) return true;
  return rel.startsWith('lib/') && /^go_.+_.+_exec$/.test(posix.basename(rel));
}

/**
 * Validates every entry name against `prefix` (which must end with '/') and plans the files,
 * directories, modes and go.mod copies. Throws UnsafeEntryError before anything is written.
 */
export function planExtraction(entries: Array<Pick<ZipEntry, 'name' | 'isDir'>>, prefix: string): ExtractionPlan {
  if (!prefix.endsWith('/')) throw new Error(`zip prefix ${JSON.stringify(prefix)} must end with "/"`);
  const dirs = new Set<string>();
  const files: ZipPlannedFile[] = [];
  const folded = new Map<string, string>();
  const fileSet = new Set<string>();
  entries.forEach((e, i) => {
    if (!e.name.startsWith(prefix)) {
      throw new UnsafeEntryError(`zip entry ${JSON.stringify(e.name)} is outside the required prefix ${JSON.stringify(prefix)}; refusing to extract`);
    }
    const rel = e.name.slice(prefix.length);
    if (rel === '') return;
    const clean = entrySegments(rel, { strict: true }).join('/');
    const key = clean.toLowerCase();
    const isDir = e.isDir;
    const prev = folded.get(key);
    if (prev !== undefined && !(isDir && prev === 'dir')) {
      throw new UnsafeEntryError(`zip entry ${JSON.stringify(e.name)} collides with another entry (case-insensitively); refusing to extract`);
    }
    folded.set(key, isDir ? 'dir' : 'file');
    const segs = clean.split('/');
    for (let j = 1; j < segs.length; j++) dirs.add(segs.slice(0, j).join('/'));
    if (isDir) dirs.add(clean);
    else {
      files.push({ entry: i, rel: clean, mode: isExecutable(clean) ? 0o755 : 0o644 });
      fileSet.add(clean);
    }
  });
  for (const d of dirs) {
    if (fileSet.has(d) || folded.get(d.toLowerCase()) === 'file') {
      throw new UnsafeEntryError(`zip entry ${JSON.stringify(prefix + d)} is both a file and a directory; refusing to extract`);
    }
  }
  const goModCopies: Array<[string, string]> = [];
  for (const f of files) {
    if (posix.basename(f.rel) === '_go.mod') {
      const to = posix.join(posix.dirname(f.rel), 'go.mod');
      if (!folded.has(to.toLowerCase())) goModCopies.push([f.rel, to]);
    }
  }
  // src/_go.mod last, like the go command (its go.mod marks the copy step as done).
  goModCopies.sort((a, b) => Number(a[0] === 'src/_go.mod') - Number(b[0] === 'src/_go.mod'));
  return { dirs: [...dirs].sort((a, b) => a.length - b.length), files, goModCopies };
}

async function writeEntry(zip: ZipReader, entry: ZipEntry, target: string, mode: number): Promise<void> {
  if (entry.size <= SMALL_ENTRY) {
    const parts: Buffer[] = [];
    for await (const c of zip.read(entry)) parts.push(c);
    await writeFile(target, parts.length === 1 ? parts[0] : Buffer.concat(parts), { flag: 'wx', mode });
  } else {
    await pipeline(Readable.from(zip.read(entry)), createWriteStream(target, { flags: 'wx', mode }));
  }
  if (mode & 0o111) await chmod(target, mode); // exact bits, whatever the umask
}

export interface ExtractOptions extends ZipLimits {
  /** Entries must start with this (ending in '/'); it is stripped. */
  prefix: string;
}

/**
 * Extracts `zipPath` into `dest`, which must not exist yet. Validates all names first, streams
 * every entry (CRC-32 checked), sets modes, restores go.mod files. On any failure `dest` is
 * removed, so nothing is left behind.
 */
export async function extractZip(zipPath: string, dest: string, opts: ExtractOptions): Promise<{ files: number }> {
  if (await exists(dest)) throw new Error(`extract ${zipPath}: destination ${dest} already exists`);
  const zip = await ZipReader.open(zipPath, opts);
  try {
    const plan = planExtraction(zip.entries, opts.prefix);
    const tree = new ExtractTree(dest);
    await tree.init();
    try {
      for (const d of plan.dirs) await tree.dir(d.split('/'), d);
      const paths = new Map<ZipPlannedFile, string>();
      for (const f of plan.files) paths.set(f, await tree.file(f.rel.split('/'), f.rel));
      // A few files at a time: most entries are small and the cost is in open/write/close.
      const queue = [...plan.files];
      let failure: { err: unknown } | undefined;
      const worker = async () => {
        for (let f = queue.shift(); f && !failure; f = queue.shift()) {
          try {
            await writeEntry(zip, zip.entries[f.entry], paths.get(f)!, f.mode);
          } catch (err) {
            failure ??= { err };
            queue.length = 0;
          }
        }
      };
      // Every worker has stopped before we clean up, so nothing is written after the rm.
      await Promise.all(Array.from({ length: 8 }, worker));
      if (failure) throw failure.err;
      for (const [from, to] of plan.goModCopies) {
        await copyFile(tree.abs(from.split('/')), await tree.file(to.split('/'), to), fsc.COPYFILE_EXCL);
      }
    } catch (err) {
      await tree.remove();
      throw err;
    }
    return { files: plan.files.length };
  } finally {
    await zip.close();
  }
}

// ---- a folder tree with its modes and links (an .app, as ditto zips it) ----

/** The kinds of entry a tree zip may hold; anything else (a device, a fifo, a socket) is refused. */
export type TreeEntryKind = 'dir' | 'file' | 'symlink';

/** Longest symlink target accepted (PATH_MAX on macOS is 1024). */
export const MAX_LINK_TARGET = 1024;

/**
 * What an entry is and its permission bits, from the external attributes when the zip was made
 * on Unix (st_mode in the high 16 bits); otherwise from the name (a trailing '/' is a folder) with
 * 0755 / 0644. Setuid, setgid and sticky bits are dropped: only the 0o777 bits are kept.
 */
export function entryKindAndMode(e: Pick<ZipEntry, 'name' | 'externalAttrs' | 'versionMadeBy' | 'isDir'>): { kind: TreeEntryKind; mode: number } {
  const unix = e.versionMadeBy >> 8 === 3 ? e.externalAttrs >>> 16 : 0;
  const type = unix & 0o170000;
  const perm = unix & 0o777;
  if (unix === 0 || type === 0) return e.isDir ? { kind: 'dir', mode: perm || 0o755 } : { kind: 'file', mode: perm || 0o644 };
  const kind: TreeEntryKind | undefined = type === 0o040000 ? 'dir' : type === 0o120000 ? 'symlink' : type === 0o100000 ? 'file' : undefined;
  if (!kind) {
    throw new UnsafeEntryError(`zip entry ${quote(e.name)} is not a file, a folder or a link (mode ${type.toString(8)}); refusing to extract`);
  }
  if (e.isDir !== (kind === 'dir')) {
    throw new UnsafeEntryError(
      `zip entry ${quote(e.name)} ${e.isDir ? 'ends in "/" but is not a folder' : 'is a folder without a trailing "/"'}; refusing to extract`,
    );
  }
  return { kind, mode: perm };
}

export interface TreeExtractResult {
  /** The first segment every entry shares (the `--keepParent` folder). */
  top: string;
  /** Where it was extracted: `<parent>/<top>`. */
  path: string;
  files: number;
  dirs: number;
  links: number;
}

/**
 * Extracts a zip of one folder tree (entries all below one top folder, as `ditto -c -k
 * --keepParent` makes) into `<parent>/<top>`, which must not exist yet, restoring each entry's
 * Unix mode (0o777 bits only) and its symlinks. Every safety check of the module extractor holds:
 * the entry and byte caps, names refused when absolute, with `..`, a backslash, a control
 * character, an empty segment, or colliding case-insensitively with another; the top folder is
 * the extraction root, so nothing is written through a link the zip made and every link must
 * resolve inside the top folder (its text first, then against the finished tree); a link's
 * target is at most MAX_LINK_TARGET bytes. Folders get their mode last (with the owner's rwx
 * kept, so the tree can be removed). On any failure `<parent>/<top>` is removed.
 */
export async function extractZipTree(zipPath: string, parent: string, opts: ZipLimits & { topSuffix?: string } = {}): Promise<TreeExtractResult> {
  const zip = await ZipReader.open(zipPath, opts);
  try {
    const plan: Array<{ entry: ZipEntry; segs: string[]; rel: string; kind: TreeEntryKind; mode: number }> = [];
    const folded = new Map<string, TreeEntryKind>();
    let top: string | undefined;
    let topMode = 0o755;
    for (const e of zip.entries) {
      const all = entrySegments(e.name, { strict: true });
      if (all.length === 0) throw new UnsafeEntryError(`zip entry ${quote(e.name)} names no file; refusing to extract`);
      const { kind, mode } = entryKindAndMode(e);
      top ??= all[0];
      if (all[0] !== top) {
        throw new UnsafeEntryError(`zip entry ${quote(e.name)} is outside the folder ${quote(`${top}/`)} the zip holds; a zip of one folder is expected`);
      }
      const segs = all.slice(1);
      if (segs.length === 0) {
        if (kind !== 'dir') throw new UnsafeEntryError(`zip entry ${quote(e.name)} must be a folder; refusing to extract`);
        topMode = mode;
        continue;
      }
      const key = segs.join('/').normalize('NFC').toLowerCase();
      const prev = folded.get(key);
      if (prev !== undefined && !(prev === 'dir' && kind === 'dir')) {
        throw new UnsafeEntryError(`zip entry ${quote(e.name)} collides with another entry (case-insensitively); refusing to extract`);
      }
      folded.set(key, kind);
      if (kind === 'symlink' && e.size > MAX_LINK_TARGET) {
        throw new UnsafeEntryError(`zip link ${quote(e.name)} has a ${e.size}-byte target, over ${MAX_LINK_TARGET}; refusing to extract`);
      }
      plan.push({ entry: e, segs, rel: segs.join('/'), kind, mode });
    }
    if (top === undefined) throw new UnsafeEntryError(`${zipPath} is an empty zip; a zip of one folder is expected`);
    if (opts.topSuffix && (!top.endsWith(opts.topSuffix) || top === opts.topSuffix)) {
      throw new UnsafeEntryError(`${zipPath} holds ${quote(`${top}/`)}, not a folder named *${opts.topSuffix}`);
    }
    const path = join(parent, top);
    if (await exists(path)) throw new Error(`extract ${zipPath}: destination ${path} already exists`);
    // The top folder is the extraction root: links and names are confined to it.
    const tree = new ExtractTree(path);
    await tree.init();
    const counts = { files: 0, dirs: 0, links: 0 };
    try {
      const dirModes: Array<[string[], number]> = [];
      for (const { entry, segs, rel, kind, mode } of plan) {
        if (kind === 'dir') {
          await tree.dir(segs, rel);
          dirModes.push([segs, mode]);
          counts.dirs++;
        } else if (kind === 'symlink') {
          const parts: Buffer[] = [];
          for await (const c of zip.read(entry)) parts.push(c);
          await tree.symlink(segs, rel, Buffer.concat(parts).toString('utf8'));
          counts.links++;
        } else {
          const file = await tree.file(segs, rel);
          const write = writeEntry(zip, entry, file, mode);
          tree.track(segs, write);
          await write;
          await chmod(file, mode); // exact bits, whatever the umask
          counts.files++;
        }
      }
      tree.verifyLinks();
      dirModes.push([[], topMode]);
      dirModes.sort((a, b) => b[0].length - a[0].length);
      for (const [segs, mode] of dirModes) await chmod(tree.abs(segs), mode | 0o700);
    } catch (err) {
      await tree.remove();
      throw err;
    }
    return { top, path, ...counts };
  } finally {
    await zip.close();
  }
}
