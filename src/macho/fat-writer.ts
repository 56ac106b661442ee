/**
 * Universal (fat) file layout and writing.
 *
 * planUniversal is pure: it checks the slices and lays them out exactly as cctools lipo does:
 * a 32-bit big-endian fat_header and fat_arch table, slices sorted (same cputype by subtype,
 * the arm64 family last, the rest by alignment), each slice at the next multiple of its
 * alignment, zero padding between. writePlan streams the bytes into a temp file next to the
 * output and renames it into place.
 */
import { open, rename, unlink, chmod, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';
import {
  CPU_TYPE_ARM64,
  FAT_ARCH_SIZE,
  FAT_HEADER_SIZE,
  FAT_MAGIC,
  MAXSECTALIGN,
  MH_EXECUTE,
  PLATFORM_MACOS,
  baseSubtype,
  filetypeName,
  platformName,
  sameArch,
} from './headers.js';
import { alignUp } from './align.js';

/** One thin slice to place in a universal file: where its bytes are and what it is. */
export interface SliceSource {
  /** The file the bytes come from (a thin file, or a fat file the slice is taken out of). */
  path: string;
  /** Offset and size of the slice's bytes in `path`. */
  offset: number;
  size: number;
  /** log2 alignment. */
  align: number;
  arch: string;
  cputype: number;
  cpusubtype: number;
  filetype: number;
  platform?: number;
}

export interface PlannedSlice extends SliceSource {
  /** Where the slice goes in the output. */
  outOffset: number;
}

export interface FatPlan {
  /** fat_header + fat_arch table (no padding). */
  header: Buffer;
  slices: PlannedSlice[];
  totalSize: number;
}

const UINT32_MAX = 0xffffffff;

const withArticle = (noun: string) => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

/** cctools cmp_qsort: same cputype by subtype; arm64 after everything else; others by alignment. */
export function compareSlices(a: SliceSource, b: SliceSource): number {
  if (a.cputype === b.cputype) return baseSubtype(a.cpusubtype) - baseSubtype(b.cpusubtype);
  if (a.cputype === CPU_TYPE_ARM64) return 1;
  if (b.cputype === CPU_TYPE_ARM64) return -1;
  return a.align - b.align;
}

/** Checks the slices and computes the layout; throws UserError for anything lipo would refuse. */
export function planUniversal(sources: readonly SliceSource[]): FatPlan {
  if (sources.length === 0) throw new UserError('lipo -create: no input files; give one or more Mach-O files for macOS');
  for (const s of sources) {
    if (s.platform !== undefined && s.platform !== PLATFORM_MACOS)
      throw new UserError(
        `${s.path}: ${s.arch} is built for ${platformName(s.platform)}, not macOS; universal inputs must be darwin (macOS) builds, e.g. GOOS=darwin`,
      );
    if (s.align > MAXSECTALIGN)
      throw new UserError(`${s.path}: ${s.arch} slice alignment 2^${s.align} is above the maximum 2^${MAXSECTALIGN}; accepted: 2^0..2^15`);
  }
  for (let i = 0; i < sources.length; i++) {
    for (let j = i + 1; j < sources.length; j++) {
      const a = sources[i]!;
      const b = sources[j]!;
      if (sameArch(a, b))
        throw new UserError(
          `${b.path}: duplicate architecture ${b.arch} (also in ${a.path}; cpusubtypes compared without capability bits); give each architecture once`,
        );
      if (a.filetype !== b.filetype)
        throw new UserError(
          `${b.path}: is ${withArticle(filetypeName(b.filetype))} but ${a.path} is ${withArticle(filetypeName(a.filetype))}; all inputs must have the same Mach-O file type`,
        );
    }
  }
  const sorted = [...sources].sort(compareSlices); // Array.prototype.sort is stable
  let offset = FAT_HEADER_SIZE + sorted.length * FAT_ARCH_SIZE;
  const slices: PlannedSlice[] = [];
  for (const s of sorted) {
    offset = alignUp(offset, s.align);
    if (offset > UINT32_MAX || s.size > UINT32_MAX) {
      const why =
        s.filetype === MH_EXECUTE
          ? 'a fat64 header would be needed, and macOS cannot load fat64 executables'
          : 'a fat64 header would be needed, which this writer does not produce';
      throw new UserError(
        `${s.path}: ${s.arch} slice (${s.size} bytes at offset ${offset}) does not fit the 32-bit fat header; ${why}; keep the universal file under 4 GiB`,
      );
    }
    slices.push({ ...s, outOffset: offset });
    offset += s.size;
  }
  const header = Buffer.alloc(FAT_HEADER_SIZE + slices.length * FAT_ARCH_SIZE);
  header.writeUInt32BE(FAT_MAGIC, 0);
  header.writeUInt32BE(slices.length, 4);
  slices.forEach((s, i) => {
    const o = FAT_HEADER_SIZE + i * FAT_ARCH_SIZE;
    header.writeUInt32BE(s.cputype >>> 0, o);
    header.writeUInt32BE(s.cpusubtype >>> 0, o + 4);
    header.writeUInt32BE(s.outOffset, o + 8);
    header.writeUInt32BE(s.size, o + 12);
    header.writeUInt32BE(s.align, o + 16);
  });
  return { header, slices, totalSize: offset };
}

const CHUNK = 1 << 20;

async function writeAll(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
    done += bytesWritten;
  }
}

