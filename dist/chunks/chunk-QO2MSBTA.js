import {
  artifactFromPath,
  compareBytes,
  sha256File
} from "./chunk-CX7QWEJI.js";
import {
  WriteRoot
} from "./chunk-RH66WDZH.js";

// src/release/checksums.ts
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { isAbsolute, relative, sep } from "node:path";
var CHECKSUMS_FILE = "SHA256SUMS";
function renderChecksums(lines) {
  const unique = /* @__PURE__ */ new Map();
  for (const l of lines) {
    if (/[\n\r\\]/.test(l.path)) throw new Error(`cannot list ${JSON.stringify(l.path)} in ${CHECKSUMS_FILE}: newline or backslash in the name`);
    if (!/^[0-9a-f]{64}$/.test(l.sha256)) throw new Error(`bad sha256 for ${l.path}`);
    unique.set(l.path, l.sha256);
  }
  return [...unique.keys()].sort(compareBytes).map((p) => `${unique.get(p)}  ${p}
`).join("");
}
function relativeInside(outputDir, path) {
  const rel = relative(outputDir, path);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
    throw new Error(`${path} is not inside the output directory ${outputDir}; checksums cover only released files there`);
  }
  return rel.split(sep).join("/");
}
async function checksumLines(outputDir, artifacts) {
  const lines = [];
  for (const a of artifacts) {
    if (a.kind === "checksums") continue;
    const rel = relativeInside(outputDir, a.path);
    if ((await stat(a.path)).isDirectory()) continue;
    lines.push({ path: rel, sha256: /^[0-9a-f]{64}$/.test(a.sha256) ? a.sha256 : await sha256File(a.path) });
  }
  return lines;
}
async function writeChecksums(outputDir, artifacts) {
  const text = renderChecksums(await checksumLines(outputDir, artifacts));
  const root = await WriteRoot.create(outputDir, "output-dir");
  const dest = await root.write(CHECKSUMS_FILE, text, { mode: 420 });
  const a = await artifactFromPath(dest, { target: "", kind: "checksums" });
  return { ...a, sha256: createHash("sha256").update(text).digest("hex") };
}

export {
  CHECKSUMS_FILE,
  renderChecksums,
  writeChecksums
};
