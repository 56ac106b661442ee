/** Running the installed go command for facts (dist list, env). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function goOutput(goBin: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<string> {
  const { stdout } = await run(goBin, args, { env, cwd, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

export async function goEnv(goBin: string, names: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Record<string, string>> {
  const out = JSON.parse(await goOutput(goBin, ['env', '-json', ...names], env, cwd)) as Record<string, string>;
  return out;
}
