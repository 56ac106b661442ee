/**
 * Built-in lipo: layout rules and every refusal, on small synthetic Mach-O files (big ones are
 * sparse, so nothing large is written).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile, stat, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { createUniversal, info, layoutFat, sliceAlignment, guessAlign, identify, verifyUniversal, readMachO, type Slice } from '../../src/macho/index.js';
import { CPU, FILETYPE, syntheticMachO, writeSyntheticMachO } from '../helpers/macho-synth.js';
import { findLlvmLipo } from '../helpers/macho-go.js';

const run = promisify(execFile);
const LLVM = findLlvmLipo();
const withLlvm = LLVM ? it : it.skip;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'macho-refuse-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function synth(name: string, o: Parameters<typeof syntheticMachO>[0], size?: number): Promise<string> {
  const p = join(dir, name);
  await writeSyntheticMachO(p, o, size);
  return p;
}

/** Runs createUniversal and returns the UserError message (one line, checked). */
async function refusal(inputs: string[]): Promise<string> {
  const output = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const err = await createUniversal({ inputs, output }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  const msg = (err as Error).message;
  expect(msg).not.toContain('\n');
  await expect(stat(output)).rejects.toMatchObject({ code: 'ENOENT' });
  return msg;
}

describe('refusals', () => {
  it('refuses files that are not Mach-O, naming the file', async () => {
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'hello world\n');
    const elf = join(dir, 'linux-bin');
    await writeFile(elf, Buffer.from('7f454c4602010100000000000000000003003e00', 'hex'));
    const empty = join(dir, 'empty');
    await writeFile(empty, '');
    const x = await synth('ok-x86', { cputype: CPU.x86_64 });
    expect(await refusal([x, text])).toBe(`${text}: not a Mach-O file (starts with 68656c6c); accepted: Mach-O or universal (fat) files built for macOS`);
    expect(await refusal([elf, x])).toMatch(/linux-bin: not a Mach-O file \(an ELF file\)/);
    expect(await refusal([empty])).toMatch(/empty: not a Mach-O file \(too short\)/);
    expect(await refusal([join(dir, 'missing')])).toMatch(/missing: cannot open \(ENOENT\)/);
  });

  it('tells a Java class file from a fat file by the word after 0xcafebabe', async () => {
    const cls = join(dir, 'Hello.class');
    // magic, minor 0, major 65 (Java 21), constant pool count...
    await writeFile(cls, Buffer.from('cafebabe00000041001d0a000200030700040c', 'hex'));
    expect(await refusal([cls])).toBe(
      `${cls}: is a Java class file (class version 65.0), not Mach-O; accepted: Mach-O or universal (fat) files built for macOS`,
    );
    expect(identify(Buffer.from('cafebabe00000002', 'hex'))).toEqual({ kind: 'fat', is64: false, nfat: 2 });
    expect(identify(Buffer.from('cafebabe0000002d', 'hex'))).toEqual({ kind: 'java-class', major: 45, minor: 0 });
    const emptyFat = join(dir, 'empty-fat');
    await writeFile(emptyFat, Buffer.from('cafebabe00000000', 'hex'));
    expect(await refusal([emptyFat])).toMatch(/universal file has no architectures/);
  });

  it('refuses duplicate architectures, ignoring capability bits of cpusubtype', async () => {
    const a = await synth('dup-a', { cputype: CPU.x86_64, cpusubtype: 3 });
    const b = await synth('dup-b', { cputype: CPU.x86_64, cpusubtype: 0x80000003 }); // CPU_SUBTYPE_LIB64
    expect(await refusal([a, b])).toBe(
      `${b}: duplicate architecture x86_64 (also in ${a}; cpusubtypes compared without capability bits); give each architecture once`,
    );
    // Also across a fat input that is flattened.
    const arm = await synth('dup-arm', { cputype: CPU.arm64 });
    const fat = join(dir, 'dup-fat');
    await createUniversal({ inputs: [a, arm], output: fat });
    expect(await refusal([fat, arm])).toMatch(/duplicate architecture arm64/);
  });

  it('accepts different subtypes of one cputype and orders them by subtype', async () => {
    const x = await synth('sub-x86_64', { cputype: CPU.x86_64, cpusubtype: 3 });
    const h = await synth('sub-x86_64h', { cputype: CPU.x86_64, cpusubtype: 8 });
    const r = await createUniversal({ inputs: [h, x], output: join(dir, 'subtypes') });
    expect(r.slices.map((s) => s.arch)).toEqual(['x86_64', 'x86_64h']);
  });

  it('refuses mixing an executable with a dylib', async () => {
    const exe = await synth('mix-exe', { cputype: CPU.x86_64 });
    const lib = await synth('mix-lib', { cputype: CPU.arm64, filetype: FILETYPE.dylib });
    expect(await refusal([exe, lib])).toBe(`${lib}: is a dylib but ${exe} is an executable; all inputs must have the same Mach-O file type`);
  });

  it('refuses inputs built for another Apple platform, by LC_BUILD_VERSION or LC_VERSION_MIN_*', async () => {
    const mac = await synth('plat-mac', { cputype: CPU.x86_64 });
    const ios = await synth('plat-ios', { cputype: CPU.arm64, platform: 2 });
    const tv = await synth('plat-tv', { cputype: CPU.arm64, versionMinCmd: 0x2f });
    const catalyst = await synth('plat-catalyst', { cputype: CPU.arm64, platform: 6 });
    expect(await refusal([mac, ios])).toBe(`${ios}: arm64 is built for ios, not macOS; universal inputs must be darwin (macOS) builds, e.g. GOOS=darwin`);
    expect(await refusal([mac, tv])).toMatch(/plat-tv: arm64 is built for tvos, not macOS/);
    expect(await refusal([mac, catalyst])).toMatch(/built for maccatalyst/);
    // LC_VERSION_MIN_MACOSX and no platform command at all are fine.
    const oldMac = await synth('plat-oldmac', { cputype: CPU.arm64, versionMinCmd: 0x24 });
    const none = await synth('plat-none', { cputype: CPU.arm64, platform: null });
    await expect(createUniversal({ inputs: [mac, oldMac], output: join(dir, 'plat-ok1') })).resolves.toBeDefined();
    await expect(createUniversal({ inputs: [mac, none], output: join(dir, 'plat-ok2') })).resolves.toBeDefined();
  });

  it('refuses a layout that needs fat64 (offset past 4 GiB), using sparse inputs', async () => {
    const big = await synth('sparse-x86', { cputype: CPU.x86_64 }, 0xfffff000);
    const arm = await synth('sparse-arm', { cputype: CPU.arm64 });
    expect((await stat(big)).blocks * 512).toBeLessThan(1 << 20); // really sparse
    // Guard: the pure layout must refuse first, so a regression can never write 4 GiB here.
    const slices = [await readMachO(arm), await readMachO(big)].flatMap((f) => f.slices);
    expect(() => layoutFat(slices)).toThrow(/does not fit the 32-bit fat header/);
    const msg = await refusal([arm, big]);
    expect(msg).toBe(
      `${arm}: arm64 slice (4096 bytes at offset 4294967296) does not fit the 32-bit fat header; a fat64 header would be needed, and macOS cannot load fat64 executables; keep the universal file under 4 GiB`,
    );
    expect(await readdir(dir)).not.toEqual(expect.arrayContaining([expect.stringMatching(/\.tmp$/)]));
  });

  it('refuses a slice larger than 4 GiB, using a sparse input', async () => {
    const huge = await synth('sparse-huge', { cputype: CPU.x86_64 }, 2 ** 32 + 4096);
    const hugeFile = await readMachO(huge); // guard: the pure layout refuses before anything is written
    expect(() => layoutFat(hugeFile.slices)).toThrow(/does not fit the 32-bit fat header/);
    expect(await refusal([huge])).toMatch(/x86_64 slice \(4294971392 bytes at offset 4096\) does not fit the 32-bit fat header/);
  });

  it('refuses truncated or inconsistent Mach-O headers', async () => {
    const bad = Buffer.from(syntheticMachO({ cputype: CPU.x86_64 }));
    bad.writeUInt32LE(100000, 20); // sizeofcmds past the end
    const p = join(dir, 'truncated');
    await writeFile(p, bad);
    expect(await refusal([p])).toMatch(/truncated: truncated or malformed Mach-O \(load commands extend past the end of the file\)/);
  });
});

