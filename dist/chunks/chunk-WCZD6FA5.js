import {
  saveDecision
} from "./chunk-K4DALLU4.js";
import {
  logSize,
  seconds
} from "./chunk-LHSVOPIB.js";
import {
  dirSize,
  exists,
  forceRemove,
  isFile
} from "./chunk-ET2PU4VS.js";
import {
  compareBytes
} from "./chunk-CX7QWEJI.js";
import {
  run,
  runOk
} from "./chunk-AYZTICSL.js";
import {
  ConfineError,
  ReadRoot,
  mkdir,
  open,
  ownRoot,
  readCapped,
  rm,
  utimes,
  writeFile
} from "./chunk-RH66WDZH.js";
import {
  errorMessage,
  inputError
} from "./chunk-6ZRI6CPZ.js";

// src/gomod.ts
import { existsSync } from "node:fs";
import path from "node:path";
var SPACE = /\s/;
function tokens(line) {
  const out = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    if (c === "/" && line[i + 1] === "/") break;
    if (c === "(" || c === ")") {
      out.push({ text: c });
      i++;
      continue;
    }
    if (c === '"') {
      let j2 = i + 1;
      let s = "";
      while (j2 < line.length && line[j2] !== '"') {
        if (line[j2] === "\\" && j2 + 1 < line.length) {
          s += line[j2 + 1];
          j2 += 2;
        } else {
          s += line[j2];
          j2++;
        }
      }
      out.push({ text: s, quoted: line.slice(i, j2 + 1) });
      i = j2 + 1;
      continue;
    }
    if (c === "`") {
      const j2 = line.indexOf("`", i + 1);
      const end = j2 < 0 ? line.length : j2;
      out.push({ text: line.slice(i + 1, end), quoted: line.slice(i, end + 1) });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < line.length && !SPACE.test(line[j]) && line[j] !== "(" && line[j] !== ")" && !(line[j] === "/" && line[j + 1] === "/")) j++;
    out.push({ text: line.slice(i, j) });
    i = j;
  }
  return out;
}
var isBracket = (t, b) => t !== void 0 && t.quoted === void 0 && t.text === b;
function directives(text) {
  const out = [];
  let block;
  for (const line of text.split(/\r?\n/)) {
    const t = tokens(line);
    if (t.length === 0) continue;
    if (block !== void 0) {
      if (isBracket(t[0], ")")) {
        block = void 0;
        continue;
      }
      out.push({ verb: block, args: t, inBlock: true });
      continue;
    }
    const verb = t[0].text;
    if (isBracket(t[1], "(")) {
      if (t.length === 2) {
        block = verb;
        continue;
      }
      if (isBracket(t[t.length - 1], ")")) {
        const inner = t.slice(2, -1);
        if (inner.length > 0) out.push({ verb, args: inner, inBlock: true });
        continue;
      }
    }
    out.push({ verb, args: t.slice(1), inBlock: false });
  }
  return out;
}
function replacement(args) {
  const words = args.map((a) => a.text);
  const arrow = args.findIndex((a) => a.quoted === void 0 && a.text === "=>");
  if (arrow < 1) return void 0;
  const left = words.slice(0, arrow);
  const right = words.slice(arrow + 1);
  if (!right[0]) return void 0;
  return { path: left[0], version: left[1], newPath: right[0], newVersion: right[1] };
}
function versionLine(d) {
  if (d.inBlock || d.args.length !== 1) return void 0;
  return d.args[0].quoted ?? d.args[0].text;
}
function readModFile(text) {
  const f = { module: "", require: /* @__PURE__ */ new Map(), replace: [], use: [] };
  for (const d of directives(text)) {
    switch (d.verb) {
      case "module":
        f.module = d.args[0]?.text ?? "";
        break;
      case "go":
        f.go = versionLine(d) ?? f.go;
        break;
      case "toolchain":
        f.toolchain = versionLine(d) ?? f.toolchain;
        break;
      case "require":
        if (d.args.length >= 2) f.require.set(d.args[0].text, d.args[1].text);
        break;
      case "replace": {
        const r = replacement(d.args);
        if (r) f.replace.push(r);
        break;
      }
      case "use":
        if (d.args[0]) f.use.push(d.args[0].text);
        break;
    }
  }
  return f;
}
function parseGoMod(text) {
  const { module, go, toolchain, require: require2, replace } = readModFile(text);
  return { module, go, toolchain, require: require2, replace };
}
function parseGoWork(text) {
  const { go, toolchain, use, replace } = readModFile(text);
  return { go, toolchain, use, replace };
}
function findGoMod(dir, isFile2 = existsSync, top) {
  const stop = top === void 0 ? void 0 : path.resolve(top);
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const f = path.join(d, "go.mod");
    if (isFile2(f)) return f;
    if (path.dirname(d) === d || d === stop) return void 0;
  }
}