/**
 * Copies `size` bytes from `src` at `srcOffset` to `dst` at `dstOffset`, 1 MiB at a time, reading
 * the next chunk while the previous one is written.
 */
export async function copyRange(src: FileHandle, srcOffset: number, dst: FileHandle, dstOffset: number, size: number, what: string): Promise<void> {
  const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
  let pos = 0;
  let pendingWrite: Promise<void> = Promise.resolve();
  let which = 0;
  while (pos < size) {
    const buf = bufs[which]!;
    const want = Math.min(CHUNK, size - pos);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await src.read(buf, got, want - got, srcOffset + pos + got);
      if (bytesRead === 0) throw new UserError(`${what}: file shrank while being copied; do not change inputs during lipo`);
      got += bytesRead;
    }
    await pendingWrite;
    pendingWrite = writeAll(dst, buf.subarray(0, want), dstOffset + pos);
    pos += want;
    which ^= 1;
  }
  await pendingWrite;
}

/** Writes `produce`'s output to a temp file in the output's folder, then renames it into place. */
export async function writeAtomically(output: string, mode: number, produce: (fh: FileHandle) => Promise<void>): Promise<void> {
  const temp = join(dirname(output), `.${basename(output)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fh: FileHandle;
  try {
    fh = await open(temp, 'wx', 0o600);
  } catch (err) {
    throw new UserError(`${output}: cannot create output (${(err as NodeJS.ErrnoException).code ?? String(err)}); give a path in a writable folder`);
  }
  try {
    try {
      await produce(fh);
    } finally {
      await fh.close();
    }
    await chmod(temp, mode & 0o777);
    await rename(temp, output);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/** Streams a planned universal file to `output` (temp file + rename) with the given mode. */
export async function writePlan(plan: FatPlan, output: string, mode: number): Promise<void> {
  await writeAtomically(output, mode, async (out) => {
    let pos = 0;
    const zeros = async (until: number) => {
      if (until > pos) await writeAll(out, Buffer.alloc(until - pos), pos);
      pos = until;
    };
    await writeAll(out, plan.header, 0);
    pos = plan.header.length;
    for (const s of plan.slices) {
      await zeros(s.outOffset);
      const src = await open(s.path, 'r');
      try {
        await copyRange(src, s.offset, out, s.outOffset, s.size, s.path);
      } finally {
        await src.close();
      }
      pos = s.outOffset + s.size;
    }
  });
}
