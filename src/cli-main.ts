/**
 * The local door's main path: `go-fyne-action --go-version 1.23 ...` (src/cli.ts runs it and
 * exits). Every action input is a --flag of the same name. Logs go to stderr; outputs are printed
 * to stdout as name=value lines; the post step (cache save, run report update) runs in the same
 * process at the end. Returns the exit code.
 */
import { errorMessage } from './errors.js';
import { parseArgs, usage } from './cli-args.js';
import { runMain, runPost } from './pipeline.js';
import { onAbort } from './runtime/abort.js';
import { debugWanted, localRuntime, type LocalRuntime } from './runtime/local.js';

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
    io.stdout(usage() + '\n');
    return 0;
  }
  let rt: LocalRuntime | undefined;
  // The run's temp folder goes at the end of every run: done, failed, or cancelled by a signal.
  const releaseAbort = onAbort(() => rt?.removeTemp());
  try {
    try {
      rt = localRuntime(parseArgs(argv), { env: io.env, out: (s) => io.stdout(s + '\n'), err: (s) => io.stderr(s + '\n') });
      await runMain(rt); // GOCACHE/GOMODCACHE: the CLI's own unless set (src/cache/policy.ts)
    } catch (err) {
      io.stderr(`go-fyne-action: ${errorMessage(err)}\n`);
      if (debugWanted(io.env) && err instanceof Error) io.stderr(`${err.stack}\n`);
      if (rt) await runPost(rt).catch(() => undefined); // what did build is still worth caching
      return 1;
    }
    try {
      await runPost(rt);
    } catch (err) {
      rt.warning(errorMessage(err));
    }
    for (const [k, v] of rt.outputs) io.stdout(`${k}=${v}\n`);
    return 0;
  } finally {
    releaseAbort();
    try {
      rt?.removeTemp();
    } catch (err) {
      io.stderr(`go-fyne-action: warning: could not remove the temp folder: ${errorMessage(err)}\n`);
    }
  }
}
