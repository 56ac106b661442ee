/**
 * Universal (fat) file layout and writing.
 *
 * layoutFat is pure: it checks the slices (as read.ts reads them) and lays them out exactly as
 * cctools lipo does: a 32-bit big-endian fat_header and fat_arch table, slices sorted (same
 * cputype by subtype, the arm64 family last, the rest by alignment), each slice at the next
 * multiple of its alignment, zero padding between. writeFat streams the bytes into a temp file
 * next to the output and renames it into place.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from '../system/owned-fs.js';
import { UserError } from '../errors.js';
import type { WriteRoot } from '../system/confine.js';
import { writeOut } from './out.js';
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
import type { Slice } from './read.js';

/** A slice with its place in the universal file. */
export interface PlacedSlice extends Slice {
  /** Where the slice goes in the output. */
  outOffset: number;
}

export interface FatLayout {
  /** fat_header + fat_arch table (no padding). */
  header: Buffer;
  slices: PlacedSlice[];
  totalSize: number;
}

const UINT32_MAX = 0xffffffff;

const withArticle = (noun: string) => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

/** cctools cmp_qsort: same cputype by subtype; arm64 after everything else; others by alignment. */
export function compareSlices(a: Slice, b: Slice): number {
  if (a.cputype === b.cputype) return baseSubtype(a.cpusubtype) - baseSubtype(b.cpusubtype);
  if (a.cputype === CPU_TYPE_ARM64) return 1;
  if (b.cputype === CPU_TYPE_ARM64) return -1;
  return a.align - b.align;
}

/**
 * Checks the slices and computes the layout; throws UserError for anything lipo would refuse.
 * Each slice's bytes are `size` bytes at `offset` of its `path`.
 */
export function layoutFat(sources: readonly Slice[]): FatLayout {
  if (sources.length === 0) throw new UserError('lipo -create: no input files; give one or more Mach-O files for macOS');
  for (const s of sources) {
    if (s.header.platform !== undefined && s.header.platform !== PLATFORM_MACOS)
      throw new UserError(
        `${s.path}: ${s.arch} is built for ${platformName(s.header.platform)}, not macOS; universal inputs must be darwin (macOS) builds, e.g. GOOS=darwin`,
      );
    if (s.align > MAXSECTALIGN)
      throw new UserError(`${s.path}: ${s.arch} slice alignment 2^${s.align} is above the maximum 2^${MAXSECTALIGN}; accepted: 2^0..2^15`);
  }
  for (let i = 0; i < sources.length; i++) {
    for (let j = i + 1; j < sources.length; j++) {
      const a = sources[i];
      const b = sources[j];
      if (sameArch(a, b))
        throw new UserError(
          `${b.path}: duplicate architecture ${b.arch} (also in ${a.path}; cpusubtypes compared without capability bits); give each architecture once`,
        );
      if (a.header.filetype !== b.header.filetype)
        throw new UserError(
          `${b.path}: is ${withArticle(filetypeName(b.header.filetype))} but ${a.path} is ${withArticle(filetypeName(a.header.filetype))}; all inputs must have the same Mach-O file type`,
        );
    }
  }
  const sorted = [...sources].sort(compareSlices); // Array.prototype.sort is stable
  let offset = FAT_HEADER_SIZE + sorted.length * FAT_ARCH_SIZE;
  const slices: PlacedSlice[] = [];
  for (const s of sorted) {
    offset = alignUp(offset, s.align);
    if (offset > UINT32_MAX || s.size > UINT32_MAX) {
      const why =
        s.header.filetype === MH_EXECUTE
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
    const buf = bufs[which];
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

/**
 * Streams a laid-out universal file to `output` (temp file + rename, through `root` when given,
 * else a root on its folder: a link at the name is replaced, never followed) with the given mode.
 */
export async function writeFat(layout: FatLayout, output: string, mode: number, root?: WriteRoot): Promise<void> {
  await writeOut(
    output,
    mode,
    async (out) => {
      let pos = 0;
      const zeros = async (until: number) => {
        if (until > pos) await writeAll(out, Buffer.alloc(until - pos), pos);
        pos = until;
      };
      await writeAll(out, layout.header, 0);
      pos = layout.header.length;
      for (const s of layout.slices) {
        await zeros(s.outOffset);
        const src = await open(s.path, 'r');
        try {
          await copyRange(src, s.offset, out, s.outOffset, s.size, s.path);
        } finally {
          await src.close();
        }
        pos = s.outOffset + s.size;
      }
    },
    root,
  );
}
