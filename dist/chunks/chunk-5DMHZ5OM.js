import {
  PlistReal,
  parsePlistDict,
  signMachOFile,
  writePlist
} from "./chunk-LM23WKPA.js";
import {
  WriteRoot,
  open,
  within
} from "./chunk-RH66WDZH.js";
import {
  UserError
} from "./chunk-6ZRI6CPZ.js";

// src/macho/bundle-sign.ts
import { lstat as lstat2, readdir as readdir2, readFile as readFile2, readlink as readlink2, realpath } from "node:fs/promises";
import { basename, dirname, isAbsolute, join as join2, relative, resolve, sep } from "node:path";

// src/macho/code-resources.ts
import { createHash } from "node:crypto";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
var RULES_V1 = [
  { pattern: "^Resources/", weight: 1 },
  { pattern: "^Resources/.*\\.lproj/", weight: 1e3, optional: true },
  { pattern: "^Resources/.*\\.lproj/locversion.plist$", weight: 1100, omit: true },
  { pattern: "^Resources/Base\\.lproj/", weight: 1010 },
  { pattern: "^version.plist$", weight: 1 }
];
var RULES_V2 = [
  { pattern: ".*\\.dSYM($|/)", weight: 11 },
  { pattern: "^(.*/)?\\.DS_Store$", weight: 2e3, omit: true },
  { pattern: "^(Frameworks|SharedFrameworks|PlugIns|Plug-ins|XPCServices|Helpers|MacOS|Library/(Automator|Spotlight|LoginItems))/", weight: 10, nested: true },
  { pattern: "^.*", weight: 1 },
  { pattern: "^Info\\.plist$", weight: 20, omit: true },
  { pattern: "^PkgInfo$", weight: 20, omit: true },
  { pattern: "^Resources/", weight: 20 },
  { pattern: "^Resources/.*\\.lproj/", weight: 1e3, optional: true },
  { pattern: "^Resources/.*\\.lproj/locversion.plist$", weight: 1100, omit: true },
  { pattern: "^Resources/Base\\.lproj/", weight: 1010 },
  { pattern: "^[^/]+$", weight: 10, nested: true },
  { pattern: "^embedded\\.provisionprofile$", weight: 20 },
  { pattern: "^version\\.plist$", weight: 20 }
];
var compiled = /* @__PURE__ */ new Map();
function re(pattern) {
  let r = compiled.get(pattern);
  if (!r) compiled.set(pattern, r = new RegExp(pattern));
  return r;
}
function matchRule(rules, rel) {
  let best;
  for (const r of rules) if (re(r.pattern).test(rel) && (!best || r.weight > best.weight)) best = r;
  return best;
}
function rulesPlist(rules) {
  const d = {};
  for (const r of rules) {
    if (r.weight === 1 && !r.omit && !r.optional && !r.nested) {
      d[r.pattern] = true;
      continue;
    }
    const e = {};
    if (r.nested) e.nested = true;
    if (r.omit) e.omit = true;
    if (r.optional) e.optional = true;
    e.weight = new PlistReal(r.weight);
    d[r.pattern] = e;
  }
  return d;
}
var NESTED_BUNDLE_EXT = /\.(app|framework|appex|xpc|bundle|plugin|kext|systemextension)$/;
var MACHO_MAGICS = /* @__PURE__ */ new Set([4277009102, 4277009103, 3472551422, 3489328638, 3405691582, 3405691583]);
async function isMachOFile(path) {
  const fh = await open(path, "r");
  try {
    const b = Buffer.alloc(8);
    const { bytesRead } = await fh.read(b, 0, 8, 0);
    if (bytesRead < 8) return false;
    const m = b.readUInt32BE(0);
    if (!MACHO_MAGICS.has(m)) return false;
    return m !== 3405691582 || b.readUInt32BE(4) < 43;
  } finally {
    await fh.close();
  }
}
async function sealItems(contents, mainExecutableRel) {
  const items = [];
  const walk = async (dir, prefix) => {
    for (const ent of await readdir(dir, { withFileTypes: true })) {
      const rel = prefix + ent.name;
      const path = join(dir, ent.name);
      if (rel === "_CodeSignature" || rel === mainExecutableRel || rel === "CodeResources") continue;
      const st = await lstat(path);
      const rule = matchRule(RULES_V2, rel);
      if (st.isDirectory()) {
        if (rule?.nested && NESTED_BUNDLE_EXT.test(ent.name)) items.push({ kind: "bundle", rel, path });
        else await walk(path, `${rel}/`);
        continue;
      }
      if (!rule || rule.omit) continue;
      if (st.isSymbolicLink()) items.push({ kind: "symlink", rel, path, target: await readlink(path) });
      else if (st.isFile())
        items.push({ kind: "file", rel, path, optional: !!rule.optional, nested: !!rule.nested, macho: !!rule.nested && await isMachOFile(path) });
    }
  };
  await walk(contents, "");
  return items.sort((a, b) => Buffer.compare(Buffer.from(a.rel), Buffer.from(b.rel)));
}
function adhocRequirement(cdhashes) {
  return cdhashes.map((h) => `cdhash H"${h.toString("hex")}"`).join(" or ");
}
async function fileHashes(path) {
  const data = await readFile(path);
  return { sha1: createHash("sha1").update(data).digest(), sha256: createHash("sha256").update(data).digest() };
}
async function buildCodeResources(items, nested) {
  const files = {};
  const files2 = {};
  for (const it of items) {
    if (it.kind === "symlink") {
      files2[it.rel] = { symlink: it.target };
      continue;
    }
    const code = nested.get(it.rel);
    if (it.kind === "bundle" || code) {
      if (!code) throw new Error(`${it.rel}: nested code was not signed before the resource seal`);
      files2[it.rel] = { cdhash: code.cdhashes[0], requirement: code.requirement ?? adhocRequirement(code.cdhashes) };
      continue;
    }
    const { sha1, sha256 } = await fileHashes(it.path);
    const e2 = { hash: sha1, hash2: sha256 };
    if (it.optional) e2.optional = true;
    files2[it.rel] = e2;
    const v1 = matchRule(RULES_V1, it.rel);
    if (v1 && !v1.omit) files[it.rel] = v1.optional ? { hash: sha1, optional: true } : sha1;
  }
  const root = { files, files2, rules: rulesPlist(RULES_V1), rules2: rulesPlist(RULES_V2) };
  return root;
}

