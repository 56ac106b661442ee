/**
 * Ad hoc code signing of Mach-O files, as Apple's codesign -s - does, on any host.
 *
 * Per thin slice: the embedded signature is a SuperBlob (CSMAGIC_EMBEDDED_SIGNATURE) holding
 * - slot 0: a CodeDirectory v0x20400 (SHA-256, 4096-byte pages, flags CS_ADHOC, the identifier,
 *   exec segment = __TEXT, special slots 1 Info.plist, 2 requirements, 3 CodeResources);
 * - slot 2: the internal requirements, an empty requirement set (what codesign writes ad hoc);
 * - slot 0x10000: a CMS signature blob, only when one is given (Developer ID, not made here).
 * With the hardened runtime flag (CS_RUNTIME, Developer ID) the CodeDirectory is version 0x20500,
 * 96-byte header: `runtime` (offset 88) holds the SDK version the slice was built against
 * (LC_BUILD_VERSION sdk, else its minos, else LC_VERSION_MIN_MACOSX), as codesign and rcodesign
 * write it, and `preEncryptOffset` (92) is 0. Ad hoc output stays 0x20400 / 88 bytes.
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
import {
  CPU_TYPE_ARM64,
  LC_BUILD_VERSION,
  LC_CODE_SIGNATURE,
  LC_VERSION_MIN_MACOSX,
  LC_SEGMENT_64,
  MACH_HEADER_64_SIZE,
  MH_EXECUTE,
  MH_MAGIC_64,
} from './headers.js';
import { readMachO, type Slice } from './read.js';
import { layoutFat, writeFat } from './fat-writer.js';
import { writeOut } from './out.js';
import {
  CSMAGIC_CODEDIRECTORY,
  CSMAGIC_EMBEDDED_SIGNATURE,
  CS_ADHOC,
  CSSLOT_ALTERNATE_CODEDIRECTORIES,
  CSSLOT_CODEDIRECTORY,
  CSSLOT_SIGNATURESLOT,
} from './codesign.js';

export const CSMAGIC_REQUIREMENTS = 0xfade0c01;
export const CSMAGIC_BLOBWRAPPER = 0xfade0b01;
export const CSSLOT_INFOSLOT = 1;
export const CSSLOT_REQUIREMENTS = 2;
export const CSSLOT_RESOURCEDIR = 3;
export const CS_HASHTYPE_SHA256 = 2;
export const CS_EXECSEG_MAIN_BINARY = 0x1;
export const CD_VERSION = 0x20400;
export const CD_HEADER_SIZE = 88;
/** The hardened-runtime CodeDirectory: version 0x20500 adds runtime + preEncryptOffset (cs_blobs.h). */
export const CD_VERSION_RUNTIME = 0x20500;
export const CD_HEADER_SIZE_RUNTIME = 96;
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

export const CSSLOT_ENTITLEMENTS = 5;
export const CSSLOT_DER_ENTITLEMENTS = 7;
export const CSMAGIC_EMBEDDED_ENTITLEMENTS = 0xfade7171;
export const CSMAGIC_EMBEDDED_DER_ENTITLEMENTS = 0xfade7172;
export const CS_HASHTYPE_SHA1 = 1;
export const CS_RUNTIME = 0x10000;

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
   * A synchronous CMS signer over the CodeDirectory: called once on a zero-filled probe of the
   * CodeDirectory's size (to size the signature), then on the real one. Returns DER bytes.
   * (Developer ID signing, which waits for a timestamp server, reserves space instead: `cmsReserve`.)
   */
  cms?: (codeDirectory: Buffer) => Buffer;
  /** CodeDirectory flags; default CS_ADHOC. Developer ID: CS_RUNTIME (hardened runtime). */
  flags?: number;
  /** The team ID the CodeDirectory names (teamOffset), Developer ID only. */
  teamId?: string;
  /** The CodeDirectories' hash types, the primary (slot 0) first, alternates at 0x1000...; default SHA-256 only. */
  hashTypes?: readonly number[];
  /** Entitlements as an XML plist: blob 0xfade7171 in special slot 5. */
  entitlements?: Buffer;
  /** Entitlements in Apple's DER form: blob 0xfade7172 in special slot 7. */
  entitlementsDer?: Buffer;
  /** Bytes kept for the CMS BlobWrapper (slot 0x10000) that `LaidOutSlice.seal` writes later. */
  cmsReserve?: number;
  /**
   * The hardened runtime version (0xXXXXYYZZ) a CS_RUNTIME CodeDirectory records; default: the
   * slice's SDK version (LC_BUILD_VERSION sdk, or LC_VERSION_MIN_MACOSX sdk), else its minos.
   */
  runtime?: number;
}

