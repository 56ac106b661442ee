/**
 * The whole run as an ordered list of stages: the table of contents of the program.
 * Both doors (src/main.ts + src/post.ts for GitHub, src/cli.ts locally) call these.
 */
import { realpathSync } from 'node:fs';
import { diskSources, parseConfig, resolveConfig, type Config } from './config.js';
import { UserError } from './errors.js';
import { runFanIn, type FanInResult } from './fanin/index.js';
import { ArtifactRegistry } from './artifacts/registry.js';
import type { Runtime } from './runtime.js';
import { buildStep, installDepsStep, type TargetFailure } from './steps/build.js';
import { placeGoCaches, restoreCaches, saveCaches } from './steps/cache.js';
import { signStep } from './steps/sign.js';
import { secretForms } from './sign/authenticode.js';
import { fynePackageStep, withWindowsResources } from './steps/package.js';
import { linuxPackagesStep } from './steps/linux-packages.js';
import { disposePlanned, planStep } from './steps/plan.js';
import { releaseStep, releaseVersion, summaryStep } from './steps/release.js';
import { installGo, type Toolchain } from './toolchain/index.js';
import { hasSystemLipo, nameFromInputs, planUniversal, runUniversal } from './universal/index.js';

export interface RunResult {
  config: Config;
  toolchain: Toolchain;
  registry: ArtifactRegistry;
  failures: TargetFailure[];
}

/** Every input, parsed and checked (files matched, paths confined) before anything is downloaded, built or written. */
export async function loadConfig(rt: Runtime): Promise<Config> {
  for (const s of secretForms(rt.input('windows-certificate'), rt.input('windows-certificate-password'))) rt.secret(s); // masked before anything can print them
  const config = parseConfig(diskSources((n) => rt.input(n), rt.env, rt.host, process.cwd()));
  return resolveConfig(config, (p) => realpathSync(p));
}

/** The main step. */
export async function runMain(rt: Runtime): Promise<RunResult | FanInResult> {
  const config = await loadConfig(rt); // every input, validated before anything is downloaded, built or written
  if (config.release.releaseInputs.length > 0) return runFanIn(rt, config); // release-inputs: verify + merge the build jobs' files; no Go, no build
  const gocaches = placeGoCaches(rt, config); // GOCACHE: the job's own on self-hosted runners, the CLI's own locally
  const registry = new ArtifactRegistry(); // the one list every stage hands its files through
  const go = await rt.group('Install Go', () => installGo(rt, config.toolchain)); // tool cache, or a verified download
  const planned = await rt.group('Plan builds', () => planStep(rt, config, go)); // targets vs go tool dist list; go.mod, FyneApp.toml
  try {
    const [cache] = await Promise.all([
      rt.group('Restore caches', () => restoreCaches(rt, config, go, planned, gocaches)), // modules + GOCACHE, keyed per target and flags
      'set' in planned ? rt.group('System packages', () => installDepsStep(rt, config, planned.set)) : undefined, // apt-get / compiler checks
    ]);
    const failures =
      'set' in planned
        ? await withWindowsResources(rt, config, go, planned.set, planned.packageDir, () => buildStep(rt, config, planned.set, registry, cache?.buildFlags ?? [])) // every target, headers checked
        : [];
    await rt.group('Sign Windows binaries', () => signStep(rt, config, registry, 'set' in planned ? planned.set.metadata?.name || planned.set.name : undefined)); // Authenticode, before anything is archived or hashed
    const name = await rt.group('Universal macOS binary', () => universalStep(rt, config, registry, 'set' in planned ? planned.set.name : undefined)); // lipo, ours or Apple's
    const version = await releaseVersion(rt, config);
    if ('set' in planned) await rt.group('Fyne packages', () => fynePackageStep(rt, config, go, planned.set, planned.packageDir, registry, version)); // .app, .tar.xz
    if ('set' in planned) await rt.group('Linux packages', () => linuxPackagesStep(rt, config, go, planned.set, planned.packageDir, registry, version)); // .deb, .rpm with desktop integration
    await rt.group('Release files', () => releaseStep(rt, config, registry, name, version)); // archives, SHA256SUMS
    await summaryStep(rt, { goVersion: go.version.text, fyneVersion: planned.fyneVersion, releaseVersion: version, registry, cache }); // artifacts output, job summary
    if (failures.length > 0) {
      throw new UserError(`${failures.length} target(s) failed: ${failures.map((f) => `${f.target}: ${f.error}`).join('; ')}`);
    }
    return { config, toolchain: go, registry, failures };
  } finally {
    await disposePlanned(planned); // the build's scratch folder, whatever happened
  }
}

async function universalStep(rt: Runtime, config: Config, registry: ArtifactRegistry, builtName: string | undefined): Promise<string> {
  const resolvedInputs = config.universal.resolvedInputs;
  const name = builtName ?? (config.build.inputs.name || nameFromInputs(resolvedInputs) || 'app');
  const plan = planUniversal(config.universal, {
    built: registry.list('binary').map((a) => ({ target: a.target, path: a.path })),
    resolvedInputs,
    host: rt.host,
    systemLipo: hasSystemLipo(rt.host, rt.env),
    name,
    outputDir: config.outputDir,
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
