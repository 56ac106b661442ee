/** lipo -thin: copy one architecture's slice out of a universal file. */
import { open } from '../system/owned-fs.js';
import { UserError } from '../errors.js';
import { archNames, findArchByName, sameArch } from './headers.js';
import { readMachO, type MachOFile, type Slice } from './read.js';
import { copyRange } from './fat-writer.js';
import type { WriteRoot } from '../system/confine.js';
import { writeOut } from './out.js';

/** Finds the slice for an architecture name; undefined when the file has none. */
export function findSlice(file: MachOFile, arch: string): Slice | undefined {
  const flag = findArchByName(arch);
  if (!flag) return file.slices.find((s) => s.arch === arch);
  return file.slices.find((s) => sameArch(s, flag));
}

export function requireArchName(arch: string): void {
  if (!findArchByName(arch)) throw new UserError(`architecture "${arch}" is unknown; use one of ${archNames()}`);
}

/** Writes the `arch` slice of the universal file `path` to `output` (temp + rename through `root`, or a root on its folder; input's mode). */
export async function thin(path: string, arch: string, output: string, root?: WriteRoot): Promise<Slice> {
  requireArchName(arch);
  const file = await readMachO(path);
  if (!file.fat) throw new UserError(`${path}: must be a universal (fat) file when -thin is given; it is a thin ${file.slices[0].arch} file`);
  const slice = findSlice(file, arch);
  if (!slice) throw new UserError(`${path}: has no ${arch} slice; it has ${file.slices.map((s) => s.arch).join(', ')}`);
  await writeOut(
    output,
    file.mode,
    async (out) => {
      const src = await open(path, 'r');
      try {
        await copyRange(src, slice.offset, out, 0, slice.size, path);
      } finally {
        await src.close();
      }
    },
    root,
  );
  return slice;
}
