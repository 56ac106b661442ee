import {
  open
} from "./chunk-RH66WDZH.js";
import {
  UserError
} from "./chunk-6ZRI6CPZ.js";

// src/macho/headers.ts
var FAT_MAGIC = 3405691582;
var FAT_MAGIC_64 = 3405691583;
var MH_MAGIC = 4277009102;
var MH_CIGAM = 3472551422;
var MH_MAGIC_64 = 4277009103;
var MH_CIGAM_64 = 3489328638;
var FAT_HEADER_SIZE = 8;
var FAT_ARCH_SIZE = 20;
var FAT_ARCH_64_SIZE = 32;
var MACH_HEADER_SIZE = 28;
var MACH_HEADER_64_SIZE = 32;
var MAXSECTALIGN = 15;
var CPU_SUBTYPE_MASK = 4278190080;
var CPU_ARCH_ABI64 = 16777216;
var CPU_ARCH_ABI64_32 = 33554432;
var CPU_TYPE_X86 = 7;
var CPU_TYPE_X86_64 = CPU_TYPE_X86 | CPU_ARCH_ABI64;
var CPU_TYPE_ARM = 12;
var CPU_TYPE_ARM64 = CPU_TYPE_ARM | CPU_ARCH_ABI64;
var CPU_TYPE_ARM64_32 = CPU_TYPE_ARM | CPU_ARCH_ABI64_32;
var CPU_TYPE_POWERPC = 18;
var CPU_TYPE_POWERPC64 = CPU_TYPE_POWERPC | CPU_ARCH_ABI64;
var MH_OBJECT = 1;
var MH_EXECUTE = 2;
var MH_DYLIB = 6;
var FILETYPES = "object|executable|fixed VM library|core|preload|dylib|dylinker|bundle|dylib stub|dSYM companion|kext bundle|fileset".split("|");
var LC_SEGMENT = 1;
var LC_SEGMENT_64 = 25;
var LC_CODE_SIGNATURE = 29;
var LC_VERSION_MIN_MACOSX = 36;
var LC_VERSION_MIN_IPHONEOS = 37;
var LC_VERSION_MIN_TVOS = 47;
var LC_VERSION_MIN_WATCHOS = 48;
var LC_BUILD_VERSION = 50;
var PLATFORMS = "macos ios tvos watchos bridgeos maccatalyst iossimulator tvossimulator watchossimulator driverkit visionos visionossimulator".split(" ");
var PLATFORM_MACOS = 1;
var nameFrom = (names, what) => (n) => (Number.isInteger(n) && n >= 1 ? names[n - 1] : void 0) ?? `${what} ${n}`;
var filetypeName = nameFrom(FILETYPES, "filetype");
var platformName = nameFrom(PLATFORMS, "platform");
var ARCH_FLAGS = [
  { name: "i386", cputype: CPU_TYPE_X86, cpusubtype: 3, pageAlign: 12 },
  { name: "x86_64", cputype: CPU_TYPE_X86_64, cpusubtype: 3, pageAlign: 12 },
  { name: "x86_64h", cputype: CPU_TYPE_X86_64, cpusubtype: 8, pageAlign: 12 },
  { name: "arm", cputype: CPU_TYPE_ARM, cpusubtype: 0, pageAlign: 14 },
  { name: "armv4t", cputype: CPU_TYPE_ARM, cpusubtype: 5, pageAlign: 14 },
  { name: "armv6", cputype: CPU_TYPE_ARM, cpusubtype: 6, pageAlign: 14 },
  { name: "armv5", cputype: CPU_TYPE_ARM, cpusubtype: 7, pageAlign: 14 },
  { name: "xscale", cputype: CPU_TYPE_ARM, cpusubtype: 8, pageAlign: 14 },
  { name: "armv7", cputype: CPU_TYPE_ARM, cpusubtype: 9, pageAlign: 14 },
  { name: "armv7f", cputype: CPU_TYPE_ARM, cpusubtype: 10, pageAlign: 14 },
  { name: "armv7s", cputype: CPU_TYPE_ARM, cpusubtype: 11, pageAlign: 14 },
  { name: "armv7k", cputype: CPU_TYPE_ARM, cpusubtype: 12, pageAlign: 14 },
  { name: "armv6m", cputype: CPU_TYPE_ARM, cpusubtype: 14, pageAlign: 14 },
  { name: "armv7m", cputype: CPU_TYPE_ARM, cpusubtype: 15, pageAlign: 14 },
  { name: "armv7em", cputype: CPU_TYPE_ARM, cpusubtype: 16, pageAlign: 14 },
  { name: "arm64", cputype: CPU_TYPE_ARM64, cpusubtype: 0, pageAlign: 14 },
  { name: "arm64v8", cputype: CPU_TYPE_ARM64, cpusubtype: 1, pageAlign: 14 },
  { name: "arm64e", cputype: CPU_TYPE_ARM64, cpusubtype: 2, pageAlign: 14 },
  { name: "arm64_32", cputype: CPU_TYPE_ARM64_32, cpusubtype: 1, pageAlign: 14 },
  { name: "ppc", cputype: CPU_TYPE_POWERPC, cpusubtype: 0, pageAlign: 12 },
  { name: "ppc64", cputype: CPU_TYPE_POWERPC64, cpusubtype: 0, pageAlign: 12 }
];
function baseSubtype(cpusubtype) {
  return (cpusubtype & ~CPU_SUBTYPE_MASK) >>> 0;
}
function findArchByName(name) {
  return ARCH_FLAGS.find((a) => a.name === name);
}
function findArch(cputype, cpusubtype) {
  const sub = baseSubtype(cpusubtype);
  return ARCH_FLAGS.find((a) => a.cputype === cputype && a.cpusubtype === sub);
}
function archName(cputype, cpusubtype) {
  return findArch(cputype, cpusubtype)?.name ?? `unknown(${cputype >>> 0},${baseSubtype(cpusubtype)})`;
}
function sameArch(a, b) {
  return a.cputype === b.cputype && baseSubtype(a.cpusubtype) === baseSubtype(b.cpusubtype);
}
function archNames() {
  return ARCH_FLAGS.map((a) => a.name).join(", ");
}

