import {
  METADATA_FILE,
  metadataGoSource,
  overlayJson,
  resolveMetadata
} from "./chunk-LBFBUCVC.js";
import {
  detectVersion
} from "./chunk-XKZS2RQX.js";
import {
  compilerFor,
  goOutput
} from "./chunk-AEMLH7SV.js";
import {
  repositoryRoot
} from "./chunk-KCHE2E5Y.js";
import "./chunk-BWPQGD42.js";
import "./chunk-DBNYSC5C.js";
import "./chunk-NEUFGH5P.js";
import "./chunk-CTUT5AQU.js";
import "./chunk-7DO46D7E.js";
import {
  defaultNameFromModule,
  fyneVersion,
  parseFyneAppToml
} from "./chunk-FBKFR6OD.js";
import "./chunk-MRZ3A4BH.js";
import {
  buildmodeSupported,
  checkTargetsSupported,
  internalLinkPieSupported,
  isWasm,
  parseDistList,
  targetId
} from "./chunk-266HZTFF.js";
import "./chunk-PI4MXL3D.js";
import "./chunk-MCJ2FD2F.js";
import "./chunk-ZOKSPSVI.js";
import "./chunk-QQHFLWLX.js";
import {
  findGoMod,
  parseGoMod
} from "./chunk-WCZD6FA5.js";
import "./chunk-K4DALLU4.js";
import "./chunk-LHSVOPIB.js";
import "./chunk-ET2PU4VS.js";
import "./chunk-CAERU2TX.js";
import "./chunk-TP7NBEYG.js";
import "./chunk-CX7QWEJI.js";
import {
  run
} from "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import {
  ConfineError,
  ReadRoot,
  checkName,
  mkdtempSync,
  quote,
  refSegments,
  rm,
  rmSync,
  within
} from "./chunk-RH66WDZH.js";
import "./chunk-3FOH5IKW.js";
import {
  UserError,
  inputError
} from "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";

// src/steps/plan.ts
import { existsSync as existsSync2 } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

