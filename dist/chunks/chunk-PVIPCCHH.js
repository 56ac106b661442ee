import {
  readPackageSources
} from "./chunk-6AFBVCEV.js";
import {
  checkFynePackageFields,
  codesignArgv,
  codesignVerifyArgv,
  runFynePackage,
  withSysoInPackage,
  writeWindowsSyso
} from "./chunk-OBW2XLCJ.js";
import {
  isAppZipName
} from "./chunk-KY7HVE76.js";
import {
  FYNE_TOOL,
  GOVERSIONINFO_TOOL,
  goToolInstallPlan,
  installGoTool
} from "./chunk-5MY5RUWP.js";
import {
  repositoryRoot
} from "./chunk-KCHE2E5Y.js";
import {
  RAN,
  appOf,
  filesStep
} from "./chunk-6CLW66DV.js";
import {
  seconds
} from "./chunk-LHSVOPIB.js";
import {
  artifactFromPath
} from "./chunk-CX7QWEJI.js";
import {
  onPath,
  run,
  runOk
} from "./chunk-AYZTICSL.js";
import {
  rm
} from "./chunk-RH66WDZH.js";

// src/steps/package.ts
import { basename, dirname } from "node:path";
async function tool(rt, go, spec) {
  const plan = goToolInstallPlan({ go: go.goBin, toolCacheDir: rt.toolCacheDir, host: rt.host, env: rt.env, tool: spec });
  return installGoTool(plan, rt.tempDir, (l) => rt.info(l));
}
async function withWindowsResources({ rt, config, go, plan: { set, packageDir } }, build) {
  const arches = [...new Set(set.plans.filter((p) => p.target.os === "windows" && p.expect.buildmode === "exe").map((p) => p.target.arch))];
  if (!config.release.fynePackage || !set.isFyne || arches.length === 0) return build();
  const iconPng = set.metadata?.icon?.bytes;
  if (!iconPng) {
    rt.warning("fyne-package: the Windows exes get no icon or version information: the app has no icon (FyneApp.toml Icon, or Icon.png)");
    return build();
  }
  const exe = await tool(rt, go, GOVERSIONINFO_TOOL);
  const made = [];
  try {
    let run2 = build;
    for (const arch of arches) {
      const syso = await writeWindowsSyso({
        goversioninfoExe: exe,
        arch,
        tempDir: rt.tempDir,
        appName: set.metadata?.name || set.name,
        version: set.metadata?.version,
        build: set.metadata?.build,
        iconPng: Buffer.from(iconPng)
      });
      made.push(dirname(syso));
      rt.info(`windows/${arch}: icon and version information from ${syso}`);
      const inner = run2;
      run2 = () => withSysoInPackage(packageDir, arch, syso, inner);
    }
    return await run2();
  } finally {
    for (const d of made) await rm(d, { recursive: true, force: true });
  }
}
async function appleCheck(rt, art) {
  const verify = codesignVerifyArgv(art.path);
  if (!onPath(verify[0], rt.env)) return art;
  const r = await run(verify, { env: rt.env });
  if (r.code === 0) {
    rt.info(`codesign --verify --deep --strict accepts the seal: ${r.stderr.trim().split("\n").join("; ")}`);
    return art;
  }
  const why = (r.stderr || r.stdout).trim();
  if (art.signed === "developer-id") throw new Error(`${art.path}: Apple's codesign rejected the Developer ID signature: ${why}`);
  if (rt.env.GO_FYNE_ACTION_STRICT_SEAL === "true") throw new Error(`${art.path}: Apple's codesign rejected the built-in ad hoc seal: ${why}`);
  rt.warning(`${art.path}: Apple's codesign rejected the built-in ad hoc seal (${why}); re-signing with codesign`);
  await runOk(codesignArgv(art.path), "codesign", { env: rt.env });
  return { ...await artifactFromPath(art.path, { target: art.target, kind: art.kind }), signed: "adhoc" };
}
function developerIdOf({ config }) {
  const d = config.signing.developerId;
  return d?.identity ? { identity: d.identity, entitlements: d.entitlements, timestampUrl: d.timestampUrl, anchors: d.anchors } : void 0;
}
var fynePackageStep = filesStep("Fyne packages", async (ctx) => {
  const { rt, config, registry, version } = ctx;
  if (!config.release.fynePackage) return { skipped: "fyne-package is false" };
  const app = appOf(ctx);
  if ("skip" in app) {
    rt.warning(`fyne-package: no package is made: ${app.why}`);
    return { skipped: app.skip };
  }
  const bins = registry.list("binary");
  const linux = bins.filter((b) => b.os === "linux");
  let darwin = bins.find((b) => b.target === "darwin/universal") ?? bins.find((b) => b.os === "darwin");
  const jobApp = darwin && registry.list("archive").find((a) => a.target === darwin.target && isAppZipName(basename(a.path)));
  if (jobApp && "gathered" in ctx.plan) {
    rt.info(`${jobApp.target}: a job released ${basename(jobApp.path)}; no other .app is made`);
    darwin = void 0;
  }
  const fromJobs = "gathered" in ctx.plan ? registry.list().filter((a) => a.os === "linux" && a.path.endsWith(".tar.xz")) : [];
  const linuxTodo = linux.filter((b) => {
    const job = fromJobs.find((a) => a.target === b.target);
    if (job) rt.info(`${b.target}: a job released ${basename(job.path)}; it is not made again`);
    return !job;
  });
  const todo = [...linuxTodo, ...darwin ? [darwin] : []];
  if (todo.length === 0) return { skipped: "no linux or darwin binaries to package" };
  const meta = app.metadata;
  const fields = checkFynePackageFields({ appName: meta?.name || app.exeName, exeName: app.exeName, appId: meta?.id || void 0 });
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
        macosMinVersion: config.build.inputs.macosMinVersion
        // Info.plist's LSMinimumSystemVersion: what the binary was built for
      },
      { outputDir: config.outputDir, stem: app.exeName, version, tempDir: rt.tempDir, env: rt.env, log: (l) => rt.info(l), developerId: developerIdOf(ctx) }
    );
    registry.add(rt.host.os === "darwin" && art.kind === "app" ? await appleCheck(rt, art) : art);
    rt.info(`${b.target}: ${art.path} (${art.kind}) in ${seconds(Date.now() - started)}`);
  }
  return RAN;
});

export {
  withWindowsResources,
  fynePackageStep
};
