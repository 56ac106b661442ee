import {
  KNOWN_TARGETS
} from "./chunk-266HZTFF.js";
import {
  WriteRoot,
  checkName,
  checkRelPath
} from "./chunk-RH66WDZH.js";
import {
  UserError
} from "./chunk-6ZRI6CPZ.js";

// src/fanin/manifest.ts
import { createHash } from "node:crypto";
import { isAbsolute, relative, sep } from "node:path";
var MANIFEST_SCHEMA = "go-fyne-action/job-manifest@1";
var MANIFEST_SUFFIX = ".manifest.json";
var KINDS = ["binary", "archive", "app", "package", "deb", "rpm", "checksums"];
function jobKey(job, runner, targets) {
  const id = job.replace(/[^A-Za-z0-9_.-]+/g, "-") || "job";
  let t = targets.map((x) => x.replace("/", "-")).join("+") || "none";
  if (t.length > 120) t = `${targets.length}-targets-${createHash("sha256").update(targets.join(",")).digest("hex").slice(0, 12)}`;
  return `${id}_${runner.os}-${runner.arch}_${t}`;
}
function manifestFileName(name, key) {
  return `${name}_${key}${MANIFEST_SUFFIX}`;
}
function isManifestName(fileName) {
  return fileName.endsWith(MANIFEST_SUFFIX);
}
function relativeInside(outputDir, path) {
  const rel = relative(outputDir, path);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) throw new Error(`${path} is not inside the output directory ${outputDir}`);
  return rel.split(sep).join("/");
}
function buildManifest(o) {
  const targets = [...new Set(o.artifacts.filter((a) => a.kind === "binary").map((a) => a.target))].sort();
  const id = o.env.GITHUB_JOB?.trim() || "local";
  return {
    schema: MANIFEST_SCHEMA,
    name: o.name,
    version: o.version,
    job: {
      key: jobKey(id, o.host, targets),
      id,
      runner: { os: o.host.os, arch: o.host.arch },
      targets,
      run: { id: o.env.GITHUB_RUN_ID ?? "", attempt: o.env.GITHUB_RUN_ATTEMPT ?? "" }
    },
    files: o.artifacts.map((a) => ({
      path: relativeInside(o.outputDir, a.path),
      target: a.target,
      os: a.os,
      arch: a.arch,
      kind: a.kind,
      size: a.size,
      sha256: a.sha256
    }))
  };
}
function renderManifest(m) {
  return `${JSON.stringify(m, null, 2)}
`;
}
async function writeManifest(outputDir, m) {
  const file = checkName(manifestFileName(m.name, m.job.key), "the job manifest", "file");
  const out = await WriteRoot.create(outputDir, "output-dir");
  return out.write(file, renderManifest(m), { mode: 420 });
}
function parseManifest(text, where) {
  const bad = (what) => new UserError(`release-inputs: ${where} is not a go-fyne-action job manifest (${what}); upload each build job's output-dir as go-fyne-action wrote it`);
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    throw bad("not JSON");
  }
  if (typeof v !== "object" || v === null) throw bad(`schema is not ${MANIFEST_SCHEMA}`);
  const m = v;
  if (m.schema !== MANIFEST_SCHEMA) throw bad(`schema is not ${MANIFEST_SCHEMA}`);
  if (typeof m.name !== "string" || m.name === "" || typeof m.version !== "string") throw bad("no name or version");
  const j = m.job;
  if (!j || typeof j.key !== "string" || !/^[A-Za-z0-9_.+-]+$/.test(j.key) || typeof j.id !== "string" || !j.runner || !Array.isArray(j.targets))
    throw bad("no job identity");
  const run = j.run;
  if (!run || typeof run.id !== "string" || typeof run.attempt !== "string") throw bad("no workflow run");
  if (!Array.isArray(m.files)) throw bad("no files");
  for (const f of m.files) {
    const ok = typeof f === "object" && f !== null && typeof f.path === "string" && typeof f.target === "string" && typeof f.os === "string" && typeof f.arch === "string" && KINDS.some((k) => k === f.kind) && typeof f.size === "number" && Number.isSafeInteger(f.size) && f.size >= 0 && typeof f.sha256 === "string" && /^[0-9a-f]{64}$/.test(f.sha256);
    if (!ok) throw bad(`bad file entry ${JSON.stringify(f).slice(0, 120)}`);
  }
  const manifest = v;
  checkFields(manifest, `release-inputs: ${where}`);
  return manifest;
}
var RELEASE_TARGETS = /* @__PURE__ */ new Set([...KNOWN_TARGETS.map((t) => `${t.os}/${t.arch}`), "darwin/universal"]);
function checkFields(m, at) {
  checkName(m.name, `${at}: name`, "file");
  if (m.version !== "") checkName(m.version, `${at}: version`, "version");
  for (const f of m.files) {
    checkRelPath(f.path, `${at}: file path`);
    const file = `${at}: file ${JSON.stringify(f.path)}`;
    if (f.kind === "checksums") {
      if (f.target !== "" || f.os !== "" || f.arch !== "")
        throw new UserError(`${file} is a checksums file with target ${JSON.stringify(f.target)}; a job's SHA256SUMS has no target`);
      continue;
    }
    if (!RELEASE_TARGETS.has(f.target))
      throw new UserError(
        `${file} has target ${JSON.stringify(f.target)}, which is not an os/arch pair Go can build; use a pair of go tool dist list, or darwin/universal`
      );
    if (`${f.os}/${f.arch}` !== f.target)
      throw new UserError(
        `${file} has os ${JSON.stringify(f.os)} and arch ${JSON.stringify(f.arch)}, which disagree with its target ${f.target}; upload the manifest as go-fyne-action wrote it`
      );
  }
}

export {
  MANIFEST_SCHEMA,
  MANIFEST_SUFFIX,
  jobKey,
  manifestFileName,
  isManifestName,
  buildManifest,
  renderManifest,
  writeManifest,
  parseManifest
};
