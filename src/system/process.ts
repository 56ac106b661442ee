/**
 * The one way the project runs a program: @actions/exec (argv arrays, never a shell string;
 * Windows quoting; streaming line listeners; exit codes), silent, so nothing reaches the log but
 * what the caller chooses to print. The program is looked up on the PATH of the environment it
 * will run with (not the action's own process PATH), so a PATH a step prepended is honoured.
 */
import { exec } from '@actions/exec';
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

export interface RunOptions {
  cwd?: string;
  /** The whole environment of the child (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /**
   * Written to the child's stdin, which then ends (a prompt reads end of file instead of waiting
   * for ever). Without it, stdin is left as @actions/exec leaves it.
   */
  input?: Buffer | string;
  /** Each line of output as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** A planned run: argv plus where and with what environment (plans hold these as data). */
export interface Command extends RunOptions {
  argv: string[];
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class ProcessError extends Error {
  override name = 'ProcessError';
  constructor(
    message: string,
    readonly result?: RunResult,
  ) {
    super(message);
  }
}

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    if (process.platform !== 'win32') accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Like `which`: the executable a command names on `env`'s PATH (PATHEXT on Windows), or undefined. */
export function which(command: string, env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string | undefined {
  const exts = platform === 'win32' ? ['', ...(env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean)] : [''];
  if (isAbsolute(command) || command.includes('/') || (platform === 'win32' && command.includes('\\'))) {
    const full = resolve(command);
    return exts.map((e) => full + e).find(isExecutableFile);
  }
  const dirs = (env['PATH'] ?? env['Path'] ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  for (const d of dirs) {
    for (const e of exts) {
      const p = join(d, command + e);
      if (isExecutableFile(p)) return p;
    }
  }
  return undefined;
}

/** Whether a command can be run with `env` (an executable path, or a name on its PATH). */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): boolean {
  return which(command, env, platform) !== undefined;
}

/** Runs argv[0] with the rest as arguments; resolves with the exit code and the output, never throws for a non-zero exit. */
export async function run(argv: readonly string[], o: RunOptions = {}): Promise<RunResult> {
  const [command, ...args] = argv;
  if (!command) throw new ProcessError('empty command');
  const env = o.env ?? process.env;
  const exe = which(command, env);
  if (!exe) throw new ProcessError(/[\\/]/.test(command) ? `${command} does not exist or is not executable` : `${command} was not found on PATH`);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  // Lines are split here, not by @actions/exec's stdline/errline: it hands a last line without a
  // newline to an event on its ToolRunner, never to those listeners, so it would be lost.
  const partial = { stdout: '', stderr: '' };
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const feed = (stream: 'stdout' | 'stderr', b: Buffer | undefined): void => {
    if (!o.onLine) return;
    const lines = (partial[stream] + (b ? decoders[stream].write(b) : decoders[stream].end())).split(/\r?\n/);
    partial[stream] = b ? (lines.pop() ?? '') : '';
    for (const l of b ? lines : lines.filter((x) => x !== '')) o.onLine(l, stream);
  };
  const listeners = {
    stdout: (b: Buffer) => {
      out.push(b);
      feed('stdout', b);
    },
    stderr: (b: Buffer) => {
      err.push(b);
      feed('stderr', b);
    },
  };
  const childEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const code =
    o.input === undefined
      ? await exec(exe, args, { cwd: o.cwd, env: childEnv, silent: true, ignoreReturnCode: true, listeners })
      : await spawnWithInput(exe, args, o.input, { cwd: o.cwd, env: childEnv }, listeners);
  feed('stdout', undefined);
  feed('stderr', undefined);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/**
 * A run with stdin input is spawned here, not by @actions/exec: @actions/exec writes the input
 * with no 'error' listener on stdin, so a program that exits without reading it (dpkg-query,
 * `sudo -n true`) kills this process with EPIPE (seen in a loop of 300 dpkg-query runs). Here
 * the input is written, stdin ends, and EPIPE is ignored.
 */
function spawnWithInput(
  exe: string,
  args: string[],
  input: Buffer | string,
  o: { cwd?: string; env: Record<string, string> },
  listeners: { stdout: (b: Buffer) => void; stderr: (b: Buffer) => void },
): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(exe, args, { cwd: o.cwd, env: o.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    child.stdout.on('data', listeners.stdout);
    child.stderr.on('data', listeners.stderr);
    child.on('error', reject);
    child.on('close', (code) => resolvePromise(code ?? 1));
    child.stdin.on('error', () => undefined); // EPIPE: the program exited without reading its input
    child.stdin.end(input);
  });
}

/**
 * Runs and returns stdout; a non-zero exit is a ProcessError saying `what` failed, with the
 * last lines of its output.
 */
export async function runOk(argv: readonly string[], what: string, o: RunOptions = {}): Promise<string> {
  const r = await run(argv, o);
  if (r.code !== 0) {
    const tail = (r.stderr || r.stdout).trim().split('\n').slice(-15).join('\n');
    throw new ProcessError(`${what} failed (exit ${r.code}): ${argv.join(' ')}${tail ? `\n${tail}` : ''}`, r);
  }
  return r.stdout;
}
