import { createRequire as __gfaCreateRequire } from 'node:module';
const require = __gfaCreateRequire(import.meta.url);
import {
  CHECKSUMS_FILE
} from "./chunk-QO2MSBTA.js";
import {
  resolveMetadata
} from "./chunk-LBFBUCVC.js";
import {
  readPackageSources
} from "./chunk-6AFBVCEV.js";
import {
  extractAppZip,
  isAppZipName
} from "./chunk-KY7HVE76.js";
import "./chunk-RFMJVKYR.js";
import "./chunk-KFJK2ZES.js";
import {
  repositoryRoot
} from "./chunk-KCHE2E5Y.js";
import "./chunk-BWPQGD42.js";
import "./chunk-DBNYSC5C.js";
import {
  MANIFEST_SCHEMA,
  MANIFEST_SUFFIX,
  buildManifest,
  isManifestName,
  jobKey,
  manifestFileName,
  parseManifest,
  renderManifest,
  writeManifest
} from "./chunk-NEUFGH5P.js";
import "./chunk-CTUT5AQU.js";
import "./chunk-7DO46D7E.js";
import {
  fyneVersion,
  parseFyneAppToml
} from "./chunk-FBKFR6OD.js";
import "./chunk-MRZ3A4BH.js";
import "./chunk-266HZTFF.js";
import "./chunk-PI4MXL3D.js";
import "./chunk-MCJ2FD2F.js";
import "./chunk-ZOKSPSVI.js";
import "./chunk-QQHFLWLX.js";
import {
  findGoMod,
  parseGoMod
} from "./chunk-WCZD6FA5.js";
import "./chunk-K4DALLU4.js";
import "./chunk-LHSVOPIB.js";
import "./chunk-ET2PU4VS.js";
import "./chunk-CAERU2TX.js";
import "./chunk-TP7NBEYG.js";
import {
  ArtifactRegistry,
  artifactFromPath,
  compareBytes
} from "./chunk-CX7QWEJI.js";
import "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import {
  ConfineError,
  ReadRoot,
  WriteRoot,
  aliasKey,
  checkInputName,
  findOverlap,
  mkdtemp,
  open,
  rm
} from "./chunk-RH66WDZH.js";
import "./chunk-3FOH5IKW.js";
import {
  UserError,
  inputError
} from "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";

// src/fanin/index.ts
import { createHash as createHash2 } from "node:crypto";
import { constants as fsc, existsSync } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import { isAbsolute, join, posix, relative, resolve, sep } from "node:path";

