/**
 * Code signature checks: parses the embedded signature (LC_CODE_SIGNATURE -> SuperBlob ->
 * CodeDirectory) and re-hashes the slice's pages against the CodeDirectory's code slots, plus
 * the special slots whose blobs are present (requirements, entitlements). CMS signatures are
 * not evaluated (that needs Apple's certificate chain); Go's ad hoc signatures have none.
 * All multi-byte fields of signature blobs are big-endian.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { ThinHeader } from './read.js';

export const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
export const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
export const CSSLOT_CODEDIRECTORY = 0;
export const CSSLOT_ALTERNATE_CODEDIRECTORIES = 0x1000;
export const CSSLOT_SIGNATURESLOT = 0x10000;
export const CS_ADHOC = 0x2;

const HASH_TYPES: Readonly<Partial<Record<number, { algorithm: string; size: number; name: string }>>> = {
  1: { algorithm: 'sha1', size: 20, name: 'sha1' },
  2: { algorithm: 'sha256', size: 32, name: 'sha256' },
  3: { algorithm: 'sha256', size: 20, name: 'sha256-truncated' },
  4: { algorithm: 'sha384', size: 48, name: 'sha384' },
};

export interface BlobIndex {
  type: number;
  offset: number;
  length: number;
  magic: number;
}

export interface CodeDirectory {
  /** Slot type it was found under (0, or 0x1000.. for alternates). */
  slot: number;
  version: number;
  flags: number;
  hashOffset: number;
  nSpecialSlots: number;
  nCodeSlots: number;
  codeLimit: number;
  hashSize: number;
  hashType: number;
  hashName: string;
  /** log2 page size; 0 means one page covering everything up to codeLimit. */
  pageSizeLog2: number;
  identifier: string;
  teamId?: string;
  execSegBase?: number;
  execSegLimit?: number;
  execSegFlags?: number;
  /** Version 0x20500+: the hardened runtime version (the SDK the code was built against, 0xXXXXYYZZ). */
  runtime?: number;
  /** Version 0x20500+: preEncryptOffset (0 unless the binary is encrypted). */
  preEncryptOffset?: number;
  /** The CodeDirectory blob itself. */
  bytes: Buffer;
}

export interface EmbeddedSignature {
  length: number;
  blobs: BlobIndex[];
  codeDirectories: CodeDirectory[];
  hasCms: boolean;
  /** The SuperBlob bytes (for hashing special-slot blobs). */
  bytes: Buffer;
}

const MAX_LISTED = 5;

export class SignatureFormatError extends Error {
  override name = 'SignatureFormatError';
}

function cstring(buf: Buffer, offset: number): string {
  if (offset <= 0 || offset >= buf.length) return '';
  const end = buf.indexOf(0, offset);
  return buf.subarray(offset, end < 0 ? buf.length : end).toString('utf8');
}

