/**
 * The go command's module hash "h1:" (golang.org/x/mod/sumdb/dirhash Hash1 / HashZip): for each
 * file in byte order of its name, a line "<sha256 hex>  <name>\n"; the hash is
 * "h1:" + base64(sha256(all lines)). For a zip the names are the full entry names, prefix
 * included. Contents are streamed entry by entry; the zip is never held in memory.
 */
import { createHash } from 'node:crypto';
import { ZipReader, type ZipLimits } from '../archive/zip-read.js';

export interface HashInput {
  /** The name exactly as hashed (raw bytes, or a string taken as UTF-8). */
  name: Buffer | string;
  /** The file's content, streamed. */
  open(): AsyncIterable<Uint8Array>;
}

/** dirhash.Hash1 over any list of named streams. */
export async function hash1(files: HashInput[]): Promise<string> {
  const named = files.map((f) => ({ raw: typeof f.name === 'string' ? Buffer.from(f.name, 'utf8') : f.name, f }));
  named.sort((a, b) => Buffer.compare(a.raw, b.raw));
  const digests: HashedName[] = [];
  for (const { raw, f } of named) {
    if (raw.includes(0x0a)) throw new Error('dirhash: file names with newlines are not supported');
    const h = createHash('sha256');
    for await (const chunk of f.open()) h.update(chunk);
    digests.push({ name: raw, sha256: h.digest('hex') });
  }
  return hash1Digests(digests);
}

/** A file name (as hashed) and the sha256 (hex) of its bytes, already computed. */
export interface HashedName {
  name: Buffer | string;
  sha256: string;
}

/** dirhash.Hash1 from per-file sha256s computed elsewhere (while extracting, say). */
export function hash1Digests(files: HashedName[]): string {
  const named = files.map((f) => ({ raw: typeof f.name === 'string' ? Buffer.from(f.name, 'utf8') : f.name, sha256: f.sha256 }));
  named.sort((a, b) => Buffer.compare(a.raw, b.raw));
  const summary = createHash('sha256');
  for (const { raw, sha256 } of named) {
    if (raw.includes(0x0a)) throw new Error('dirhash: file names with newlines are not supported');
    summary.update(`${sha256}  `);
    summary.update(raw);
    summary.update('\n');
  }
  return `h1:${summary.digest('base64')}`;
}

/** dirhash.HashZip: the h1 of a module zip file. CRC-32s are checked while reading. */
export async function hashZip(zipPath: string, limits: ZipLimits = {}): Promise<string> {
  const zip = await ZipReader.open(zipPath, limits);
  try {
    return await hash1(zip.entries.map((e) => ({ name: e.rawName, open: () => zip.read(e) })));
  } finally {
    await zip.close();
  }
}
