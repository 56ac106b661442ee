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
}

export async function installGo(rt: Runtime, cfg: ToolchainConfig): Promise<Toolchain> {
  const { version, goroot, source } = await installToolchain(rt, cfg);
  const goBin = exportGo(rt, goroot);
  await addProblemMatcher(rt);
  rt.setOutput('go-version', version.text);
  rt.setOutput('go-root', goroot);
  rt.setOutput('go-source', source);
  rt.info(`Go ${version.text} at ${goroot} (${source})`);
  return { version, goroot, goBin, source };
}
