/**
 * The whole run as an ordered list of stages: the table of contents of the program.
 * Both doors (src/main.ts + src/post.ts for GitHub, src/cli-main.ts locally) call these.
 *
 * The release's files have one of two sources, and then ONE list of steps runs on them:
 *   build:  Install Go -> Plan builds -> Restore caches | System packages -> Build
 *   gather: Gather release files (a fan-in, `release-inputs`: the build jobs' files, verified)
 *   then:   Sign -> Universal -> Fyne packages -> Linux packages -> Release files -> Summary
 * The source makes the RunContext (src/context.ts); every later stage is a Step handed that
 * context. This file runs them in order (caches restore while system packages install), gives
 * each its log group, logs a step's "skipped: why" (once, here), times and records every stage,
 * and writes the run report (src/report.ts) at the end, success or failure. A fan-in installs Go
 * only when a step asks for it (ctx.goTool: the fyne tool, nfpm).
 */
import { realpathSync } from 'node:fs';
import { diskSources, parseConfig, resolveConfig, secretInputForms, type Config } from './config.js';
import { noFiles, type Planned, type RunContext, type Step, type StepResult, type TargetResult } from './context.js';
import { errorMessage, UserError } from './errors.js';
import { ArtifactRegistry } from './artifacts/registry.js';
import { buildReport, writeReport, type RunReport, type StageReport } from './report.js';
import type { Runtime } from './runtime.js';
import { placeGoCaches } from './steps/gocaches.js';
import { secretForms } from './sign/authenticode.js';
import { installGo, type Toolchain } from './toolchain/index.js';
import { probeOptions, toolchainRunnability } from './toolchain/runnable.js';

/**
 * A step whose code is loaded when it first runs (esbuild splits it into a chunk of its own):
 * a setup-only run never parses the compile engine, signing, packaging or the release writers.
 * The shape (name, group, needsFiles) is stated here, because the pipeline reads it before the
 * step runs; __tests__/unit/pipeline-lazy.test.ts checks it against the loaded step's.
 */
export interface LazyStep extends Step {
  load(): Promise<Step>;
  /**
   * When the step's code need not be loaded: the skip reason the loaded step would return for
   * this context, read from the config and the registry alone (undefined: load it and run it).
   * It states only cases the step itself decides first and in the same words;
   * __tests__/unit/pipeline-lazy.test.ts runs both on the same contexts.
   */
  idle?(ctx: RunContext): string | undefined;
}

export function lazyStep(
  shape: Pick<Step, 'name' | 'group' | 'needsFiles'>,
  load: () => Promise<Step>,
  idle?: (ctx: RunContext) => string | undefined,
): LazyStep {
  let loaded: Promise<Step> | undefined;
  const once = () => (loaded ??= load());
  const run = async (ctx: RunContext): Promise<StepResult> => {
    const why = idle?.(ctx);
    return why !== undefined ? { skipped: why } : (await once()).run(ctx);
  };
  return { ...shape, load: once, run, ...(idle ? { idle } : {}) };
}

/** Signing's first check (steps/sign.ts): without a certificate nothing is signed, and signing's code (Authenticode, osslsigncode) is not loaded. */
function signIdle(ctx: RunContext): string | undefined {
  return ctx.config.signing.authenticode ? undefined : 'no windows-certificate';
}

/** The universal stage's first checks (steps/universal.ts, universal/index.ts planUniversalStage) for a build: off, or not both darwin slices built; the Mach-O code is then not loaded. */
function universalIdle(ctx: RunContext): string | undefined {
  if ('gathered' in ctx.plan) return undefined; // a fan-in's plan decides
  if (!ctx.config.universal.enabled) return 'universal is false';
  if (ctx.config.universal.inputs.length > 0) return undefined; // universal-inputs: checked by the stage
  const built = new Set(ctx.registry.list('binary').map((a) => a.target));
  return built.has('darwin/amd64') && built.has('darwin/arm64') ? undefined : 'the targets do not include both darwin/amd64 and darwin/arm64';
}

/** Notarizing's first check (steps/notarize.ts notarizePlan): without a notary key nothing is notarized. */
function notarizeIdle(ctx: RunContext): string | undefined {
  if (noFiles(ctx.plan) !== undefined) return undefined; // filesStep's own skip comes first
  return ctx.config.signing.notary ? undefined : 'no notary-key';
}

