/**
 * Build: the system packages the plans need, then every target, up to `parallel` at once. Each
 * build's output is printed as its own log group, prefixed with its target, the moment it
 * finishes; every artifact's header is checked; the good ones go into the registry. One failing
 * target does not stop the others: each target's result is recorded in the context, and the
 * pipeline fails the run at the end.
 */
import { buildSetStep, RAN, type BuildContext, type Step } from '../context.js';
import { ensureDeps, planDeps, planPackages } from '../deps/index.js';
import { checkArtifact } from '../compile/inspect.js';
import type { BuildPlan } from '../compile/plan.js';
import { runBuilds } from '../compile/run.js';
import { artifactFromPath } from '../artifacts/registry.js';
import { seconds } from '../system/format.js';
import { withWindowsResources } from './package.js';
import { systemLayerHooks } from '../cache/system-layer.js';
import { saveDecision } from '../cache/policy.js';
import { cacheBackend, SYSPKG_STATE, systemLayerDir } from './cache.js';

/**
 * apt-get on Linux (saying what and why first), the compiler checked elsewhere. With the caches
 * on, the system-packages layer (src/cache/system-layer.ts) is tried first and recorded after an
 * apt-get install, for the post step to save.
 */
export const systemPackagesStep: Step = buildSetStep('System packages', async ({ rt, config, plan: { set } }) => {
  const base = planDeps(set.plans, rt.host, set.isFyne, set.fyneVersion);
  // Authenticode on Linux: osslsigncode from apt, only when a certificate is given (src/sign/authenticode.ts).
  const plan =
    config.signing.authenticode && rt.host.os === 'linux'
      ? planPackages([{ pkg: 'osslsigncode', role: 'Authenticode signer', for: 'windows-certificate' }], rt.host, base)
      : base;
  const layer =
    config.cache.enabled && rt.host.os === 'linux'
      ? systemLayerHooks({
          log: rt,
          env: rt.env,
          dir: systemLayerDir(rt),
          keyPrefix: config.cache.keyPrefix,
          save: saveDecision(config.cache.save, rt.env),
          backend: () => cacheBackend(rt),
          saveState: (json) => rt.saveState(SYSPKG_STATE, json),
        })
      : undefined;
  const r = await ensureDeps(plan, {
    mode: config.build.installDeps,
    ci: rt.ci,
    env: rt.env,
    log: (line) => rt.info(line),
    ...(layer ? { layer: layer.hooks } : {}),
  });
  if (r.installed.length > 0) rt.info(`Installed ${r.installed.join(' ')} in ${seconds(r.durationMs)}`);
  const o = layer?.outcome();
  if (o?.outcome === 'restored') rt.info(`restored ${o.packages} packages from the cache in ${seconds(o.ms)}`);
  else if (o?.why) rt.info(`system packages not from the cache: ${o.why}`);
  return RAN;
});

/** Adds flags the caches ask for (e.g. -mod=vendor) right after `go build`. */
export function withBuildFlags(plans: BuildPlan[], flags: string[]): BuildPlan[] {
  if (flags.length === 0) return plans;
  return plans.map((p) => ({ ...p, argv: [p.argv[0], p.argv[1], ...flags, ...p.argv.slice(2)] }));
}

/** Every target, with the Windows resources in place when packaging; each result goes into ctx.targets. */
export const buildStep: Step = buildSetStep('Build', (ctx) => withWindowsResources(ctx, () => compileTargets(ctx)), { group: false });

async function compileTargets({ rt, config, plan: { set }, registry, cache, targets }: BuildContext): Promise<typeof RAN> {
  const plans = withBuildFlags(set.plans, cache?.buildFlags ?? []);
  rt.info(`Building ${plans.length} target(s), ${Math.min(config.build.parallel, plans.length)} at a time`);
  await runBuilds(plans, {
    parallel: config.build.parallel,
    baseEnv: rt.env,
    files: set.files,
    outputDir: config.outputDir,
    log: (target, line) => rt.debug(`[${target}] ${line}`),
    onDone: async (plan, r) => {
      let problems: string[] = [];
      if (r.ok) problems = await checkArtifact(r.output, plan.expect);
      const ok = r.ok && problems.length === 0;
      await rt.group(`${plan.id}: ${ok ? `ok in ${seconds(r.durationMs)}` : 'FAILED'}`, () => {
        for (const line of r.log.split('\n')) if (line.trim() !== '') rt.info(`[${plan.id}] ${line}`);
        if (!r.ok) rt.error(`${plan.id}: ${r.firstError}`);
        for (const p of problems) rt.error(`${plan.id}: ${r.output}: ${p}`);
        return Promise.resolve();
      });
      if (ok) registry.add(await artifactFromPath(r.output, { target: plan.id, kind: 'binary', buildMs: r.durationMs }));
      targets.push(
        ok
          ? { target: plan.id, ok, durationMs: r.durationMs }
          : { target: plan.id, ok, durationMs: r.durationMs, error: r.ok ? `header check: ${problems.join('; ')}` : r.firstError },
      );
    },
  });
  return RAN;
}
