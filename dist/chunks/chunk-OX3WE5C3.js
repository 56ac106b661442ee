import {
  debArch,
  goEnv
} from "./chunk-AEMLH7SV.js";
import {
  archiveChunks,
  archiveExt,
  packDir,
  restoreArchiveInto,
  zstdAvailable
} from "./chunk-Q5B3EQBL.js";
import {
  readTar
} from "./chunk-KFJK2ZES.js";
import {
  fyneAtLeast
} from "./chunk-FBKFR6OD.js";
import {
  tarStream
} from "./chunk-MRZ3A4BH.js";
import {
  RAN
} from "./chunk-6CLW66DV.js";
import {
  cacheOutputs,
  hashGoSums,
  planLayers,
  readGoSums,
  resolveGoSumFiles,
  restoreLayers,
  runStamp,
  saveLayers,
  vendorPresent
} from "./chunk-WCZD6FA5.js";
import {
  localCacheLayout,
  saveDecision,
  strictRestore
} from "./chunk-K4DALLU4.js";
import {
  seconds
} from "./chunk-LHSVOPIB.js";
import {
  exists,
  forceRemove,
  writeAtomically,
  writeChunks
} from "./chunk-ET2PU4VS.js";
import {
  ReadRoot,
  mkdir,
  ownRoot,
  rename,
  rm,
  utimes,
  writeFile
} from "./chunk-RH66WDZH.js";
import {
  errorMessage
} from "./chunk-6ZRI6CPZ.js";

// src/cache/local-backend.ts
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import * as path from "node:path";
var entryId = (key) => createHash("sha256").update(key).digest("hex").slice(0, 32);
function pickEntry(entries, key, restoreKeys) {
  const exact = entries.find((e) => e.key === key);
  if (exact) return exact;
  for (const rk of restoreKeys) {
    const hits = entries.filter((e) => e.key.startsWith(rk)).sort((a, b) => b.created - a.created);
    if (hits.length) return hits[0];
  }
  return void 0;
}
var LocalBackend = class {
  constructor(root, log, opts = {}) {
    this.root = root;
    this.log = log;
    this.opts = opts;
    this.entriesDir = path.join(root, "entries");
    this.tmpDir = path.join(root, "tmp");
  }
  root;
  log;
  opts;
  name = "local";
  entriesDir;
  tmpDir;
  /**
   * Which key each target folder last came from or went to. A local store sits beside the very
   * folders it restores into, so an exact hit whose content is already in place (a module cache
   * saved or restored under the same go.sum hash) is not unpacked again.
   */
  placedFile() {
    return path.join(this.root, "placed.json");
  }
  async readPlaced() {
    return readFile(this.placedFile(), "utf8").then(
      (t) => JSON.parse(t),
      () => ({})
    );
  }
  async notePlaced(targets, key) {
    try {
      const placed = await this.readPlaced();
      for (const t of targets) placed[path.resolve(t)] = key;
      await mkdir(this.root, { recursive: true });
      await writeAtomically(this.placedFile(), 420, (fh) => fh.writeFile(JSON.stringify(placed, null, 1)));
    } catch (err) {
      this.log.debug(`local cache: could not note placed folders: ${errorMessage(err)}`);
    }
  }
  async list() {
    let names;
    try {
      names = await readdir(this.entriesDir);
    } catch {
      return [];
    }
    const out = [];
    for (const n of names) {
      const dir = path.join(this.entriesDir, n);
      try {
        const m = JSON.parse(await readFile(path.join(dir, "meta.json"), "utf8"));
        if (typeof m.key === "string" && typeof m.created === "number") out.push({ ...m, dir });
      } catch {
      }
    }
    return out;
  }
  async restore(paths, key, restoreKeys) {
    try {
      const hasZstd = await zstdAvailable();
      const usable = (await this.list()).filter((e) => e.paths.length === paths.length && (e.compression === "gzip" || hasZstd));
      const entry = pickEntry(usable, key, restoreKeys);
      if (!entry) return {};
      const placed = await this.readPlaced();
      for (let i = 0; i < paths.length; i++) {
        const target = path.resolve(paths[i]);
        const archive = path.join(entry.dir, `${i}.${archiveExt(entry.compression)}`);
        const empty = await readdir(target).then(
          (l) => l.length === 0,
          () => true
        );
        if (!empty && entry.key === key && placed[target] === key) {
          this.log.debug(`local cache: ${target} already holds ${key}; not unpacked again`);
          continue;
        }
        await restoreArchiveInto(archiveChunks(archive, entry.compression), target);
      }
      const now = /* @__PURE__ */ new Date();
      await utimes(entry.dir, now, now).catch(() => void 0);
      await this.notePlaced(paths, entry.key);
      return { matchedKey: entry.key };
    } catch (err) {
      const failure = `local cache: restoring ${key} failed: ${errorMessage(err)}`;
      this.log.warning(failure);
      return { failure };
    }
  }
  async save(paths, key) {
    const final = path.join(this.entriesDir, entryId(key));
    const work = path.join(this.tmpDir, `${entryId(key)}-${process.pid}-${randomBytes(4).toString("hex")}`);
    try {
      if (await exists(path.join(final, "meta.json"))) {
        return { status: "exists", message: `local cache: ${key} already exists; kept the saved one` };
      }
      const compression = this.opts.compression ?? (await zstdAvailable() ? "zstd" : "gzip");
      await mkdir(work, { recursive: true });
      await mkdir(this.entriesDir, { recursive: true });
      const sizes = [];
      for (let i = 0; i < paths.length; i++) {
        const file = path.join(work, `${i}.${archiveExt(compression)}`);
        await packDir(path.resolve(paths[i]), file, compression);
        sizes.push((await stat(file)).size);
      }
      const meta = { key, created: Date.now(), compression, paths: paths.map((p) => path.resolve(p)), sizes };
      await writeFile(path.join(work, "meta.json"), JSON.stringify(meta));
      try {
        await rename(work, final);
      } catch (err) {
        const code = err.code;
        if (code === "ENOTEMPTY" || code === "EEXIST" || code === "EPERM") {
          return { status: "exists", message: `local cache: another job saved ${key} first; kept theirs` };
        }
        throw err;
      }
      await this.evict().catch((e) => this.log.debug(`local cache: eviction: ${errorMessage(e)}`));
      await this.notePlaced(paths, key);
      return { status: "saved" };
    } catch (err) {
      const message = `local cache: saving ${key} failed: ${errorMessage(err)}`;
      this.log.warning(message);
      return { status: "failed", message };
    } finally {
      await forceRemove(work).catch(() => void 0);
    }
  }
  /** Drops least recently used entries (by directory mtime) until the store fits maxBytes. */
  async evict() {
    const max = this.opts.maxBytes ?? 10 * 1024 ** 3;
    const all = await this.list();
    const withUse = await Promise.all(all.map(async (e) => ({ e, used: (await stat(e.dir)).mtimeMs, size: e.sizes.reduce((a, b) => a + b, 0) })));
    let total = withUse.reduce((a, b) => a + b.size, 0);
    for (const x of withUse.sort((a, b) => a.used - b.used)) {
      if (total <= max) break;
      await forceRemove(x.e.dir);
      total -= x.size;
      this.log.debug(`local cache: evicted ${x.e.key}`);
    }
  }
};

