/**
 * The local door's main path: `go-fyne-action --go-version 1.23 ...` (src/cli.ts runs it and
 * exits). Every action input is a --flag of the same name. Logs go to stderr; outputs are printed
 * to stdout as name=value lines; the post step (cache save, run report update) runs in the same
 * process at the end. Returns the exit code.
 *
 * Secrets never come from argv (every local user reads argv in /proc, and it stays in shell
 * history): the certificate from --windows-certificate-file or GO_FYNE_ACTION_WINDOWS_CERTIFICATE,
 * the password from GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD or
 * --windows-certificate-password-file. The variables leave the environment once read, the values
 * are masked from the first line on, and the final error line is masked and escaped.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { errorMessage, UserError } from './errors.js';
import { CLI_VERSION, parseArgs, usage } from './cli-args.js';
import { runMain, runPost } from './pipeline.js';
import { onAbort } from './runtime/abort.js';
import { debugWanted, localRuntime, type LocalRuntime } from './runtime/local.js';
import { CERT_INPUT, PASSWORD_INPUT, secretForms } from './sign/authenticode.js';
import { readCapped } from './system/confine.js';
import { logText } from './system/escape.js';
import { registerSecretValue } from './system/process.js';

export const CERT_FILE_FLAG = 'windows-certificate-file';
export const PASSWORD_FILE_FLAG = 'windows-certificate-password-file';
export const CERT_ENV = 'GO_FYNE_ACTION_WINDOWS_CERTIFICATE';
export const PASSWORD_ENV = 'GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD';
const CERT_CAP = 1 << 20; // a .pfx is a few KiB
const PASSWORD_CAP = 64 << 10;

/** The lines --help adds for the secrets (the flags that are not action inputs). */
const SECRETS_USAGE = [
  '',
  'Secrets (never as arguments: any local user can read argv in /proc):',
  `  --${CERT_FILE_FLAG} <file>            the .pfx (DER or base64), or env ${CERT_ENV} (base64)`,
  `  --${PASSWORD_FILE_FLAG} <file>   the .pfx password (one trailing newline dropped), or env ${PASSWORD_ENV}`,
].join('\n');

/** A user-given secret file: links followed (the user named it), then read capped, regular files only. */
async function readSecretFile(flag: string, file: string, cap: number): Promise<Buffer> {
  const abs = resolve(file);
  let real = abs;
  try {
    real = realpathSync(abs);
  } catch {
    /* readCapped says what is wrong with it */
  }
  return readCapped(real, `--${flag} ${abs}`, cap);
}

/**
 * Takes the secrets out of argv and `env`: refuses them as arguments, reads the file flags and
 * the variables (removed from `env`), and returns argv without the file flags and the values
 * of the certificate and password inputs.
 */
export async function takeSecrets(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<{ argv: string[]; secrets: Map<string, string> }> {
  const rest: string[] = [];
  const files = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.startsWith('--') ? arg.slice(2).replace(/=.*$/s, '') : '';
    if (name === PASSWORD_INPUT)
      throw new UserError(
        `--${PASSWORD_INPUT} is refused on the command line (any local user can read it in /proc, and it stays in shell history); set ${PASSWORD_ENV} or give --${PASSWORD_FILE_FLAG} <file>`,
      );
    if (name === CERT_INPUT)
      throw new UserError(
        `--${CERT_INPUT} is refused on the command line (it holds a private key any local user could read in /proc); give --${CERT_FILE_FLAG} <file.pfx> or set ${CERT_ENV}`,
      );
    if (name === CERT_FILE_FLAG || name === PASSWORD_FILE_FLAG) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv.at(++i);
      if (value === undefined || value === '') throw new UserError(`flag --${name} needs a file`);
      files.set(name, value);
      continue;
    }
    rest.push(arg);
  }
  const secrets = new Map<string, string>();
  const take = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);
  const certEnv = take(env[CERT_ENV]);
  const passEnv = take(env[PASSWORD_ENV]);
  Reflect.deleteProperty(env, CERT_ENV);
  Reflect.deleteProperty(env, PASSWORD_ENV);
  for (const v of [certEnv, passEnv]) if (v !== undefined) registerSecretValue(v);
  const certFile = files.get(CERT_FILE_FLAG);
  const passFile = files.get(PASSWORD_FILE_FLAG);
  if (certFile !== undefined && certEnv !== undefined) throw new UserError(`the certificate is given twice (--${CERT_FILE_FLAG} and ${CERT_ENV}); give one`);
  if (passFile !== undefined && passEnv !== undefined)
    throw new UserError(`the password is given twice (--${PASSWORD_FILE_FLAG} and ${PASSWORD_ENV}); give one`);
  if (certFile !== undefined) {
    const b = await readSecretFile(CERT_FILE_FLAG, certFile, CERT_CAP);
    secrets.set(CERT_INPUT, b[0] === 0x30 ? b.toString('base64') : b.toString('utf8').trim()); // DER, or its base64
  } else if (certEnv !== undefined) secrets.set(CERT_INPUT, certEnv.trim());
  if (passFile !== undefined) {
    const b = await readSecretFile(PASSWORD_FILE_FLAG, passFile, PASSWORD_CAP);
    secrets.set(PASSWORD_INPUT, b.toString('utf8').replace(/\r?\n$/, ''));
  } else if (passEnv !== undefined) secrets.set(PASSWORD_INPUT, passEnv);
  return { argv: rest, secrets };
}

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The environment the run sees (and changes: GOROOT, PATH, ...). */
  env: NodeJS.ProcessEnv;
}

