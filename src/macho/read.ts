/**
 * The one Mach-O reader: thin and fat (universal) headers and the load commands lipo, the signer
 * and the artifact check use (segments, platform from LC_BUILD_VERSION / LC_VERSION_MIN_*, code
 * signature). The parsers are pure (bytes in, structures out) over a ByteSource; readMachO only
 * reads the headers and load commands of each slice from the file, never the whole file.
 */
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from '../system/owned-fs.js';
import { UserError } from '../errors.js';
import {
  FAT_ARCH_64_SIZE,
  FAT_ARCH_SIZE,
  FAT_HEADER_SIZE,
  FAT_MAGIC,
  FAT_MAGIC_64,
  LC_BUILD_VERSION,
  LC_CODE_SIGNATURE,
  LC_SEGMENT,
  LC_SEGMENT_64,
  LC_VERSION_MIN_IPHONEOS,
  LC_VERSION_MIN_MACOSX,
  LC_VERSION_MIN_TVOS,
  LC_VERSION_MIN_WATCHOS,
  MACH_HEADER_64_SIZE,
  MACH_HEADER_SIZE,
  MH_CIGAM,
  MH_CIGAM_64,
  MH_MAGIC,
  MH_MAGIC_64,
  archName,
} from './headers.js';
import { sliceAlignment } from './align.js';

export interface Segment {
  name: string;
  vmaddr: bigint;
  vmsize: bigint;
  fileoff: number;
  filesize: number;
  /** log2 alignment of each section in the segment. */
  sectionAligns: number[];
}

export interface ThinHeader {
  is64: boolean;
  littleEndian: boolean;
  cputype: number;
  cpusubtype: number;
  filetype: number;
  ncmds: number;
  sizeofcmds: number;
  flags: number;
  segments: Segment[];
  /** Platform number from LC_BUILD_VERSION, or mapped from an LC_VERSION_MIN_* command. */
  platform?: number;
  codeSignature?: { dataoff: number; datasize: number };
}

export interface FatArch {
  cputype: number;
  cpusubtype: number;
  offset: number;
  size: number;
  align: number;
}

export interface FatHeader {
  is64: boolean;
  arches: FatArch[];
}

/** One thin Mach-O: where its bytes are and what its header says. */
export interface Slice {
  /** The file the slice's bytes are in (a thin file, or the fat file it is part of). */
  path: string;
  /** Offset of the slice in `path` (0 for a thin file). */
  offset: number;
  size: number;
  /** log2 alignment: from the fat_arch entry in a fat file, computed like lipo for a thin file. */
  align: number;
  arch: string;
  cputype: number;
  cpusubtype: number;
  header: ThinHeader;
}

export interface MachOFile {
  path: string;
  size: number;
  mode: number;
  /** Null for a thin Mach-O file. */
  fat: { is64: boolean } | null;
  slices: Slice[];
}

export type Identified =
  { kind: 'thin' } | { kind: 'fat'; is64: boolean; nfat: number } | { kind: 'java-class'; major: number; minor: number } | { kind: 'other'; what: string };

const ACCEPTED = 'accepted: Mach-O or universal (fat) files built for macOS';

/** Recognises a file from its first 8 bytes, telling fat files from Java class files like file(1). */
export function identify(head: Uint8Array): Identified {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length < 4) return { kind: 'other', what: 'too short' };
  const be = b.readUInt32BE(0);
  const le = b.readUInt32LE(0);
  if (be === MH_MAGIC || be === MH_MAGIC_64 || le === MH_MAGIC || le === MH_MAGIC_64) return { kind: 'thin' };
  if (be === FAT_MAGIC || be === FAT_MAGIC_64) {
    if (b.length < 8) return { kind: 'other', what: 'too short' };
    const n = b.readUInt32BE(4);
    // 0xcafebabe is also a Java class file; there the next word is minor<<16 | major, and
    // major is 45 or more. No real fat file has that many architectures (llvm uses < 43).
    if (be === FAT_MAGIC && n >= 43) return { kind: 'java-class', minor: b.readUInt16BE(4), major: b.readUInt16BE(6) };
    return { kind: 'fat', is64: be === FAT_MAGIC_64, nfat: n };
  }
  if (be === 0x7f454c46) return { kind: 'other', what: 'an ELF file' };
  if (b.subarray(0, 2).toString('latin1') === 'MZ') return { kind: 'other', what: 'a Windows PE file' };
  if (b.subarray(0, 7).toString('latin1') === '!<arch>') return { kind: 'other', what: 'a static archive, not supported' };
  if (b.subarray(0, 2).toString('latin1') === '#!') return { kind: 'other', what: 'a script' };
  if (b.subarray(0, 2).toString('latin1') === 'PK') return { kind: 'other', what: 'a zip archive' };
  return { kind: 'other', what: `starts with ${b.subarray(0, 4).toString('hex')}` };
}

