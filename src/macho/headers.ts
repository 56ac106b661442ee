/**
 * Mach-O and fat (universal) file constants, and the architecture names lipo uses.
 * Values come from <mach-o/loader.h>, <mach-o/fat.h>, <mach/machine.h> and cctools' arch table.
 */

export const FAT_MAGIC = 0xcafebabe;
export const FAT_MAGIC_64 = 0xcafebabf;
export const MH_MAGIC = 0xfeedface;
export const MH_CIGAM = 0xcefaedfe;
export const MH_MAGIC_64 = 0xfeedfacf;
export const MH_CIGAM_64 = 0xcffaedfe;

export const FAT_HEADER_SIZE = 8;
export const FAT_ARCH_SIZE = 20;
export const FAT_ARCH_64_SIZE = 32;
export const MACH_HEADER_SIZE = 28;
export const MACH_HEADER_64_SIZE = 32;

/** Largest alignment (as a power of two) lipo and the linker ever use. */
export const MAXSECTALIGN = 15;
/** The high byte of cpusubtype carries capability bits (e.g. CPU_SUBTYPE_LIB64, pointer auth ABI). */
export const CPU_SUBTYPE_MASK = 0xff000000;
export const CPU_ARCH_ABI64 = 0x01000000;
export const CPU_ARCH_ABI64_32 = 0x02000000;

export const CPU_TYPE_X86 = 7;
export const CPU_TYPE_X86_64 = CPU_TYPE_X86 | CPU_ARCH_ABI64;
export const CPU_TYPE_ARM = 12;
export const CPU_TYPE_ARM64 = CPU_TYPE_ARM | CPU_ARCH_ABI64;
export const CPU_TYPE_ARM64_32 = CPU_TYPE_ARM | CPU_ARCH_ABI64_32;
export const CPU_TYPE_POWERPC = 18;
export const CPU_TYPE_POWERPC64 = CPU_TYPE_POWERPC | CPU_ARCH_ABI64;

export const MH_OBJECT = 0x1;
export const MH_EXECUTE = 0x2;
export const MH_DYLIB = 0x6;

/** Mach-O file types 1..12 (MH_OBJECT .. MH_FILESET), by name. */
const FILETYPES = 'object|executable|fixed VM library|core|preload|dylib|dylinker|bundle|dylib stub|dSYM companion|kext bundle|fileset'.split('|');

export const LC_SEGMENT = 0x1;
export const LC_SEGMENT_64 = 0x19;
export const LC_CODE_SIGNATURE = 0x1d;
export const LC_VERSION_MIN_MACOSX = 0x24;
export const LC_VERSION_MIN_IPHONEOS = 0x25;
export const LC_VERSION_MIN_TVOS = 0x2f;
export const LC_VERSION_MIN_WATCHOS = 0x30;
export const LC_BUILD_VERSION = 0x32;

/** LC_BUILD_VERSION platforms 1..12 (PLATFORM_* in <mach-o/loader.h>), by name. */
const PLATFORMS = 'macos ios tvos watchos bridgeos maccatalyst iossimulator tvossimulator watchossimulator driverkit visionos visionossimulator'.split(' ');
export const PLATFORM_MACOS = 1;

/** The name of a value numbered from 1, else `<what> <n>`. */
const nameFrom =
  (names: readonly string[], what: string) =>
  (n: number): string =>
    (Number.isInteger(n) && n >= 1 ? names[n - 1] : undefined) ?? `${what} ${n}`;

export const filetypeName = nameFrom(FILETYPES, 'filetype');
export const platformName = nameFrom(PLATFORMS, 'platform');

export interface ArchFlag {
  name: string;
  cputype: number;
  /** Without capability bits. */
  cpusubtype: number;
  /** log2 of the page size the kernel maps this architecture with (cctools get_segalign_from_flag). */
  pageAlign: number;
}