// src/compile/cgo-flags.ts
var BASE_RELEASE = "-O3 -pipe";
var BASE_REGULAR = "-O2 -g -fexceptions -fasynchronous-unwind-tables -pipe";
var HARDENING_DEFAULT = "-D_FORTIFY_SOURCE=3 -fcf-protection -fstack-protector-strong";
var LD_LINUX = "-Wl,-z,relro,-z,now -Wl,--as-needed";
var LD_DARWIN = "-Wl,-dead_strip_dylibs";
var RX_CLANG = /(?:(\S+)\s+)?clang\s+version\s+([0-9.]+)/;
var RX_GCC = /\bcc(\.exe)?\s+\(([^)]+)\)\s+([0-9.]+)/;
var RX_BUILT_BY = /built\s+by\s+(\S+)/;
function validVersion(v) {
  return /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){0,2}$/.test(v);
}
function compareVersions(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
function detectCompiler(versionText, goos) {
  const osname = (s) => s === "apple" ? "darwin" : !s ? goos : s;
  const text = versionText.toLowerCase();
  const clang = RX_CLANG.exec(text);
  if (clang) return validVersion(clang[2]) ? { name: "clang", version: clang[2], os: osname(clang[1]) } : void 0;
  const gcc = RX_GCC.exec(text);
  if (!gcc) return void 0;
  const [, exe, inParens = "", version = ""] = gcc;
  if (!validVersion(version)) return void 0;
  if (exe === ".exe") {
    const by = RX_BUILT_BY.exec(inParens);
    if (by) return { name: "gcc", version, os: osname(by[1]) };
  }
  if (inParens === "" || inParens === "gcc") return { name: "gcc", version, os: osname("") };
  const first = inParens.replace(/[^\p{L}\p{N}\s]/gu, " ").trim().split(/\s+/)[0] ?? "";
  return { name: "gcc", version, os: osname(first) };
}
var HARDENING_TABLE = [
  { os: "ubuntu", arch: "amd64", cc: "gcc", minVer: "*", maxVer: "*", cflags: "-fcf-protection -fstack-protector-strong" },
  // Ubuntu's gcc defines _FORTIFY_SOURCE itself
  { os: "windows", arch: "*", cc: "gcc", minVer: "*", maxVer: "*", cflags: "-D_FORTIFY_SOURCE=3 -fstack-protector-strong" },
  // MinGW has no -fcf-protection
  { os: "*", arch: "arm64", cc: "*", minVer: "*", maxVer: "*", cflags: "-D_FORTIFY_SOURCE=3 -fstack-protector-strong" }
  // no -fcf-protection on arm64
];
function guessCompiler(command, hostOs, osReleaseId2) {
  if (command !== "cc") return void 0;
  if (hostOs === "linux") return { name: "gcc", version: "0.0.0", os: osReleaseId2?.toLowerCase() || "linux" };
  if (hostOs === "darwin") return { name: "clang", version: "0.0.0", os: "darwin" };
  return void 0;
}
function osReleaseId(text) {
  const m = /^ID=("?)([^"\n]*)\1\s*$/m.exec(text);
  return m?.[2] || void 0;
}
function hardeningCFlags(info, goarch) {
  if (!info) return "";
  for (const e of HARDENING_TABLE) {
    if (e.cc !== "*" && e.cc !== info.name) continue;
    if (e.os !== "*" && e.os !== info.os) continue;
    if (e.arch !== "*" && e.arch !== goarch) continue;
    if (e.minVer !== "*" && compareVersions(info.version, e.minVer) < 0) continue;
    if (e.maxVer !== "*" && compareVersions(info.version, e.maxVer) > 0) continue;
    return e.cflags;
  }
  return HARDENING_DEFAULT;
}
function fyneCgoFlags(o) {
  const cflags = [o.release ? BASE_RELEASE : BASE_REGULAR];
  const hardening = hardeningCFlags(o.compiler, o.goarch);
  if (hardening) cflags.push(hardening);
  const ldflags = [];
  if (o.goos === "linux") ldflags.push(LD_LINUX);
  if (o.goos === "darwin") {
    ldflags.push(LD_DARWIN);
    cflags.push(`-mmacosx-version-min=${o.macosMinVersion}`);
    ldflags.push(`-mmacosx-version-min=${o.macosMinVersion}`);
  }
  if (o.goarch === "arm64") cflags.push("-mbranch-protection=bti+pac-ret");
  return { cflags: cflags.join(" "), ldflags: ldflags.join(" ") };
}
function withUserFlags(ours, user) {
  return [ours, user?.trim() ?? ""].filter(Boolean).join(" ");
}

