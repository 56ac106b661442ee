/** Running the installed go command for facts (dist list, env): the one place that asks go itself. */
import { runOk } from '../system/process.js';

export async function goOutput(goBin: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<string> {
  return runOk([goBin, ...args], `go ${args[0] ?? ''}`.trim(), { env, cwd });
}

export async function goEnv(goBin: string, names: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Record<string, string>> {
  return JSON.parse(await goOutput(goBin, ['env', '-json', ...names], env, cwd)) as Record<string, string>;
}
