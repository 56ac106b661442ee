/**
 * Reads what an artifact really is from its header: ELF, PE, Mach-O (thin or fat), ar archives
 * (c-archive, looking at the objects inside) and WebAssembly — and checks it against what the
 * plan expected. `describeArtifact` is pure over bytes; `inspectFile`/`checkArtifact` read files.
 */
import { open } from 'node:fs/promises';
import type { ArtifactExpectation } from './plan.js';

export type ArtifactFormat = 'elf' | 'pe' | 'macho' | 'macho-fat' | 'ar' | 'wasm' | 'unknown';
export type ArtifactKind = 'executable' | 'shared' | 'object' | 'archive' | 'unknown';

export interface ArtifactInfo {
  format: ArtifactFormat;
  /** GOARCH names where known (amd64, arm64, 386, arm, ...), else the raw number as text. */
  arch?: string;
  /** Fat Mach-O and archives: every architecture found. */
  arches?: string[];
  kind: ArtifactKind;
  /** ELF: 32 or 64. */
  bits?: number;
  /** ELF: e_type 2 (EXEC) or 3 (DYN); with `interp` a DYN is a PIE executable. */
  elfType?: number;
  interp?: boolean;
  /** PE: 2 = GUI, 3 = console. */
  subsystem?: number;
  /** PE: IMAGE_FILE_DLL set. */
  dll?: boolean;
  /** Mach-O: raw cputype / filetype. */
  cputype?: number;
  filetype?: number;
  /** For archives: format of the first object member. */
  memberFormat?: ArtifactFormat;
}

const ELF_MACHINE: Record<number, string> = { 0x03: '386', 0x28: 'arm', 0x3e: 'amd64', 0xb7: 'arm64', 0xf3: 'riscv64', 0x15: 'ppc64', 0x16: 's390x', 0x102: 'loong64', 0x08: 'mips' };
const PE_MACHINE: Record<number, string> = { 0x14c: '386', 0x8664: 'amd64', 0xaa64: 'arm64', 0x1c4: 'arm' };
const MACHO_CPU: Record<number, string> = { 0x01000007: 'amd64', 0x0100000c: 'arm64', 7: '386', 12: 'arm' };
const MH_EXECUTE = 2;
const MH_DYLIB = 6;
const MH_OBJECT = 1;

/** Describes an artifact from its first bytes (64 KiB is plenty for everything but large archives). */
export function describeArtifact(buf: Buffer): ArtifactInfo {
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0x7f454c46) return describeElf(buf);
  if (buf.length >= 2 && buf.toString('latin1', 0, 2) === 'MZ') return describePe(buf);
  if (buf.length >= 8 && buf.toString('latin1', 0, 8) === '!<arch>\n') return describeAr(buf);
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0x0061736d) return { format: 'wasm', arch: 'wasm', kind: 'executable' };
  if (buf.length >= 8) {
    const be = buf.readUInt32BE(0);
    if (be === 0xcafebabe || be === 0xcafebabf) {
      const n = buf.readUInt32BE(4);
      if (n > 0 && n < 32) return describeFat(buf, be === 0xcafebabf);
    }
    const le = buf.readUInt32LE(0);
    if (le === 0xfeedfacf || le === 0xfeedface) return describeMacho(buf);
    // COFF object (inside a Windows c-archive): starts with the machine number.
    const coff = PE_MACHINE[buf.readUInt16LE(0)];
    if (coff) return { format: 'pe', arch: coff, kind: 'object' };
  }
  return { format: 'unknown', kind: 'unknown' };
}

function describeElf(b: Buffer): ArtifactInfo {
  const bits = b[4] === 2 ? 64 : 32;
  const le = b[5] !== 2;
  const u16 = (o: number): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const uN = (o: number): number => (bits === 64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(o));
  const type = u16(16);
  const machine = u16(18);
  let arch = ELF_MACHINE[machine] ?? String(machine);
  if (arch === 'ppc64' && le) arch = 'ppc64le';
  // Program headers: look for PT_INTERP (3) to tell a PIE executable from a shared library.
  const phoff = uN(bits === 64 ? 32 : 28);
  const phentsize = u16(bits === 64 ? 54 : 42);
  const phnum = u16(bits === 64 ? 56 : 44);
  let interp = false;
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (o + 4 > b.length) break;
    if (u32(o) === 3) interp = true;
  }
  const kind: ArtifactKind = type === 2 ? 'executable' : type === 3 ? (interp ? 'executable' : 'shared') : type === 1 ? 'object' : 'unknown';
  return { format: 'elf', arch, bits, elfType: type, interp, kind };
}

function describePe(b: Buffer): ArtifactInfo {
  const off = b.length >= 0x40 ? b.readUInt32LE(0x3c) : 0;
  if (off + 24 > b.length || b.toString('latin1', off, off + 4) !== 'PE\0\0') return { format: 'unknown', kind: 'unknown' };
  const machine = b.readUInt16LE(off + 4);
  const characteristics = b.readUInt16LE(off + 22);
  const opt = off + 24;
  const subsystem = opt + 70 <= b.length ? b.readUInt16LE(opt + 68) : undefined;
  const dll = (characteristics & 0x2000) !== 0;
  return { format: 'pe', arch: PE_MACHINE[machine] ?? `0x${machine.toString(16)}`, kind: dll ? 'shared' : 'executable', subsystem, dll };
}

function machoKind(filetype: number): ArtifactKind {
  return filetype === MH_EXECUTE ? 'executable' : filetype === MH_DYLIB ? 'shared' : filetype === MH_OBJECT ? 'object' : 'unknown';
}

