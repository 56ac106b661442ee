/**
 * Whether an installed toolchain can run here (src/toolchain/runnable.ts): native, under an
 * emulator registered in binfmt_misc (real entry files in a fake /proc folder), Rosetta, Windows
 * on Arm; and the header check that stands in for `go version` when it cannot (real files).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideRunnable, emulationFacts, matchesBinfmt, parseBinfmtEntry, toolchainRunnability } from '../../src/toolchain/runnable.js';
import { BrokenToolchainError, checkGo } from '../../src/toolchain/toolcache.js';
import { parseGoVersion } from '../../src/toolchain/version.js';

// What Debian's qemu-user-static (binfmt-support) writes, as the kernel shows it.
const QEMU_AARCH64 = [
  'enabled',
  'interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P',
  'flags: POCF',
  'offset 0',
  'magic 7f454c460201010000000000000000000200b700',
  'mask ffffffffffffff00fffffffffffffffffeffffff',
  '',
].join('\n');
const QEMU_ARM = QEMU_AARCH64.replace('aarch64', 'arm')
  .replace('7f454c460201010000000000000000000200b700', '7f454c4601010100000000000000000002002800')
  .replace('ffffffffffffff00fffffffffffffffffeffffff', 'ffffffffffffff00fffffffffffffffffeffffff');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gfa-binfmt-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function binfmt(entries: Record<string, string>, status = 'enabled'): string {
  const d = join(dir, 'binfmt_misc');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'status'), `${status}\n`);
  writeFileSync(join(d, 'register'), '');
  for (const [n, t] of Object.entries(entries)) writeFileSync(join(d, n), t);
  return d;
}

describe('binfmt_misc entries', () => {
  test('an entry as the kernel shows it', () => {
    expect(parseBinfmtEntry('qemu-aarch64', QEMU_AARCH64)).toMatchObject({
      name: 'qemu-aarch64',
      enabled: true,
      offset: 0,
      interpreter: '/usr/libexec/qemu-binfmt/aarch64-binfmt-P',
    });
  });
  test('magic and mask decide which ELF machine an entry runs', () => {
    const e = parseBinfmtEntry('qemu-aarch64', QEMU_AARCH64)!;
    expect(matchesBinfmt(e, 'linux', 'arm64')).toBe(true);
    expect(matchesBinfmt(e, 'linux', 'amd64')).toBe(false);
    expect(matchesBinfmt(parseBinfmtEntry('qemu-arm', QEMU_ARM)!, 'linux', 'arm64')).toBe(false);
  });
  test('an extension entry or a garbled one matches nothing', () => {
    expect(parseBinfmtEntry('jar', 'enabled\ninterpreter /usr/bin/jexec\nflags: \nextension .jar\n')).toBeUndefined();
    expect(parseBinfmtEntry('x', 'enabled\nmagic zz\n')).toBeUndefined();
  });
});

describe('decideRunnable (pure)', () => {
  const linuxAmd = { os: 'linux', arch: 'amd64' } as const;
  test('the runner arch runs natively', () => {
    expect(decideRunnable(linuxAmd, 'amd64', {})).toEqual({ runnable: true, why: 'native' });
  });
  test('arm64 on an amd64 runner without an emulator cannot run, and says why', () => {
    const r = decideRunnable(linuxAmd, 'arm64', { binfmt: { mounted: false, dir: '/proc/sys/fs/binfmt_misc', entries: [] } });
    expect(r.runnable).toBe(false);
    expect(r.why).toBe('no emulator for linux/arm64 is registered (/proc/sys/fs/binfmt_misc is not mounted)');
  });
  test('with qemu-aarch64 registered and enabled it runs, emulated', () => {
    const entries = [parseBinfmtEntry('qemu-aarch64', QEMU_AARCH64)!];
    expect(decideRunnable(linuxAmd, 'arm64', { binfmt: { mounted: true, enabled: true, dir: '/b', entries } })).toEqual({
      runnable: true,
      why: 'under the emulator qemu-aarch64 registered in /b (/usr/libexec/qemu-binfmt/aarch64-binfmt-P)',
    });
  });
  test('a disabled entry, or binfmt_misc switched off, does not count', () => {
    const off = [parseBinfmtEntry('qemu-aarch64', QEMU_AARCH64.replace('enabled', 'disabled'))!];
    expect(decideRunnable(linuxAmd, 'arm64', { binfmt: { mounted: true, enabled: true, dir: '/b', entries: off } }).runnable).toBe(false);
    const on = [parseBinfmtEntry('qemu-aarch64', QEMU_AARCH64)!];
    const r = decideRunnable(linuxAmd, 'arm64', { binfmt: { mounted: true, enabled: false, dir: '/b', entries: on } });
    expect(r).toEqual({ runnable: false, why: 'no emulator for linux/arm64 is registered (binfmt_misc is disabled in /b/status)' });
  });
  test('only an emulator for another machine', () => {
    const entries = [parseBinfmtEntry('qemu-arm', QEMU_ARM)!];
    expect(decideRunnable(linuxAmd, 'arm64', { binfmt: { mounted: true, enabled: true, dir: '/b', entries } }).why).toBe(
      'no emulator for linux/arm64 is registered in /b (qemu-arm matches other machines)',
    );
  });
  test('macOS: amd64 on an arm64 Mac runs under Rosetta 2 when installed; arm64 on an Intel Mac never', () => {
    expect(decideRunnable({ os: 'darwin', arch: 'arm64' }, 'amd64', { rosetta: true })).toEqual({ runnable: true, why: 'under Rosetta 2' });
    expect(decideRunnable({ os: 'darwin', arch: 'arm64' }, 'amd64', { rosetta: false }).runnable).toBe(false);
    expect(decideRunnable({ os: 'darwin', arch: 'amd64' }, 'arm64', {}).why).toBe('an Intel Mac cannot run arm64 programs');
  });
  test('Windows: x64 programs run on Windows on Arm; arm64 ones not on x64 Windows', () => {
    expect(decideRunnable({ os: 'windows', arch: 'arm64' }, 'amd64', {})).toEqual({ runnable: true, why: 'under Windows on Arm x64 emulation' });
    expect(decideRunnable({ os: 'windows', arch: 'amd64' }, 'arm64', {}).runnable).toBe(false);
  });
});

describe('emulationFacts and toolchainRunnability (the thin part, on real files)', () => {
  test('a fake /proc folder with qemu-aarch64: runnable, emulated', async () => {
    const d = binfmt({ 'qemu-aarch64': QEMU_AARCH64, 'qemu-arm': QEMU_ARM });
    const r = await toolchainRunnability({ os: 'linux', arch: 'amd64' }, 'arm64', { binfmtDir: d });
    expect(r).toEqual({ runnable: true, why: `under the emulator qemu-aarch64 registered in ${d} (/usr/libexec/qemu-binfmt/aarch64-binfmt-P)` });
  });
  test('a missing folder: not mounted, not runnable', async () => {
    const facts = await emulationFacts({ os: 'linux', arch: 'amd64' }, 'arm64', { binfmtDir: join(dir, 'none') });
    expect(facts.binfmt?.mounted).toBe(false);
    expect((await toolchainRunnability({ os: 'linux', arch: 'amd64' }, 'arm64', { binfmtDir: join(dir, 'none') })).runnable).toBe(false);
  });
  test('the native arch reads nothing', async () => {
    expect(await emulationFacts({ os: 'linux', arch: 'amd64' }, 'amd64', { binfmtDir: join(dir, 'none') })).toEqual({});
  });
});

/** The first bytes of an ELF64 executable for machine `m` (what the header check reads). */
function elfHeader(machine: number): Buffer {
  const b = Buffer.alloc(64);
  b.write('\x7fELF', 0, 'latin1');
  b[4] = 2; // 64-bit
  b[5] = 1; // little-endian
  b[6] = 1;
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(machine, 18);
  b.writeUInt32LE(1, 20);
  return b;
}

