import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkArtifact, describeArtifact, inspectFile } from '../../src/compile/inspect.js';

const run = promisify(execFile);
const GO = process.env['GO'] ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go');
const HELLO = path.resolve('examples/hello');
const hasGcc = existsSync('/usr/bin/gcc');
let dir = '';

async function build(name: string, goos: string, goarch: string, extra: string[] = [], cgo = '0'): Promise<string> {
  const out = path.join(dir, name);
  await run(GO, ['build', '-trimpath', ...extra, '-o', out, '.'], {
    cwd: HELLO,
    env: { ...process.env, GOOS: goos, GOARCH: goarch, CGO_ENABLED: cgo, GOFLAGS: '-buildvcs=false' },
  });
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gfa-inspect-'));
  const jobs: Promise<string>[] = [
    build('darwin_amd64', 'darwin', 'amd64'),
    build('darwin_arm64', 'darwin', 'arm64'),
    build('linux_arm64', 'linux', 'arm64'),
    build('linux_amd64_pie', 'linux', 'amd64', ['-buildmode=pie']),
    build('windows_arm64.exe', 'windows', 'arm64'),
    build('windows_amd64.exe', 'windows', 'amd64', ['-ldflags=-H=windowsgui']),
    build('windows_amd64_console.exe', 'windows', 'amd64'),
  ];
  if (hasGcc) {
    jobs.push(build('lib_linux_amd64.so', 'linux', 'amd64', ['-buildmode=c-shared'], '1'));
    jobs.push(build('lib_linux_amd64.a', 'linux', 'amd64', ['-buildmode=c-archive'], '1'));
  }
  await Promise.all(jobs);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const f = (name: string): string => path.join(dir, name);

describe('real binaries from go build (cgo off)', () => {
  test('Mach-O darwin/amd64 and darwin/arm64', async () => {
    expect(await inspectFile(f('darwin_amd64'))).toMatchObject({ format: 'macho', arch: 'amd64', cputype: 0x01000007, filetype: 2, kind: 'executable' });
    expect(await inspectFile(f('darwin_arm64'))).toMatchObject({ format: 'macho', arch: 'arm64', cputype: 0x0100000c, filetype: 2, kind: 'executable' });
    expect(await checkArtifact(f('darwin_arm64'), { os: 'darwin', arch: 'arm64', buildmode: 'exe' })).toEqual([]);
    expect(await checkArtifact(f('darwin_amd64'), { os: 'darwin', arch: 'arm64', buildmode: 'exe' })).toEqual(['arch is amd64, want arm64']);
  });

  test('ELF linux/arm64 and a linux/amd64 PIE', async () => {
    expect(await inspectFile(f('linux_arm64'))).toMatchObject({ format: 'elf', bits: 64, arch: 'arm64', elfType: 2, kind: 'executable' });
    expect(await inspectFile(f('linux_amd64_pie'))).toMatchObject({ format: 'elf', arch: 'amd64', elfType: 3, interp: true, kind: 'executable' });
    expect(await checkArtifact(f('linux_amd64_pie'), { os: 'linux', arch: 'amd64', buildmode: 'pie' })).toEqual([]);
    expect(await checkArtifact(f('linux_arm64'), { os: 'linux', arch: 'arm64', buildmode: 'pie' })).toEqual(['ELF type is EXEC, want DYN (pie)']);
    expect(await checkArtifact(f('linux_arm64'), { os: 'windows', arch: 'arm64', buildmode: 'exe' })).toEqual(['format is elf, want pe']);
  });

  test('PE windows/arm64 console, windows/amd64 GUI (-H windowsgui)', async () => {
    expect(await inspectFile(f('windows_arm64.exe'))).toMatchObject({ format: 'pe', arch: 'arm64', subsystem: 3, dll: false, kind: 'executable' });
    expect(await inspectFile(f('windows_amd64.exe'))).toMatchObject({ format: 'pe', arch: 'amd64', subsystem: 2, kind: 'executable' });
    expect(await checkArtifact(f('windows_amd64.exe'), { os: 'windows', arch: 'amd64', buildmode: 'exe', subsystem: 'gui' })).toEqual([]);
    expect(await checkArtifact(f('windows_amd64_console.exe'), { os: 'windows', arch: 'amd64', buildmode: 'exe', subsystem: 'gui' })).toEqual([
      'Windows subsystem is console, want gui',
    ]);
  });

  test('a fat Mach-O made from the two darwin binaries', async () => {
    const a = readFileSync(f('darwin_amd64'));
    const b = readFileSync(f('darwin_arm64'));
    const align = 1 << 14;
    const offA = align;
    const offB = Math.ceil((offA + a.length) / align) * align;
    const fat = Buffer.alloc(offB + b.length);
    fat.writeUInt32BE(0xcafebabe, 0);
    fat.writeUInt32BE(2, 4);
    [
      [0x01000007, 3, offA, a.length],
      [0x0100000c, 0, offB, b.length],
    ].forEach(([cpu, sub, off, size], i) => {
      const o = 8 + i * 20;
      fat.writeUInt32BE(cpu, o);
      fat.writeUInt32BE(sub, o + 4);
      fat.writeUInt32BE(off, o + 8);
      fat.writeUInt32BE(size, o + 12);
      fat.writeUInt32BE(14, o + 16);
    });
    a.copy(fat, offA);
    b.copy(fat, offB);
    writeFileSync(f('universal'), fat);
    expect(await inspectFile(f('universal'))).toMatchObject({ format: 'macho-fat', arches: ['amd64', 'arm64'], kind: 'executable' });
    expect(await checkArtifact(f('universal'), { os: 'darwin', arch: 'arm64', buildmode: 'exe', fat: true })).toEqual([]);
    expect(await checkArtifact(f('darwin_arm64'), { os: 'darwin', arch: 'arm64', buildmode: 'exe', fat: true })).toEqual(['format is macho, want macho-fat']);
  });

  (hasGcc ? test : test.skip)('c-shared (ELF DYN without interpreter) and c-archive (ar of ELF objects), built with cgo', async () => {
    expect(await inspectFile(f('lib_linux_amd64.so'))).toMatchObject({ format: 'elf', arch: 'amd64', elfType: 3, interp: false, kind: 'shared' });
    expect(await checkArtifact(f('lib_linux_amd64.so'), { os: 'linux', arch: 'amd64', buildmode: 'c-shared' })).toEqual([]);
    expect(await checkArtifact(f('lib_linux_amd64.so'), { os: 'linux', arch: 'amd64', buildmode: 'exe' })).toEqual(['kind is shared, want executable']);
    expect(await inspectFile(f('lib_linux_amd64.a'))).toMatchObject({ format: 'ar', kind: 'archive', arch: 'amd64', memberFormat: 'elf' });
    expect(await checkArtifact(f('lib_linux_amd64.a'), { os: 'linux', arch: 'amd64', buildmode: 'c-archive' })).toEqual([]);
    expect(await checkArtifact(f('lib_linux_amd64.a'), { os: 'darwin', arch: 'arm64', buildmode: 'c-archive' })).toEqual([
      'archive objects are elf, want macho',
      'archive objects are for amd64, want arm64',
    ]);
  });
});

describe('headers from bytes', () => {
  test('a PE DLL flag, wasm, garbage and a missing file', async () => {
    const pe = Buffer.alloc(0x200);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write('PE\0\0', 0x80, 'latin1');
    pe.writeUInt16LE(0xaa64, 0x84);
    pe.writeUInt16LE(0x2022, 0x80 + 22);
    pe.writeUInt16LE(3, 0x80 + 24 + 68);
    expect(describeArtifact(pe)).toMatchObject({ format: 'pe', arch: 'arm64', dll: true, kind: 'shared' });
    expect(describeArtifact(Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))).toMatchObject({ format: 'wasm', arch: 'wasm' });
    expect(describeArtifact(Buffer.from('hello world, not a binary'))).toEqual({ format: 'unknown', kind: 'unknown' });
    expect((await checkArtifact(path.join(os.tmpdir(), 'gfa-no-such-file'), { os: 'linux', arch: 'amd64', buildmode: 'exe' }))[0]).toMatch(/^cannot read /);
  });
});
