import {
  RAN,
  appOf
} from "./chunk-6CLW66DV.js";
import {
  isSignable,
  signFiles
} from "./chunk-CAERU2TX.js";
import "./chunk-TP7NBEYG.js";
import {
  digestPath
} from "./chunk-CX7QWEJI.js";
import "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import "./chunk-RH66WDZH.js";
import "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";

// src/steps/sign.ts
async function signWindowsBinaries(rt, config, registry, appName, version) {
  const cfg = config.signing.authenticode;
  if (!cfg) return { skipped: "no windows-certificate" };
  const todo = registry.list("binary").filter((a) => a.os === "windows" && isSignable(a.path));
  if (todo.length === 0) return { skipped: "no Windows executable was built" };
  await signFiles(
    todo.map((a) => a.path),
    cfg,
    { host: rt.host.os, arch: rt.host.arch, tempDir: rt.tempDir, env: rt.env, description: appName, version },
    (line) => rt.info(line)
  );
  for (const a of todo) Object.assign(a, await digestPath(a.path), { signed: "authenticode" });
  return { signed: todo.map((a) => a.path) };
}
var signStep = {
  name: "Sign Windows binaries",
  run: async (ctx) => {
    const app = appOf(ctx);
    const r = await signWindowsBinaries(ctx.rt, ctx.config, ctx.registry, "skip" in app ? ctx.name : app.metadata?.name || app.exeName, ctx.version);
    return "skipped" in r ? r : RAN;
  }
};
export {
  signStep,
  signWindowsBinaries
};