export function describeNotMachO(path: string, id: Identified): UserError {
  if (id.kind === 'java-class') return new UserError(`${path}: is a Java class file (class version ${id.major}.${id.minor}), not Mach-O; ${ACCEPTED}`);
  const what = id.kind === 'other' ? id.what : id.kind;
  return new UserError(`${path}: not a Mach-O file (${what}); ${ACCEPTED}`);
}

/** Parses a fat header and its arch table. `buf` must hold the whole table. */
export function parseFatHeader(buf: Buffer, path: string, fileSize: number): FatHeader {
  const magic = buf.readUInt32BE(0);
  const is64 = magic === FAT_MAGIC_64;
  const n = buf.readUInt32BE(4);
  if (n === 0) throw new UserError(`${path}: universal file has no architectures; ${ACCEPTED}`);
  const entry = is64 ? FAT_ARCH_64_SIZE : FAT_ARCH_SIZE;
  const tableEnd = FAT_HEADER_SIZE + n * entry;
  if (buf.length < tableEnd || tableEnd > fileSize)
    throw new UserError(`${path}: truncated universal file (arch table of ${n} entries does not fit); ${ACCEPTED}`);
  const arches: FatArch[] = [];
  for (let i = 0; i < n; i++) {
    const o = FAT_HEADER_SIZE + i * entry;
    const cputype = buf.readUInt32BE(o);
    const cpusubtype = buf.readUInt32BE(o + 4);
    const offset = is64 ? Number(buf.readBigUInt64BE(o + 8)) : buf.readUInt32BE(o + 8);
    const size = is64 ? Number(buf.readBigUInt64BE(o + 16)) : buf.readUInt32BE(o + 12);
    const align = buf.readUInt32BE(is64 ? o + 24 : o + 16);
    if (offset < tableEnd || offset + size > fileSize)
      throw new UserError(
        `${path}: universal file is truncated or malformed (${archName(cputype, cpusubtype)} slice at ${offset}+${size} lies outside 0..${fileSize}); ${ACCEPTED}`,
      );
    arches.push({ cputype, cpusubtype, offset, size, align });
  }
  return { is64, arches };
}

/** Bytes needed to parse a thin header and all load commands, from the first 32 bytes. */
export function thinHeaderLength(head: Buffer): number {
  const be = head.readUInt32BE(0);
  const le = be === MH_CIGAM || be === MH_CIGAM_64;
  const is64 = be === MH_MAGIC_64 || be === MH_CIGAM_64;
  const sizeofcmds = le ? head.readUInt32LE(20) : head.readUInt32BE(20);
  return (is64 ? MACH_HEADER_64_SIZE : MACH_HEADER_SIZE) + sizeofcmds;
}

const MIN_VERSION_PLATFORM: Readonly<Record<number, number>> = {
  [LC_VERSION_MIN_MACOSX]: 1,
  [LC_VERSION_MIN_IPHONEOS]: 2,
  [LC_VERSION_MIN_TVOS]: 3,
  [LC_VERSION_MIN_WATCHOS]: 4,
};

/**
 * Parses a thin Mach-O header and the load commands lipo cares about. `buf` holds the header and
 * load commands; `sliceSize` is the size of the whole slice, for bounds checks.
 */
