/**
 * What every step of the pipeline is handed, and the one shape of a step (as goreleaser's pipes:
 * a name, and a run that does its work or says why it skipped). The context is made once the
 * release's files have a source (src/pipeline.ts): Go installed and the builds planned, or, in a
 * fan-in (`release-inputs`), the build jobs' files gathered and verified (src/fanin). Steps read
 * it, and record into it what later steps and the run report need (the restored caches, each
 * target's result). Steps after the build read what is in the registry, whichever the source.
 */
import type { ArtifactRegistry } from './artifacts/registry.js';
import type { CacheState } from './cache/layers.js';
import type { GoCachePlacement } from './cache/policy.js';
import type { AppMetadata } from './compile/metadata.js';
import type { BuildSet } from './compile/plan.js';
import type { Config } from './config.js';
import type { FanInPlan } from './fanin/plan.js';
import type { Runtime } from './runtime.js';
import type { Toolchain } from './toolchain/index.js';

/**
 * Where this run's files come from: the plan stage's build set, or why there is none (no
 * targets: set up only), or the gather stage's files (a fan-in builds nothing).
 */
export type Planned =
  | { skip: string; fyneVersion: string }
  /** scratchDir: the private folder of the generated build files; removed when the run ends. */
  | PlannedBuild
  | PlannedGather;

/** The release's files come from this job's build, or are gathered from the build jobs (release-inputs). */
export type FileSource = 'build' | 'gather';

/** The app the packaging steps (Fyne packages, Linux packages) package, whichever the source. */
export interface PackagedApp {
  /** The binaries' base name: the executable's name inside every package. */
  exeName: string;
  /** FyneApp.toml as resolved (the build's embedded metadata, or the fan-in checkout's file). */
  metadata?: AppMetadata;
  /** The main package's folder (FyneApp.toml, Icon.png), read through src/package/sources.ts. */
  packageDir: string;
}

/** A packaging step's app, or why there is none: `skip` for the run report, `why` for the warning when a package was asked for. */
export type AppSource = PackagedApp | { skip: string; why: string };

/** The gather stage's result: the jobs' files verified and copied into output-dir, and registered. */
export interface PlannedGather {
  gathered: GatheredFiles;
  fyneVersion: string;
}

export interface GatheredFiles {
  plan: FanInPlan;
  /** Output path -> the job(s) that made it and the sha256 it arrived with (a file changed here, signed, is this run's). */
  fromJobs: Map<string, { jobs: string; sha256: string }>;
  /** From the repository checkout of the fan-in job (FyneApp.toml, Icon.png), or why there is none. */
  app: AppSource;
}

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
  /** Go, when installed: always after a build; in a fan-in only once a step asked for it (goTool). */
  readonly go?: Toolchain;
  /** Go for a step that needs it (the fyne tool, nfpm): the installed one, or installed now (a fan-in installs Go lazily). */
  readonly goTool: () => Promise<Toolchain>;
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
  readonly go: Toolchain;
}

/** What a step did: its work, or a typed "skipped: why" (the pipeline logs the why, once). */
export type StepResult = { ran: true } | { skipped: string };

export const RAN: StepResult = { ran: true };

export interface Step {
  /** The stage's name: the title of its log group, and its name in the run report. */
  readonly name: string;
  /** false: the step's lines are not gathered in a group of its own (the build groups per target). */
  readonly group?: boolean;
  /** The step works on this run's files (built or gathered): with none (no targets) it is skipped, with the plan's reason and no log group. */
  readonly needsFiles?: boolean;
  run(ctx: RunContext): Promise<StepResult>;
}

export function hasBuild(ctx: RunContext): ctx is BuildContext {
  return 'set' in ctx.plan && ctx.go !== undefined;
}

export function sourceOf(plan: Planned): FileSource {
  return 'gathered' in plan ? 'gather' : 'build';
}

/** Why there are no files to work on (no targets), or undefined. */
export function noFiles(plan: Planned): string | undefined {
  return 'skip' in plan ? plan.skip : undefined;
}

/** A step over the build set (see Step.needsFiles): only a build has one. */
export function buildSetStep(name: string, run: (ctx: BuildContext) => Promise<StepResult>, o: { group?: boolean } = {}): Step {
  return {
    name,
    ...o,
    needsFiles: true,
    run: async (ctx) => (hasBuild(ctx) ? run(ctx) : { skipped: noFiles(ctx.plan) ?? 'the files were gathered, not built' }),
  };
}

/** A step over this run's files, built or gathered (see Step.needsFiles). */
export function filesStep(name: string, run: (ctx: RunContext) => Promise<StepResult>, o: { group?: boolean } = {}): Step {
  return { name, ...o, needsFiles: true, run: async (ctx) => (noFiles(ctx.plan) !== undefined ? { skipped: noFiles(ctx.plan)! } : run(ctx)) };
}

/** The app the packaging steps package: the build set's (a Fyne app), or the fan-in checkout's; else why none. */
export function appOf(ctx: RunContext): AppSource {
  const p = ctx.plan;
  if ('gathered' in p) return p.gathered.app;
  if ('skip' in p) return { skip: p.skip, why: p.skip };
  if (!p.set.isFyne) return { skip: 'not a Fyne app', why: 'this project is not a Fyne app (its go.mod does not require fyne.io/fyne/v2)' };
  return { exeName: p.set.name, metadata: p.set.metadata, packageDir: p.packageDir };
}