// src/fanin/plan.ts
import { createHash } from "node:crypto";
var RUN_ID_INPUT = "release-inputs-run-id";
var KIND_ORDER = ["binary", "archive", "package", "deb", "rpm", "app", "checksums"];
function dirOf(p) {
  const i = p.lastIndexOf("/");
  return i < 0 ? "" : p.slice(0, i);
}
function baseOf(p) {
  return p.slice(p.lastIndexOf("/") + 1);
}
function at(folder, rel) {
  return folder === "" ? rel : `${folder}/${rel}`;
}
var short = (h) => h.slice(0, 12);
function folderDigest(files, folder) {
  const inside = files.filter((f) => f.name.startsWith(`${folder}/`)).sort((a, b) => compareBytes(a.name, b.name));
  const listing = inside.map((f) => `${f.sha256}  ${f.name.slice(folder.length + 1)}
`).join("");
  return { size: inside.reduce((n, f) => n + f.size, 0), sha256: createHash("sha256").update(listing).digest("hex"), count: inside.length };
}
function parseChecksums(text) {
  const out = /* @__PURE__ */ new Map();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) return void 0;
    out.set(m[2], m[1]);
  }
  return out;
}
function planFanIn(files, opts) {
  const byName = new Map(files.map((f) => [f.name, f]));
  const manifestFiles = files.filter((f) => isManifestName(baseOf(f.name)));
  if (manifestFiles.length === 0) {
    throw new UserError(
      `release-inputs: found no job manifest (*.manifest.json) among ${files.length} file(s); upload each build job's whole output-dir (go-fyne-action writes <name>_<job>.manifest.json there)`
    );
  }
  const parsed = manifestFiles.map((f) => ({ f, m: parseManifest(f.text ?? "", f.name) }));
  const keyCount = /* @__PURE__ */ new Map();
  for (const { m } of parsed) keyCount.set(m.job.key, (keyCount.get(m.job.key) ?? 0) + 1);
  const jobs = parsed.map(({ f, m }) => {
    const folder = dirOf(f.name);
    return { label: keyCount.get(m.job.key) > 1 ? `${m.job.key} in ${folder || "."}` : m.job.key, manifestPath: f.name, folder, manifest: m };
  });
  if (opts.runId !== void 0) {
    const foreign = jobs.find((j) => j.manifest.job.run.id !== opts.runId);
    if (foreign) {
      const id = foreign.manifest.job.run.id;
      const from = id ? `workflow run ${id}` : "a run outside GitHub Actions (the CLI)";
      const here = opts.runId ? `this run (${opts.runId})` : "this run (the CLI, no GITHUB_RUN_ID)";
      const fix = id ? `set ${RUN_ID_INPUT}: ${id} to take that run's` : `set ${RUN_ID_INPUT}: any to take them`;
      throw new UserError(
        `release-inputs: ${foreign.manifestPath} (job ${foreign.label}) was made by ${from}, not ${here}; fan in the files of this run, or ${fix}`
      );
    }
  }
  const problems = [];
  const claimed = /* @__PURE__ */ new Set();
  const claimedDirs = [];
  const items = /* @__PURE__ */ new Map();
  const binaries = /* @__PURE__ */ new Map();
  for (const job of jobs) {
    for (const e of job.manifest.files) {
      const loc = at(job.folder, e.path);
      if (e.kind === "checksums") continue;
      const where = `${loc} (job ${job.label})`;
      if (e.kind === "app") {
        const d = folderDigest(files, loc);
        claimedDirs.push(`${loc}/`);
        if (d.count === 0) problems.push(`${where} is listed in the job's manifest but missing`);
        else if (d.sha256 !== e.sha256)
          problems.push(`${where} does not match the job's manifest: its files hash to ${short(d.sha256)}\u2026, the manifest lists ${short(e.sha256)}\u2026`);
      } else {
        const f = byName.get(loc);
        claimed.add(loc);
        if (!f) problems.push(`${where} is listed in the job's manifest but missing`);
        else if (f.sha256 !== e.sha256 || f.size !== e.size) {
          problems.push(
            `${where} does not match the job's manifest: sha256 ${short(f.sha256)}\u2026 (${f.size} bytes) on disk, ${short(e.sha256)}\u2026 (${e.size} bytes) listed`
          );
        }
      }
      const same = items.get(e.path);
      if (same) {
        if (same.sha256 !== e.sha256)
          problems.push(
            `jobs ${same.jobs.join(", ")} and ${job.label} both produced ${e.target || e.path} as ${e.path} with different bytes (sha256 ${short(same.sha256)}\u2026 and ${short(e.sha256)}\u2026)`
          );
        else if (!same.jobs.includes(job.label)) same.jobs.push(job.label);
        continue;
      }
      const item = {
        dest: e.path,
        source: loc,
        target: e.target,
        os: e.os,
        arch: e.arch,
        kind: e.kind,
        size: e.size,
        sha256: e.sha256,
        jobs: [job.label]
      };
      if (e.kind === "binary") {
        const other = binaries.get(e.target);
        if (other && other.sha256 !== e.sha256) {
          problems.push(`jobs ${other.jobs.join(", ")} and ${job.label} both produced ${e.target} (${other.dest}, ${e.path}) with different bytes`);
          continue;
        }
        binaries.set(e.target, item);
      }
      items.set(e.path, item);
    }
  }
  const sumsFiles = files.filter((f) => baseOf(f.name) === CHECKSUMS_FILE);
  for (const s of sumsFiles) {
    const folder = dirOf(s.name);
    const owner = jobs.find(
      (j) => j.folder === folder && j.manifest.files.some((e) => e.kind === "checksums" && at(folder, e.path) === s.name && e.sha256 === s.sha256)
    );
    if (!owner) {
      problems.push(`${s.name} is not the SHA256SUMS any job's manifest in ${folder || "."} lists (changed after the build?)`);
      continue;
    }
    const lines = parseChecksums(s.text ?? "");
    if (!lines) {
      problems.push(`${s.name} (job ${owner.label}) is not in sha256sum format`);
      continue;
    }
    for (const [p, sha] of lines) {
      const f = byName.get(at(folder, p));
      if (f && f.sha256 !== sha)
        problems.push(`${f.name} (job ${owner.label}) fails the job's ${CHECKSUMS_FILE}: sha256 ${short(f.sha256)}\u2026 on disk, ${short(sha)}\u2026 listed`);
    }
  }
  for (const f of files) {
    const base = baseOf(f.name);
    if (isManifestName(base) || base === CHECKSUMS_FILE || claimed.has(f.name) || claimedDirs.some((d) => f.name.startsWith(d))) continue;
    const near = jobs.filter((j) => j.folder === "" || f.name.startsWith(`${j.folder}/`)).map((j) => j.label);
    problems.push(
      `${f.name} is listed by no job's manifest (${near.length > 0 ? `jobs there: ${near.join(", ")}` : `no manifest in ${dirOf(f.name) || "."}`})`
    );
  }
  const dests = [...items.keys()];
  const by = (d) => `${d} (job ${items.get(d).jobs.join(", ")})`;
  const overlap = findOverlap(dests);
  if (overlap) {
    const [a, b, how] = overlap;
    problems.push(
      how === "alias" ? `${by(b)} and ${by(a)} differ only by case or Unicode normalisation, so they are one file on macOS and Windows; rename one` : `${by(b)} lies inside ${by(a)}; one job may not put a file into what another released`
    );
  }
  let name = opts.name ? checkInputName("name", opts.name) : "";
  if (!name) {
    const names = [...new Set(jobs.map((j) => j.manifest.name))];
    if (names.length > 1) problems.push(`the jobs built different apps (${names.join(", ")}); set name, or fan in one app at a time`);
    name = names[0];
  }
  let version = opts.version;
  if (!version) {
    const byVersion = /* @__PURE__ */ new Map();
    for (const j of jobs) if (j.manifest.version && !byVersion.has(j.manifest.version)) byVersion.set(j.manifest.version, j.label);
    if (byVersion.size > 1)
      problems.push(
        `jobs ${[...byVersion.values()].join(" and ")} name different versions (${[...byVersion.keys()].join(", ")}); rebuild them from one commit or tag`
      );
    version = [...byVersion.keys()][0] ?? "";
  }
  const sorted = [...items.values()].sort(
    (a, b) => compareBytes(a.target, b.target) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compareBytes(a.dest, b.dest)
  );
  const amd64 = binaries.get("darwin/amd64");
  const arm64 = binaries.get("darwin/arm64");
  const merging = opts.universal && !binaries.has("darwin/universal") && amd64 !== void 0 && arm64 !== void 0;
  for (const d of dests) {
    const k = aliasKey(d);
    if (k === aliasKey(CHECKSUMS_FILE)) problems.push(`${by(d)} is a name the fan-in writes itself (${CHECKSUMS_FILE}); a job's file may not take it`);
    else if (merging && !d.includes("/") && k.startsWith(aliasKey(`${name}_`)) && k.includes("_darwin_universal"))
      problems.push(`${by(d)} is a name of the universal binary or its archive, which the fan-in makes itself; a job's file may not take it`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 8).join("; ");
    throw new UserError(
      problems.length === 1 ? `release-inputs: ${shown}` : `release-inputs: ${problems.length} problems: ${shown}${problems.length > 8 ? "; \u2026" : ""}`
    );
  }
  const universal = !opts.universal ? { skip: "skipped: universal is false" } : binaries.has("darwin/universal") ? { skip: `skipped: job ${binaries.get("darwin/universal").jobs.join(", ")} already made darwin/universal` } : amd64 && arm64 ? { amd64, arm64 } : { skip: "skipped: the jobs did not build both darwin/amd64 and darwin/arm64" };
  return { name, version, jobs, items: sorted, universal };
}

