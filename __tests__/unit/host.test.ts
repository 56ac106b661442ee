/** The host (src/host.ts): architecture spellings, runner and node names, tool-cache names. */
import { detectHost, parseArch, toolCacheArch } from '../../src/host.js';

describe('architectures', () => {
  test('input spellings', () => {
    expect(['amd64', 'x64', 'X86_64', 'arm64', 'aarch64'].map((a) => parseArch(a))).toEqual(['amd64', 'amd64', 'amd64', 'arm64', 'arm64']);
    expect(() => parseArch('386')).toThrow(/^input "architecture": "386" is not/);
  });
  test.each([
    ['x86', 'linux/386'],
    ['386', 'linux/386'],
    ['i686', 'linux/386'],
    ['x32', undefined],
    ['arm', 'linux/arm'],
    ['armv6l', 'linux/arm'],
    ['armv7', 'linux/arm'],
    ['ppc64le', 'linux/ppc64le'],
    ['s390x', 'linux/s390x'],
    ['riscv64', 'linux/riscv64'],
    ['sparc', undefined],
  ])('architecture %s is refused in one line that says why and points at targets', (raw, target) => {
    let msg = '';
    try {
      parseArch(raw);
    } catch (err) {
      msg = (err as Error).message;
    }
    expect(msg.split('\n')).toHaveLength(1);
    expect(msg).toContain(`input "architecture": ${JSON.stringify(raw)} is not`);
    expect(msg).toContain('this action installs an amd64 or arm64 Go toolchain for the runner');
    expect(msg).toContain('use amd64 (x64, x86_64) or arm64 (aarch64)');
    expect(msg).toContain('the targets input');
    if (target) expect(msg).toContain(`targets: ${target}`);
  });
  test('runner and node spellings', () => {
    expect(detectHost({ RUNNER_OS: 'macOS', RUNNER_ARCH: 'ARM64' })).toEqual({ os: 'darwin', arch: 'arm64' });
    expect(detectHost({ RUNNER_OS: 'Windows', RUNNER_ARCH: 'X64' })).toEqual({ os: 'windows', arch: 'amd64' });
    expect(detectHost({}, 'linux', 'x64')).toEqual({ os: 'linux', arch: 'amd64' });
    expect(() => detectHost({}, 'linux', 'ia32')).toThrow(/unsupported host architecture/);
    expect(toolCacheArch('amd64')).toBe('x64');
  });
});
