import {
  ExtractTree,
  UnsafeEntryError,
  entrySegments
} from "./chunk-PI4MXL3D.js";

// src/archive/tar-read.ts
import { createHash } from "node:crypto";
import { open, writeFile } from "node:fs/promises";
var TarFormatError = class extends Error {
  name = "TarFormatError";
};
function cstr(buf, off, len) {
  const end = buf.indexOf(0, off);
  return buf.toString("utf8", off, end >= 0 && end < off + len ? end : off + len);
}
function octal(buf, off, len) {
  if (buf[off] & 128) {
    let v = buf[off] & 127;
    for (let i = 1; i < len; i++) v = v * 256 + buf[off + i];
    return v;
  }
  const s = cstr(buf, off, len).trim();
  if (s === "") return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarFormatError(`bad octal field ${JSON.stringify(s)}`);
  return parseInt(s, 8);
}
function checksumOk(h) {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return sum === octal(h, 148, 8);
}
function parsePax(data) {
  const out = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(32, i);
    if (sp < 0) break;
    const len = Number(data.toString("utf8", i, sp));
    if (!Number.isInteger(len) || len <= 0) throw new TarFormatError("bad PAX record");
    const rec = data.toString("utf8", sp + 1, i + len - 1);
    const eq = rec.indexOf("=");
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}
var MAX_META = 1 << 20;
async function* readTar(src) {
  let pending = Buffer.alloc(0);
  let state = "header";
  let left = 0;
  let pad = 0;
  let metaFlag = "";
  let meta = [];
  let pax = {};
  let globalPax = {};
  let longName;
  let longLink;
  let zeroBlocks = 0;
  let ended = false;
  const header = (h) => {
    const size = octal(h, 124, 12);
    const flag = String.fromCharCode(h[156]);
    left = size;
    pad = (512 - size % 512) % 512;
    if (flag === "x" || flag === "g" || flag === "L" || flag === "K") {
      if (size > MAX_META) throw new TarFormatError(`tar ${flag} record of ${size} bytes is larger than ${MAX_META}`);
      metaFlag = flag;
      meta = [];
      return void 0;
    }
    const ustar = h.toString("latin1", 257, 262) === "ustar";
    const prefix = ustar ? cstr(h, 345, 155) : "";
    let name = cstr(h, 0, 100);
    if (prefix) name = `${prefix}/${name}`;
    const attrs = { ...globalPax, ...pax };
    name = longName ?? attrs.path ?? name;
    const linkname = longLink ?? attrs.linkpath ?? cstr(h, 157, 100);
    pax = {};
    longName = longLink = void 0;
    const mode = octal(h, 100, 8) & 4095;
    let type;
    if (flag === "0" || flag === "\0" || flag === "7") type = name.endsWith("/") ? "dir" : "file";
    else if (flag === "5") type = "dir";
    else if (flag === "2") type = "symlink";
    else if (flag === "1") type = "hardlink";
    else throw new UnsafeEntryError(`archive entry ${JSON.stringify(name)} is a special file (type ${JSON.stringify(flag)}), which is refused`);
    return { name, type, mode, size: type === "file" ? size : 0, linkname };
  };
  const metaDone = () => {
    const data = Buffer.concat(meta);
    meta = [];
    if (metaFlag === "x") pax = parsePax(data);
    else if (metaFlag === "g") globalPax = { ...globalPax, ...parsePax(data) };
    else if (metaFlag === "L") longName = cstr(data, 0, data.length);
    else longLink = cstr(data, 0, data.length);
  };
  for await (const raw of src) {
    if (ended) continue;
    let chunk = raw;
    while (chunk.length > 0 && !ended) {
      if (state === "header") {
        if (pad > 0) {
          const n3 = Math.min(pad, chunk.length);
          pad -= n3;
          chunk = chunk.subarray(n3);
          continue;
        }
        const n2 = Math.min(512 - pending.length, chunk.length);
        pending = pending.length === 0 && n2 === 512 ? chunk.subarray(0, 512) : Buffer.concat([pending, chunk.subarray(0, n2)]);
        chunk = chunk.subarray(n2);
        if (pending.length < 512) continue;
        const h = pending;
        pending = Buffer.alloc(0);
        if (h.every((b) => b === 0)) {
          if (++zeroBlocks >= 2) ended = true;
          continue;
        }
        zeroBlocks = 0;
        if (!checksumOk(h)) throw new TarFormatError("tar header checksum mismatch (corrupt or truncated archive)");
        const entry = header(h);
        state = !entry ? "meta" : entry.type === "file" ? "data" : "skip";
        if (entry) yield { entry };
        if (left === 0) {
          if (state === "meta") metaDone();
          state = "header";
        }
        continue;
      }
      const n = Math.min(left, chunk.length);
      const piece = chunk.subarray(0, n);
      chunk = chunk.subarray(n);
      left -= n;
      if (state === "data") yield { chunk: piece };
      else if (state === "meta") meta.push(piece);
      if (left === 0) {
        if (state === "meta") metaDone();
        state = "header";
      }
    }
  }
  if (ended) return;
  if (state !== "header" || pad > 0 || pending.length > 0) throw new TarFormatError("the archive ends in the middle of an entry (truncated download?)");
  throw new TarFormatError("the archive ends without its end-of-archive marker (truncated download?)");
}
var MAX_TAR_BYTES = 32 * 2 ** 30;
var MAX_TAR_ENTRIES = 4e6;
var ArchiveLimitError = class extends Error {
  name = "ArchiveLimitError";
};
var showBytes = (n) => n >= 1 << 20 ? `${n} bytes (${Math.round(n / (1 << 20))} MiB)` : `${n} bytes`;
async function* counted(src, limit) {
  let n = 0;
  for await (const chunk of src) {
    n += chunk.length;
    if (n > limit) throw new ArchiveLimitError(`the archive inflates to more than ${showBytes(limit)}, the limit for an archive; refusing to extract it`);
    yield chunk;
  }
}
var PIECE = 1 << 20;
var FileWriter = class {
  constructor(path, mode, release) {
    this.path = path;
    this.mode = mode;
    this.release = release;
  }
  path;
  mode;
  release;
  parts = [];
  held = 0;
  pos = 0;
  fh;
  chain = Promise.resolve();
  get size() {
    return this.held;
  }
  push(chunk) {
    this.parts.push(chunk);
    this.held += chunk.length;
  }
  /** Starts writing what is held; `last` closes the file after it. Resolves when that is done. */
  flush(last) {
    const data = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    const n = this.held;
    this.parts = [];
    this.held = 0;
    if (last && !this.fh) {
      return writeFile(this.path, data, { flag: "wx", mode: this.mode }).finally(() => this.release(n));
    }
    const fh = this.fh ??= open(this.path, "wx", this.mode);
    const at = this.pos;
    this.pos += data.length;
    this.chain = this.chain.then(async () => {
      const h = await fh;
      for (let off = 0; off < data.length; ) off += (await h.write(data, off, data.length - off, at + off)).bytesWritten;
    });
    const step = this.chain.finally(() => this.release(n));
    if (!last) return step;
    return step.finally(() => this.close());
  }
  /** Closes the handle (also after a failure), once every piece has settled. */
  async close() {
    await this.chain.catch(() => void 0);
    const h = await this.fh?.catch(() => void 0);
    this.fh = void 0;
    await h?.close().catch(() => void 0);
  }
};
async function extractTar(src, dest, opts = {}) {
  const tree = new ExtractTree(dest);
  const limit = opts.concurrency ?? 32;
  const maxBuffered = opts.maxBuffered ?? 32 << 20;
  const inflight = /* @__PURE__ */ new Set();
  let buffered = 0;
  let firstError;
  const spawn = (p) => {
    const q = p.catch((e) => {
      firstError ??= e;
    }).finally(() => inflight.delete(q));
    inflight.add(q);
  };
  const release = (n) => {
    buffered -= n;
  };
  const relative = (name) => {
    const p = opts.stripPrefix;
    if (!p) return name;
    if (name === p.replace(/\/$/, "") || name === p) return void 0;
    if (!name.startsWith(p)) throw new UnsafeEntryError(`archive entry ${JSON.stringify(name)} is outside ${p}`);
    return name.slice(p.length);
  };
  const result = { files: 0, bytes: 0, ...opts.hashFiles ? { regular: [], links: [] } : {} };
  const maxEntries = opts.maxEntries ?? MAX_TAR_ENTRIES;
  let entries = 0;
  let hash;
  let hashed = "";
  let writer;
  let left = 0;
  let segs = [];
  const endFile = () => {
    if (hash) result.regular.push({ name: hashed, sha256: hash.digest("hex") });
    hash = void 0;
    const w = writer;
    writer = void 0;
    const done = w.flush(true);
    tree.track(segs, done);
    spawn(done);
  };
  await tree.init();
  try {
    for await (const item of readTar(counted(src, opts.maxBytes ?? MAX_TAR_BYTES))) {
      if (firstError) break;
      if ("chunk" in item) {
        hash?.update(item.chunk);
        writer.push(item.chunk);
        buffered += item.chunk.length;
        left -= item.chunk.length;
        if (left === 0) endFile();
        else if (writer.size >= PIECE) spawn(writer.flush(false));
      } else {
        const e = item.entry;
        if (++entries > maxEntries)
          throw new ArchiveLimitError(`the archive has more than ${maxEntries} entries, the limit for an archive; refusing to extract it`);
        const name = relative(e.name);
        if (name === void 0) continue;
        segs = entrySegments(name);
        if (e.type !== "dir" && e.type !== "file") result.links?.push(name);
        if (e.type === "dir") await tree.dir(segs, name);
        else if (e.type === "symlink") await tree.symlink(segs, name, e.linkname);
        else if (e.type === "hardlink") {
          const target = relative(e.linkname);
          if (target === void 0)
            throw new UnsafeEntryError(`archive hardlink ${JSON.stringify(e.name)} -> ${JSON.stringify(e.linkname)} does not name a file`);
          await tree.hardlink(segs, name, entrySegments(target), e.linkname);
        } else {
          result.files++;
          result.bytes += e.size;
          writer = new FileWriter(await tree.file(segs, name), e.mode & 511 || 420, release);
          if (opts.hashFiles) {
            hash = createHash("sha256");
            hashed = segs.join("/");
          }
          left = e.size;
          if (left === 0) endFile();
        }
      }
      while (inflight.size > 0 && (inflight.size >= limit || buffered > maxBuffered)) await Promise.race(inflight);
    }
    await Promise.all(inflight);
    if (firstError) throw firstError;
    tree.verifyLinks();
    return result;
  } finally {
    await writer?.close();
    await Promise.all(inflight);
  }
}

export {
  readTar,
  ArchiveLimitError,
  showBytes,
  extractTar
};
