import {
  compareGoVersions,
  fromToolCacheVersion,
  toolCacheVersion
} from "./chunk-CTUT5AQU.js";
import {
  toolCacheArch
} from "./chunk-QQHFLWLX.js";
import {
  run
} from "./chunk-AYZTICSL.js";
import {
  mkdir,
  rename,
  rm,
  symlink,
  writeFile
} from "./chunk-RH66WDZH.js";

// src/toolchain/toolcache.ts
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
function installDir(root, v, arch) {
  return join(root, "go", toolCacheVersion(v), toolCacheArch(arch));
}
function goBinary(dir, os) {
  return join(dir, "bin", os === "windows" ? "go.exe" : "go");
}
function isInstalled(root, v, arch, os) {
  const dir = installDir(root, v, arch);
  return existsSync(`${dir}.complete`) && existsSync(goBinary(dir, os));
}
async function installedVersions(root, arch, os) {
  let names;
  try {
    names = await readdir(join(root, "go"));
  } catch {
    return [];
  }
  const out = [];
  for (const n of names) {
    const v = fromToolCacheVersion(n);
    if (v && isInstalled(root, v, arch, os)) out.push(v);
  }
  return out.sort((a, b) => compareGoVersions(b, a));
}
var FORMAT = { linux: "elf", darwin: "macho", windows: "pe" };
async function checkGoHeader(dir, check) {
  const go = goBinary(dir, check.os);
  const { inspectFile } = await import("./inspect-BOOT3P2D.js");
  let info;
  try {
    info = await inspectFile(go);
  } catch (err) {
    throw new BrokenToolchainError(`${go} cannot be read: ${err.message}`);
  }
  const want = `${FORMAT[check.os]} ${check.arch}`;
  const got = `${info.format} ${info.arch ?? "unknown arch"}`;
  if (got !== want || info.kind !== "executable") throw new BrokenToolchainError(`${go} is ${got} (${info.kind}), expected ${want} (executable)`);
}
var BrokenToolchainError = class extends Error {
  name = "BrokenToolchainError";
};
async function checkGo(dir, v, check) {
  if (!check.runnable) return check.arch ? checkGoHeader(dir, { ...check, arch: check.arch }) : void 0;
  const go = goBinary(dir, check.os);
  const r = await run([go, "version"], { env: { ...check.env, GOROOT: dir, GOTOOLCHAIN: "local" }, timeoutMs: 12e4 }).catch(() => ({
    code: -1,
    stdout: "",
    stderr: "ENOENT"
  }));
  if (r.code !== 0) {
    const why = r.stderr.trim().split("\n")[0] || (r.code === 124 ? "timed out" : `exit ${r.code}`);
    throw new BrokenToolchainError(`${go} version failed (${why}), expected it to report go${v.text}`);
  }
  const out = r.stdout.trim();
  if (!out.includes(`go${v.text} `)) throw new BrokenToolchainError(`${go} version reports ${JSON.stringify(out.split("\n")[0])}, expected go${v.text}`);
}
async function installAtomically(root, v, arch, check, fill, workRoot) {
  const dir = installDir(root, v, arch);
  const real = workRoot !== void 0 && workRoot !== root ? installDir(workRoot, v, arch) : dir;
  const parent = join(real, "..");
  await mkdir(parent, { recursive: true });
  await sweepStale(parent);
  const tmp = join(parent, `.${toolCacheArch(arch)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await fill(tmp);
    await checkGo(tmp, v, check);
    await rm(`${dir}.complete`, { force: true });
    await rm(dir, { recursive: true, force: true });
    if (real !== dir) await rm(real, { recursive: true, force: true });
    await rename(tmp, real);
    if (real !== dir) {
      await mkdir(join(dir, ".."), { recursive: true });
      await symlink(real, dir, "junction");
    }
    await writeFile(`${dir}.complete`, "");
    return dir;
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => void 0);
    throw err;
  }
}
async function sweepStale(parent) {
  let names;
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const n of names) {
    if (!/^\..+\.tmp-/.test(n)) continue;
    const p = join(parent, n);
    try {
      if (Date.now() - (await stat(p)).mtimeMs > 36e5) await rm(p, { recursive: true, force: true });
    } catch {
    }
  }
}

export {
  installDir,
  goBinary,
  isInstalled,
  installedVersions,
  BrokenToolchainError,
  checkGo,
  installAtomically
};
