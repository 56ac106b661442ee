/**
 * A streaming tar reader (ustar, PAX and GNU long names) and a safe extractor. Entries are
 * written while the archive is still arriving, so download, gunzip and extraction overlap.
 * Anything that would escape the destination, and any special file, is refused.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, writeFile, type FileHandle } from 'node:fs/promises';
import { entrySegments, ExtractTree, UnsafeEntryError } from './safe-path.js';

export interface TarEntry {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  mode: number;
  size: number;
  linkname: string;
}

export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

function cstr(buf: Buffer, off: number, len: number): string {
  const end = buf.indexOf(0, off);
  return buf.toString('utf8', off, end >= 0 && end < off + len ? end : off + len);
}

function octal(buf: Buffer, off: number, len: number): number {
  if (buf[off] & 0x80) {
    // base-256: big-endian two's complement, first byte's top bit is the marker
    let v = buf[off] & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + buf[off + i];
    return v;
  }
  const s = cstr(buf, off, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarFormatError(`bad octal field ${JSON.stringify(s)}`);
  return parseInt(s, 8);
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return sum === octal(h, 148, 8);
}

/** PAX attributes by keyword; any keyword may be absent. */
type Pax = Partial<Record<string, string>>;

function parsePax(data: Buffer): Pax {
  const out: Pax = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = Number(data.toString('utf8', i, sp));
    if (!Number.isInteger(len) || len <= 0) throw new TarFormatError('bad PAX record');
    const rec = data.toString('utf8', sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/** What readTar yields: each entry's header, then (for regular files) its data in chunks. */
export type TarItem = { entry: TarEntry } | { chunk: Buffer };

/** PAX and GNU long-name records are held whole; no real one comes near this. */
const MAX_META = 1 << 20;

/**
 * Reads a tar stream. Yields each entry, followed, for a regular file, by its `size` bytes of
 * data in chunks as they arrive (views into the source chunks: nothing is held whole).
 */
export async function* readTar(src: AsyncIterable<Buffer>): AsyncGenerator<TarItem> {
  let pending: Buffer = Buffer.alloc(0); // a partial header
  let state: 'header' | 'data' | 'meta' | 'skip' = 'header';
  let left = 0; // data bytes still to come for the current entry
  let pad = 0; // padding after them
  let metaFlag = '';
  let meta: Buffer[] = [];
  let pax: Pax = {};
  let globalPax: Pax = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let zeroBlocks = 0;
  let ended = false; // after the end marker the rest is drained, so hashes see every byte

  /** Reads a header block: the entry it describes, or undefined for a PAX or GNU long-name record. */
  const header = (h: Buffer): TarEntry | undefined => {
    const size = octal(h, 124, 12);
    const flag = String.fromCharCode(h[156]);
    left = size;
    pad = (512 - (size % 512)) % 512;
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (size > MAX_META) throw new TarFormatError(`tar ${flag} record of ${size} bytes is larger than ${MAX_META}`);
      metaFlag = flag;
      meta = [];
      return undefined;
    }
    const ustar = h.toString('latin1', 257, 262) === 'ustar';
    const prefix = ustar ? cstr(h, 345, 155) : '';
    let name = cstr(h, 0, 100);
    if (prefix) name = `${prefix}/${name}`;
    const attrs = { ...globalPax, ...pax };
    name = longName ?? attrs.path ?? name;
    const linkname = longLink ?? attrs.linkpath ?? cstr(h, 157, 100);
    pax = {};
    longName = longLink = undefined;
    const mode = octal(h, 100, 8) & 0o7777;
    let type: TarEntry['type'];
    if (flag === '0' || flag === '\0' || flag === '7') type = name.endsWith('/') ? 'dir' : 'file';
    else if (flag === '5') type = 'dir';
    else if (flag === '2') type = 'symlink';
    else if (flag === '1') type = 'hardlink';
    else throw new UnsafeEntryError(`archive entry ${JSON.stringify(name)} is a special file (type ${JSON.stringify(flag)}), which is refused`);
    return { name, type, mode, size: type === 'file' ? size : 0, linkname };
  };
  const metaDone = () => {
    const data = Buffer.concat(meta);
    meta = [];
    if (metaFlag === 'x') pax = parsePax(data);
    else if (metaFlag === 'g') globalPax = { ...globalPax, ...parsePax(data) };
    else if (metaFlag === 'L') longName = cstr(data, 0, data.length);
    else longLink = cstr(data, 0, data.length);
  };

  for await (const raw of src) {
    if (ended) continue;
    let chunk: Buffer = raw;
    while (chunk.length > 0 && !ended) {
      if (state === 'header') {
        if (pad > 0) {
          const n = Math.min(pad, chunk.length);
          pad -= n;
          chunk = chunk.subarray(n);
          continue;
        }
        const n = Math.min(512 - pending.length, chunk.length);
        pending = pending.length === 0 && n === 512 ? chunk.subarray(0, 512) : Buffer.concat([pending, chunk.subarray(0, n)]);
        chunk = chunk.subarray(n);
        if (pending.length < 512) continue;
        const h = pending;
        pending = Buffer.alloc(0);
        if (h.every((b) => b === 0)) {
          if (++zeroBlocks >= 2) ended = true;
          continue;
        }
        zeroBlocks = 0;
        if (!checksumOk(h)) throw new TarFormatError('tar header checksum mismatch (corrupt or truncated archive)');
        const entry = header(h);
        state = !entry ? 'meta' : entry.type === 'file' ? 'data' : 'skip';
        if (entry) yield { entry };
        if (left === 0) {
          if (state === 'meta') metaDone();
          state = 'header';
        }
        continue;
      }
      const n = Math.min(left, chunk.length);
      const piece = chunk.subarray(0, n);
      chunk = chunk.subarray(n);
      left -= n;
      if (state === 'data') yield { chunk: piece };
      else if (state === 'meta') meta.push(piece);
      if (left === 0) {
        if (state === 'meta') metaDone();
        state = 'header';
      }
    }
  }
  if (ended) return;
  if (state !== 'header' || pad > 0 || pending.length > 0) throw new TarFormatError('the archive ends in the middle of an entry (truncated download?)');
  throw new TarFormatError('the archive ends without its end-of-archive marker (truncated download?)');
}

export interface ExtractOptions {
  /** Every entry must start with this folder (e.g. `go/`), which is removed. */
  stripPrefix?: string;
  /** Files written at once (default 32). */
  concurrency?: number;
  /** Bytes read from the archive but not yet written that may be held at once (default 32 MiB). */
  maxBuffered?: number;
  /** Cap on the inflated tar stream, every byte counted (headers, data, padding, what follows the end; default MAX_TAR_BYTES). */
  maxBytes?: number;
  /** Cap on the number of entries of any kind (default MAX_TAR_ENTRIES). */
  maxEntries?: number;
  /** Hash every regular file's bytes as they are written (ExtractResult.regular). */
  hashFiles?: boolean;
}

/**
 * Default caps, for any archive (cache layers of GOCACHE and GOMODCACHE included, which can be
 * many GiB and hundreds of thousands of files): a bound on a bomb, not a size check. Callers that
 * know their archive pass tighter ones (the Go toolchain: dl-source.ts).
 */
export const MAX_TAR_BYTES = 32 * 2 ** 30;
export const MAX_TAR_ENTRIES = 4_000_000;

/** A regular file as extracted: its name below the stripped prefix and the sha256 of its bytes. */
export interface HashedFile {
  name: string;
  sha256: string;
}

export interface ExtractResult {
  files: number;
  bytes: number;
  /** With hashFiles: every regular file entry in archive order (a repeated name appears twice). */
  regular?: HashedFile[];
  /** With hashFiles: the names of the links (symbolic and hard) the archive made. */
  links?: string[];
}

/** The inflated archive passed its cap (one line naming the limit). */
export class ArchiveLimitError extends Error {
  override name = 'ArchiveLimitError';
}

/** "1073741824 bytes (1024 MiB)". */
export const showBytes = (n: number) => (n >= 1 << 20 ? `${n} bytes (${Math.round(n / (1 << 20))} MiB)` : `${n} bytes`);

/** Counts the bytes of `src`, failing past `limit`. */
async function* counted(src: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const chunk of src) {
    n += chunk.length;
    if (n > limit) throw new ArchiveLimitError(`the archive inflates to more than ${showBytes(limit)}, the limit for an archive; refusing to extract it`);
    yield chunk;
  }
}

