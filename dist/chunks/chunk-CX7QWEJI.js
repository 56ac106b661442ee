
// src/artifacts/registry.ts
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";
var ArtifactRegistry = class {
  items = [];
  add(artifact) {
    const dup = this.items.findIndex((a) => a.path === artifact.path);
    if (dup >= 0) this.items.splice(dup, 1);
    this.items.push(artifact);
    return artifact;
  }
  /** In insertion order, optionally only some kinds. */
  list(...kinds) {
    return kinds.length === 0 ? [...this.items] : this.items.filter((a) => kinds.includes(a.kind));
  }
  toJSON() {
    return this.items.map(({ target, os, arch, path, size, sha256, kind, signed, notarized }) => ({
      target,
      os,
      arch,
      path,
      size,
      sha256,
      kind,
      ...signed ? { signed } : {},
      ...notarized ? { notarized: true } : {}
    }));
  }
  /** The `artifacts` output: a JSON array. */
  toOutput() {
    return JSON.stringify(this.toJSON());
  }
};
function splitTarget(target) {
  const [os = "", arch = ""] = target.split("/");
  return { os, arch };
}
async function sha256File(path) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest("hex");
}
async function listFilesRecursive(dir) {
  const out = [];
  const walk = async (d) => {
    for (const ent of await readdir(d, { withFileTypes: true })) {
      const full = join(d, ent.name);
      if (ent.isDirectory()) await walk(full);
      else if (ent.isFile()) out.push(relative(dir, full).split(sep).join("/"));
    }
  };
  await walk(dir);
  return out.sort(compareBytes);
}
function compareBytes(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
async function digestPath(path) {
  const st = await stat(path);
  if (!st.isDirectory()) return { size: st.size, sha256: await sha256File(path) };
  let size = 0;
  let listing = "";
  for (const rel of await listFilesRecursive(path)) {
    const full = join(path, ...rel.split("/"));
    size += (await stat(full)).size;
    listing += `${await sha256File(full)}  ${rel}
`;
  }
  return { size, sha256: createHash("sha256").update(listing).digest("hex") };
}
async function artifactFromPath(path, fields) {
  const { size, sha256 } = await digestPath(path);
  const { os, arch } = splitTarget(fields.target);
  const a = { target: fields.target, os, arch, path, name: basename(path), size, sha256, kind: fields.kind };
  if (fields.buildMs !== void 0) a.buildMs = fields.buildMs;
  return a;
}

export {
  ArtifactRegistry,
  splitTarget,
  sha256File,
  listFilesRecursive,
  compareBytes,
  digestPath,
  artifactFromPath
};
