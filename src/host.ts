/** The host (OS and architecture) a run is on, and the action input and runner spellings mapped to Go's names. */
import { inputError } from './errors.js';

export type GoOS = 'linux' | 'darwin' | 'windows';
export type GoArch = 'amd64' | 'arm64';

export interface Host {
  os: GoOS;
  arch: GoArch;
}

const ARCH: Partial<Record<string, GoArch>> = { amd64: 'amd64', x64: 'amd64', x86_64: 'amd64', arm64: 'arm64', aarch64: 'arm64' };

export function parseArch(raw: string, input = 'architecture'): GoArch {
  const a = ARCH[raw.trim().toLowerCase()];
  if (!a) throw inputError(input, raw, 'is not a supported architecture', 'use amd64 (x64, x86_64) or arm64 (aarch64)');
  return a;
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
