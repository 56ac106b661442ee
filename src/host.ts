/** The host (OS and architecture) a run is on, and the action input and runner spellings mapped to Go's names. */
import { inputError } from './errors.js';

export type GoOS = 'linux' | 'darwin' | 'windows';
export type GoArch = 'amd64' | 'arm64';

export interface Host {
  os: GoOS;
  arch: GoArch;
}

const ARCH: Partial<Record<string, GoArch>> = { amd64: 'amd64', x64: 'amd64', x86_64: 'amd64', arm64: 'arm64', aarch64: 'arm64' };

/** Other spellings users give, mapped to the GOARCH a target would name (for the refusal's pointer at `targets`). */
const OTHER_GOARCH: Partial<Record<string, string>> = {
  x86: '386',
  '386': '386',
  i386: '386',
  i686: '386',
  ia32: '386',
  arm: 'arm',
  armv6l: 'arm',
  armv7: 'arm',
  armv7l: 'arm',
  armhf: 'arm',
  ppc64le: 'ppc64le',
  ppc64: 'ppc64',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips64le: 'mips64le',
};

/**
 * The `architecture` input: which Go toolchain to install for the runner, amd64 or arm64 (Go
 * publishes toolchains for other architectures, but no GitHub runner is one, and a toolchain of
 * either kind cross-compiles to every target). Anything else is refused in one line that says so
 * and points at `targets`, where a build for 386, arm, ppc64le... is asked for.
 */
export function parseArch(raw: string, input = 'architecture'): GoArch {
  const key = raw.trim().toLowerCase();
  const a = ARCH[key];
  if (a) return a;
  const goarch = OTHER_GOARCH[key];
  throw inputError(
    input,
    raw,
    'is not an architecture this action installs Go for: this action installs an amd64 or arm64 Go toolchain for the runner, and that toolchain builds for every target',
    `use amd64 (x64, x86_64) or arm64 (aarch64), or leave it empty for the runner's own; the build's targets are the targets input${goarch ? ` (e.g. targets: linux/${goarch})` : ''}`,
  );
}

/** The host as the runner (RUNNER_OS/RUNNER_ARCH) or Node (process.platform/arch) reports it. */
export function detectHost(env: NodeJS.ProcessEnv, platform: string = process.platform, arch: string = process.arch): Host {
  const osName = (env.RUNNER_OS ?? platform).toLowerCase();
  const os: GoOS | undefined =
    osName === 'linux' ? 'linux' : osName === 'macos' || osName === 'darwin' ? 'darwin' : osName === 'windows' || osName === 'win32' ? 'windows' : undefined;
  if (!os) throw new Error(`unsupported operating system ${osName}: go-fyne-action runs on Linux, macOS and Windows`);
  const a = ARCH[(env.RUNNER_ARCH ?? arch).toLowerCase()];
  if (!a) throw new Error(`unsupported host architecture ${env.RUNNER_ARCH ?? arch}: go-fyne-action runs on amd64 (X64) and arm64 (ARM64)`);
  return { os, arch: a };
}

/** The tool cache's directory name for an arch, as the runner images lay it out. */
export function toolCacheArch(a: GoArch): string {
  return a === 'amd64' ? 'x64' : 'arm64';
}
