import {
  CPU_TYPE_ARM64,
  FAT_ARCH_SIZE,
  FAT_HEADER_SIZE,
  FAT_MAGIC,
  MAXSECTALIGN,
  MH_EXECUTE,
  PLATFORM_MACOS,
  alignUp,
  baseSubtype,
  filetypeName,
  platformName,
  sameArch
} from "./chunk-L373MPJF.js";
import {
  WriteRoot,
  open,
  within
} from "./chunk-RH66WDZH.js";
import {
  UserError
} from "./chunk-6ZRI6CPZ.js";

// src/macho/codesign.ts
import { createHash } from "node:crypto";
var CSMAGIC_EMBEDDED_SIGNATURE = 4208856256;
var CSMAGIC_CODEDIRECTORY = 4208856066;
var CSSLOT_CODEDIRECTORY = 0;
var CSSLOT_ALTERNATE_CODEDIRECTORIES = 4096;
var CSSLOT_SIGNATURESLOT = 65536;
var CS_ADHOC = 2;
var HASH_TYPES = {
  1: { algorithm: "sha1", size: 20, name: "sha1" },
  2: { algorithm: "sha256", size: 32, name: "sha256" },
  3: { algorithm: "sha256", size: 20, name: "sha256-truncated" },
  4: { algorithm: "sha384", size: 48, name: "sha384" }
};
var MAX_LISTED = 5;
var SignatureFormatError = class extends Error {
  name = "SignatureFormatError";
};
function cstring(buf, offset) {
  if (offset <= 0 || offset >= buf.length) return "";
  const end = buf.indexOf(0, offset);
  return buf.subarray(offset, end < 0 ? buf.length : end).toString("utf8");
}
function parseCodeDirectory(bytes, slot = 0) {
  if (bytes.length < 44 || bytes.readUInt32BE(0) !== CSMAGIC_CODEDIRECTORY) throw new SignatureFormatError("CodeDirectory has a bad magic or is too short");
  const length = bytes.readUInt32BE(4);
  if (length > bytes.length || length < 44) throw new SignatureFormatError(`CodeDirectory length ${length} is out of bounds`);
  const b = bytes.subarray(0, length);
  const version = b.readUInt32BE(8);
  const hashType = b.readUInt8(37);
  const ht = HASH_TYPES[hashType];
  if (!ht) throw new SignatureFormatError(`CodeDirectory uses unknown hash type ${hashType}`);
  const cd = {
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
    bytes: b
  };
  if (cd.hashSize !== ht.size) throw new SignatureFormatError(`CodeDirectory hash size ${cd.hashSize} does not match ${ht.name}`);
  if (version >= 131584 && b.length >= 52) {
    const team = b.readUInt32BE(48);
    if (team) cd.teamId = cstring(b, team);
  }
  if (version >= 131840 && b.length >= 64) {
    const limit64 = Number(b.readBigUInt64BE(56));
    if (limit64 !== 0) cd.codeLimit = limit64;
  }
  if (version >= 132096 && b.length >= 88) {
    cd.execSegBase = Number(b.readBigUInt64BE(64));
    cd.execSegLimit = Number(b.readBigUInt64BE(72));
    cd.execSegFlags = Number(b.readBigUInt64BE(80));
  }
  if (version >= 132352 && b.length >= 96) {
    cd.runtime = b.readUInt32BE(88);
    cd.preEncryptOffset = b.readUInt32BE(92);
  }
  const first = cd.hashOffset - cd.nSpecialSlots * cd.hashSize;
  const end = cd.hashOffset + cd.nCodeSlots * cd.hashSize;
  if (first < 0 || end > b.length) throw new SignatureFormatError("CodeDirectory hash slots lie outside the blob");
  const pages = cd.pageSizeLog2 === 0 ? cd.codeLimit > 0 ? 1 : 0 : Math.ceil(cd.codeLimit / 2 ** cd.pageSizeLog2);
  if (pages !== cd.nCodeSlots) throw new SignatureFormatError(`CodeDirectory has ${cd.nCodeSlots} code slots but codeLimit ${cd.codeLimit} needs ${pages}`);
  return cd;
}
function parseEmbeddedSignature(bytes) {
  if (bytes.length < 12 || bytes.readUInt32BE(0) !== CSMAGIC_EMBEDDED_SIGNATURE)
    throw new SignatureFormatError("code signature is not an embedded-signature SuperBlob");
  const length = bytes.readUInt32BE(4);
  const count = bytes.readUInt32BE(8);
  if (length > bytes.length || 12 + count * 8 > length) throw new SignatureFormatError(`SuperBlob length ${length} / count ${count} out of bounds`);
  const sb = bytes.subarray(0, length);
  const blobs = [];
  const codeDirectories = [];
  for (let i = 0; i < count; i++) {
    const type = sb.readUInt32BE(12 + i * 8);
    const offset = sb.readUInt32BE(16 + i * 8);
    if (offset + 8 > length) throw new SignatureFormatError(`SuperBlob entry ${i} lies outside the blob`);
    const magic = sb.readUInt32BE(offset);
    const blen = sb.readUInt32BE(offset + 4);
    if (offset + blen > length || blen < 8) throw new SignatureFormatError(`SuperBlob entry ${i} (type 0x${type.toString(16)}) overruns the blob`);
    blobs.push({ type, offset, length: blen, magic });
    if (type === CSSLOT_CODEDIRECTORY || type >= CSSLOT_ALTERNATE_CODEDIRECTORIES && type < CSSLOT_ALTERNATE_CODEDIRECTORIES + 5)
      codeDirectories.push(parseCodeDirectory(sb.subarray(offset, offset + blen), type));
  }
  if (codeDirectories.length === 0) throw new SignatureFormatError("SuperBlob has no CodeDirectory");
  return { length, blobs, codeDirectories, hasCms: blobs.some((b) => b.type === CSSLOT_SIGNATURESLOT && b.length > 8), bytes: sb };
}
function digest(cd, data) {
  return createHash(HASH_TYPES[cd.hashType].algorithm).update(data).digest().subarray(0, cd.hashSize);
}
async function verifySliceSignature(header, sliceSize, read) {
  const report = { signed: false, valid: false, adhoc: false, hashes: [], pagesChecked: 0, problems: [] };
  const lc = header.codeSignature;
  if (!lc) return report;
  report.signed = true;
  if (lc.dataoff + lc.datasize > sliceSize) {
    report.problems.push(`code signature (${lc.dataoff}+${lc.datasize}) extends past the slice (${sliceSize} bytes)`);
    return report;
  }
  let sig;
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
    const label = `CodeDirectory${cd.slot ? ` 0x${cd.slot.toString(16)}` : ""} (${cd.hashName})`;
    if (cd.codeLimit > lc.dataoff) {
      report.problems.push(`${label} covers ${cd.codeLimit} bytes, past the signature start ${lc.dataoff}`);
      continue;
    }
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
function fileSliceReader(fh, offset) {
  return async (position, length) => {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, offset + position);
    return buf.subarray(0, bytesRead);
  };
}

