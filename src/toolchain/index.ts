/**
 * The toolchain stage: Go from the tool cache or a verified source (toolchain/install.ts),
 * exported to the job (GOROOT, PATH, GOTOOLCHAIN=local: toolchain/env.ts), the problem matcher
 * registered (toolchain/matcher.ts), and the stage's outputs set.
 */
import type { ToolchainConfig } from '../config.js';
import type { Runtime } from '../runtime.js';
import { exportGo } from './env.js';
import { installToolchain, type ToolchainSource } from './install.js';
import { addProblemMatcher } from './matcher.js';
import type { GoVersion } from './version.js';

export type { ToolchainSource };

export interface Toolchain {
  version: GoVersion;
  goroot: string;
  goBin: string;
  source: ToolchainSource;
  /** It can run here, natively or under an emulator (toolchain/runnable.ts); false for arm64 Go on an amd64 runner without one. */
  runnable: boolean;
  /** Why not, as a skip reason (`go env` and `go tool dist list` cannot run): set when runnable is false. */
  cannotRun?: string;
}

/** The one line a run gives when its Go cannot run here: what was verified instead, and what is skipped. */
export function cannotRunLine(version: string, where: string, hostWhere: string, why: string, header: string): string {
  return `Go ${version} for ${where} cannot run on this ${hostWhere} runner (${why}): it was verified by its download's checksum and bin/go's ${header} header, not by running it; skipped here: its go version check, the cache restore and save (they run go env); a build (targets) is refused`;
}

export async function installGo(rt: Runtime, cfg: ToolchainConfig): Promise<Toolchain> {
  const { version, goroot, source, runs } = await installToolchain(rt, cfg);
  const goBin = exportGo(rt, goroot);
  await addProblemMatcher(rt);
  rt.setOutput('go-version', version.text);
  rt.setOutput('go-root', goroot);
  rt.setOutput('go-source', source);
  rt.info(`Go ${version.text} at ${goroot} (${source})`);
  const where = `${rt.host.os}/${cfg.arch}`;
  if (runs && !runs.runnable) {
    const header = rt.host.os === 'windows' ? 'PE' : rt.host.os === 'darwin' ? 'Mach-O' : 'ELF';
    rt.info(cannotRunLine(version.text, where, `${rt.host.os}/${rt.host.arch}`, runs.why, header));
    return {
      version,
      goroot,
      goBin,
      source,
      runnable: false,
      cannotRun: `Go for ${where} cannot run on this ${rt.host.os}/${rt.host.arch} runner (${runs.why})`,
    };
  }
  if (runs && runs.why !== 'native')
    rt.info(`Go for ${where} runs on this ${rt.host.os}/${rt.host.arch} runner ${runs.why}; every go command is emulated (slower)`);
  return { version, goroot, goBin, source, runnable: true };
}
