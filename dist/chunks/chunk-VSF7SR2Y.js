import {
  MH_DYLIB,
  MH_EXECUTE,
  MH_OBJECT,
  bufferSource,
  identify,
  parseMachO,
  readMachO
} from "./chunk-L373MPJF.js";
import {
  open
} from "./chunk-RH66WDZH.js";

// src/compile/inspect.ts
var ELF_MACHINE = {
  3: "386",
  40: "arm",
  62: "amd64",
  183: "arm64",
  243: "riscv64",
  21: "ppc64",
  22: "s390x",
  258: "loong64",
  8: "mips"
};
var PE_MACHINE = { 332: "386", 34404: "amd64", 43620: "arm64", 452: "arm" };
var MACHO_CPU = { 16777223: "amd64", 16777228: "arm64", 7: "386", 12: "arm" };
function describeArtifact(buf, name = "artifact") {
  if (buf.length >= 4 && buf.readUInt32BE(0) === 2135247942) return describeElf(buf);
  if (buf.length >= 2 && buf.toString("latin1", 0, 2) === "MZ") return describePe(buf);
  if (buf.length >= 8 && buf.toString("latin1", 0, 8) === "!<arch>\n") return describeAr(buf);
  if (buf.length >= 4 && buf.readUInt32BE(0) === 6386541) return { format: "wasm", arch: "wasm", kind: "executable" };
  const id = identify(buf);
  if (id.kind === "thin" || id.kind === "fat") return describeMachO(parseMachO(bufferSource(buf), name));
  if (buf.length >= 8) {
    const coff = PE_MACHINE[buf.readUInt16LE(0)];
    if (coff) return { format: "pe", arch: coff, kind: "object" };
  }
  return { format: "unknown", kind: "unknown" };
}
function describeElf(b) {
  const bits = b[4] === 2 ? 64 : 32;
  const le = b[5] !== 2;
  const u16 = (o) => le ? b.readUInt16LE(o) : b.readUInt16BE(o);
  const u32 = (o) => le ? b.readUInt32LE(o) : b.readUInt32BE(o);
  const uN = (o) => bits === 64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(o);
  const type = u16(16);
  const machine = u16(18);
  let arch = ELF_MACHINE[machine] ?? String(machine);
  if (arch === "ppc64" && le) arch = "ppc64le";
  const phoff = uN(bits === 64 ? 32 : 28);
  const phentsize = u16(bits === 64 ? 54 : 42);
  const phnum = u16(bits === 64 ? 56 : 44);
  let interp = false;
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (o + 4 > b.length) break;
    if (u32(o) === 3) interp = true;
  }
  const kind = type === 2 ? "executable" : type === 3 ? interp ? "executable" : "shared" : type === 1 ? "object" : "unknown";
  return { format: "elf", arch, bits, elfType: type, interp, kind };
}
function describePe(b) {
  const off = b.length >= 64 ? b.readUInt32LE(60) : 0;
  if (off + 24 > b.length || b.toString("latin1", off, off + 4) !== "PE\0\0") return { format: "unknown", kind: "unknown" };
  const machine = b.readUInt16LE(off + 4);
  const characteristics = b.readUInt16LE(off + 22);
  const opt = off + 24;
  const subsystem = opt + 70 <= b.length ? b.readUInt16LE(opt + 68) : void 0;
  const dll = (characteristics & 8192) !== 0;
  return { format: "pe", arch: PE_MACHINE[machine] ?? `0x${machine.toString(16)}`, kind: dll ? "shared" : "executable", subsystem, dll };
}
function machoKind(filetype) {
  return filetype === MH_EXECUTE ? "executable" : filetype === MH_DYLIB ? "shared" : filetype === MH_OBJECT ? "object" : "unknown";
}
var machoArch = (cputype) => MACHO_CPU[cputype] ?? `0x${cputype.toString(16)}`;
function describeMachO(file) {
  const first = file.slices[0];
  const filetype = first.header.filetype;
  if (file.fat) return { format: "macho-fat", arches: file.slices.map((s) => machoArch(s.cputype)), filetype, kind: machoKind(filetype) };
  return { format: "macho", arch: machoArch(first.cputype), cputype: first.cputype, filetype, kind: machoKind(filetype) };
}
function describeAr(b) {
  const arches = /* @__PURE__ */ new Set();
  let memberFormat;
  let o = 8;
  while (o + 60 <= b.length) {
    const size = parseInt(b.toString("latin1", o + 48, o + 58).trim(), 10);
    if (!Number.isFinite(size)) break;
    const data = o + 60;
    const member = b.subarray(data, Math.min(b.length, data + size));
    if (member.length >= 64) {
      let d;
      try {
        d = describeArtifact(Buffer.from(member), "archive member");
      } catch {
        d = { format: "unknown", kind: "unknown" };
      }
      if (d.format !== "unknown" && d.format !== "ar" && d.arch) {
        arches.add(d.arch);
        memberFormat ??= d.format;
      }
    }
    o = data + size + size % 2;
  }
  const list = [...arches];
  return { format: "ar", kind: "archive", arch: list.length === 1 ? list[0] : void 0, arches: list, memberFormat };
}
async function inspectFile(file) {
  const fh = await open(file, "r");
  try {
    const head = Buffer.alloc(8);
    const { bytesRead: headLength } = await fh.read(head, 0, 8, 0);
    const id = identify(head.subarray(0, headLength));
    if (id.kind === "thin" || id.kind === "fat") return describeMachO(await readMachO(file));
    const whole = head.toString("latin1") === "!<arch>\n";
    const size = whole ? (await fh.stat()).size : 65536;
    const buf = Buffer.alloc(size);
    const { bytesRead } = await fh.read(buf, 0, size, 0);
    return describeArtifact(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}
var FORMAT_FOR_OS = {
  linux: "elf",
  freebsd: "elf",
  openbsd: "elf",
  netbsd: "elf",
  android: "elf",
  solaris: "elf",
  illumos: "elf",
  dragonfly: "elf",
  windows: "pe",
  darwin: "macho",
  ios: "macho",
  js: "wasm",
  wasip1: "wasm"
};
function compareArtifact(info, want) {
  const bad = [];
  if (want.buildmode === "c-archive") {
    if (info.format !== "ar") return [`format is ${info.format}, want an ar archive (c-archive)`];
    const wantMember = FORMAT_FOR_OS[want.os];
    if (wantMember && info.memberFormat && info.memberFormat !== wantMember && !(wantMember === "macho" && info.memberFormat === "macho-fat")) {
      bad.push(`archive objects are ${info.memberFormat}, want ${wantMember}`);
    }
    if (!info.arches?.includes(want.arch)) bad.push(`archive objects are for ${info.arches?.join(", ") || "no known arch"}, want ${want.arch}`);
    return bad;
  }
  const wantFormat = want.fat ? "macho-fat" : FORMAT_FOR_OS[want.os];
  if (wantFormat && info.format !== wantFormat) return [`format is ${info.format}, want ${wantFormat}`];
  if (want.fat) {
    if (!info.arches?.includes("amd64") || !info.arches.includes("arm64")) bad.push(`fat binary holds ${info.arches?.join(", ")}, want amd64 and arm64`);
  } else if (info.arch !== want.arch) {
    bad.push(`arch is ${info.arch ?? "unknown"}, want ${want.arch}`);
  }
  const wantKind = want.buildmode === "c-shared" ? "shared" : "executable";
  if (info.kind !== wantKind) bad.push(`kind is ${info.kind}, want ${wantKind}`);
  if (want.buildmode === "pie" && info.format === "elf" && info.elfType !== 3) bad.push("ELF type is EXEC, want DYN (pie)");
  if (want.subsystem && info.format === "pe") {
    const sub = info.subsystem === 2 ? "gui" : info.subsystem === 3 ? "console" : `subsystem ${info.subsystem}`;
    if (sub !== want.subsystem) bad.push(`Windows subsystem is ${sub}, want ${want.subsystem}`);
  }
  return bad;
}
async function checkArtifact(file, want) {
  let info;
  try {
    info = await inspectFile(file);
  } catch (err) {
    return [`cannot read ${file}: ${err.message}`];
  }
  return compareArtifact(info, want);
}

export {
  describeArtifact,
  inspectFile,
  compareArtifact,
  checkArtifact
};
