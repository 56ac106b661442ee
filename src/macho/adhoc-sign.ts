/**
 * Ad hoc code signing of Mach-O files, as Apple's codesign -s - does, on any host.
 *
 * Per thin slice: the embedded signature is a SuperBlob (CSMAGIC_EMBEDDED_SIGNATURE) holding
 * - slot 0: a CodeDirectory v0x20400 (SHA-256, 4096-byte pages, flags CS_ADHOC, the identifier,
 *   exec segment = __TEXT, special slots 1 Info.plist, 2 requirements, 3 CodeResources);
 * - slot 2: the internal requirements, an empty requirement set (what codesign writes ad hoc);
 * - slot 0x10000: a CMS signature blob, only when one is given (Developer ID, not made here).
 * Layouts follow xnu's cs_blobs.h and Go's cmd/internal/codesign. An existing signature (Go's
 * linker signs darwin/arm64) is replaced: the slice is cut at its dataoff. An unsigned slice
 * (darwin/amd64) gets an LC_CODE_SIGNATURE load command in the header padding, and its
 * signature at the end of __LINKEDIT (16-byte aligned). LC_CODE_SIGNATURE's datasize and
 * __LINKEDIT's filesize/vmsize are updated to cover the new signature. Universal files are
 * signed slice by slice and re-laid with the lipo writer.
 */
import { createHash } from 'node:crypto';
import { lstat, readFile, stat } from 'node:fs/promises';
import { open, mkdtemp, rm, writeFile } from '../system/owned-fs.js';
import type { WriteRoot } from '../system/confine.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { CPU_TYPE_ARM64, LC_CODE_SIGNATURE, LC_SEGMENT_64, MACH_HEADER_64_SIZE, MH_EXECUTE, MH_MAGIC_64 } from './headers.js';
import { readMachO, type Slice } from './read.js';
import { layoutFat, writeFat } from './fat-writer.js';
import { writeOut } from './out.js';
import { CSMAGIC_CODEDIRECTORY, CSMAGIC_EMBEDDED_SIGNATURE, CS_ADHOC, CSSLOT_CODEDIRECTORY, CSSLOT_SIGNATURESLOT } from './codesign.js';

export const CSMAGIC_REQUIREMENTS = 0xfade0c01;
export const CSMAGIC_BLOBWRAPPER = 0xfade0b01;
export const CSSLOT_INFOSLOT = 1;
export const CSSLOT_REQUIREMENTS = 2;
export const CSSLOT_RESOURCEDIR = 3;
export const CS_HASHTYPE_SHA256 = 2;
export const CS_EXECSEG_MAIN_BINARY = 0x1;
export const CD_VERSION = 0x20400;
export const CD_HEADER_SIZE = 88;
export const PAGE_SIZE_LOG2 = 12;
export const PAGE_SIZE = 1 << PAGE_SIZE_LOG2;
const HASH_SIZE = 32;

/** The empty internal requirement set codesign writes for ad hoc signatures (12 bytes). */
export function emptyRequirements(): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(CSMAGIC_REQUIREMENTS, 0);
  b.writeUInt32BE(12, 4);
  b.writeUInt32BE(0, 8);
  return b;
}

/** Wraps DER CMS bytes as the BlobWrapper codesign stores in slot 0x10000. */
export function cmsBlob(der: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(CSMAGIC_BLOBWRAPPER, 0);
  head.writeUInt32BE(8 + der.length, 4);
  return Buffer.concat([head, der]);
}

/** A SuperBlob of (slot type, blob) entries, index sorted by type. */
export function buildSuperBlob(entries: ReadonlyArray<{ type: number; blob: Buffer }>): Buffer {
  const sorted = [...entries].sort((a, b) => a.type - b.type);
  const headLen = 12 + 8 * sorted.length;
  const total = headLen + sorted.reduce((n, e) => n + e.blob.length, 0);
  const head = Buffer.alloc(headLen);
  head.writeUInt32BE(CSMAGIC_EMBEDDED_SIGNATURE, 0);
  head.writeUInt32BE(total, 4);
  head.writeUInt32BE(sorted.length, 8);
  let off = headLen;
  sorted.forEach((e, i) => {
    head.writeUInt32BE(e.type >>> 0, 12 + i * 8);
    head.writeUInt32BE(off, 16 + i * 8);
    off += e.blob.length;
  });
  return Buffer.concat([head, ...sorted.map((e) => e.blob)]);
}