/** Parses one CodeDirectory blob. */
export function parseCodeDirectory(bytes: Buffer, slot = 0): CodeDirectory {
  if (bytes.length < 44 || bytes.readUInt32BE(0) !== CSMAGIC_CODEDIRECTORY) throw new SignatureFormatError('CodeDirectory has a bad magic or is too short');
  const length = bytes.readUInt32BE(4);
  if (length > bytes.length || length < 44) throw new SignatureFormatError(`CodeDirectory length ${length} is out of bounds`);
  const b = bytes.subarray(0, length);
  const version = b.readUInt32BE(8);
  const hashType = b.readUInt8(37);
  const ht = HASH_TYPES[hashType];
  if (!ht) throw new SignatureFormatError(`CodeDirectory uses unknown hash type ${hashType}`);
  const cd: CodeDirectory = {
    slot,
    version,
    flags: b.readUInt32BE(12),
    hashOffset: b.readUInt32BE(16),
    nSpecialSlots: b.readUInt32BE(24),
    nCodeSlots: b.readUInt32BE(28),
    codeLimit: b.readUInt32BE(32),
    hashSize: b.readUInt8(36),
    hashType,
    hashName: ht.name,
    pageSizeLog2: b.readUInt8(39),
    identifier: cstring(b, b.readUInt32BE(20)),
    bytes: b,
  };
  if (cd.hashSize !== ht.size) throw new SignatureFormatError(`CodeDirectory hash size ${cd.hashSize} does not match ${ht.name}`);
  if (version >= 0x20200 && b.length >= 52) {
    const team = b.readUInt32BE(48);
    if (team) cd.teamId = cstring(b, team);
  }
  if (version >= 0x20300 && b.length >= 64) {
    const limit64 = Number(b.readBigUInt64BE(56));
    if (limit64 !== 0) cd.codeLimit = limit64;
  }
  if (version >= 0x20400 && b.length >= 88) {
    cd.execSegBase = Number(b.readBigUInt64BE(64));
    cd.execSegLimit = Number(b.readBigUInt64BE(72));
    cd.execSegFlags = Number(b.readBigUInt64BE(80));
  }
  if (version >= 0x20500 && b.length >= 96) {
    cd.runtime = b.readUInt32BE(88);
    cd.preEncryptOffset = b.readUInt32BE(92);
  }
  const first = cd.hashOffset - cd.nSpecialSlots * cd.hashSize;
  const end = cd.hashOffset + cd.nCodeSlots * cd.hashSize;
  if (first < 0 || end > b.length) throw new SignatureFormatError('CodeDirectory hash slots lie outside the blob');
  const pages = cd.pageSizeLog2 === 0 ? (cd.codeLimit > 0 ? 1 : 0) : Math.ceil(cd.codeLimit / 2 ** cd.pageSizeLog2);
  if (pages !== cd.nCodeSlots) throw new SignatureFormatError(`CodeDirectory has ${cd.nCodeSlots} code slots but codeLimit ${cd.codeLimit} needs ${pages}`);
  return cd;
}

/** Parses the embedded signature SuperBlob (the bytes at LC_CODE_SIGNATURE's dataoff). */
export function parseEmbeddedSignature(bytes: Buffer): EmbeddedSignature {
  if (bytes.length < 12 || bytes.readUInt32BE(0) !== CSMAGIC_EMBEDDED_SIGNATURE)
    throw new SignatureFormatError('code signature is not an embedded-signature SuperBlob');
  const length = bytes.readUInt32BE(4);
  const count = bytes.readUInt32BE(8);
  if (length > bytes.length || 12 + count * 8 > length) throw new SignatureFormatError(`SuperBlob length ${length} / count ${count} out of bounds`);
  const sb = bytes.subarray(0, length);
  const blobs: BlobIndex[] = [];
  const codeDirectories: CodeDirectory[] = [];
  for (let i = 0; i < count; i++) {
    const type = sb.readUInt32BE(12 + i * 8);
    const offset = sb.readUInt32BE(16 + i * 8);
    if (offset + 8 > length) throw new SignatureFormatError(`SuperBlob entry ${i} lies outside the blob`);
    const magic = sb.readUInt32BE(offset);
    const blen = sb.readUInt32BE(offset + 4);
    if (offset + blen > length || blen < 8) throw new SignatureFormatError(`SuperBlob entry ${i} (type 0x${type.toString(16)}) overruns the blob`);
    blobs.push({ type, offset, length: blen, magic });
    if (type === CSSLOT_CODEDIRECTORY || (type >= CSSLOT_ALTERNATE_CODEDIRECTORIES && type < CSSLOT_ALTERNATE_CODEDIRECTORIES + 5))
      codeDirectories.push(parseCodeDirectory(sb.subarray(offset, offset + blen), type));
  }
  if (codeDirectories.length === 0) throw new SignatureFormatError('SuperBlob has no CodeDirectory');
  return { length, blobs, codeDirectories, hasCms: blobs.some((b) => b.type === CSSLOT_SIGNATURESLOT && b.length > 8), bytes: sb };
}

function digest(cd: CodeDirectory, data: Uint8Array): Buffer {
  return createHash(HASH_TYPES[cd.hashType]!.algorithm).update(data).digest().subarray(0, cd.hashSize);
}

/** Reads `length` bytes at `position` of the slice (relative to the slice start). */
export type SliceReader = (position: number, length: number) => Promise<Buffer>;

export interface SignatureReport {
  signed: boolean;
  valid: boolean;
  adhoc: boolean;
  identifier?: string;
  hashes: string[];
  pagesChecked: number;
  problems: string[];
}