function describeMacho(b: Buffer): ArtifactInfo {
  const cputype = b.readUInt32LE(4);
  const filetype = b.readUInt32LE(12);
  return { format: 'macho', arch: MACHO_CPU[cputype] ?? `0x${cputype.toString(16)}`, cputype, filetype, kind: machoKind(filetype) };
}

function describeFat(b: Buffer, fat64: boolean): ArtifactInfo {
  const n = b.readUInt32BE(4);
  const size = fat64 ? 32 : 20;
  const arches: string[] = [];
  let filetype: number | undefined;
  for (let i = 0; i < n; i++) {
    const o = 8 + i * size;
    if (o + size > b.length) break;
    const cpu = b.readUInt32BE(o);
    arches.push(MACHO_CPU[cpu] ?? `0x${cpu.toString(16)}`);
    if (filetype === undefined) {
      const sliceOff = fat64 ? Number(b.readBigUInt64BE(o + 8)) : b.readUInt32BE(o + 8);
      if (sliceOff + 16 <= b.length) filetype = b.readUInt32LE(sliceOff + 12);
    }
  }
  return { format: 'macho-fat', arches, filetype, kind: filetype === undefined ? 'unknown' : machoKind(filetype) };
}

function describeAr(b: Buffer): ArtifactInfo {
  const arches = new Set<string>();
  let memberFormat: ArtifactFormat | undefined;
  let o = 8;
  while (o + 60 <= b.length) {
    const size = parseInt(b.toString('latin1', o + 48, o + 58).trim(), 10);
    if (!Number.isFinite(size)) break;
    const data = o + 60;
    const member = b.subarray(data, Math.min(b.length, data + size));
    if (member.length >= 64) {
      const d = describeArtifact(Buffer.from(member));
      if (d.format !== 'unknown' && d.format !== 'ar' && d.arch) {
        arches.add(d.arch);
        memberFormat ??= d.format;
      }
    }
    o = data + size + (size % 2);
  }
  const list = [...arches];
  return { format: 'ar', kind: 'archive', arch: list.length === 1 ? list[0] : undefined, arches: list, memberFormat };
}

/** Reads and describes a file (a c-archive is read whole, anything else by its first 64 KiB). */
export async function inspectFile(file: string): Promise<ArtifactInfo> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(8);
    await fh.read(head, 0, 8, 0);
    const whole = head.toString('latin1') === '!<arch>\n';
    const size = whole ? (await fh.stat()).size : 65536;
    const buf = Buffer.alloc(size);
    const { bytesRead } = await fh.read(buf, 0, size, 0);
    return describeArtifact(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

const FORMAT_FOR_OS: Record<string, ArtifactFormat> = { linux: 'elf', freebsd: 'elf', openbsd: 'elf', netbsd: 'elf', android: 'elf', solaris: 'elf', illumos: 'elf', dragonfly: 'elf', windows: 'pe', darwin: 'macho', ios: 'macho', js: 'wasm', wasip1: 'wasm' };

/** Compares a description with an expectation; returns human-readable mismatches (empty = fine). */
export function compareArtifact(info: ArtifactInfo, want: ArtifactExpectation & { fat?: boolean }): string[] {
  const bad: string[] = [];
  if (want.buildmode === 'c-archive') {
    if (info.format !== 'ar') return [`format is ${info.format}, want an ar archive (c-archive)`];
    const wantMember = FORMAT_FOR_OS[want.os];
    if (wantMember && info.memberFormat && info.memberFormat !== wantMember && !(wantMember === 'macho' && info.memberFormat === 'macho-fat')) {
      bad.push(`archive objects are ${info.memberFormat}, want ${wantMember}`);
    }
    if (!info.arches?.includes(want.arch)) bad.push(`archive objects are for ${info.arches?.join(', ') || 'no known arch'}, want ${want.arch}`);
    return bad;
  }
  const wantFormat = want.fat ? 'macho-fat' : FORMAT_FOR_OS[want.os];
  if (wantFormat && info.format !== wantFormat) return [`format is ${info.format}, want ${wantFormat}`];
  if (want.fat) {
    if (!info.arches?.includes('amd64') || !info.arches.includes('arm64')) bad.push(`fat binary holds ${info.arches?.join(', ')}, want amd64 and arm64`);
  } else if (info.arch !== want.arch) {
    bad.push(`arch is ${info.arch ?? 'unknown'}, want ${want.arch}`);
  }
  const wantKind: ArtifactKind = want.buildmode === 'c-shared' ? 'shared' : 'executable';
  if (info.kind !== wantKind) bad.push(`kind is ${info.kind}, want ${wantKind}`);
  if (want.buildmode === 'pie' && info.format === 'elf' && info.elfType !== 3) bad.push('ELF type is EXEC, want DYN (pie)');
  if (want.subsystem && info.format === 'pe') {
    const sub = info.subsystem === 2 ? 'gui' : info.subsystem === 3 ? 'console' : `subsystem ${info.subsystem}`;
    if (sub !== want.subsystem) bad.push(`Windows subsystem is ${sub}, want ${want.subsystem}`);
  }
  return bad;
}

/** Reads `file` and lists how it differs from the expectation (empty = matches). */
export async function checkArtifact(file: string, want: ArtifactExpectation & { fat?: boolean }): Promise<string[]> {
  let info: ArtifactInfo;
  try {
    info = await inspectFile(file);
  } catch (err) {
    return [`cannot read ${file}: ${(err as Error).message}`];
  }
  return compareArtifact(info, want);
}
