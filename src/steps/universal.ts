/**
 * Universal macOS binary: darwin/amd64 + darwin/arm64 of this run (built, or gathered from the
 * build jobs in a fan-in), or the `universal-inputs` files, merged into one fat Mach-O with our
 * lipo or Apple's, verified, and registered as darwin/universal (src/universal plans and runs it).
 */
import { RAN, type Step } from '../context.js';
import { hasSystemLipo, planUniversalStage, runUniversal } from '../universal/index.js';

export const universalStep: Step = {
  name: 'Universal macOS binary',
  run: async ({ rt, config, registry, name, plan: planned }) => {
    // A fan-in merges only what its plan allows (not when a job already made darwin/universal).
    const gathered = 'gathered' in planned ? planned.gathered.plan.universal : undefined;
    if (gathered && 'skip' in gathered) return { skipped: gathered.skip.replace(/^skipped: /, '') };
    const plan = planUniversalStage(config.universal, {
      built: gathered
        ? [gathered.amd64, gathered.arm64].map((i) => ({ target: i.target, path: registry.list('binary').find((a) => a.target === i.target)!.path }))
        : registry.list('binary').map((a) => ({ target: a.target, path: a.path })),
      resolvedInputs: config.universal.resolvedInputs,
      host: rt.host,
      systemLipo: hasSystemLipo(rt.host, rt.env),
      name,
      outputDir: config.outputDir,
    });
    if ('skip' in plan) return { skipped: plan.skip };
    await runUniversal(rt, plan, registry);
    return RAN;
  },
};
