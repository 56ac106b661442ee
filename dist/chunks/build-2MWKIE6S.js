import {
  checkArtifact
} from "./chunk-VSF7SR2Y.js";
import {
  SUDO_ASKS,
  SYSPKG_STATE,
  XCODE_MISSING,
  aptGetCommands,
  archsOnOtherMirror,
  cacheBackend,
  compilerMissingMessage,
  doneMessage,
  dpkgQueryMissingMessage,
  foreignArchCommands,
  installAllowed,
  installFailedMessage,
  installingMessage,
  missingPackages,
  needsRootMessage,
  notAllowedMessage,
  parseOsRelease,
  planDeps,
  planPackages,
  systemLayerDir,
  systemLayerHooks
} from "./chunk-OX3WE5C3.js";
import "./chunk-AEMLH7SV.js";
import "./chunk-Q5B3EQBL.js";
import {
  withWindowsResources
} from "./chunk-PVIPCCHH.js";
import "./chunk-6AFBVCEV.js";
import "./chunk-OBW2XLCJ.js";
import "./chunk-XERPXZ7S.js";
import "./chunk-KY7HVE76.js";
import "./chunk-5MY5RUWP.js";
import "./chunk-RFMJVKYR.js";
import "./chunk-KFJK2ZES.js";
import "./chunk-KCHE2E5Y.js";
import "./chunk-BWPQGD42.js";
import "./chunk-DBNYSC5C.js";
import "./chunk-NEUFGH5P.js";
import "./chunk-CTUT5AQU.js";
import "./chunk-7DO46D7E.js";
import "./chunk-FBKFR6OD.js";
import "./chunk-MRZ3A4BH.js";
import "./chunk-266HZTFF.js";
import "./chunk-PI4MXL3D.js";
import {
  RAN,
  buildSetStep
} from "./chunk-6CLW66DV.js";
import "./chunk-MCJ2FD2F.js";
import "./chunk-ZOKSPSVI.js";
import "./chunk-QQHFLWLX.js";
import "./chunk-WCZD6FA5.js";
import {
  saveDecision
} from "./chunk-K4DALLU4.js";
import {
  seconds
} from "./chunk-LHSVOPIB.js";
import "./chunk-ET2PU4VS.js";
import "./chunk-CAERU2TX.js";
import "./chunk-TP7NBEYG.js";
import {
  artifactFromPath
} from "./chunk-CX7QWEJI.js";
import {
  ProcessError,
  onPath,
  run
} from "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import "./chunk-5DMHZ5OM.js";
import "./chunk-NVIS2CD6.js";
import "./chunk-LM23WKPA.js";
import "./chunk-CLWQRHXC.js";
import "./chunk-L373MPJF.js";
import {
  ConfineError,
  WriteRoot,
  mkdir,
  rm,
  within,
  writeFile
} from "./chunk-RH66WDZH.js";
import "./chunk-3FOH5IKW.js";
import {
  UserError
} from "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";