describe('layout rules (pure)', () => {
  const src = (arch: string, cputype: number, cpusubtype: number, align: number, size = 1000): Slice => ({
    path: arch,
    offset: 0,
    size,
    align,
    arch,
    cputype,
    cpusubtype,
    header: { is64: true, littleEndian: true, cputype, cpusubtype, filetype: FILETYPE.execute, ncmds: 0, sizeofcmds: 0, flags: 0, segments: [] },
  });

  it('sorts like cctools: same cputype by subtype, arm64 family last, others by alignment', () => {
    const layout = layoutFat([
      src('arm64e', CPU.arm64, 2, 14),
      src('arm64', CPU.arm64, 0, 14),
      src('arm64_32', CPU.arm64_32, 1, 14),
      src('x86_64', CPU.x86_64, 3, 12),
      src('i386', CPU.i386, 3, 12),
    ]);
    expect(layout.slices.map((s) => s.arch)).toEqual(['x86_64', 'i386', 'arm64_32', 'arm64', 'arm64e']);
    // Offsets: header 8 + 5*20 = 108, each slice at its next alignment boundary.
    expect(layout.slices.map((s) => s.outOffset)).toEqual([4096, 8192, 16384, 32768, 49152]);
    expect(layout.totalSize).toBe(49152 + 1000);
    expect(layout.header.subarray(0, 8).toString('hex')).toBe('cafebabe00000005');
    expect(layout.header.subarray(8, 28).toString('hex')).toBe('01000007' + '00000003' + '00001000' + '000003e8' + '0000000c');
  });

  it('allows exactly 4 GiB - 1 offsets and refuses one past', () => {
    const ok = layoutFat([src('x86_64', CPU.x86_64, 3, 0, 0xffffffff - 48), src('arm64', CPU.arm64, 0, 0, 5)]);
    expect(ok.slices[1].outOffset).toBe(0xffffffff);
    expect(() => layoutFat([src('x86_64', CPU.x86_64, 3, 0, 0xffffffff - 47), src('arm64', CPU.arm64, 0, 0, 5)])).toThrow(
      /arm64 slice \(5 bytes at offset 4294967296\) does not fit the 32-bit fat header/,
    );
  });

  it('computes alignment like cctools get_align', () => {
    const seg = (vmaddr: bigint, sectionAligns: number[] = []) => ({ vmaddr, sectionAligns });
    expect(sliceAlignment({ cputype: CPU.x86_64, cpusubtype: 3, filetype: 2, is64: true, segments: [seg(0x100000000n)] })).toBe(12);
    expect(sliceAlignment({ cputype: CPU.arm64, cpusubtype: 0x80000002, filetype: 2, is64: true, segments: [] })).toBe(14);
    // Unknown cputype: smallest guess over segments; vmaddr 0 counts as 2^15.
    const unknown = { cputype: 99, cpusubtype: 0, is64: true };
    expect(sliceAlignment({ ...unknown, filetype: 2, segments: [seg(0n), seg(0x100000000n), seg(0x100002000n)] })).toBe(13);
    expect(sliceAlignment({ ...unknown, filetype: 2, segments: [seg(0n)] })).toBe(15);
    expect(sliceAlignment({ ...unknown, filetype: 1, segments: [seg(0n, [4, 6, 3])] })).toBe(6);
    expect(sliceAlignment({ ...unknown, filetype: 1, segments: [seg(0n, [0])] })).toBe(3);
    expect(guessAlign(0x1001n)).toBe(2);
    expect(guessAlign(0x4000n)).toBe(14);
    expect(guessAlign(1n << 40n)).toBe(15);
  });
});

