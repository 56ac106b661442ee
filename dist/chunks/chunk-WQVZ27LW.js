import {
  BrokenToolchainError,
  checkGo,
  goBinary,
  installDir,
  installedVersions
} from "./chunk-2AJG6M53.js";
import {
  diskSources,
  parseConfig,
  resolveConfig
} from "./chunk-KCHE2E5Y.js";
import {
  satisfies
} from "./chunk-CTUT5AQU.js";
import {
  noFiles
} from "./chunk-6CLW66DV.js";
import {
  buildReport,
  secretInputForms,
  writeReport
} from "./chunk-MCJ2FD2F.js";
import {
  goCachePlacement
} from "./chunk-K4DALLU4.js";
import {
  secretForms
} from "./chunk-CAERU2TX.js";
import {
  ArtifactRegistry
} from "./chunk-CX7QWEJI.js";
import {
  rm,
  writeFile
} from "./chunk-RH66WDZH.js";
import {
  UserError,
  errorMessage
} from "./chunk-6ZRI6CPZ.js";

// src/pipeline.ts
import { realpathSync } from "node:fs";

// src/steps/gocaches.ts
function placeGoCaches(rt, config) {
  const placement = goCachePlacement({ env: rt.env, localCacheDir: rt.localCacheDir, cacheEnabled: config.cache.enabled });
  for (const [k, v] of Object.entries(placement.set)) if (v) rt.exportVariable(k, v);
  if (Object.keys(placement.set).length > 0 || config.cache.enabled && !placement.owned) rt.info(placement.why);
  return placement;
}

// src/toolchain/env.ts
import { homedir } from "node:os";
import { join } from "node:path";
function goEnvironment(goroot, os, env, home = homedir()) {
  const gopath = env.GOPATH?.split(os === "windows" ? ";" : ":")[0] || join(home, "go");
  return {
    variables: [
      ["GOROOT", goroot],
      ["GOTOOLCHAIN", "local"]
    ],
    paths: [join(gopath, "bin"), join(goroot, "bin")],
    goBin: goBinary(goroot, os)
  };
}
function exportGo(rt, goroot) {
  const e = goEnvironment(goroot, rt.host.os, rt.env);
  for (const [name, value] of e.variables) rt.exportVariable(name, value);
  for (const p of e.paths) rt.addPath(p);
  return e.goBin;
}