// src/deps/apt.ts
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
var defaultExec = async (argv, opts = {}) => {
  try {
    return await run(argv, { input: opts.input ?? "", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  } catch (err) {
    if (err instanceof ProcessError || err.code === "ENOENT") return { code: 127, stdout: "", stderr: err.message };
    throw err;
  }
};
function defaultSourceFiles() {
  const files = ["/etc/apt/sources.list"].filter((f) => existsSync(f));
  const d = "/etc/apt/sources.list.d";
  if (existsSync(d)) {
    for (const f of readdirSync(d)) if (/\.(list|sources)$/.test(f)) files.push(path.join(d, f));
  }
  return files;
}
async function ensureDeps(plan, opts) {
  const started = Date.now();
  const exec = opts.exec ?? defaultExec;
  const env = opts.env ?? process.env;
  const result = { installed: [], restored: [], alreadyPresent: [], durationMs: 0 };
  if (plan.xcode) {
    const r = await exec(["xcode-select", "-p"]);
    if (r.code !== 0) throw new UserError(XCODE_MISSING);
  }
  if (plan.system === "apt" && plan.packages.length > 0) {
    const q = await exec(["dpkg-query", "-W", "-f", "${Package} ${Architecture} ${db:Status-Abbrev}\n", ...plan.packages]);
    if (q.code === 127) {
      opts.log(dpkgQueryMissingMessage(plan));
    } else {
      const missing = missingPackages(plan.packages, q.stdout, plan.hostArch);
      result.alreadyPresent = plan.packages.filter((p) => !missing.includes(p));
      if (missing.length > 0) {
        if (!installAllowed(opts.mode, opts.ci)) throw new UserError(notAllowedMessage(plan, missing, opts.mode));
        const sudo = await sudoPrefix(plan, missing, opts, exec);
        const layer = plan.foreignArchs.length === 0 ? opts.layer : void 0;
        if (layer && await layer.restore(missing, sudo, exec)) {
          result.restored = missing;
        } else {
          opts.log(installingMessage(plan, missing, sudo));
          await layer?.beforeInstall(exec);
          await aptInstall(plan, missing, opts, exec, sudo);
          result.installed = missing;
          await layer?.afterInstall(exec);
        }
      }
    }
  }
  for (const [cmd, hint] of Object.entries(plan.commands)) {
    if (!onPath(cmd, env)) throw new UserError(compilerMissingMessage(cmd, hint));
  }
  result.durationMs = Date.now() - started;
  const done = doneMessage(plan, result.installed, result.durationMs);
  if (done) opts.log(done);
  return result;
}
async function sudoPrefix(plan, missing, opts, exec) {
  if (opts.isRoot ?? process.getuid?.() === 0) return [];
  const probe = await exec(["sudo", "-n", "true"]);
  if (probe.code === 0) return ["sudo", "-n"];
  if (probe.code === 127) throw new UserError(needsRootMessage(plan, missing, "not-installed"));
  if (opts.interactive) {
    opts.log(SUDO_ASKS);
    return ["sudo"];
  }
  throw new UserError(needsRootMessage(plan, missing, "asks-password"));
}
async function aptInstall(plan, missing, opts, exec, sudo) {
  const run2 = async ({ argv, input }) => {
    const full = [...sudo, ...argv];
    opts.log(`$ ${full.join(" ")}`);
    const r = await exec(full, { input });
    if (r.code !== 0) throw new UserError(installFailedMessage(full, r.code, r.stdout, r.stderr));
  };
  const readText = opts.readText ?? ((f) => existsSync(f) ? readFileSync(f, "utf8") : void 0);
  if (plan.foreignArchs.length) {
    const have = (await exec(["dpkg", "--print-foreign-architectures"])).stdout.split(/\s+/).filter(Boolean);
    const osRelease = parseOsRelease(readText("/etc/os-release") ?? "");
    const sources = [];
    if (archsOnOtherMirror(plan, osRelease).length > 0) {
      for (const file of (opts.sourceFiles ?? defaultSourceFiles)()) {
        const text = readText(file);
        if (text !== void 0) sources.push([file, text]);
      }
    }
    for (const c of foreignArchCommands(plan, { have, osRelease, sources, present: (f) => readText(f) !== void 0 })) await run2(c);
  }
  for (const c of aptGetCommands(missing)) await run2(c);
}

// src/compile/run.ts
import { lstat } from "node:fs/promises";
import path2 from "node:path";
var NOISE = /^(# |go: downloading |go: finding |go: extracting |go: found |\s*$)/;
function firstErrorLine(log, exitCode) {
  for (const line of log.split(/\r?\n/)) {
    if (!NOISE.test(line)) return line.trim();
  }
  return exitCode === null ? "killed" : `exit code ${exitCode}`;
}
function planEnv(plan, base) {
  return { ...base, ...plan.env };
}
async function runOne(plan, opts) {
  const started = Date.now();
  const chunks = [];
  const line = (text2) => {
    chunks.push(text2);
    opts.log?.(plan.id, text2);
  };
  let exitCode = null;
  let error;
  try {
    exitCode = (await run(plan.argv, { cwd: plan.cwd, env: planEnv(plan, opts.baseEnv ?? process.env), onLine: line })).code;
  } catch (err) {
    error = `cannot start ${plan.argv[0]}: ${err.message}`;
  }
  const text = chunks.join("\n");
  const ok = exitCode === 0 && !error;
  return {
    id: plan.id,
    ok,
    exitCode,
    durationMs: Date.now() - started,
    firstError: ok ? "" : error ?? firstErrorLine(text, exitCode),
    log: text,
    output: plan.output
  };
}
async function runBuilds(plans, opts) {
  const files = opts.files ?? [];
  try {
    for (const f of files) {
      await mkdir(path2.dirname(f.path), { recursive: true });
      await writeFile(f.path, f.content);
    }
    if (opts.outputDir !== void 0) await prepareOutputs(plans, opts.outputDir);
    else for (const dir of new Set(plans.map((p) => path2.dirname(p.output)))) await mkdir(dir, { recursive: true });
    const results = new Array(plans.length);
    let next = 0;
    const worker = async () => {
      while (next < plans.length) {
        const i = next++;
        const plan = plans[i];
        opts.log?.(plan.id, `$ ${describeCommand(plan)}`);
        const r = await runOne(plan, opts);
        opts.log?.(plan.id, r.ok ? `ok in ${seconds(r.durationMs)} -> ${plan.output}` : `FAILED in ${seconds(r.durationMs)}: ${r.firstError}`);
        results[i] = r;
        await opts.onDone?.(plan, r);
      }
    };
    const n = Math.max(1, Math.min(opts.parallel, plans.length));
    await Promise.all(Array.from({ length: n }, worker));
    return results;
  } finally {
    for (const f of files) await rm(f.path, { force: true });
  }
}
async function prepareOutputs(plans, outputDir) {
  const root = await WriteRoot.create(outputDir, "output-dir");
  for (const plan of plans) {
    for (const file of [plan.output, plan.header]) {
      if (file === void 0) continue;
      if (!within(root.dir, file) || path2.resolve(file) === root.dir) throw new Error(`internal: ${file} is not inside output-dir ${root.dir}`);
      const rel = path2.relative(root.dir, file);
      await root.mkdir(path2.dirname(rel));
      const st = await lstat(file).catch(() => void 0);
      if (st?.isDirectory())
        throw new ConfineError(`output-dir: ${rel} is a folder where the build writes a file; remove it or choose another output-dir`, "refused");
      if (st) await root.remove(rel);
    }
  }
}
function describeCommand(plan) {
  const q = (s) => /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
  const env = Object.entries(plan.env).map(([k, v]) => `${k}=${q(v)}`);
  return [...env, ...plan.argv.map(q)].join(" ");
}

// src/steps/build.ts
var systemPackagesStep = buildSetStep("System packages", async ({ rt, config, plan: { set } }) => {
  const base = planDeps(set.plans, rt.host, set.isFyne, set.fyneVersion);
  const plan = config.signing.authenticode && rt.host.os === "linux" ? planPackages([{ pkg: "osslsigncode", role: "Authenticode signer", for: "windows-certificate" }], rt.host, base) : base;
  const layer = config.cache.enabled && rt.host.os === "linux" ? systemLayerHooks({
    log: rt,
    env: rt.env,
    dir: systemLayerDir(rt),
    keyPrefix: config.cache.keyPrefix,
    save: saveDecision(config.cache.save, rt.env),
    backend: () => cacheBackend(rt),
    saveState: (json) => rt.saveState(SYSPKG_STATE, json)
  }) : void 0;
  const r = await ensureDeps(plan, {
    mode: config.build.installDeps,
    ci: rt.ci,
    env: rt.env,
    log: (line) => rt.info(line),
    ...layer ? { layer: layer.hooks } : {}
  });
  if (r.installed.length > 0) rt.info(`Installed ${r.installed.join(" ")} in ${seconds(r.durationMs)}`);
  const o = layer?.outcome();
  if (o?.outcome === "restored") rt.info(`restored ${o.packages} packages from the cache in ${seconds(o.ms)}`);
  else if (o?.why) rt.info(`system packages not from the cache: ${o.why}`);
  return RAN;
});
function withBuildFlags(plans, flags) {
  if (flags.length === 0) return plans;
  return plans.map((p) => ({ ...p, argv: [p.argv[0], p.argv[1], ...flags, ...p.argv.slice(2)] }));
}
var buildStep = buildSetStep("Build", (ctx) => withWindowsResources(ctx, () => compileTargets(ctx)), { group: false });
async function compileTargets({ rt, config, plan: { set }, registry, cache, targets }) {
  const plans = withBuildFlags(set.plans, cache?.buildFlags ?? []);
  rt.info(`Building ${plans.length} target(s), ${Math.min(config.build.parallel, plans.length)} at a time`);
  await runBuilds(plans, {
    parallel: config.build.parallel,
    baseEnv: rt.env,
    files: set.files,
    outputDir: config.outputDir,
    log: (target, line) => rt.debug(`[${target}] ${line}`),
    onDone: async (plan, r) => {
      let problems = [];
      if (r.ok) problems = await checkArtifact(r.output, plan.expect);
      const ok = r.ok && problems.length === 0;
      await rt.group(`${plan.id}: ${ok ? `ok in ${seconds(r.durationMs)}` : "FAILED"}`, () => {
        for (const line of r.log.split("\n")) if (line.trim() !== "") rt.info(`[${plan.id}] ${line}`);
        if (!r.ok) rt.error(`${plan.id}: ${r.firstError}`);
        for (const p of problems) rt.error(`${plan.id}: ${r.output}: ${p}`);
        return Promise.resolve();
      });
      if (ok) registry.add(await artifactFromPath(r.output, { target: plan.id, kind: "binary", buildMs: r.durationMs }));
      targets.push(
        ok ? { target: plan.id, ok, durationMs: r.durationMs } : { target: plan.id, ok, durationMs: r.durationMs, error: r.ok ? `header check: ${problems.join("; ")}` : r.firstError }
      );
    }
  });
  return RAN;
}
export {
  buildStep,
  systemPackagesStep,
  withBuildFlags
};
