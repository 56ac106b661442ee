/**
 * Reading a universal file back and checking it: header kind, alignments, bounds, overlaps,
 * duplicate architectures, that each slice parses as Mach-O, and that code signatures hold.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from '../system/owned-fs.js';
import { UserError } from '../errors.js';
import { MAXSECTALIGN, MH_EXECUTE, sameArch } from './headers.js';
import { sliceAlignment } from './align.js';
import { readMachO, type MachOFile } from './read.js';
import { verifySliceSignature, type SignatureReport } from './codesign.js';
import { findSlice } from './thin.js';

export interface SliceReport {
  arch: string;
  offset: number;
  size: number;
  /** log2 alignment recorded in the fat_arch entry. */
  align: number;
  /** log2 alignment lipo would compute for this slice. */
  expectedAlign: number;
  signature: SignatureReport;
}

export interface VerifyReport {
  path: string;
  fat: boolean;
  fat64: boolean;
  slices: SliceReport[];
  problems: string[];
  ok: boolean;
}

function readerFor(fh: FileHandle, base: number) {
  return async (position: number, length: number): Promise<Buffer> => {
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await fh.read(buf, got, length - got, base + position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  };
}

/** Pure checks on the parsed layout (no signature hashing). */
export function checkLayout(file: MachOFile): string[] {
  const problems: string[] = [];
  if (!file.fat) {
    problems.push(`${file.path}: not a universal file (thin ${file.slices[0]?.arch})`);
    return problems;
  }
  if (file.fat.is64 && file.slices.some((s) => s.header.filetype === MH_EXECUTE))
    problems.push(`${file.path}: executable with a fat64 header; macOS does not load fat64 executables`);
  const bySpot = [...file.slices].sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < bySpot.length; i++) {
    const s = bySpot[i];
    const expected = sliceAlignment(s.header);
    if (s.align > MAXSECTALIGN) problems.push(`${s.arch}: alignment 2^${s.align} is above 2^${MAXSECTALIGN}`);
    if (s.offset % 2 ** s.align !== 0) problems.push(`${s.arch}: offset ${s.offset} is not a multiple of its alignment 2^${s.align}`);
    if (s.offset % 2 ** expected !== 0) problems.push(`${s.arch}: offset ${s.offset} is not page aligned (2^${expected})`);
    if (s.offset + s.size > file.size) problems.push(`${s.arch}: slice ends at ${s.offset + s.size}, past the file end ${file.size}`);
    if (!file.fat.is64 && (s.offset > 0xffffffff || s.size > 0xffffffff)) problems.push(`${s.arch}: offset or size does not fit 32 bits`);
    const next = bySpot.at(i + 1);
    if (next && s.offset + s.size > next.offset) problems.push(`${s.arch}: slice overlaps the ${next.arch} slice`);
    for (const other of file.slices) if (other !== s && other.offset > s.offset && sameArch(other, s)) problems.push(`${s.arch}: architecture appears twice`);
  }
  const types = new Set(file.slices.map((s) => s.header.filetype));
  if (types.size > 1) problems.push(`slices have different Mach-O file types`);
  return problems;
}

/**
 * Reads a universal file back and checks it, including every slice's code signature.
 * Never throws for a bad file: problems are listed and `ok` is false.
 */
export async function verifyUniversal(path: string): Promise<VerifyReport> {
  let file: MachOFile;
  try {
    file = await readMachO(path);
  } catch (err) {
    if (err instanceof UserError) return { path, fat: false, fat64: false, slices: [], problems: [err.message], ok: false };
    throw err;
  }
  const problems = checkLayout(file);
  const slices: SliceReport[] = [];
  const fh = await open(path, 'r');
  try {
    for (const s of file.slices) {
      const signature = await verifySliceSignature(s.header, s.size, readerFor(fh, s.offset));
      for (const p of signature.problems) problems.push(`${s.arch}: code signature: ${p}`);
      slices.push({ arch: s.arch, offset: s.offset, size: s.size, align: s.align, expectedAlign: sliceAlignment(s.header), signature });
    }
  } finally {
    await fh.close();
  }
  return { path, fat: file.fat !== null, fat64: file.fat?.is64 ?? false, slices, problems, ok: problems.length === 0 };
}

/** lipo -verify_arch: true when the file (thin or fat) contains every named architecture. */
export async function verifyArch(path: string, archs: readonly string[]): Promise<boolean> {
  const file = await readMachO(path);
  return archs.every((a) => findSlice(file, a) !== undefined);
}
