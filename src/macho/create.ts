/** lipo -create: read the inputs' headers, lay out the slices, stream the universal file. */
import { UserError } from '../errors.js';
import { readMachO, type MachOFile } from './read.js';
import { layoutFat, writeFat } from './fat-writer.js';
import type { WriteRoot } from '../system/confine.js';

export interface FatInfo {
  output: string;
  size: number;
  slices: { arch: string; offset: number; size: number; align: number; from: string }[];
}

/**
 * lipo -create: merges thin or fat macOS Mach-O inputs into one universal file at `output`.
 * The output's mode is the union of the inputs' permission bits. It is written through `root`
 * (output-dir) when given, else through a root on its folder: never through a link.
 */
export async function createUniversal(opts: { inputs: readonly string[]; output: string; root?: WriteRoot }): Promise<FatInfo> {
  if (opts.inputs.length === 0) throw new UserError('lipo -create: no input files; give one or more Mach-O files for macOS');
  if (!opts.output) throw new UserError('lipo -create: no output file; give -output <file>');
  const files: MachOFile[] = [];
  for (const p of opts.inputs) files.push(await readMachO(p));
  const layout = layoutFat(files.flatMap((f) => f.slices)); // fat inputs flattened
  const mode = files.reduce((m, f) => m | (f.mode & 0o777), 0);
  await writeFat(layout, opts.output, mode, opts.root);
  return {
    output: opts.output,
    size: layout.totalSize,
    slices: layout.slices.map((s) => ({ arch: s.arch, offset: s.outOffset, size: s.size, align: s.align, from: s.path })),
  };
}
