import {
  writeAtomically,
  writeChunks
} from "./chunk-ET2PU4VS.js";

// src/archive/entries.ts
import { createReadStream } from "node:fs";
var DEFAULT_EPOCH = 315532800;
function sourceDateEpoch(env) {
  const raw = (env.SOURCE_DATE_EPOCH ?? "").trim();
  return /^\d+$/.test(raw) ? Number(raw) : DEFAULT_EPOCH;
}
async function* entryBytes(entry) {
  if (entry.data) {
    if (entry.data.length !== entry.size) throw new Error(`archive entry ${entry.name}: size mismatch`);
    if (entry.size > 0) yield entry.data;
    return;
  }
  if (!entry.source) throw new Error(`archive entry ${entry.name}: no source`);
  if (entry.size === 0) return;
  let seen = 0;
  for await (const chunk of createReadStream(entry.source, { start: 0, end: entry.size - 1 })) {
    seen += chunk.length;
    yield chunk;
  }
  if (seen !== entry.size) throw new Error(`${entry.source} changed size while being archived (${seen} of ${entry.size} bytes)`);
}

// src/archive/tar-write.ts
import { createDeflateRaw, crc32, constants as zc } from "node:zlib";
import { Transform } from "node:stream";
var BLOCK = 512;
var MAX_OCTAL_11 = 8589934591;
function octal(buf, off, len, value) {
  buf.write(value.toString(8).padStart(len - 1, "0") + "\0", off, len, "ascii");
}
function isAscii(s) {
  return /^[\x20-\x7e]*$/.test(s);
}
function splitUstar(path) {
  if (Buffer.byteLength(path) <= 100) return { prefix: "", name: path };
  for (let i = path.length - 1; i > 0; i--) {
    if (path[i] !== "/") continue;
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== "") return { prefix, name };
  }
  return void 0;
}
function header(fields) {
  const h = Buffer.alloc(BLOCK);
  h.write(fields.name, 0, 100, "utf8");
  if (fields.linkname !== void 0) h.write(fields.linkname, 157, 100, "utf8");
  octal(h, 100, 8, fields.mode);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, fields.size);
  octal(h, 136, 12, fields.mtime);
  h.fill(32, 148, 156);
  h.write(fields.type, 156, 1, "ascii");
  h.write("ustar\0", 257, 6, "ascii");
  h.write("00", 263, 2, "ascii");
  h.write("root", 265, 32, "ascii");
  h.write("root", 297, 32, "ascii");
  octal(h, 329, 8, 0);
  octal(h, 337, 8, 0);
  h.write(fields.prefix, 345, 155, "utf8");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8, "ascii");
  return h;
}
function paxRecord(key, value) {
  const body = ` ${key}=${value}
`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}
function padding(size) {
  const rem = size % BLOCK;
  return Buffer.alloc(rem === 0 ? 0 : BLOCK - rem);
}
function tarHeaders(entry, mtime) {
  const path = entry.type === "dir" ? `${entry.name}/` : entry.name;
  const size = entry.type === "file" ? entry.size : 0;
  const link = entry.type === "symlink" ? entry.linkname : void 0;
  const out = [];
  const split = isAscii(path) ? splitUstar(path) : void 0;
  let records = "";
  if (!split) records += paxRecord("path", path);
  if (link !== void 0 && (!isAscii(link) || Buffer.byteLength(link) > 100)) records += paxRecord("linkpath", link);
  if (size > MAX_OCTAL_11) records += paxRecord("size", String(size));
  if (records !== "") {
    const body = Buffer.from(records, "utf8");
    const base = path.replace(/\/$/, "").split("/").pop() ?? "entry";
    const paxName = `PaxHeaders/${base.replace(/[^\x20-\x7e]/g, "_")}`.slice(0, 100);
    out.push(header({ name: paxName, prefix: "", mode: 420, size: body.length, mtime, type: "x" }), body, padding(body.length));
  }
  const ascii = path.replace(/[^\x20-\x7e]/g, "_");
  const fit = split ?? { prefix: "", name: ascii.slice(-100) };
  out.push(
    header({
      name: fit.name,
      prefix: fit.prefix,
      mode: entry.mode & 4095,
      size: size > MAX_OCTAL_11 ? 0 : size,
      mtime,
      type: entry.type === "dir" ? "5" : entry.type === "symlink" ? "2" : "0",
      ...link !== void 0 ? { linkname: isAscii(link) && Buffer.byteLength(link) <= 100 ? link : "" } : {}
    })
  );
  return out;
}
async function* tarStream(entries, opts) {
  for (const entry of entries) {
    for (const b of tarHeaders(entry, opts.mtime)) if (b.length > 0) yield b;
    if (entry.type === "file") {
      yield* entryBytes(entry);
      const pad = padding(entry.size);
      if (pad.length > 0) yield pad;
    }
  }
  yield Buffer.alloc(BLOCK * 2);
}
var GzipStream = class extends Transform {
  deflate = createDeflateRaw({ level: zc.Z_BEST_COMPRESSION });
  crc = 0;
  size = 0;
  started = false;
  constructor() {
    super();
    this.deflate.on("data", (chunk) => this.push(chunk));
  }
  head() {
    if (this.started) return;
    this.started = true;
    this.push(Buffer.from([31, 139, 8, 0, 0, 0, 0, 0, 0, 255]));
  }
  _transform(chunk, _enc, cb) {
    this.head();
    this.crc = crc32(chunk, this.crc);
    this.size = this.size + chunk.length >>> 0;
    if (this.deflate.write(chunk)) cb();
    else this.deflate.once("drain", () => cb());
  }
  _flush(cb) {
    this.head();
    this.deflate.once("end", () => {
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(this.crc >>> 0, 0);
      trailer.writeUInt32LE(this.size, 4);
      this.push(trailer);
      cb();
    });
    this.deflate.once("error", (err) => cb(err));
    this.deflate.end();
  }
};
async function writeTarGz(dest, entries, opts) {
  await writeAtomically(dest, 420, writeChunks(tarStream(entries, opts), new GzipStream()));
}

export {
  DEFAULT_EPOCH,
  sourceDateEpoch,
  entryBytes,
  tarStream,
  writeTarGz
};
