/** The host (src/host.ts): architecture spellings, runner and node names, tool-cache names. */
import { detectHost, parseArch, toolCacheArch } from '../../src/host.js';

describe('architectures', () => {
  test('input spellings', () => {
    expect(['amd64', 'x64', 'X86_64', 'arm64', 'aarch64'].map((a) => parseArch(a))).toEqual(['amd64', 'amd64', 'amd64', 'arm64', 'arm64']);
    expect(() => parseArch('386')).toThrow(/^input "architecture": "386" is not a supported architecture; use amd64/);
  });
  test('runner and node spellings', () => {
    expect(detectHost({ RUNNER_OS: 'macOS', RUNNER_ARCH: 'ARM64' })).toEqual({ os: 'darwin', arch: 'arm64' });
    expect(detectHost({ RUNNER_OS: 'Windows', RUNNER_ARCH: 'X64' })).toEqual({ os: 'windows', arch: 'amd64' });
    expect(detectHost({}, 'linux', 'x64')).toEqual({ os: 'linux', arch: 'amd64' });
    expect(() => detectHost({}, 'linux', 'ia32')).toThrow(/unsupported host architecture/);
    expect(toolCacheArch('amd64')).toBe('x64');
  });
});
