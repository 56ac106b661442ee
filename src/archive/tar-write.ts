/**
 * A reproducible ustar writer (PAX records for names or sizes ustar cannot hold) and a gzip
 * framing around zlib's raw deflate whose header carries no mtime and a fixed OS byte.
 *
 * Every entry gets the same mtime, uid/gid 0 and uname/gname "root"; callers pass normalized
 * modes and a fixed order, so equal inputs give equal bytes.
 */
import { createDeflateRaw, crc32, constants as zc } from 'node:zlib';
import { Transform, type TransformCallback } from 'node:stream';
import { entryBytes, type ArchiveEntry, type ArchiveOptions } from './entries.js';
import { writeAtomically, writeChunks } from '../system/fs.js';

const BLOCK = 512;
const MAX_OCTAL_11 = 0o77777777777;

function octal(buf: Buffer, off: number, len: number, value: number): void {
  // len-1 octal digits, zero padded, then NUL
  buf.write(value.toString(8).padStart(len - 1, '0') + '\0', off, len, 'ascii');
}

function isAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

/** Splits a long path into ustar prefix/name, or returns undefined if it does not fit. */
function splitUstar(path: string): { prefix: string; name: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.length - 1; i > 0; i--) {
    if (path[i] !== '/') continue;
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { prefix, name };
  }
  return undefined;
}

function header(fields: { name: string; prefix: string; mode: number; size: number; mtime: number; type: string; linkname?: string }): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(fields.name, 0, 100, 'utf8');
  if (fields.linkname !== undefined) h.write(fields.linkname, 157, 100, 'utf8');
  octal(h, 100, 8, fields.mode);
  octal(h, 108, 8, 0); // uid
  octal(h, 116, 8, 0); // gid
  octal(h, 124, 12, fields.size);
  octal(h, 136, 12, fields.mtime);
  h.fill(0x20, 148, 156); // checksum placeholder: spaces
  h.write(fields.type, 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write('root', 265, 32, 'ascii');
  h.write('root', 297, 32, 'ascii');
  octal(h, 329, 8, 0); // devmajor
  octal(h, 337, 8, 0); // devminor
  h.write(fields.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

function padding(size: number): Buffer {
  const rem = size % BLOCK;
  return Buffer.alloc(rem === 0 ? 0 : BLOCK - rem);
}

/** A symbolic link entry (tar only): `linkname` is stored as given, never resolved. */
export interface TarSymlinkEntry {
  name: string;
  type: 'symlink';
  linkname: string;
  mode: number;
}

/** The header block(s) for one entry: a PAX 'x' header first when ustar cannot describe it. */
export function tarHeaders(entry: ArchiveEntry | TarSymlinkEntry, mtime: number): Buffer[] {
  const path = entry.type === 'dir' ? `${entry.name}/` : entry.name;
  const size = entry.type === 'file' ? entry.size : 0;
  const link = entry.type === 'symlink' ? entry.linkname : undefined;
  const out: Buffer[] = [];
  const split = isAscii(path) ? splitUstar(path) : undefined;
  let records = '';
  if (!split) records += paxRecord('path', path);
  if (link !== undefined && (!isAscii(link) || Buffer.byteLength(link) > 100)) records += paxRecord('linkpath', link);
  if (size > MAX_OCTAL_11) records += paxRecord('size', String(size));
  if (records !== '') {
    const body = Buffer.from(records, 'utf8');
    const base = path.replace(/\/$/, '').split('/').pop() ?? 'entry';
    const paxName = `PaxHeaders/${base.replace(/[^\x20-\x7e]/g, '_')}`.slice(0, 100);
    out.push(header({ name: paxName, prefix: '', mode: 0o644, size: body.length, mtime, type: 'x' }), body, padding(body.length));
  }
  const ascii = path.replace(/[^\x20-\x7e]/g, '_');
  const fit = split ?? { prefix: '', name: ascii.slice(-100) };
  out.push(
    header({
      name: fit.name,
      prefix: fit.prefix,
      mode: entry.mode & 0o7777,
      size: size > MAX_OCTAL_11 ? 0 : size,
      mtime,
      type: entry.type === 'dir' ? '5' : entry.type === 'symlink' ? '2' : '0',
      ...(link !== undefined ? { linkname: isAscii(link) && Buffer.byteLength(link) <= 100 ? link : '' } : {}),
    }),
  );
  return out;
}

/** The tar stream (uncompressed) for the entries, in the order given. */
export async function* tarStream(entries: (ArchiveEntry | TarSymlinkEntry)[], opts: ArchiveOptions): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    for (const b of tarHeaders(entry, opts.mtime)) if (b.length > 0) yield b;
    if (entry.type === 'file') {
      yield* entryBytes(entry);
      const pad = padding(entry.size);
      if (pad.length > 0) yield pad;
    }
  }
  yield Buffer.alloc(BLOCK * 2);
}

/**
 * gzip (RFC 1952) around raw deflate: mtime 0, no file name, XFL 0 and OS 255 ("unknown"),
 * the same on every host (zlib's own gzip header would vary its OS byte by platform).
 */
export class GzipStream extends Transform {
  private readonly deflate = createDeflateRaw({ level: zc.Z_BEST_COMPRESSION });
  private crc = 0;
  private size = 0;
  private started = false;

  constructor() {
    super();
    this.deflate.on('data', (chunk: Buffer) => this.push(chunk));
  }

  private head(): void {
    if (this.started) return;
    this.started = true;
    this.push(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.head();
    this.crc = crc32(chunk, this.crc);
    this.size = (this.size + chunk.length) >>> 0;
    if (this.deflate.write(chunk)) cb();
    else this.deflate.once('drain', () => cb());
  }

  override _flush(cb: TransformCallback): void {
    this.head();
    this.deflate.once('end', () => {
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(this.crc >>> 0, 0);
      trailer.writeUInt32LE(this.size, 4);
      this.push(trailer);
      cb();
    });
    this.deflate.once('error', (err) => cb(err));
    this.deflate.end();
  }
}

/** Writes `dest` (.tar.gz) atomically. */
export async function writeTarGz(dest: string, entries: ArchiveEntry[], opts: ArchiveOptions): Promise<void> {
  await writeAtomically(dest, 0o644, writeChunks(tarStream(entries, opts), new GzipStream()));
}