const processIO: CliIO = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  env: process.env,
};

let stdoutKept = false;
/** Where the current run's `::debug::` lines go: its stderr when it wants debug lines, else nowhere. */
let workflowDebug: ((text: string) => void) | undefined;

/**
 * @actions/glob reports through @actions/core's debug(), which writes `::debug::` workflow
 * commands to stdout: the CLI's stdout holds only its name=value outputs, so those lines go to
 * stderr as `debug:` lines when GO_FYNE_ACTION_DEBUG is set, and nowhere otherwise.
 */
function keepWorkflowCommandsOffStdout(io: CliIO): void {
  workflowDebug = debugWanted(io.env) ? (text) => io.stderr(`  debug: ${text}`) : undefined;
  if (stdoutKept) return;
  stdoutKept = true;
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  process.stdout.write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined;
    if (text?.startsWith('::debug::')) {
      workflowDebug?.(text.slice('::debug::'.length));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }
    return write(chunk, ...rest);
  };
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  keepWorkflowCommandsOffStdout(io);
  if (argv[0] === 'lipo') {
    const { runLipo } = await import('./macho/lipo-cli.js');
    return runLipo(argv.slice(1), { stdout: io.stdout, stderr: io.stderr });
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(usage() + SECRETS_USAGE + '\n');
    return 0;
  }
  if (argv.includes('--version')) {
    io.stdout(`go-fyne-action ${CLI_VERSION}\n`);
    return 0;
  }
  let rt: LocalRuntime | undefined;
  let secretValues: string[] = [];
  // Before the Runtime exists (a refused flag, an unreadable file), the line is masked here.
  const finalLine = (text: string): string =>
    rt ? rt.logLine(text) : logText([...secretValues].sort((a, b) => b.length - a.length).reduce((acc, v) => acc.split(v).join('***'), text));
  // The run's temp folder goes at the end of every run: done, failed, or cancelled by a signal.
  const releaseAbort = onAbort(() => rt?.removeTemp());
  try {
    try {
      const taken = await takeSecrets(argv, io.env);
      secretValues = secretForms(taken.secrets.get(CERT_INPUT) ?? '', taken.secrets.get(PASSWORD_INPUT) ?? '');
      const inputs = parseArgs(taken.argv);
      for (const [k, v] of taken.secrets) inputs.set(k, v);
      rt = localRuntime(inputs, { env: io.env, out: (s) => io.stdout(s + '\n'), err: (s) => io.stderr(s + '\n') });
      for (const v of secretValues) rt.secret(v); // masked from the first line on
      await runMain(rt); // GOCACHE/GOMODCACHE: the CLI's own unless set (src/cache/policy.ts)
    } catch (err) {
      io.stderr(`${finalLine(`go-fyne-action: ${errorMessage(err)}`)}\n`);
      if (debugWanted(io.env) && err instanceof Error) io.stderr(`${finalLine(err.stack ?? '')}\n`);
      if (rt) await runPost(rt).catch(() => undefined); // what did build is still worth caching
      return 1;
    }
    try {
      await runPost(rt);
    } catch (err) {
      rt.warning(errorMessage(err));
    }
    for (const [k, v] of rt.outputs) io.stdout(`${k}=${rt.logLine(v)}\n`);
    return 0;
  } finally {
    releaseAbort();
    try {
      rt?.removeTemp();
    } catch (err) {
      io.stderr(`${finalLine(`go-fyne-action: warning: could not remove the temp folder: ${errorMessage(err)}`)}\n`);
    }
  }
}
