/**
 * What every step of the pipeline is handed, and the one shape of a step (as goreleaser's pipes:
 * a name, and a run that does its work or says why it skipped). The context is made once Go is
 * installed and the builds are planned (src/pipeline.ts); steps read it, and record into it
 * what later steps and the run report need (the restored caches, each target's result).
 */
import type { ArtifactRegistry } from './artifacts/registry.js';
import type { CacheState } from './cache/layers.js';
import type { GoCachePlacement } from './cache/policy.js';
import type { BuildSet } from './compile/plan.js';
import type { Config } from './config.js';
import type { Runtime } from './runtime.js';
import type { Toolchain } from './toolchain/index.js';

/** The plan stage's result: the build set, or why there is none (no targets: set up only). */
export type Planned =
  | { skip: string; fyneVersion: string }
  /** scratchDir: the private folder of the generated build files; removed when the run ends. */
  | PlannedBuild;

export interface PlannedBuild {
  set: BuildSet;
  fyneVersion: string;
  /** The main package's folder (FyneApp.toml, Icon.png; the Windows .syso goes there during the build). */
  packageDir: string;
  scratchDir: string;
}

/** One target's build: ok, or the first error (a compile error, or the artifact check's). */
export interface TargetResult {
  target: string;
  ok: boolean;
  durationMs: number;
  error?: string;
}

export interface RunContext {
  readonly rt: Runtime;
  readonly config: Config;
  readonly go: Toolchain;
  /** The only way stages hand files to each other. */
  readonly registry: ArtifactRegistry;
  /** Decided once, by the plan stage: a step that needs the build set reads it here. */
  readonly plan: Planned;
  /** The base name of the files: the planned app's, else `name`, else from universal-inputs, else 'app'. */
  readonly name: string;
  /** The release version (archive names, app versions): the input, else the tag, else the commit. */
  readonly version: string;
  /** Where GOCACHE lives and whether this run may prune it (placed before the first go command). */
  readonly gocaches: GoCachePlacement;
  /** Recorded by the restore step: the caches as restored (undefined when off, or the restore failed). */
  cache?: CacheState;
  /** Recorded by the build step, in finishing order. */
  readonly targets: TargetResult[];
}

/** The context of a step that runs only when there is something to build. */
export interface BuildContext extends RunContext {
  readonly plan: PlannedBuild;
}

/** What a step did: its work, or a typed "skipped: why" (the pipeline logs the why, once). */
export type StepResult = { ran: true } | { skipped: string };

export const RAN: StepResult = { ran: true };

export interface Step {
  /** The stage's name: the title of its log group, and its name in the run report. */
  readonly name: string;
  /** false: the step's lines are not gathered in a group of its own (the build groups per target). */
  readonly group?: boolean;
  /** The step works on the build set: with no targets it is skipped, with the plan's reason and no log group. */
  readonly needsBuild?: boolean;
  run(ctx: RunContext): Promise<StepResult>;
}

export function hasBuild(ctx: RunContext): ctx is BuildContext {
  return 'set' in ctx.plan;
}

/** A step over the build set (see Step.needsBuild). */
export function buildSetStep(name: string, run: (ctx: BuildContext) => Promise<StepResult>, o: { group?: boolean } = {}): Step {
  return {
    name,
    ...o,
    needsBuild: true,
    run: async (ctx) => ('skip' in ctx.plan ? { skipped: ctx.plan.skip } : run(ctx as BuildContext)),
  };
}
