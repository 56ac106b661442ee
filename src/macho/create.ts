/** lipo -create: read the inputs' headers, plan the layout, stream the universal file. */
import { UserError } from '../errors.js';
import { readMachO, type MachOFile } from './read.js';
import { planUniversal, writePlan, type SliceSource } from './fat-writer.js';

export interface FatInfo {
  output: string;
  size: number;
  slices: { arch: string; offset: number; size: number; align: number; from: string }[];
}

type Slice = MachOFile['slices'][number];

/** One slice as a planner source: its bytes at `offset` (default the slice's) of `path`. */
export function sliceSource(path: string, s: Slice, at: { offset: number; size: number } = s): SliceSource {
  return {
    path, offset: at.offset, size: at.size, align: s.align, arch: s.arch,
    cputype: s.cputype, cpusubtype: s.cpusubtype, filetype: s.header.filetype, platform: s.header.platform,
  };
}

/** Every thin slice of the given files, fat inputs flattened, as planner sources. */
export function toSources(files: readonly MachOFile[]): SliceSource[] {
  return files.flatMap((f) => f.slices.map((s) => sliceSource(f.path, s)));
}

/**
 * lipo -create: merges thin or fat macOS Mach-O inputs into one universal file at `output`.
 * The output's mode is the union of the inputs' permission bits.
 */
export async function createUniversal(opts: { inputs: readonly string[]; output: string }): Promise<FatInfo> {
  if (opts.inputs.length === 0) throw new UserError('lipo -create: no input files; give one or more Mach-O files for macOS');
  if (!opts.output) throw new UserError('lipo -create: no output file; give -output <file>');
  const files: MachOFile[] = [];
  for (const p of opts.inputs) files.push(await readMachO(p));
  const plan = planUniversal(toSources(files));
  const mode = files.reduce((m, f) => m | (f.mode & 0o777), 0);
  await writePlan(plan, opts.output, mode);
  return {
    output: opts.output,
    size: plan.totalSize,
    slices: plan.slices.map((s) => ({ arch: s.arch, offset: s.outOffset, size: s.size, align: s.align, from: s.path })),
  };
}