describe('synthetic slices against llvm-lipo, and fat64 input', () => {
  withLlvm('matches llvm-lipo for four slices of two cputypes', async () => {
    const inputs = [
      await synth('s-arm64e', { cputype: CPU.arm64, cpusubtype: 2 }, 20000),
      await synth('s-x86_64h', { cputype: CPU.x86_64, cpusubtype: 8 }, 9000),
      await synth('s-arm64', { cputype: CPU.arm64 }, 30000),
      await synth('s-x86_64', { cputype: CPU.x86_64 }, 5000),
    ];
    await createUniversal({ inputs, output: join(dir, 's-ours') });
    await run(LLVM!, ['-create', ...inputs, '-output', join(dir, 's-llvm')]);
    expect((await readFile(join(dir, 's-ours'))).equals(await readFile(join(dir, 's-llvm')))).toBe(true);
    expect((await info(join(dir, 's-ours'))).archs).toEqual(['x86_64', 'x86_64h', 'arm64', 'arm64e']);
  });

  it('reads a fat64 file and flags it as unloadable for executables', async () => {
    const x = syntheticMachO({ cputype: CPU.x86_64 });
    const a = syntheticMachO({ cputype: CPU.arm64 });
    const file = Buffer.alloc(16384 + 4096);
    file.writeUInt32BE(0xcafebabf, 0);
    file.writeUInt32BE(2, 4);
    const entry = (i: number, cputype: number, sub: number, offset: number, align: number) => {
      const o = 8 + i * 32;
      file.writeUInt32BE(cputype, o);
      file.writeUInt32BE(sub, o + 4);
      file.writeBigUInt64BE(BigInt(offset), o + 8);
      file.writeBigUInt64BE(4096n, o + 16);
      file.writeUInt32BE(align, o + 24);
    };
    entry(0, CPU.x86_64, 3, 4096, 12);
    entry(1, CPU.arm64, 0, 16384, 14);
    x.copy(file, 4096);
    a.copy(file, 16384);
    const p = join(dir, 'fat64');
    await writeFile(p, file);
    const f = await readMachO(p);
    expect(f.fat).toEqual({ is64: true });
    expect(f.slices.map((s) => [s.arch, s.offset, s.align])).toEqual([
      ['x86_64', 4096, 12],
      ['arm64', 16384, 14],
    ]);
    const r = await verifyUniversal(p);
    expect(r.problems).toEqual([`${p}: executable with a fat64 header; macOS does not load fat64 executables`]);
    // Flattening a fat64 input gives a normal 32-bit fat file.
    const out = join(dir, 'from-fat64');
    await createUniversal({ inputs: [p], output: out });
    expect((await readFile(out)).subarray(0, 4).toString('hex')).toBe('cafebabe');
    expect((await verifyUniversal(out)).ok).toBe(true);
  });
});
