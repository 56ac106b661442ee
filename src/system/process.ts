/**
 * The one way the project runs a program: @actions/exec (argv arrays, never a shell string;
 * Windows quoting; streaming line listeners; exit codes), silent, so nothing reaches the log but
 * what the caller chooses to print. The program is looked up on the PATH of the environment it
 * will run with (not the action's own process PATH), so a PATH a step prepended is honoured.
 *
 * Every child gets ONE environment, made here (`childEnvironment`) whatever env the caller
 * passes: without the action's inputs (INPUT_*: the certificate and its password travel so),
 * the runner's tokens (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_*), the CLI's secret
 * variables, any variable named like a credential (GITHUB_TOKEN, *_PASSWORD, *_SECRET_*, ...)
 * and any variable holding a value registered as a secret. A tool that needs one names it
 * (`passEnv`); a user keeps named variables for every child with GO_FYNE_ACTION_PASS_ENV.
 */
import { exec } from '@actions/exec';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

export interface RunOptions {
  cwd?: string;
  /** The environment of the child (default: this process's), less what `childEnvironment` withholds. */
  env?: NodeJS.ProcessEnv;
  /** Variables of `env` this child gets even though they are withheld from children (a tool that needs a secret names it). */
  passEnv?: readonly string[];
  /**
   * Written to the child's stdin, which then ends (a prompt reads end of file instead of waiting
   * for ever). Without it, stdin is left as @actions/exec leaves it.
   */
  input?: Buffer | string;
  /** Each line of output as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Kill the child after this long (a damaged or hostile program must not hang the job); its run then fails with code 124. */
  timeoutMs?: number;
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

/** Never passed on, whatever a user lists in GO_FYNE_ACTION_PASS_ENV: the action's inputs and the runner's tokens. */
const NEVER = /^(?:INPUT_.*|STATE_.*|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_.*)$/i;
/** The CLI's secret variables (src/cli-main.ts reads them and removes them; withheld should one remain). */
const CLI_SECRETS = /^GO_FYNE_ACTION_(?:WINDOWS_CERTIFICATE(?:_PASSWORD)?|MACOS_CERTIFICATE(?:_PASSWORD)?|NOTARY_KEY)$/i;
/** Names of credentials by convention: a word of the name (between underscores) says so. */
const CREDENTIAL_NAME =
  /(?:^|_)(?:TOKEN|SECRET|SECRETS|PASSWORD|PASSWD|PASSPHRASE|PASS|PAT|APIKEY|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL|CREDENTIALS)(?:_|$)/i;
/** Values registered as secrets this run (the certificate, its password, each in every form that could show). */
const secretValues = new Set<string>();

/** Registers a secret's value: a variable holding it is withheld from every child. */
export function registerSecretValue(value: string): void {
  if (value.trim() !== '') secretValues.add(value);
}

/** Why `name=value` is withheld from children, or undefined when it is passed on. */
export function withheldReason(name: string, value: string, passEnv: readonly string[] = []): string | undefined {
  if (NEVER.test(name)) return 'an input or runner token';
  if (passEnv.includes(name)) return undefined;
  if (CLI_SECRETS.test(name)) return 'a secret of the CLI';
  if (CREDENTIAL_NAME.test(name)) return 'named like a credential';
  if (secretValues.has(value)) return 'holds a secret';
  return undefined;
}

/**
 * The environment a child process gets: `env` without what `withheldReason` names, plus back
 * what `passEnv` and the user's GO_FYNE_ACTION_PASS_ENV (names, comma or space separated) list.
 */
export function childEnvironment(env: NodeJS.ProcessEnv, passEnv: readonly string[] = []): Record<string, string> {
  const pass = [...passEnv, ...(env.GO_FYNE_ACTION_PASS_ENV ?? '').split(/[\s,]+/).filter(Boolean)];
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && withheldReason(e[0], e[1], pass) === undefined));
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
  const childEnv = childEnvironment(env, o.passEnv);
  const code =
    o.input === undefined && o.timeoutMs === undefined
      ? await exec(exe, args, { cwd: o.cwd, env: childEnv, silent: true, ignoreReturnCode: true, listeners })
      : await spawnRun(exe, args, o.input, { cwd: o.cwd, env: childEnv, timeoutMs: o.timeoutMs }, listeners);
  feed('stdout', undefined);
  feed('stderr', undefined);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/**
 * A run with stdin input or a time-out is spawned here, not by @actions/exec: @actions/exec
 * writes the input with no 'error' listener on stdin, so a program that exits without reading it
 * (dpkg-query, `sudo -n true`) kills this process with EPIPE (seen in a loop of 300 dpkg-query
 * runs), and it has no time-out and hands out no child to kill. Here the input is written, stdin
 * ends, EPIPE is ignored, and a child past its time is killed (exit code 124, as timeout(1)).
 */
function spawnRun(
  exe: string,
  args: string[],
  input: Buffer | string | undefined,
  o: { cwd?: string; env: Record<string, string>; timeoutMs?: number },
  listeners: { stdout: (b: Buffer) => void; stderr: (b: Buffer) => void },
): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(exe, args, { cwd: o.cwd, env: o.env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], windowsHide: true });
    let timedOut = false;
    const timer =
      o.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, o.timeoutMs);
    child.stdout!.on('data', listeners.stdout);
    child.stderr!.on('data', listeners.stderr);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise(timedOut ? 124 : (code ?? 1));
    });
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // EPIPE: the program exited without reading its input
      child.stdin.end(input);
    }
  });
}

/**
 * A child whose stdout the caller reads as a stream (a decompressor feeding our own extractor),
 * with the one child environment. The caller waits for 'close' and checks the exit code.
 */
export function spawnPiped(argv: readonly string[], o: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcessByStdio<null, Readable, Readable> {
  const [command, ...args] = argv;
  if (!command) throw new ProcessError('empty command');
  const env = o.env ?? process.env;
  return spawn(which(command, env) ?? command, args, { cwd: o.cwd, env: childEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
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
