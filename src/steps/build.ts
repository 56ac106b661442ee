/**
 * Build: the system packages the plans need, then every target, up to `parallel` at once. Each
 * build's output is printed as its own log group, prefixed with its target, the moment it
 * finishes; every artifact's header is checked; the good ones go into the registry. One failing
 * target does not stop the others.
 */
import type { Config } from '../config.js';
import { ensureDeps, planDeps, planPackages } from '../deps/index.js';
import { checkArtifact } from '../compile/inspect.js';
import type { BuildPlan, BuildSet } from '../compile/plan.js';
import { runBuilds } from '../compile/run.js';
import { artifactFromPath, type ArtifactRegistry } from '../artifacts/registry.js';
import type { Runtime } from '../runtime.js';

export interface TargetFailure {
  target: string;
  error: string;
}

export async function installDepsStep(rt: Runtime, config: Config, set: BuildSet): Promise<void> {
  const base = planDeps(set.plans, rt.host, set.isFyne, set.fyneVersion);
  // Authenticode on Linux: osslsigncode from apt, only when a certificate is given (src/sign/authenticode.ts).
  const plan = config.signing.authenticode && rt.host.os === 'linux' ? planPackages([{ pkg: 'osslsigncode', role: 'Authenticode signer', for: 'windows-certificate' }], rt.host, base) : base;
  const r = await ensureDeps(plan, {
    mode: config.build.installDeps,
    ci: rt.kind === 'github' || rt.env.CI === 'true',
    env: rt.env,
    log: (line) => rt.info(line),
  });
  if (r.installed.length > 0) rt.info(`Installed ${r.installed.join(' ')} in ${(r.durationMs / 1000).toFixed(1)} s`);
}

/** Adds flags the caches ask for (e.g. -mod=vendor) right after `go build`. */
export function withBuildFlags(plans: BuildPlan[], flags: string[]): BuildPlan[] {
  if (flags.length === 0) return plans;
  return plans.map((p) => ({ ...p, argv: [p.argv[0]!, p.argv[1]!, ...flags, ...p.argv.slice(2)] }));
}

export async function buildStep(rt: Runtime, config: Config, set: BuildSet, registry: ArtifactRegistry, extraFlags: string[]): Promise<TargetFailure[]> {
  const plans = withBuildFlags(set.plans, extraFlags);
  const failures: TargetFailure[] = [];
  rt.info(`Building ${plans.length} target(s), ${Math.min(config.build.parallel, plans.length)} at a time`);
  await runBuilds(plans, {
    parallel: config.build.parallel,
    baseEnv: rt.env,
    files: set.files,
    log: (target, line) => rt.debug(`[${target}] ${line}`),
    onDone: async (plan, r) => {
      let problems: string[] = [];
      if (r.ok) problems = await checkArtifact(r.output, plan.expect);
      const ok = r.ok && problems.length === 0;
      const secs = (r.durationMs / 1000).toFixed(1);
      await rt.group(`${plan.id}: ${ok ? `ok in ${secs} s` : 'FAILED'}`, async () => {
        for (const line of r.log.split('\n')) if (line.trim() !== '') rt.info(`[${plan.id}] ${line}`);
        if (!r.ok) rt.error(`${plan.id}: ${r.firstError}`);
        for (const p of problems) rt.error(`${plan.id}: ${r.output}: ${p}`);
      });
      if (ok) registry.add(await artifactFromPath(r.output, { target: plan.id, kind: 'binary', buildMs: r.durationMs }));
      else failures.push({ target: plan.id, error: r.ok ? `header check: ${problems.join('; ')}` : r.firstError });
    },
  });
  return failures;
}
