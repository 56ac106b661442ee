import {
  createUniversal,
  verifyUniversal
} from "./chunk-EBHKHMDH.js";
import {
  artifactFromPath
} from "./chunk-CX7QWEJI.js";
import {
  onPath,
  runOk
} from "./chunk-AYZTICSL.js";
import {
  readMachO
} from "./chunk-L373MPJF.js";
import {
  WriteRoot,
  checkName,
  mkdtemp,
  rm
} from "./chunk-RH66WDZH.js";
import {
  UserError,
  inputError
} from "./chunk-6ZRI6CPZ.js";

// src/universal/index.ts
import { basename, join } from "node:path";
function planUniversalStage(cfg, o) {
  if (!cfg.enabled) return { skip: "universal is false" };
  let inputs;
  const fromInputs = cfg.inputs.length > 0;
  if (fromInputs) {
    if (o.resolvedInputs.length < 2)
      throw new UserError(
        `input "universal-inputs": matched ${o.resolvedInputs.length} file(s); a universal binary needs at least two darwin binaries (e.g. amd64 and arm64)`
      );
    inputs = o.resolvedInputs;
  } else {
    const amd = o.built.find((b) => b.target === "darwin/amd64");
    const arm = o.built.find((b) => b.target === "darwin/arm64");
    if (!amd || !arm) return { skip: "the targets do not include both darwin/amd64 and darwin/arm64" };
    inputs = [amd.path, arm.path];
  }
  let tool;
  if (cfg.lipo === "builtin") tool = "builtin";
  else if (cfg.lipo === "system") {
    if (o.host.os !== "darwin" || !o.systemLipo)
      throw inputError("lipo", "system", `needs Apple's lipo, which this ${o.host.os} runner does not have`, "use auto or builtin, or run on a macOS runner");
    tool = "system";
  } else tool = o.host.os === "darwin" && o.systemLipo ? "system" : "builtin";
  const file = checkName(`${o.name}_darwin_universal${o.extension ?? ""}`, "the universal binary (from the name input)");
  return { inputs, output: join(o.outputDir, file), outputDir: o.outputDir, tool, fromInputs };
}
function nameFromInputs(paths) {
  for (const p of paths) {
    const m = /([^/\\]+?)_darwin_(?:amd64|arm64|x86_64|universal)(?:\.\w+)?$/.exec(p);
    if (m) return m[1];
  }
  return void 0;
}
async function runUniversal(rt, plan, registry) {
  const started = Date.now();
  for (const p of plan.inputs) await readMachO(p);
  const root = await WriteRoot.create(plan.outputDir, "output-dir");
  if (plan.tool === "system") {
    const work = await mkdtemp(join(rt.tempDir, "lipo-"));
    try {
      const made = join(work, basename(plan.output));
      await runOk(["lipo", "-create", ...plan.inputs, "-output", made], "Apple's lipo", { env: rt.env });
      await root.copyFrom(made, basename(plan.output), { mode: 493 });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  } else {
    await createUniversal({ inputs: plan.inputs, output: plan.output, root });
  }
  const report = await verifyUniversal(plan.output);
  if (!report.ok) throw new Error(`the universal binary ${plan.output} failed verification: ${report.problems.join("; ")}`);
  registry.add(await artifactFromPath(plan.output, { target: "darwin/universal", kind: "binary", buildMs: Date.now() - started }));
  rt.info(`Universal binary ${plan.output} (${report.slices.map((s) => s.arch).join(" + ")}) with the ${plan.tool} lipo, verified`);
  return plan.output;
}
function hasSystemLipo(host, env) {
  return host.os === "darwin" && onPath("lipo", env, "darwin");
}

export {
  planUniversalStage,
  nameFromInputs,
  runUniversal,
  hasSystemLipo
};
