import {
  ArchiveLimitError,
  showBytes
} from "./chunk-KFJK2ZES.js";
import {
  ExtractTree,
  UnsafeEntryError,
  entrySegments
} from "./chunk-PI4MXL3D.js";
import {
  exists
} from "./chunk-ET2PU4VS.js";
import {
  quote
} from "./chunk-RH66WDZH.js";

// src/archive/zip-read.ts
import { createReadStream, createWriteStream } from "node:fs";
import { constants as fsc } from "node:fs";
import { open, copyFile, chmod, writeFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import * as zlib from "node:zlib";
var SIG_EOCD = 101010256;
var SIG_ZIP64_LOCATOR = 117853008;
var SIG_ZIP64_EOCD = 101075792;
var SIG_CENTRAL = 33639248;
var SIG_LOCAL = 67324752;
var SMALL_ENTRY = 1 << 20;
var MAX_ZIP_ENTRIES = 1e5;
var MAX_ZIP_BYTES = 1 << 30;
var ZipFormatError = class extends Error {
  name = "ZipFormatError";
};
function u64(b, off) {
  const v = b.readBigUInt64LE(off);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError("zip64 value too large");
  return Number(v);
}
async function readAt(fh, pos, len) {
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, pos + got);
    if (bytesRead === 0) throw new ZipFormatError("unexpected end of zip file");
    got += bytesRead;
  }
  return buf;
}
var ZipReader = class _ZipReader {
  constructor(path, fh, fileSize, entries) {
    this.path = path;
    this.fh = fh;
    this.fileSize = fileSize;
    this.entries = entries;
  }
  path;
  fh;
  fileSize;
  entries;
  /**
   * Opens a zip file and reads its central directory. Refuses, before any entry is inflated, a
   * zip with more than `maxEntries` entries or whose entries declare more than `maxBytes` in all
   * (each entry is then held to its declared size while it is read).
   */
  static async open(path, limits = {}) {
    const fh = await open(path, "r");
    try {
      const size = (await fh.stat()).size;
      const entries = await readCentralDirectory(fh, size, limits.maxEntries ?? MAX_ZIP_ENTRIES);
      const maxBytes = limits.maxBytes ?? MAX_ZIP_BYTES;
      let total = 0;
      for (const e of entries) {
        total += e.size;
        if (total > maxBytes) {
          throw new ArchiveLimitError(
            `${path}: the zip's entries inflate to more than ${showBytes(maxBytes)}, the limit for an archive; refusing to extract it`
          );
        }
      }
      return new _ZipReader(path, fh, size, entries);
    } catch (err) {
      await fh.close();
      if (err instanceof ZipFormatError) throw new ZipFormatError(`${path}: not a valid zip file: ${err.message}`);
      throw err;
    }
  }
  async close() {
    await this.fh.close();
  }
  /** Streams an entry's uncompressed bytes; throws at the end on a size or CRC-32 mismatch. */
  async *read(entry) {
    const local = await readAt(this.fh, entry.localHeaderOffset, 30);
    if (local.readUInt32LE(0) !== SIG_LOCAL) throw new ZipFormatError(`${entry.name}: bad local header`);
    const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (start + entry.compressedSize > this.fileSize) throw new ZipFormatError(`${entry.name}: data runs past the end of the file`);
    let crc = 0;
    let total = 0;
    const check = (chunk) => {
      total += chunk.length;
      if (total > entry.size) throw new ZipFormatError(`${entry.name}: more data than the declared ${entry.size} bytes`);
      crc = zlib.crc32(chunk, crc);
    };
    if (entry.compressedSize === 0 && entry.method === 0) {
    } else if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw new ZipFormatError(`${entry.name}: stored entry sizes differ`);
      for (let pos = 0; pos < entry.compressedSize; pos += SMALL_ENTRY) {
        const chunk = await readAt(this.fh, start + pos, Math.min(SMALL_ENTRY, entry.compressedSize - pos));
        check(chunk);
        yield chunk;
      }
    } else if (entry.compressedSize <= SMALL_ENTRY) {
      const packed = await readAt(this.fh, start, entry.compressedSize);
      let out;
      try {
        out = zlib.inflateRawSync(packed, { maxOutputLength: Math.max(1, entry.size + 1) });
      } catch (err) {
        throw new ZipFormatError(`${entry.name}: cannot inflate: ${err.message}`);
      }
      check(out);
      yield out;
    } else {
      const src = createReadStream(this.path, { start, end: start + entry.compressedSize - 1 });
      const inflate = zlib.createInflateRaw();
      src.on("error", (e) => inflate.destroy(e));
      src.pipe(inflate);
      try {
        for await (const chunk of inflate) {
          check(chunk);
          yield chunk;
        }
      } catch (err) {
        if (err instanceof ZipFormatError) throw err;
        throw new ZipFormatError(`${entry.name}: cannot inflate: ${err.message}`);
      } finally {
        src.destroy();
        inflate.destroy();
      }
    }
    if (total !== entry.size) throw new ZipFormatError(`${entry.name}: ${total} bytes, but the zip declares ${entry.size}`);
    if (crc >>> 0 !== entry.crc32) throw new ZipFormatError(`${entry.name}: CRC-32 mismatch (the zip is corrupt)`);
  }
};
async function readCentralDirectory(fh, size, maxEntries) {
  if (size < 22) throw new ZipFormatError("too short");
  const tailLen = Math.min(size, 22 + 65535);
  const tail = await readAt(fh, size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError("no end of central directory record");
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  const eocdPos = size - tailLen + eocd;
  if (count === 65535 || cdSize === 4294967295 || cdOffset === 4294967295) {
    if (eocdPos < 20) throw new ZipFormatError("missing zip64 locator");
    const loc = await readAt(fh, eocdPos - 20, 20);
    if (loc.readUInt32LE(0) !== SIG_ZIP64_LOCATOR) throw new ZipFormatError("missing zip64 locator");
    const rec = await readAt(fh, u64(loc, 8), 56);
    if (rec.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw new ZipFormatError("bad zip64 end record");
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  if (count > maxEntries)
    throw new ArchiveLimitError(`the zip has ${count} entries, more than the ${maxEntries} allowed for an archive; refusing to extract it`);
  if (cdOffset + cdSize > size) throw new ZipFormatError("central directory runs past the end of the file");
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) throw new ZipFormatError("bad central directory entry");
    const madeBy = cd.readUInt16LE(p + 4);
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let csize = cd.readUInt32LE(p + 20);
    let usize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const external = cd.readUInt32LE(p + 38);
    let offset = cd.readUInt32LE(p + 42);
    const nameStart = p + 46;
    if (nameStart + nameLen + extraLen + commentLen > cd.length) throw new ZipFormatError("bad central directory entry");
    const rawName = Buffer.from(cd.subarray(nameStart, nameStart + nameLen));
    const extra = cd.subarray(nameStart + nameLen, nameStart + nameLen + extraLen);
    for (let e = 0; e + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(e);
      const len = extra.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        const need = (cond) => {
          if (!cond) return void 0;
          if (q + 8 > e + 4 + len) throw new ZipFormatError("short zip64 extra field");
          const v = u64(extra, q);
          q += 8;
          return v;
        };
        usize = need(usize === 4294967295) ?? usize;
        csize = need(csize === 4294967295) ?? csize;
        offset = need(offset === 4294967295) ?? offset;
      }
      e += 4 + len;
    }
    const name = rawName.toString("utf8");
    if (flags & 1) throw new ZipFormatError(`${name}: encrypted entries are not supported`);
    if (method !== 0 && method !== 8) throw new ZipFormatError(`${name}: compression method ${method} is not supported`);
    if (offset + 30 > size) throw new ZipFormatError(`${name}: local header past the end of the file`);
    entries.push({
      name,
      rawName,
      method,
      flags,
      crc32: crc,
      compressedSize: csize,
      size: usize,
      localHeaderOffset: offset,
      externalAttrs: external,
      versionMadeBy: madeBy,
      isDir: name.endsWith("/")
    });
    p = nameStart + nameLen + extraLen + commentLen;
  }
  return entries;
}
function isExecutable(rel) {
  if (rel.startsWith("bin/") || rel.startsWith("pkg/tool/")) return true;
  return rel.startsWith("lib/") && /^go_.+_.+_exec$/.test(posix.basename(rel));
}
function planExtraction(entries, prefix) {
  if (!prefix.endsWith("/")) throw new Error(`zip prefix ${JSON.stringify(prefix)} must end with "/"`);
  const dirs = /* @__PURE__ */ new Set();
  const files = [];
  const folded = /* @__PURE__ */ new Map();
  const fileSet = /* @__PURE__ */ new Set();
  entries.forEach((e, i) => {
    if (!e.name.startsWith(prefix)) {
      throw new UnsafeEntryError(`zip entry ${JSON.stringify(e.name)} is outside the required prefix ${JSON.stringify(prefix)}; refusing to extract`);
    }
    const rel = e.name.slice(prefix.length);
    if (rel === "") return;
    const clean = entrySegments(rel, { strict: true }).join("/");
    const key = clean.toLowerCase();
    const isDir = e.isDir;
    const prev = folded.get(key);
    if (prev !== void 0 && !(isDir && prev === "dir")) {
      throw new UnsafeEntryError(`zip entry ${JSON.stringify(e.name)} collides with another entry (case-insensitively); refusing to extract`);
    }
    folded.set(key, isDir ? "dir" : "file");
    const segs = clean.split("/");
    for (let j = 1; j < segs.length; j++) dirs.add(segs.slice(0, j).join("/"));
    if (isDir) dirs.add(clean);
    else {
      files.push({ entry: i, rel: clean, mode: isExecutable(clean) ? 493 : 420 });
      fileSet.add(clean);
    }
  });
  for (const d of dirs) {
    if (fileSet.has(d) || folded.get(d.toLowerCase()) === "file") {
      throw new UnsafeEntryError(`zip entry ${JSON.stringify(prefix + d)} is both a file and a directory; refusing to extract`);
    }
  }
  const goModCopies = [];
  for (const f of files) {
    if (posix.basename(f.rel) === "_go.mod") {
      const to = posix.join(posix.dirname(f.rel), "go.mod");
      if (!folded.has(to.toLowerCase())) goModCopies.push([f.rel, to]);
    }
  }
  goModCopies.sort((a, b) => Number(a[0] === "src/_go.mod") - Number(b[0] === "src/_go.mod"));
  return { dirs: [...dirs].sort((a, b) => a.length - b.length), files, goModCopies };
}
async function writeEntry(zip, entry, target, mode) {
  if (entry.size <= SMALL_ENTRY) {
    const parts = [];
    for await (const c of zip.read(entry)) parts.push(c);
    await writeFile(target, parts.length === 1 ? parts[0] : Buffer.concat(parts), { flag: "wx", mode });
  } else {
    await pipeline(Readable.from(zip.read(entry)), createWriteStream(target, { flags: "wx", mode }));
  }
  if (mode & 73) await chmod(target, mode);
}
async function extractZip(zipPath, dest, opts) {
  if (await exists(dest)) throw new Error(`extract ${zipPath}: destination ${dest} already exists`);
  const zip = await ZipReader.open(zipPath, opts);
  try {
    const plan = planExtraction(zip.entries, opts.prefix);
    const tree = new ExtractTree(dest);
    await tree.init();
    try {
      for (const d of plan.dirs) await tree.dir(d.split("/"), d);
      const paths = /* @__PURE__ */ new Map();
      for (const f of plan.files) paths.set(f, await tree.file(f.rel.split("/"), f.rel));
      const queue = [...plan.files];
      let failure;
      const worker = async () => {
        for (let f = queue.shift(); f && !failure; f = queue.shift()) {
          try {
            await writeEntry(zip, zip.entries[f.entry], paths.get(f), f.mode);
          } catch (err) {
            failure ??= { err };
            queue.length = 0;
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      if (failure) throw failure.err;
      for (const [from, to] of plan.goModCopies) {
        await copyFile(tree.abs(from.split("/")), await tree.file(to.split("/"), to), fsc.COPYFILE_EXCL);
      }
    } catch (err) {
      await tree.remove();
      throw err;
    }
    return { files: plan.files.length };
  } finally {
    await zip.close();
  }
}
var MAX_LINK_TARGET = 1024;
function entryKindAndMode(e) {
  const unix = e.versionMadeBy >> 8 === 3 ? e.externalAttrs >>> 16 : 0;
  const type = unix & 61440;
  const perm = unix & 511;
  if (unix === 0 || type === 0) return e.isDir ? { kind: "dir", mode: perm || 493 } : { kind: "file", mode: perm || 420 };
  const kind = type === 16384 ? "dir" : type === 40960 ? "symlink" : type === 32768 ? "file" : void 0;
  if (!kind) {
    throw new UnsafeEntryError(`zip entry ${quote(e.name)} is not a file, a folder or a link (mode ${type.toString(8)}); refusing to extract`);
  }
  if (e.isDir !== (kind === "dir")) {
    throw new UnsafeEntryError(
      `zip entry ${quote(e.name)} ${e.isDir ? 'ends in "/" but is not a folder' : 'is a folder without a trailing "/"'}; refusing to extract`
    );
  }
  return { kind, mode: perm };
}
async function extractZipTree(zipPath, parent, opts = {}) {
  const zip = await ZipReader.open(zipPath, opts);
  try {
    const plan = [];
    const folded = /* @__PURE__ */ new Map();
    let top;
    let topMode = 493;
    for (const e of zip.entries) {
      const all = entrySegments(e.name, { strict: true });
      if (all.length === 0) throw new UnsafeEntryError(`zip entry ${quote(e.name)} names no file; refusing to extract`);
      const { kind, mode } = entryKindAndMode(e);
      top ??= all[0];
      if (all[0] !== top) {
        throw new UnsafeEntryError(`zip entry ${quote(e.name)} is outside the folder ${quote(`${top}/`)} the zip holds; a zip of one folder is expected`);
      }
      const segs = all.slice(1);
      if (segs.length === 0) {
        if (kind !== "dir") throw new UnsafeEntryError(`zip entry ${quote(e.name)} must be a folder; refusing to extract`);
        topMode = mode;
        continue;
      }
      const key = segs.join("/").normalize("NFC").toLowerCase();
      const prev = folded.get(key);
      if (prev !== void 0 && !(prev === "dir" && kind === "dir")) {
        throw new UnsafeEntryError(`zip entry ${quote(e.name)} collides with another entry (case-insensitively); refusing to extract`);
      }
      folded.set(key, kind);
      if (kind === "symlink" && e.size > MAX_LINK_TARGET) {
        throw new UnsafeEntryError(`zip link ${quote(e.name)} has a ${e.size}-byte target, over ${MAX_LINK_TARGET}; refusing to extract`);
      }
      plan.push({ entry: e, segs, rel: segs.join("/"), kind, mode });
    }
    if (top === void 0) throw new UnsafeEntryError(`${zipPath} is an empty zip; a zip of one folder is expected`);
    if (opts.topSuffix && (!top.endsWith(opts.topSuffix) || top === opts.topSuffix)) {
      throw new UnsafeEntryError(`${zipPath} holds ${quote(`${top}/`)}, not a folder named *${opts.topSuffix}`);
    }
    const path = join(parent, top);
    if (await exists(path)) throw new Error(`extract ${zipPath}: destination ${path} already exists`);
    const tree = new ExtractTree(path);
    await tree.init();
    const counts = { files: 0, dirs: 0, links: 0 };
    try {
      const dirModes = [];
      for (const { entry, segs, rel, kind, mode } of plan) {
        if (kind === "dir") {
          await tree.dir(segs, rel);
          dirModes.push([segs, mode]);
          counts.dirs++;
        } else if (kind === "symlink") {
          const parts = [];
          for await (const c of zip.read(entry)) parts.push(c);
          await tree.symlink(segs, rel, Buffer.concat(parts).toString("utf8"));
          counts.links++;
        } else {
          const file = await tree.file(segs, rel);
          const write = writeEntry(zip, entry, file, mode);
          tree.track(segs, write);
          await write;
          await chmod(file, mode);
          counts.files++;
        }
      }
      tree.verifyLinks();
      dirModes.push([[], topMode]);
      dirModes.sort((a, b) => b[0].length - a[0].length);
      for (const [segs, mode] of dirModes) await chmod(tree.abs(segs), mode | 448);
    } catch (err) {
      await tree.remove();
      throw err;
    }
    return { top, path, ...counts };
  } finally {
    await zip.close();
  }
}

export {
  ZipFormatError,
  ZipReader,
  extractZip,
  extractZipTree
};
