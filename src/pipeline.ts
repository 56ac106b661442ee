/**
 * The whole run as an ordered list of stages: the table of contents of the program.
 * Both doors (src/main.ts + src/post.ts for GitHub, src/cli.ts locally) call these.
 */
import { readFileSync } from 'node:fs';
import { parseConfig, type Config } from './config.js';
import { UserError } from './errors.js';
import { ArtifactRegistry } from './release/artifacts.js';
import type { Runtime } from './runtime.js';
import { buildStep, installDepsStep, type TargetFailure } from './steps/build.js';
import { restoreCaches, saveCaches } from './steps/cache.js';
import { fynePackageStep, withWindowsResources } from './steps/package.js';
import { planStep } from './steps/plan.js';
import { outputDirOf, releaseStep, releaseVersion, summaryStep } from './steps/release.js';
import { installGo, type Toolchain } from './toolchain/index.js';
import { hasSystemLipo, nameFromInputs, planUniversal, resolveUniversalInputs, runUniversal } from './universal/index.js';

export interface RunResult {
  config: Config;
  toolchain: Toolchain;
  registry: ArtifactRegistry;
  failures: TargetFailure[];
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw e;
  }
}

export function loadConfig(rt: Runtime): Config {
  return parseConfig({ input: (n) => rt.input(n), env: rt.env, host: rt.host, cwd: process.cwd(), readFile: readText });
}

/** The main step. */
export async function runMain(rt: Runtime): Promise<RunResult> {
  const config = loadConfig(rt); // every input, validated before anything is written
  const registry = new ArtifactRegistry(); // the one list every stage hands its files through
  const go = await rt.group('Install Go', () => installGo(rt, config.toolchain)); // tool cache, or a verified download
  const planned = await rt.group('Plan builds', () => planStep(rt, config, go)); // targets vs go tool dist list; go.mod, FyneApp.toml
  const [cache] = await Promise.all([
    rt.group('Restore caches', () => restoreCaches(rt, config, go, planned)), // modules + GOCACHE, keyed per target and flags
    'set' in planned ? rt.group('System packages', () => installDepsStep(rt, config, planned.set)) : undefined, // apt-get / compiler checks
  ]);
  const failures =
    'set' in planned
      ? await withWindowsResources(rt, config, go, planned.set, planned.packageDir, () => buildStep(rt, config, planned.set, registry, cache?.buildFlags ?? [])) // every target, headers checked
      : [];
  const name = await rt.group('Universal macOS binary', () => universalStep(rt, config, registry, 'set' in planned ? planned.set.name : undefined)); // lipo, ours or Apple's
  const version = await releaseVersion(rt, config);
  if ('set' in planned) await rt.group('Fyne packages', () => fynePackageStep(rt, config, go, planned.set, planned.packageDir, registry, version)); // .app, .tar.xz
  await rt.group('Release files', () => releaseStep(rt, config, registry, name, version)); // archives, SHA256SUMS
  await summaryStep(rt, { goVersion: go.version.text, fyneVersion: planned.fyneVersion, releaseVersion: version, registry, cache }); // artifacts output, job summary
  if (failures.length > 0) {
    throw new UserError(`${failures.length} target(s) failed: ${failures.map((f) => `${f.target}: ${f.error}`).join('; ')}`);
  }
  return { config, toolchain: go, registry, failures };
}

async function universalStep(rt: Runtime, config: Config, registry: ArtifactRegistry, builtName: string | undefined): Promise<string> {
  const resolvedInputs = await resolveUniversalInputs(config.universal, config.workingDirectory);
  const name = builtName ?? (config.build.inputs.name || nameFromInputs(resolvedInputs) || 'app');
  const plan = planUniversal(config.universal, {
    built: registry.list('binary').map((a) => ({ target: a.target, path: a.path })),
    resolvedInputs,
    host: rt.host,
    systemLipo: hasSystemLipo(rt.host, rt.env),
    name,
    outputDir: outputDirOf(config),
  });
  if ('skip' in plan) rt.info(plan.skip);
  else await runUniversal(rt, plan, registry);
  return name;
}

/** The post step (GitHub) or the end of a CLI run: prune and save the caches. */
export async function runPost(rt: Runtime): Promise<void> {
  if (!rt.getState('cache')) return; // main never restored (caches off, or it stopped early)
  await rt.group('Save caches', () => saveCaches(rt));
}