/** The cache restore's first check (steps/cache.ts): with cache false, the layers' code (tar, zstd, the system-packages layer) is not loaded. */
function cacheIdle(ctx: RunContext): string | undefined {
  return ctx.config.cache.enabled ? undefined : 'cache is false';
}

const restoreCachesStep = lazyStep({ name: 'Restore caches' }, async () => (await import('./steps/cache.js')).restoreCachesStep, cacheIdle);
const systemPackagesStep = lazyStep({ name: 'System packages', needsFiles: true }, async () => (await import('./steps/build.js')).systemPackagesStep);
const buildStep = lazyStep({ name: 'Build', group: false, needsFiles: true }, async () => (await import('./steps/build.js')).buildStep);
const signStep = lazyStep({ name: 'Sign Windows binaries' }, async () => (await import('./steps/sign.js')).signStep, signIdle);
const universalStep = lazyStep({ name: 'Universal macOS binary' }, async () => (await import('./steps/universal.js')).universalStep, universalIdle);
const fynePackageStep = lazyStep({ name: 'Fyne packages', needsFiles: true }, async () => (await import('./steps/package.js')).fynePackageStep);
const notarizeStep = lazyStep({ name: 'Notarize macOS .app', needsFiles: true }, async () => (await import('./steps/notarize.js')).notarizeStep, notarizeIdle);
const linuxPackagesStep = lazyStep({ name: 'Linux packages', needsFiles: true }, async () => (await import('./steps/linux-packages.js')).linuxPackagesStep);
const releaseStep = lazyStep({ name: 'Release files' }, async () => (await import('./steps/release.js')).releaseStep);
const summaryStep = lazyStep({ name: 'Summary', group: false }, async () => (await import('./steps/release.js')).summaryStep);

/** Every lazily loaded step (the test compares each shape with the loaded step's). */
export const LAZY_STEPS: readonly LazyStep[] = [
  restoreCachesStep,
  systemPackagesStep,
  buildStep,
  signStep,
  universalStep,
  fynePackageStep,
  notarizeStep,
  linuxPackagesStep,
  releaseStep,
  summaryStep,
];

/** Side by side: the cache restore and the system packages (apt-get) do not wait for each other. */
const BEFORE_BUILD: Step[] = [restoreCachesStep, systemPackagesStep];

/** The build source, after those. */
const BUILD: Step[] = [
  buildStep, // every target, headers checked; a failed target does not stop the others
];

/** Then, whichever the source, one after the other. */
const STEPS: Step[] = [
  signStep, // Authenticode, before anything is archived or hashed
  universalStep, // lipo, ours or Apple's
  fynePackageStep, // .app, .tar.xz
  notarizeStep, // the Developer ID .app, stapled before the release zips it
  linuxPackagesStep, // .deb, .rpm with desktop integration
  releaseStep, // archives, SHA256SUMS, manifest
  summaryStep, // artifacts output, job summary
];

export interface RunResult {
  config: Config;
  /** Absent when no Go was installed (a fan-in that made no package). */
  toolchain?: Toolchain;
  registry: ArtifactRegistry;
  /** The targets that failed (the run then fails at the end). */
  failures: TargetResult[];
}

/** What the run report is made of, filled in as the run goes. */
interface RunRecord {
  startedAt: Date;
  stages: StageReport[];
  go?: RunReport['go'];
  fyneVersion?: string;
  ctx?: RunContext;
}

/** Runs `fn` as one recorded stage: in its log group (unless `group` is false), timed; a skip's why is logged here. */
async function stage<T>(
  rec: RunRecord,
  rt: Runtime,
  name: string,
  group: boolean,
  fn: () => Promise<T>,
  skipOf: (r: T) => string | undefined = () => undefined,
): Promise<T> {
  const entry: StageReport = { name, status: 'ran', durationMs: 0 };
  rec.stages.push(entry);
  const started = Date.now();
  const body = async (): Promise<T> => {
    const r = await fn();
    const why = skipOf(r);
    if (why !== undefined) {
      entry.status = 'skipped';
      entry.reason = why;
      rt.info(`skipped: ${why}`);
    }
    return r;
  };
  try {
    return await (group ? rt.group(name, body) : body());
  } catch (err) {
    entry.status = 'failed';
    entry.reason = errorMessage(err);
    throw err;
  } finally {
    entry.durationMs = Date.now() - started;
  }
}

