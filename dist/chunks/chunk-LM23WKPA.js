import {
  CSMAGIC_CODEDIRECTORY,
  CSMAGIC_EMBEDDED_SIGNATURE,
  CSSLOT_ALTERNATE_CODEDIRECTORIES,
  CSSLOT_CODEDIRECTORY,
  CSSLOT_SIGNATURESLOT,
  CS_ADHOC,
  layoutFat,
  writeFat,
  writeOut
} from "./chunk-CLWQRHXC.js";
import {
  CPU_TYPE_ARM64,
  LC_BUILD_VERSION,
  LC_CODE_SIGNATURE,
  LC_SEGMENT_64,
  LC_VERSION_MIN_MACOSX,
  MACH_HEADER_64_SIZE,
  MH_EXECUTE,
  MH_MAGIC_64,
  readMachO
} from "./chunk-L373MPJF.js";
import {
  mkdtemp,
  open,
  rm,
  writeFile
} from "./chunk-RH66WDZH.js";
import {
  UserError
} from "./chunk-6ZRI6CPZ.js";

// src/macho/adhoc-sign.ts
import { createHash } from "node:crypto";
import { lstat, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
var CSMAGIC_REQUIREMENTS = 4208856065;
var CSMAGIC_BLOBWRAPPER = 4208855809;
var CSSLOT_INFOSLOT = 1;
var CSSLOT_REQUIREMENTS = 2;
var CSSLOT_RESOURCEDIR = 3;
var CS_HASHTYPE_SHA256 = 2;
var CS_EXECSEG_MAIN_BINARY = 1;
var CD_VERSION = 132096;
var CD_HEADER_SIZE = 88;
var CD_VERSION_RUNTIME = 132352;
var CD_HEADER_SIZE_RUNTIME = 96;
var PAGE_SIZE_LOG2 = 12;
var PAGE_SIZE = 1 << PAGE_SIZE_LOG2;
var HASH_SIZE = 32;
function emptyRequirements() {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(CSMAGIC_REQUIREMENTS, 0);
  b.writeUInt32BE(12, 4);
  b.writeUInt32BE(0, 8);
  return b;
}
function cmsBlob(der) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(CSMAGIC_BLOBWRAPPER, 0);
  head.writeUInt32BE(8 + der.length, 4);
  return Buffer.concat([head, der]);
}
function buildSuperBlob(entries) {
  const sorted = [...entries].sort((a, b) => a.type - b.type);
  const headLen = 12 + 8 * sorted.length;
  const total = headLen + sorted.reduce((n, e) => n + e.blob.length, 0);
  const head = Buffer.alloc(headLen);
  head.writeUInt32BE(CSMAGIC_EMBEDDED_SIGNATURE, 0);
  head.writeUInt32BE(total, 4);
  head.writeUInt32BE(sorted.length, 8);
  let off = headLen;
  sorted.forEach((e, i) => {
    head.writeUInt32BE(e.type >>> 0, 12 + i * 8);
    head.writeUInt32BE(off, 16 + i * 8);
    off += e.blob.length;
  });
  return Buffer.concat([head, ...sorted.map((e) => e.blob)]);
}
var CSSLOT_ENTITLEMENTS = 5;
var CSSLOT_DER_ENTITLEMENTS = 7;
var CSMAGIC_EMBEDDED_ENTITLEMENTS = 4208882033;
var CSMAGIC_EMBEDDED_DER_ENTITLEMENTS = 4208882034;
var CS_HASHTYPE_SHA1 = 1;
var CS_RUNTIME = 65536;
var HASHES = {
  [CS_HASHTYPE_SHA1]: { algorithm: "sha1", size: 20 },
  [CS_HASHTYPE_SHA256]: { algorithm: "sha256", size: HASH_SIZE }
};
function hashSpec(hashType) {
  const h = HASHES[hashType];
  if (!h) throw new Error(`internal: unsupported CodeDirectory hash type ${hashType}`);
  return h;
}
function wrapBlob(magic, payload) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(magic, 0);
  head.writeUInt32BE(8 + payload.length, 4);
  return Buffer.concat([head, payload]);
}
function specialBlobs(opts, requirements) {
  const m = /* @__PURE__ */ new Map();
  m.set(CSSLOT_REQUIREMENTS, requirements);
  if (opts.entitlements) m.set(CSSLOT_ENTITLEMENTS, wrapBlob(CSMAGIC_EMBEDDED_ENTITLEMENTS, opts.entitlements));
  if (opts.entitlementsDer) m.set(CSSLOT_DER_ENTITLEMENTS, wrapBlob(CSMAGIC_EMBEDDED_DER_ENTITLEMENTS, opts.entitlementsDer));
  return m;
}
function specialSlots(opts, blobs, hashType = CS_HASHTYPE_SHA256) {
  const { algorithm, size } = hashSpec(hashType);
  const h = (b) => createHash(algorithm).update(b).digest();
  const n = Math.max(opts.codeResources ? CSSLOT_RESOURCEDIR : CSSLOT_REQUIREMENTS, ...blobs.keys());
  const slots = [];
  for (let k = 1; k <= n; k++) {
    const bytes = k === CSSLOT_INFOSLOT ? opts.infoPlist : k === CSSLOT_RESOURCEDIR ? opts.codeResources : blobs.get(k);
    slots.push(bytes ? h(bytes) : Buffer.alloc(size));
  }
  return slots;
}
function codeDirectorySize(identifier, nSpecial, nCode, hashSize = HASH_SIZE, teamId, runtime) {
  return (runtime === void 0 ? CD_HEADER_SIZE : CD_HEADER_SIZE_RUNTIME) + Buffer.byteLength(identifier) + 1 + (teamId === void 0 ? 0 : Buffer.byteLength(teamId) + 1) + (nSpecial + nCode) * hashSize;
}
function buildCodeDirectory(code, opts) {
  const runtime = (opts.flags ?? CS_ADHOC) & CS_RUNTIME ? opts.runtime ?? 0 : void 0;
  const headerSize = runtime === void 0 ? CD_HEADER_SIZE : CD_HEADER_SIZE_RUNTIME;
  const hashType = opts.hashType ?? CS_HASHTYPE_SHA256;
  const { algorithm, size: hashSize } = hashSpec(hashType);
  const nCode = Math.ceil(code.length / PAGE_SIZE);
  const ident = Buffer.from(`${opts.identifier}\0`, "utf8");
  const team = opts.teamId === void 0 ? Buffer.alloc(0) : Buffer.from(`${opts.teamId}\0`, "utf8");
  const nSpecial = opts.special.length;
  const hashOffset = headerSize + ident.length + team.length + nSpecial * hashSize;
  const size = codeDirectorySize(opts.identifier, nSpecial, nCode, hashSize, opts.teamId, runtime);
  const cd = Buffer.alloc(size);
  cd.writeUInt32BE(CSMAGIC_CODEDIRECTORY, 0);
  cd.writeUInt32BE(size, 4);
  cd.writeUInt32BE(runtime === void 0 ? CD_VERSION : CD_VERSION_RUNTIME, 8);
  cd.writeUInt32BE((opts.flags ?? CS_ADHOC) >>> 0, 12);
  cd.writeUInt32BE(hashOffset, 16);
  cd.writeUInt32BE(headerSize, 20);
  cd.writeUInt32BE(nSpecial, 24);
  cd.writeUInt32BE(nCode, 28);
  cd.writeUInt32BE(code.length, 32);
  cd.writeUInt8(hashSize, 36);
  cd.writeUInt8(hashType, 37);
  cd.writeUInt8(0, 38);
  cd.writeUInt8(PAGE_SIZE_LOG2, 39);
  if (team.length) cd.writeUInt32BE(headerSize + ident.length, 48);
  cd.writeBigUInt64BE(BigInt(opts.execSegBase), 64);
  cd.writeBigUInt64BE(BigInt(opts.execSegLimit), 72);
  cd.writeBigUInt64BE(BigInt(opts.isMain ? CS_EXECSEG_MAIN_BINARY : 0), 80);
  if (runtime !== void 0) cd.writeUInt32BE(runtime >>> 0, 88);
  ident.copy(cd, headerSize);
  team.copy(cd, headerSize + ident.length);
  opts.special.forEach((h, i) => h.copy(cd, hashOffset - (i + 1) * hashSize));
  for (let p = 0; p < nCode; p++)
    createHash(algorithm).update(code.subarray(p * PAGE_SIZE, Math.min(code.length, (p + 1) * PAGE_SIZE))).digest().copy(cd, hashOffset + p * hashSize);
  return cd;
}
function cdhash(codeDirectory) {
  const type = codeDirectory.length > 37 ? codeDirectory.readUInt8(37) : CS_HASHTYPE_SHA256;
  return createHash(type === CS_HASHTYPE_SHA1 ? "sha1" : "sha256").update(codeDirectory).digest().subarray(0, 20);
}
function readLoadCommands(b, what) {
  if (b.length < MACH_HEADER_64_SIZE || b.readUInt32LE(0) !== MH_MAGIC_64)
    throw new UserError(`${what}: not a little-endian 64-bit Mach-O slice; the ad hoc signer handles x86_64 and arm64 macOS binaries`);
  const lc = {
    cputype: b.readUInt32LE(4),
    filetype: b.readUInt32LE(12),
    ncmds: b.readUInt32LE(16),
    sizeofcmds: b.readUInt32LE(20),
    firstSectionOffset: b.length
  };
  const end = MACH_HEADER_64_SIZE + lc.sizeofcmds;
  if (end > b.length) throw new UserError(`${what}: load commands extend past the end of the file`);
  let o = MACH_HEADER_64_SIZE;
  for (let i = 0; i < lc.ncmds; i++) {
    const cmd = b.readUInt32LE(o);
    const size = b.readUInt32LE(o + 4);
    if (size < 8 || o + size > end) throw new UserError(`${what}: malformed load command ${i}`);
    if (cmd === LC_BUILD_VERSION && size >= 20) {
      lc.minos = b.readUInt32LE(o + 12);
      lc.sdk = b.readUInt32LE(o + 16);
    }
    if (cmd === LC_VERSION_MIN_MACOSX && size >= 16 && lc.minos === void 0) {
      lc.minos = b.readUInt32LE(o + 8);
      lc.sdk = b.readUInt32LE(o + 12);
    }
    if (cmd === LC_CODE_SIGNATURE) lc.codeSig = { at: o, dataoff: b.readUInt32LE(o + 8), datasize: b.readUInt32LE(o + 12) };
    if (cmd === LC_SEGMENT_64) {
      const name = b.subarray(o + 8, o + 24).toString("latin1").replace(/\0.*$/s, "");
      const fileoff = Number(b.readBigUInt64LE(o + 40));
      const filesize = Number(b.readBigUInt64LE(o + 48));
      if (name === "__LINKEDIT") lc.linkedit = { at: o, fileoff, filesize, vmsize: b.readBigUInt64LE(o + 32) };
      if (name === "__TEXT") lc.text = { fileoff, filesize };
      const nsects = b.readUInt32LE(o + 64);
      for (let s = 0; s < nsects; s++) {
        const so = o + 72 + s * 80;
        const offset = b.readUInt32LE(so + 48);
        const flags = b.readUInt32LE(so + 64);
        const zerofill = (flags & 255) === 1 || (flags & 255) === 12 || (flags & 255) === 18;
        if (offset > 0 && !zerofill && offset < lc.firstSectionOffset) lc.firstSectionOffset = offset;
      }
    }
    o += size;
  }
  return lc;
}
var cdSlot = (i) => i === 0 ? CSSLOT_CODEDIRECTORY : CSSLOT_ALTERNATE_CODEDIRECTORIES + i - 1;
function layoutThin(slice, opts, what = "Mach-O") {
  const lc = readLoadCommands(slice, what);
  if (!lc.linkedit) throw new UserError(`${what}: has no __LINKEDIT segment; cannot place a code signature`);
  if (!lc.text) throw new UserError(`${what}: has no __TEXT segment`);
  const linkeditEnd = lc.linkedit.fileoff + lc.linkedit.filesize;
  let codeLimit;
  let lcAt;
  let header = slice;
  if (lc.codeSig) {
    codeLimit = lc.codeSig.dataoff;
    if (codeLimit < lc.linkedit.fileoff || codeLimit > slice.length || lc.codeSig.dataoff + lc.codeSig.datasize > linkeditEnd)
      throw new UserError(`${what}: its code signature does not lie at the end of __LINKEDIT; re-link it`);
    lcAt = lc.codeSig.at;
  } else {
    if (slice.length > linkeditEnd) throw new UserError(`${what}: has ${slice.length - linkeditEnd} bytes after __LINKEDIT; re-link it`);
    lcAt = MACH_HEADER_64_SIZE + lc.sizeofcmds;
    if (lcAt + 16 > lc.firstSectionOffset || slice.subarray(lcAt, lcAt + 16).some((x) => x !== 0))
      throw new UserError(`${what}: no room after the load commands for LC_CODE_SIGNATURE; link with -headerpad or sign it with codesign`);
    codeLimit = Math.ceil(linkeditEnd / 16) * 16;
    header = Buffer.from(slice.subarray(0, lc.firstSectionOffset));
    header.writeUInt32LE(lc.ncmds + 1, 16);
    header.writeUInt32LE(lc.sizeofcmds + 16, 20);
    header.writeUInt32LE(LC_CODE_SIGNATURE, lcAt);
    header.writeUInt32LE(16, lcAt + 4);
  }
  if (codeLimit > 4294967295) throw new UserError(`${what}: too large to sign (over 4 GiB)`);
  const requirements = opts.requirements ?? emptyRequirements();
  const blobs = specialBlobs(opts, requirements);
  const hashTypes = opts.hashTypes?.length ? opts.hashTypes : [CS_HASHTYPE_SHA256];
  const nCode = Math.ceil(codeLimit / PAGE_SIZE);
  const nSpecial = specialSlots(opts, blobs).length;
  const runtime = (opts.flags ?? CS_ADHOC) & CS_RUNTIME ? opts.runtime ?? (lc.sdk || lc.minos || 0) : void 0;
  const cdSizes = hashTypes.map((t) => codeDirectorySize(opts.identifier, nSpecial, nCode, hashSpec(t).size, opts.teamId, runtime));
  const cmsRoom = opts.cmsReserve ?? (opts.cms ? cmsBlob(opts.cms(Buffer.alloc(cdSizes[0]))).length : 0);
  const nBlobs = hashTypes.length + blobs.size + (cmsRoom > 0 ? 1 : 0);
  const sigLen = 12 + 8 * nBlobs + cdSizes.reduce((n, x) => n + x, 0) + [...blobs.values()].reduce((n, x) => n + x.length, 0) + cmsRoom;
  const datasize = Math.ceil(sigLen / 16) * 16;
  const out = Buffer.alloc(codeLimit + datasize);
  slice.copy(out, 0, 0, Math.min(slice.length, codeLimit));
  header.copy(out, 0, 0, Math.min(header.length, codeLimit));
  out.writeUInt32LE(codeLimit, lcAt + 8);
  out.writeUInt32LE(datasize, lcAt + 12);
  const filesize = codeLimit + datasize - lc.linkedit.fileoff;
  out.writeBigUInt64LE(BigInt(filesize), lc.linkedit.at + 48);
  const page = lc.cputype === CPU_TYPE_ARM64 ? 1 << 14 : 1 << 12;
  const vmsize = BigInt(Math.ceil(filesize / page) * page);
  out.writeBigUInt64LE(vmsize > lc.linkedit.vmsize ? vmsize : lc.linkedit.vmsize, lc.linkedit.at + 32);
  const code = out.subarray(0, codeLimit);
  const cds = hashTypes.map(
    (hashType) => buildCodeDirectory(code, {
      ...opts,
      runtime,
      hashType,
      special: specialSlots(opts, blobs, hashType),
      execSegBase: lc.text.fileoff,
      execSegLimit: lc.text.filesize,
      isMain: lc.filetype === MH_EXECUTE
    })
  );
  const seal = (cmsDer) => {
    const entries = cds.map((blob, i) => ({ type: cdSlot(i), blob }));
    for (const [type, blob] of blobs) entries.push({ type, blob });
    if (cmsRoom > 0) {
      const wrapped = cmsBlob(cmsDer ?? Buffer.alloc(0));
      if (wrapped.length > cmsRoom) throw new Error(`${what}: the CMS signature (${wrapped.length} bytes) is larger than the ${cmsRoom} bytes kept for it`);
      entries.push({ type: CSSLOT_SIGNATURESLOT, blob: wrapped });
    }
    const sb = buildSuperBlob(entries);
    out.fill(0, codeLimit);
    sb.copy(out, codeLimit);
    return out;
  };
  return { bytes: out, codeDirectory: cds[0], codeDirectories: cds, cdhash: cdhash(cds[0]), cmsRoom, seal, minos: lc.minos };
}
function sliceMinos(slice, what = "Mach-O") {
  return readLoadCommands(slice, what).minos;
}
function signThin(slice, opts, what = "Mach-O") {
  const laid = layoutThin(slice, opts, what);
  const cms = opts.cms ? opts.cms(laid.codeDirectory) : void 0;
  if (cms && cmsBlob(cms).length > laid.cmsRoom) throw new Error(`${what}: the CMS signature changed size between probe and signing`);
  laid.seal(cms);
  return { bytes: laid.bytes, codeDirectory: laid.codeDirectory, codeDirectories: laid.codeDirectories, cdhash: laid.cdhash };
}
async function signMachOFile(path, opts, root) {
  return signMachOFileWith(path, (slice, what) => signThin(slice, opts, what), root);
}
async function signMachOFileWith(path, signSlice, root) {
  if ((await lstat(path)).isSymbolicLink()) throw new UserError(`${path}: is a link; sign the file itself, not a link to it`);
  const file = await readMachO(path);
  const mode = (await stat(path)).mode & 511;
  if (!file.fat) {
    const signed = await signSlice(await readFile(path), path);
    await writeOut(
      path,
      mode,
      async (fh) => {
        await fh.write(signed.bytes, 0, signed.bytes.length, 0);
      },
      root
    );
    return { path, slices: [{ arch: file.slices[0].arch, cdhash: signed.cdhash, size: signed.bytes.length }] };
  }
  const work = await mkdtemp(join(tmpdir(), "adhoc-sign-"));
  try {
    const fh = await open(path, "r");
    const signedSlices = [];
    const slices = [];
    try {
      for (const [i, s] of file.slices.entries()) {
        const buf = Buffer.alloc(s.size);
        await fh.read(buf, 0, s.size, s.offset);
        const signed = await signSlice(buf, `${path} (${s.arch} slice)`);
        const p = join(work, `slice-${i}`);
        await writeFile(p, signed.bytes);
        slices.push({ arch: s.arch, cdhash: signed.cdhash, size: signed.bytes.length });
        signedSlices.push({ ...s, path: p, offset: 0, size: signed.bytes.length });
      }
    } finally {
      await fh.close();
    }
    await writeFat(layoutFat(signedSlices), path, mode, root);
    return { path, slices };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// src/macho/plist.ts
var PlistReal = class {
  constructor(value) {
    this.value = value;
  }
  value;
};
var PlistError = class extends Error {
  name = "PlistError";
};
var escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
function isDict(v) {
  return typeof v === "object" && !Buffer.isBuffer(v) && !Array.isArray(v) && !(v instanceof PlistReal);
}
function writeValue(v, indent, out) {
  if (typeof v === "string") out.push(`${indent}<string>${escape(v)}</string>`);
  else if (typeof v === "boolean") out.push(`${indent}<${v}/>`);
  else if (typeof v === "number") out.push(`${indent}<integer>${Math.trunc(v)}</integer>`);
  else if (v instanceof PlistReal) out.push(`${indent}<real>${v.value}</real>`);
  else if (Buffer.isBuffer(v)) out.push(`${indent}<data>`, `${indent}${v.toString("base64")}`, `${indent}</data>`);
  else if (Array.isArray(v)) {
    if (v.length === 0) return void out.push(`${indent}<array/>`);
    out.push(`${indent}<array>`);
    for (const e of v) writeValue(e, `${indent}	`, out);
    out.push(`${indent}</array>`);
  } else {
    const keys = Object.keys(v).filter((k) => v[k] !== void 0).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    if (keys.length === 0) return void out.push(`${indent}<dict/>`);
    out.push(`${indent}<dict>`);
    for (const k of keys) {
      out.push(`${indent}	<key>${escape(k)}</key>`);
      writeValue(v[k], `${indent}	`, out);
    }
    out.push(`${indent}</dict>`);
  }
}
function writePlist(root) {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">'
  ];
  writeValue(root, "", out);
  out.push("</plist>", "");
  return Buffer.from(out.join("\n"), "utf8");
}
function unescape(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e) => {
    if (e === "amp") return "&";
    if (e === "lt") return "<";
    if (e === "gt") return ">";
    if (e === "quot") return '"';
    if (e === "apos") return "'";
    return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}
function tokenize(xml) {
  const toks = [];
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z]+)([^>]*?)(\/?)>|([^<]+)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[2]) toks.push({ tag: `${m[1]}${m[2]}${m[4]}`, text: "" });
    else if (!m[0].startsWith("<")) toks.push({ tag: "#text", text: m[0] });
  }
  return toks;
}
function parsePlist(bytes) {
  if (bytes.subarray(0, 8).toString("latin1") === "bplist00")
    throw new PlistError("binary property lists are not supported; give an XML plist (plutil -convert xml1)");
  const toks = tokenize(bytes.toString("utf8"));
  let i = 0;
  const tok = (j) => toks[j];
  const skipText = () => {
    while (i < toks.length && toks[i].tag === "#text" && toks[i].text.trim() === "") i++;
  };
  const textUntil = (close) => {
    let s = "";
    while (i < toks.length && toks[i].tag === "#text") s += toks[i++].text;
    if (tok(i)?.tag !== close) throw new PlistError(`expected <${close}>`);
    i++;
    return unescape(s);
  };
  const value = () => {
    skipText();
    const t = tok(i++);
    if (!t) throw new PlistError("unexpected end of plist");
    switch (t.tag) {
      case "string":
        return textUntil("/string");
      case "string/":
        return "";
      case "date":
        return textUntil("/date");
      case "integer":
        return Number(textUntil("/integer").trim());
      case "real":
        return new PlistReal(Number(textUntil("/real").trim()));
      case "true/":
        return true;
      case "false/":
        return false;
      case "data":
        return Buffer.from(textUntil("/data").replace(/\s+/g, ""), "base64");
      case "data/":
        return Buffer.alloc(0);
      case "array/":
        return [];
      case "dict/":
        return {};
      case "array": {
        const arr = [];
        for (; ; ) {
          skipText();
          if (tok(i)?.tag === "/array") return i++, arr;
          arr.push(value());
        }
      }
      case "dict": {
        const d = {};
        for (; ; ) {
          skipText();
          const k = tok(i++);
          if (k?.tag === "/dict") return d;
          if (k?.tag !== "key") throw new PlistError(`expected <key> in <dict>, got <${k?.tag ?? "end"}>`);
          const key = textUntil("/key");
          d[key] = value();
        }
      }
      default:
        throw new PlistError(`unexpected <${t.tag}>`);
    }
  };
  skipText();
  if (tok(i)?.tag !== "plist") throw new PlistError("not an XML plist (no <plist> element)");
  i++;
  const root = value();
  return root;
}
function parsePlistDict(bytes, what) {
  let v;
  try {
    v = parsePlist(bytes);
  } catch (err) {
    throw new PlistError(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isDict(v)) throw new PlistError(`${what}: the top-level element is not a <dict>`);
  return v;
}

export {
  CSMAGIC_BLOBWRAPPER,
  CSSLOT_INFOSLOT,
  CSSLOT_REQUIREMENTS,
  CSSLOT_RESOURCEDIR,
  CS_HASHTYPE_SHA256,
  PAGE_SIZE_LOG2,
  CS_HASHTYPE_SHA1,
  CS_RUNTIME,
  cdhash,
  layoutThin,
  sliceMinos,
  signMachOFile,
  signMachOFileWith,
  PlistReal,
  isDict,
  writePlist,
  parsePlist,
  parsePlistDict
};
