/**
 * The whole run as an ordered list of stages — the table of contents of the program.
 * Both doors (src/main.ts + src/post.ts for GitHub, src/cli.ts locally) call these.
 */
import { readFileSync } from 'node:fs';
import { parseConfig, type Config } from './config.js';
import type { Runtime } from './runtime.js';
import { installGo, type Toolchain } from './toolchain/index.js';

export interface RunResult {
  config: Config;
  toolchain: Toolchain;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw e;
  }
}

export function loadConfig(rt: Runtime): Config {
  return parseConfig({ input: (n) => rt.input(n), env: rt.env, host: rt.host, cwd: process.cwd(), readFile: readText });
}

/** The main step. */
export async function runMain(rt: Runtime): Promise<RunResult> {
  const config = loadConfig(rt); // every input, validated before anything is written
  const toolchain = await rt.group('Install Go', () => installGo(rt, config.toolchain)); // tool cache, or a verified download
  return { config, toolchain };
}

/** The post step (GitHub) or the end of a CLI run. */
export async function runPost(_rt: Runtime): Promise<void> {
  // Cache saving lands here.
}