/** A step of the context. One that needs files is skipped, without a group, when the plan has none. */
async function runStep(rec: RunRecord, ctx: RunContext, step: Step): Promise<void> {
  if (step.needsFiles && 'skip' in ctx.plan) {
    rec.stages.push({ name: step.name, status: 'skipped', reason: ctx.plan.skip, durationMs: 0 });
    return;
  }
  await stage(
    rec,
    ctx.rt,
    step.name,
    step.group !== false,
    () => step.run(ctx),
    (r: StepResult) => ('skipped' in r ? r.skipped : undefined),
  );
}

/** Every input, parsed and checked (files matched, paths confined) before anything is downloaded, built or written. */
export async function loadConfig(rt: Runtime): Promise<Config> {
  for (const s of secretForms(rt.input('windows-certificate'), rt.input('windows-certificate-password'))) rt.secret(s); // masked before anything can print them
  for (const s of secretInputForms((n) => rt.input(n))) rt.secret(s); // the macOS .p12, its password, the notary key and issuer too
  const config = await resolveConfig(parseConfig(diskSources((n) => rt.input(n), rt.env, rt.host, process.cwd())), (p) => realpathSync(p));
  for (const n of config.notices) rt.notice(n.message); // inputs this job does not use (one with: block serving a matrix): told once, listed in the summary
  return config;
}

/** The main step. A bad input fails before anything is written; after that, the report is written whatever happens. */
export async function runMain(rt: Runtime): Promise<RunResult> {
  const config = await loadConfig(rt); // every input, validated before anything is downloaded, built or written
  return runPipeline(rt, config);
}

/** The run of a loaded config: its source (build, or gather for release-inputs), the steps, the run report. */
export async function runPipeline(rt: Runtime, config: Config): Promise<RunResult> {
  const rec: RunRecord = { startedAt: new Date(), stages: [] };
  let result: RunResult | undefined;
  let failure: { err: unknown } | undefined;
  try {
    result = config.release.releaseInputs.length > 0 ? await runGather(rt, config, rec) : await runBuild(rt, config, rec);
  } catch (err) {
    failure = { err };
  }
  if (config.report) {
    try {
      await writeReport(config.report, runReport(rt, rec, result, failure && errorMessage(failure.err)), config.workspace);
      rt.saveState('report', config.report); // the post step adds the cache save
      rt.info(`run report: ${config.report}`);
    } catch (err) {
      if (!failure) throw new UserError(`could not write the run report ${config.report}: ${errorMessage(err)}`);
      rt.warning(`could not write the run report ${config.report}: ${errorMessage(err)}`);
    }
  }
  if (failure) throw failure.err;
  return result!;
}

function runReport(rt: Runtime, rec: RunRecord, result: RunResult | undefined, error: string | undefined): RunReport {
  const registry = result?.registry ?? rec.ctx?.registry;
  return buildReport({
    door: rt.door,
    startedAt: rec.startedAt,
    endedAt: new Date(),
    error,
    go: rec.go,
    fyneVersion: rec.fyneVersion,
    stages: rec.stages,
    targets: rec.ctx?.targets ?? [],
    cache: rec.ctx?.cache,
    artifacts: registry?.toJSON() ?? [],
  });
}