// src/macho/read.ts
import { readSync } from "node:fs";

// src/macho/align.ts
function sliceAlignment(h) {
  const known = findArch(h.cputype, h.cpusubtype);
  if (known) return known.pageAlign;
  let cur = MAXSECTALIGN;
  for (const seg of h.segments) {
    let align;
    if (h.filetype === MH_OBJECT) {
      align = h.is64 ? 3 : 2;
      for (const s of seg.sectionAligns) if (s > align) align = s;
    } else {
      align = guessAlign(seg.vmaddr);
    }
    if (align < cur) cur = align;
  }
  return cur;
}
function guessAlign(vmaddr) {
  if (vmaddr === 0n) return MAXSECTALIGN;
  let align = 0;
  while ((vmaddr >> BigInt(align) & 1n) === 0n) align++;
  if (align < 2) return 2;
  return Math.min(align, MAXSECTALIGN);
}
function alignUp(value, log2) {
  const a = 2 ** log2;
  return Math.ceil(value / a) * a;
}

// src/macho/read.ts
var ACCEPTED = "accepted: Mach-O or universal (fat) files built for macOS";
function identify(head) {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length < 4) return { kind: "other", what: "too short" };
  const be = b.readUInt32BE(0);
  const le = b.readUInt32LE(0);
  if (be === MH_MAGIC || be === MH_MAGIC_64 || le === MH_MAGIC || le === MH_MAGIC_64) return { kind: "thin" };
  if (be === FAT_MAGIC || be === FAT_MAGIC_64) {
    if (b.length < 8) return { kind: "other", what: "too short" };
    const n = b.readUInt32BE(4);
    if (be === FAT_MAGIC && n >= 43) return { kind: "java-class", minor: b.readUInt16BE(4), major: b.readUInt16BE(6) };
    return { kind: "fat", is64: be === FAT_MAGIC_64, nfat: n };
  }
  if (be === 2135247942) return { kind: "other", what: "an ELF file" };
  if (b.subarray(0, 2).toString("latin1") === "MZ") return { kind: "other", what: "a Windows PE file" };
  if (b.subarray(0, 7).toString("latin1") === "!<arch>") return { kind: "other", what: "a static archive, not supported" };
  if (b.subarray(0, 2).toString("latin1") === "#!") return { kind: "other", what: "a script" };
  if (b.subarray(0, 2).toString("latin1") === "PK") return { kind: "other", what: "a zip archive" };
  return { kind: "other", what: `starts with ${b.subarray(0, 4).toString("hex")}` };
}
function describeNotMachO(path, id) {
  if (id.kind === "java-class") return new UserError(`${path}: is a Java class file (class version ${id.major}.${id.minor}), not Mach-O; ${ACCEPTED}`);
  const what = id.kind === "other" ? id.what : id.kind;
  return new UserError(`${path}: not a Mach-O file (${what}); ${ACCEPTED}`);
}
function parseFatHeader(buf, path, fileSize) {
  const magic = buf.readUInt32BE(0);
  const is64 = magic === FAT_MAGIC_64;
  const n = buf.readUInt32BE(4);
  if (n === 0) throw new UserError(`${path}: universal file has no architectures; ${ACCEPTED}`);
  const entry = is64 ? FAT_ARCH_64_SIZE : FAT_ARCH_SIZE;
  const tableEnd = FAT_HEADER_SIZE + n * entry;
  if (buf.length < tableEnd || tableEnd > fileSize)
    throw new UserError(`${path}: truncated universal file (arch table of ${n} entries does not fit); ${ACCEPTED}`);
  const arches = [];
  for (let i = 0; i < n; i++) {
    const o = FAT_HEADER_SIZE + i * entry;
    const cputype = buf.readUInt32BE(o);
    const cpusubtype = buf.readUInt32BE(o + 4);
    const offset = is64 ? Number(buf.readBigUInt64BE(o + 8)) : buf.readUInt32BE(o + 8);
    const size = is64 ? Number(buf.readBigUInt64BE(o + 16)) : buf.readUInt32BE(o + 12);
    const align = buf.readUInt32BE(is64 ? o + 24 : o + 16);
    if (offset < tableEnd || offset + size > fileSize)
      throw new UserError(
        `${path}: universal file is truncated or malformed (${archName(cputype, cpusubtype)} slice at ${offset}+${size} lies outside 0..${fileSize}); ${ACCEPTED}`
      );
    arches.push({ cputype, cpusubtype, offset, size, align });
  }
  return { is64, arches };
}
function thinHeaderLength(head) {
  const be = head.readUInt32BE(0);
  const le = be === MH_CIGAM || be === MH_CIGAM_64;
  const is64 = be === MH_MAGIC_64 || be === MH_CIGAM_64;
  const sizeofcmds = le ? head.readUInt32LE(20) : head.readUInt32BE(20);
  return (is64 ? MACH_HEADER_64_SIZE : MACH_HEADER_SIZE) + sizeofcmds;
}
var MIN_VERSION_PLATFORM = {
  [LC_VERSION_MIN_MACOSX]: 1,
  [LC_VERSION_MIN_IPHONEOS]: 2,
  [LC_VERSION_MIN_TVOS]: 3,
  [LC_VERSION_MIN_WATCHOS]: 4
};
function parseThinHeader(buf, path, sliceSize) {
  if (buf.length < MACH_HEADER_SIZE) throw new UserError(`${path}: truncated Mach-O header; ${ACCEPTED}`);
  const magicBE = buf.readUInt32BE(0);
  const littleEndian = magicBE === MH_CIGAM || magicBE === MH_CIGAM_64;
  const is64 = magicBE === MH_MAGIC_64 || magicBE === MH_CIGAM_64;
  if (!littleEndian && magicBE !== MH_MAGIC && magicBE !== MH_MAGIC_64)
    throw new UserError(`${path}: not a Mach-O file (starts with ${buf.subarray(0, 4).toString("hex")}); ${ACCEPTED}`);
  const u32 = (o2) => littleEndian ? buf.readUInt32LE(o2) : buf.readUInt32BE(o2);
  const u64 = (o2) => littleEndian ? buf.readBigUInt64LE(o2) : buf.readBigUInt64BE(o2);
  const headerSize = is64 ? MACH_HEADER_64_SIZE : MACH_HEADER_SIZE;
  const h = {
    is64,
    littleEndian,
    cputype: u32(4),
    cpusubtype: u32(8),
    filetype: u32(12),
    ncmds: u32(16),
    sizeofcmds: u32(20),
    flags: u32(24),
    segments: []
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
      const name = buf.subarray(o + 8, o + 24).toString("latin1").replace(/\0.*$/s, "");
      const seg = wide ? { name, vmaddr: u64(o + 24), vmsize: u64(o + 32), fileoff: Number(u64(o + 40)), filesize: Number(u64(o + 48)), sectionAligns: [] } : { name, vmaddr: BigInt(u32(o + 24)), vmsize: BigInt(u32(o + 28)), fileoff: u32(o + 32), filesize: u32(o + 36), sectionAligns: [] };
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
    } else if (cmd in MIN_VERSION_PLATFORM && h.platform === void 0) {
      h.platform = MIN_VERSION_PLATFORM[cmd];
    } else if (cmd === LC_CODE_SIGNATURE) {
      h.codeSignature = { dataoff: u32(o + 8), datasize: u32(o + 12) };
    }
    o += cmdsize;
  }
  return h;
}
function bufferSource(buf) {
  return { size: buf.length, read: (position, length) => buf.subarray(position, Math.min(buf.length, position + length)) };
}
function fileSource(fh, size) {
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
    }
  };
}
function readSlice(src, path, offset, size) {
  const head = src.read(offset, Math.min(size, MACH_HEADER_64_SIZE));
  const id = identify(head);
  if (id.kind !== "thin") {
    if (id.kind === "fat") throw new UserError(`${path}: universal file nested inside a universal file; ${ACCEPTED}`);
    throw describeNotMachO(path, id);
  }
  if (head.length < MACH_HEADER_SIZE) throw new UserError(`${path}: truncated Mach-O header; ${ACCEPTED}`);
  const need = thinHeaderLength(head);
  if (need > size) throw new UserError(`${path}: truncated or malformed Mach-O (load commands extend past the end of the file); ${ACCEPTED}`);
  return parseThinHeader(src.read(offset, need), path, size);
}
function parseMachO(src, path) {
  const head = src.read(0, 8);
  const id = identify(head);
  if (id.kind === "thin") {
    const header = readSlice(src, path, 0, src.size);
    const slice = {
      path,
      offset: 0,
      size: src.size,
      align: sliceAlignment(header),
      arch: archName(header.cputype, header.cpusubtype),
      cputype: header.cputype,
      cpusubtype: header.cpusubtype,
      header
    };
    return { fat: null, slices: [slice] };
  }
  if (id.kind !== "fat") throw describeNotMachO(path, id);
  const entry = id.is64 ? FAT_ARCH_64_SIZE : FAT_ARCH_SIZE;
  if (FAT_HEADER_SIZE + id.nfat * entry > src.size)
    throw new UserError(`${path}: truncated universal file (arch table of ${id.nfat} entries does not fit); ${ACCEPTED}`);
  const fat = parseFatHeader(src.read(0, FAT_HEADER_SIZE + id.nfat * entry), path, src.size);
  const slices = [];
  for (const a of fat.arches) {
    const where = `${path} (${archName(a.cputype, a.cpusubtype)} slice)`;
    const header = readSlice(src, where, a.offset, a.size);
    if (header.cputype !== a.cputype || ((header.cpusubtype ^ a.cpusubtype) & 16777215) !== 0)
      throw new UserError(
        `${where}: fat_arch says ${archName(a.cputype, a.cpusubtype)} but the slice is ${archName(header.cputype, header.cpusubtype)}; ${ACCEPTED}`
      );
    slices.push({
      path,
      offset: a.offset,
      size: a.size,
      align: a.align,
      arch: archName(a.cputype, a.cpusubtype),
      cputype: a.cputype,
      cpusubtype: a.cpusubtype,
      header
    });
  }
  return { fat: { is64: fat.is64 }, slices };
}
async function readMachO(path) {
  let fh;
  try {
    fh = await open(path, "r");
  } catch (err) {
    const code = err.code;
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

export {
  FAT_MAGIC,
  MH_MAGIC_64,
  FAT_HEADER_SIZE,
  FAT_ARCH_SIZE,
  MACH_HEADER_64_SIZE,
  MAXSECTALIGN,
  CPU_TYPE_ARM64,
  MH_OBJECT,
  MH_EXECUTE,
  MH_DYLIB,
  LC_SEGMENT_64,
  LC_CODE_SIGNATURE,
  LC_VERSION_MIN_MACOSX,
  LC_BUILD_VERSION,
  PLATFORM_MACOS,
  filetypeName,
  platformName,
  baseSubtype,
  findArchByName,
  sameArch,
  archNames,
  sliceAlignment,
  alignUp,
  identify,
  bufferSource,
  parseMachO,
  readMachO
};
