/**
 * Fyne packaging (`fyne-package: true`) with the real fyne tool, pinned and installed into the
 * tool cache: Windows exes get the icon and version resources before the build (a .syso the
 * linker picks up, present in the package folder only while the builds run); after the build,
 * Linux gets the .tar.xz with its .desktop file and macOS a .app, holding the universal binary
 * when one was made. The .app is sealed ad hoc by our own signer on every host (the same bytes on
 * Linux and macOS), or signed with the Developer ID identity (macos-certificate); on macOS runners
 * Apple's `codesign --verify --deep --strict` must then accept it, else the step warns and falls
 * back to Apple's `codesign --force --sign -` (ad hoc), or fails (Developer ID).
 *
 * Confinement: Details.Name, ID and the executable name are checked before the tool is installed;
 * FyneApp.toml and (without project metadata) the icon are read through src/package/sources.ts;
 * the tool works in a private temp folder and never sees the repository (release/fyne-package.ts).
 */
import { onPath, run, runOk } from '../system/process.js';
import { rm } from '../system/owned-fs.js';
import { readPackageSources } from '../package/sources.js';
import { repositoryRoot } from '../config.js';
import { basename, dirname } from 'node:path';
import { isAppZipName } from '../release/app-zip.js';
import { appOf, filesStep, RAN, type BuildContext, type RunContext, type Step } from '../context.js';
import { checkFynePackageFields, codesignArgv, codesignVerifyArgv, runFynePackage, type DeveloperIdSigning } from '../release/fyne-package.js';
import { artifactFromPath, type Artifact } from '../artifacts/registry.js';
import { FYNE_TOOL, GOVERSIONINFO_TOOL, goToolInstallPlan, installGoTool } from '../release/go-tool.js';
import { withSysoInPackage, writeWindowsSyso } from '../release/windows-resource.js';
import type { Runtime } from '../runtime.js';
import { seconds } from '../system/format.js';
import type { Toolchain } from '../toolchain/index.js';

async function tool(rt: Runtime, go: Toolchain, spec: typeof FYNE_TOOL): Promise<string> {
  const plan = goToolInstallPlan({ go: go.goBin, toolCacheDir: rt.toolCacheDir, host: rt.host, env: rt.env, tool: spec });
  return installGoTool(plan, rt.tempDir, (l) => rt.info(l));
}

/** Runs `build` with Windows resources in place for every Windows target (when packaging). */
export async function withWindowsResources<T>({ rt, config, go, plan: { set, packageDir } }: BuildContext, build: () => Promise<T>): Promise<T> {
  const arches = [...new Set(set.plans.filter((p) => p.target.os === 'windows' && p.expect.buildmode === 'exe').map((p) => p.target.arch))];
  if (!config.release.fynePackage || !set.isFyne || arches.length === 0) return build();
  const iconPng = set.metadata?.icon?.bytes;
  if (!iconPng) {
    rt.warning('fyne-package: the Windows exes get no icon or version information: the app has no icon (FyneApp.toml Icon, or Icon.png)');
    return build();
  }
  const exe = await tool(rt, go, GOVERSIONINFO_TOOL);
  const made: string[] = []; // the winres- folders, removed after the builds whatever happens
  try {
    let run = build;
    for (const arch of arches) {
      const syso = await writeWindowsSyso({
        goversioninfoExe: exe,
        arch,
        tempDir: rt.tempDir,
        appName: set.metadata?.name || set.name,
        version: set.metadata?.version,
        build: set.metadata?.build,
        iconPng: Buffer.from(iconPng),
      });
      made.push(dirname(syso));
      rt.info(`windows/${arch}: icon and version information from ${syso}`);
      const inner = run;
      run = () => withSysoInPackage(packageDir, arch, syso, inner);
    }
    return await run();
  } finally {
    for (const d of made) await rm(d, { recursive: true, force: true });
  }
}

