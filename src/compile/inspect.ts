/**
 * Reads what an artifact really is from its header: ELF, PE, Mach-O (thin or fat, through the
 * one Mach-O reader in ../macho/read.ts), ar archives (c-archive, looking at the objects inside)
 * and WebAssembly — and checks it against what the plan expected. `describeArtifact` is pure over
 * bytes; `inspectFile`/`checkArtifact` read files.
 */
import { open } from '../system/owned-fs.js'; // read-only: allowed anywhere
import { MH_DYLIB, MH_EXECUTE, MH_OBJECT } from '../macho/headers.js';
import { bufferSource, identify, parseMachO, readMachO, type MachOFile } from '../macho/read.js';
import type { ArtifactExpectation } from './plan.js';

export type ArtifactFormat = 'elf' | 'pe' | 'macho' | 'macho-fat' | 'ar' | 'wasm' | 'unknown';
/** What a binary is for the loader (not the release registry's artifact kinds). */
export type BinaryKind = 'executable' | 'shared' | 'object' | 'archive' | 'unknown';

export interface ArtifactInfo {
  format: ArtifactFormat;
  /** GOARCH names where known (amd64, arm64, 386, arm, ...), else the raw number as text. */
  arch?: string;
  /** Fat Mach-O and archives: every architecture found. */
  arches?: string[];
  kind: BinaryKind;
  /** ELF: 32 or 64. */
  bits?: number;
  /** ELF: e_type 2 (EXEC) or 3 (DYN); with `interp` a DYN is a PIE executable. */
  elfType?: number;
  interp?: boolean;
  /** PE: 2 = GUI, 3 = console. */
  subsystem?: number;
  /** PE: IMAGE_FILE_DLL set. */
  dll?: boolean;
  /** Mach-O: raw cputype (thin) / filetype (of the first slice when fat). */
  cputype?: number;
  filetype?: number;
  /** For archives: format of the first object member. */
  memberFormat?: ArtifactFormat;
}

const ELF_MACHINE: Record<number, string> = {
  0x03: '386',
  0x28: 'arm',
  0x3e: 'amd64',
  0xb7: 'arm64',
  0xf3: 'riscv64',
  0x15: 'ppc64',
  0x16: 's390x',
  0x102: 'loong64',
  0x08: 'mips',
};
const PE_MACHINE: Record<number, string> = { 0x14c: '386', 0x8664: 'amd64', 0xaa64: 'arm64', 0x1c4: 'arm' };
const MACHO_CPU: Record<number, string> = { 0x01000007: 'amd64', 0x0100000c: 'arm64', 7: '386', 12: 'arm' };

/**
 * Describes an artifact from its first bytes (64 KiB is plenty for ELF and PE; an archive or a
 * Mach-O file must be whole). Throws UserError for a malformed Mach-O file.
 */
export function describeArtifact(buf: Buffer, name = 'artifact'): ArtifactInfo {
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0x7f454c46) return describeElf(buf);
  if (buf.length >= 2 && buf.toString('latin1', 0, 2) === 'MZ') return describePe(buf);
  if (buf.length >= 8 && buf.toString('latin1', 0, 8) === '!<arch>\n') return describeAr(buf);
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0x0061736d) return { format: 'wasm', arch: 'wasm', kind: 'executable' };
  const id = identify(buf);
  if (id.kind === 'thin' || id.kind === 'fat') return describeMachO(parseMachO(bufferSource(buf), name));
  if (buf.length >= 8) {
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
  const kind: BinaryKind = type === 2 ? 'executable' : type === 3 ? (interp ? 'executable' : 'shared') : type === 1 ? 'object' : 'unknown';
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

function machoKind(filetype: number): BinaryKind {
  return filetype === MH_EXECUTE ? 'executable' : filetype === MH_DYLIB ? 'shared' : filetype === MH_OBJECT ? 'object' : 'unknown';
}

const machoArch = (cputype: number): string => MACHO_CPU[cputype] ?? `0x${cputype.toString(16)}`;

/** A thin or fat Mach-O as the reader parsed it. */
function describeMachO(file: Pick<MachOFile, 'fat' | 'slices'>): ArtifactInfo {
  const first = file.slices[0];
  const filetype = first.header.filetype;
  if (file.fat) return { format: 'macho-fat', arches: file.slices.map((s) => machoArch(s.cputype)), filetype, kind: machoKind(filetype) };
  return { format: 'macho', arch: machoArch(first.cputype), cputype: first.cputype, filetype, kind: machoKind(filetype) };
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
      let d: ArtifactInfo;
      try {
        d = describeArtifact(Buffer.from(member), 'archive member');
      } catch {
        d = { format: 'unknown', kind: 'unknown' }; // a malformed Mach-O object: no arch to count
      }
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

/**
 * Reads and describes a file: Mach-O through readMachO (the headers of every slice), a c-archive
 * read whole, anything else by its first 64 KiB. Throws UserError for a malformed Mach-O file.
 */
export async function inspectFile(file: string): Promise<ArtifactInfo> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead: headLength } = await fh.read(head, 0, 8, 0);
    const id = identify(head.subarray(0, headLength));
    if (id.kind === 'thin' || id.kind === 'fat') return describeMachO(await readMachO(file));
    const whole = head.toString('latin1') === '!<arch>\n';
    const size = whole ? (await fh.stat()).size : 65536;
    const buf = Buffer.alloc(size);
    const { bytesRead } = await fh.read(buf, 0, size, 0);
    return describeArtifact(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

const FORMAT_FOR_OS: Partial<Record<string, ArtifactFormat>> = {
  linux: 'elf',
  freebsd: 'elf',
  openbsd: 'elf',
  netbsd: 'elf',
  android: 'elf',
  solaris: 'elf',
  illumos: 'elf',
  dragonfly: 'elf',
  windows: 'pe',
  darwin: 'macho',
  ios: 'macho',
  js: 'wasm',
  wasip1: 'wasm',
};

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
  const wantKind: BinaryKind = want.buildmode === 'c-shared' ? 'shared' : 'executable';
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
