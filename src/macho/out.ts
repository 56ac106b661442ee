/**
 * Where the Mach-O tools write: every output goes through a WriteRoot (src/system/confine.ts), so
 * a link already at the name is replaced, never followed, and a link at a folder on the way is
 * refused. Callers that write into output-dir or a bundle pass that root; a bare path (the lipo
 * command line, tests) gets a root on its own folder.
 */
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { WriteRoot, within } from '../system/confine.js';

/** The root `dest` is written through and its name there. */
export async function outTarget(dest: string, root?: WriteRoot): Promise<{ root: WriteRoot; rel: string }> {
  const abs = resolve(dest);
  if (!root) return { root: await WriteRoot.create(dirname(abs), 'output'), rel: basename(abs) };
  if (!within(root.dir, abs) || abs === root.dir) throw new Error(`internal: ${abs} is not inside ${root.label} (${root.dir})`);
  return { root, rel: relative(root.dir, abs).split(sep).join('/') };
}

/** Writes `dest` (temp file + rename, `mode`) through `root`, or a root on its folder. */
export async function writeOut(dest: string, mode: number, produce: (fh: FileHandle) => Promise<void>, root?: WriteRoot): Promise<void> {
  const t = await outTarget(dest, root);
  await t.root.writeWith(t.rel, produce, { mode });
}
