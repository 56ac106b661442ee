/**
 * The thin part of system packages: checks with dpkg-query first, says what it installs and why,
 * installs only what is missing (one apt-get update at most; sudo when not root, or else one line
 * naming the apt-get command to run as root), or checks Xcode CLT on macOS and the compilers on
 * PATH. What to run and every message are decided in src/deps/plan.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { onPath, ProcessError, run } from '../system/process.js';
import type { TriState } from '../compile/options.js';
import {
  aptGetCommands,
  archsOnOtherMirror,
  compilerMissingMessage,
  doneMessage,
  dpkgQueryMissingMessage,
  foreignArchCommands,
  installAllowed,
  installFailedMessage,
  installingMessage,
  missingPackages,
  needsRootMessage,
  notAllowedMessage,
  parseOsRelease,
  SUDO_ASKS,
  XCODE_MISSING,
  type AptCommand,
  type DepsPlan,
} from './plan.js';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}
export type Exec = (argv: string[], opts?: { input?: string }) => Promise<ExecResult>;

/**
 * Runs argv (no shell) through the process runner with stdin always given and ended (a dpkg
 * prompt reads end of file instead of waiting for ever); a missing command gives code 127.
 */
export const defaultExec: Exec = async (argv, opts = {}) => {
  try {
    return await run(argv, { input: opts.input ?? '', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (err) {
    if (err instanceof ProcessError || (err as NodeJS.ErrnoException).code === 'ENOENT') return { code: 127, stdout: '', stderr: (err as Error).message };
    throw err;
  }
};

export interface EnsureOptions {
  /** install-deps: auto installs only on CI (ci=true); false only checks. */
  mode: TriState;
  ci: boolean;
  log: (line: string) => void;
  exec?: Exec;
  isRoot?: boolean;
  env?: NodeJS.ProcessEnv;
  /**
   * A person at a terminal (the demo, npm test): sudo may ask for a password. Otherwise sudo must
   * work without one (CI), and a missing sudo stops at once with the command to run as root.
   */
  interactive?: boolean;
  /** Reads /etc files (os-release, apt sources); injectable for tests. */
  readText?: (file: string) => string | undefined;
  /** Lists apt source files (default: /etc/apt/sources.list and /etc/apt/sources.list.d/*). */
  sourceFiles?: () => string[];
  /** The system-packages cache layer (src/cache/system-layer.ts), when the caches are on. */
  layer?: SystemLayerHooks;
}

/**
 * What the system-packages cache layer does around apt-get. None of them throws: a layer that
 * cannot be used is a reason to run apt-get, never a failed build.
 */
export interface SystemLayerHooks {
  /** Before apt-get: put the packages in place from the cache; true when they are (apt-get is skipped). */
  restore(missing: string[], sudo: string[], exec: Exec): Promise<boolean>;
  /** On a miss, just before apt-get: dpkg's state, to diff against afterwards. */
  beforeInstall(exec: Exec): Promise<void>;
  /** After apt-get succeeded: record what it added as the layer the post step saves. */
  afterInstall(exec: Exec): Promise<void>;
}

export interface EnsureResult {
  installed: string[];
  /** Put in place from the system-packages cache layer instead of apt-get. */
  restored: string[];
  alreadyPresent: string[];
  durationMs: number;
}

function defaultSourceFiles(): string[] {
  const files = ['/etc/apt/sources.list'].filter((f) => existsSync(f));
  const d = '/etc/apt/sources.list.d';
  if (existsSync(d)) for (const f of readdirSync(d)) if (/\.(list|sources)$/.test(f)) files.push(path.join(d, f));
  return files;
}

/** Checks the system for the plan's needs and installs what is missing when allowed. */
export async function ensureDeps(plan: DepsPlan, opts: EnsureOptions): Promise<EnsureResult> {
  const started = Date.now();
  const exec = opts.exec ?? defaultExec;
  const env = opts.env ?? process.env;
  const result: EnsureResult = { installed: [], restored: [], alreadyPresent: [], durationMs: 0 };

  if (plan.xcode) {
    const r = await exec(['xcode-select', '-p']);
    if (r.code !== 0) throw new UserError(XCODE_MISSING);
  }

  if (plan.system === 'apt' && plan.packages.length > 0) {
    const q = await exec(['dpkg-query', '-W', '-f', '${Package} ${Architecture} ${db:Status-Abbrev}\n', ...plan.packages]);
    if (q.code === 127) {
      opts.log(dpkgQueryMissingMessage(plan));
    } else {
      const missing = missingPackages(plan.packages, q.stdout, plan.hostArch);
      result.alreadyPresent = plan.packages.filter((p) => !missing.includes(p));
      if (missing.length > 0) {
        if (!installAllowed(opts.mode, opts.ci)) throw new UserError(notAllowedMessage(plan, missing, opts.mode));
        const sudo = await sudoPrefix(plan, missing, opts, exec);
        // A foreign architecture needs dpkg --add-architecture and its own sources first: apt-get's path.
        const layer = plan.foreignArchs.length === 0 ? opts.layer : undefined;
        if (layer && (await layer.restore(missing, sudo, exec))) {
          result.restored = missing;
        } else {
          opts.log(installingMessage(plan, missing, sudo));
          await layer?.beforeInstall(exec);
          await aptInstall(plan, missing, opts, exec, sudo);
          result.installed = missing;
          await layer?.afterInstall(exec);
        }
      }
    }
  }

  for (const [cmd, hint] of Object.entries(plan.commands)) {
    if (!onPath(cmd, env)) throw new UserError(compilerMissingMessage(cmd, hint));
  }
  result.durationMs = Date.now() - started;
  const done = doneMessage(plan, result.installed, result.durationMs);
  if (done) opts.log(done);
  return result;
}

/**
 * How apt-get runs: directly as root; `sudo -n` when sudo needs no password; plain `sudo` (which
 * asks on the terminal) for a person at one. Else a UserError with the one command to run as root.
 */
async function sudoPrefix(plan: DepsPlan, missing: string[], opts: EnsureOptions, exec: Exec): Promise<string[]> {
  if (opts.isRoot ?? process.getuid?.() === 0) return [];
  const probe = await exec(['sudo', '-n', 'true']);
  if (probe.code === 0) return ['sudo', '-n'];
  if (probe.code === 127) throw new UserError(needsRootMessage(plan, missing, 'not-installed'));
  if (opts.interactive) {
    opts.log(SUDO_ASKS);
    return ['sudo'];
  }
  throw new UserError(needsRootMessage(plan, missing, 'asks-password'));
}

async function aptInstall(plan: DepsPlan, missing: string[], opts: EnsureOptions, exec: Exec, sudo: string[]): Promise<void> {
  const run = async ({ argv, input }: AptCommand): Promise<void> => {
    const full = [...sudo, ...argv];
    opts.log(`$ ${full.join(' ')}`);
    const r = await exec(full, { input });
    if (r.code !== 0) throw new UserError(installFailedMessage(full, r.code, r.stdout, r.stderr));
  };
  const readText = opts.readText ?? ((f: string): string | undefined => (existsSync(f) ? readFileSync(f, 'utf8') : undefined));

  if (plan.foreignArchs.length) {
    const have = (await exec(['dpkg', '--print-foreign-architectures'])).stdout.split(/\s+/).filter(Boolean);
    const osRelease = parseOsRelease(readText('/etc/os-release') ?? '');
    const sources: [string, string][] = [];
    if (archsOnOtherMirror(plan, osRelease).length > 0) {
      for (const file of (opts.sourceFiles ?? defaultSourceFiles)()) {
        const text = readText(file);
        if (text !== undefined) sources.push([file, text]);
      }
    }
    for (const c of foreignArchCommands(plan, { have, osRelease, sources, present: (f) => readText(f) !== undefined })) await run(c);
  }
  for (const c of aptGetCommands(missing)) await run(c);
}