/** Install, plan, then the steps. */
async function runBuild(rt: Runtime, config: Config, rec: RunRecord): Promise<RunResult> {
  if (config.build.inputs.targets.length > 0) await refuseUnrunnable(rt, config, 'targets asks for builds');
  const { disposePlanned, planTargets } = await import('./steps/plan.js'); // the compile engine's planner: loaded while nothing else runs
  const gocaches = placeGoCaches(rt, config); // GOCACHE: the job's own on self-hosted runners, the CLI's own locally
  const go = await stage(rec, rt, 'Install Go', true, () => installGo(rt, config.toolchain)); // tool cache, or a verified download
  rec.go = { version: go.version.text, source: go.source, installMs: rec.stages.at(-1)!.durationMs };
  const plan: Planned = await stage(
    rec,
    rt,
    'Plan builds',
    true,
    () => planTargets(rt, config, go),
    (p) => ('skip' in p ? p.skip : undefined),
  ); // targets vs go tool dist list; go.mod, FyneApp.toml
  rec.fyneVersion = plan.fyneVersion;
  try {
    const ctx: RunContext = {
      rt,
      config,
      go,
      goTool: () => Promise.resolve(go),
      registry: new ArtifactRegistry(), // the one list every stage hands its files through
      plan,
      name: 'set' in plan ? plan.set.name : config.build.inputs.name || (await nameOfInputs(config)) || 'app',
      version: 'set' in plan ? plan.set.version : await releaseVersion(rt, config), // the plan's one version (compiled in), else input/tag/commit
      gocaches,
      targets: [],
    };
    rec.ctx = ctx;
    await Promise.all(BEFORE_BUILD.map((s) => runStep(rec, ctx, s)));
    for (const s of [...BUILD, ...STEPS]) await runStep(rec, ctx, s);
    const failures = ctx.targets.filter((t) => !t.ok);
    if (failures.length > 0) {
      throw new UserError(`${failures.length} target(s) failed: ${failures.map((f) => `${f.target}: ${f.error}`).join('; ')}`);
    }
    return { config, toolchain: go, registry: ctx.registry, failures };
  } finally {
    await disposePlanned(plan); // the build's scratch folder, whatever happened
  }
}

/**
 * A build (or a fan-in's Go tools) runs the installed go: with a toolchain that cannot run here
 * (architecture: arm64 on an amd64 runner, no emulator registered) that is one UserError, before
 * anything is downloaded or built.
 */
async function refuseUnrunnable(rt: Runtime, config: Config, what: string): Promise<void> {
  const arch = config.toolchain.arch;
  const runs = await toolchainRunnability(rt.host, arch, probeOptions(rt.env));
  if (runs.runnable) return;
  throw new UserError(
    `input "architecture": Go for ${rt.host.os}/${arch} cannot run on this ${rt.host.os}/${rt.host.arch} runner (${runs.why}), and ${what}, which runs go; leave architecture empty (the runner's Go builds for every target in targets), or register an emulator for ${arch} first (qemu-user-static with binfmt-support)`,
  );
}

/** The app name from universal-inputs' file names (the universal stage's rule), loaded only when there are some. */
async function nameOfInputs(config: Config): Promise<string | undefined> {
  if (config.universal.resolvedInputs.length === 0) return undefined;
  return (await import('./universal/index.js')).nameFromInputs(config.universal.resolvedInputs);
}

/** The release version (steps/release.ts decides it), loaded with the release steps. */
async function releaseVersion(rt: Runtime, config: Config): Promise<string> {
  return (await import('./steps/release.js')).releaseVersion(rt, config);
}

/**
 * The gather source (release-inputs): the build jobs' files verified and registered, then the
 * same steps as after a build. No cache is touched; Go is installed only if a step asks for it.
 */
async function runGather(rt: Runtime, config: Config, rec: RunRecord): Promise<RunResult> {
  const { gatherReleaseFiles } = await import('./fanin/index.js'); // the fan-in's code: only a fan-in loads it
  const { planned, registry } = await stage(rec, rt, 'Gather release files', true, () => gatherReleaseFiles(rt, config));
  const plan = planned.gathered.plan;
  let go: Toolchain | undefined;
  let installing: Promise<Toolchain> | undefined;
  const goTool = (): Promise<Toolchain> =>
    (installing ??= (async () => {
      await refuseUnrunnable(rt, config, 'a step of this fan-in installs its Go tools');
      rt.info(`installing Go (${config.toolchain.specFrom}) for the tools of this step; a fan-in builds nothing`);
      const started = Date.now();
      const t = await installGo(rt, config.toolchain);
      rec.go = { version: t.version.text, source: t.source, installMs: Date.now() - started };
      go = t;
      return t;
    })());
  const ctx: RunContext = {
    rt,
    config,
    get go() {
      return go;
    },
    goTool,
    registry,
    plan: planned,
    name: plan.name,
    version: plan.version || (await releaseVersion(rt, config)),
    gocaches: { set: {}, owned: false, why: 'a fan-in uses no Go cache' },
    targets: [],
  };
  rec.ctx = ctx;
  for (const s of STEPS) await runStep(rec, ctx, s);
  return { config, toolchain: go, registry: (await import('./steps/release.js')).releaseOrder(registry), failures: [] };
}

/** The post step's code is its own module (src/post-run.ts): the post step loads only the cache save, not this file. */
export { runPost } from './post-run.js';
