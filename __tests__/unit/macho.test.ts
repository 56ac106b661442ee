/**
 * Built-in lipo against real Go darwin binaries and llvm-lipo: byte-identical output, llvm-lipo
 * accepts our files, -thin round trips, and code signatures stay valid (and tampering is caught).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, stat, chmod, writeFile, readdir, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGoHello, findLlvmLipo, type GoHello } from '../helpers/macho-go.js';
import {
  createUniversal,
  info,
  readMachO,
  runLipo,
  thin,
  verifyArch,
  verifyUniversal,
  parseEmbeddedSignature,
  verifySliceSignature,
  bufferReader,
  parseThinHeader,
  parseMachO,
  bufferSource,
} from '../../src/macho/index.js';
import { describeArtifact, inspectFile } from '../../src/compile/inspect.js';

const run = promisify(execFile);
const LLVM = findLlvmLipo();
const withLlvm = LLVM ? it : it.skip;

let dir: string;
let go: GoHello;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'macho-test-'));
  go = await buildGoHello(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

describe('createUniversal with Go darwin binaries', () => {
  it('lays out x86_64 at 2^12 then arm64 at 2^14, whatever the input order', async () => {
    const a = await createUniversal({ inputs: [go.arm64, go.amd64], output: join(dir, 'u1') });
    await createUniversal({ inputs: [go.amd64, go.arm64], output: join(dir, 'u2') });
    expect(a.slices.map((s) => [s.arch, s.align])).toEqual([
      ['x86_64', 12],
      ['arm64', 14],
    ]);
    expect(a.slices[0].offset).toBe(4096);
    expect(a.slices[1].offset % 16384).toBe(0);
    // Buffer.equals, not toEqual: jest's deep equality walks a multi-MB Buffer key by key (130 s of CPU here)
    expect((await readFile(join(dir, 'u1'))).equals(await readFile(join(dir, 'u2')))).toBe(true);
    expect((await stat(join(dir, 'u1'))).size).toBe(a.size);
    const head = (await readFile(join(dir, 'u1'))).subarray(0, 8);
    expect(head.toString('hex')).toBe('cafebabe00000002');
  });

  withLlvm('is byte-identical to llvm-lipo -create for both input orders', async () => {
    for (const [i, order] of [
      [go.amd64, go.arm64],
      [go.arm64, go.amd64],
    ].entries()) {
      const ours = join(dir, `ours-${i}`);
      const theirs = join(dir, `llvm-${i}`);
      await createUniversal({ inputs: order, output: ours });
      await run(LLVM!, ['-create', ...order, '-output', theirs]);
      const [x, y] = [await readFile(ours), await readFile(theirs)];
      expect(x.length).toBe(y.length);
      expect(x.equals(y)).toBe(true);
    }
  });

  withLlvm('is accepted by llvm-lipo -info, -archs and -verify_arch', async () => {
    const out = join(dir, 'for-llvm');
    await createUniversal({ inputs: [go.amd64, go.arm64], output: out });
    const infoOut = await run(LLVM!, ['-info', out]);
    expect(infoOut.stdout).toContain('Architectures in the fat file');
    expect(infoOut.stdout).toContain('x86_64 arm64');
    await expect(run(LLVM!, [out, '-verify_arch', 'x86_64', 'arm64'])).resolves.toBeDefined();
    await expect(run(LLVM!, [out, '-verify_arch', 'i386'])).rejects.toMatchObject({ code: 1 });
    // Our -info prints what llvm-lipo prints.
    const c = capture();
    expect(await runLipo(['-info', out], c.io)).toBe(0);
    expect(c.out.join('')).toBe(infoOut.stdout);
    const thinInfo = await run(LLVM!, ['-info', go.arm64]);
    const c2 = capture();
    await runLipo(['-info', go.arm64], c2.io);
    expect(c2.out.join('')).toBe(thinInfo.stdout);
    const archsOut = await run(LLVM!, ['-archs', out]);
    const c3 = capture();
    await runLipo(['-archs', out], c3.io);
    expect(c3.out.join('')).toBe(archsOut.stdout);
  });

  withLlvm('-thin gives back each input byte for byte (ours and llvm-lipo on our file)', async () => {
    const fat = join(dir, 'thin-src');
    await createUniversal({ inputs: [go.amd64, go.arm64], output: fat });
    for (const [arch, input] of [
      ['x86_64', go.amd64],
      ['arm64', go.arm64],
    ] as const) {
      const ours = join(dir, `thin-ours-${arch}`);
      const theirs = join(dir, `thin-llvm-${arch}`);
      await thin(fat, arch, ours);
      await run(LLVM!, [fat, '-thin', arch, '-output', theirs]);
      const want = await readFile(input);
      expect((await readFile(ours)).equals(want)).toBe(true);
      expect((await readFile(theirs)).equals(want)).toBe(true);
    }
  });

  withLlvm('reads llvm-lipo output and flattens fat inputs', async () => {
    const llvmFat = join(dir, 'llvm-fat');
    await run(LLVM!, ['-create', go.amd64, go.arm64, '-output', llvmFat]);
    expect(await info(llvmFat)).toEqual({ fat: true, archs: ['x86_64', 'arm64'] });
    const amdOnly = join(dir, 'fat-amd-only');
    await run(LLVM!, ['-create', go.amd64, '-output', amdOnly]);
    const merged = join(dir, 'merged-from-fat');
    await createUniversal({ inputs: [go.arm64, amdOnly], output: merged });
    expect((await readFile(merged)).equals(await readFile(llvmFat))).toBe(true);
    const again = join(dir, 'fat-of-fat');
    await createUniversal({ inputs: [llvmFat], output: again });
    expect((await readFile(again)).equals(await readFile(llvmFat))).toBe(true);
  });

  it('takes the union of the input modes, leaves no temp file, replaces an existing output', async () => {
    const sub = await mkdtemp(join(dir, 'mode-'));
    const a = join(sub, 'a');
    const b = join(sub, 'b');
    await writeFile(a, await readFile(go.amd64));
    await writeFile(b, await readFile(go.arm64));
    await chmod(a, 0o640);
    await chmod(b, 0o604);
    const out = join(sub, 'out');
    await writeFile(out, 'old contents');
    await createUniversal({ inputs: [a, b], output: out });
    expect((await stat(out)).mode & 0o777).toBe(0o644);
    expect((await readdir(sub)).sort()).toEqual(['a', 'b', 'out']);
    expect((await info(out)).archs).toEqual(['x86_64', 'arm64']);
  });
});

describe('verify and code signatures', () => {
  let fat: string;
  beforeAll(async () => {
    fat = join(dir, 'verify-src');
    await createUniversal({ inputs: [go.amd64, go.arm64], output: fat });
  });

  it('verifyUniversal reads back header, alignments, bounds and a valid arm64 ad hoc signature', async () => {
    const r = await verifyUniversal(fat);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.fat64).toBe(false);
    const arm = r.slices.find((s) => s.arch === 'arm64')!;
    expect(arm.align).toBe(14);
    expect(arm.expectedAlign).toBe(14);
    expect(arm.signature).toMatchObject({ signed: true, valid: true, adhoc: true, hashes: ['sha256'] });
    expect(arm.signature.pagesChecked).toBeGreaterThan(100);
    expect(arm.signature.identifier).toBeTruthy(); // go build names it after its temp link output
  });

  it('one reader: bytes in memory parse like the file; the artifact check reads the same slices', async () => {
    const file = await readMachO(fat);
    const bytes = await readFile(fat);
    expect(parseMachO(bufferSource(bytes), fat)).toEqual({ fat: file.fat, slices: file.slices });
    expect(file.slices.map((s) => [s.path, s.arch, s.header.filetype, s.header.platform])).toEqual([
      [fat, 'x86_64', 2, 1],
      [fat, 'arm64', 2, 1],
    ]);
    const described = { format: 'macho-fat', arches: ['amd64', 'arm64'], filetype: 2, kind: 'executable' };
    expect(await inspectFile(fat)).toEqual(described);
    expect(describeArtifact(bytes)).toEqual(described);
    // A malformed Mach-O is an error naming what is wrong, not a guess from the first bytes.
    const bad = Buffer.from(await readFile(go.arm64));
    bad.writeUInt32LE(0x7fffffff, 20); // sizeofcmds past the end
    expect(() => describeArtifact(bad, 'bad')).toThrow(/^bad: truncated or malformed Mach-O \(load commands extend past the end of the file\)/);
  });

  it('the CodeDirectory parser agrees with the thin arm64 input, page by page', async () => {
    const bin = await readFile(go.arm64);
    const h = parseThinHeader(bin, go.arm64, bin.length);
    const cs = h.codeSignature!;
    const sig = parseEmbeddedSignature(bin.subarray(cs.dataoff, cs.dataoff + cs.datasize));
    const cd = sig.codeDirectories[0];
    expect(cd.codeLimit).toBe(cs.dataoff);
    expect(cd.pageSizeLog2).toBe(12);
    expect(cd.nCodeSlots).toBe(Math.ceil(cs.dataoff / 4096));
    const ok = await verifySliceSignature(h, bin.length, bufferReader(bin));
    expect(ok.valid).toBe(true);
    const bad = Buffer.from(bin);
    bad[4096 * 3 + 17] ^= 0xff;
    const r = await verifySliceSignature(h, bad.length, bufferReader(bad));
    expect(r.valid).toBe(false);
    expect(r.problems).toEqual(['CodeDirectory (sha256): page 3 (bytes 12288..16384) hash mismatch']);
  });

  it('detects one tampered byte inside the arm64 slice of the fat file', async () => {
    const tampered = join(dir, 'tampered');
    const bytes = await readFile(fat);
    const file = await readMachO(fat);
    const arm = file.slices.find((s) => s.arch === 'arm64')!;
    bytes[arm.offset + 5 * 4096 + 100] ^= 0x01;
    await writeFile(tampered, bytes);
    const r = await verifyUniversal(tampered);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(['arm64: code signature: CodeDirectory (sha256): page 5 (bytes 20480..24576) hash mismatch']);
    const c = capture();
    expect(await runLipo(['-verify', tampered], c.io)).toBe(1);
    expect(c.err.join('')).toContain('page 5');
  });

  it('verifyArch answers like lipo -verify_arch', async () => {
    expect(await verifyArch(fat, ['x86_64', 'arm64'])).toBe(true);
    expect(await verifyArch(fat, ['arm64'])).toBe(true);
    expect(await verifyArch(fat, ['x86_64', 'i386'])).toBe(false);
    expect(await verifyArch(go.arm64, ['arm64'])).toBe(true);
  });

  it('flags a slice moved off its page alignment', async () => {
    // Rewrite the arm64 fat_arch offset to a 4 KiB boundary holding the same bytes.
    const bytes = await readFile(fat);
    const file = await readMachO(fat);
    const arm = file.slices.find((s) => s.arch === 'arm64')!;
    const shifted = Buffer.alloc(bytes.length + 4096);
    bytes.copy(shifted, 0, 0, arm.offset);
    bytes.copy(shifted, arm.offset + 4096, arm.offset);
    shifted.writeUInt32BE(arm.offset + 4096, 8 + 20 + 8);
    const p = join(dir, 'misaligned');
    await writeFile(p, shifted);
    const r = await verifyUniversal(p);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/arm64: offset \d+ is not a multiple of its alignment 2\^14/);
  });
});

describe('runLipo', () => {
  it('supports -create/-info/-archs/-thin/-verify_arch with lipo exit codes', async () => {
    const out = join(dir, 'cli-fat');
    let c = capture();
    expect(await runLipo(['-create', go.arm64, go.amd64, '-output', out], c.io)).toBe(0);
    c = capture();
    expect(await runLipo(['-archs', out], c.io)).toBe(0);
    expect(c.out.join('')).toBe('x86_64 arm64 \n');
    c = capture();
    expect(await runLipo(['-thin', 'x86_64', '-output', join(dir, 'cli-thin'), out], c.io)).toBe(0);
    expect((await readFile(join(dir, 'cli-thin'))).equals(await readFile(go.amd64))).toBe(true);
    expect(await runLipo(['-verify_arch', 'x86_64', 'arm64', out], capture().io)).toBe(0);
    expect(await runLipo([out, '-verify_arch', 'arm64'], capture().io)).toBe(0);
    expect(await runLipo(['-verify_arch', 'i386', out], capture().io)).toBe(1);
    c = capture();
    expect(await runLipo(['-thin', 'arm64', '-output', join(dir, 'x'), go.arm64], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/^lipo: .*must be a universal \(fat\) file when -thin is given.*\n$/);
    c = capture();
    expect(await runLipo(['-create', go.amd64], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/needs -output/);
    c = capture();
    expect(await runLipo(['-thin', 'sparc64', '-output', 'x', out], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/unknown architecture sparc64/);
    c = capture();
    expect(await runLipo(['-create', go.amd64, '-arch', 'arm64', go.amd64, '-output', join(dir, 'y')], c.io)).toBe(1);
    expect(c.err.join('').split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('keeps the output untouched when creation fails', async () => {
    const out = join(dir, 'keep');
    await writeFile(out, 'keep me');
    const c = capture();
    expect(await runLipo(['-create', go.amd64, go.amd64, '-output', out], c.io)).toBe(1);
    expect(await readFile(out, 'utf8')).toBe('keep me');
    const fh = await open(out, 'r');
    await fh.close();
  });
});