// src/fanin/index.ts
var TEXT_CAP = 16 << 20;
async function hashFile(real, label) {
  const fh = await open(real, fsc.O_RDONLY | (process.platform === "win32" ? 0 : fsc.O_NOFOLLOW));
  try {
    if (!(await fh.stat()).isFile()) throw new ConfineError(`${label} is not a regular file`, "refused");
    const hash = createHash2("sha256");
    let size = 0;
    for await (const chunk of fh.createReadStream({ autoClose: false })) {
      hash.update(chunk);
      size += chunk.length;
    }
    return { size, sha256: hash.digest("hex") };
  } finally {
    await fh.close();
  }
}
async function scanFiles(files, root) {
  const out = [];
  for (const f of files) {
    const base = f.name.slice(f.name.lastIndexOf("/") + 1);
    if (isManifestName(base) || base === CHECKSUMS_FILE) {
      const bytes = await root.read(f.name, "release-inputs", { maxBytes: TEXT_CAP });
      out.push({ name: f.name, size: bytes.length, sha256: createHash2("sha256").update(bytes).digest("hex"), text: bytes.toString("utf8") });
    } else {
      const real = await root.locate(f.name, "release-inputs", { kind: "file" });
      out.push({ name: f.name, ...await hashFile(real, `release-inputs: ${JSON.stringify(f.name)}`) });
    }
  }
  return out;
}
function expectedRunId(input, env) {
  if (input === "") return env.GITHUB_RUN_ID?.trim() ?? "";
  if (input.toLowerCase() === "any") return void 0;
  if (!/^[0-9]{1,20}$/.test(input))
    throw inputError(RUN_ID_INPUT, input, "is not a workflow run id", "use the digits of a run id (e.g. github.event.workflow_run.id) or any");
  return input;
}
async function appContents(root, item) {
  const where = (rel) => `release-inputs: ${item.source}/${rel} (job ${item.jobs.join(", ")})`;
  const refuse = (rel, problem) => new UserError(`${where(rel)} ${problem}; an .app may only hold links to files inside it`);
  const appReal = await root.locate(item.source, "release-inputs", { kind: "dir" });
  const app = await ReadRoot.open(appReal, `the app ${item.source}`);
  const dirs = [];
  const files = [];
  const walk = async (dirReal, relDir, stack) => {
    const names = (await readdir(dirReal)).sort(compareBytes);
    for (const name of names) {
      const rel = relDir ? `${relDir}/${name}` : name;
      let real = join(dirReal, name);
      let st = await lstat(real);
      if (st.isSymbolicLink()) {
        const target = await readlink(real);
        const shown = `is a link to ${JSON.stringify(target)}`;
        if (isAbsolute(target) || /^[A-Za-z]:/.test(target)) throw refuse(rel, `${shown}, an absolute path`);
        const here = relative(appReal, dirReal).split(sep).join("/");
        const lexical = posix.normalize(posix.join(here || ".", target.replace(/\\/g, "/")));
        if (lexical === ".." || lexical.startsWith("../")) throw refuse(rel, `${shown}, which leads outside the .app`);
        try {
          real = await app.locate(lexical, where(rel), { kind: "any" });
        } catch (err) {
          if (!(err instanceof ConfineError)) throw err;
          throw refuse(rel, err.reason === "missing" ? `${shown}, which names nothing (a dangling link)` : `${shown}, which leads outside the .app`);
        }
        st = await lstat(real);
      }
      if (st.isDirectory()) {
        if (stack.includes(real)) throw new UserError(`${where(rel)} is a link to a folder that holds it (a loop); an .app may not hold one`);
        dirs.push(rel);
        await walk(real, rel, [...stack, real]);
      } else if (st.isFile()) files.push({ real, rel, mode: st.mode & 511 });
      else throw new UserError(`${where(rel)} is not a file, a folder or a link; an .app releases only those`);
    }
  };
  await walk(appReal, "", [appReal]);
  return { dirs, files };
}
async function checkoutApp(config, name) {
  if (!config.release.fynePackage && config.release.linuxPackages.length === 0) return { skip: "no package asked", why: "no package asked" };
  const wd = config.workingDirectory;
  const pkg = config.build.inputs.package;
  const relativePkg = pkg === "." || /^\.\.?[\\/]/.test(pkg);
  const packageDir = relativePkg ? resolve(wd, pkg) : wd;
  const top = repositoryRoot(config);
  const root = await ReadRoot.open(top, "the repository");
  const shownDir = relative(top, packageDir).split(sep).join("/") || ".";
  const gomod = findGoMod(packageDir, existsSync, top);
  if (gomod) {
    const fv = fyneVersion(parseGoMod(await root.readText(gomod, "go.mod", { allowAbsolute: true, maxBytes: 1 << 20 })));
    if (fv === "none")
      return { skip: "not a Fyne app", why: `this project is not a Fyne app (${relative(top, gomod).split(sep).join("/")} does not require fyne.io/fyne/v2)` };
  }
  const sources = await readPackageSources({ workspace: top, packageDir });
  if (sources.toml === void 0)
    return {
      skip: "no FyneApp.toml in the checkout",
      why: `the fan-in job has no FyneApp.toml in ${shownDir}, which says the app's name, ID and icon; check out the repository in the fan-in job (actions/checkout) before this step`
    };
  const toml = parseFyneAppToml(sources.toml, `${shownDir === "." ? "" : `${shownDir}/`}FyneApp.toml`);
  const metadata = resolveMetadata(toml, { release: true, fallbackName: name, icon: sources.icon ? { name: "Icon.png", bytes: sources.icon } : void 0 });
  return { exeName: name, metadata, packageDir };
}
async function gatherReleaseFiles(rt, config) {
  const wd = config.workingDirectory;
  const out = config.outputDir;
  const runId = expectedRunId(rt.input(RUN_ID_INPUT), rt.env);
  const root = await ReadRoot.open(wd, "the working directory");
  const scanned = await scanFiles(config.release.releaseInputFiles, root);
  const plan = planFanIn(scanned, { universal: config.universal.enabled, name: config.build.inputs.name, version: config.release.version, runId });
  for (const j of plan.jobs) rt.info(`job ${j.label}: ${j.manifest.files.length} file(s) in ${j.folder || "."}, verified against ${j.manifestPath}`);
  const apps = /* @__PURE__ */ new Map();
  for (const item of plan.items) if (item.kind === "app") apps.set(item, await appContents(root, item));
  const check = await mkdtemp(join(rt.tempDir, "gfa-app-zip-"));
  try {
    for (const item of plan.items) {
      if (!isAppZipName(posix.basename(item.dest))) continue;
      const zip = await root.locate(item.source, "release-inputs", { kind: "file" });
      const into = await mkdtemp(join(check, "z-"));
      try {
        await extractAppZip(zip, into, { tempDir: check });
      } catch (err) {
        if (!(err instanceof UserError || err instanceof ConfineError)) throw err;
        throw new UserError(`release-inputs: ${item.source} (job ${item.jobs.join(", ")}) is not a safe .app zip: ${err.message}`);
      }
    }
  } finally {
    await rm(check, { recursive: true, force: true });
  }
  const app = await checkoutApp(config, plan.name);
  const registry = new ArtifactRegistry();
  const fromJobs = /* @__PURE__ */ new Map();
  const dest = await WriteRoot.create(out, "output-dir", { requireEmpty: true });
  for (const item of plan.items) {
    const contents = apps.get(item);
    if (contents) {
      await dest.mkdir(item.dest);
      for (const d of contents.dirs) await dest.mkdir(`${item.dest}/${d}`);
      for (const f of contents.files) await dest.copyFrom(f.real, `${item.dest}/${f.rel}`, { exclusive: true, mode: f.mode });
    } else {
      const src = await root.locate(item.source, "release-inputs", { kind: "file" });
      await dest.copyFrom(src, item.dest, { exclusive: true, mode: item.kind === "binary" ? 493 : 420 });
    }
    const path = dest.path(item.dest);
    const a = await artifactFromPath(path, { target: item.target, kind: item.kind });
    if (a.sha256 !== item.sha256)
      throw new UserError(`release-inputs: ${item.source} (job ${item.jobs.join(", ")}) changed while it was copied; run the step again`);
    registry.add(a);
    fromJobs.set(path, { jobs: item.jobs.join(", "), sha256: a.sha256 });
    rt.info(`${item.kind}: ${item.dest} from job ${item.jobs.join(", ")}`);
  }
  return { planned: { gathered: { plan, fromJobs, app }, fyneVersion: "none" }, registry };
}
export {
  MANIFEST_SCHEMA,
  MANIFEST_SUFFIX,
  RUN_ID_INPUT,
  buildManifest,
  expectedRunId,
  folderDigest,
  gatherReleaseFiles,
  isManifestName,
  jobKey,
  manifestFileName,
  parseChecksums,
  parseManifest,
  planFanIn,
  renderManifest,
  scanFiles,
  writeManifest
};