// src/cache/keys.ts
import { createHash } from "node:crypto";
var sha256 = (s) => createHash("sha256").update(s).digest("hex");
function keyPart(value) {
  const v = value.trim().replace(/[^A-Za-z0-9._+~^=@/]+/g, "_").replace(/\//g, "_");
  return v === "" ? "none" : v;
}
function buildFingerprint(targets, flags) {
  const t = [...new Set(targets.map((x) => x.trim()).filter(Boolean))].sort();
  const f = Object.keys(flags).filter((k) => flags[k] !== void 0).sort().map((k) => [k, flags[k]]);
  return sha256(JSON.stringify({ t, f })).slice(0, 16);
}
function hashGoSums(files) {
  if (files.length === 0) return "nosum";
  const h = createHash("sha256");
  for (const f of [...files].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) {
    h.update(f.path.replace(/\\/g, "/")).update("\0").update(f.content).update("\0");
  }
  return h.digest("hex").slice(0, 24);
}
function modulesKeys(prefix, form, os, goSumHash) {
  const base = `${prefix}-${form}-${os}-`;
  const key = `${base}${goSumHash}`;
  return { key, restoreKeys: [base], hitPrefix: key };
}
function buildKeys(prefix, f) {
  const parts = [
    `${prefix}-build-${f.os}-${f.arch}-go${keyPart(f.goVersion.replace(/^go/, ""))}`,
    `fyne${f.fyneVersion ? keyPart(f.fyneVersion.replace(/^v/, "")) : "none"}`,
    buildFingerprint(f.targets, f.flags),
    f.goSumHash
  ];
  const restoreKeys = [];
  for (let n = parts.length; n >= 1; n--) restoreKeys.push(parts.slice(0, n).join("-") + "-");
  const key = restoreKeys[0] + (f.runStamp.replace(/[^A-Za-z0-9._-]+/g, "_") || "run");
  return { key, restoreKeys, hitPrefix: restoreKeys[0] };
}
function runStamp(env, now) {
  if (env.GITHUB_RUN_ID) return `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT || "1"}`;
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}
function classifyMatch(keys, matchedKey) {
  if (!matchedKey) return "miss";
  return matchedKey === keys.key || matchedKey.startsWith(keys.hitPrefix) ? "hit" : "prefix";
}

// src/cache/layers.ts
import * as path4 from "node:path";

// src/cache/prune.ts
import { readdir, readFile, stat } from "node:fs/promises";
import * as path2 from "node:path";
var BACKDATE_MS = 2 * 60 * 60 * 1e3;
var SLACK_MS = 2e3;
var ENTRY = /^[0-9a-f]{2}\/[0-9a-f]{64}-[ad]$/;
function planPrune(entries, markMs, restored) {
  const used = /* @__PURE__ */ new Set();
  for (const e of entries) if (e.mtimeMs >= markMs - SLACK_MS) used.add(e.name);
  for (const e of entries) {
    if (used.has(e.name) && e.outputId) used.add(`${e.outputId.slice(0, 2)}/${e.outputId}-d`);
  }
  const plan = { remove: [], keep: [], fresh: [], removedBytes: 0, keptBytes: 0 };
  for (const e of entries) {
    if (used.has(e.name)) {
      plan.keep.push(e.name);
      plan.keptBytes += e.size;
    } else {
      plan.remove.push(e.name);
      plan.removedBytes += e.size;
    }
    if (!restored?.has(e.name)) plan.fresh.push(e.name);
  }
  return plan;
}
function parseActionEntry(text) {
  const m = /^v1 [0-9a-f]{64} ([0-9a-f]{64}) /.exec(text);
  return m?.[1];
}
async function scanGoCache(gocache) {
  const out = [];
  let dirs;
  try {
    dirs = (await readdir(gocache)).filter((d) => /^[0-9a-f]{2}$/.test(d));
  } catch {
    return out;
  }
  for (const d of dirs) {
    let names;
    try {
      names = await readdir(path2.join(gocache, d));
    } catch {
      continue;
    }
    for (const n of names) {
      const name = `${d}/${n}`;
      if (!ENTRY.test(name)) continue;
      const full = path2.join(gocache, d, n);
      try {
        const st = await stat(full);
        const e = { name, mtimeMs: st.mtimeMs, size: st.isDirectory() ? 0 : st.size };
        if (n.endsWith("-a") && st.size < 1024) e.outputId = parseActionEntry(await readFile(full, "utf8"));
        out.push(e);
      } catch {
      }
    }
  }
  return out;
}
async function markRestored(gocache, now = Date.now) {
  await mkdir(gocache, { recursive: true });
  const entries = await scanGoCache(gocache);
  const markMs = now();
  const old = new Date(markMs - BACKDATE_MS);
  let bytes = 0;
  for (const e of entries) {
    bytes += e.size;
    await utimes(path2.join(gocache, e.name), old, old).catch(() => void 0);
  }
  await writeFile(path2.join(gocache, "trim.txt"), String(Math.floor(markMs / 1e3))).catch(() => void 0);
  return { markMs, restored: entries.map((e) => e.name), bytes };
}
var INDEX_MAGIC = Buffer.from("go index");
async function isIndexData(file) {
  let fh;
  try {
    fh = await open(file, "r");
    const buf = Buffer.alloc(INDEX_MAGIC.length);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return bytesRead === buf.length && buf.equals(INDEX_MAGIC);
  } catch {
    return false;
  } finally {
    await fh?.close();
  }
}
async function freshWork(gocache, entries, fresh) {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const out = [];
  for (const name of fresh) {
    const e = byName.get(name);
    const dataName = name.endsWith("-d") ? name : e?.outputId ? `${e.outputId.slice(0, 2)}/${e.outputId}-d` : void 0;
    if (dataName && await isIndexData(path2.join(gocache, dataName))) continue;
    out.push(name);
  }
  return out;
}
async function pruneGoCache(gocache, markMs, restored) {
  const entries = await scanGoCache(gocache);
  const plan = planPrune(entries, markMs, restored);
  const work = await freshWork(gocache, entries, plan.fresh);
  let removedCount = 0;
  for (const name of plan.remove) {
    try {
      await rm(path2.join(gocache, name), { force: true });
      removedCount++;
    } catch {
      await forceRemove(path2.join(gocache, name)).then(
        () => removedCount++,
        () => void 0
      );
    }
  }
  return { ...plan, removedCount, freshWork: work };
}
async function writeManifest(file, names) {
  await mkdir(path2.dirname(file), { recursive: true });
  await writeFile(file, names.join("\n"));
}
async function readManifest(file) {
  try {
    return new Set((await readFile(file, "utf8")).split("\n").filter(Boolean));
  } catch {
    return void 0;
  }
}

// src/cache/vendor.ts
import { readFile as readFile2 } from "node:fs/promises";
import * as path3 from "node:path";

// src/system/glob.ts
import { relative, sep } from "node:path";
function normalizePattern(pattern, input) {
  const p = pattern.trim().replace(/\\/g, "/");
  const problem = p === "" ? "is empty" : p.startsWith("/") || /^[A-Za-z]:/.test(p) ? "is absolute" : p.startsWith("!") ? "is a negation, which is not supported" : void 0;
  const segs = p.split("/").filter((s) => s !== "" && s !== ".");
  if (problem || segs.includes("..") || segs.length === 0) {
    throw inputError(input, pattern, problem ?? "leaves the working directory", "use paths or globs relative to the working directory");
  }
  return segs;
}
function globEscape(s) {
  return (sep === "\\" ? s : s.replace(/\\/g, "\\\\")).replace(/(\[)(?=[^/]+\])/g, "[[]").replace(/\?/g, "[?]").replace(/\*/g, "[*]");
}
async function matchFiles(patterns, root, input, confine) {
  const all = /* @__PURE__ */ new Map();
  for (const pattern of patterns) {
    const segs = normalizePattern(pattern, input);
    const { create } = await import("./glob-GEG3U3IC.js");
    const globber = await create(`${globEscape(root)}/${segs.join("/")}`, { matchDirectories: false, implicitDescendants: true, followSymbolicLinks: true });
    let found = 0;
    for (const match of await globber.glob()) {
      const name = relative(root, match).split(sep).join("/");
      let source = match;
      if (confine) {
        try {
          source = await confine.locate(name, `input "${input}"`, { kind: "file" });
        } catch (err) {
          if (err instanceof ConfineError && err.reason === "missing") continue;
          throw err;
        }
      } else if (!await isFile(match)) continue;
      all.set(name, { source, name });
      found++;
    }
    if (found === 0) {
      const what = /[*?[]/.test(pattern) ? "matches no file" : "names no file";
      throw inputError(input, pattern, `${what} in ${root}`, "use paths or globs of existing files relative to the working directory");
    }
  }
  return [...all.values()].sort((a, b) => compareBytes(a.name, b.name));
}

// src/cache/vendor.ts
function decideModules(mode, vendorPresent2) {
  if (vendorPresent2 && mode !== "modcache") {
    return {
      form: "none",
      buildFlags: ["-mod=vendor"],
      note: "vendor/modules.txt is committed: building with -mod=vendor as is; nothing to cache for modules"
    };
  }
  if (mode === "vendor") {
    return {
      form: "vendor",
      buildFlags: ["-mod=vendor"],
      note: "modules: vendor/ is restored from the cache, or made with `go mod vendor` on a miss"
    };
  }
  return { form: "mod", buildFlags: [], note: "modules: the module cache (GOMODCACHE) is cached" };
}
async function resolveGoSumFiles(workDir, patterns) {
  if (patterns.length === 0) {
    let work;
    try {
      work = await readFile2(path3.join(workDir, "go.work"), "utf8");
    } catch {
    }
    const candidates = work ? [...parseGoWork(work).use.map((u) => path3.posix.join(u.replace(/\\/g, "/"), "go.sum")), "go.work.sum"] : ["go.sum"];
    const found = [];
    for (const c of candidates) if (await isFile(path3.join(workDir, c))) found.push(path3.posix.normalize(c));
    return [...new Set(found)].sort();
  }
  return (await matchFiles(patterns, workDir, "cache-dependency-path")).map((f) => f.name);
}
async function readGoSums(workDir, files) {
  const root = await ReadRoot.open(workDir, "working-directory");
  const cap = 64 << 20;
  const read = (f) => f.split("/").includes("..") ? readCapped(path3.join(workDir, f), `go.sum ${JSON.stringify(f)}`, cap) : root.read(f, "cache-dependency-path", { maxBytes: cap });
  return Promise.all(files.map(async (f) => ({ path: f, content: await read(f) })));
}
async function vendorPresent(workDir) {
  if (!await isFile(path3.join(workDir, "vendor", "modules.txt"))) return false;
  const tracked = await run(["git", "ls-files", "--error-unmatch", path3.join("vendor", "modules.txt")], { cwd: workDir }).then(
    (r) => r.code === 0 ? true : r.code === 1 ? false : void 0,
    () => void 0
    // no git: judge by presence
  );
  if (tracked !== void 0) return tracked;
  return true;
}
async function goModVendor(workDir, env, goBin = "go") {
  await runOk([goBin, "mod", "vendor"], "go mod vendor", { cwd: workDir, env });
}
async function verifyModules(workDir, gomodcache, env, goBin = "go") {
  let reason;
  try {
    await runOk([goBin, "mod", "verify"], "go mod verify", { cwd: workDir, env });
    return { ok: true };
  } catch (err) {
    reason = errorMessage(err).split("\n").slice(0, 4).join("; ");
  }
  try {
    await forceRemove(gomodcache);
  } catch (err) {
    reason += `; and removing ${gomodcache} failed: ${errorMessage(err)}`;
  }
  return { ok: false, reason };
}

// src/cache/layers.ts
function buildLayerSkip(f, owner) {
  if (!f.localStore || owner.owned) return void 0;
  return `${owner.why}; it stays on this machine between runs, so it is neither restored from nor copied into the local cache store`;
}
function planLayers(f) {
  const modules = decideModules(f.inputs.modules, f.vendorPresent);
  const save = f.save ?? saveDecision(f.inputs.save, {});
  const owner = f.gocacheOwner ?? { owned: false, why: "GOCACHE ownership unknown: never pruned" };
  const common = { saveWhy: save.why, gocacheOwned: owner.owned, gocacheWhy: owner.why };
  if (!f.inputs.enabled) return { enabled: false, save: false, ...common, modules, layers: [] };
  const strict = f.strict?.strict ? f.strict.why : void 0;
  const layers = [];
  if (modules.form !== "none") {
    const keys = modulesKeys(f.inputs.keyPrefix, modules.form, f.os, f.goSumHash);
    layers.push({
      name: "modules",
      // Strict: the exact go.sum hash only, never another go.sum's modules.
      keys: strict ? { ...keys, restoreKeys: [] } : keys,
      paths: [modules.form === "vendor" ? path4.resolve(f.workDir, "vendor") : path4.resolve(f.gomodcache)],
      // go mod verify cannot check a vendor/ folder: a strict run makes its own with go mod vendor.
      skip: strict && modules.form === "vendor" ? `${strict}: vendor/ is made with go mod vendor, not restored from a cache` : void 0
    });
  }
  const buildKeySet = buildKeys(f.inputs.keyPrefix, {
    os: f.os,
    arch: f.arch,
    goVersion: f.goVersion,
    fyneVersion: f.fyneVersion,
    targets: f.targets,
    // -mod=vendor compiles vendored packages under other paths than the module cache's.
    flags: modules.buildFlags.length ? { ...f.flags, "modules:flags": modules.buildFlags } : f.flags,
    goSumHash: f.goSumHash,
    runStamp: f.runStamp
  });
  layers.push({
    name: "build",
    // Strict: no restore-keys at all (the exact key carries this run's stamp, so the layer is skipped below).
    keys: strict ? { ...buildKeySet, restoreKeys: [] } : buildKeySet,
    paths: [path4.resolve(f.gocache)],
    skip: buildLayerSkip(f, owner) ?? (strict ? `${strict}: the build cache is not restored, since go reuses a GOCACHE entry without re-checking it and only another run's entry could match; built cold` : void 0)
  });
  const verify = strict && modules.form === "mod" ? strict : void 0;
  return { enabled: true, save: save.save, ...common, modules, layers, ...verify ? { verifyModules: verify } : {} };
}
async function restoreLayers(plan, backend, log, o) {
  const now = o.now ?? Date.now;
  const state = {
    v: 1,
    enabled: plan.enabled,
    save: plan.save,
    saveWhy: plan.saveWhy,
    gocacheOwned: plan.gocacheOwned,
    gocacheWhy: plan.gocacheWhy,
    backend: backend.name,
    modulesForm: plan.modules.form,
    buildFlags: plan.modules.buildFlags,
    layers: []
  };
  log.info(plan.modules.note);
  if (!plan.enabled) {
    log.info("cache: off (input cache: false)");
    return state;
  }
  for (const l of plan.layers) if (l.skip === void 0) for (const p of l.paths) ownRoot(p);
  state.layers = await Promise.all(
    plan.layers.map(async (l) => {
      if (l.skip !== void 0) {
        log.info(`cache ${l.name}: skipped (${l.skip}); key ${l.keys.key}`);
        const { key, restoreKeys, hitPrefix } = l.keys;
        return { name: l.name, key, restoreKeys, hitPrefix, paths: l.paths, result: "miss", skipped: l.skip, sizeBytes: 0, ms: 0 };
      }
      const t0 = now();
      const r = await backend.restore(l.paths, l.keys.key, l.keys.restoreKeys);
      const ls = {
        name: l.name,
        key: l.keys.key,
        restoreKeys: l.keys.restoreKeys,
        hitPrefix: l.keys.hitPrefix,
        paths: l.paths,
        matchedKey: r.matchedKey,
        result: classifyMatch(l.keys, r.matchedKey),
        failure: r.failure,
        sizeBytes: 0,
        ms: 0
      };
      if (l.name === "build") {
        const m = await markRestored(l.paths[0], now);
        state.markMs = m.markMs;
        state.manifest = path4.join(o.stateDir, `go-fyne-action-gocache-${process.pid}-${m.markMs}.txt`);
        await writeManifest(state.manifest, m.restored);
        ls.sizeBytes = m.bytes;
      } else if (ls.matchedKey) {
        ls.sizeBytes = await dirSize(l.paths[0]);
      }
      ls.ms = now() - t0;
      log.info(`cache ${l.name}: ${ls.result}; key ${ls.key}; matched ${ls.matchedKey ?? "(none)"}; ${logSize(ls.sizeBytes)} in ${seconds(ls.ms)}`);
      return ls;
    })
  );
  const mods = state.layers.find((l) => l.name === "modules");
  if (plan.verifyModules !== void 0 && mods?.matchedKey) {
    const v = await verifyModules(o.workDir, mods.paths[0], o.env, o.goBin);
    if (v.ok) log.info(`cache modules: go mod verify passed (${plan.verifyModules})`);
    else {
      mods.result = "miss";
      mods.failure = `go mod verify failed on the restored module cache (${v.reason}); removed it, modules are downloaded afresh`;
      mods.sizeBytes = 0;
      log.warning(`cache modules: ${mods.failure}`);
    }
  }
  if (plan.modules.form === "vendor" && mods && mods.result !== "hit") {
    log.info(`cache modules: ${mods.result === "miss" ? "miss" : "older vendor/ restored"}; running go mod vendor`);
    await goModVendor(o.workDir, o.env, o.goBin);
  }
  return state;
}
async function saveLayers(state, backend, log, o = {}) {
  const now = o.now ?? Date.now;
  const prune = o.prune ?? state.gocacheOwned;
  const out = [];
  for (const l of state.layers) {
    const t0 = now();
    const rep = { name: l.name, action: "skipped", reason: "", key: l.key, sizeBytes: 0, ms: 0 };
    try {
      if (l.skipped !== void 0) rep.reason = l.skipped;
      else if (!state.save) rep.reason = state.saveWhy ?? "cache-save is false";
      else if (!(await Promise.all(l.paths.map(exists))).every(Boolean)) {
        rep.reason = `nothing to save (${l.paths.join(", ")} missing)`;
      } else if (l.name === "modules") {
        if (l.matchedKey === l.key) rep.reason = "exact key was restored; unchanged";
        else await upload(l, rep);
      } else {
        const restored = state.manifest ? await readManifest(state.manifest) : void 0;
        const markMs = state.markMs ?? 0;
        let fresh;
        if (!prune) {
          log.info(`cache build: not pruned (${state.gocacheWhy ?? "GOCACHE is not this action's"})`);
          const entries = await scanGoCache(l.paths[0]);
          fresh = (await freshWork(l.paths[0], entries, planPrune(entries, markMs, restored).fresh)).length;
          rep.prune = { pruned: false, removedEntries: 0, removedBytes: 0, keptEntries: entries.length, newEntries: fresh };
        } else {
          const pr = await pruneGoCache(l.paths[0], markMs, restored);
          fresh = pr.freshWork.length;
          rep.prune = { pruned: true, removedEntries: pr.removedCount, removedBytes: pr.removedBytes, keptEntries: pr.keep.length, newEntries: fresh };
          log.info(`cache build: pruned ${pr.removedCount} entries (${logSize(pr.removedBytes)}) this run did not use; kept ${pr.keep.length}`);
        }
        if (fresh === 0) rep.reason = "nothing new compiled";
        else {
          log.info(`cache build: ${fresh} new entries`);
          await upload(l, rep);
        }
      }
    } catch (err) {
      rep.action = "failed";
      rep.reason = errorMessage(err);
      log.warning(`cache ${l.name}: not saved: ${rep.reason}`);
    }
    rep.ms = now() - t0;
    log.info(`cache ${l.name}: ${rep.action}${rep.reason ? ` (${rep.reason})` : ""}; key ${l.key}; ${logSize(rep.sizeBytes)} in ${seconds(rep.ms)}`);
    out.push(rep);
  }
  return out;
  async function upload(l, rep) {
    rep.sizeBytes = (await Promise.all(l.paths.map(dirSize))).reduce((a, b) => a + b, 0);
    const r = await backend.save(l.paths, l.key);
    rep.action = r.status;
    rep.reason = r.message ?? "";
  }
}
function layerOutcome(l) {
  if (l.skipped !== void 0) return "skipped";
  return l.failure ? "error" : l.result;
}
function cacheOutputs(state) {
  const restored = state.layers.filter((l) => l.skipped === void 0);
  const hit = restored.length > 0 && restored.every((l) => l.result === "hit");
  const matched = {};
  for (const l of state.layers) matched[l.name] = l.matchedKey ?? "";
  return { "cache-hit": String(hit), "cache-matched-keys": JSON.stringify(matched) };
}

export {
  parseGoMod,
  parseGoWork,
  findGoMod,
  hashGoSums,
  runStamp,
  normalizePattern,
  matchFiles,
  resolveGoSumFiles,
  readGoSums,
  vendorPresent,
  planLayers,
  restoreLayers,
  saveLayers,
  layerOutcome,
  cacheOutputs
};
