
// src/archive/safe-path.ts
import { link, mkdir, rm, symlink, unlink } from "node:fs/promises";
import { join } from "node:path";
var UnsafeEntryError = class extends Error {
  name = "UnsafeEntryError";
};
var show = (s) => JSON.stringify(s);
function entrySegments(name, opts = {}) {
  const bad = (why) => new UnsafeEntryError(`archive entry ${show(name)} ${why}; refusing to extract`);
  if (name.includes("\0")) throw bad("has a NUL byte");
  if (name.includes("\\")) throw bad("has a backslash");
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) throw bad("is an absolute path");
  const raw = name.replace(/\/$/, "").split("/");
  if (raw.includes("..")) throw bad("climbs out of its folder with ..");
  if (opts.strict) {
    if (raw.some((p) => p === "" || p === ".")) throw bad("is not a clean path");
    if (/[\u0000-\u001f]/.test(name)) throw bad("has a control character");
  }
  return raw.filter((p) => p !== "" && p !== ".");
}
function linkOutside(entryName, target) {
  return new UnsafeEntryError(`archive link ${show(entryName)} -> ${show(target)} points outside its folder; refusing to extract`);
}
function checkLinkTarget(entryName, target) {
  if (target === "" || target.startsWith("/") || /^[A-Za-z]:/.test(target) || target.includes("\\") || target.includes("\0")) {
    throw linkOutside(entryName, target);
  }
  let level = entryName.split("/").filter((p) => p !== "" && p !== ".").length - 1;
  for (const p of target.split("/")) {
    if (p === "" || p === ".") continue;
    level += p === ".." ? -1 : 1;
    if (level < 0) throw linkOutside(entryName, target);
  }
}
var ExtractTree = class {
  constructor(dest) {
    this.dest = dest;
  }
  dest;
  kinds = /* @__PURE__ */ new Map([["", "dir"]]);
  links = /* @__PURE__ */ new Map();
  writes = /* @__PURE__ */ new Map();
  /** Creates the destination itself: its parents may exist, it must not (the record starts empty). */
  async init() {
    await mkdir(join(this.dest, ".."), { recursive: true });
    await mkdir(this.dest);
  }
  abs(segs) {
    return segs.length === 0 ? this.dest : join(this.dest, ...segs);
  }
  /** Makes every parent of `segs` a directory this extraction created; refuses links and files in the way. */
  async parents(segs, name) {
    for (let i = 1; i < segs.length; i++) {
      const key = segs.slice(0, i).join("/");
      const kind = this.kinds.get(key);
      if (kind === "dir") continue;
      if (kind === "symlink") {
        throw new UnsafeEntryError(`archive entry ${show(name)} would be written through the link ${show(key)} the archive made; refusing to extract`);
      }
      if (kind === "file")
        throw new UnsafeEntryError(`archive entry ${show(name)} needs ${show(key)} to be a folder, but the archive made it a file; refusing to extract`);
      await mkdir(this.abs(segs.slice(0, i)));
      this.kinds.set(key, "dir");
    }
  }
  /** Removes an earlier file or link at `key` (after its write finished), so nothing follows it. */
  async clear(segs, name) {
    const key = segs.join("/");
    const kind = this.kinds.get(key);
    if (kind === void 0) return;
    if (kind === "dir") throw new UnsafeEntryError(`archive entry ${show(name)} would replace the folder ${show(key)}; refusing to extract`);
    await this.writes.get(key)?.catch(() => void 0);
    this.writes.delete(key);
    this.links.delete(key);
    await unlink(this.abs(segs));
    this.kinds.delete(key);
  }
  /** A directory entry. A symlink there is replaced by a real folder, never followed. */
  async dir(segs, name) {
    await this.parents(segs, name);
    const key = segs.join("/");
    if (this.kinds.get(key) === "dir") return;
    if (this.kinds.get(key) === "file")
      throw new UnsafeEntryError(`archive entry ${show(name)} is a folder where the archive already made a file; refusing to extract`);
    await this.clear(segs, name);
    await mkdir(this.abs(segs));
    this.kinds.set(key, "dir");
  }
  /**
   * Prepares a regular file entry: parents made, any earlier file or link there removed.
   * Returns the path, which the caller must create exclusively ('wx'); `track` its write.
   */
  async file(segs, name) {
    if (segs.length === 0) throw new UnsafeEntryError(`archive entry ${show(name)} is a file in place of the destination; refusing to extract`);
    await this.parents(segs, name);
    await this.clear(segs, name);
    this.kinds.set(segs.join("/"), "file");
    return this.abs(segs);
  }
  /** Records the write of a file made by `file()`; replacing or linking it waits for this. */
  track(segs, write) {
    this.writes.set(segs.join("/"), write);
  }
  async symlink(segs, name, target) {
    checkLinkTarget(name, target);
    const path = await this.file(segs, name);
    this.kinds.set(segs.join("/"), "symlink");
    this.links.set(segs.join("/"), { name, target });
    await symlink(target, path);
  }
  /** A hardlink to `targetSegs`, which must be a regular file this extraction already made. */
  async hardlink(segs, name, targetSegs, targetName) {
    const key = targetSegs.join("/");
    for (let i = 1; i < targetSegs.length; i++) {
      if (this.kinds.get(targetSegs.slice(0, i).join("/")) !== "dir") {
        throw new UnsafeEntryError(`archive hardlink ${show(name)} -> ${show(targetName)} does not name a file extracted before it; refusing to extract`);
      }
    }
    if (this.kinds.get(key) !== "file") {
      throw new UnsafeEntryError(`archive hardlink ${show(name)} -> ${show(targetName)} does not name a file extracted before it; refusing to extract`);
    }
    await this.writes.get(key);
    if (key === segs.join("/")) return;
    const path = await this.file(segs, name);
    await link(this.abs(targetSegs), path);
  }
  /** After the last entry: every symlink must resolve inside the destination in the finished tree. */
  verifyLinks() {
    for (const [key, { name, target }] of this.links) {
      if (!this.followed(key.split("/").slice(0, -1), target, 0)) throw linkOutside(name, target);
    }
  }
  /** Where `target`, read from folder `dir`, leads in the recorded tree; undefined if it leaves it (or loops). */
  followed(dir, target, hops) {
    if (hops > 40) return void 0;
    const at = [...dir];
    for (const p of target.split("/")) {
      if (p === "" || p === ".") continue;
      if (p === "..") {
        if (at.length === 0) return void 0;
        at.pop();
        continue;
      }
      at.push(p);
      const link2 = this.links.get(at.join("/"));
      if (link2) {
        at.pop();
        const next = this.followed(at, link2.target, hops + 1);
        if (!next) return void 0;
        at.splice(0, at.length, ...next);
      }
    }
    return at;
  }
  /** Waits for every tracked write (used before cleaning up after a failure). */
  async settle() {
    await Promise.all([...this.writes.values()].map((w) => w.catch(() => void 0)));
  }
  /** Removes the destination (after a failure). */
  async remove() {
    await this.settle();
    await rm(this.dest, { recursive: true, force: true });
  }
};

export {
  UnsafeEntryError,
  entrySegments,
  checkLinkTarget,
  ExtractTree
};
