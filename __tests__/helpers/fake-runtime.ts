/**
 * A Runtime that records instead of acting on a runner or a terminal: every log line (groups as
 * `▸ title` lines), outputs, exported variables, state and the summary data, for the tests of
 * steps/ and pipeline.ts. Inputs come from a plain object; a real Config from the real parser.
 */
import { realpathSync } from 'node:fs';
import { diskSources, parseConfig, resolveConfig, type Config } from '../../src/config.js';
import { detectHost } from '../../src/host.js';
import { withTold, type SummaryData, type Told } from '../../src/release/summary.js';
import type { Runtime } from '../../src/runtime.js';

export interface FakeRuntime extends Runtime {
  readonly lines: string[];
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  readonly summaries: SummaryData[];
}

export function fakeRuntime(o: {
  tempDir: string;
  toolCacheDir?: string;
  localCacheDir?: string;
  env?: NodeJS.ProcessEnv;
  inputs?: Record<string, string>;
  door?: Runtime['door'];
}): FakeRuntime {
  const lines: string[] = [];
  const outputs: Record<string, string> = {};
  const state: Record<string, string> = {};
  const summaries: SummaryData[] = [];
  const told: Told = { notices: [], warnings: [] };
  const env: NodeJS.ProcessEnv = { ...(o.env ?? { PATH: process.env.PATH, HOME: process.env.HOME }) };
  return {
    door: o.door ?? 'cli',
    host: detectHost({}),
    ci: false,
    toolCacheDir: o.toolCacheDir ?? `${o.tempDir}/tools`,
    localCacheDir: o.localCacheDir,
    tempDir: o.tempDir,
    env,
    lines,
    outputs,
    state,
    summaries,
    input: (name) => (o.inputs?.[name] ?? '').trim(),
    setOutput: (name, value) => void (outputs[name] = value),
    exportVariable: (name, value) => void (env[name] = value),
    addPath: (dir) => void (env.PATH = `${dir}:${env.PATH ?? ''}`),
    saveState: (name, value) => void (state[name] = value),
    getState: (name) => state[name] ?? '',
    addMatcher: () => undefined,
    debug: () => undefined,
    info: (m) => void lines.push(m),
    notice: (m) => {
      told.notices.push(m);
      lines.push(`notice: ${m}`);
    },
    warning: (m) => {
      told.warnings.push(m);
      lines.push(`warning: ${m}`);
    },
    error: (m) => void lines.push(`error: ${m}`),
    group: async (title, fn) => {
      lines.push(`▸ ${title}`);
      return fn();
    },
    summary: (data) => {
      summaries.push(withTold(data, told));
      return Promise.resolve();
    },
    secret: () => undefined,
  };
}

/** The real Config for `inputs`, with `workspace` as GITHUB_WORKSPACE (and working-directory unless given). */
export async function testConfig(workspace: string, inputs: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): Promise<Config> {
  const all: Record<string, string> = { 'working-directory': workspace, ...inputs };
  const config = parseConfig(diskSources((n) => all[n] ?? '', { PATH: process.env.PATH, ...env, GITHUB_WORKSPACE: workspace }, detectHost({}), workspace));
  return resolveConfig(config, (p) => realpathSync(p));
}