/** A file larger than this is written in pieces of this size as its data arrives. */
const PIECE = 1 << 20;

/** Writes one file: whole if it is small, else piece by piece through one exclusive handle. */
class FileWriter {
  private parts: Buffer[] = [];
  private held = 0;
  private pos = 0;
  private fh: Promise<FileHandle> | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly mode: number,
    private readonly release: (bytes: number) => void,
  ) {}

  get size(): number {
    return this.held;
  }

  push(chunk: Buffer): void {
    this.parts.push(chunk);
    this.held += chunk.length;
  }

  /** Starts writing what is held; `last` closes the file after it. Resolves when that is done. */
  flush(last: boolean): Promise<void> {
    const data = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    const n = this.held;
    this.parts = [];
    this.held = 0;
    if (last && !this.fh) {
      // 'wx': the path was cleared by ExtractTree.file, so this creates a new file, never follows a link
      return writeFile(this.path, data, { flag: 'wx', mode: this.mode }).finally(() => this.release(n));
    }
    const fh = (this.fh ??= open(this.path, 'wx', this.mode));
    const at = this.pos;
    this.pos += data.length;
    this.chain = this.chain.then(async () => {
      const h = await fh;
      for (let off = 0; off < data.length;) off += (await h.write(data, off, data.length - off, at + off)).bytesWritten;
    });
    const step = this.chain.finally(() => this.release(n));
    if (!last) return step;
    return step.finally(() => this.close());
  }

  /** Closes the handle (also after a failure), once every piece has settled. */
  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    const h = await this.fh?.catch(() => undefined);
    this.fh = undefined;
    await h?.close().catch(() => undefined);
  }
}