/** macOS hosts: Apple's codesign checks our seal; if it refuses it, Apple's codesign re-signs. */
async function appleCheck(rt: Runtime, art: Artifact): Promise<Artifact> {
  const verify = codesignVerifyArgv(art.path);
  if (!onPath(verify[0], rt.env)) return art; // no Xcode command line tools: our seal stands
  const r = await run(verify, { env: rt.env });
  if (r.code === 0) {
    rt.info(`codesign --verify --deep --strict accepts the seal: ${r.stderr.trim().split('\n').join('; ')}`);
    return art;
  }
  const why = (r.stderr || r.stdout).trim();
  // A Developer ID signature is never replaced by an ad hoc one: Apple's refusal fails the step.
  if (art.signed === 'developer-id') throw new Error(`${art.path}: Apple's codesign rejected the Developer ID signature: ${why}`);
  if (rt.env.GO_FYNE_ACTION_STRICT_SEAL === 'true') throw new Error(`${art.path}: Apple's codesign rejected the built-in ad hoc seal: ${why}`);
  rt.warning(`${art.path}: Apple's codesign rejected the built-in ad hoc seal (${why}); re-signing with codesign`);
  await runOk(codesignArgv(art.path), 'codesign', { env: rt.env });
  return { ...(await artifactFromPath(art.path, { target: art.target, kind: art.kind })), signed: 'adhoc' };
}

/** The Developer ID signing of the .app (macos-certificate, opened by resolveConfig), or undefined: ad hoc. */
function developerIdOf({ config }: RunContext): DeveloperIdSigning | undefined {
  const d = config.signing.developerId;
  return d?.identity ? { identity: d.identity, entitlements: d.entitlements, timestampUrl: d.timestampUrl, anchors: d.anchors } : undefined;
}

export const fynePackageStep: Step = filesStep('Fyne packages', async (ctx) => {
  const { rt, config, registry, version } = ctx;
  if (!config.release.fynePackage) return { skipped: 'fyne-package is false' };
  const app = appOf(ctx);
  if ('skip' in app) {
    rt.warning(`fyne-package: no package is made: ${app.why}`);
    return { skipped: app.skip };
  }
  const bins = registry.list('binary');
  const linux = bins.filter((b) => b.os === 'linux');
  let darwin = bins.find((b) => b.target === 'darwin/universal') ?? bins.find((b) => b.os === 'darwin');
  // A fan-in: a job that already released this target's .app (as a zip) is not packaged over.
  const jobApp = darwin && registry.list('archive').find((a) => a.target === darwin!.target && isAppZipName(basename(a.path)));
  if (jobApp && 'gathered' in ctx.plan) {
    rt.info(`${jobApp.target}: a job released ${basename(jobApp.path)}; no other .app is made`);
    darwin = undefined;
  }
  // A fan-in: a Linux target whose .tar.xz a job released is not packaged over either (the
  // fan-in would write other bytes under the job's name).
  const fromJobs = 'gathered' in ctx.plan ? registry.list().filter((a) => a.os === 'linux' && a.path.endsWith('.tar.xz')) : [];
  const linuxTodo = linux.filter((b) => {
    const job = fromJobs.find((a) => a.target === b.target);
    if (job) rt.info(`${b.target}: a job released ${basename(job.path)}; it is not made again`);
    return !job;
  });
  const todo = [...linuxTodo, ...(darwin ? [darwin] : [])];
  if (todo.length === 0) return { skipped: 'no linux or darwin binaries to package' };
  const meta = app.metadata;
  const fields = checkFynePackageFields({ appName: meta?.name || app.exeName, exeName: app.exeName, appId: meta?.id || undefined });
  const sources = await readPackageSources({ workspace: repositoryRoot(config), packageDir: app.packageDir, projectIcon: meta?.icon?.bytes });
  const fyne = await tool(rt, await ctx.goTool(), FYNE_TOOL);
  for (const b of todo) {
    const started = Date.now();
    const art = await runFynePackage(
      {
        fyneExe: fyne,
        target: b.target,
        binary: b.path,
        exeName: fields.exeName,
        appName: fields.appName,
        appId: fields.appId,
        fyneAppToml: sources.toml,
        iconPng: sources.icon,
        version: version || meta?.version,
        appBuild: meta?.build,
        macosMinVersion: config.build.inputs.macosMinVersion, // Info.plist's LSMinimumSystemVersion: what the binary was built for
      },
      { outputDir: config.outputDir, stem: app.exeName, version, tempDir: rt.tempDir, env: rt.env, log: (l) => rt.info(l), developerId: developerIdOf(ctx) },
    );
    registry.add(rt.host.os === 'darwin' && art.kind === 'app' ? await appleCheck(rt, art) : art);
    rt.info(`${b.target}: ${art.path} (${art.kind}) in ${seconds(Date.now() - started)}`);
  }
  return RAN;
});