// src/toolchain/runnable.ts
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join as join2 } from "node:path";
var BINFMT_DIR = "/proc/sys/fs/binfmt_misc";
var BINFMT_DIR_ENV = "GO_FYNE_ACTION_BINFMT_DIR";
var ROSETTA = "/Library/Apple/usr/share/rosetta/rosetta";
function parseBinfmtEntry(name, text) {
  const lines = text.split("\n").map((l) => l.trim());
  const field = (k) => lines.find((l) => l.startsWith(`${k} `))?.slice(k.length + 1);
  const hex = (s) => s !== void 0 && /^(?:[0-9a-f]{2})+$/i.test(s) ? Buffer.from(s, "hex") : void 0;
  const magic = hex(field("magic"));
  if (!magic) return void 0;
  const mask = hex(field("mask")) ?? Buffer.alloc(magic.length, 255);
  const offset = Number(field("offset") ?? "0");
  if (!Number.isInteger(offset) || offset < 0 || mask.length !== magic.length) return void 0;
  return { name, enabled: lines[0] === "enabled", interpreter: field("interpreter") ?? "", offset, magic, mask };
}
var ELF_MACHINE = { amd64: 62, arm64: 183 };
function elfExecHeader(arch) {
  const b = Buffer.alloc(64);
  b.write("\x7FELF", 0, "latin1");
  b[4] = 2;
  b[5] = 1;
  b[6] = 1;
  b.writeUInt16LE(2, 16);
  b.writeUInt16LE(ELF_MACHINE[arch], 18);
  b.writeUInt32LE(1, 20);
  return b;
}
function matchesBinfmt(e, os, arch) {
  if (os !== "linux") return false;
  const head = elfExecHeader(arch);
  if (e.offset + e.magic.length > head.length) return false;
  for (let i = 0; i < e.magic.length; i++) if ((head[e.offset + i] & e.mask[i]) !== (e.magic[i] & e.mask[i])) return false;
  return true;
}
function decideRunnable(host, arch, facts) {
  if (arch === host.arch) return { runnable: true, why: "native" };
  const target = `${host.os}/${arch}`;
  if (host.os === "darwin") {
    if (host.arch === "amd64") return { runnable: false, why: "an Intel Mac cannot run arm64 programs" };
    return facts.rosetta ? { runnable: true, why: "under Rosetta 2" } : { runnable: false, why: `Rosetta 2 is not installed (${ROSETTA})` };
  }
  if (host.os === "windows") {
    if (host.arch === "arm64") return { runnable: true, why: "under Windows on Arm x64 emulation" };
    return { runnable: false, why: "x64 Windows cannot run arm64 programs" };
  }
  const b = facts.binfmt;
  if (!b?.mounted) return { runnable: false, why: `no emulator for ${target} is registered (${b?.dir ?? BINFMT_DIR} is not mounted)` };
  if (b.enabled === false) return { runnable: false, why: `no emulator for ${target} is registered (binfmt_misc is disabled in ${join2(b.dir, "status")})` };
  const match = b.entries.find((e) => e.enabled && matchesBinfmt(e, host.os, arch));
  if (match) return { runnable: true, why: `under the emulator ${match.name} registered in ${b.dir} (${match.interpreter})` };
  const others = b.entries.filter((e) => e.enabled).map((e) => e.name);
  return {
    runnable: false,
    why: `no emulator for ${target} is registered in ${b.dir}${others.length > 0 ? ` (${others.join(", ")} match${others.length === 1 ? "es" : ""} other machines)` : ""}`
  };
}
async function emulationFacts(host, arch, o = {}) {
  if (arch === host.arch) return {};
  if (host.os === "darwin") return { rosetta: existsSync(o.rosettaPath ?? ROSETTA) };
  if (host.os !== "linux") return {};
  const dir = o.binfmtDir ?? BINFMT_DIR;
  let names;
  let status;
  try {
    status = (await readFile(join2(dir, "status"), "utf8")).trim();
    names = await readdir(dir);
  } catch {
    return { binfmt: { dir, mounted: false, entries: [] } };
  }
  const entries = [];
  for (const n of names.sort()) {
    if (n === "status" || n === "register") continue;
    const text = await readFile(join2(dir, n), "utf8").catch(() => "");
    const e = parseBinfmtEntry(n, text.slice(0, 4096));
    if (e) entries.push(e);
  }
  return { binfmt: { dir, mounted: true, enabled: status === "enabled", entries } };
}
async function toolchainRunnability(host, arch, o = {}) {
  return decideRunnable(host, arch, await emulationFacts(host, arch, o));
}
function probeOptions(env) {
  return env[BINFMT_DIR_ENV] ? { binfmtDir: env[BINFMT_DIR_ENV] } : {};
}

// src/toolchain/install.ts
async function installToolchain(rt, cfg) {
  const os = rt.host.os;
  const arch = cfg.arch;
  const root = rt.toolCacheDir;
  const where = `${os}/${arch}`;
  rt.info(`Go ${cfg.spec.raw} for ${where} (from ${cfg.specFrom})`);
  const runs = await toolchainRunnability(rt.host, arch, probeOptions(rt.env));
  const check = { os, arch, runnable: runs.runnable, env: rt.env };
  const cached = async (v) => {
    const dir = installDir(root, v, arch);
    try {
      await checkGo(dir, v, check);
    } catch (err) {
      if (!(err instanceof BrokenToolchainError)) throw err;
      rt.warning(`the tool-cache entry ${dir} fails its check: ${err.message}; removing it and installing Go ${v.text} again`);
      await rm(`${dir}.complete`, { force: true });
      await rm(dir, { recursive: true, force: true });
      return void 0;
    }
    return { version: v, goroot: dir, source: "tool-cache" };
  };
  if (!cfg.checkLatest && cfg.spec.kind !== "alias") {
    const hit = (await installedVersions(root, arch, os)).find((v) => satisfies(cfg.spec, v));
    const tc = hit && await cached(hit);
    if (tc) return { ...tc, runs };
  }
  const { downloadToolchain } = await import("./download-6UHY5R62.js");
  return { ...await downloadToolchain(rt, cfg, check, cached), runs };
}

