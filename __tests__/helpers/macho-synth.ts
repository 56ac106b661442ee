/**
 * Synthetic Mach-O files for tests and the lipo bench: a valid 64-bit little-endian header with
 * __PAGEZERO, __TEXT and (optionally) a platform load command. Big sizes are made sparse with
 * ftruncate, so nothing large is written.
 */
import { open } from 'node:fs/promises';

export const CPU = { x86_64: 0x01000007, arm64: 0x0100000c, i386: 7, arm64_32: 0x0200000c } as const;
export const FILETYPE = { object: 1, execute: 2, dylib: 6, bundle: 8 } as const;

export interface SynthOptions {
  cputype: number;
  cpusubtype?: number;
  filetype?: number;
  /** LC_BUILD_VERSION platform (1 macOS, 2 iOS, ...); null for none. Default 1. */
  platform?: number | null;
  /** Use an LC_VERSION_MIN_* command (e.g. 0x24 macOS, 0x2f tvOS) instead of LC_BUILD_VERSION. */
  versionMinCmd?: number;
  /** __TEXT vmaddr; default 0x100000000. */
  textVmaddr?: bigint;
}

/** Header + load commands, padded to 4096 bytes; __TEXT maps the first 4096 bytes. */
export function syntheticMachO(o: SynthOptions): Buffer {
  const buf = Buffer.alloc(4096);
  const cmds: Buffer[] = [];
  const seg = (name: string, vmaddr: bigint, vmsize: bigint, fileoff: bigint, filesize: bigint, prot: number) => {
    const c = Buffer.alloc(72);
    c.writeUInt32LE(0x19, 0);
    c.writeUInt32LE(72, 4);
    c.write(name, 8, 'latin1');
    c.writeBigUInt64LE(vmaddr, 24);
    c.writeBigUInt64LE(vmsize, 32);
    c.writeBigUInt64LE(fileoff, 40);
    c.writeBigUInt64LE(filesize, 48);
    c.writeUInt32LE(prot, 56);
    c.writeUInt32LE(prot, 60);
    return c;
  };
  const text = o.textVmaddr ?? 0x100000000n;
  if (o.filetype === undefined || o.filetype === FILETYPE.execute) cmds.push(seg('__PAGEZERO', 0n, text, 0n, 0n, 0));
  cmds.push(seg('__TEXT', text, 0x4000n, 0n, 4096n, 5));
  if (o.versionMinCmd !== undefined) {
    const c = Buffer.alloc(16);
    c.writeUInt32LE(o.versionMinCmd, 0);
    c.writeUInt32LE(16, 4);
    c.writeUInt32LE(0x000b0000, 8);
    cmds.push(c);
  } else if (o.platform !== null) {
    const c = Buffer.alloc(24);
    c.writeUInt32LE(0x32, 0);
    c.writeUInt32LE(24, 4);
    c.writeUInt32LE(o.platform ?? 1, 8);
    c.writeUInt32LE(0x000b0000, 12);
    cmds.push(c);
  }
  const all = Buffer.concat(cmds);
  buf.writeUInt32LE(0xfeedfacf, 0);
  buf.writeUInt32LE(o.cputype >>> 0, 4);
  buf.writeUInt32LE((o.cpusubtype ?? (o.cputype === CPU.x86_64 || o.cputype === CPU.i386 ? 3 : 0)) >>> 0, 8);
  buf.writeUInt32LE(o.filetype ?? FILETYPE.execute, 12);
  buf.writeUInt32LE(cmds.length, 16);
  buf.writeUInt32LE(all.length, 20);
  buf.writeUInt32LE(0x200085, 24);
  all.copy(buf, 32);
  return buf;
}

/** Writes a synthetic Mach-O of `size` bytes; bytes past the header are a hole (sparse) unless `fill`. */
export async function writeSyntheticMachO(path: string, o: SynthOptions, size = 4096, fill?: number): Promise<void> {
  const fh = await open(path, 'w', 0o755);
  try {
    await fh.write(syntheticMachO(o), 0, 4096, 0);
    if (fill !== undefined) {
      const chunk = Buffer.alloc(1 << 20, fill);
      for (let pos = 4096; pos < size; pos += chunk.length) await fh.write(chunk, 0, Math.min(chunk.length, size - pos), pos);
    }
    await fh.truncate(size);
  } finally {
    await fh.close();
  }
}