// src/macho/out.ts
import { basename, dirname, relative, resolve, sep } from "node:path";
async function outTarget(dest, root) {
  const abs = resolve(dest);
  if (!root) return { root: await WriteRoot.create(dirname(abs), "output"), rel: basename(abs) };
  if (!within(root.dir, abs) || abs === root.dir) throw new Error(`internal: ${abs} is not inside ${root.label} (${root.dir})`);
  return { root, rel: relative(root.dir, abs).split(sep).join("/") };
}
async function writeOut(dest, mode, produce, root) {
  const t = await outTarget(dest, root);
  await t.root.writeWith(t.rel, produce, { mode });
}

// src/macho/fat-writer.ts
var UINT32_MAX = 4294967295;
var withArticle = (noun) => `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
function compareSlices(a, b) {
  if (a.cputype === b.cputype) return baseSubtype(a.cpusubtype) - baseSubtype(b.cpusubtype);
  if (a.cputype === CPU_TYPE_ARM64) return 1;
  if (b.cputype === CPU_TYPE_ARM64) return -1;
  return a.align - b.align;
}
function layoutFat(sources) {
  if (sources.length === 0) throw new UserError("lipo -create: no input files; give one or more Mach-O files for macOS");
  for (const s of sources) {
    if (s.header.platform !== void 0 && s.header.platform !== PLATFORM_MACOS)
      throw new UserError(
        `${s.path}: ${s.arch} is built for ${platformName(s.header.platform)}, not macOS; universal inputs must be darwin (macOS) builds, e.g. GOOS=darwin`
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
          `${b.path}: duplicate architecture ${b.arch} (also in ${a.path}; cpusubtypes compared without capability bits); give each architecture once`
        );
      if (a.header.filetype !== b.header.filetype)
        throw new UserError(
          `${b.path}: is ${withArticle(filetypeName(b.header.filetype))} but ${a.path} is ${withArticle(filetypeName(a.header.filetype))}; all inputs must have the same Mach-O file type`
        );
    }
  }
  const sorted = [...sources].sort(compareSlices);
  let offset = FAT_HEADER_SIZE + sorted.length * FAT_ARCH_SIZE;
  const slices = [];
  for (const s of sorted) {
    offset = alignUp(offset, s.align);
    if (offset > UINT32_MAX || s.size > UINT32_MAX) {
      const why = s.header.filetype === MH_EXECUTE ? "a fat64 header would be needed, and macOS cannot load fat64 executables" : "a fat64 header would be needed, which this writer does not produce";
      throw new UserError(
        `${s.path}: ${s.arch} slice (${s.size} bytes at offset ${offset}) does not fit the 32-bit fat header; ${why}; keep the universal file under 4 GiB`
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
var CHUNK = 1 << 20;
async function writeAll(fh, buf, position) {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
    done += bytesWritten;
  }
}
async function copyRange(src, srcOffset, dst, dstOffset, size, what) {
  const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
  let pos = 0;
  let pendingWrite = Promise.resolve();
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
async function writeFat(layout, output, mode, root) {
  await writeOut(
    output,
    mode,
    async (out) => {
      let pos = 0;
      const zeros = async (until) => {
        if (until > pos) await writeAll(out, Buffer.alloc(until - pos), pos);
        pos = until;
      };
      await writeAll(out, layout.header, 0);
      pos = layout.header.length;
      for (const s of layout.slices) {
        await zeros(s.outOffset);
        const src = await open(s.path, "r");
        try {
          await copyRange(src, s.offset, out, s.outOffset, s.size, s.path);
        } finally {
          await src.close();
        }
        pos = s.outOffset + s.size;
      }
    },
    root
  );
}

export {
  writeOut,
  layoutFat,
  copyRange,
  writeFat,
  CSMAGIC_EMBEDDED_SIGNATURE,
  CSMAGIC_CODEDIRECTORY,
  CSSLOT_CODEDIRECTORY,
  CSSLOT_ALTERNATE_CODEDIRECTORIES,
  CSSLOT_SIGNATURESLOT,
  CS_ADHOC,
  parseEmbeddedSignature,
  verifySliceSignature,
  fileSliceReader
};
