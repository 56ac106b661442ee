/**
 * File helpers, the one copy of each: whether a path exists, an atomic write (temp file in the
 * destination's folder, then rename, so readers never see a half-written file), rm -rf that copes
 * with read-only trees, and the bytes under a folder.
 */
import { promises as fsp, unlinkSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WriteRoot } from './confine.js';

/** Whether anything is at `p` (a link is followed). */
export function exists(p: string): Promise<boolean> {
  return fsp.stat(p).then(
    () => true,
    () => false,
  );
}

/** Whether `p` is a regular file (a link is followed). */
export function isFile(p: string): Promise<boolean> {
  return fsp.stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * Has `produce` write the file through a handle on a temp file beside `dest`, sets `mode`, then
 * renames it into place: WriteRoot's write on `dest`'s folder (src/system/confine.ts), the one
 * temp-file-and-rename, so a link already at the name is replaced, never followed, and on any
 * failure `dest` is left as it was.
 */
export async function writeAtomically(dest: string, mode: number, produce: (fh: FileHandle) => Promise<void>): Promise<void> {
  const root = await WriteRoot.create(dirname(dest), 'output');
  await root.writeWith(basename(dest), produce, { mode });
}

/** A producer for writeAtomically: writes `chunks` (through `transform` when given) from the handle's position on. */
export function writeChunks(chunks: AsyncIterable<Buffer>, transform?: Transform): (fh: FileHandle) => Promise<void> {
  return async (fh) => {
    const sink = async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        let done = 0;
        while (done < chunk.length) done += (await fh.write(chunk, done, chunk.length - done, null)).bytesWritten;
      }
    };
    if (transform) await pipeline(Readable.from(chunks, { objectMode: false }), transform, sink);
    else await sink(chunks);
  };
}

/** rm -rf that also copes with read-only trees (the module cache is 0444/0555). */
export async function forceRemove(p: string): Promise<void> {
  try {
    await fsp.rm(p, { recursive: true, force: true });
    return;
  } catch {
    /* fall through: make writable and retry */
  }
  const stack = [p];
  while (stack.length) {
    const cur = stack.pop()!;
    try {
      const st = await fsp.lstat(cur);
      if (st.isDirectory()) {
        await fsp.chmod(cur, 0o755);
        for (const e of await fsp.readdir(cur)) stack.push(join(cur, e));
      }
    } catch {
      /* gone */
    }
  }
  await fsp.rm(p, { recursive: true, force: true });
}

/**
 * Removes the entry `name` directly in `dir` at once (a signal handler's last act, which cannot
 * wait): a link there is removed itself, never what it points at. Never throws.
 */
export function unlinkInFolderSync(dir: string, name: string): void {
  try {
    unlinkSync(join(dir, name));
  } catch {
    /* already gone */
  }
}

/** Total bytes of regular files under `dir` (0 when missing). */
export async function dirSize(dir: string): Promise<number> {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const cur = stack.pop()!;
    let ents;
    try {
      ents = await fsp.readdir(cur, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of ents) {
      const p = join(cur, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) total += (await fsp.stat(p).catch(() => ({ size: 0 }))).size;
    }
  }
  return total;
}