/**
 * Verifies the code signature of one thin slice: the signature lies inside the slice, each
 * CodeDirectory's code-slot hashes match the slice's pages up to codeLimit, and present
 * special-slot blobs match their hashes. Reads pages in 1 MiB batches.
 */
export async function verifySliceSignature(header: ThinHeader, sliceSize: number, read: SliceReader): Promise<SignatureReport> {
  const report: SignatureReport = { signed: false, valid: false, adhoc: false, hashes: [], pagesChecked: 0, problems: [] };
  const lc = header.codeSignature;
  if (!lc) return report;
  report.signed = true;
  if (lc.dataoff + lc.datasize > sliceSize) {
    report.problems.push(`code signature (${lc.dataoff}+${lc.datasize}) extends past the slice (${sliceSize} bytes)`);
    return report;
  }
  let sig: EmbeddedSignature;
  try {
    sig = parseEmbeddedSignature(await read(lc.dataoff, lc.datasize));
  } catch (err) {
    report.problems.push(err instanceof Error ? err.message : String(err));
    return report;
  }
  const primary = sig.codeDirectories[0];
  report.identifier = primary.identifier;
  report.adhoc = (primary.flags & CS_ADHOC) !== 0 && !sig.hasCms;
  for (const cd of sig.codeDirectories) {
    report.hashes.push(cd.hashName);
    const label = `CodeDirectory${cd.slot ? ` 0x${cd.slot.toString(16)}` : ''} (${cd.hashName})`;
    if (cd.codeLimit > lc.dataoff) {
      report.problems.push(`${label} covers ${cd.codeLimit} bytes, past the signature start ${lc.dataoff}`);
      continue;
    }
    // Special slots: slot k's hash sits k hashes before hashOffset.
    for (const blob of sig.blobs) {
      if (blob.type < 1 || blob.type > cd.nSpecialSlots || blob.type >= CSSLOT_ALTERNATE_CODEDIRECTORIES) continue;
      const at = cd.hashOffset - blob.type * cd.hashSize;
      const want = cd.bytes.subarray(at, at + cd.hashSize);
      const got = digest(cd, sig.bytes.subarray(blob.offset, blob.offset + blob.length));
      if (!got.equals(want)) report.problems.push(`${label} special slot ${blob.type} hash does not match its blob`);
    }
    let bad = 0;
    const page = cd.pageSizeLog2 === 0 ? cd.codeLimit : 2 ** cd.pageSizeLog2;
    const batchPages = Math.max(1, Math.floor((1 << 20) / Math.max(page, 1)));
    for (let first = 0; first < cd.nCodeSlots; first += batchPages) {
      const start = first * page;
      const end = Math.min(cd.codeLimit, (first + batchPages) * page);
      const chunk = await read(start, end - start);
      if (chunk.length !== end - start) {
        report.problems.push(`${label}: slice ends before codeLimit ${cd.codeLimit}`);
        break;
      }
      for (let i = first; i < Math.min(cd.nCodeSlots, first + batchPages); i++) {
        const pStart = i * page - start;
        const pEnd = Math.min(cd.codeLimit, (i + 1) * page) - start;
        const got = digest(cd, chunk.subarray(pStart, pEnd));
        const at = cd.hashOffset + i * cd.hashSize;
        if (!got.equals(cd.bytes.subarray(at, at + cd.hashSize))) {
          bad++;
          if (bad <= MAX_LISTED) report.problems.push(`${label}: page ${i} (bytes ${i * page}..${i * page + (pEnd - pStart)}) hash mismatch`);
        }
        report.pagesChecked++;
      }
    }
    if (bad > MAX_LISTED) report.problems.push(`${label}: ${bad - MAX_LISTED} more pages with a hash mismatch`);
  }
  report.valid = report.problems.length === 0;
  return report;
}

/** A SliceReader over the slice at `offset` of an open file (both verifiers read slices this way). */
export function fileSliceReader(fh: FileHandle, offset: number): SliceReader {
  return async (position, length) => {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, offset + position);
    return buf.subarray(0, bytesRead);
  };
}

/** A SliceReader over an in-memory thin file (for tests and small files). */
export function bufferReader(buf: Buffer): SliceReader {
  return (position, length) => Promise.resolve(buf.subarray(position, position + length));
}
