/**
 * Fyne's cgo flags (src/compile/cgo-flags.ts) as fyne.io/tools v1.7.4 sets them, and the plan that
 * carries them: ours first, the user's CGO_CFLAGS/CGO_LDFLAGS after (theirs win).
 */
import { detectCompiler, fyneCgoFlags, guessCompiler, hardeningCFlags, osReleaseId } from '../../src/compile/cgo-flags.js';
import { planBuilds, cCompilerCommands, type ProjectInfo } from '../../src/compile/plan.js';
import { buildInputs, targetsOf } from '../helpers/build-inputs.js';

describe('detectCompiler reads `cc --version` as fyne does', () => {
  test.each([
    ['Apple clang version 17.0.0 (clang-1700.0.13.5)', 'darwin', { name: 'clang', version: '17.0.0', os: 'darwin' }],
    [
      'FreeBSD clang version 18.1.6 (https://github.com/llvm/llvm-project.git llvmorg-18.1.6-0-g1118c2e05e67)',
      'freebsd',
      { name: 'clang', version: '18.1.6', os: 'freebsd' },
    ],
    ['cc (Debian 12.2.0-14+deb12u1) 12.2.0', 'linux', { name: 'gcc', version: '12.2.0', os: 'debian' }],
    ['cc (Ubuntu 11.4.0-1ubuntu1~22.04.3) 11.4.0', 'linux', { name: 'gcc', version: '11.4.0', os: 'ubuntu' }],
    ['cc (GCC) 16.1.1 20260430', 'linux', { name: 'gcc', version: '16.1.1', os: 'linux' }],
    ['cc (SUSE Linux) 15.3.0', 'linux', { name: 'gcc', version: '15.3.0', os: 'suse' }],
    ['clang version 19.1.7', 'windows', { name: 'clang', version: '19.1.7', os: 'windows' }],
  ])('%s', (text, goos, want) => {
    expect(detectCompiler(`${text}\nCopyright (C) 2022 Free Software Foundation, Inc.\n`, goos)).toEqual(want);
  });
  test('cross compilers named by their triplet are not recognised (fyne gives them no hardening flags)', () => {
    expect(detectCompiler('x86_64-w64-mingw32-gcc (GCC) 12-win32\n', 'windows')).toBeUndefined();
    expect(detectCompiler('aarch64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0\n', 'linux')).toBeUndefined();
    expect(detectCompiler('zig 0.13.0', 'linux')).toBeUndefined();
  });
  test('a compiler not installed yet: the distribution from /etc/os-release', () => {
    expect(osReleaseId('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nID=debian\n')).toBe('debian');
    expect(osReleaseId('NAME="Ubuntu"\nID="ubuntu"\nID_LIKE=debian\n')).toBe('ubuntu');
    expect(guessCompiler('cc', 'linux', 'ubuntu')).toMatchObject({ name: 'gcc', os: 'ubuntu' });
    expect(guessCompiler('x86_64-w64-mingw32-gcc', 'linux', 'debian')).toBeUndefined();
  });
});