describe('checkGo on a toolchain that cannot run here: bin/go header instead of go version', () => {
  const v = parseGoVersion('1.25.14')!;
  const tree = (machine: number) => {
    const root = join(dir, 'go');
    mkdirSync(join(root, 'bin'), { recursive: true });
    writeFileSync(join(root, 'bin', 'go'), elfHeader(machine), { mode: 0o755 });
    return root;
  };
  test('an arm64 ELF bin/go passes', async () => {
    await expect(checkGo(tree(0xb7), v, { os: 'linux', arch: 'arm64', runnable: false, env: {} })).resolves.toBeUndefined();
  });
  test('an amd64 bin/go in an arm64 toolchain fails, naming both', async () => {
    await expect(checkGo(tree(0x3e), v, { os: 'linux', arch: 'arm64', runnable: false, env: {} })).rejects.toThrow(BrokenToolchainError);
    await expect(checkGo(tree(0x3e), v, { os: 'linux', arch: 'arm64', runnable: false, env: {} })).rejects.toThrow(/bin\/go is .*amd64.*, expected .*arm64/);
  });
  test('a missing bin/go fails', async () => {
    mkdirSync(join(dir, 'empty'));
    await expect(checkGo(join(dir, 'empty'), v, { os: 'linux', arch: 'arm64', runnable: false, env: {} })).rejects.toThrow(BrokenToolchainError);
  });
});