export function parseThinHeader(buf: Buffer, path: string, sliceSize: number): ThinHeader {
  if (buf.length < MACH_HEADER_SIZE) throw new UserError(`${path}: truncated Mach-O header; ${ACCEPTED}`);
  const magicBE = buf.readUInt32BE(0);
  const littleEndian = magicBE === MH_CIGAM || magicBE === MH_CIGAM_64;
  const is64 = magicBE === MH_MAGIC_64 || magicBE === MH_CIGAM_64;
  if (!littleEndian && magicBE !== MH_MAGIC && magicBE !== MH_MAGIC_64)
    throw new UserError(`${path}: not a Mach-O file (starts with ${buf.subarray(0, 4).toString('hex')}); ${ACCEPTED}`);
  const u32 = (o: number) => (littleEndian ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const u64 = (o: number) => (littleEndian ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o));
  const headerSize = is64 ? MACH_HEADER_64_SIZE : MACH_HEADER_SIZE;
  const h: ThinHeader = {
    is64,
    littleEndian,
    cputype: u32(4),
    cpusubtype: u32(8),
    filetype: u32(12),
    ncmds: u32(16),
    sizeofcmds: u32(20),
    flags: u32(24),
    segments: [],
  };
  const cmdsEnd = headerSize + h.sizeofcmds;
  if (cmdsEnd > sliceSize || cmdsEnd > buf.length)
    throw new UserError(`${path}: truncated or malformed Mach-O (load commands extend past the end of the file); ${ACCEPTED}`);
  let o = headerSize;
  for (let i = 0; i < h.ncmds; i++) {
    if (o + 8 > cmdsEnd) throw new UserError(`${path}: malformed Mach-O (load command ${i} extends past sizeofcmds); ${ACCEPTED}`);
    const cmd = u32(o);
    const cmdsize = u32(o + 4);
    if (cmdsize < 8 || cmdsize % 4 !== 0 || o + cmdsize > cmdsEnd)
      throw new UserError(`${path}: malformed Mach-O (load command ${i} has size ${cmdsize}); ${ACCEPTED}`);
    if (cmd === LC_SEGMENT_64 || cmd === LC_SEGMENT) {
      const wide = cmd === LC_SEGMENT_64;
      const name = buf
        .subarray(o + 8, o + 24)
        .toString('latin1')
        .replace(/\0.*$/s, '');
      const seg: Segment = wide
        ? { name, vmaddr: u64(o + 24), vmsize: u64(o + 32), fileoff: Number(u64(o + 40)), filesize: Number(u64(o + 48)), sectionAligns: [] }
        : { name, vmaddr: BigInt(u32(o + 24)), vmsize: BigInt(u32(o + 28)), fileoff: u32(o + 32), filesize: u32(o + 36), sectionAligns: [] };
      const nsects = u32(o + (wide ? 64 : 48));
      const sectSize = wide ? 80 : 68;
      const first = o + (wide ? 72 : 56);
      if (first + nsects * sectSize > o + cmdsize) throw new UserError(`${path}: malformed Mach-O (segment ${name} has more sections than fit); ${ACCEPTED}`);
      for (let s = 0; s < nsects; s++) seg.sectionAligns.push(u32(first + s * sectSize + (wide ? 52 : 44)));
      if (seg.fileoff + seg.filesize > sliceSize)
        throw new UserError(`${path}: truncated Mach-O (segment ${name} extends past the end of the file); ${ACCEPTED}`);
      h.segments.push(seg);
    } else if (cmd === LC_BUILD_VERSION) {
      h.platform = u32(o + 8);
    } else if (cmd in MIN_VERSION_PLATFORM && h.platform === undefined) {
      h.platform = MIN_VERSION_PLATFORM[cmd];
    } else if (cmd === LC_CODE_SIGNATURE) {
      h.codeSignature = { dataoff: u32(o + 8), datasize: u32(o + 12) };
    }
    o += cmdsize;
  }
  return h;
}

/** Random access to a file's bytes: a buffer in memory, or an open file read piece by piece. */
export interface ByteSource {
  size: number;
  /** Up to `length` bytes at `position`; fewer only at the end of the source. */
  read(position: number, length: number): Buffer;
}

