/**
 * The shared libraries an ELF executable needs (DT_NEEDED), and the Debian packages and rpm
 * capabilities that provide them: the packages' Depends / Requires (what dpkg-shlibdeps and rpm's
 * find-requires would compute, for the libraries a Fyne app links). Pure: bytes in.
 */

/** DT_NEEDED sonames of a little- or big-endian ELF32/ELF64 file; [] when it is not dynamic ELF. */
export function elfNeeded(buf: Uint8Array): string[] {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 52 || b.readUInt32BE(0) !== 0x7f454c46) return [];
  const is64 = b[4] === 2;
  const le = b[5] === 1;
  const u16 = (o: number): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const addr = (o: number): number => (is64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(o));
  const shoff = addr(is64 ? 0x28 : 0x20);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  if (shoff === 0 || shoff + shnum * shentsize > b.length) return [];
  const sec = (i: number) => {
    const o = shoff + i * shentsize;
    return { type: u32(o + 4), offset: addr(o + (is64 ? 0x18 : 0x10)), size: addr(o + (is64 ? 0x20 : 0x14)), link: u32(o + (is64 ? 0x28 : 0x18)) };
  };
  const out: string[] = [];
  for (let i = 0; i < shnum; i++) {
    const s = sec(i);
    if (s.type !== 6 /* SHT_DYNAMIC */ || s.link >= shnum) continue;
    const str = sec(s.link);
    const ent = is64 ? 16 : 8;
    for (let o = s.offset; o + ent <= s.offset + s.size && o + ent <= b.length; o += ent) {
      const tag = addr(o);
      if (tag === 0) break;
      if (tag !== 1 /* DT_NEEDED */) continue;
      const start = str.offset + addr(o + (is64 ? 8 : 4));
      const end = b.indexOf(0, start);
      if (start < b.length && end > start) out.push(b.toString('latin1', start, end));
    }
  }
  return out;
}

/** soname -> Debian package (Debian 12 / Ubuntu 22.04+ names) for the libraries Fyne apps link. */
export const DEB_LIBRARY_PACKAGES: Readonly<Record<string, string>> = {
  'libc.so.6': 'libc6',
  'libm.so.6': 'libc6',
  'libpthread.so.0': 'libc6',
  'libdl.so.2': 'libc6',
  'librt.so.1': 'libc6',
  'libGL.so.1': 'libgl1',
  'libEGL.so.1': 'libegl1',
  'libGLESv2.so.2': 'libgles2',
  'libX11.so.6': 'libx11-6',
  'libXrandr.so.2': 'libxrandr2',
  'libXxf86vm.so.1': 'libxxf86vm1',
  'libXi.so.6': 'libxi6',
  'libXcursor.so.1': 'libxcursor1',
  'libXinerama.so.1': 'libxinerama1',
  'libXext.so.6': 'libxext6',
  'libXrender.so.1': 'libxrender1',
  'libwayland-client.so.0': 'libwayland-client0',
  'libwayland-cursor.so.0': 'libwayland-cursor0',
  'libwayland-egl.so.1': 'libwayland-egl1',
  'libxkbcommon.so.0': 'libxkbcommon0',
  'libasound.so.2': 'libasound2',
};

/** Depends (deb) and Requires (rpm, soname capabilities as rpm's find-requires writes them); unknown sonames listed. */
export function libraryDependencies(needed: string[], goarch: string): { deb: string[]; rpm: string[]; unknown: string[] } {
  const bits64 = !['386', 'arm', 'mips', 'mipsle'].includes(goarch);
  const deb = new Set<string>();
  const unknown: string[] = [];
  for (const so of needed) {
    const pkg = DEB_LIBRARY_PACKAGES[so];
    if (pkg) deb.add(pkg);
    else unknown.push(so);
  }
  const rpm = needed.filter((so) => /^[A-Za-z0-9._+-]+$/.test(so)).map((so) => `${so}()${bits64 ? '(64bit)' : ''}`);
  return { deb: [...deb].sort(), rpm: [...new Set(rpm)].sort(), unknown };
}