export interface SignOptions {
  /** CodeDirectory identifier: the bundle ID for a bundle's main executable, else the file name. */
  identifier: string;
  /** Raw Info.plist bytes, bound in special slot 1. */
  infoPlist?: Buffer;
  /** Raw _CodeSignature/CodeResources bytes, bound in special slot 3. */
  codeResources?: Buffer;
  /** Internal requirements blob; default: the empty set. */
  requirements?: Buffer;
  /**
   * Produces the CMS signature over the CodeDirectory (Developer ID). Not implemented here; the
   * hook exists so the SuperBlob gets a 0x10000 slot later. Returns DER bytes.
   */
  cms?: (codeDirectory: Buffer) => Buffer;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest();

/** Number of special slots and the hashes for slots 1..n (index 0 = slot 1). */
function specialSlots(opts: SignOptions, requirements: Buffer): Buffer[] {
  const zero = Buffer.alloc(HASH_SIZE);
  const slots = [opts.infoPlist ? sha256(opts.infoPlist) : zero, sha256(requirements), opts.codeResources ? sha256(opts.codeResources) : zero];
  return opts.codeResources ? slots : slots.slice(0, 2);
}

function codeDirectorySize(identifier: string, nSpecial: number, nCode: number): number {
  return CD_HEADER_SIZE + Buffer.byteLength(identifier) + 1 + (nSpecial + nCode) * HASH_SIZE;
}

/** Builds a CodeDirectory over `code` (the slice bytes up to the signature). */
export function buildCodeDirectory(
  code: Buffer,
  opts: SignOptions & { special: Buffer[]; execSegBase: number; execSegLimit: number; isMain: boolean },
): Buffer {
  const nCode = Math.ceil(code.length / PAGE_SIZE);
  const ident = Buffer.from(`${opts.identifier}\0`, 'utf8');
  const nSpecial = opts.special.length;
  const hashOffset = CD_HEADER_SIZE + ident.length + nSpecial * HASH_SIZE;
  const size = codeDirectorySize(opts.identifier, nSpecial, nCode);
  const cd = Buffer.alloc(size);
  cd.writeUInt32BE(CSMAGIC_CODEDIRECTORY, 0);
  cd.writeUInt32BE(size, 4);
  cd.writeUInt32BE(CD_VERSION, 8);
  cd.writeUInt32BE(CS_ADHOC, 12);
  cd.writeUInt32BE(hashOffset, 16);
  cd.writeUInt32BE(CD_HEADER_SIZE, 20); // identOffset
  cd.writeUInt32BE(nSpecial, 24);
  cd.writeUInt32BE(nCode, 28);
  cd.writeUInt32BE(code.length, 32); // codeLimit
  cd.writeUInt8(HASH_SIZE, 36);
  cd.writeUInt8(CS_HASHTYPE_SHA256, 37);
  cd.writeUInt8(0, 38); // platform
  cd.writeUInt8(PAGE_SIZE_LOG2, 39);
  // 40 spare2, 44 scatterOffset, 48 teamOffset, 52 spare3, 56 codeLimit64: all 0
  cd.writeBigUInt64BE(BigInt(opts.execSegBase), 64);
  cd.writeBigUInt64BE(BigInt(opts.execSegLimit), 72);
  cd.writeBigUInt64BE(BigInt(opts.isMain ? CS_EXECSEG_MAIN_BINARY : 0), 80);
  ident.copy(cd, CD_HEADER_SIZE);
  opts.special.forEach((h, i) => h.copy(cd, hashOffset - (i + 1) * HASH_SIZE));
  for (let p = 0; p < nCode; p++) sha256(code.subarray(p * PAGE_SIZE, Math.min(code.length, (p + 1) * PAGE_SIZE))).copy(cd, hashOffset + p * HASH_SIZE);
  return cd;
}

/** The cdhash: the CodeDirectory's SHA-256, truncated to 20 bytes. */
export function cdhash(codeDirectory: Buffer): Buffer {
  return sha256(codeDirectory).subarray(0, 20);
}

interface LoadCommands {
  ncmds: number;
  sizeofcmds: number;
  filetype: number;
  cputype: number;
  codeSig?: { at: number; dataoff: number; datasize: number };
  linkedit?: { at: number; fileoff: number; filesize: number; vmsize: bigint };
  text?: { fileoff: number; filesize: number };
  /** Lowest file offset of any section with contents (end of the header padding). */
  firstSectionOffset: number;
}

function readLoadCommands(b: Buffer, what: string): LoadCommands {
  if (b.length < MACH_HEADER_64_SIZE || b.readUInt32LE(0) !== MH_MAGIC_64)
    throw new UserError(`${what}: not a little-endian 64-bit Mach-O slice; the ad hoc signer handles x86_64 and arm64 macOS binaries`);
  const lc: LoadCommands = {
    cputype: b.readUInt32LE(4),
    filetype: b.readUInt32LE(12),
    ncmds: b.readUInt32LE(16),
    sizeofcmds: b.readUInt32LE(20),
    firstSectionOffset: b.length,
  };
  const end = MACH_HEADER_64_SIZE + lc.sizeofcmds;
  if (end > b.length) throw new UserError(`${what}: load commands extend past the end of the file`);
  let o = MACH_HEADER_64_SIZE;
  for (let i = 0; i < lc.ncmds; i++) {
    const cmd = b.readUInt32LE(o);
    const size = b.readUInt32LE(o + 4);
    if (size < 8 || o + size > end) throw new UserError(`${what}: malformed load command ${i}`);
    if (cmd === LC_CODE_SIGNATURE) lc.codeSig = { at: o, dataoff: b.readUInt32LE(o + 8), datasize: b.readUInt32LE(o + 12) };
    if (cmd === LC_SEGMENT_64) {
      const name = b
        .subarray(o + 8, o + 24)
        .toString('latin1')
        .replace(/\0.*$/s, '');
      const fileoff = Number(b.readBigUInt64LE(o + 40));
      const filesize = Number(b.readBigUInt64LE(o + 48));
      if (name === '__LINKEDIT') lc.linkedit = { at: o, fileoff, filesize, vmsize: b.readBigUInt64LE(o + 32) };
      if (name === '__TEXT') lc.text = { fileoff, filesize };
      const nsects = b.readUInt32LE(o + 64);
      for (let s = 0; s < nsects; s++) {
        const so = o + 72 + s * 80;
        const offset = b.readUInt32LE(so + 48);
        const flags = b.readUInt32LE(so + 64);
        const zerofill = (flags & 0xff) === 0x1 || (flags & 0xff) === 0xc || (flags & 0xff) === 0x12;
        if (offset > 0 && !zerofill && offset < lc.firstSectionOffset) lc.firstSectionOffset = offset;
      }
    }
    o += size;
  }
  return lc;
}

export interface SignedSlice {
  bytes: Buffer;
  codeDirectory: Buffer;
  cdhash: Buffer;
}

/** Signs one thin 64-bit little-endian Mach-O slice; returns the new slice bytes. */
export function signThin(slice: Buffer, opts: SignOptions, what = 'Mach-O'): SignedSlice {
  const lc = readLoadCommands(slice, what);
  if (!lc.linkedit) throw new UserError(`${what}: has no __LINKEDIT segment; cannot place a code signature`);
  if (!lc.text) throw new UserError(`${what}: has no __TEXT segment`);
  const linkeditEnd = lc.linkedit.fileoff + lc.linkedit.filesize;
  let codeLimit: number;
  let lcAt: number;
  let header = slice;
  if (lc.codeSig) {
    codeLimit = lc.codeSig.dataoff;
    if (codeLimit < lc.linkedit.fileoff || codeLimit > slice.length || lc.codeSig.dataoff + lc.codeSig.datasize > linkeditEnd)
      throw new UserError(`${what}: its code signature does not lie at the end of __LINKEDIT; re-link it`);
    lcAt = lc.codeSig.at;
  } else {
    if (slice.length > linkeditEnd) throw new UserError(`${what}: has ${slice.length - linkeditEnd} bytes after __LINKEDIT; re-link it`);
    lcAt = MACH_HEADER_64_SIZE + lc.sizeofcmds;
    if (lcAt + 16 > lc.firstSectionOffset || slice.subarray(lcAt, lcAt + 16).some((x) => x !== 0))
      throw new UserError(`${what}: no room after the load commands for LC_CODE_SIGNATURE; link with -headerpad or sign it with codesign`);
    codeLimit = Math.ceil(linkeditEnd / 16) * 16;
    header = Buffer.from(slice.subarray(0, lc.firstSectionOffset));
    header.writeUInt32LE(lc.ncmds + 1, 16);
    header.writeUInt32LE(lc.sizeofcmds + 16, 20);
    header.writeUInt32LE(LC_CODE_SIGNATURE, lcAt);
    header.writeUInt32LE(16, lcAt + 4);
  }
  if (codeLimit > 0xffffffff) throw new UserError(`${what}: too large to sign (over 4 GiB)`);
  const requirements = opts.requirements ?? emptyRequirements();
  const special = specialSlots(opts, requirements);
  const nCode = Math.ceil(codeLimit / PAGE_SIZE);
  const cdSize = codeDirectorySize(opts.identifier, special.length, nCode);
  // The CMS blob's size is only known once it exists; without one the size is exact.
  const probeCms = opts.cms ? cmsBlob(opts.cms(Buffer.alloc(cdSize))).length : 0;
  const sigLen = 12 + 8 * (opts.cms ? 3 : 2) + cdSize + requirements.length + probeCms;
  const datasize = Math.ceil(sigLen / 16) * 16;
  const out = Buffer.alloc(codeLimit + datasize);
  slice.copy(out, 0, 0, Math.min(slice.length, codeLimit));
  header.copy(out, 0, 0, Math.min(header.length, codeLimit));
  out.writeUInt32LE(codeLimit, lcAt + 8);
  out.writeUInt32LE(datasize, lcAt + 12);
  const filesize = codeLimit + datasize - lc.linkedit.fileoff;
  out.writeBigUInt64LE(BigInt(filesize), lc.linkedit.at + 48);
  const page = lc.cputype === CPU_TYPE_ARM64 ? 1 << 14 : 1 << 12; // the kernel's page size for the arch
  const vmsize = BigInt(Math.ceil(filesize / page) * page);
  out.writeBigUInt64LE(vmsize > lc.linkedit.vmsize ? vmsize : lc.linkedit.vmsize, lc.linkedit.at + 32);
  const code = out.subarray(0, codeLimit);
  const cd = buildCodeDirectory(code, {
    ...opts,
    special,
    execSegBase: lc.text.fileoff,
    execSegLimit: lc.text.filesize,
    isMain: lc.filetype === MH_EXECUTE,
  });
  const entries = [
    { type: CSSLOT_CODEDIRECTORY, blob: cd },
    { type: CSSLOT_REQUIREMENTS, blob: requirements },
  ];
  if (opts.cms) entries.push({ type: CSSLOT_SIGNATURESLOT, blob: cmsBlob(opts.cms(cd)) });
  const sb = buildSuperBlob(entries);
  if (sb.length > datasize) throw new Error(`${what}: the CMS signature changed size between probe and signing`);
  sb.copy(out, codeLimit);
  return { bytes: out, codeDirectory: cd, cdhash: cdhash(cd) };
}

export interface SignedFile {
  path: string;
  slices: { arch: string; cdhash: Buffer; size: number }[];
}

/**
 * Signs a thin or universal Mach-O file in place (temp file + rename through `root` when given,
 * e.g. the bundle being sealed, else a root on its folder; a link at `path` is refused; the mode
 * is kept).
 */
export async function signMachOFile(path: string, opts: SignOptions, root?: WriteRoot): Promise<SignedFile> {
  if ((await lstat(path)).isSymbolicLink()) throw new UserError(`${path}: is a link; sign the file itself, not a link to it`);
  const file = await readMachO(path);
  const mode = (await stat(path)).mode & 0o777;
  if (!file.fat) {
    const signed = signThin(await readFile(path), opts, path);
    await writeOut(
      path,
      mode,
      async (fh) => {
        await fh.write(signed.bytes, 0, signed.bytes.length, 0);
      },
      root,
    );
    return { path, slices: [{ arch: file.slices[0].arch, cdhash: signed.cdhash, size: signed.bytes.length }] };
  }
  const work = await mkdtemp(join(tmpdir(), 'adhoc-sign-'));
  try {
    const fh = await open(path, 'r');
    const signedSlices: Slice[] = [];
    const slices: SignedFile['slices'] = [];
    try {
      for (const [i, s] of file.slices.entries()) {
        const buf = Buffer.alloc(s.size);
        await fh.read(buf, 0, s.size, s.offset);
        const signed = signThin(buf, opts, `${path} (${s.arch} slice)`);
        const p = join(work, `slice-${i}`);
        await writeFile(p, signed.bytes);
        slices.push({ arch: s.arch, cdhash: signed.cdhash, size: signed.bytes.length });
        // Signing keeps the file type and platform the layout reads from the header.
        signedSlices.push({ ...s, path: p, offset: 0, size: signed.bytes.length });
      }
    } finally {
      await fh.close();
    }
    await writeFat(layoutFat(signedSlices), path, mode, root);
    return { path, slices };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
