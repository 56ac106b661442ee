import {
  ISSUER_INPUT,
  KEY_INPUT,
  notarySecretForms
} from "./chunk-ZOKSPSVI.js";
import {
  layerOutcome
} from "./chunk-WCZD6FA5.js";
import {
  CERT_INPUT,
  PASSWORD_INPUT,
  secretForms
} from "./chunk-CAERU2TX.js";
import {
  WriteRoot,
  readCapped,
  within
} from "./chunk-RH66WDZH.js";

// src/report.ts
import { realpathSync } from "node:fs";
import { dirname, relative } from "node:path";
var REPORT_SCHEMA = "go-fyne-action/report@1";
function buildReport(f) {
  return {
    schema: REPORT_SCHEMA,
    door: f.door,
    startedAt: f.startedAt.toISOString(),
    durationMs: f.endedAt.getTime() - f.startedAt.getTime(),
    outcome: f.error === void 0 ? "success" : "failure",
    ...f.error === void 0 ? {} : { error: f.error },
    ...f.go ? { go: f.go } : {},
    ...f.fyneVersion === void 0 ? {} : { fyneVersion: f.fyneVersion },
    stages: f.stages.map((s) => ({ ...s })),
    targets: f.targets.map((t) => ({ ...t })),
    cache: {
      layers: (f.cache?.layers ?? []).map((l) => ({
        name: l.name,
        key: l.key,
        restore: {
          result: layerOutcome(l),
          ...l.skipped !== void 0 ? { reason: l.skipped } : {},
          ...l.matchedKey ? { matchedKey: l.matchedKey } : {},
          bytes: l.sizeBytes,
          ms: l.ms
        }
      }))
    },
    artifacts: f.artifacts.map((a) => ({ ...a }))
  };
}
function withCacheSave(report, saves) {
  const layers = report.cache.layers.map((l) => {
    const s = saves.find((x) => x.name === l.name);
    if (!s) return l;
    return { ...l, save: { status: s.action, ...s.reason ? { reason: s.reason } : {}, bytes: s.sizeBytes, ms: s.ms } };
  });
  const p = saves.find((x) => x.prune)?.prune;
  return { ...report, cache: { ...report.cache, layers, ...p ? { prune: { ...p } } : {} } };
}
var REPORT_CAP = 16 << 20;
async function writeReport(path, report, workspace) {
  const inWs = workspace !== void 0 && within(workspace, dirname(path));
  const base = inWs ? workspace : dirname(path);
  const root = await WriteRoot.create(inWs ? realpathSync(base) : base, "report");
  await root.write(relative(base, path), JSON.stringify(report, null, 2) + "\n", { mode: 420 });
}
async function readReport(path) {
  const r = JSON.parse((await readCapped(path, `report ${path}`, REPORT_CAP)).toString("utf8"));
  if (r.schema !== REPORT_SCHEMA) throw new Error(`${path} is not a ${REPORT_SCHEMA} run report`);
  return r;
}

// src/sign/secret-inputs.ts
var MACOS_CERT_INPUT = "macos-certificate";
var MACOS_PASSWORD_INPUT = "macos-certificate-password";
var SECRET_INPUTS = [CERT_INPUT, PASSWORD_INPUT, MACOS_CERT_INPUT, MACOS_PASSWORD_INPUT, KEY_INPUT, ISSUER_INPUT];
function secretInputForms(input) {
  return [
    ...secretForms(input(CERT_INPUT), input(PASSWORD_INPUT)),
    ...secretForms(input(MACOS_CERT_INPUT), input(MACOS_PASSWORD_INPUT)),
    ...notarySecretForms(input(KEY_INPUT)),
    ...notarySecretForms(input(ISSUER_INPUT))
  ];
}

export {
  REPORT_SCHEMA,
  buildReport,
  withCacheSave,
  writeReport,
  readReport,
  MACOS_CERT_INPUT,
  MACOS_PASSWORD_INPUT,
  SECRET_INPUTS,
  secretInputForms
};
