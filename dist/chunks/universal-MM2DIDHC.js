import {
  hasSystemLipo,
  planUniversalStage,
  runUniversal
} from "./chunk-D3CD7C3J.js";
import "./chunk-EBHKHMDH.js";
import "./chunk-XERPXZ7S.js";
import {
  RAN
} from "./chunk-6CLW66DV.js";
import "./chunk-CX7QWEJI.js";
import "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import "./chunk-5DMHZ5OM.js";
import "./chunk-NVIS2CD6.js";
import "./chunk-LM23WKPA.js";
import "./chunk-CLWQRHXC.js";
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
