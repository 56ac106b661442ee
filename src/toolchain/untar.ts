/**
 * A streaming tar reader (ustar, PAX and GNU long names) and a safe extractor. Entries are
 * written while the archive is still arriving, so download, gunzip and extraction overlap.
 * Anything that would escape the destination, and any special file, is refused.
 */
import { mkdir, symlink, link, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { checkLinkTarget, safeJoin, UnsafeEntryError } from './safe-path.js';

export interface TarEntry {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  mode: number;
  size: number;
  linkname: string;
  data: Buffer;
}

export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

function cstr(buf: Buffer, off: number, len: number): string {
  const end = buf.indexOf(0, off);
  return buf.toString('utf8', off, end >= 0 && end < off + len ? end : off + len);
}

function octal(buf: Buffer, off: number, len: number): number {
  if (buf[off]! & 0x80) {
    // base-256: big-endian two's complement, first byte's top bit is the marker
    let v = buf[off]! & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + buf[off + i]!;
    return v;
  }
  const s = cstr(buf, off, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarFormatError(`bad octal field ${JSON.stringify(s)}`);
  return parseInt(s, 8);
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return sum === octal(h, 148, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
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

/** Reads a tar stream into entries; file data arrives whole per entry. */
export async function* readTar(src: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  let pending: Buffer = Buffer.alloc(0);
  let header: Buffer | undefined;
  let need = 512; // bytes wanted for the current header or data (+ padding)
  let parts: Buffer[] = [];
  let got = 0;
  let pax: Record<string, string> = {};
  let globalPax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let zeroBlocks = 0;
  let ended = false; // after the end marker the rest is drained, so hashes see every byte


  for await (const raw of src) {
    if (ended) continue;
    let chunk: Buffer = raw;
    while (chunk.length > 0 && !ended) {
      if (!header) {
        // collect a 512-byte header
        const n = Math.min(512 - pending.length, chunk.length);
        pending = pending.length === 0 && n === 512 ? chunk.subarray(0, 512) : Buffer.concat([pending, chunk.subarray(0, n)]);
        chunk = chunk.subarray(n);
        if (pending.length < 512) continue;
        const h = pending;
        pending = Buffer.alloc(0);
        if (h.every((b) => b === 0)) {
          zeroBlocks++;
          if (zeroBlocks >= 2) ended = true;
          continue;
        }
        zeroBlocks = 0;
        if (!checksumOk(h)) throw new TarFormatError('tar header checksum mismatch (corrupt or truncated archive)');
        header = h;
        const size = octal(h, 124, 12);
        need = Math.ceil(size / 512) * 512;
        parts = [];
        got = 0;
        if (need > 0) continue;
      } else {
        const n = Math.min(need - got, chunk.length);
        parts.push(chunk.subarray(0, n));
        got += n;
        chunk = chunk.subarray(n);
        if (got < need) continue;
      }
      // a whole entry (header + padded data) is here
      const h = header!;
      header = undefined;
      const size = octal(h, 124, 12);
      const data = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).subarray(0, size);
      parts = [];
      const flag = String.fromCharCode(h[156]!);
      if (flag === 'x') {
        pax = parsePax(data);
        continue;
      }
      if (flag === 'g') {
        globalPax = { ...globalPax, ...parsePax(data) };
        continue;
      }
      if (flag === 'L') {
        longName = cstr(data, 0, data.length);
        continue;
      }
      if (flag === 'K') {
        longLink = cstr(data, 0, data.length);
        continue;
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
      yield { name, type, mode, size, linkname, data };
    }
  }
  if (ended) return;
  if (header || pending.length > 0) throw new TarFormatError('the archive ends in the middle of an entry (truncated download?)');
  throw new TarFormatError('the archive ends without its end-of-archive marker (truncated download?)');
}

export interface ExtractOptions {
  /** Every entry must start with this folder (e.g. `go/`), which is removed. */
  stripPrefix?: string;
  /** Files written at once (default 32). */
  concurrency?: number;
}

export interface ExtractResult {
  files: number;
  bytes: number;
}

/** Extracts a tar stream into `dest` (which should be a fresh folder). */
export async function extractTar(src: AsyncIterable<Buffer>, dest: string, opts: ExtractOptions = {}): Promise<ExtractResult> {
  const made = new Set<string>();
  const ensureDir = async (d: string) => {
    if (made.has(d)) return;
    await mkdir(d, { recursive: true });
    made.add(d);
  };
  const inflight = new Set<Promise<void>>();
  const limit = opts.concurrency ?? 32;
  let firstError: unknown;
  const spawn = (p: Promise<void>) => {
    const q = p.catch((e) => {
      firstError ??= e;
    }).finally(() => inflight.delete(q));
    inflight.add(q);
  };
  const result: ExtractResult = { files: 0, bytes: 0 };
  await ensureDir(dest);
  for await (const e of readTar(src)) {
    if (firstError) break;
    let name = e.name;
    if (opts.stripPrefix) {
      const p = opts.stripPrefix;
      if (name === p.replace(/\/$/, '') || name === p) continue;
      if (!name.startsWith(p)) throw new UnsafeEntryError(`archive entry ${JSON.stringify(name)} is outside ${p}`);
      name = name.slice(p.length);
    }
    const path = safeJoin(dest, name);
    if (e.type === 'dir') {
      await ensureDir(path);
      continue;
    }
    await ensureDir(dirname(path));
    if (e.type === 'symlink') {
      checkLinkTarget(name, e.linkname);
      await symlink(e.linkname, path);
    } else if (e.type === 'hardlink') {
      let target = e.linkname;
      if (opts.stripPrefix && target.startsWith(opts.stripPrefix)) target = target.slice(opts.stripPrefix.length);
      await link(safeJoin(dest, target), path);
    } else {
      result.files++;
      result.bytes += e.size;
      spawn(writeFile(path, e.data, { mode: e.mode & 0o777 || 0o644 }));
      while (inflight.size >= limit) await Promise.race(inflight);
    }
  }
  await Promise.all(inflight);
  if (firstError) throw firstError;
  return result;
}