describe('hardening flags by compiler, os and arch', () => {
  const gcc = (os: string) => ({ name: 'gcc' as const, version: '12.2.0', os });
  test('the table, specific rows first', () => {
    expect(hardeningCFlags(gcc('debian'), 'amd64')).toBe('-D_FORTIFY_SOURCE=3 -fcf-protection -fstack-protector-strong');
    expect(hardeningCFlags(gcc('ubuntu'), 'amd64')).toBe('-fcf-protection -fstack-protector-strong');
    expect(hardeningCFlags(gcc('ubuntu'), 'arm64')).toBe('-D_FORTIFY_SOURCE=3 -fstack-protector-strong');
    expect(hardeningCFlags(gcc('windows'), 'amd64')).toBe('-D_FORTIFY_SOURCE=3 -fstack-protector-strong');
    expect(hardeningCFlags({ name: 'clang', version: '17.0.0', os: 'darwin' }, 'arm64')).toBe('-D_FORTIFY_SOURCE=3 -fstack-protector-strong');
    expect(hardeningCFlags(undefined, 'amd64')).toBe('');
  });
  test('per target, release and not', () => {
    expect(fyneCgoFlags({ release: true, goos: 'linux', goarch: 'amd64', compiler: gcc('debian'), macosMinVersion: '11.0' })).toEqual({
      cflags: '-O3 -pipe -D_FORTIFY_SOURCE=3 -fcf-protection -fstack-protector-strong',
      ldflags: '-Wl,-z,relro,-z,now -Wl,--as-needed',
    });
    expect(fyneCgoFlags({ release: false, goos: 'linux', goarch: 'arm64', compiler: undefined, macosMinVersion: '11.0' })).toEqual({
      cflags: '-O2 -g -fexceptions -fasynchronous-unwind-tables -pipe -mbranch-protection=bti+pac-ret',
      ldflags: '-Wl,-z,relro,-z,now -Wl,--as-needed',
    });
    expect(
      fyneCgoFlags({ release: true, goos: 'darwin', goarch: 'arm64', compiler: { name: 'clang', version: '17.0.0', os: 'darwin' }, macosMinVersion: '12.0' }),
    ).toEqual({
      cflags: '-O3 -pipe -D_FORTIFY_SOURCE=3 -fstack-protector-strong -mmacosx-version-min=12.0 -mbranch-protection=bti+pac-ret',
      ldflags: '-Wl,-dead_strip_dylibs -mmacosx-version-min=12.0',
    });
    expect(fyneCgoFlags({ release: true, goos: 'windows', goarch: 'amd64', compiler: undefined, macosMinVersion: '11.0' })).toEqual({
      cflags: '-O3 -pipe',
      ldflags: '',
    });
  });
});

describe('the plan carries them', () => {
  const inputs = buildInputs({ targets: targetsOf('linux/amd64', 'windows/amd64', 'linux/arm64'), name: 'app', outputDir: '/w/dist' });
  const project = (fyne: boolean): ProjectInfo => ({ workDir: '/w', packageDir: '/w', modulePath: 'example.com/app', fyneVersion: fyne ? 'v2.7.3' : 'none' });
  const host = { os: 'linux' as const, arch: 'amd64' as const };
  const compilers = { cc: { name: 'gcc' as const, version: '12.2.0', os: 'debian' } };

  test('which compilers are asked', () => {
    expect(cCompilerCommands(inputs, host, {})).toEqual(['cc', 'x86_64-w64-mingw32-gcc', 'aarch64-linux-gnu-gcc']);
  });
  test("Fyne app: fyne build --release flags, then the user's", () => {
    const set = planBuilds(inputs, project(true), { host, env: { CGO_CFLAGS: '-O1 -DMINE', CGO_LDFLAGS: '-lmine' }, scratchDir: '/s', compilers });
    const env = Object.fromEntries(set.plans.map((p) => [p.id, [p.env['CGO_CFLAGS'], p.env['CGO_LDFLAGS']]]));
    expect(env).toEqual({
      'linux/amd64': ['-O3 -pipe -D_FORTIFY_SOURCE=3 -fcf-protection -fstack-protector-strong -O1 -DMINE', '-Wl,-z,relro,-z,now -Wl,--as-needed -lmine'],
      'windows/amd64': ['-O3 -pipe -O1 -DMINE', '-lmine'],
      'linux/arm64': ['-O3 -pipe -mbranch-protection=bti+pac-ret -O1 -DMINE', '-Wl,-z,relro,-z,now -Wl,--as-needed -lmine'],
    });
    // the flags are in the cache fingerprint
    expect(set.fingerprint['linux/amd64:CGO_CFLAGS']).toContain('-fstack-protector-strong');
  });
  test("a Go program with cgo keeps Go's own defaults", () => {
    const set = planBuilds({ ...inputs, cgo: 'true' }, project(false), { host, env: {}, scratchDir: '/s', compilers });
    expect(set.plans.map((p) => p.env['CGO_CFLAGS'])).toEqual([undefined, undefined, undefined]);
  });
});
