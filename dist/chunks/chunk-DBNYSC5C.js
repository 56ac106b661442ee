import {
  entryBytes,
  writeTarGz
} from "./chunk-MRZ3A4BH.js";
import {
  checkLinkTarget
} from "./chunk-PI4MXL3D.js";
import {
  writeAtomically,
  writeChunks
} from "./chunk-ET2PU4VS.js";

// src/archive/zip-write.ts
import { lstat, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createDeflateRaw, crc32, constants as zc } from "node:zlib";
var U32 = 4294967295;
var ZIP64_ENTRY = 4294901760;
function dosDateTime(unixSeconds) {
  const min = Date.UTC(1980, 0, 1) / 1e3;
  const max = Date.UTC(2107, 11, 31, 23, 59, 58) / 1e3;
  const d = new Date(Math.min(Math.max(unixSeconds, min), max) * 1e3);
  return {
    date: d.getUTCFullYear() - 1980 << 9 | d.getUTCMonth() + 1 << 5 | d.getUTCDate(),
    time: d.getUTCHours() << 11 | d.getUTCMinutes() << 5 | Math.floor(d.getUTCSeconds() / 2)
  };
}
function u64(n) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}
async function* zipStream(entries, opts) {
  const { date, time } = dosDateTime(opts.mtime);
  const central = [];
  let offset = 0;
  const emit = (b) => {
    offset += b.length;
    return b;
  };
  for (const entry of entries) {
    const isDir = entry.type === "dir";
    const nameStr = isDir ? `${entry.name}/` : entry.name;
    const name = Buffer.from(nameStr, "utf8");
    const utf8 = /[^\x20-\x7e]/.test(nameStr) ? 2048 : 0;
    const inline = entry.type === "symlink" ? Buffer.from(entry.target, "utf8") : void 0;
    const size = entry.type === "symlink" ? inline.length : entry.size;
    const stored = isDir || size === 0 || inline !== void 0;
    const zip64 = !!opts.forceZip64 || !stored && size >= ZIP64_ENTRY;
    const flags = utf8 | (stored ? 0 : 8);
    const method = stored ? 0 : 8;
    const version = zip64 ? 45 : 20;
    const typeBits = isDir ? 16384 : entry.type === "symlink" ? 40960 : 32768;
    const unixMode = typeBits | entry.mode & (entry.type === "symlink" ? 511 : 4095);
    const external = (unixMode << 16 | (isDir ? 16 : 0)) >>> 0;
    const localOffset = offset;
    const inlineCrc = inline ? crc32(inline) >>> 0 : 0;
    const extra = zip64 ? Buffer.concat([Buffer.from([1, 0, 16, 0]), u64(inline?.length ?? 0), u64(inline?.length ?? 0)]) : Buffer.alloc(0);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(67324752, 0);
    lh.writeUInt16LE(version, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt16LE(time, 10);
    lh.writeUInt16LE(date, 12);
    lh.writeUInt32LE(inlineCrc, 14);
    lh.writeUInt32LE(zip64 ? U32 : inline?.length ?? 0, 18);
    lh.writeUInt32LE(zip64 ? U32 : inline?.length ?? 0, 22);
    lh.writeUInt16LE(name.length, 26);
    lh.writeUInt16LE(extra.length, 28);
    yield emit(Buffer.concat([lh, name, extra]));
    let crc = inlineCrc;
    let usize = inline?.length ?? 0;
    let csize = usize;
    if (inline && inline.length > 0) yield emit(inline);
    if (!stored && entry.type === "file") {
      const counted = async function* () {
        for await (const chunk of entryBytes(entry)) {
          crc = crc32(chunk, crc);
          usize += chunk.length;
          yield chunk;
        }
      };
      const deflate = createDeflateRaw({ level: zc.Z_BEST_COMPRESSION });
      let failure;
      const piping = pipeline(Readable.from(counted()), deflate).catch((err) => {
        failure = err;
      });
      for await (const chunk of deflate) {
        csize += chunk.length;
        yield emit(chunk);
      }
      await piping;
      if (failure) throw failure;
      const dd = zip64 ? Buffer.alloc(24) : Buffer.alloc(16);
      dd.writeUInt32LE(134695760, 0);
      dd.writeUInt32LE(crc >>> 0, 4);
      if (zip64) {
        dd.writeBigUInt64LE(BigInt(csize), 8);
        dd.writeBigUInt64LE(BigInt(usize), 16);
      } else {
        dd.writeUInt32LE(csize, 8);
        dd.writeUInt32LE(usize, 12);
      }
      yield emit(dd);
    }
    central.push({ name, flags, method, crc: crc >>> 0, csize, usize, offset: localOffset, external, zip64 });
  }
  const cdStart = offset;
  for (const r of central) {
    const big = [];
    const needs64 = r.zip64 || r.usize >= U32 || r.csize >= U32 || r.offset >= U32;
    if (r.usize >= U32 || r.zip64) big.push(u64(r.usize));
    if (r.csize >= U32 || r.zip64) big.push(u64(r.csize));
    if (r.offset >= U32 || r.zip64) big.push(u64(r.offset));
    const extra = big.length > 0 ? Buffer.concat([Buffer.from([1, 0, big.length * 8, 0]), ...big]) : Buffer.alloc(0);
    const version = needs64 ? 45 : 20;
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(33639248, 0);
    ch.writeUInt16LE(3 << 8 | version, 4);
    ch.writeUInt16LE(version, 6);
    ch.writeUInt16LE(r.flags, 8);
    ch.writeUInt16LE(r.method, 10);
    ch.writeUInt16LE(time, 12);
    ch.writeUInt16LE(date, 14);
    ch.writeUInt32LE(r.crc, 16);
    ch.writeUInt32LE(r.csize >= U32 || r.zip64 ? U32 : r.csize, 20);
    ch.writeUInt32LE(r.usize >= U32 || r.zip64 ? U32 : r.usize, 24);
    ch.writeUInt16LE(r.name.length, 28);
    ch.writeUInt16LE(extra.length, 30);
    ch.writeUInt16LE(0, 32);
    ch.writeUInt16LE(0, 34);
    ch.writeUInt16LE(0, 36);
    ch.writeUInt32LE(r.external, 38);
    ch.writeUInt32LE(r.offset >= U32 || r.zip64 ? U32 : r.offset, 42);
    yield emit(Buffer.concat([ch, r.name, extra]));
  }
  const cdSize = offset - cdStart;
  const count = central.length;
  if (opts.forceZip64 || count >= 65535 || cdStart >= U32 || cdSize >= U32) {
    const eocd64At = offset;
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(101075792, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(3 << 8 | 45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeUInt32LE(0, 16);
    rec.writeUInt32LE(0, 20);
    rec.writeBigUInt64LE(BigInt(count), 24);
    rec.writeBigUInt64LE(BigInt(count), 32);
    rec.writeBigUInt64LE(BigInt(cdSize), 40);
    rec.writeBigUInt64LE(BigInt(cdStart), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(117853008, 0);
    loc.writeUInt32LE(0, 4);
    loc.writeBigUInt64LE(BigInt(eocd64At), 8);
    loc.writeUInt32LE(1, 16);
    yield emit(Buffer.concat([rec, loc]));
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(101010256, 0);
  end.writeUInt16LE(Math.min(count, 65535), 8);
  end.writeUInt16LE(Math.min(count, 65535), 10);
  end.writeUInt32LE(Math.min(cdSize, U32), 12);
  end.writeUInt32LE(Math.min(cdStart, U32), 16);
  yield emit(end);
}
async function folderEntries(dir, top) {
  const out = [{ name: top, type: "dir", mode: 493, size: 0 }];
  const walk = async (abs, rel) => {
    const names = (await readdir(abs)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const n of names) {
      const full = join(abs, n);
      const name = `${rel}/${n}`;
      const st = await lstat(full);
      if (st.isSymbolicLink()) {
        const target = await readlink(full);
        checkLinkTarget(name.slice(top.length + 1), target);
        out.push({ name, type: "symlink", mode: 493, target });
      } else if (st.isDirectory()) {
        out.push({ name, type: "dir", mode: 493, size: 0 });
        await walk(full, name);
      } else if (st.isFile()) {
        out.push({ name, type: "file", mode: st.mode & 73 ? 493 : 420, size: st.size, source: full });
      } else {
        throw new Error(`${full} is not a file, a folder or a link; refusing to put it in a zip`);
      }
    }
  };
  await walk(dir, top);
  return out;
}
async function writeZip(dest, entries, opts) {
  await writeAtomically(dest, 420, writeChunks(zipStream(entries, opts)));
}

// src/archive/formats.ts
var ARCHIVE_FORMATS = {
  zip: { write: writeZip },
  "tar.gz": { write: writeTarGz, aliases: ["tgz"] }
};
var ARCHIVE_FORMAT_NAMES = Object.keys(ARCHIVE_FORMATS);
function archiveFormatAliases() {
  const out = {};
  for (const name of ARCHIVE_FORMAT_NAMES) for (const a of ARCHIVE_FORMATS[name].aliases ?? []) out[a] = name;
  return out;
}

export {
  zipStream,
  folderEntries,
  writeZip,
  ARCHIVE_FORMATS,
  ARCHIVE_FORMAT_NAMES,
  archiveFormatAliases
};