// src/toolchain/matcher.ts
import { join as join3 } from "node:path";
var MATCHER = {
  problemMatcher: [
    {
      owner: "go-fyne-action-go",
      pattern: [
        { regexp: "^(?:\\[[a-z0-9]+/[a-z0-9]+\\]\\s+)?\\s*([^:\\s\\[][^:]*\\.go):(\\d+):(?:(\\d+):)?\\s+(.*)$", file: 1, line: 2, column: 3, message: 4 }
      ]
    }
  ]
};
async function addProblemMatcher(rt) {
  const file = join3(rt.tempDir, "go-fyne-action-matcher.json");
  await writeFile(file, JSON.stringify(MATCHER));
  rt.addMatcher(file);
  return file;
}

// src/toolchain/index.ts
function cannotRunLine(version, where, hostWhere, why, header) {
  return `Go ${version} for ${where} cannot run on this ${hostWhere} runner (${why}): it was verified by its download's checksum and bin/go's ${header} header, not by running it; skipped here: its go version check, the cache restore and save (they run go env); a build (targets) is refused`;
}
async function installGo(rt, cfg) {
  const { version, goroot, source, runs } = await installToolchain(rt, cfg);
  const goBin = exportGo(rt, goroot);
  await addProblemMatcher(rt);
  rt.setOutput("go-version", version.text);
  rt.setOutput("go-root", goroot);
  rt.setOutput("go-source", source);
  rt.info(`Go ${version.text} at ${goroot} (${source})`);
  const where = `${rt.host.os}/${cfg.arch}`;
  if (runs && !runs.runnable) {
    const header = rt.host.os === "windows" ? "PE" : rt.host.os === "darwin" ? "Mach-O" : "ELF";
    rt.info(cannotRunLine(version.text, where, `${rt.host.os}/${rt.host.arch}`, runs.why, header));
    return {
      version,
      goroot,
      goBin,
      source,
      runnable: false,
      cannotRun: `Go for ${where} cannot run on this ${rt.host.os}/${rt.host.arch} runner (${runs.why})`
    };
  }
  if (runs && runs.why !== "native")
    rt.info(`Go for ${where} runs on this ${rt.host.os}/${rt.host.arch} runner ${runs.why}; every go command is emulated (slower)`);
  return { version, goroot, goBin, source, runnable: true };
}

