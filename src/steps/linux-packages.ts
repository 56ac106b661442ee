/**
 * `linux-packages: deb, rpm`: a .deb and an .rpm per Linux Fyne binary, with the .desktop file,
 * hicolor icons and AppStream metainfo (src/package/linux.ts plans; this stages the files and
 * runs nfpm, installed into the tool cache like the fyne tool).
 *
 * Confinement: FyneApp.toml and the icon are read through src/package/sources.ts (ReadRoot on the
 * workspace); the files are staged in a private temp folder (owned-fs); nfpm writes each package
 * there and it is copied into output-dir through a WriteRoot, so a link already at the package's
 * name is replaced, never followed.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { appOf, filesStep, RAN, sourceOf, type Step } from '../context.js';
import { mkdir, mkdtemp, rm, writeFile } from '../system/owned-fs.js';
import { WriteRoot } from '../system/confine.js';
import { checkName } from '../system/names.js';
import { readPackageSources } from '../package/sources.js';
import { repositoryRoot } from '../config.js';
import { nfpmConfig, parseLinuxDesktopMeta, planLinuxPackages, type LinuxApp } from '../package/linux.js';
import { hicolorIcons } from '../package/png.js';
import { elfNeeded, libraryDependencies } from '../package/elf-needed.js';
import { artifactFromPath } from '../artifacts/registry.js';
import { NFPM_TOOL, goToolInstallPlan, installGoTool } from '../release/go-tool.js';
import { seconds } from '../system/format.js';
import { runOk } from '../system/process.js';

/** SOURCE_DATE_EPOCH when set (reproducible file times and changelog date), else now. */
function buildTime(env: NodeJS.ProcessEnv): { now: Date; mtime?: Date } {
  const s = env.SOURCE_DATE_EPOCH?.trim();
  if (s && /^\d{1,12}$/.test(s)) {
    const d = new Date(Number(s) * 1000);
    return { now: d, mtime: d };
  }
  return { now: new Date() };
}

export const linuxPackagesStep: Step = filesStep('Linux packages', async (ctx) => {
  const { rt, config, registry, version } = ctx;
  const formats = config.release.linuxPackages;
  if (formats.length === 0) return { skipped: 'linux-packages is empty' };
  const source = appOf(ctx);
  if ('skip' in source) {
    rt.warning(`linux-packages: no .deb or .rpm is made: ${source.why}`);
    return { skipped: source.skip };
  }
  const bins = registry.list('binary').filter((b) => b.os === 'linux');
  if (bins.length === 0) return { skipped: sourceOf(ctx.plan) === 'gather' ? 'the jobs released no linux binary' : 'no linux binaries were built' };

  const meta = source.metadata;
  const {
    toml: tomlText,
    details,
    icon: iconBytes,
  } = await readPackageSources({ workspace: repositoryRoot(config), packageDir: source.packageDir, projectIcon: meta?.icon?.bytes });
  const app: LinuxApp = {
    id: meta?.id || details.id || '',
    name: meta?.name || details.name || source.exeName,
    exeName: source.exeName,
    appVersion: meta?.version || details.version || '0.0.1',
    build: meta?.build || details.build || 1,
    releaseVersion: version,
    icon: iconBytes ? new Uint8Array(iconBytes) : undefined,
    meta: parseLinuxDesktopMeta(tomlText),
  };
  const { now, mtime } = buildTime(rt.env);
  const icons = app.icon ? hicolorIcons(app.icon) : new Map<number, Uint8Array>();
  if (!app.icon) rt.warning('linux-packages: the packages carry no icon: the app has none (FyneApp.toml Icon, or Icon.png)');
  const plan = planLinuxPackages({ app, formats, targets: bins.map((b) => b.target), maintainer: config.release.maintainer, icons, now });
  for (const s of plan.skipped) rt.info(`skipped ${s}`);
  if (plan.jobs.length === 0) return RAN;
  rt.info(`${plan.packageName} ${plan.version}-${plan.release}: icons ${[...icons.keys()].map((s) => `${s}x${s}`).join(', ') || 'none'}`);

  const go = await ctx.goTool();
  const nfpm = await installGoTool(
    goToolInstallPlan({ go: go.goBin, toolCacheDir: rt.toolCacheDir, host: rt.host, env: rt.env, tool: NFPM_TOOL }),
    rt.tempDir,
    (l) => rt.info(l),
  );
  const work = await mkdtemp(join(rt.tempDir, 'linux-packages-'));
  try {
    const sources = new Map<string, string>();
    for (const f of plan.files) {
      const staged = join(work, 'root', ...f.dst.split('/').filter(Boolean));
      await mkdir(dirname(staged), { recursive: true });
      await writeFile(staged, f.content ?? '', { mode: f.mode });
      sources.set(f.dst, staged);
    }
    // nfpm expands $VAR in its config: it gets no environment worth reading.
    const env: NodeJS.ProcessEnv = { PATH: rt.env.PATH ?? '/usr/bin:/bin', HOME: work, TMPDIR: work };
    const out = await WriteRoot.create(config.outputDir, 'output-dir');
    await mkdir(join(work, 'out'));
    for (const job of plan.jobs) {
      const started = Date.now();
      const bin = bins.find((b) => b.target === job.target)!;
      const needed = libraryDependencies(elfNeeded(await readFile(bin.path)), job.target.split('/')[1]);
      if (needed.unknown.length > 0) rt.info(`${job.target}: no Debian package known for ${needed.unknown.join(', ')}; not in Depends`);
      const cfgPath = join(work, `nfpm-${job.format}-${job.arch}.yaml`);
      await writeFile(cfgPath, nfpmConfig({ plan, job, app, maintainer: config.release.maintainer, sources, binary: bin.path, depends: needed, mtime }));
      const fileName = checkName(job.fileName, 'the Linux package name');
      const made = join(work, 'out', fileName);
      await runOk([nfpm, 'package', '--config', cfgPath, '--packager', job.format, '--target', made], `nfpm (${job.format}, ${job.target})`, {
        cwd: work,
        env,
      });
      const dest = await out.copyFrom(made, fileName, { mode: 0o644 });
      const art = registry.add(await artifactFromPath(dest, { target: job.target, kind: job.format }));
      rt.info(`${job.target}: ${art.path} (${job.format}, ${job.arch}) in ${seconds(Date.now() - started)}`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return RAN;
});
