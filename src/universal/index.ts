/**
 * The universal stage: merge darwin/amd64 + darwin/arm64 into one fat Mach-O, from this run's
 * builds or from `universal-inputs` (e.g. binaries downloaded from separate macOS jobs), with
 * the system lipo on macOS when asked or found, and our own everywhere else. Either result is
 * read back and verified before it is listed. The output is written into output-dir through a
 * WriteRoot (a link at its name is replaced, never followed); Apple's lipo writes into a private
 * temp folder first and the result is copied in the same way.
 */
import { basename, join } from 'node:path';
import { WriteRoot } from '../system/confine.js';
import { checkName } from '../system/names.js';
import { mkdtemp, rm } from '../system/owned-fs.js';
import { inputError, UserError } from '../errors.js';
import { createUniversal, readMachO, verifyUniversal } from '../macho/index.js';
import { artifactFromPath, type ArtifactRegistry } from '../artifacts/registry.js';
import type { Runtime } from '../runtime.js';
import type { Host } from '../host.js';
import { onPath, runOk } from '../system/process.js';

export type LipoChoice = 'auto' | 'system' | 'builtin';

export interface UniversalConfig {
  enabled: boolean;
  lipo: LipoChoice;
  /** Patterns from `universal-inputs`; empty means: use this run's darwin builds. */
  inputs: string[];
  /** The files they matched (resolved before the build, by resolveConfig). */
  resolvedInputs: string[];
}

export interface BinaryRef {
  target: string;
  path: string;
}

export type UniversalPlan = { skip: string } | { inputs: string[]; output: string; outputDir: string; tool: 'system' | 'builtin'; fromInputs: boolean };

/**
 * Pure: what to merge, where, with which lipo, or why nothing is merged. `built` are this run's
 * binaries (kind binary), `resolvedInputs` the files `universal-inputs` matched. (The byte layout
 * of the fat file is macho/fat-writer.ts layoutFat's.)
 */
export function planUniversalStage(
  cfg: UniversalConfig,
  o: { built: BinaryRef[]; resolvedInputs: string[]; host: Host; systemLipo: boolean; name: string; outputDir: string; extension?: string },
): UniversalPlan {
  if (!cfg.enabled) return { skip: 'universal is false' };
  let inputs: string[];
  const fromInputs = cfg.inputs.length > 0;
  if (fromInputs) {
    if (o.resolvedInputs.length < 2)
      throw new UserError(
        `input "universal-inputs": matched ${o.resolvedInputs.length} file(s); a universal binary needs at least two darwin binaries (e.g. amd64 and arm64)`,
      );
    inputs = o.resolvedInputs;
  } else {
    const amd = o.built.find((b) => b.target === 'darwin/amd64');
    const arm = o.built.find((b) => b.target === 'darwin/arm64');
    if (!amd || !arm) return { skip: 'the targets do not include both darwin/amd64 and darwin/arm64' };
    inputs = [amd.path, arm.path];
  }
  let tool: 'system' | 'builtin';
  if (cfg.lipo === 'builtin') tool = 'builtin';
  else if (cfg.lipo === 'system') {
    if (o.host.os !== 'darwin' || !o.systemLipo)
      throw inputError('lipo', 'system', `needs Apple's lipo, which this ${o.host.os} runner does not have`, 'use auto or builtin, or run on a macOS runner');
    tool = 'system';
  } else tool = o.host.os === 'darwin' && o.systemLipo ? 'system' : 'builtin';
  const file = checkName(`${o.name}_darwin_universal${o.extension ?? ''}`, 'the universal binary (from the name input)');
  return { inputs, output: join(o.outputDir, file), outputDir: o.outputDir, tool, fromInputs };
}

/** Derives the app name from input files named `<name>_darwin_<arch>`, when `name` is not set. */
export function nameFromInputs(paths: string[]): string | undefined {
  for (const p of paths) {
    const m = /([^/\\]+?)_darwin_(?:amd64|arm64|x86_64|universal)(?:\.\w+)?$/.exec(p);
    if (m) return m[1];
  }
  return undefined;
}

export async function runUniversal(rt: Runtime, plan: Exclude<UniversalPlan, { skip: string }>, registry: ArtifactRegistry): Promise<string> {
  const started = Date.now();
  // Check every input is a darwin Mach-O before any tool runs (clear errors from our reader).
  for (const p of plan.inputs) await readMachO(p);
  const root = await WriteRoot.create(plan.outputDir, 'output-dir');
  if (plan.tool === 'system') {
    const work = await mkdtemp(join(rt.tempDir, 'lipo-'));
    try {
      const made = join(work, basename(plan.output));
      await runOk(['lipo', '-create', ...plan.inputs, '-output', made], "Apple's lipo", { env: rt.env });
      await root.copyFrom(made, basename(plan.output), { mode: 0o755 });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  } else {
    await createUniversal({ inputs: plan.inputs, output: plan.output, root });
  }
  const report = await verifyUniversal(plan.output);
  if (!report.ok) throw new Error(`the universal binary ${plan.output} failed verification: ${report.problems.join('; ')}`);
  registry.add(await artifactFromPath(plan.output, { target: 'darwin/universal', kind: 'binary', buildMs: Date.now() - started }));
  rt.info(`Universal binary ${plan.output} (${report.slices.map((s) => s.arch).join(' + ')}) with the ${plan.tool} lipo, verified`);
  return plan.output;
}

export function hasSystemLipo(host: Host, env: NodeJS.ProcessEnv): boolean {
  return host.os === 'darwin' && onPath('lipo', env, 'darwin');
}
