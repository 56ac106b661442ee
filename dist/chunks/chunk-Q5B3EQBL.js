import {
  extractTar
} from "./chunk-KFJK2ZES.js";
import {
  forceRemove
} from "./chunk-ET2PU4VS.js";
import {
  run,
  spawnPiped
} from "./chunk-AYZTICSL.js";
import {
  ownRoot,
  rename
} from "./chunk-RH66WDZH.js";

// src/cache/backend.ts
function withTimeout(p, ms, fallback) {
  let timer;
  const t = new Promise((resolve2) => {
    timer = setTimeout(() => resolve2(fallback()), ms);
    timer.unref();
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

// src/archive/system-tar.ts
var zstdProbe;
function zstdAvailable() {
  zstdProbe ??= run(["zstd", "--version"]).then(
    (r) => r.code === 0,
    () => false
  );
  return zstdProbe;
}
var archiveExt = (c) => c === "zstd" ? "tar.zst" : "tar.gz";
async function runTar(args) {
  const r = await run(["tar", ...args]);
  if (r.code !== 0) throw new Error(`tar ${args[0]} exited ${r.code}: ${r.stderr.trim().split("\n").slice(-3).join(" / ")}`);
}
var compressArgs = (c, mode) => c === "zstd" ? ["--use-compress-program", mode === "c" ? "zstd -3 -T0 -q" : "zstd -d -q"] : ["-z"];
async function packDir(dir, file, compression) {
  await runTar(["-c", ...compressArgs(compression, "c"), "-f", file, "-C", dir, "."]);
}

// src/cache/safe-restore.ts
import { createReadStream } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { createGunzip } from "node:zlib";
async function* archiveChunks(file, compression) {
  if (compression === "gzip") {
    for await (const c of createReadStream(file).pipe(createGunzip())) yield c;
    return;
  }
  const child = spawnPiped(["zstd", "-d", "-c", "-q", "--long=30", file]);
  let stderr = "";
  child.stderr.on("data", (b) => {
    if (stderr.length < 4e3) stderr += b.toString();
  });
  const exited = new Promise((resolve2, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve2(code ?? 1));
  });
  try {
    for await (const c of child.stdout) yield c;
    const code = await exited;
    if (code !== 0) throw new Error(`zstd -d exited ${code}: ${stderr.trim().split("\n").slice(-2).join(" / ")}`);
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
async function restoreArchiveInto(chunks, target, stripPrefix) {
  const abs = path.resolve(target);
  const staging = `${abs}.gfa-restore-${randomBytes(4).toString("hex")}`;
  ownRoot(staging);
  try {
    const r = await extractTar(chunks, staging, stripPrefix ? { stripPrefix } : {});
    await place(staging, abs);
    return r;
  } finally {
    await forceRemove(staging).catch(() => void 0);
  }
}
async function place(staging, target) {
  const st = await lstat(target).catch(() => void 0);
  if (st && !st.isDirectory()) await forceRemove(target);
  if (!st || !st.isDirectory() || (await readdir(target)).length === 0) {
    if (st?.isDirectory()) await forceRemove(target);
    await rename(staging, target);
    return;
  }
  await merge(staging, target);
}
async function merge(from, into) {
  for (const e of await readdir(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(into, e.name);
    const there = await lstat(dst).catch(() => void 0);
    if (e.isDirectory() && there?.isDirectory()) {
      await merge(src, dst);
      continue;
    }
    if (there) await forceRemove(dst);
    await rename(src, dst);
  }
}

export {
  withTimeout,
  zstdAvailable,
  archiveExt,
  packDir,
  archiveChunks,
  restoreArchiveInto
};
