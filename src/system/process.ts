/**
 * The one way the project runs a program: @actions/exec (argv arrays, never a shell string;
 * Windows quoting; streaming line listeners; exit codes), silent, so nothing reaches the log but
 * what the caller chooses to print. The program is looked up on the PATH of the environment it
 * will run with (not the action's own process PATH), so a PATH a step prepended is honoured.
 */
import { exec } from '@actions/exec';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

export interface RunOptions {
  cwd?: string;
  /** The whole environment of the child (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin. */
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
  const code = await exec(exe, args, {
    cwd: o.cwd,
    env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
    silent: true,
    ignoreReturnCode: true,
    input: o.input === undefined ? undefined : Buffer.from(o.input),
    listeners: {
      stdout: (b: Buffer) => {
        out.push(b);
        feed('stdout', b);
      },
      stderr: (b: Buffer) => {
        err.push(b);
        feed('stderr', b);
      },
    },
  });
  feed('stdout', undefined);
  feed('stderr', undefined);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
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
