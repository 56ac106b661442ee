import {
  hasSystemLipo,
  planUniversalStage,
  runUniversal
} from "./chunk-VC2VFNTH.js";
import "./chunk-UQSOMV7B.js";
import "./chunk-XNAR36ZD.js";
import {
  RAN
} from "./chunk-6CLW66DV.js";
import "./chunk-CX7QWEJI.js";
import "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import "./chunk-3GMFQTL3.js";
import "./chunk-NVIS2CD6.js";
import "./chunk-K7WQU27J.js";
import "./chunk-DZ7NNW6B.js";
import "./chunk-L373MPJF.js";
import "./chunk-RH66WDZH.js";
import "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";

// src/steps/universal.ts
var universalStep = {
  name: "Universal macOS binary",
  run: async ({ rt, config, registry, name, plan: planned }) => {
    const gathered = "gathered" in planned ? planned.gathered.plan.universal : void 0;
    if (gathered && "skip" in gathered) return { skipped: gathered.skip.replace(/^skipped: /, "") };
    const plan = planUniversalStage(config.universal, {
      built: gathered ? [gathered.amd64, gathered.arm64].map((i) => ({ target: i.target, path: registry.list("binary").find((a) => a.target === i.target).path })) : registry.list("binary").map((a) => ({ target: a.target, path: a.path })),
      resolvedInputs: config.universal.resolvedInputs,
      host: rt.host,
      systemLipo: hasSystemLipo(rt.host, rt.env),
      name,
      outputDir: config.outputDir
    });
    if ("skip" in plan) return { skipped: plan.skip };
    await runUniversal(rt, plan, registry);
    return RAN;
  }
};
export {
  universalStep
};
