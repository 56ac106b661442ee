/** The one way this stage runs a program: an argv array (never a shell string), output captured. */
import { spawn } from 'node:child_process';

export interface Command {
  argv: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCommand(cmd: Command): Promise<CommandResult> {
  const [file, ...args] = cmd.argv;
  if (!file) return Promise.reject(new Error('empty argv'));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: cmd.cwd, env: cmd.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

/** Runs and throws (with the tail of stderr) on a non-zero exit. */
export async function runChecked(cmd: Command, what: string): Promise<CommandResult> {
  const r = await runCommand(cmd);
  if (r.code !== 0) {
    const tail = (r.stderr || r.stdout).trim().split('\n').slice(-15).join('\n');
    throw new Error(`${what} failed (exit ${r.code}): ${cmd.argv.join(' ')}\n${tail}`);
  }
  return r;
}