/**
 * Extracts a tar stream into `dest` (a fresh folder), through ExtractTree so that nothing is
 * created, written or linked outside it. File data streams to disk: many files are written at
 * once, and at most `maxBuffered` bytes are held between reading and writing.
 */
export async function extractTar(src: AsyncIterable<Buffer>, dest: string, opts: ExtractOptions = {}): Promise<ExtractResult> {
  const tree = new ExtractTree(dest);
  const limit = opts.concurrency ?? 32;
  const maxBuffered = opts.maxBuffered ?? 32 << 20;
  const inflight = new Set<Promise<void>>();
  let buffered = 0;
  let firstError: unknown;
  const spawn = (p: Promise<void>) => {
    const q: Promise<void> = p
      .catch((e: unknown) => {
        firstError ??= e;
      })
      .finally(() => inflight.delete(q));
    inflight.add(q);
  };
  const release = (n: number) => {
    buffered -= n;
  };
  const relative = (name: string): string | undefined => {
    const p = opts.stripPrefix;
    if (!p) return name;
    if (name === p.replace(/\/$/, '') || name === p) return undefined;
    if (!name.startsWith(p)) throw new UnsafeEntryError(`archive entry ${JSON.stringify(name)} is outside ${p}`);
    return name.slice(p.length);
  };
  const result: ExtractResult = { files: 0, bytes: 0, ...(opts.hashFiles ? { regular: [], links: [] } : {}) };
  const maxEntries = opts.maxEntries ?? MAX_TAR_ENTRIES;
  let entries = 0;
  let hash: Hash | undefined;
  let hashed = '';
  let writer: FileWriter | undefined;
  let left = 0;
  let segs: string[] = [];
  const endFile = () => {
    if (hash) result.regular!.push({ name: hashed, sha256: hash.digest('hex') });
    hash = undefined;
    const w = writer!;
    writer = undefined;
    const done = w.flush(true);
    tree.track(segs, done);
    spawn(done);
  };
  await tree.init();
  try {
    for await (const item of readTar(counted(src, opts.maxBytes ?? MAX_TAR_BYTES))) {
      if (firstError) break;
      if ('chunk' in item) {
        hash?.update(item.chunk);
        writer!.push(item.chunk);
        buffered += item.chunk.length;
        left -= item.chunk.length;
        if (left === 0) endFile();
        else if (writer!.size >= PIECE) spawn(writer!.flush(false));
      } else {
        const e = item.entry;
        if (++entries > maxEntries)
          throw new ArchiveLimitError(`the archive has more than ${maxEntries} entries, the limit for an archive; refusing to extract it`);
        const name = relative(e.name);
        if (name === undefined) continue;
        segs = entrySegments(name);
        if (e.type !== 'dir' && e.type !== 'file') result.links?.push(name);
        if (e.type === 'dir') await tree.dir(segs, name);
        else if (e.type === 'symlink') await tree.symlink(segs, name, e.linkname);
        else if (e.type === 'hardlink') {
          const target = relative(e.linkname);
          if (target === undefined)
            throw new UnsafeEntryError(`archive hardlink ${JSON.stringify(e.name)} -> ${JSON.stringify(e.linkname)} does not name a file`);
          await tree.hardlink(segs, name, entrySegments(target), e.linkname);
        } else {
          result.files++;
          result.bytes += e.size;
          writer = new FileWriter(await tree.file(segs, name), e.mode & 0o777 || 0o644, release);
          if (opts.hashFiles) {
            hash = createHash('sha256');
            hashed = segs.join('/');
          }
          left = e.size;
          if (left === 0) endFile();
        }
      }
      while (inflight.size > 0 && (inflight.size >= limit || buffered > maxBuffered)) await Promise.race(inflight);
    }
    await Promise.all(inflight);
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows the first write failure as it was raised
    if (firstError) throw firstError;
    tree.verifyLinks();
    return result;
  } finally {
    await writer?.close();
    await Promise.all(inflight);
  }
}