const HASHES: Readonly<Record<number, { algorithm: string; size: number }>> = {
  [CS_HASHTYPE_SHA1]: { algorithm: 'sha1', size: 20 },
  [CS_HASHTYPE_SHA256]: { algorithm: 'sha256', size: HASH_SIZE },
};

function hashSpec(hashType: number): { algorithm: string; size: number } {
  const h = HASHES[hashType] as { algorithm: string; size: number } | undefined;
  if (!h) throw new Error(`internal: unsupported CodeDirectory hash type ${hashType}`);
  return h;
}

/** A blob with the 8-byte magic+length header codesign puts around entitlements. */
export function wrapBlob(magic: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(magic, 0);
  head.writeUInt32BE(8 + payload.length, 4);
  return Buffer.concat([head, payload]);
}

/** The blobs bound in special slots, by slot number (requirements always; the rest when given). */
function specialBlobs(opts: SignOptions, requirements: Buffer): Map<number, Buffer> {
  const m = new Map<number, Buffer>();
  m.set(CSSLOT_REQUIREMENTS, requirements);
  if (opts.entitlements) m.set(CSSLOT_ENTITLEMENTS, wrapBlob(CSMAGIC_EMBEDDED_ENTITLEMENTS, opts.entitlements));
  if (opts.entitlementsDer) m.set(CSSLOT_DER_ENTITLEMENTS, wrapBlob(CSMAGIC_EMBEDDED_DER_ENTITLEMENTS, opts.entitlementsDer));
  return m;
}

/** The hashes of special slots 1..n (index 0 = slot 1) in the given hash type; absent ones are zero. */
function specialSlots(opts: SignOptions, blobs: ReadonlyMap<number, Buffer>, hashType = CS_HASHTYPE_SHA256): Buffer[] {
  const { algorithm, size } = hashSpec(hashType);
  const h = (b: Buffer) => createHash(algorithm).update(b).digest();
  const n = Math.max(opts.codeResources ? CSSLOT_RESOURCEDIR : CSSLOT_REQUIREMENTS, ...blobs.keys());
  const slots: Buffer[] = [];
  for (let k = 1; k <= n; k++) {
    const bytes = k === CSSLOT_INFOSLOT ? opts.infoPlist : k === CSSLOT_RESOURCEDIR ? opts.codeResources : blobs.get(k);
    slots.push(bytes ? h(bytes) : Buffer.alloc(size));
  }
  return slots;
}

function codeDirectorySize(identifier: string, nSpecial: number, nCode: number, hashSize = HASH_SIZE, teamId?: string, runtime?: number): number {
  return (
    (runtime === undefined ? CD_HEADER_SIZE : CD_HEADER_SIZE_RUNTIME) +
    Buffer.byteLength(identifier) +
    1 +
    (teamId === undefined ? 0 : Buffer.byteLength(teamId) + 1) +
    (nSpecial + nCode) * hashSize
  );
}

/** Builds a CodeDirectory over `code` (the slice bytes up to the signature). */
export function buildCodeDirectory(
  code: Buffer,
  opts: SignOptions & { special: Buffer[]; execSegBase: number; execSegLimit: number; isMain: boolean; hashType?: number },
): Buffer {
  // Version 0x20500 only for the hardened runtime (what codesign does); ad hoc stays 0x20400.
  const runtime = (opts.flags ?? CS_ADHOC) & CS_RUNTIME ? (opts.runtime ?? 0) : undefined;
  const headerSize = runtime === undefined ? CD_HEADER_SIZE : CD_HEADER_SIZE_RUNTIME;
  const hashType = opts.hashType ?? CS_HASHTYPE_SHA256;
  const { algorithm, size: hashSize } = hashSpec(hashType);
  const nCode = Math.ceil(code.length / PAGE_SIZE);
  const ident = Buffer.from(`${opts.identifier}\0`, 'utf8');
  const team = opts.teamId === undefined ? Buffer.alloc(0) : Buffer.from(`${opts.teamId}\0`, 'utf8');
  const nSpecial = opts.special.length;
  const hashOffset = headerSize + ident.length + team.length + nSpecial * hashSize;
  const size = codeDirectorySize(opts.identifier, nSpecial, nCode, hashSize, opts.teamId, runtime);
  const cd = Buffer.alloc(size);
  cd.writeUInt32BE(CSMAGIC_CODEDIRECTORY, 0);
  cd.writeUInt32BE(size, 4);
  cd.writeUInt32BE(runtime === undefined ? CD_VERSION : CD_VERSION_RUNTIME, 8);
  cd.writeUInt32BE((opts.flags ?? CS_ADHOC) >>> 0, 12);
  cd.writeUInt32BE(hashOffset, 16);
  cd.writeUInt32BE(headerSize, 20); // identOffset
  cd.writeUInt32BE(nSpecial, 24);
  cd.writeUInt32BE(nCode, 28);
  cd.writeUInt32BE(code.length, 32); // codeLimit
  cd.writeUInt8(hashSize, 36);
  cd.writeUInt8(hashType, 37);
  cd.writeUInt8(0, 38); // platform
  cd.writeUInt8(PAGE_SIZE_LOG2, 39);
  // 40 spare2, 44 scatterOffset, 52 spare3, 56 codeLimit64: all 0
  if (team.length) cd.writeUInt32BE(headerSize + ident.length, 48); // teamOffset
  cd.writeBigUInt64BE(BigInt(opts.execSegBase), 64);
  cd.writeBigUInt64BE(BigInt(opts.execSegLimit), 72);
  cd.writeBigUInt64BE(BigInt(opts.isMain ? CS_EXECSEG_MAIN_BINARY : 0), 80);
  if (runtime !== undefined) cd.writeUInt32BE(runtime >>> 0, 88); // 92 preEncryptOffset: 0
  ident.copy(cd, headerSize);
  team.copy(cd, headerSize + ident.length);
  opts.special.forEach((h, i) => h.copy(cd, hashOffset - (i + 1) * hashSize));
  for (let p = 0; p < nCode; p++)
    createHash(algorithm)
      .update(code.subarray(p * PAGE_SIZE, Math.min(code.length, (p + 1) * PAGE_SIZE)))
      .digest()
      .copy(cd, hashOffset + p * hashSize);
  return cd;
}

