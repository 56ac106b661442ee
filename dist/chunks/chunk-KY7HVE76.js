import {
  ZipFormatError,
  extractZipTree
} from "./chunk-RFMJVKYR.js";
import {
  ArchiveLimitError
} from "./chunk-KFJK2ZES.js";
import {
  ARCHIVE_FORMATS,
  folderEntries,
  zipStream
} from "./chunk-DBNYSC5C.js";
import {
  UnsafeEntryError
} from "./chunk-PI4MXL3D.js";
import {
  artifactFromPath,
  compareBytes
} from "./chunk-CX7QWEJI.js";
import {
  ConfineError,
  WriteRoot,
  checkName,
  mkdtemp,
  rm
} from "./chunk-RH66WDZH.js";
import {
  UserError
} from "./chunk-6ZRI6CPZ.js";

// src/release/archive.ts
import { lstat, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
function archiveFormatFor(setting, os) {
  if (setting === "none") return void 0;
  if (setting === "auto") return os === "windows" ? "zip" : "tar.gz";
  return setting;
}
function releaseBaseName(name, version, target) {
  const [os = "", arch = ""] = target.split("/");
  return `${name}_${version}_${os}_${arch}`;
}
function binaryNameInArchive(name, os) {
  return os === "windows" && !name.toLowerCase().endsWith(".exe") ? `${name}.exe` : name;
}
async function statArchiveFiles(files) {
  const out = [];
  for (const f of files) {
    const st = await stat(f.source);
    out.push({ ...f, size: st.size, executable: (st.mode & 73) !== 0 });
  }
  return out;
}
function planArchives(input) {
  const plans = [];
  for (const bin of input.binaries) {
    const format = archiveFormatFor(input.setting, bin.os);
    if (!format) continue;
    const binName = binaryNameInArchive(input.name, bin.os);
    const entries = [{ name: binName, type: "file", mode: 493, size: bin.size, source: bin.path }];
    const dirs = /* @__PURE__ */ new Set();
    for (const f of input.files) {
      if (f.name === binName) {
        throw new UserError(`input "archive-files": ${JSON.stringify(f.name)} has the same name as the binary in the archive; rename or drop it`);
      }
      const parts = f.name.split("/");
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
      entries.push({ name: f.name, type: "file", mode: f.executable ? 493 : 420, size: f.size, source: f.source });
    }
    for (const d of dirs) entries.push({ name: d, type: "dir", mode: 493, size: 0 });
    entries.sort((a, b) => compareBytes(a.type === "dir" ? `${a.name}/` : a.name, b.type === "dir" ? `${b.name}/` : b.name));
    const dest = join(input.outputDir, `${releaseBaseName(input.name, input.version, bin.target)}.${format}`);
    plans.push({ target: bin.target, os: bin.os, arch: bin.arch, format, dest, entries });
  }
  const seen = /* @__PURE__ */ new Set();
  for (const p of plans) {
    if (seen.has(p.dest)) throw new Error(`two archives would be written to ${p.dest}`);
    seen.add(p.dest);
  }
  return plans;
}
async function writeArchive(plan, mtime) {
  await WriteRoot.create(dirname(plan.dest), "output-dir");
  const st = await lstat(plan.dest).catch(() => void 0);
  if (st?.isDirectory())
    throw new ConfineError(`output-dir: ${basename(plan.dest)} is a folder where an archive goes; remove it or choose another output-dir`, "refused");
  await ARCHIVE_FORMATS[plan.format].write(plan.dest, plan.entries, { mtime });
  return artifactFromPath(plan.dest, { target: plan.target, kind: "archive" });
}

// src/release/app-zip.ts
import { basename as basename2, join as join2 } from "node:path";
import { tmpdir } from "node:os";
var APP_ZIP_SUFFIX = ".app.zip";
function appZipName(name, version, target) {
  return checkName(`${releaseBaseName(name, version, target)}${APP_ZIP_SUFFIX}`, "the .app zip name");
}
function isAppZipName(fileName) {
  return fileName.endsWith(APP_ZIP_SUFFIX) && fileName.length > APP_ZIP_SUFFIX.length;
}
async function appZipEntries(appDir) {
  const top = basename2(appDir);
  const entries = await folderEntries(appDir, top);
  const exeDir = `${top}/Contents/MacOS/`;
  return entries.map((e) => e.type === "file" && e.name.startsWith(exeDir) && !e.name.slice(exeDir.length).includes("/") ? { ...e, mode: 493 } : e);
}
async function writeAppZip(app, o) {
  if (app.kind !== "app") throw new Error(`internal: ${app.path} is a ${app.kind}, not an .app`);
  const file = appZipName(o.name, o.version, app.target);
  const entries = await appZipEntries(app.path);
  const root = await WriteRoot.create(o.outputDir, "output-dir");
  const dest = await root.writeWith(
    file,
    async (fh) => {
      for await (const chunk of zipStream(entries, { mtime: o.mtime })) {
        let done = 0;
        while (done < chunk.length) done += (await fh.write(chunk, done, chunk.length - done, null)).bytesWritten;
      }
    },
    { mode: 420 }
  );
  return artifactFromPath(dest, { target: app.target, kind: "archive" });
}
async function extractAppZip(zip, dest, opts = {}) {
  const root = typeof dest === "string" ? await WriteRoot.create(dest, "the .app destination") : dest;
  const work = await mkdtemp(join2(opts.tempDir ?? tmpdir(), "app-zip-"));
  try {
    let top;
    let path;
    try {
      ({ top, path } = await extractZipTree(zip, work, { ...opts, topSuffix: ".app" }));
      checkName(top, `the .app in ${basename2(zip)}`);
    } catch (err) {
      if (err instanceof UnsafeEntryError || err instanceof ArchiveLimitError) throw new UserError(`${basename2(zip)}: ${err.message}`);
      if (err instanceof ZipFormatError) throw new UserError(`${basename2(zip)} is not a readable .app zip: ${err.message}`);
      throw err;
    }
    return await root.moveIn(path, top);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export {
  archiveFormatFor,
  releaseBaseName,
  binaryNameInArchive,
  statArchiveFiles,
  planArchives,
  writeArchive,
  APP_ZIP_SUFFIX,
  appZipName,
  isAppZipName,
  appZipEntries,
  writeAppZip,
  extractAppZip
};
