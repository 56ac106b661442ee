/**
 * The local door's main path: `go-fyne-action --go-version 1.23 ...` (src/cli.ts runs it and
 * exits). Every action input is a --flag of the same name. Logs go to stderr; outputs are printed
 * to stdout as name=value lines; the post step (cache save, run report update) runs in the same
 * process at the end. Returns the exit code.
 *
 * Secrets never come from argv (every local user reads argv in /proc, and it stays in shell
 * history): the certificate from --windows-certificate-file or GO_FYNE_ACTION_WINDOWS_CERTIFICATE,
 * the password from GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD or
 * --windows-certificate-password-file; the same for the macOS .p12 and its password
 * (--macos-certificate-file, GO_FYNE_ACTION_MACOS_CERTIFICATE, ...) and the notary key
 * (--notary-key-file, GO_FYNE_ACTION_NOTARY_KEY). The variables leave the environment once read, the values
 * are masked from the first line on, and the final error line is masked and escaped.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { errorMessage, UserError } from './errors.js';
import { CLI_VERSION, parseArgs, usage } from './cli-args.js';
import { runMain, runPost } from './pipeline.js';
import { onAbort } from './runtime/abort.js';
import { debugWanted, localRuntime, type LocalRuntime } from './runtime/local.js';
import { MACOS_CERT_INPUT, MACOS_PASSWORD_INPUT, secretInputForms } from './config.js';
import { KEY_INPUT } from './notary/inputs.js';
import { CERT_INPUT, PASSWORD_INPUT } from './sign/authenticode.js';
import { readCapped } from './system/confine.js';
import { logText } from './system/escape.js';
import { registerSecretValue } from './system/process.js';

export const CERT_FILE_FLAG = 'windows-certificate-file';
export const PASSWORD_FILE_FLAG = 'windows-certificate-password-file';
export const CERT_ENV = 'GO_FYNE_ACTION_WINDOWS_CERTIFICATE';
export const PASSWORD_ENV = 'GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD';
const CERT_CAP = 1 << 20; // a .pfx is a few KiB
const PASSWORD_CAP = 64 << 10;

/**
 * A secret input of the CLI: never an argument; from a file flag or a variable (removed from the
 * environment once read). `binary`: a DER file is taken as its base64 (.pfx, .p12); else the
 * text, one trailing newline dropped (a password) or trimmed (a .p8 key's PEM).
 */
interface CliSecret {
  input: string;
  fileFlag: string;
  env: string;
  cap: number;
  form: 'der-or-base64' | 'password' | 'text';
  /** For messages: what it is, and what the file flag takes. */
  what: string;
  file: string;
}

export const CLI_SECRETS: readonly CliSecret[] = [
  { input: CERT_INPUT, fileFlag: CERT_FILE_FLAG, env: CERT_ENV, cap: CERT_CAP, form: 'der-or-base64', what: 'the certificate', file: '<file.pfx>' },
  { input: PASSWORD_INPUT, fileFlag: PASSWORD_FILE_FLAG, env: PASSWORD_ENV, cap: PASSWORD_CAP, form: 'password', what: 'the password', file: '<file>' },
  {
    input: MACOS_CERT_INPUT,
    fileFlag: 'macos-certificate-file',
    env: 'GO_FYNE_ACTION_MACOS_CERTIFICATE',
    cap: CERT_CAP,
    form: 'der-or-base64',
    what: 'the macOS certificate',
    file: '<file.p12>',
  },
  {
    input: MACOS_PASSWORD_INPUT,
    fileFlag: 'macos-certificate-password-file',
    env: 'GO_FYNE_ACTION_MACOS_CERTIFICATE_PASSWORD',
    cap: PASSWORD_CAP,
    form: 'password',
    what: 'the macOS certificate password',
    file: '<file>',
  },
  {
    input: KEY_INPUT,
    fileFlag: 'notary-key-file',
    env: 'GO_FYNE_ACTION_NOTARY_KEY',
    cap: PASSWORD_CAP,
    form: 'text',
    what: 'the notary key',
    file: '<file.p8>',
  },
];

/** The lines --help adds for the secrets (the flags that are not action inputs). */
const SECRETS_USAGE = [
  '',
  'Secrets (never as arguments: any local user can read argv in /proc):',
  `  --${CERT_FILE_FLAG} <file>            the .pfx (DER or base64), or env ${CERT_ENV} (base64)`,
  `  --${PASSWORD_FILE_FLAG} <file>   the .pfx password (one trailing newline dropped), or env ${PASSWORD_ENV}`,
  `  --macos-certificate-file <file>              the Developer ID .p12 (DER or base64), or env GO_FYNE_ACTION_MACOS_CERTIFICATE (base64)`,
  `  --macos-certificate-password-file <file>     the .p12 password (one trailing newline dropped), or env GO_FYNE_ACTION_MACOS_CERTIFICATE_PASSWORD`,
  `  --notary-key-file <file>                     the App Store Connect .p8 key (PEM), or env GO_FYNE_ACTION_NOTARY_KEY`,
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
 * of the secret inputs.
 */
export async function takeSecrets(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<{ argv: string[]; secrets: Map<string, string> }> {
  const rest: string[] = [];
  const files = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.startsWith('--') ? arg.slice(2).replace(/=.*$/s, '') : '';
    const asInput = CLI_SECRETS.find((c) => c.input === name);
    if (asInput)
      throw new UserError(
        asInput.form === 'password'
          ? `--${name} is refused on the command line (any local user can read it in /proc, and it stays in shell history); set ${asInput.env} or give --${asInput.fileFlag} ${asInput.file}`
          : `--${name} is refused on the command line (it holds a private key any local user could read in /proc); give --${asInput.fileFlag} ${asInput.file} or set ${asInput.env}`,
      );
    if (CLI_SECRETS.some((c) => c.fileFlag === name)) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv.at(++i);
      if (value === undefined || value === '') throw new UserError(`flag --${name} needs a file`);
      files.set(name, value);
      continue;
    }
    rest.push(arg);
  }
  const secrets = new Map<string, string>();
  const fromEnv = new Map<string, string>();
  for (const c of CLI_SECRETS) {
    const v = env[c.env];
    Reflect.deleteProperty(env, c.env);
    if (v === undefined || v === '') continue;
    registerSecretValue(v);
    fromEnv.set(c.input, v);
  }
  for (const c of CLI_SECRETS) {
    const file = files.get(c.fileFlag);
    const envValue = fromEnv.get(c.input);
    if (file !== undefined && envValue !== undefined) throw new UserError(`${c.what} is given twice (--${c.fileFlag} and ${c.env}); give one`);
    if (file !== undefined) {
      const b = await readSecretFile(c.fileFlag, file, c.cap);
      secrets.set(
        c.input,
        c.form === 'der-or-base64'
          ? b[0] === 0x30
            ? b.toString('base64')
            : b.toString('utf8').trim() // DER, or its base64
          : c.form === 'password'
            ? b.toString('utf8').replace(/\r?\n$/, '')
            : b.toString('utf8').trim(),
      );
    } else if (envValue !== undefined) secrets.set(c.input, c.form === 'password' ? envValue : envValue.trim());
  }
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
      secretValues = secretInputForms((n) => taken.secrets.get(n) ?? '');
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
