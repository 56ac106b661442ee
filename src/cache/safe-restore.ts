/**
 * Unpacking a cache archive without trusting it. Both backends restore through here: the
 * archive is read by our own tar reader (src/archive/tar-read.ts) into a fresh staging folder
 * beside the target, where nothing can be written, created or linked outside it; every entry must
 * lie under `stripPrefix` (the cache path as the archive names it), else the restore fails and
 * nothing is placed. Only then does the staged tree take the target's place (a rename when the
 * target is empty, else merged in entry by entry, never through a link).
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { createGunzip } from 'node:zlib';
import { extractTar } from '../archive/tar-read.js';
import { ownRoot } from '../system/confine.js';
import { forceRemove } from '../system/fs.js';
import { rename } from '../system/owned-fs.js';
import { spawnPiped } from '../system/process.js';

export type ArchiveCompression = 'zstd' | 'gzip';

/** The decompressed bytes of `file`: gzip in-process, zstd through the zstd program (it must exit 0). */
export async function* archiveChunks(file: string, compression: ArchiveCompression): AsyncGenerator<Buffer> {
  if (compression === 'gzip') {
    for await (const c of createReadStream(file).pipe(createGunzip())) yield c as Buffer;
    return;
  }
  const child = spawnPiped(['zstd', '-d', '-c', '-q', '--long=30', file]);
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    if (stderr.length < 4000) stderr += b.toString();
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  try {
    for await (const c of child.stdout) yield c as Buffer;
    const code = await exited;
    if (code !== 0) throw new Error(`zstd -d exited ${code}: ${stderr.trim().split('\n').slice(-2).join(' / ')}`);
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/**
 * Extracts `chunks` (a tar stream) into `target`, confined to it. `stripPrefix`: every entry
 * must start with it (it is removed); undefined: entries are relative to the target already.
 */
export async function restoreArchiveInto(chunks: AsyncIterable<Buffer>, target: string, stripPrefix?: string): Promise<{ files: number; bytes: number }> {
  const abs = path.resolve(target);
  const staging = `${abs}.gfa-restore-${randomBytes(4).toString('hex')}`;
  ownRoot(staging); // a fresh folder this restore makes and removes
  try {
    const r = await extractTar(chunks, staging, stripPrefix ? { stripPrefix } : {});
    await place(staging, abs);
    return r;
  } finally {
    await forceRemove(staging).catch(() => undefined);
  }
}

/** Moves the staged tree into `target`: by rename when the target is absent or empty, else merged. */
async function place(staging: string, target: string): Promise<void> {
  const st = await lstat(target).catch(() => undefined);
  if (st && !st.isDirectory()) await forceRemove(target);
  if (!st || !st.isDirectory() || (await readdir(target)).length === 0) {
    if (st?.isDirectory()) await forceRemove(target);
    // No mkdir of the parent: the staging folder is the target's sibling, so the parent exists
    // (made by the extraction), and it is not a place this action owns (~/.cache on a fresh runner).
    await rename(staging, target);
    return;
  }
  await merge(staging, target);
}

/** Moves each entry of `from` into `into` (both real folders): folders merge, anything else replaces what is there. */
async function merge(from: string, into: string): Promise<void> {
  for (const e of await readdir(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(into, e.name);
    const there = await lstat(dst).catch(() => undefined);
    if (e.isDirectory() && there?.isDirectory()) {
      await merge(src, dst);
      continue;
    }
    if (there) await forceRemove(dst); // a link there is removed, never followed
    await rename(src, dst);
  }
}