/** The cdhash: the CodeDirectory's hash in its own hash type (SHA-1 or SHA-256), truncated to 20 bytes. */
export function cdhash(codeDirectory: Buffer): Buffer {
  const type = codeDirectory.length > 37 ? codeDirectory.readUInt8(37) : CS_HASHTYPE_SHA256;
  return createHash(type === CS_HASHTYPE_SHA1 ? 'sha1' : 'sha256')
    .update(codeDirectory)
    .digest()
    .subarray(0, 20);
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
  /** Minimum macOS version (LC_BUILD_VERSION minos, else LC_VERSION_MIN_MACOSX), 0xXXXXYYZZ. */
  minos?: number;
  /** The SDK version from the same load command (0 when the linker left it out). */
  sdk?: number;
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
    if (cmd === LC_BUILD_VERSION && size >= 20) {
      lc.minos = b.readUInt32LE(o + 12);
      lc.sdk = b.readUInt32LE(o + 16);
    }
    if (cmd === LC_VERSION_MIN_MACOSX && size >= 16 && lc.minos === undefined) {
      lc.minos = b.readUInt32LE(o + 8);
      lc.sdk = b.readUInt32LE(o + 12);
    }
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
  /** The primary CodeDirectory (slot 0). */
  codeDirectory: Buffer;
  /** Every CodeDirectory, the primary first, then the alternates (0x1000, ...). */
  codeDirectories: Buffer[];
  cdhash: Buffer;
}

/** A slice laid out with its CodeDirectories final and room for the CMS blob `seal` writes. */
export interface LaidOutSlice extends SignedSlice {
  /** Bytes the CMS BlobWrapper may take (0 = ad hoc, no CMS slot). */
  cmsRoom: number;
  /** Writes the SuperBlob (with the CMS DER, when given) into `bytes`; refuses a CMS larger than the room kept. */
  seal(cmsDer?: Buffer): Buffer;
  /** LC_BUILD_VERSION minos (or LC_VERSION_MIN_MACOSX version), X.Y.Z as 0xXXXXYYZZ; undefined when absent. */
  minos?: number;
}

/** The slot each CodeDirectory goes in: the primary at 0, alternates at 0x1000, 0x1001, ... */
const cdSlot = (i: number) => (i === 0 ? CSSLOT_CODEDIRECTORY : CSSLOT_ALTERNATE_CODEDIRECTORIES + i - 1);

/**
 * Lays out one thin 64-bit little-endian Mach-O slice for signing: the header and __LINKEDIT are
 * updated for a signature of its final size, the CodeDirectories computed; `seal` then writes
 * the SuperBlob (the CMS signature, made from the CodeDirectories, fits in the room kept).
 */