// src/pipeline.ts
function lazyStep(shape, load, idle) {
  let loaded;
  const once = () => loaded ??= load();
  const run = async (ctx) => {
    const why = idle?.(ctx);
    return why !== void 0 ? { skipped: why } : (await once()).run(ctx);
  };
  return { ...shape, load: once, run, ...idle ? { idle } : {} };
}
function signIdle(ctx) {
  return ctx.config.signing.authenticode ? void 0 : "no windows-certificate";
}
function universalIdle(ctx) {
  if ("gathered" in ctx.plan) return void 0;
  if (!ctx.config.universal.enabled) return "universal is false";
  if (ctx.config.universal.inputs.length > 0) return void 0;
  const built = new Set(ctx.registry.list("binary").map((a) => a.target));
  return built.has("darwin/amd64") && built.has("darwin/arm64") ? void 0 : "the targets do not include both darwin/amd64 and darwin/arm64";
}
function notarizeIdle(ctx) {
  if (noFiles(ctx.plan) !== void 0) return void 0;
  return ctx.config.signing.notary ? void 0 : "no notary-key";
}
function cacheIdle(ctx) {
  return ctx.config.cache.enabled ? void 0 : "cache is false";
}
var restoreCachesStep = lazyStep({ name: "Restore caches" }, async () => (await import("./cache-HN6IZMML.js")).restoreCachesStep, cacheIdle);
var systemPackagesStep = lazyStep({ name: "System packages", needsFiles: true }, async () => (await import("./build-2MWKIE6S.js")).systemPackagesStep);
var buildStep = lazyStep({ name: "Build", group: false, needsFiles: true }, async () => (await import("./build-2MWKIE6S.js")).buildStep);
var signStep = lazyStep({ name: "Sign Windows binaries" }, async () => (await import("./sign-BEWSOPJ2.js")).signStep, signIdle);
var universalStep = lazyStep({ name: "Universal macOS binary" }, async () => (await import("./universal-MM2DIDHC.js")).universalStep, universalIdle);
var fynePackageStep = lazyStep({ name: "Fyne packages", needsFiles: true }, async () => (await import("./package-S27ENZ2U.js")).fynePackageStep);
var notarizeStep = lazyStep({ name: "Notarize macOS .app", needsFiles: true }, async () => (await import("./notarize-7NNUAIUV.js")).notarizeStep, notarizeIdle);
var linuxPackagesStep = lazyStep({ name: "Linux packages", needsFiles: true }, async () => (await import("./linux-packages-UP7ITXHI.js")).linuxPackagesStep);
var releaseStep = lazyStep({ name: "Release files" }, async () => (await import("./release-SYK77LCG.js")).releaseStep);
var summaryStep = lazyStep({ name: "Summary", group: false }, async () => (await import("./release-SYK77LCG.js")).summaryStep);
var BEFORE_BUILD = [restoreCachesStep, systemPackagesStep];
var BUILD = [
  buildStep
  // every target, headers checked; a failed target does not stop the others
];
var STEPS = [
  signStep,
  // Authenticode, before anything is archived or hashed
  universalStep,
  // lipo, ours or Apple's
  fynePackageStep,
  // .app, .tar.xz
  notarizeStep,
  // the Developer ID .app, stapled before the release zips it
  linuxPackagesStep,
  // .deb, .rpm with desktop integration
  releaseStep,
  // archives, SHA256SUMS, manifest
  summaryStep
  // artifacts output, job summary
];
async function stage(rec, rt, name, group, fn, skipOf = () => void 0) {
  const entry = { name, status: "ran", durationMs: 0 };
  rec.stages.push(entry);
  const started = Date.now();
  const body = async () => {
    const r = await fn();
    const why = skipOf(r);
    if (why !== void 0) {
      entry.status = "skipped";
      entry.reason = why;
      rt.info(`skipped: ${why}`);
    }
    return r;
  };
  try {
    return await (group ? rt.group(name, body) : body());
  } catch (err) {
    entry.status = "failed";
    entry.reason = errorMessage(err);
    throw err;
  } finally {
    entry.durationMs = Date.now() - started;
  }
}
async function runStep(rec, ctx, step) {
  if (step.needsFiles && "skip" in ctx.plan) {
    rec.stages.push({ name: step.name, status: "skipped", reason: ctx.plan.skip, durationMs: 0 });
    return;
  }
  await stage(
    rec,
    ctx.rt,
    step.name,
    step.group !== false,
    () => step.run(ctx),
    (r) => "skipped" in r ? r.skipped : void 0
  );
}
async function loadConfig(rt) {
  for (const s of secretForms(rt.input("windows-certificate"), rt.input("windows-certificate-password"))) rt.secret(s);
  for (const s of secretInputForms((n) => rt.input(n))) rt.secret(s);
  const config = await resolveConfig(parseConfig(diskSources((n) => rt.input(n), rt.env, rt.host, process.cwd())), (p) => realpathSync(p));
  for (const n of config.notices) rt.notice(n.message);
  return config;
}
async function runMain(rt) {
  const config = await loadConfig(rt);
  return runPipeline(rt, config);
}
async function runPipeline(rt, config) {
  const rec = { startedAt: /* @__PURE__ */ new Date(), stages: [] };
  let result;
  let failure;
  try {
    result = config.release.releaseInputs.length > 0 ? await runGather(rt, config, rec) : await runBuild(rt, config, rec);
  } catch (err) {
    failure = { err };
  }
  if (config.report) {
    try {
      await writeReport(config.report, runReport(rt, rec, result, failure && errorMessage(failure.err)), config.workspace);
      rt.saveState("report", config.report);
      rt.info(`run report: ${config.report}`);
    } catch (err) {
      if (!failure) throw new UserError(`could not write the run report ${config.report}: ${errorMessage(err)}`);
      rt.warning(`could not write the run report ${config.report}: ${errorMessage(err)}`);
    }
  }
  if (failure) throw failure.err;
  return result;
}
function runReport(rt, rec, result, error) {
  const registry = result?.registry ?? rec.ctx?.registry;
  return buildReport({
    door: rt.door,
    startedAt: rec.startedAt,
    endedAt: /* @__PURE__ */ new Date(),
    error,
    go: rec.go,
    fyneVersion: rec.fyneVersion,
    stages: rec.stages,
    targets: rec.ctx?.targets ?? [],
    cache: rec.ctx?.cache,
    artifacts: registry?.toJSON() ?? []
  });
}
async function runBuild(rt, config, rec) {
  if (config.build.inputs.targets.length > 0) await refuseUnrunnable(rt, config, "targets asks for builds");
  const { disposePlanned, planTargets } = await import("./plan-GFP4GHPN.js");
  const gocaches = placeGoCaches(rt, config);
  const go = await stage(rec, rt, "Install Go", true, () => installGo(rt, config.toolchain));
  rec.go = { version: go.version.text, source: go.source, installMs: rec.stages.at(-1).durationMs };
  const plan = await stage(
    rec,
    rt,
    "Plan builds",
    true,
    () => planTargets(rt, config, go),
    (p) => "skip" in p ? p.skip : void 0
  );
  rec.fyneVersion = plan.fyneVersion;
  try {
    const ctx = {
      rt,
      config,
      go,
      goTool: () => Promise.resolve(go),
      registry: new ArtifactRegistry(),
      // the one list every stage hands its files through
      plan,
      name: "set" in plan ? plan.set.name : config.build.inputs.name || await nameOfInputs(config) || "app",
      version: "set" in plan ? plan.set.version : await releaseVersion(rt, config),
      // the plan's one version (compiled in), else input/tag/commit
      gocaches,
      targets: []
    };
    rec.ctx = ctx;
    await Promise.all(BEFORE_BUILD.map((s) => runStep(rec, ctx, s)));
    for (const s of [...BUILD, ...STEPS]) await runStep(rec, ctx, s);
    const failures = ctx.targets.filter((t) => !t.ok);
    if (failures.length > 0) {
      throw new UserError(`${failures.length} target(s) failed: ${failures.map((f) => `${f.target}: ${f.error}`).join("; ")}`);
    }
    return { config, toolchain: go, registry: ctx.registry, failures };
  } finally {
    await disposePlanned(plan);
  }
}
async function refuseUnrunnable(rt, config, what) {
  const arch = config.toolchain.arch;
  const runs = await toolchainRunnability(rt.host, arch, probeOptions(rt.env));
  if (runs.runnable) return;
  throw new UserError(
    `input "architecture": Go for ${rt.host.os}/${arch} cannot run on this ${rt.host.os}/${rt.host.arch} runner (${runs.why}), and ${what}, which runs go; leave architecture empty (the runner's Go builds for every target in targets), or register an emulator for ${arch} first (qemu-user-static with binfmt-support)`
  );
}
async function nameOfInputs(config) {
  if (config.universal.resolvedInputs.length === 0) return void 0;
  return (await import("./universal-ZOKHXJG7.js")).nameFromInputs(config.universal.resolvedInputs);
}
async function releaseVersion(rt, config) {
  return (await import("./release-SYK77LCG.js")).releaseVersion(rt, config);
}
async function runGather(rt, config, rec) {
  const { gatherReleaseFiles } = await import("./fanin-EWZM7CCK.js");
  const { planned, registry } = await stage(rec, rt, "Gather release files", true, () => gatherReleaseFiles(rt, config));
  const plan = planned.gathered.plan;
  let go;
  let installing;
  const goTool = () => installing ??= (async () => {
    await refuseUnrunnable(rt, config, "a step of this fan-in installs its Go tools");
    rt.info(`installing Go (${config.toolchain.specFrom}) for the tools of this step; a fan-in builds nothing`);
    const started = Date.now();
    const t = await installGo(rt, config.toolchain);
    rec.go = { version: t.version.text, source: t.source, installMs: Date.now() - started };
    go = t;
    return t;
  })();
  const ctx = {
    rt,
    config,
    get go() {
      return go;
    },
    goTool,
    registry,
    plan: planned,
    name: plan.name,
    version: plan.version || await releaseVersion(rt, config),
    gocaches: { set: {}, owned: false, why: "a fan-in uses no Go cache" },
    targets: []
  };
  rec.ctx = ctx;
  for (const s of STEPS) await runStep(rec, ctx, s);
  return { config, toolchain: go, registry: (await import("./release-SYK77LCG.js")).releaseOrder(registry), failures: [] };
}

export {
  runMain
};
