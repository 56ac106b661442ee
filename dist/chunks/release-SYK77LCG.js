import {
  detectVersion
} from "./chunk-XKZS2RQX.js";
import {
  buildManifest,
  writeManifest
} from "./chunk-NEUFGH5P.js";
import "./chunk-266HZTFF.js";
import {
  RAN
} from "./chunk-6CLW66DV.js";
import {
  rowsFromArtifacts
} from "./chunk-CRRQY3BT.js";
import "./chunk-PB3ZMGEC.js";
import {
  layerOutcome
} from "./chunk-WCZD6FA5.js";
import "./chunk-K4DALLU4.js";
import "./chunk-LHSVOPIB.js";
import "./chunk-ET2PU4VS.js";
import {
  ArtifactRegistry
} from "./chunk-CX7QWEJI.js";
import "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import "./chunk-RH66WDZH.js";
import "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";

// src/steps/release.ts
import { join, relative, sep } from "node:path";
async function releaseVersion(rt, config) {
  if (config.release.archive === "none" && !config.release.fynePackage) return config.release.version;
  return (await detectVersion(config.release.version, rt.env, config.workingDirectory)).version;
}
function fromJob(g, a) {
  const j = g.fromJobs.get(a.path);
  return j && j.sha256 === a.sha256 ? j.jobs : void 0;
}
function madeHere(g, registry) {
  return registry.list("binary").filter((a) => fromJob(g, a) === void 0);
}
function warnUnarchived(rt, config, g, made) {
  if (config.release.archive !== "none") return;
  const archived = (os) => g.plan.items.some((i) => i.kind === "archive" && i.os === os);
  if (made.some((a) => a.signed === "authenticode") && archived("windows"))
    rt.warning(
      "the jobs archived their Windows binaries, but archive is none here, so those archives hold the unsigned exe; set archive (and archive-files) as in the build jobs"
    );
  const universal = made.find((a) => a.target === "darwin/universal");
  if (universal && archived("darwin"))
    rt.warning(
      `the jobs archived their darwin binaries, but archive is none here, so ${relative(config.outputDir, universal.path)} is not archived; set archive (and archive-files) as in the build jobs`
    );
}
var releaseStep = {
  name: "Release files",
  run: async (ctx) => {
    const { rt, config, registry, name, version, plan } = ctx;
    const gathered = "gathered" in plan ? plan.gathered : void 0;
    if (registry.list("binary").length === 0 && !gathered) return { skipped: "nothing was built" };
    const { appZipName, writeReleaseFiles } = await import("./release-DPGFU7LF.js");
    const outputDir = config.outputDir;
    const made = gathered ? madeHere(gathered, registry) : void 0;
    if (gathered && made) warnUnarchived(rt, config, gathered, made);
    const zipped = new Set(registry.list("archive").map((a) => a.path));
    const apps = gathered ? registry.list("app").filter((a) => !zipped.has(join(outputDir, appZipName(name, version, a.target)))) : void 0;
    const written = await writeReleaseFiles({
      registry,
      outputDir,
      name,
      version,
      archive: config.release.archive,
      archiveFiles: config.release.archiveFileList,
      env: rt.env,
      ...made ? { binaries: made } : {},
      ...apps ? { apps } : {}
    });
    for (const a of written) rt.info(`${a.kind}: ${a.path} (${a.size} bytes)`);
    const sums = written.find((a) => a.kind === "checksums");
    if (sums) rt.setOutput("checksums", sums.path);
    if (gathered) return RAN;
    const manifest = await writeManifest(outputDir, buildManifest({ name, version, env: rt.env, host: rt.host, outputDir, artifacts: registry.list() }));
    rt.info(`manifest: ${manifest}`);
    rt.setOutput("manifest", manifest);
    return RAN;
  }
};
function cacheResults(state) {
  return (state?.layers ?? []).map((l) => {
    const outcome = layerOutcome(l);
    return { layer: l.name, result: outcome === "error" ? "miss" : outcome };
  });
}
var FAN_IN = "fan-in";
function releaseOrder(registry) {
  const final = new ArtifactRegistry();
  const order = (a) => a.kind === "checksums" ? "\uFFFF" : a.target;
  for (const a of registry.list().sort((x, y) => order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : 0)) final.add(a);
  return final;
}
function madeBy(g, a) {
  const j = g.fromJobs.get(a.path);
  return j && (j.sha256 === a.sha256 || a.kind === "binary") ? j.jobs : FAN_IN;
}
async function fanInSummary(ctx, g) {
  const { rt, config, registry, version } = ctx;
  const final = releaseOrder(registry);
  rt.setOutput("artifacts", final.toOutput());
  const rows = final.list().filter((a) => a.kind !== "checksums").map((a) => ({
    target: a.target,
    file: relative(config.outputDir, a.path).split(sep).join("/"),
    size: a.size,
    job: madeBy(g, a),
    sha256: a.sha256
  }));
  await rt.summary({
    goVersion: ctx.go?.version.text ?? "",
    lead: [`Fan-in ${g.plan.jobs.length} job(s), ${rows.length} file(s) verified and merged`, ...version ? [`release ${version}`] : []],
    rows,
    cache: []
  });
}
var summaryStep = {
  name: "Summary",
  group: false,
  run: async (ctx) => {
    const { rt, go, plan, version, registry, cache } = ctx;
    if ("gathered" in plan) {
      await fanInSummary(ctx, plan.gathered);
      return RAN;
    }
    rt.setOutput("artifacts", registry.toOutput());
    await rt.summary({
      goVersion: go?.version.text ?? "",
      fyneVersion: plan.fyneVersion === "none" ? "" : plan.fyneVersion,
      releaseVersion: version || void 0,
      rows: rowsFromArtifacts(registry.list()),
      cache: cacheResults(cache)
    });
    return RAN;
  }
};
export {
  FAN_IN,
  cacheResults,
  releaseOrder,
  releaseStep,
  releaseVersion,
  summaryStep
};
