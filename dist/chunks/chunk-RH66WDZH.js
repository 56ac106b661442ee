import {
  UserError
} from "./chunk-6ZRI6CPZ.js";

// src/system/names.ts
function quote(value) {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
  );
}
var RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
var MAX_BYTES = 200;
function nameProblem(value, kind = "file") {
  if (value === "") return "is empty";
  if (Buffer.byteLength(value) > MAX_BYTES) return `is longer than ${MAX_BYTES} bytes`;
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) return "has a control character (a newline, tab or NUL)";
  if (/[/\\]/.test(value)) return "has a path separator (/ or \\)";
  if (value === "." || value === "..") return "is a relative folder name";
  if (value.startsWith("-")) return "starts with -, which a tool would read as an option";
  if (kind === "version") {
    if (!/^[A-Za-z0-9][A-Za-z0-9._+~-]*$/.test(value)) return "holds characters other than letters, digits and . _ + - ~";
    return void 0;
  }
  if (/[<>:"|?*]/.test(value)) return 'has a character Windows cannot store in a file name (< > : " | ? *)';
  if (/[. ]$/.test(value)) return "ends in a dot or a space";
  if (/^\s/.test(value)) return "starts with a space";
  if (RESERVED.test(value)) return "is a reserved device name on Windows";
  return void 0;
}
function checkName(value, what, kind = "file") {
  const v = value.normalize("NFC");
  const problem = nameProblem(v, kind);
  if (problem) throw new UserError(`${what}: ${quote(value)} ${problem}; ${accepted(kind)}`);
  return v;
}
function checkInputName(input, value, kind = "file") {
  const v = value.normalize("NFC");
  const problem = nameProblem(v, kind);
  if (problem) throw new UserError(`input "${input}": ${quote(value)} ${problem}; ${accepted(kind)}`);
  return v;
}
function checkRelPath(value, what) {
  if (value === "") throw new UserError(`${what}: an empty path; give a relative path of plain names`);
  const parts = value.split("/");
  for (const p of parts) {
    const problem = nameProblem(p.normalize("NFC"), "file");
    if (problem) throw new UserError(`${what}: ${quote(value)} has a part ${quote(p)} that ${problem}; give a relative path of plain names`);
  }
  return parts.map((p) => p.normalize("NFC")).join("/");
}
function accepted(kind) {
  return kind === "version" ? "use letters, digits and . _ + - ~ starting with a letter or digit (e.g. 1.2.3 or 1.2.3-rc.1)" : 'use a plain file name: no / \\ < > : " | ? *, no control characters, not . or .., not starting with -';
}
function aliasKey(path2) {
  return path2.normalize("NFC").toLowerCase().normalize("NFC");
}
function findOverlap(paths) {
  const keyed = paths.map((p) => ({ p, k: aliasKey(p) })).sort((a, b) => a.k < b.k ? -1 : a.k > b.k ? 1 : 0);
  for (let i = 1; i < keyed.length; i++) {
    if (keyed[i].k === keyed[i - 1].k) return [keyed[i - 1].p, keyed[i].p, "alias"];
  }
  const keys = new Map(keyed.map(({ p, k }) => [k, p]));
  for (const { p, k } of keyed) {
    const segs = k.split("/");
    for (let n = 1; n < segs.length; n++) {
      const parent = keys.get(segs.slice(0, n).join("/"));
      if (parent !== void 0) return [parent, p, "nested"];
    }
  }
  return void 0;
}