/** The architectures lipo knows by name, in cctools' order (first match wins when printing). */
export const ARCH_FLAGS: readonly ArchFlag[] = [
  { name: 'i386', cputype: CPU_TYPE_X86, cpusubtype: 3, pageAlign: 12 },
  { name: 'x86_64', cputype: CPU_TYPE_X86_64, cpusubtype: 3, pageAlign: 12 },
  { name: 'x86_64h', cputype: CPU_TYPE_X86_64, cpusubtype: 8, pageAlign: 12 },
  { name: 'arm', cputype: CPU_TYPE_ARM, cpusubtype: 0, pageAlign: 14 },
  { name: 'armv4t', cputype: CPU_TYPE_ARM, cpusubtype: 5, pageAlign: 14 },
  { name: 'armv6', cputype: CPU_TYPE_ARM, cpusubtype: 6, pageAlign: 14 },
  { name: 'armv5', cputype: CPU_TYPE_ARM, cpusubtype: 7, pageAlign: 14 },
  { name: 'xscale', cputype: CPU_TYPE_ARM, cpusubtype: 8, pageAlign: 14 },
  { name: 'armv7', cputype: CPU_TYPE_ARM, cpusubtype: 9, pageAlign: 14 },
  { name: 'armv7f', cputype: CPU_TYPE_ARM, cpusubtype: 10, pageAlign: 14 },
  { name: 'armv7s', cputype: CPU_TYPE_ARM, cpusubtype: 11, pageAlign: 14 },
  { name: 'armv7k', cputype: CPU_TYPE_ARM, cpusubtype: 12, pageAlign: 14 },
  { name: 'armv6m', cputype: CPU_TYPE_ARM, cpusubtype: 14, pageAlign: 14 },
  { name: 'armv7m', cputype: CPU_TYPE_ARM, cpusubtype: 15, pageAlign: 14 },
  { name: 'armv7em', cputype: CPU_TYPE_ARM, cpusubtype: 16, pageAlign: 14 },
  { name: 'arm64', cputype: CPU_TYPE_ARM64, cpusubtype: 0, pageAlign: 14 },
  { name: 'arm64v8', cputype: CPU_TYPE_ARM64, cpusubtype: 1, pageAlign: 14 },
  { name: 'arm64e', cputype: CPU_TYPE_ARM64, cpusubtype: 2, pageAlign: 14 },
  { name: 'arm64_32', cputype: CPU_TYPE_ARM64_32, cpusubtype: 1, pageAlign: 14 },
  { name: 'ppc', cputype: CPU_TYPE_POWERPC, cpusubtype: 0, pageAlign: 12 },
  { name: 'ppc64', cputype: CPU_TYPE_POWERPC64, cpusubtype: 0, pageAlign: 12 },
];

/** Masks off the capability bits of a cpusubtype. */
export function baseSubtype(cpusubtype: number): number {
  return (cpusubtype & ~CPU_SUBTYPE_MASK) >>> 0;
}

export function findArchByName(name: string): ArchFlag | undefined {
  return ARCH_FLAGS.find((a) => a.name === name);
}

export function findArch(cputype: number, cpusubtype: number): ArchFlag | undefined {
  const sub = baseSubtype(cpusubtype);
  return ARCH_FLAGS.find((a) => a.cputype === cputype && a.cpusubtype === sub);
}

/** `x86_64`, `arm64`, or lipo's `unknown(cputype,subtype)` form. */
export function archName(cputype: number, cpusubtype: number): string {
  return findArch(cputype, cpusubtype)?.name ?? `unknown(${cputype >>> 0},${baseSubtype(cpusubtype)})`;
}

/** Same architecture for lipo: same cputype and same cpusubtype once capability bits are masked. */
export function sameArch(a: { cputype: number; cpusubtype: number }, b: { cputype: number; cpusubtype: number }): boolean {
  return a.cputype === b.cputype && baseSubtype(a.cpusubtype) === baseSubtype(b.cpusubtype);
}

export function archNames(): string {
  return ARCH_FLAGS.map((a) => a.name).join(', ');
}