// src/compile/plan.ts
import path from "node:path";
function cCommand(host, t, userCC, env) {
  let cc;
  try {
    cc = compilerFor(host, t, userCC).cc;
  } catch {
    cc = void 0;
  }
  return cc ?? env["CC"] ?? "cc";
}
function cCompilerCommands(inputs, host, env) {
  return [...new Set(inputs.targets.map((t) => cCommand(host, t, inputs.cc[targetId(t)], env)))];
}
var OUTPUT_ENV = [
  "GOOS",
  "GOARCH",
  "GO386",
  "GOAMD64",
  "GOARM",
  "GOARM64",
  "GOMIPS",
  "GOMIPS64",
  "GOPPC64",
  "GORISCV64",
  "GOWASM",
  "GOEXPERIMENT",
  "GOFLAGS",
  "CGO_ENABLED"
];
var CGO_ENV = ["CC", "CXX", "AR", "MACOSX_DEPLOYMENT_TARGET", "SDKROOT"];
var CGO_ENV_PREFIXES = ["CGO_", "PKG_CONFIG"];
function fingerprintOf(args, env, baseEnv, cgo) {
  const fp = { args };
  const names = new Set(OUTPUT_ENV);
  if (cgo) {
    for (const k of CGO_ENV) names.add(k);
    for (const k of [...Object.keys(baseEnv), ...Object.keys(env)]) if (CGO_ENV_PREFIXES.some((pre) => k.startsWith(pre))) names.add(k);
  }
  for (const k of [...names].sort()) {
    const v = env[k] ?? baseEnv[k];
    if (v !== void 0 && v !== "") fp[k] = v;
  }
  return fp;
}
function artifactFileName(name, t, mode) {
  const base = `${name}_${t.os}_${t.arch}`;
  switch (mode) {
    case "c-archive":
      return `${base}.a`;
    case "c-shared":
      return base + (t.os === "windows" ? ".dll" : t.os === "darwin" || t.os === "ios" ? ".dylib" : ".so");
    default:
      return base + (t.os === "windows" ? ".exe" : isWasm(t) ? ".wasm" : "");
  }
}
function splitGoflagsLdflags(goflags) {
  const ld = [];
  const rest = [];
  for (const f of (goflags ?? "").split(/\s+/).filter(Boolean)) {
    const m = /^--?ldflags=(.*)$/.exec(f);
    if (m) ld.push(m[1].replace(/^(['"])(.*)\1$/, "$2"));
    else rest.push(f);
  }
  return { ldflags: ld.join(" "), rest: rest.join(" ") };
}
function appendCgoFlags(current, flag) {
  const base = current === void 0 ? "-O2 -g" : current.trim();
  return base.split(/\s+/).includes(flag) ? base : `${base} ${flag}`.trim();
}
function resolveName(inputs, project) {
  const raw = project.fyneApp?.details.name?.trim();
  const display = raw ? checkName(raw, "FyneApp.toml Details.Name", "file").replace(/\s+/g, "-") : void 0;
  const name = inputs.name || display || defaultNameFromModule(project.modulePath) || path.basename(project.workDir);
  const from = inputs.name ? 'input "name"' : display ? "FyneApp.toml Details.Name" : "the app name (from the module path)";
  const cleaned = name.replace(/[/\\<>:"|?*\x00-\x1f]/g, "_");
  return checkName(cleaned, from, "file");
}
function resolveCgo(inputs, isFyne, t) {
  const id = targetId(t);
  const modeNeedsCgo = inputs.buildmode === "c-shared" || inputs.buildmode === "c-archive" || inputs.buildmode === "pie" && !internalLinkPieSupported(t);
  if (isWasm(t)) {
    if (inputs.cgo === "true") throw inputError("cgo", "true", `cannot apply to ${id} (no cgo on WebAssembly)`, "use auto or false");
    return false;
  }
  if (inputs.cgo === "false") {
    if (isFyne) {
      throw inputError("cgo", "false", `cannot build a Fyne app for ${id} (Fyne needs cgo on every target but js/wasm)`, "use auto or true");
    }
    if (modeNeedsCgo) {
      throw inputError("buildmode", inputs.buildmode, `needs cgo on ${id}, but cgo is false`, "set cgo to auto or true, or use buildmode exe");
    }
    return false;
  }
  return inputs.cgo === "true" || isFyne || modeNeedsCgo;
}
function planBuilds(inputs, project, ctx) {
  const p = ctx.host.os === "windows" ? path.win32 : path.posix;
  const isFyne = project.fyneVersion !== "none";
  const name = resolveName(inputs, project);
  const goBin = ctx.goBin ?? "go";
  const files = [];
  let metadata;
  let overlay;
  if (isFyne) {
    metadata = resolveMetadata(project.fyneApp, { release: inputs.release, fallbackName: name, icon: project.icon, version: ctx.version });
    const src = metadataGoSource(metadata, project.fyneVersion);
    if (src) {
      const real = p.join(ctx.scratchDir, METADATA_FILE);
      overlay = p.join(ctx.scratchDir, "overlay.json");
      files.push({ path: real, content: src }, { path: overlay, content: overlayJson(p.join(project.packageDir, METADATA_FILE), real) });
    } else {
      metadata = void 0;
    }
  }
  const tags = [...inputs.tags];
  if (isFyne && inputs.release) tags.push("release");
  if (isFyne && project.fyneApp?.migrations["fyneDo"]) tags.push("migrated_fynedo");
  const uniqueTags = [...new Set(tags)];
  const goflags = splitGoflagsLdflags(ctx.env["GOFLAGS"]);
  const plans = inputs.targets.map((t) => {
    const id = targetId(t);
    if (!buildmodeSupported(inputs.buildmode, t)) {
      const ok = ["exe", "pie", "c-shared", "c-archive"].filter((m) => buildmodeSupported(m, t));
      throw inputError("buildmode", inputs.buildmode, `is not supported for ${id}`, `${id} supports ${ok.join(", ")}`);
    }
    const cgo = resolveCgo(inputs, isFyne, t);
    const compiler = cgo ? compilerFor(ctx.host, t, inputs.cc[id]) : void 0;
    const env = { GOOS: t.os, GOARCH: t.arch, CGO_ENABLED: cgo ? "1" : "0" };
    if (compiler?.cc) env["CC"] = compiler.cc;
    if (compiler?.cxx) env["CXX"] = compiler.cxx;
    Object.assign(env, compiler?.env);
    if (t.os === "darwin") env["MACOSX_DEPLOYMENT_TARGET"] = inputs.macosMinVersion;
    if (cgo && isFyne) {
      const f = fyneCgoFlags({
        release: inputs.release,
        goos: t.os,
        goarch: t.arch,
        macosMinVersion: inputs.macosMinVersion,
        compiler: ctx.compilers?.[cCommand(ctx.host, t, inputs.cc[id], ctx.env)]
      });
      env["CGO_CFLAGS"] = withUserFlags(f.cflags, ctx.env["CGO_CFLAGS"]);
      const ld2 = withUserFlags(f.ldflags, ctx.env["CGO_LDFLAGS"]);
      if (ld2) env["CGO_LDFLAGS"] = ld2;
    } else if (t.os === "darwin") {
      if (cgo) {
        const flag = `-mmacosx-version-min=${inputs.macosMinVersion}`;
        env["CGO_CFLAGS"] = appendCgoFlags(ctx.env["CGO_CFLAGS"], flag);
        env["CGO_LDFLAGS"] = appendCgoFlags(ctx.env["CGO_LDFLAGS"], flag);
      }
    }
    if (goflags.ldflags) env["GOFLAGS"] = goflags.rest;
    const isExe = inputs.buildmode === "exe" || inputs.buildmode === "pie";
    const subsystem = t.os === "windows" && isExe ? inputs.windowsSubsystem === "auto" ? isFyne ? "gui" : "console" : inputs.windowsSubsystem : void 0;
    const ld = [];
    if (goflags.ldflags) ld.push(goflags.ldflags);
    if (inputs.strip) ld.push("-s", "-w");
    if (subsystem === "gui") ld.push("-H=windowsgui");
    if (inputs.ldflags) ld.push(inputs.ldflags);
    const output = p.join(inputs.outputDir, artifactFileName(name, t, inputs.buildmode));
    const flags = [];
    if (inputs.trimpath) flags.push("-trimpath");
    if (inputs.buildmode !== "exe") flags.push(`-buildmode=${inputs.buildmode}`);
    if (uniqueTags.length) flags.push("-tags", uniqueTags.join(","));
    if (ld.length) flags.push("-ldflags", ld.join(" "));
    const argv = [goBin, "build", ...flags];
    if (overlay) argv.push(`-overlay=${overlay}`);
    argv.push("-o", output, inputs.package);
    const fingerprint2 = fingerprintOf([...flags, ...overlay ? ["-overlay"] : [], inputs.package], env, ctx.env, cgo);
    const header = inputs.buildmode === "c-archive" || inputs.buildmode === "c-shared" ? output.replace(/\.(a|so|dll|dylib)$/, ".h") : void 0;
    return {
      target: t,
      id,
      argv,
      cwd: project.workDir,
      env,
      output,
      header,
      cgo,
      compiler,
      expect: { os: t.os, arch: t.arch, buildmode: inputs.buildmode, subsystem },
      fingerprint: fingerprint2
    };
  });
  const fingerprint = {};
  for (const pl of plans) for (const [k, v] of Object.entries(pl.fingerprint)) fingerprint[`${pl.id}:${k}`] = v;
  const version = ctx.version || project.fyneApp?.details.version || "";
  return { name, isFyne, fyneVersion: project.fyneVersion, metadata, version, files, plans, fingerprint };
}

// src/compile/project.ts
import { existsSync, lstatSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path2 from "node:path";
var TEXT_CAP = 1 << 20;
var ICON_CAP = 16 << 20;
async function packageDir(workDir, pkg, goBin = "go", env = process.env) {
  if (pkg === "." || pkg.startsWith("./") || pkg.startsWith("../") || path2.isAbsolute(pkg) || pkg.startsWith(".\\") || pkg.startsWith("..\\")) {
    const dir = path2.resolve(workDir, pkg);
    if (!existsSync(dir))
      throw new UserError(`input "main-package": ${JSON.stringify(pkg)} does not exist under ${workDir}; give ., ./cmd/app or an import path`);
    return dir;
  }
  const r = await run([goBin, "list", "-f", "{{.Dir}}", pkg], { cwd: workDir, env });
  if (r.code !== 0)
    throw new UserError(
      `input "main-package": ${JSON.stringify(pkg)} is not a package go can find (${r.stderr.trim().split("\n")[0]}); give ., ./cmd/app or an import path`
    );
  return r.stdout.trim();
}
function shown(root, file) {
  const inside = [root.dir, root.real].find((r) => within(r, file));
  return inside === void 0 ? file : path2.relative(inside, file).split(path2.sep).join("/") || path2.basename(file);
}
function iconRef(root, tomlDir, tomlShown, icon) {
  const refuse = (problem) => new UserError(`${tomlShown}: Details.Icon ${quote(icon)} ${problem}; give a PNG path relative to FyneApp.toml's folder, inside the repository`);
  if (icon.includes("\0")) throw refuse("has a NUL byte");
  if (path2.isAbsolute(icon) || /^[\\/]/.test(icon) || /^[A-Za-z]:/.test(icon)) throw refuse("is an absolute path");
  const base = [root.dir, root.real].find((r) => within(r, tomlDir)) ?? root.dir;
  const rel = path2.relative(base, path2.resolve(tomlDir, icon.replace(/\\/g, "/")));
  if (rel === "" || rel.startsWith("..") || path2.isAbsolute(rel)) throw refuse("leads outside the repository");
  const segs = refSegments(rel);
  if ("problem" in segs) throw refuse(segs.problem);
  return rel;
}
async function loadProject(workDir, pkg, opts = {}) {
  const abs = path2.resolve(workDir);
  const root = await ReadRoot.open(opts.workspace ?? abs, "the repository");
  const pkgDir = await packageDir(abs, pkg, opts.goBin, opts.env);
  if (![root.dir, root.real].some((r) => within(r, pkgDir))) {
    throw new UserError(
      `input "main-package": ${quote(pkg)} resolves to ${pkgDir}, outside the workspace ${root.dir}; give a package folder inside the repository`
    );
  }
  const top = within(root.real, pkgDir) ? root.real : root.dir;
  const goModPath = findGoMod(pkgDir, existsSync, top);
  if (!goModPath) throw new UserError(`input "working-directory": no go.mod at or above ${pkgDir} inside the workspace; run the build in a Go module`);
  const mod = parseGoMod(await root.readText(shown(root, goModPath), "go.mod", { maxBytes: TEXT_CAP }));
  const info = { workDir: abs, packageDir: pkgDir, modulePath: mod.module, fyneVersion: fyneVersion(mod) };
  const moduleRoot = path2.dirname(goModPath);
  const tomlDir = [pkgDir, moduleRoot].find((d) => existsSync(path2.join(d, "FyneApp.toml")) || isLink(path2.join(d, "FyneApp.toml")));
  let toml;
  if (tomlDir) {
    const file = path2.join(tomlDir, "FyneApp.toml");
    toml = parseFyneAppToml(await root.readText(shown(root, file), "FyneApp.toml", { maxBytes: TEXT_CAP }), path2.relative(abs, file) || "FyneApp.toml");
    info.fyneApp = toml;
  }
  const base = tomlDir ?? pkgDir;
  const icon = toml?.details.icon;
  const tomlShown = tomlDir ? shown(root, path2.join(tomlDir, "FyneApp.toml")) : "FyneApp.toml";
  const ref = icon && !/^https?:\/\//.test(icon) ? iconRef(root, base, tomlShown, icon) : path2.relative(top, path2.join(base, "Icon.png"));
  if (info.fyneVersion !== "none") {
    const what = icon ? `${tomlShown}: Details.Icon ${quote(icon)}` : "Icon.png";
    try {
      info.icon = { name: path2.basename(ref), bytes: await root.read(ref, what, { maxBytes: ICON_CAP }) };
    } catch (err) {
      if (!(err instanceof ConfineError && err.reason === "missing")) throw err;
    }
  }
  await checkPackageLinks(root, top, pkgDir);
  return info;
}
async function checkPackageLinks(root, top, pkgDir) {
  for (const e of await readdir(pkgDir, { withFileTypes: true })) {
    if (!e.isSymbolicLink()) continue;
    const rel = path2.relative(top, path2.join(pkgDir, e.name));
    try {
      await root.locate(rel, "a file go build reads from the package folder", { kind: "file" });
    } catch (err) {
      if (!(err instanceof ConfineError && err.reason === "missing")) throw err;
    }
  }
}
function isLink(p) {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

// src/steps/plan.ts
async function disposePlanned(planned) {
  if (planned && "set" in planned) await rm(planned.scratchDir, { recursive: true, force: true }).catch(() => void 0);
}
async function identifyCompilers(commands, rt) {
  const osRelease = rt.host.os === "linux" ? await readFile("/etc/os-release", "utf8").catch(() => "") : "";
  const out = {};
  for (const cmd of commands) {
    const r = await run([...cmd.split(/\s+/), "--version"], { env: rt.env }).catch(() => void 0);
    out[cmd] = r && r.code === 0 ? detectCompiler(r.stdout + r.stderr, rt.host.os) : guessCompiler(cmd, rt.host.os, osReleaseId(osRelease));
    rt.debug(`C compiler ${cmd}: ${out[cmd] ? `${out[cmd].name} ${out[cmd].version} (${out[cmd].os})` : "not recognised: no hardening flags, as fyne build"}`);
  }
  return out;
}
async function planTargets(rt, config, go) {
  const wd = config.workingDirectory;
  const workspace = repositoryRoot(config);
  if (config.build.inputs.targets.length === 0) {
    const root = await ReadRoot.open(workspace, "the repository");
    const gomod = findGoMod(wd, existsSync2, workspace);
    const fv = gomod ? fyneVersion(parseGoMod(await root.readText(gomod, "go.mod", { allowAbsolute: true, maxBytes: 1 << 20 }))) : "none";
    rt.setOutput("fyne-version", fv);
    return { skip: "no targets (setup only)", fyneVersion: fv };
  }
  const dist = parseDistList(await goOutput(go.goBin, ["tool", "dist", "list", "-json"], rt.env));
  checkTargetsSupported(config.build.inputs.targets, dist, go.version.text);
  const project = await loadProject(wd, config.build.inputs.package, { goBin: go.goBin, env: rt.env, workspace });
  const scratchDir = mkdtempSync(join(rt.tempDir, "gfa-build-"));
  let set;
  try {
    const compilers = project.fyneVersion === "none" ? {} : await identifyCompilers(cCompilerCommands(config.build.inputs, rt.host, rt.env), rt);
    const { version } = await detectVersion(config.release.version, rt.env, wd, project.fyneApp?.details.version);
    set = planBuilds(config.build.inputs, project, { host: rt.host, goBin: go.goBin, env: rt.env, scratchDir, compilers, version });
  } catch (err) {
    rmSync(scratchDir, { recursive: true, force: true });
    throw err;
  }
  rt.setOutput("fyne-version", set.fyneVersion);
  rt.info(`${set.isFyne ? `Fyne ${set.fyneVersion} app` : "Go program"} "${set.name}": ${set.plans.map((p) => `${p.id}${p.cgo ? " (cgo)" : ""}`).join(", ")}`);
  return { set, fyneVersion: set.fyneVersion, packageDir: project.packageDir, scratchDir };
}
export {
  disposePlanned,
  planTargets
};