export function layoutThin(slice: Buffer, opts: SignOptions, what = 'Mach-O'): LaidOutSlice {
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
  const blobs = specialBlobs(opts, requirements);
  const hashTypes = opts.hashTypes?.length ? opts.hashTypes : [CS_HASHTYPE_SHA256];
  const nCode = Math.ceil(codeLimit / PAGE_SIZE);
  const nSpecial = specialSlots(opts, blobs).length;
  const runtime = (opts.flags ?? CS_ADHOC) & CS_RUNTIME ? (opts.runtime ?? (lc.sdk || lc.minos || 0)) : undefined;
  const cdSizes = hashTypes.map((t) => codeDirectorySize(opts.identifier, nSpecial, nCode, hashSpec(t).size, opts.teamId, runtime));
  // The CMS blob's size: the room kept for it, or (a synchronous hook) measured on a probe.
  const cmsRoom = opts.cmsReserve ?? (opts.cms ? cmsBlob(opts.cms(Buffer.alloc(cdSizes[0]))).length : 0);
  const nBlobs = hashTypes.length + blobs.size + (cmsRoom > 0 ? 1 : 0);
  const sigLen = 12 + 8 * nBlobs + cdSizes.reduce((n, x) => n + x, 0) + [...blobs.values()].reduce((n, x) => n + x.length, 0) + cmsRoom;
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
  const cds = hashTypes.map((hashType) =>
    buildCodeDirectory(code, {
      ...opts,
      runtime,
      hashType,
      special: specialSlots(opts, blobs, hashType),
      execSegBase: lc.text!.fileoff,
      execSegLimit: lc.text!.filesize,
      isMain: lc.filetype === MH_EXECUTE,
    }),
  );
  const seal = (cmsDer?: Buffer): Buffer => {
    const entries = cds.map((blob, i) => ({ type: cdSlot(i), blob }));
    for (const [type, blob] of blobs) entries.push({ type, blob });
    if (cmsRoom > 0) {
      const wrapped = cmsBlob(cmsDer ?? Buffer.alloc(0));
      if (wrapped.length > cmsRoom) throw new Error(`${what}: the CMS signature (${wrapped.length} bytes) is larger than the ${cmsRoom} bytes kept for it`);
      entries.push({ type: CSSLOT_SIGNATURESLOT, blob: wrapped });
    }
    const sb = buildSuperBlob(entries);
    out.fill(0, codeLimit);
    sb.copy(out, codeLimit);
    return out;
  };
  return { bytes: out, codeDirectory: cds[0], codeDirectories: cds, cdhash: cdhash(cds[0]), cmsRoom, seal, minos: lc.minos };
}

/** The slice's minimum macOS version (LC_BUILD_VERSION minos, else LC_VERSION_MIN_MACOSX), 0xXXXXYYZZ. */
export function sliceMinos(slice: Buffer, what = 'Mach-O'): number | undefined {
  return readLoadCommands(slice, what).minos;
}

/** Signs one thin 64-bit little-endian Mach-O slice; returns the new slice bytes. */
export function signThin(slice: Buffer, opts: SignOptions, what = 'Mach-O'): SignedSlice {
  const laid = layoutThin(slice, opts, what);
  const cms = opts.cms ? opts.cms(laid.codeDirectory) : undefined;
  if (cms && cmsBlob(cms).length > laid.cmsRoom) throw new Error(`${what}: the CMS signature changed size between probe and signing`);
  laid.seal(cms);
  return { bytes: laid.bytes, codeDirectory: laid.codeDirectory, codeDirectories: laid.codeDirectories, cdhash: laid.cdhash };
}

export interface SignedFile {
  path: string;
  slices: { arch: string; cdhash: Buffer; size: number }[];
}

/** Signs one thin slice (the ad hoc signer, or a Developer ID one that waits for a timestamp). */
export type SliceSigner = (slice: Buffer, what: string) => SignedSlice | Promise<SignedSlice>;

/**
 * Signs a thin or universal Mach-O file in place (temp file + rename through `root` when given,
 * e.g. the bundle being sealed, else a root on its folder; a link at `path` is refused; the mode
 * is kept).
 */
export async function signMachOFile(path: string, opts: SignOptions, root?: WriteRoot): Promise<SignedFile> {
  return signMachOFileWith(path, (slice, what) => signThin(slice, opts, what), root);
}

/** signMachOFile with the slice signer given: each slice of a universal file signed in turn. */
export async function signMachOFileWith(path: string, signSlice: SliceSigner, root?: WriteRoot): Promise<SignedFile> {
  if ((await lstat(path)).isSymbolicLink()) throw new UserError(`${path}: is a link; sign the file itself, not a link to it`);
  const file = await readMachO(path);
  const mode = (await stat(path)).mode & 0o777;
  if (!file.fat) {
    const signed = await signSlice(await readFile(path), path);
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
        const signed = await signSlice(buf, `${path} (${s.arch} slice)`);
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
