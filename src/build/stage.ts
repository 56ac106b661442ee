/**
 * The whole build stage in one call, for the pipeline: load the project, plan, make sure the
 * system has what the plans need, run the builds and check every artifact's header.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { HostPlatform } from './compilers.js';
import { ensureDeps, planDeps, type EnsureResult, type Exec } from './deps.js';
import { checkArtifact } from './inspect.js';
import type { TriState } from './options.js';
import { planBuilds, type BuildInputs, type BuildSet } from './plan.js';
import { loadProject } from './project.js';
import { runBuilds, type BuildResult } from './run.js';

export interface StageOptions {
  inputs: BuildInputs;
  parallel: number;
  installDeps: TriState;
  /** Running on CI (install-deps auto installs only there). */
  ci: boolean;
  host: HostPlatform;
  /** The working directory (module root). */
  workDir: string;
  /** Scratch space (RUNNER_TEMP); a private subdirectory is made and removed. */
  tempDir: string;
  env: NodeJS.ProcessEnv;
  goBin?: string;
  log: (target: string, line: string) => void;
  exec?: Exec;
}

export interface StageResult {
  set: BuildSet;
  deps: EnsureResult;
  results: Array<BuildResult & { mismatches: string[] }>;
}

export async function buildStage(o: StageOptions): Promise<StageResult> {
  const project = await loadProject(o.workDir, o.inputs.package, { goBin: o.goBin, env: o.env });
  const scratchDir = await mkdtemp(path.join(o.tempDir, 'gfa-build-'));
  try {
    const set = planBuilds(o.inputs, project, { host: o.host, goBin: o.goBin, env: o.env, scratchDir });
    const deps = await ensureDeps(planDeps(set.plans, o.host, set.isFyne), {
      mode: o.installDeps, ci: o.ci, env: o.env, exec: o.exec, log: (l) => o.log('deps', l),
    });
    const runs = await runBuilds(set.plans, { parallel: o.parallel, log: o.log, baseEnv: o.env, files: set.files });
    const results = await Promise.all(runs.map(async (r, i) => ({
      ...r, mismatches: r.ok ? await checkArtifact(r.output, set.plans[i]!.expect) : [],
    })));
    return { set, deps, results };
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}
