/**
 * The local door: Runtime for the CLI. Inputs come from --flags, outputs and exported
 * variables are collected and printed at the end, state lives in memory (the CLI runs the
 * post step in the same process), tools and caches go under the CLI's cache folder (its layout:
 * src/cache/policy.ts localCacheLayout), and the summary is printed as text.
 *
 * Every line is masked (the values given to `secret`) and escaped (src/system/escape.ts): the
 * CLI may itself run inside a workflow step, where its stderr is read for workflow commands, and
 * a terminal must not act on escape sequences in a file name.
 */
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { localCacheLayout } from '../cache/policy.js';
import { detectHost } from '../host.js';
import { renderSummaryText, withTold, type Told } from '../release/summary.js';
import type { Runtime } from '../runtime.js';
import { ownRoot } from '../system/confine.js';
import { logText } from '../system/escape.js';
import { mkdtempSync, rmSync } from '../system/owned-fs.js';
import { registerSecretValue } from '../system/process.js';

export interface LocalRuntime extends Runtime {
  readonly outputs: Map<string, string>;
  readonly exported: Map<string, string>;
  readonly paths: string[];
  readonly localCacheDir: string;
  /** `text` with every registered secret replaced by ***, escaped for a log line (the CLI's final error line). */
  logLine(text: string): string;
  /** Removes this run's temp folder (go-fyne-action-* under the OS temp dir), if one was made. Synchronous: safe in a signal handler. */
  removeTemp(): void;
}

/** Whether the CLI prints debug lines and error stacks (GO_FYNE_ACTION_DEBUG): the only place it is read. */
export function debugWanted(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.GO_FYNE_ACTION_DEBUG);
}

/** The CLI's cache folder: GO_FYNE_ACTION_CACHE, else go-fyne-action in the user's cache folder. The only place it is decided. */
export function localCacheRoot(env: NodeJS.ProcessEnv): string {
  if (env.GO_FYNE_ACTION_CACHE) return env.GO_FYNE_ACTION_CACHE;
  const base = env.XDG_CACHE_HOME || (process.platform === 'win32' ? env.LOCALAPPDATA : undefined) || join(homedir(), '.cache');
  return join(base, 'go-fyne-action');
}

export function localRuntime(
  inputs: Map<string, string>,
  opts: { env?: NodeJS.ProcessEnv; out?: (s: string) => void; err?: (s: string) => void } = {},
): LocalRuntime {
  const env = opts.env ?? process.env;
  const out = opts.out ?? ((s: string) => process.stdout.write(s + '\n'));
  const err = opts.err ?? ((s: string) => process.stderr.write(s + '\n'));
  const cacheRoot = localCacheRoot(env);
  const layout = localCacheLayout(cacheRoot);
  ownRoot(cacheRoot);
  ownRoot(layout.tools);
  const state = new Map<string, string>();
  const outputs = new Map<string, string>();
  const exported = new Map<string, string>();
  const paths: string[] = [];
  const secrets: string[] = [];
  // Longest first: a secret that contains another is replaced whole.
  const mask = (s: string) => logText([...secrets].sort((a, b) => b.length - a.length).reduce((acc, sec) => (sec ? acc.split(sec).join('***') : acc), s));
  const told: Told = { notices: [], warnings: [] };
  let tempDir: string | undefined;
  // Groups may run side by side (caches restore while packages install), so lines are not
  // indented under them: a group is a heading.
  const indent = () => '  ';
  return {
    door: 'cli',
    host: detectHost({ ...env, RUNNER_OS: undefined, RUNNER_ARCH: undefined }),
    ci: env.CI === 'true',
    toolCacheDir: layout.tools,
    localCacheDir: cacheRoot,
    get tempDir() {
      tempDir ??= mkdtempSync(join(tmpdir(), 'go-fyne-action-'));
      return tempDir;
    },
    env,
    removeTemp: () => {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true, maxRetries: 3 });
      tempDir = undefined;
    },
    outputs,
    exported,
    paths,
    input: (name) => (inputs.get(name) ?? '').trim(),
    setOutput: (name, value) => void outputs.set(name, value),
    exportVariable: (name, value) => {
      exported.set(name, value);
      env[name] = value;
    },
    addPath: (dir) => {
      paths.unshift(dir);
      env.PATH = `${dir}${delimiter}${env.PATH ?? ''}`;
    },
    saveState: (name, value) => void state.set(name, value),
    getState: (name) => state.get(name) ?? '',
    addMatcher: () => undefined,
    debug: (m) => {
      if (debugWanted(env)) err(`${indent()}debug: ${mask(m)}`);
    },
    info: (m) => err(`${indent()}${mask(m)}`),
    notice: (m) => {
      told.notices.push(m);
      err(`${indent()}notice: ${mask(m)}`);
    },
    warning: (m) => {
      told.warnings.push(m);
      err(`${indent()}warning: ${mask(m)}`);
    },
    error: (m) => err(`${indent()}error: ${mask(m)}`),
    group: async (title, fn) => {
      err(`▸ ${mask(title)}`);
      return fn();
    },
    summary: (data) => {
      out(mask(renderSummaryText(withTold(data, told))));
      return Promise.resolve();
    },
    secret: (v) => {
      secrets.push(v);
      registerSecretValue(v);
    },
    logLine: (text) => mask(text),
  };
}