// src/cache/index.ts
async function gatherCacheFacts(workDir, inputs) {
  const goSumFiles = await resolveGoSumFiles(workDir, inputs.dependencyPaths);
  const goSumHash = hashGoSums(await readGoSums(workDir, goSumFiles));
  return { goSumFiles, goSumHash, vendorPresent: await vendorPresent(workDir) };
}

// src/steps/cache.ts
import * as path4 from "node:path";

// src/cache/system-layer.ts
import { createReadStream } from "node:fs";
import { lstat, readdir as readdir2, readFile as readFile2, readlink, realpath } from "node:fs/promises";
import { createHash as createHash3 } from "node:crypto";
import * as path3 from "node:path";

// src/deps/plan.ts
var FYNE_NATIVE_PACKAGES = [
  "pkg-config",
  "libgl-dev",
  "libx11-dev",
  "libxcursor-dev",
  "libxrandr-dev",
  "libxinerama-dev",
  "libxi-dev",
  "libxxf86vm-dev"
];
var FYNE_FOREIGN_PACKAGES = ["libgl-dev", "libx11-dev", "libxcursor-dev", "libxrandr-dev", "libxinerama-dev", "libxi-dev", "libxxf86vm-dev"];
var FYNE_WAYLAND_PACKAGES = ["libwayland-dev", "libxkbcommon-dev"];
function addPackage(plan, pkg, why, role) {
  if (!plan.packages.includes(pkg)) plan.packages.push(pkg);
  const reasons = plan.reasons[pkg] ??= [];
  if (!reasons.includes(why)) reasons.push(why);
  (plan.roles ??= {})[pkg] ??= role;
}
function planDeps(plans, host, isFyne, fyneVersion = "none") {
  const wayland = isFyne && fyneAtLeast(fyneVersion, 2, 8);
  const hostArch = debArch(host.arch);
  const plan = {
    system: host.os === "linux" ? "apt" : host.os === "darwin" ? "macos" : host.os === "windows" ? "windows" : "none",
    packages: [],
    foreignArchs: [],
    hostArch,
    reasons: {},
    roles: {},
    xcode: false,
    commands: {}
  };
  const add = (pkg, why, role) => addPackage(plan, pkg, why, role);
  for (const b of plans) {
    const c = b.compiler;
    if (!b.cgo || !c) continue;
    const firstWord = (c.cc ?? "").trim().split(/\s+/)[0] ?? "";
    if (c.source === "user") {
      if (firstWord) plan.commands[firstWord] = `the "cc" input for ${b.id} names ${firstWord}, which is not on PATH`;
      continue;
    }
    if (host.os === "darwin") {
      plan.xcode = true;
      if (c.cc) plan.commands[firstWord] = c.hint;
      continue;
    }
    if (host.os === "windows") {
      plan.commands[firstWord || "gcc"] = c.hint;
      continue;
    }
    if (host.os !== "linux") continue;
    for (const p of c.debPackages)
      add(p, b.id, p.startsWith("libc") ? "C library headers" : c.source === "cross" ? "C cross compiler for cgo" : "C compiler for cgo");
    if (b.target.os !== "linux") continue;
    const arch = c.debArch && c.debArch !== hostArch ? c.debArch : void 0;
    const glfw = "X11/OpenGL headers that Fyne (GLFW) compiles against";
    if (arch) {
      if (!plan.foreignArchs.includes(arch)) plan.foreignArchs.push(arch);
      add(`libc6-dev:${arch}`, b.id, `C library headers for ${arch}`);
      if (isFyne) for (const p of FYNE_FOREIGN_PACKAGES) add(`${p}:${arch}`, b.id, `${glfw}, for ${arch}`);
      if (wayland) for (const p of FYNE_WAYLAND_PACKAGES) add(`${p}:${arch}`, b.id, `Wayland headers that Fyne 2.8 compiles against, for ${arch}`);
    } else if (isFyne) {
      for (const p of FYNE_NATIVE_PACKAGES) add(p, b.id, glfw);
      if (wayland) for (const p of FYNE_WAYLAND_PACKAGES) add(p, b.id, "Wayland headers that Fyne 2.8 compiles against");
    }
    if (wayland) add("pkg-config", b.id, "pkg-config, which Fyne 2.8 asks for wayland-client");
  }
  return plan;
}
function planPackages(wanted, host, base) {
  const plan = base ? {
    ...base,
    packages: [...base.packages],
    reasons: Object.fromEntries(Object.entries(base.reasons).map(([k, v = []]) => [k, [...v]])),
    roles: { ...base.roles }
  } : {
    system: host.os === "linux" ? "apt" : "none",
    packages: [],
    foreignArchs: [],
    hostArch: debArch(host.arch),
    reasons: {},
    roles: {},
    xcode: false,
    commands: {}
  };
  for (const w of wanted) addPackage(plan, w.pkg, w.for, w.role);
  return plan;
}
function describePackages(plan, pkgs) {
  return pkgs.map((p) => {
    const why = [plan.roles?.[p], plan.reasons[p]?.length ? `for ${plan.reasons[p].join(", ")}` : void 0].filter(Boolean).join("; ");
    return why ? `${p} (${why})` : p;
  }).join(", ");
}
function aptInstallCommand(plan, missing, sudo = "") {
  const arch = plan.foreignArchs.map((a) => `${sudo}dpkg --add-architecture ${a} && `).join("");
  return `${arch}${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${missing.join(" ")}`;
}
function parseOsRelease(text) {
  const kv = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) kv[m[1]] = m[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return {
    id: kv["ID"] ?? "",
    idLike: (kv["ID_LIKE"] ?? "").split(/\s+/).filter(Boolean),
    codename: kv["VERSION_CODENAME"] || kv["UBUNTU_CODENAME"] || ""
  };
}
function isUbuntu(os) {
  return os.id === "ubuntu" || os.idLike.includes("ubuntu") && os.id !== "debian";
}
function ubuntuMirror(dpkgArch) {
  return dpkgArch === "amd64" || dpkgArch === "i386" ? "http://archive.ubuntu.com/ubuntu" : "http://ports.ubuntu.com/ubuntu-ports";
}
var UBUNTU_URI = /^(https?|mirror\+\S+):\/\/([a-z0-9.-]*\.)?(archive|security|ports)\.ubuntu\.com\//i;
var isUbuntuUri = (uri) => UBUNTU_URI.test(uri) || /^mirror\+file:/.test(uri) || /(azure|ec2)\.archive\.ubuntu\.com/.test(uri);
function restrictDeb822(text, hostArch) {
  return text.split(/(\n[ \t]*\n)/).map((part) => {
    if (/^\n[ \t]*\n$/.test(part)) return part;
    const uris = /^URIs:\s*(.+)$/im.exec(part)?.[1]?.split(/\s+/) ?? [];
    if (!uris.some(isUbuntuUri) || /^Architectures:/im.test(part)) return part;
    return part.replace(/^(URIs:.*)$/im, `$1
Architectures: ${hostArch}`);
  }).join("");
}
function restrictOneLine(text, hostArch) {
  return text.split("\n").map((line) => {
    const m = /^(\s*deb(?:-src)?\s+)(\[[^\]]*\]\s+)?(\S+)(.*)$/.exec(line);
    if (!m || !isUbuntuUri(m[3])) return line;
    const opts = m[2];
    if (opts && /\barch=/.test(opts)) return line;
    const newOpts = opts ? opts.replace(/^\[\s*/, `[arch=${hostArch} `) : `[arch=${hostArch}] `;
    return `${m[1]}${newOpts}${m[3]}${m[4]}`;
  }).join("\n");
}
function ubuntuForeignSource(codename, arch) {
  const suites = [codename, `${codename}-updates`, `${codename}-backports`, `${codename}-security`].join(" ");
  return [
    "Types: deb",
    `URIs: ${ubuntuMirror(arch)}`,
    `Suites: ${suites}`,
    "Components: main restricted universe multiverse",
    `Architectures: ${arch}`,
    "Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg",
    ""
  ].join("\n");
}
function missingPackages(wanted, dpkgOutput, hostArch) {
  const installed = /* @__PURE__ */ new Set();
  for (const line of dpkgOutput.split(/\r?\n/)) {
    const [pkg, arch, status = ""] = line.trim().split(/\s+/);
    if (!pkg || !arch || !status.startsWith("ii")) continue;
    installed.add(`${pkg}:${arch}`);
  }
  return wanted.filter((w) => {
    const [name, arch] = w.includes(":") ? w.split(":") : [w, hostArch];
    return !installed.has(`${name}:${arch}`) && !installed.has(`${name}:all`);
  });
}
function archsOnOtherMirror(plan, osRelease) {
  if (!isUbuntu(osRelease)) return [];
  return plan.foreignArchs.filter((a) => ubuntuMirror(a) !== ubuntuMirror(plan.hostArch));
}
var foreignSourceFile = (arch) => `/etc/apt/sources.list.d/go-fyne-action-${arch}.sources`;
function foreignArchCommands(plan, facts) {
  const out = [];
  const texts = new Map(facts.sources);
  const other = archsOnOtherMirror(plan, facts.osRelease);
  for (const arch of plan.foreignArchs) {
    if (!facts.have.includes(arch)) out.push({ argv: ["dpkg", "--add-architecture", arch] });
    if (!other.includes(arch)) continue;
    for (const [file, text] of texts) {
      const next = file.endsWith(".sources") ? restrictDeb822(text, plan.hostArch) : restrictOneLine(text, plan.hostArch);
      if (next === text) continue;
      out.push({ argv: ["tee", file], input: next });
      texts.set(file, next);
    }
    const own = foreignSourceFile(arch);
    if (!facts.present(own)) out.push({ argv: ["tee", own], input: ubuntuForeignSource(facts.osRelease.codename, arch) });
  }
  return out;
}
function aptGetCommands(missing) {
  return [
    { argv: ["apt-get", "update", "-q"] },
    { argv: ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q", "--no-install-recommends", ...missing] }
  ];
}
function installAllowed(mode, ci) {
  return mode === "true" || mode === "auto" && ci;
}
var XCODE_MISSING = "cgo builds on macOS need the Xcode Command Line Tools, which are missing; run: xcode-select --install (GitHub macOS runners have them)";
function dpkgQueryMissingMessage(plan) {
  return `dpkg-query not found: cannot check ${plan.packages.join(" ")} (Debian/Ubuntu names); checking compilers only`;
}
function notAllowedMessage(plan, missing, mode) {
  const why = missing.map((m) => `${m} (for ${plan.reasons[m]?.join(", ")})`).join(", ");
  const arch = plan.foreignArchs.length ? `sudo dpkg --add-architecture ${plan.foreignArchs.join(" ")} && ` : "";
  return `input "install-deps": ${JSON.stringify(mode)} and these packages are missing: ${why}; install them (${arch}sudo apt-get install ${missing.join(" ")}) or set install-deps: true`;
}
function needsRootMessage(plan, missing, sudo) {
  const what = `${missing.length} package(s) are missing: ${describePackages(plan, missing)}`;
  return sudo === "not-installed" ? `${what}; installing them needs root and sudo is not installed: run as root: ${aptInstallCommand(plan, missing)}` : `${what}; installing them needs root and sudo asks for a password: run: ${aptInstallCommand(plan, missing, "sudo ")}`;
}
var SUDO_ASKS = "sudo will ask for your password to run apt-get";
function installingMessage(plan, missing, sudo) {
  return `installing ${missing.length} missing package(s) with apt-get${sudo.length ? ` (${sudo.join(" ")})` : ""}: ${describePackages(plan, missing)}`;
}
function installFailedMessage(argv, code, stdout, stderr) {
  const last = (stderr.trim() || stdout.trim()).split("\n").pop() ?? "";
  return `installing build dependencies failed: ${argv.join(" ")} exited ${code}: ${last}`;
}
function compilerMissingMessage(cmd, hint) {
  return `C compiler ${cmd} not found on PATH; ${hint}`;
}
function doneMessage(plan, installed, durationMs) {
  if (installed.length) return `installed ${installed.join(" ")} in ${seconds(durationMs)}`;
  if (plan.packages.length) return `system packages present: ${plan.packages.join(" ")}`;
  return void 0;
}

// src/deps/snapshot.ts
import { createHash as createHash2 } from "node:crypto";
import * as path2 from "node:path";
var LAYER_FORMAT = 1;
var DPKG_STATE_FORMAT = "${binary:Package}\\t${Package}\\t${Architecture}\\t${Version}\\t${db:Status-Abbrev}\\n";
var pkgId = (p) => `${p.name}:${p.arch}`;
function parseDpkgState(text) {
  const out = /* @__PURE__ */ new Map();
  for (const line of text.split("\n")) {
    const f = line.split("	");
    if (f.length < 5 || !f[4].startsWith("ii")) continue;
    const p = { binary: f[0], name: f[1], arch: f[2], version: f[3] };
    out.set(pkgId(p), p);
  }
  return out;
}
function parseDpkgAnyState(text) {
  const out = /* @__PURE__ */ new Map();
  for (const line of text.split("\n")) {
    const f = line.split("	");
    if (f.length < 5) continue;
    const state = f[4].slice(0, 2);
    if (state[1] === "n") continue;
    const p = { binary: f[0], name: f[1], arch: f[2], version: f[3], state };
    out.set(pkgId(p), p);
  }
  return out;
}
function diffStates(before, after) {
  const added = [];
  for (const [id, p] of after) {
    const b = before.get(id);
    if (!b) added.push(p);
    else if (b.version !== p.version) added.push({ ...p, replaces: b.version });
  }
  for (const id of before.keys()) if (!after.has(id)) return { refused: `apt-get removed ${id}; a layer only adds or upgrades packages` };
  added.sort((a, b) => pkgId(a) < pkgId(b) ? -1 : 1);
  return { added };
}
var keySafe = (s) => s.replace(/[^A-Za-z0-9._+~]+/g, "_") || "none";
function imageId(f) {
  const rel = {};
  for (const line of f.osRelease.split("\n")) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) rel[m[1]] = m[2].replace(/^["']|["']$/g, "");
  }
  const base = f.env.ImageOS && f.env.ImageVersion ? `${f.env.ImageOS}-${f.env.ImageVersion}` : `${rel.ID ?? "unknown"}${rel.VERSION_ID ?? ""}`;
  const foreign = [...new Set(f.foreign)].sort().join("+");
  return [base, f.arch, foreign].filter(Boolean).map(keySafe).join("-");
}
function layerKey(prefix, image, packages) {
  const plan = [...new Set(packages)].sort().join("\n");
  return `${prefix}-syspkg-v${LAYER_FORMAT}-${image}-${createHash2("sha256").update(plan).digest("hex").slice(0, 16)}`;
}
var PREFIXES = ["usr/", "etc/alternatives/", "var/lib/dpkg/info/", "var/lib/dpkg/alternatives/"];
var DENIED = /^(?:usr\/local(?:\/|$)|etc\/(?:sudoers|sudoers\.d|shadow|gshadow|passwd|group|ld\.so\.preload|ld\.so\.conf|ld\.so\.conf\.d|profile|profile\.d|environment|bash\.bashrc|security|pam\.d|cron[^/]*|systemd|init\.d|rc\d\.d|apt|ssh|ssl|ca-certificates|default|modprobe\.d|udev|polkit-1|dpkg|update-motd\.d)(?:\/|$))/;
var deniedPath = (abs) => DENIED.test(abs.replace(/^\/+/, ""));
var MERGED = /^(?:lib|lib32|lib64|libx32|bin|sbin)(?:\/|$)/;
var INFO_EXT = /* @__PURE__ */ new Set(["list", "md5sums", "conffiles", "preinst", "postinst", "prerm", "postrm", "config", "templates", "shlibs", "symbols", "triggers"]);
function segmentsOf(name) {
  const n = name.replace(/^\.\//, "").replace(/\/$/, "");
  if (n === "" || n.startsWith("/") || n.includes("\0") || n.includes("\\")) return `bad path ${JSON.stringify(name)}`;
  const segs = n.split("/");
  if (segs.some((s) => s === "" || s === "." || s === "..")) return `path ${JSON.stringify(name)} is not clean (empty, . or .. segment)`;
  return segs;
}
function entryProblem(e, scope) {
  const segs = segmentsOf(e.name);
  if (typeof segs === "string") return segs;
  const rel = segs.join("/");
  const abs = `/${rel}`;
  const type = e.type;
  if (type === "hardlink") return `${abs}: a hard link`;
  if (type !== "file" && type !== "dir" && type !== "symlink") return `${abs}: not a file, folder or symbolic link`;
  if (e.mode & 3072) return `${abs}: setuid or setgid bit (mode ${(e.mode & 4095).toString(8)})`;
  if (e.mode & 2 && e.type !== "symlink") return `${abs}: writable by anyone (mode ${(e.mode & 4095).toString(8)})`;
  if (DENIED.test(rel)) return `${abs}: a path no package layer may write`;
  const within = (p) => PREFIXES.some((x) => `${p}/`.startsWith(x));
  const isConffile = scope.conffiles.includes(abs);
  const parentOfConffile = e.type === "dir" && scope.conffiles.some((c) => c.startsWith(`${abs}/`));
  if (!within(rel) && !isConffile && !parentOfConffile) {
    if (e.type === "dir" && PREFIXES.some((x) => x.startsWith(`${rel}/`))) return void 0;
    return `${abs}: outside the places a package layer may write (/usr, /etc/alternatives, /var/lib/dpkg/info, /var/lib/dpkg/alternatives, declared conffiles)`;
  }
  if (rel.startsWith("etc/alternatives/")) {
    if (e.type === "dir" && segs.length === 2) return void 0;
    if (e.type !== "symlink" || segs.length !== 3 || !scope.alternatives.includes(segs[2]))
      return `${abs}: /etc/alternatives holds only links of the layer's alternatives`;
  }
  if (rel.startsWith("var/lib/dpkg/")) {
    if (e.type === "dir" && segs.length === 4) return void 0;
    if (e.type !== "file" || segs.length !== 5) return `${abs}: dpkg's folders hold only the layer's own files`;
    if (segs[3] === "alternatives" && !scope.alternatives.includes(segs[4])) return `${abs}: an alternative the layer does not record`;
    if (segs[3] === "info") {
      const dot = segs[4].lastIndexOf(".");
      const owner = segs[4].slice(0, dot);
      if (dot <= 0 || !scope.binaries.includes(owner) || !INFO_EXT.has(segs[4].slice(dot + 1))) return `${abs}: not an info file of the layer's packages`;
    }
  }
  if (e.type === "symlink") return linkProblem(abs, e.linkname);
  return void 0;
}
function linkProblem(abs, linkname) {
  if (linkname === "" || linkname.includes("\0")) return `${abs}: empty link target`;
  const resolved = path2.posix.normalize(linkname.startsWith("/") ? linkname : path2.posix.join(path2.posix.dirname(abs), linkname));
  const up = linkname.startsWith("/") ? 0 : linkname.split("/").filter((s) => s === "..").length;
  if (up >= abs.split("/").length - 1) return `${abs}: link ${JSON.stringify(linkname)} climbs past /`;
  const rel = resolved.replace(/^\/+/, "");
  if (DENIED.test(rel)) return `${abs}: link to ${resolved}, a path no package layer may point at`;
  const ok = rel.startsWith("usr/") && !rel.startsWith("usr/local/") || rel.startsWith("etc/") || MERGED.test(rel);
  if (!ok) return `${abs}: link to ${resolved}, outside /usr and /etc`;
  return void 0;
}
function parseStatus(text) {
  const out = [];
  for (const block of text.replace(/\r/g, "").split(/\n{2,}/)) {
    if (block.trim() === "") continue;
    const fields = /* @__PURE__ */ new Map();
    let last = "";
    for (const line of block.split("\n")) {
      if (line === "") continue;
      if (/^[ \t]/.test(line)) {
        if (!last) throw new Error(`status: a continuation line with no field: ${JSON.stringify(line.slice(0, 60))}`);
        fields.set(last, `${fields.get(last) ?? ""}
${line}`);
        continue;
      }
      const m = /^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]?(.*)$/.exec(line);
      if (!m) throw new Error(`status: not a field: ${JSON.stringify(line.slice(0, 60))}`);
      last = m[1].toLowerCase();
      if (fields.has(last)) throw new Error(`status: field ${m[1]} twice in one stanza`);
      fields.set(last, m[2]);
    }
    const name = fields.get("package");
    if (!name) throw new Error("status: a stanza without Package");
    const conffiles = (fields.get("conffiles") ?? "").split("\n").map((l) => l.trim().split(/\s+/)[0] ?? "").filter((p) => p.startsWith("/"));
    out.push({
      name,
      arch: fields.get("architecture") ?? "",
      version: fields.get("version") ?? "",
      status: fields.get("status") ?? "",
      conffiles,
      text: block.trim()
    });
  }
  return out;
}
function checkStanzas(text, packages) {
  const stanzas = parseStatus(text);
  const want = new Map(packages.map((p) => [pkgId(p), p]));
  const seen = /* @__PURE__ */ new Set();
  for (const s of stanzas) {
    const id = `${s.name}:${s.arch}`;
    const p = want.get(id);
    if (!p) throw new Error(`status stanza for ${id}, which the layer does not list`);
    if (seen.has(id)) throw new Error(`two status stanzas for ${id}`);
    seen.add(id);
    if (s.version !== p.version) throw new Error(`status stanza for ${id} says version ${s.version}, the layer ${p.version}`);
    if (s.status !== "install ok installed") throw new Error(`status stanza for ${id} says ${JSON.stringify(s.status)}, not "install ok installed"`);
  }
  for (const id of want.keys()) if (!seen.has(id)) throw new Error(`no status stanza for ${id}`);
  return stanzas;
}
function mergeStatus(current, stanzas, replaces = /* @__PURE__ */ new Map()) {
  const ids = new Set(stanzas.map((s) => `${s.name}:${s.arch}`));
  const keep = [];
  for (const s of parseStatus(current)) {
    const id = `${s.name}:${s.arch}`;
    if (ids.has(id)) {
      const upgrade = replaces.get(id);
      const ok = / not-installed$/.test(s.status) || upgrade !== void 0 && s.status === "install ok installed" && s.version === upgrade;
      if (!ok) throw new Error(`dpkg already has ${id} (${s.status}, version ${s.version || "none"})`);
      continue;
    }
    keep.push(s.text);
  }
  return [...keep, ...stanzas.map((s) => s.text)].join("\n\n") + "\n";
}
function packageConflicts(layer, runner) {
  const out = [];
  for (const p of layer) {
    const r = runner.get(pkgId(p));
    if (!r) {
      if (p.replaces !== void 0) out.push(`${pkgId(p)} is not installed, the layer upgrades it from ${p.replaces}`);
      continue;
    }
    if (r.state !== "ii") out.push(`${pkgId(p)} is ${r.state} on this runner`);
    else if (r.version === p.version) out.push(`${pkgId(p)} ${r.version} is installed already`);
    else if (r.version !== p.replaces)
      out.push(`${pkgId(p)} ${r.version} is installed, the layer holds ${p.version}${p.replaces ? ` (upgrading ${p.replaces})` : ""}`);
  }
  return out;
}
function fileConflict(e, there) {
  const abs = `/${e.name.replace(/^\.\//, "").replace(/\/$/, "")}`;
  if (there.type === "absent") return void 0;
  if (e.type === "dir") return there.type === "dir" || there.type === "symlink" ? void 0 : `${abs} exists and is not a folder`;
  if (there.type !== e.type) return `${abs} exists as a ${there.type}, the layer has a ${e.type}`;
  if (there.type === "file" && there.sha256 !== e.sha256) return `${abs} exists with other content`;
  if (there.type === "symlink" && there.target !== e.linkname) return `${abs} links to ${there.target}, the layer to ${e.linkname}`;
  return void 0;
}
function alternativeLinks(adminText) {
  const lines = adminText.split("\n");
  const out = [];
  if (lines.length < 2 || !lines[1].startsWith("/")) return out;
  out.push({ name: "", link: lines[1] });
  for (let i = 2; i + 1 < lines.length && lines[i] !== ""; i += 2) out.push({ name: lines[i], link: lines[i + 1] });
  return out;
}
function entryUnderLink(entries) {
  const links = new Set(entries.filter((e) => e.type === "symlink").map((e) => e.name.replace(/\/$/, "")));
  for (const e of entries) {
    const segs = e.name.replace(/\/$/, "").split("/");
    for (let i = 1; i < segs.length; i++)
      if (links.has(segs.slice(0, i).join("/"))) return `/${e.name}: beneath /${segs.slice(0, i).join("/")}, a link of the layer`;
  }
  return void 0;
}
var PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+(?::[a-z0-9-]+)?$/;
var ALTERNATIVE_NAME = /^[A-Za-z0-9][A-Za-z0-9+._@-]*$/;

// src/cache/system-layer.ts
var DPKG = "/var/lib/dpkg";
var INFO = `${DPKG}/info`;
var ALTS = `${DPKG}/alternatives`;
var MAX_ENTRIES = 2e5;
var MAX_BYTES = 4 * 2 ** 30;
async function must(exec, argv, what, input) {
  const r = await exec(argv, input === void 0 ? {} : { input });
  const prog = argv[0] === "sudo" ? argv[2] : argv[0];
  if (r.code !== 0) throw new Error(`${what}: ${prog} exited ${r.code}: ${(r.stderr || r.stdout).trim().split("\n").slice(-2).join(" / ")}`);
  return r.stdout;
}
var listDir = (d) => readdir2(d).catch(() => []);
async function snapshotBefore(exec) {
  const state = parseDpkgState(await must(exec, ["dpkg-query", "-W", "-f", DPKG_STATE_FORMAT], "dpkg state"));
  return { state, alternatives: new Set(await listDir(ALTS)) };
}
async function realParent(p) {
  const dir = await realpath(path3.dirname(p)).catch(() => path3.dirname(p));
  return path3.join(dir, path3.basename(p));
}
async function entryFor(p, listed) {
  const st = await lstat(p).catch(() => void 0);
  if (!st) return void 0;
  const abs = await realParent(p);
  const name = abs.slice(1);
  if (st.isSymbolicLink()) {
    if (/^\/(?:lib|lib32|lib64|libx32|bin|sbin)$/.test(p)) return void 0;
    for (const l of listed) if (l.startsWith(`${p}/`)) return void 0;
    return { abs, name, type: "symlink", linkname: await readlink(p), mode: 511 };
  }
  if (st.isDirectory()) return { abs, name, type: "dir", mode: st.mode & 4095, size: 0 };
  if (st.isFile()) return { abs, name, type: "file", mode: st.mode & 4095, size: st.size, source: abs };
  return void 0;
}
async function recordLayer(before, ctx) {
  const after = parseDpkgState(await must(ctx.exec, ["dpkg-query", "-W", "-f", DPKG_STATE_FORMAT], "dpkg state"));
  const diff = diffStates(before.state, after);
  if ("refused" in diff) return diff;
  if (diff.added.length === 0) return { refused: "apt-get added no package" };
  const ids = new Set(diff.added.map(pkgId));
  const stanzas = parseStatus(await readFile2(`${DPKG}/status`, "utf8")).filter((s) => ids.has(`${s.name}:${s.arch}`));
  const stanzaText = stanzas.map((s) => s.text).join("\n\n");
  const masters = (await listDir(ALTS)).filter((a) => !before.alternatives.has(a) && ALTERNATIVE_NAME.test(a)).sort();
  const altLinks = [];
  for (const a of masters)
    for (const l of alternativeLinks(await readFile2(path3.join(ALTS, a), "utf8").catch(() => ""))) altLinks.push({ name: l.name || a, link: l.link });
  const alternatives = [.../* @__PURE__ */ new Set([...masters, ...altLinks.map((l) => l.name).filter((n) => ALTERNATIVE_NAME.test(n))])].sort();
  const scope = { binaries: diff.added.map((p) => p.binary), alternatives, conffiles: stanzas.flatMap((s) => s.conffiles) };
  const etc = /* @__PURE__ */ new Set();
  for (const p of diff.added) {
    for (const l of (await readFile2(path3.join(INFO, `${p.binary}.list`), "utf8").catch(() => "")).split("\n")) {
      if (l.startsWith("/etc/") && !l.startsWith("/etc/alternatives/")) etc.add(l);
    }
  }
  scope.conffiles = [.../* @__PURE__ */ new Set([...scope.conffiles, ...etc])];
  const byAbs = /* @__PURE__ */ new Map();
  const add = (e) => {
    if (e && !byAbs.has(e.abs)) byAbs.set(e.abs, e);
  };
  const infoNames = await listDir(INFO);
  for (const p of diff.added) {
    const listed = (await readFile2(path3.join(INFO, `${p.binary}.list`), "utf8").catch(() => "")).split("\n").filter((l) => l.startsWith("/") && l !== "/.");
    const set = new Set(listed);
    for (const l of listed) add(await entryFor(l, set));
    for (const n of infoNames) if (n.startsWith(`${p.binary}.`)) add(await entryFor(path3.join(INFO, n), /* @__PURE__ */ new Set()));
  }
  for (const a of masters) add(await entryFor(path3.join(ALTS, a), /* @__PURE__ */ new Set()));
  for (const l of altLinks) {
    if (!ALTERNATIVE_NAME.test(l.name)) continue;
    add(await entryFor(path3.join("/etc/alternatives", l.name), /* @__PURE__ */ new Set()));
    add(await entryFor(l.link, /* @__PURE__ */ new Set()));
  }
  const entries = [];
  const declared = new Set(stanzas.flatMap((s) => s.conffiles));
  const omitted = [];
  for (const e of byAbs.values()) {
    if (e.type !== "dir" && declared.has(e.abs) && deniedPath(e.abs)) {
      omitted.push(e.abs);
      continue;
    }
    const problem = entryProblem({ name: e.name, type: e.type, mode: e.mode, linkname: e.type === "symlink" ? e.linkname : "" }, scope);
    if (problem === void 0) entries.push(e);
    else if (e.type !== "dir") return { refused: `the install wrote ${e.type} ${problem}` };
  }
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const under = entryUnderLink(entries);
  if (under) return { refused: under };
  await forceRemove(ctx.dir);
  ownRoot(ctx.dir);
  await mkdir(ctx.dir, { recursive: true });
  await writeAtomically(path3.join(ctx.dir, "files.tar"), 384, writeChunks(tarStream(entries, { mtime: 0 })));
  const bytes = entries.reduce((n, e) => n + (e.type === "file" ? e.size : 0), 0);
  const etcFiles = entries.filter((e) => e.name.startsWith("etc/") && !e.name.startsWith("etc/alternatives/") && etc.has(e.abs)).map((e) => e.abs);
  const meta = {
    format: LAYER_FORMAT,
    key: ctx.key,
    packages: diff.added,
    alternatives,
    stanzas: stanzaText,
    etc: etcFiles,
    omitted,
    entries: entries.length,
    bytes
  };
  await writeFile(path3.join(ctx.dir, "layer.json"), JSON.stringify(meta));
  return { meta };
}
async function readMeta(dir) {
  const root = await ReadRoot.open(dir, "system-packages cache layer");
  const raw = JSON.parse(await root.readText("layer.json", "layer.json", { maxBytes: 16 << 20 }));
  if (raw.format !== LAYER_FORMAT) throw new Error(`layer format ${String(raw.format)}, this action reads ${LAYER_FORMAT}`);
  if (!Array.isArray(raw.packages) || raw.packages.length === 0) throw new Error("layer.json lists no packages");
  for (const p of raw.packages) {
    const q = p;
    if (typeof q.name !== "string" || typeof q.arch !== "string" || typeof q.version !== "string" || typeof q.binary !== "string")
      throw new Error("layer.json: a package without name, arch, version");
    if (!PACKAGE_NAME.test(q.name) || !PACKAGE_NAME.test(q.binary) || !/^[a-z0-9-]+$/.test(q.arch) || !/^[A-Za-z0-9.+~:-]+$/.test(q.version)) {
      throw new Error(`layer.json: bad package ${JSON.stringify(q).slice(0, 120)}`);
    }
    if (q.binary !== q.name && q.binary !== `${q.name}:${q.arch}`) throw new Error(`layer.json: ${q.binary} is not ${q.name}'s info name`);
    if (q.replaces !== void 0 && (typeof q.replaces !== "string" || !/^[A-Za-z0-9.+~:-]+$/.test(q.replaces)))
      throw new Error(`layer.json: bad replaced version for ${q.name}`);
  }
  const alts = Array.isArray(raw.alternatives) ? raw.alternatives : [];
  if (!alts.every((a) => typeof a === "string" && ALTERNATIVE_NAME.test(a))) throw new Error("layer.json: bad alternative name");
  if (typeof raw.stanzas !== "string") throw new Error("layer.json: no status stanzas");
  const etc = Array.isArray(raw.etc) ? raw.etc : [];
  if (!etc.every((e) => typeof e === "string" && e.startsWith("/etc/"))) throw new Error("layer.json: bad /etc file list");
  return {
    format: LAYER_FORMAT,
    key: String(raw.key),
    packages: raw.packages,
    alternatives: alts,
    stanzas: raw.stanzas,
    etc,
    entries: Number(raw.entries),
    bytes: Number(raw.bytes)
  };
}
async function sha256File(p) {
  const h = createHash3("sha256");
  for await (const c of createReadStream(p)) h.update(c);
  return h.digest("hex");
}
async function existing(abs) {
  const st = await lstat(abs).catch(() => void 0);
  if (!st) return { type: "absent" };
  if (st.isSymbolicLink()) return { type: "symlink", target: await readlink(abs) };
  if (st.isDirectory()) return { type: "dir" };
  if (st.isFile()) return { type: "file", sha256: await sha256File(abs) };
  return { type: "other" };
}
async function replaceableFiles(upgrades) {
  const out = /* @__PURE__ */ new Set();
  if (upgrades.length === 0) return out;
  const infoNames = await listDir(INFO);
  for (const p of upgrades) {
    const listed = (await readFile2(path3.join(INFO, `${p.binary}.list`), "utf8").catch(() => "")).split("\n").filter((l) => l.startsWith("/") && l !== "/.");
    for (const l of listed) out.add(await realParent(l));
    for (const n of infoNames) if (n.startsWith(`${p.binary}.`)) out.add(path3.join(INFO, n));
  }
  return out;
}
async function checkArchive(tarFile, meta, scope, onRunner = existing, replaceable = /* @__PURE__ */ new Set()) {
  const entries = [];
  let bytes = 0;
  let hash;
  const listed = /* @__PURE__ */ new Set();
  let list;
  const finish = () => {
    if (hash) entries[entries.length - 1].sha256 = hash.digest("hex");
    if (list) for (const l of Buffer.concat(list).toString("utf8").split("\n")) listed.add(l);
    hash = void 0;
    list = void 0;
  };
  for await (const item of readTar(createReadStream(tarFile))) {
    if ("chunk" in item) {
      hash?.update(item.chunk);
      list?.push(Buffer.from(item.chunk));
      continue;
    }
    finish();
    const e = item.entry;
    const le = { name: e.name.replace(/^\.\//, "").replace(/\/$/, ""), type: e.type, mode: e.mode, linkname: e.linkname };
    const problem = entryProblem(le, scope);
    if (problem) throw new Error(problem);
    if (entries.length >= MAX_ENTRIES || (bytes += e.size) > MAX_BYTES) throw new Error(`more than ${MAX_ENTRIES} entries or ${MAX_BYTES} bytes`);
    entries.push(le);
    if (e.type === "file") hash = createHash3("sha256");
    if (e.type === "file" && /^var\/lib\/dpkg\/info\/[^/]+\.list$/.test(le.name) && e.size < 64 << 20) list = [];
  }
  finish();
  const etcClaimed = new Set(meta.etc);
  for (const e of entries) {
    if (!etcClaimed.has(`/${e.name}`)) continue;
    if (!listed.has(`/${e.name}`)) throw new Error(`/${e.name}: in /etc, but no package of the layer lists it`);
  }
  if (entries.length !== meta.entries) throw new Error(`files.tar has ${entries.length} entries, layer.json says ${meta.entries}`);
  const under = entryUnderLink(entries);
  if (under) throw new Error(under);
  const conflicts = [];
  for (const e of entries) {
    if (e.type !== "dir" && replaceable.has(`/${e.name}`)) continue;
    const c = fileConflict(e, await onRunner(`/${e.name}`));
    if (c) conflicts.push(c);
    if (conflicts.length >= 3) break;
  }
  if (conflicts.length) throw new Error(`conflict with this runner: ${conflicts.join("; ")}`);
  return entries;
}
var STATUS_WRITER = String.raw`
use strict; use Fcntl; use IO::Handle;
my ($dir, $old, $new) = @ARGV;
sub lk { my $f = shift; sysopen(my $h, "$dir/$f", O_RDWR|O_CREAT, 0640) or die "open $f: $!\n";
  my $fl = pack('ssx4qqlx4', F_WRLCK, 0, 0, 0, 0); fcntl($h, F_SETLK, $fl) or do { print STDERR "dpkg is busy ($f held by another process)\n"; exit 75 }; return $h }
my $a = lk('lock-frontend'); my $b = lk('lock');
opendir(my $u, "$dir/updates") or die "updates: $!\n"; for (readdir $u) { if (/^\d+$/) { print STDERR "dpkg has pending updates (run dpkg --configure -a)\n"; exit 76 } }
sub slurp { my $p = shift; open(my $h, '<:raw', $p) or die "$p: $!\n"; local $/; my $s = <$h>; return defined $s ? $s : '' }
if (slurp("$dir/status") ne slurp($old)) { print STDERR "dpkg's status changed meanwhile\n"; exit 77 }
my $text = slurp($new);
open(my $o, '>:raw', "$dir/status-new") or die "status-new: $!\n"; print $o $text or die "write: $!\n"; $o->flush; $o->sync or die "sync: $!\n"; close($o) or die "close: $!\n";
chmod(0644, "$dir/status-new"); rename("$dir/status-new", "$dir/status") or die "rename: $!\n";
`;
async function restoreLayer(ctx, missing, sudo, hostArch, now = Date.now) {
  const t0 = now();
  const phases = {};
  let mark = t0;
  const phase = (name) => {
    const t = now();
    phases[name] = t - mark;
    mark = t;
  };
  const out = (o) => ({ ...o, ms: now() - t0, phases });
  try {
    await forceRemove(ctx.dir);
    ownRoot(ctx.dir);
    const r = await ctx.backend.restore([ctx.dir], ctx.key, []);
    if (r.failure) return out({ restored: false, why: `the layer's restore failed: ${r.failure}`, packages: 0 });
    if (r.matchedKey !== ctx.key) return out({ restored: false, miss: true, why: "no layer for this runner image and package set yet", packages: 0 });
    phase("fetch");
    const meta = await readMeta(ctx.dir);
    if (meta.key !== ctx.key) throw new Error(`layer.json is for ${meta.key}`);
    const stanzas = checkStanzas(meta.stanzas, meta.packages);
    const names = new Set(meta.packages.flatMap((p) => [p.name, pkgId(p)]));
    const uncovered = missing.filter((m) => !names.has(m) && !names.has(`${m}:${hostArch}`));
    if (uncovered.length) throw new Error(`the layer lacks ${uncovered.join(" ")}`);
    const runner = parseDpkgAnyState(await must(ctx.exec, ["dpkg-query", "-W", "-f", DPKG_STATE_FORMAT], "dpkg state"));
    const pc = packageConflicts(meta.packages, runner);
    if (pc.length) throw new Error(`conflict with this runner: ${pc.slice(0, 3).join("; ")}`);
    const scope = {
      binaries: meta.packages.map((p) => p.binary),
      alternatives: meta.alternatives,
      conffiles: [...stanzas.flatMap((s) => s.conffiles), ...meta.etc]
    };
    const tarFile = path3.join(ctx.dir, "files.tar");
    const upgrades = meta.packages.filter((p) => p.replaces !== void 0);
    const entries = await checkArchive(tarFile, meta, scope, existing, await replaceableFiles(upgrades));
    const statusNow = await readFile2(`${DPKG}/status`, "utf8");
    const merged = mergeStatus(statusNow, stanzas, new Map(upgrades.map((p) => [pkgId(p), p.replaces ?? ""])));
    await writeFile(path3.join(ctx.dir, "status.old"), statusNow, { mode: 384 });
    await writeFile(path3.join(ctx.dir, "status.new"), merged, { mode: 384 });
    phase("check");
    await must(
      ctx.exec,
      [...sudo, "tar", "-x", "-f", tarFile, "-C", "/", "--no-overwrite-dir", "--keep-directory-symlink", "--same-owner", "--same-permissions"],
      "placing the files"
    );
    phase("place");
    await must(
      ctx.exec,
      [...sudo, "perl", "-e", STATUS_WRITER, DPKG, path3.join(ctx.dir, "status.old"), path3.join(ctx.dir, "status.new")],
      "updating dpkg's status"
    );
    phase("status");
    await must(ctx.exec, [...sudo, "ldconfig"], "ldconfig");
    phase("ldconfig");
    const q = await ctx.exec(["dpkg-query", "-W", "-f", "${Package} ${Architecture} ${db:Status-Abbrev}\n", ...missing]);
    const still = missingPackages(missing, q.stdout, hostArch);
    if (still.length) throw new Error(`after the restore dpkg does not see ${still.join(" ")} as installed`);
    const pcs = [...new Set(entries.filter((e) => e.type !== "dir" && /\/pkgconfig\/[^/]+\.pc$/.test(e.name)).map((e) => path3.basename(e.name, ".pc")))];
    if (pcs.length) {
      const p = await ctx.exec(["pkg-config", "--exists", "--print-errors", ...pcs]);
      if (p.code !== 0 && p.code !== 127)
        throw new Error(`pkg-config cannot resolve the layer's .pc files: ${p.stderr.trim().split("\n").slice(0, 2).join(" / ")}`);
    }
    phase("verify");
    return out({ restored: true, packages: meta.packages.length });
  } catch (err) {
    return out({ restored: false, why: errorMessage(err), packages: 0 });
  } finally {
    await forceRemove(ctx.dir).catch(() => void 0);
  }
}
async function saveSystemLayer(state, backend, log, now = Date.now) {
  const t0 = now();
  const rep = { action: "skipped", reason: "", key: state.key, ms: 0 };
  try {
    if (!state.recorded) rep.reason = "nothing recorded this run";
    else if (!state.save) rep.reason = state.saveWhy;
    else {
      ownRoot(state.dir);
      const r = await backend.save([state.dir], state.key);
      rep.action = r.status;
      rep.reason = r.message ?? `${state.recorded.packages} packages, ${state.recorded.entries} entries`;
    }
  } catch (err) {
    rep.action = "failed";
    rep.reason = errorMessage(err);
  } finally {
    await forceRemove(state.dir).catch(() => void 0);
  }
  rep.ms = now() - t0;
  const line = `cache system packages: ${rep.action}${rep.reason ? ` (${rep.reason})` : ""}; key ${state.key} in ${seconds(rep.ms)}`;
  if (rep.action === "failed") log.warning(line);
  else log.info(line);
  return rep;
}
async function keyFor(o, exec, missing) {
  const arch = (await must(exec, ["dpkg", "--print-architecture"], "dpkg architecture")).trim();
  const foreign = (await must(exec, ["dpkg", "--print-foreign-architectures"], "dpkg architectures")).split(/\s+/).filter(Boolean);
  const osRelease = await (o.osRelease ?? (() => readFile2("/etc/os-release", "utf8").catch(() => "")))();
  return layerKey(o.keyPrefix, imageId({ env: o.env, osRelease, arch, foreign }), missing);
}
function systemLayerHooks(o) {
  const now = o.now ?? Date.now;
  let ctx;
  let before;
  let report;
  let hostArch = "";
  const hooks = {
    async restore(missing, sudo, exec) {
      const t0 = now();
      try {
        const key = await keyFor(o, exec, missing);
        hostArch = (await must(exec, ["dpkg", "--print-architecture"], "dpkg architecture")).trim();
        ctx = { key, dir: o.dir, backend: await o.backend(), log: o.log, exec };
      } catch (err) {
        report = { outcome: "skipped", key: "", packages: 0, ms: now() - t0, why: `no cache layer: ${errorMessage(err)}` };
        o.log.warning(`system packages: ${report.why}; installing with apt-get`);
        return false;
      }
      const r = await restoreLayer(ctx, missing, sudo, hostArch, now);
      report = {
        outcome: r.restored ? "restored" : "installed",
        key: ctx.key,
        packages: r.packages,
        ms: r.ms,
        phases: r.phases,
        ...r.why ? { why: r.why } : {}
      };
      o.log.debug(`system packages: restore phases (ms) ${JSON.stringify(r.phases)}`);
      if (r.restored) o.log.info(`System packages: restored ${r.packages} packages from the cache in ${seconds(r.ms)} (key ${ctx.key})`);
      else if (r.miss) o.log.info(`System packages: not from the cache: ${r.why} (key ${ctx.key}); installing with apt-get`);
      else o.log.warning(`System packages: the cache layer was not used, installing with apt-get: ${r.why}`);
      return r.restored;
    },
    async beforeInstall(exec) {
      if (!ctx) return;
      try {
        before = await snapshotBefore(exec);
      } catch (err) {
        o.log.debug(`system packages: no snapshot before apt-get (${errorMessage(err)}): nothing will be saved`);
      }
    },
    async afterInstall(exec) {
      if (!ctx || !before) return;
      if (!o.save.save) {
        o.log.info(`System packages: the layer is not recorded (cache save: ${o.save.why})`);
        return;
      }
      const t0 = now();
      try {
        const r = await recordLayer(before, { ...ctx, exec });
        if ("refused" in r) {
          o.log.info(`System packages: no cache layer made: ${r.refused}`);
          return;
        }
        const state = {
          v: 1,
          key: ctx.key,
          dir: ctx.dir,
          recorded: { packages: r.meta.packages.length, entries: r.meta.entries, bytes: r.meta.bytes },
          save: o.save.save,
          saveWhy: o.save.why
        };
        o.saveState(JSON.stringify(state));
        o.log.info(
          `System packages: recorded ${r.meta.packages.length} packages (${r.meta.entries} entries) for the cache in ${seconds(now() - t0)}; saved after the run`
        );
        if (r.meta.omitted?.length)
          o.log.info(`System packages: the layer leaves out ${r.meta.omitted.join(" ")} (conffiles where no layer may write; dpkg sees them as removed)`);
      } catch (err) {
        o.log.warning(`System packages: the cache layer was not recorded: ${errorMessage(err)}`);
      }
    }
  };
  return { hooks, outcome: () => report };
}

// src/steps/cache.ts
var STATE = "cache";
var SYSPKG_STATE = "syspkg";
function systemLayerDir(rt) {
  return path4.join(rt.tempDir, "go-fyne-action-syspkg");
}
async function cacheBackend(rt) {
  if (rt.localCacheDir !== void 0) return new LocalBackend(localCacheLayout(rt.localCacheDir).store, rt);
  const { GitHubBackend } = await import("./github-backend-UUJNKUUR.js");
  return new GitHubBackend(rt);
}
var restoreCachesStep = {
  name: "Restore caches",
  run: async (ctx) => {
    const { rt, config, plan: planned, gocaches } = ctx;
    if (!config.cache.enabled) return { skipped: "cache is false" };
    const go = ctx.go;
    if (!go) return { skipped: "Go is not installed (the files were gathered, not built)" };
    if (!go.runnable) return { skipped: `${go.cannotRun ?? "Go cannot run here"}: go env cannot run, so no cache is restored or saved` };
    try {
      const save = saveDecision(config.cache.save, rt.env);
      const strict = strictRestore(rt.env, config.signing.authenticode !== void 0);
      const env = await goEnv(go.goBin, ["GOCACHE", "GOMODCACHE"], rt.env, config.workingDirectory);
      ownRoot(env.GOCACHE);
      ownRoot(env.GOMODCACHE);
      const facts = await gatherCacheFacts(config.workingDirectory, config.cache);
      const plan = planLayers({
        inputs: config.cache,
        workDir: config.workingDirectory,
        os: rt.host.os,
        arch: rt.host.arch,
        goVersion: go.version.text,
        fyneVersion: planned.fyneVersion === "none" ? null : planned.fyneVersion,
        targets: "set" in planned ? planned.set.plans.map((p) => p.id) : [],
        flags: "set" in planned ? planned.set.fingerprint : {},
        // the planner's, as is
        goSumHash: facts.goSumHash,
        runStamp: runStamp(rt.env, /* @__PURE__ */ new Date()),
        gocache: env.GOCACHE,
        gomodcache: env.GOMODCACHE,
        vendorPresent: facts.vendorPresent,
        save,
        gocacheOwner: gocaches,
        localStore: rt.localCacheDir !== void 0,
        // a user's GOCACHE then persists without the store (layers.ts buildLayerSkip)
        strict
      });
      if (!save.save) rt.info(`cache save: off (${save.why})`);
      if (strict.strict) rt.info(`cache: strict restore (${strict.why}): exact keys only, no build cache, modules checked with go mod verify`);
      const state = await restoreLayers(plan, await cacheBackend(rt), rt, {
        workDir: config.workingDirectory,
        stateDir: rt.tempDir,
        env: rt.env,
        goBin: go.goBin
      });
      const out = cacheOutputs(state);
      rt.setOutput("cache-hit", out["cache-hit"]);
      rt.setOutput("cache-matched-keys", out["cache-matched-keys"]);
      rt.saveState(STATE, JSON.stringify(state));
      ctx.cache = state;
    } catch (err) {
      rt.warning(`cache restore failed, building cold: ${errorMessage(err)}`);
    }
    return RAN;
  }
};
async function saveCaches(rt) {
  await saveSystemPackages(rt);
  const raw = rt.getState(STATE);
  if (!raw) return [];
  let state;
  try {
    state = JSON.parse(raw);
    return await saveLayers(state, await cacheBackend(rt), rt);
  } catch (err) {
    rt.warning(`cache save failed: ${errorMessage(err)}`);
    return [];
  } finally {
    if (state?.manifest) await rm(state.manifest, { force: true }).catch(() => void 0);
  }
}
async function saveSystemPackages(rt) {
  const raw = rt.getState(SYSPKG_STATE);
  if (!raw) return;
  try {
    await saveSystemLayer(JSON.parse(raw), await cacheBackend(rt), rt);
  } catch (err) {
    rt.warning(`cache system packages: not saved: ${errorMessage(err)}`);
  }
}

export {
  planDeps,
  planPackages,
  parseOsRelease,
  missingPackages,
  archsOnOtherMirror,
  foreignArchCommands,
  aptGetCommands,
  installAllowed,
  XCODE_MISSING,
  dpkgQueryMissingMessage,
  notAllowedMessage,
  needsRootMessage,
  SUDO_ASKS,
  installingMessage,
  installFailedMessage,
  compilerMissingMessage,
  doneMessage,
  systemLayerHooks,
  SYSPKG_STATE,
  systemLayerDir,
  cacheBackend,
  restoreCachesStep,
  saveCaches
};