/** A ByteSource over bytes in memory (a whole file, or a member of an archive). */
export function bufferSource(buf: Buffer): ByteSource {
  return { size: buf.length, read: (position, length) => buf.subarray(position, Math.min(buf.length, position + length)) };
}

function fileSource(fh: FileHandle, size: number): ByteSource {
  return {
    size,
    read(position, length) {
      const buf = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const bytesRead = readSync(fh.fd, buf, got, length - got, position + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    },
  };
}

function readSlice(src: ByteSource, path: string, offset: number, size: number): ThinHeader {
  const head = src.read(offset, Math.min(size, MACH_HEADER_64_SIZE));
  const id = identify(head);
  if (id.kind !== 'thin') {
    if (id.kind === 'fat') throw new UserError(`${path}: universal file nested inside a universal file; ${ACCEPTED}`);
    throw describeNotMachO(path, id);
  }
  if (head.length < MACH_HEADER_SIZE) throw new UserError(`${path}: truncated Mach-O header; ${ACCEPTED}`);
  const need = thinHeaderLength(head);
  if (need > size) throw new UserError(`${path}: truncated or malformed Mach-O (load commands extend past the end of the file); ${ACCEPTED}`);
  return parseThinHeader(src.read(offset, need), path, size);
}

/**
 * Parses the headers of a thin or fat Mach-O (not the slices' contents) from `src`; `path` names
 * it in errors and becomes each slice's path. Throws UserError for anything that is not a
 * well-formed Mach-O or universal file.
 */
export function parseMachO(src: ByteSource, path: string): Pick<MachOFile, 'fat' | 'slices'> {
  const head = src.read(0, 8);
  const id = identify(head);
  if (id.kind === 'thin') {
    const header = readSlice(src, path, 0, src.size);
    const slice: Slice = {
      path,
      offset: 0,
      size: src.size,
      align: sliceAlignment(header),
      arch: archName(header.cputype, header.cpusubtype),
      cputype: header.cputype,
      cpusubtype: header.cpusubtype,
      header,
    };
    return { fat: null, slices: [slice] };
  }
  if (id.kind !== 'fat') throw describeNotMachO(path, id);
  const entry = id.is64 ? FAT_ARCH_64_SIZE : FAT_ARCH_SIZE;
  if (FAT_HEADER_SIZE + id.nfat * entry > src.size)
    throw new UserError(`${path}: truncated universal file (arch table of ${id.nfat} entries does not fit); ${ACCEPTED}`);
  const fat = parseFatHeader(src.read(0, FAT_HEADER_SIZE + id.nfat * entry), path, src.size);
  const slices: Slice[] = [];
  for (const a of fat.arches) {
    const where = `${path} (${archName(a.cputype, a.cpusubtype)} slice)`;
    const header = readSlice(src, where, a.offset, a.size);
    if (header.cputype !== a.cputype || ((header.cpusubtype ^ a.cpusubtype) & 0x00ffffff) !== 0)
      throw new UserError(
        `${where}: fat_arch says ${archName(a.cputype, a.cpusubtype)} but the slice is ${archName(header.cputype, header.cpusubtype)}; ${ACCEPTED}`,
      );
    slices.push({
      path,
      offset: a.offset,
      size: a.size,
      align: a.align,
      arch: archName(a.cputype, a.cpusubtype),
      cputype: a.cputype,
      cpusubtype: a.cpusubtype,
      header,
    });
  }
  return { fat: { is64: fat.is64 }, slices };
}

/** Reads the headers of a thin or fat Mach-O file (not the slices' contents). */
export async function readMachO(path: string): Promise<MachOFile> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: cannot open (${code ?? String(err)}); give an existing Mach-O or universal file`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new UserError(`${path}: not a regular file; ${ACCEPTED}`);
    return { path, size: st.size, mode: st.mode, ...parseMachO(fileSource(fh, st.size), path) };
  } finally {
    await fh.close();
  }
}

/** lipo -info / -archs: the architecture names, in file order. */
export async function info(path: string): Promise<{ fat: boolean; archs: string[] }> {
  const f = await readMachO(path);
  return { fat: f.fat !== null, archs: f.slices.map((s) => s.arch) };
}