// src/macho/bundle-sign.ts
async function readBundleInfo(app) {
  const contents = join2(app, "Contents");
  const infoPlistPath = join2(contents, "Info.plist");
  const infoPlist = await readFile2(infoPlistPath).catch((err) => {
    throw new UserError(`${app}: no Contents/Info.plist (${err.code ?? String(err)}); give a macOS .app bundle`);
  });
  let info;
  try {
    info = parsePlistDict(infoPlist, infoPlistPath);
  } catch (err) {
    throw new UserError(err instanceof Error ? err.message : String(err));
  }
  const executable = info.CFBundleExecutable;
  if (typeof executable !== "string" || !executable || executable.includes("/"))
    throw new UserError(`${infoPlistPath}: CFBundleExecutable is missing or not a file name; the bundle needs a main executable`);
  const executablePath = join2(contents, "MacOS", executable);
  if (!await isMachOFile(executablePath).catch(() => false)) throw new UserError(`${executablePath}: the main executable is missing or not a Mach-O file`);
  const id = info.CFBundleIdentifier;
  return { contents, infoPlistPath, infoPlist, executable, executablePath, identifier: typeof id === "string" && id ? id : executable };
}
async function checkBundleLinks(app) {
  const top = resolve(app);
  const realTop = await realpath(top);
  const stack = [top];
  while (stack.length) {
    const dir = stack.pop();
    for (const e of await readdir2(dir, { withFileTypes: true })) {
      const p = join2(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      if (!e.isSymbolicLink()) continue;
      const target = await readlink2(p);
      const lexical = resolve(dirname(p), target);
      const real = await realpath(p).catch(() => void 0);
      if (isAbsolute(target) || !within(top, lexical) || real !== void 0 && !within(realTop, real)) {
        const rel = relative(top, p).split(sep).join("/");
        throw new UserError(`${app}: ${rel} is a link to ${JSON.stringify(target)}, outside the bundle; a link in a .app may only point inside it`);
      }
    }
  }
}
async function sealBundle(app, opts = {}) {
  const st = await lstat2(app).catch(() => void 0);
  if (!st?.isDirectory()) throw new UserError(`${app}: ${st?.isSymbolicLink() ? "is a link" : "not a directory"}; give a macOS .app bundle`);
  await checkBundleLinks(app);
  const root = await WriteRoot.create(app, app);
  const info = await readBundleInfo(app);
  const items = await sealItems(info.contents, `MacOS/${info.executable}`);
  const nested = /* @__PURE__ */ new Map();
  const signFile = opts.signFile ?? signMachOFile;
  for (const it of items) {
    if (it.kind === "bundle") {
      if (!it.rel.endsWith(".app"))
        throw new UserError(
          `${it.path}: nested ${it.rel.slice(it.rel.lastIndexOf("."))} bundles are not supported by the built-in signer; only nested .app helpers`
        );
      const inner = await sealBundle(it.path, { signFile: opts.signFile, nestedRequirement: opts.nestedRequirement });
      nested.set(it.rel, { cdhashes: inner.slices.map((s) => Buffer.from(s.cdhash, "hex")), requirement: opts.nestedRequirement?.(inner.identifier) });
    } else if (it.kind === "file" && it.macho) {
      const identifier = basename(it.path);
      const signed2 = await signFile(it.path, { identifier }, root);
      nested.set(it.rel, { cdhashes: signed2.slices.map((s) => s.cdhash), requirement: opts.nestedRequirement?.(identifier) });
    }
  }
  await root.remove("Contents/_CodeSignature");
  const codeResources = writePlist(await buildCodeResources(items, nested));
  await root.write("Contents/_CodeSignature/CodeResources", codeResources);
  const signed = await signFile(info.executablePath, { identifier: info.identifier, infoPlist: info.infoPlist, codeResources, cms: opts.cms }, root);
  return {
    path: app,
    identifier: info.identifier,
    executable: info.executable,
    slices: signed.slices.map((s) => ({ arch: s.arch, cdhash: s.cdhash.toString("hex") })),
    resources: items.length,
    nested: [...nested].map(([rel, c]) => ({ rel, cdhashes: c.cdhashes.map((h) => h.toString("hex")) }))
  };
}

export {
  RULES_V1,
  RULES_V2,
  matchRule,
  rulesPlist,
  sealItems,
  adhocRequirement,
  fileHashes,
  readBundleInfo,
  sealBundle
};
