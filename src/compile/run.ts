/**
 * Effect: runs planned builds, up to `parallel` at once. Each line of output is handed to the
 * logger with its target; a failing target does not stop the others. No @actions/core here.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { mkdir, rm, writeFile } from '../system/owned-fs.js';
import { ConfineError, within, WriteRoot } from '../system/confine.js';
import { run } from '../system/process.js';
import type { BuildPlan, GeneratedFile } from './plan.js';
import { seconds } from '../system/format.js';

export interface BuildResult {
  id: string;
  ok: boolean;
  exitCode: number | null;
  durationMs: number;
  /** The first line that explains the failure ('' when ok). */
  firstError: string;
  /** Everything the build printed (stdout and stderr, interleaved by line). */
  log: string;
  output: string;
}

export interface RunOptions {
  parallel: number;
  /** Called for each line of output (and for start/finish notes), with its target. */
  log?: (target: string, line: string) => void;
  /** The environment the plans' variables go on top of (default process.env). */
  baseEnv?: NodeJS.ProcessEnv;
  /** Files to write before the builds and remove afterwards (BuildSet.files): in the action's own scratch folder. */
  files?: GeneratedFile[];
  /**
   * output-dir: every plan's output must lie in it, its folders are made through a WriteRoot (one
   * level at a time, never through a link), and a link or file already at an output's name is
   * removed first, so `go build -o` never writes through what was there.
   */
  outputDir?: string;
  /** Called once per plan as soon as its build has finished (before the others may have). */
  onDone?: (plan: BuildPlan, result: BuildResult) => void | Promise<void>;
}

/** Lines that are progress, not a failure's cause. */
const NOISE = /^(# |go: downloading |go: finding |go: extracting |go: found |\s*$)/;

/** The first line of a failed build's log that says what went wrong. */
export function firstErrorLine(log: string, exitCode: number | null): string {
  for (const line of log.split(/\r?\n/)) {
    if (!NOISE.test(line)) return line.trim();
  }
  return exitCode === null ? 'killed' : `exit code ${exitCode}`;
}

/** The environment a plan runs with: base, then the plan's variables. */
export function planEnv(plan: BuildPlan, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...base, ...plan.env };
}

async function runOne(plan: BuildPlan, opts: RunOptions): Promise<BuildResult> {
  const started = Date.now();
  const chunks: string[] = [];
  const line = (text: string): void => {
    chunks.push(text);
    opts.log?.(plan.id, text);
  };
  let exitCode: number | null = null;
  let error: string | undefined;
  try {
    exitCode = (await run(plan.argv, { cwd: plan.cwd, env: planEnv(plan, opts.baseEnv ?? process.env), onLine: line })).code;
  } catch (err) {
    error = `cannot start ${plan.argv[0]}: ${(err as Error).message}`;
  }
  const text = chunks.join('\n');
  const ok = exitCode === 0 && !error;
  return {
    id: plan.id,
    ok,
    exitCode,
    durationMs: Date.now() - started,
    firstError: ok ? '' : (error ?? firstErrorLine(text, exitCode)),
    log: text,
    output: plan.output,
  };
}

/**
 * Runs the plans, at most `parallel` at a time, in order of the list; resolves with one result
 * per plan (same order) once all have finished. Creates output directories; writes `files`
 * first and removes them at the end, whatever happened.
 */
export async function runBuilds(plans: BuildPlan[], opts: RunOptions): Promise<BuildResult[]> {
  const files = opts.files ?? [];
  try {
    for (const f of files) {
      await mkdir(path.dirname(f.path), { recursive: true });
      await writeFile(f.path, f.content);
    }
    if (opts.outputDir !== undefined) await prepareOutputs(plans, opts.outputDir);
    else for (const dir of new Set(plans.map((p) => path.dirname(p.output)))) await mkdir(dir, { recursive: true });

    const results = new Array<BuildResult>(plans.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < plans.length) {
        const i = next++;
        const plan = plans[i];
        opts.log?.(plan.id, `$ ${describeCommand(plan)}`);
        const r = await runOne(plan, opts);
        opts.log?.(plan.id, r.ok ? `ok in ${seconds(r.durationMs)} -> ${plan.output}` : `FAILED in ${seconds(r.durationMs)}: ${r.firstError}`);
        results[i] = r;
        await opts.onDone?.(plan, r);
      }
    };
    const n = Math.max(1, Math.min(opts.parallel, plans.length));
    await Promise.all(Array.from({ length: n }, worker));
    return results;
  } finally {
    for (const f of files) await rm(f.path, { force: true });
  }
}

/** Makes the outputs' folders in output-dir and clears their names (a link is removed, never followed; a folder is refused). */
async function prepareOutputs(plans: BuildPlan[], outputDir: string): Promise<void> {
  const root = await WriteRoot.create(outputDir, 'output-dir');
  for (const plan of plans) {
    for (const file of [plan.output, plan.header]) {
      if (file === undefined) continue;
      if (!within(root.dir, file) || path.resolve(file) === root.dir) throw new Error(`internal: ${file} is not inside output-dir ${root.dir}`);
      const rel = path.relative(root.dir, file);
      await root.mkdir(path.dirname(rel));
      const st = await lstat(file).catch(() => undefined);
      if (st?.isDirectory())
        throw new ConfineError(`output-dir: ${rel} is a folder where the build writes a file; remove it or choose another output-dir`, 'refused');
      if (st) await root.remove(rel);
    }
  }
}

/** The plan as one readable line: the variables it sets, then argv (for logs, never for a shell). */
export function describeCommand(plan: BuildPlan): string {
  const q = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const env = Object.entries(plan.env).map(([k, v]) => `${k}=${q(v)}`);
  return [...env, ...plan.argv.map(q)].join(' ');
}