// src/system/confine.ts
import { constants as fsc, realpathSync } from "node:fs";
import { cp, lstat, mkdir, open, readdir, realpath, rename, link, unlink, rm, chmod } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { tmpdir } from "node:os";
var VCS_DIRS = /* @__PURE__ */ new Set([".git", ".hg", ".svn", ".bzr", "_darcs", ".jj", "CVS"]);
var DEFAULT_READ_CAP = 64 << 20;
var ConfineError = class extends UserError {
  constructor(message, reason) {
    super(message);
    this.reason = reason;
  }
  reason;
  name = "ConfineError";
};
var show = quote;
var isWin = process.platform === "win32";
function within(parent, child) {
  const rel = relative(parent, child);
  return rel === "" || !rel.startsWith("..") && !isAbsolute(rel);
}
function refSegments(ref) {
  if (ref === "") return { problem: "is empty" };
  if (ref.includes("\0")) return { problem: "has a NUL byte" };
  if (/^[\\/]/.test(ref) || /^[A-Za-z]:/.test(ref)) return { problem: "is an absolute path" };
  const segs = ref.split(/[\\/]+/).filter((p) => p !== "" && p !== ".");
  if (segs.includes("..")) return { problem: "climbs out of its folder with .." };
  const vcs = segs.find((p) => VCS_DIRS.has(p) || VCS_DIRS.has(p.toLowerCase()) || p.toLowerCase() === ".git");
  if (vcs) return { problem: `is inside the version-control folder ${vcs}` };
  return { segs };
}
var ReadRoot = class _ReadRoot {
  constructor(dir, real, label) {
    this.dir = dir;
    this.real = real;
    this.label = label;
  }
  dir;
  real;
  label;
  static async open(dir, label) {
    const abs = resolve(dir);
    return new _ReadRoot(abs, await realpath(abs), label);
  }
  static openSync(dir, label) {
    const abs = resolve(dir);
    return new _ReadRoot(abs, realpathSync(abs), label);
  }
  /** The segments of `ref` relative to the root, or a ConfineError naming `what`. Pure apart from the root's path. */
  segments(ref, what, allowAbsolute = false) {
    const refuse = (problem) => new ConfineError(`${what}: ${show(ref)} ${problem}; give a path inside ${this.label}`, "refused");
    if (ref === "") throw refuse("is empty");
    let rel = ref;
    if (isAbsolute(ref) || isWin && /^[A-Za-z]:/.test(ref)) {
      if (!allowAbsolute) throw refuse("is an absolute path");
      const abs = resolve(ref);
      const inside = [this.dir, this.real].find((r2) => within(r2, abs));
      if (inside === void 0) throw refuse(`is outside ${this.label} (${this.dir})`);
      rel = relative(inside, abs);
    }
    if (rel === "" || rel === ".") return [];
    const r = refSegments(rel);
    if ("problem" in r) throw refuse(r.problem);
    return r.segs;
  }
  /**
   * The real path `ref` names, checked: inside the root after every link is resolved, not inside
   * a VCS folder, and of the kind wanted. A missing path is a ConfineError with reason 'missing'.
   */
  async locate(ref, what, opts = {}) {
    const segs = this.segments(ref, what, opts.allowAbsolute);
    const joined = segs.length ? join(this.real, ...segs) : this.real;
    let real;
    try {
      real = await realpath(joined);
    } catch (err) {
      const code = err.code;
      if (code === "ENOENT" || code === "ENOTDIR") throw new ConfineError(`${what}: ${show(ref)} does not exist in ${this.label}`, "missing");
      if (code === "ELOOP") throw new ConfineError(`${what}: ${show(ref)} is a loop of links; give a regular file inside ${this.label}`, "refused");
      throw err;
    }
    if (!within(this.real, real)) {
      throw new ConfineError(`${what}: ${show(ref)} is a link that leads outside ${this.label}; give a regular file inside it`, "refused");
    }
    const through = refSegments(relative(this.real, real) || ".");
    if ("problem" in through)
      throw new ConfineError(`${what}: ${show(ref)} leads through a link into a version-control folder; refusing to read it`, "refused");
    const kind = opts.kind ?? "file";
    if (kind !== "any") {
      const st = await lstat(real);
      if (kind === "file" && !st.isFile()) throw new ConfineError(`${what}: ${show(ref)} is not a regular file; give a file inside ${this.label}`, "refused");
      if (kind === "dir" && !st.isDirectory()) throw new ConfineError(`${what}: ${show(ref)} is not a folder; give a folder inside ${this.label}`, "refused");
    }
    return real;
  }
  /** Whether `ref` names a regular file the root lets us read (false for missing or refused). */
  async hasFile(ref) {
    try {
      await this.locate(ref, "file");
      return true;
    } catch (err) {
      if (err instanceof ConfineError) return false;
      throw err;
    }
  }
  /** The bytes of the regular file `ref` names, checked as `locate` does and capped in size. */
  async read(ref, what, opts = {}) {
    const real = await this.locate(ref, what, { allowAbsolute: opts.allowAbsolute, kind: "file" });
    return readCapped(real, `${what}: ${show(ref)}`, opts.maxBytes ?? DEFAULT_READ_CAP);
  }
  async readText(ref, what, opts = {}) {
    return (await this.read(ref, what, opts)).toString("utf8");
  }
};
async function readCapped(file, label, cap) {
  let fh;
  try {
    fh = await open(file, fsc.O_RDONLY | (isWin ? 0 : fsc.O_NOFOLLOW));
  } catch (err) {
    const code = err.code;
    if (code === "ELOOP") throw new ConfineError(`${label} is a link; give a regular file`, "refused");
    if (code === "ENOENT") throw new ConfineError(`${label} does not exist`, "missing");
    throw err;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new ConfineError(`${label} is not a regular file`, "refused");
    if (st.size > cap) throw new ConfineError(`${label} is ${st.size} bytes, over the ${cap}-byte limit`, "refused");
    const buf = Buffer.alloc(Math.min(st.size, cap) + 1);
    let got = 0;
    for (; ; ) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, null);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got > cap) throw new ConfineError(`${label} grew over the ${cap}-byte limit while being read`, "refused");
      if (got === buf.length) break;
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}
var WriteRoot = class _WriteRoot {
  constructor(dir, label) {
    this.dir = dir;
    this.label = label;
  }
  dir;
  label;
  /**
   * Opens (making it, with its parents, if missing) the folder `dir`. It must be a real folder,
   * not a link; with `requireEmpty`, one that holds nothing yet.
   */
  static async create(dir, label, opts = {}) {
    const abs = resolve(dir);
    await mkdir(dirname(abs), { recursive: true });
    try {
      await mkdir(abs);
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      const st = await lstat(abs);
      if (!st.isDirectory())
        throw new ConfineError(`${label}: ${abs} is ${st.isSymbolicLink() ? "a link" : "not a folder"}; give a new or empty folder`, "refused");
      if (opts.requireEmpty && (await readdir(abs)).length > 0) {
        throw new ConfineError(`${label}: ${abs} already holds files; give a new or empty folder so nothing already there is released`, "refused");
      }
    }
    return new _WriteRoot(abs, label);
  }
  /** The absolute path of `rel` (validated, not touched). */
  path(rel) {
    const r = refSegments(rel);
    if ("problem" in r) throw new ConfineError(`${this.label}: the name ${show(rel)} ${r.problem}; refusing to write it`, "refused");
    return r.segs.length ? join(this.dir, ...r.segs) : this.dir;
  }
  segs(rel) {
    const r = refSegments(rel);
    if ("problem" in r) throw new ConfineError(`${this.label}: the name ${show(rel)} ${r.problem}; refusing to write it`, "refused");
    if (r.segs.length === 0) throw new ConfineError(`${this.label}: an empty name; refusing to write it`, "refused");
    return r.segs;
  }
  /** Makes the folder `rel` (and its parents) one level at a time; each must be a real folder. Returns its path. */
  async mkdir(rel) {
    const segs = rel === "" || rel === "." ? [] : this.segs(rel);
    return this.ensureDirs(segs);
  }
  async ensureDirs(segs) {
    let cur = this.dir;
    for (const s of segs) {
      cur = join(cur, s);
      try {
        await mkdir(cur);
      } catch (err) {
        if (err.code !== "EEXIST") throw err;
        const st = await lstat(cur);
        if (!st.isDirectory()) {
          throw new ConfineError(
            `${this.label}: ${relative(this.dir, cur)} is ${st.isSymbolicLink() ? "a link" : "a file"} where a folder is needed; refusing to write through it`,
            "refused"
          );
        }
      }
    }
    return cur;
  }
  /**
   * Writes the file `rel`: `produce` fills a temp file beside it (opened exclusively, never
   * through a link), which then takes the name by rename (or by link, refusing an existing name,
   * when `exclusive`). Returns the path.
   */
  async writeWith(rel, produce, opts = {}) {
    const segs = this.segs(rel);
    const parent = await this.ensureDirs(segs.slice(0, -1));
    const dest = join(parent, segs[segs.length - 1]);
    await writeIntoFolder(parent, dest, produce, opts, `${this.label}: ${rel}`);
    return dest;
  }
  async write(rel, data, opts = {}) {
    return this.writeWith(rel, (fh) => fh.writeFile(data).then(() => void 0), opts);
  }
  /** Copies the regular file `src` (read without following a link at its name) to `rel`. */
  async copyFrom(src, rel, opts = {}) {
    return this.writeWith(
      rel,
      async (out) => {
        const input = await open(src, fsc.O_RDONLY | (isWin ? 0 : fsc.O_NOFOLLOW));
        try {
          if (!(await input.stat()).isFile()) throw new ConfineError(`${this.label}: ${src} is not a regular file; refusing to copy it`, "refused");
          const buf = Buffer.alloc(1 << 20);
          for (; ; ) {
            const { bytesRead } = await input.read(buf, 0, buf.length, null);
            if (bytesRead === 0) break;
            let done = 0;
            while (done < bytesRead) done += (await out.write(buf, done, bytesRead - done, null)).bytesWritten;
          }
        } finally {
          await input.close();
        }
      },
      opts
    );
  }
  /**
   * Moves the file or folder `src`, made in a place the action owns (a temp folder), to `rel`,
   * which must not exist yet (`remove` it first to replace it). Parents are made as `mkdir` does.
   * A rename; across devices a copy (links kept as links) and the source removed. Returns the path.
   */
  async moveIn(src, rel) {
    const from = owned(src);
    const segs = this.segs(rel);
    const parent = await this.ensureDirs(segs.slice(0, -1));
    const dest = join(parent, segs[segs.length - 1]);
    if (await lstat(dest).then(
      () => true,
      () => false
    ))
      throw new ConfineError(`${this.label}: ${rel} already exists; refusing to replace it`, "refused");
    try {
      await rename(from, dest);
    } catch (err) {
      if (err.code !== "EXDEV") throw err;
      await cp(from, dest, { recursive: true, errorOnExist: true, force: false, verbatimSymlinks: true, preserveTimestamps: true });
      await rm(from, { recursive: true, force: true });
    }
    return dest;
  }
  /** Sets the mode of `rel`, which must be a file or folder of this root, not a link. */
  async chmod(rel, mode) {
    const p = join(this.dir, ...this.segs(rel));
    await this.checkParents(rel);
    const st = await lstat(p);
    if (st.isSymbolicLink()) throw new ConfineError(`${this.label}: ${rel} is a link; refusing to change what it points at`, "refused");
    await chmod(p, mode);
  }
  /** Removes `rel` (a folder with what it holds; a link itself, never what it points at). */
  async remove(rel) {
    await this.checkParents(rel);
    await rm(join(this.dir, ...this.segs(rel)), { recursive: true, force: true });
  }
  /** Every parent of `rel` under the root must be a real folder (or missing). */
  async checkParents(rel) {
    const segs = this.segs(rel);
    let cur = this.dir;
    for (const s of segs.slice(0, -1)) {
      cur = join(cur, s);
      const st = await lstat(cur).catch(() => void 0);
      if (!st) return;
      if (!st.isDirectory()) throw new ConfineError(`${this.label}: ${relative(this.dir, cur)} is not a real folder; refusing to work through it`, "refused");
    }
  }
};
async function writeIntoFolder(parent, dest, produce, opts, label) {
  const temp = join(parent, `.gfa-${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
  const fh = await open(temp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | (isWin ? 0 : fsc.O_NOFOLLOW), 384);
  try {
    try {
      await produce(fh);
    } finally {
      await fh.close();
    }
    await chmod(temp, (opts.mode ?? 420) & 511);
    if (opts.exclusive) {
      try {
        await link(temp, dest);
      } catch (err) {
        if (err.code === "EEXIST") throw new ConfineError(`${label} already exists; refusing to replace it`, "refused");
        throw err;
      }
    } else {
      await rename(temp, dest);
    }
  } finally {
    await unlink(temp).catch(() => void 0);
  }
}
var ownedRoots = /* @__PURE__ */ new Set();
ownRoot(tmpdir());
function ownRoot(dir) {
  if (!dir) return;
  ownedRoots.add(resolve(dir));
  try {
    ownedRoots.add(realpathSync(resolve(dir)));
  } catch {
  }
}
function owned(p) {
  const abs = resolve(p);
  for (const r of ownedRoots) if (within(r, abs)) return abs;
  throw new Error(`internal: refusing to write ${abs}, which is not under a folder this action owns (${[...ownedRoots].join(", ") || "none registered"})`);
}

// src/system/owned-fs.ts
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import { constants as fsc2 } from "node:fs";
var path = (p) => owned(p.toString());
var mkdir3 = (p, o) => fsp.mkdir(path(p), o);
var mkdtemp2 = (prefix) => fsp.mkdtemp(path(prefix));
var writeFile2 = (p, data, o) => fsp.writeFile(path(p), data, o);
var rm3 = (p, o) => fsp.rm(path(p), o);
var rename3 = (from, to) => fsp.rename(path(from), path(to));
var copyFile2 = (from, to, mode) => fsp.copyFile(from, path(to), mode);
var chmod3 = (p, mode) => fsp.chmod(path(p), mode);
var symlink2 = (target, p, type) => fsp.symlink(target, path(p), type);
var utimes2 = (p, a, m) => fsp.utimes(path(p), a, m);
var WRITE_FLAGS = fsc2.O_WRONLY | fsc2.O_RDWR | fsc2.O_CREAT | fsc2.O_TRUNC | fsc2.O_APPEND;
function open3(p, flags = "r", mode) {
  const writes = typeof flags === "number" ? (flags & WRITE_FLAGS) !== 0 : flags !== "r" && flags !== "rs" && flags !== "sr";
  return fsp.open(writes ? path(p) : p, flags, mode);
}
var createWriteStream2 = (p, o) => fs.createWriteStream(path(p), o);
var mkdtempSync2 = (prefix) => fs.mkdtempSync(path(prefix));
var rmSync2 = (p, o) => fs.rmSync(path(p), o);

export {
  quote,
  nameProblem,
  checkName,
  checkInputName,
  checkRelPath,
  aliasKey,
  findOverlap,
  ConfineError,
  within,
  refSegments,
  ReadRoot,
  readCapped,
  WriteRoot,
  ownRoot,
  mkdir3 as mkdir,
  mkdtemp2 as mkdtemp,
  writeFile2 as writeFile,
  rm3 as rm,
  rename3 as rename,
  copyFile2 as copyFile,
  chmod3 as chmod,
  symlink2 as symlink,
  utimes2 as utimes,
  open3 as open,
  createWriteStream2 as createWriteStream,
  mkdtempSync2 as mkdtempSync,
  rmSync2 as rmSync
};
