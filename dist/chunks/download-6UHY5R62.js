import {
  ZipReader,
  extractZip
} from "./chunk-RFMJVKYR.js";
import {
  extractTar
} from "./chunk-KFJK2ZES.js";
import {
  installAtomically,
  installDir,
  isInstalled
} from "./chunk-2AJG6M53.js";
import {
  GOPROXY_INPUT,
  GOSUMDB_SOURCE,
  ProxyFetchError,
  SumDbError,
  TOOLCHAIN_MODULE,
  escapeModuleVersion,
  listToolchainVersions,
  lookupSumDb,
  nearestVersions,
  parseGoProxy,
  parseGoSumDb,
  parseGoVersion,
  proxyGet,
  proxyModuleUrl,
  resolveSpec,
  toolchainModuleVersion,
  tryProxies,
  zipHashFromLines
} from "./chunk-CTUT5AQU.js";
import "./chunk-PI4MXL3D.js";
import "./chunk-QQHFLWLX.js";
import {
  fastDrive
} from "./chunk-K4DALLU4.js";
import {
  seconds
} from "./chunk-LHSVOPIB.js";
import {
  exists
} from "./chunk-ET2PU4VS.js";
import "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import {
  createWriteStream,
  ownRoot,
  rename,
  rm
} from "./chunk-RH66WDZH.js";
import {
  HttpError,
  httpGet,
  httpGetBuffer,
  redact,
  showLimit,
  tooLarge
} from "./chunk-3FOH5IKW.js";
import {
  UserError,
  errorMessage
} from "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";

// src/toolchain/dl-index.ts
function indexUrl(base) {
  return `${base.replace(/\/+$/, "")}/?mode=json&include=all`;
}
function fileUrl(base, filename) {
  return `${base.replace(/\/+$/, "")}/${encodeURIComponent(filename)}`;
}
function parseDlIndex(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`the download index is not JSON (${e.message})`, { cause: e });
  }
  if (!Array.isArray(data)) throw new Error("the download index is not a JSON array of releases");
  const out = [];
  for (const r of data) {
    if (!r || typeof r.version !== "string" || !Array.isArray(r.files)) continue;
    const files = r.files.filter(
      (f) => !!f && typeof f.filename === "string" && typeof f.sha256 === "string" && /^[0-9a-f]{64}$/i.test(f.sha256)
    );
    out.push({ version: r.version, stable: r.stable === true, files });
  }
  return out;
}
function archiveFile(release, os, arch) {
  const ext = os === "windows" ? ".zip" : ".tar.gz";
  return release.files.find((f) => f.kind === "archive" && f.os === os && f.arch === arch && f.filename.endsWith(ext));
}
function dlCandidates(index, os, arch) {
  const out = [];
  for (const r of index) {
    const v = parseGoVersion(r.version);
    const file = archiveFile(r, os, arch);
    if (v && file) out.push({ version: v, stable: r.stable, file });
  }
  return out;
}

// src/toolchain/dl-source.ts
import { createHash } from "node:crypto";
import { join } from "node:path";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
var ChecksumError = class extends UserError {
  name = "ChecksumError";
};
var MAX_ARCHIVE = 512 << 20;
var MAX_TOOLCHAIN_BYTES = 1 << 30;
var MAX_TOOLCHAIN_ENTRIES = 1e5;
var MAX_DL_INDEX = 32 << 20;
async function fetchDlIndex(base, log) {
  const url = indexUrl(base);
  const body = await httpGetBuffer(url, { onRetry: (m) => log.warning(m), env: log.env, maxBytes: MAX_DL_INDEX, what: "the Go download index" });
  return parseDlIndex(body.toString("utf8"));
}
async function downloadAndExtract(base, file, dest, tempDir, log, opts = {}) {
  const url = fileUrl(base, file.filename);
  let res;
  try {
    res = await httpGet(url, { onRetry: (m) => log.warning(m), env: log.env });
  } catch (e) {
    if (e instanceof HttpError) throw new HttpError(url, e.status, `${e.message}; check the mirror set by go-download-base-url (or GO_DOWNLOAD_BASE_URL)`);
    throw e;
  }
  if (res.status !== 200) {
    res.discard();
    throw new HttpError(
      url,
      res.status,
      `GET ${redact(url)} answered ${res.status}; check the mirror set by go-download-base-url (or GO_DOWNLOAD_BASE_URL)`
    );
  }
  const hash = createHash("sha256");
  let bytes = 0;
  const listed = Number.isSafeInteger(file.size) && file.size > 0 && file.size <= MAX_ARCHIVE;
  const limit = listed ? file.size : MAX_ARCHIVE;
  const tooLarge2 = () => new ChecksumError(
    `download of ${redact(url)} is larger than the ${listed ? `${limit} bytes the index lists` : `${showLimit(limit)} allowed for a Go archive`}; stopped reading it`
  );
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    res.discard();
    throw tooLarge2();
  }
  const body = async function* () {
    for await (const chunk of res.body) {
      bytes += chunk.length;
      if (bytes > limit) throw tooLarge2();
      hash.update(chunk);
      yield chunk;
    }
  };
  const verify = () => {
    const got = hash.digest("hex");
    if (file.size && bytes !== file.size) {
      throw new ChecksumError(`download of ${redact(url)} is truncated or padded: got ${bytes} bytes, the index lists ${file.size}`);
    }
    if (got.toLowerCase() !== file.sha256.toLowerCase()) {
      throw new ChecksumError(`checksum mismatch for ${file.filename} from ${redact(url)}: the index lists sha256 ${file.sha256}, the download has ${got}`);
    }
    return got;
  };
  if (file.filename.endsWith(".zip")) {
    const zipPath = join(tempDir, `${file.filename}.${process.pid}.part`);
    try {
      const out = createWriteStream(zipPath);
      await pipeline(body(), out);
      const sha2562 = verify();
      await extractZip(zipPath, dest, { prefix: "go/", maxBytes: MAX_TOOLCHAIN_BYTES, maxEntries: MAX_TOOLCHAIN_ENTRIES });
      return { url, sha256: sha2562, ...opts.hashFiles ? await hashZipFiles(zipPath) : {} };
    } finally {
      await rm(zipPath, { force: true });
    }
  }
  const gunzip = createGunzip({ chunkSize: 64 << 10 });
  const extract = { failed: false };
  let tree = {};
  const extraction = extractTar(gunzip, dest, {
    stripPrefix: "go/",
    hashFiles: opts.hashFiles,
    maxBytes: MAX_TOOLCHAIN_BYTES,
    maxEntries: MAX_TOOLCHAIN_ENTRIES
  }).then(
    (r) => {
      tree = { regular: r.regular, links: r.links };
      return void 0;
    },
    (e) => {
      extract.failed = true;
      gunzip.destroy();
      return e;
    }
  );
  let transportError;
  try {
    for await (const chunk of body()) {
      if (!extract.failed && !gunzip.write(chunk)) {
        await Promise.race([once(gunzip, "drain").catch(() => void 0), extraction]);
      }
    }
  } catch (e) {
    transportError = e;
  }
  if (transportError instanceof ChecksumError) gunzip.destroy();
  else if (!extract.failed) gunzip.end();
  const extractError = await extraction;
  if (transportError instanceof ChecksumError) throw transportError;
  if (transportError) {
    throw new ChecksumError(
      `download of ${redact(url)} is truncated: got ${bytes}${file.size ? ` of ${file.size}` : ""} bytes (${errorMessage(transportError)})`
    );
  }
  const sha256 = verify();
  if (extractError) throw extractError;
  return { url, sha256, ...opts.hashFiles ? tree : {} };
}
async function hashZipFiles(zipPath) {
  const zip = await ZipReader.open(zipPath);
  try {
    const regular = [];
    for (const e of zip.entries) {
      if (e.isDir) continue;
      const h = createHash("sha256");
      for await (const chunk of zip.read(e)) h.update(chunk);
      regular.push({ name: e.name.slice("go/".length), sha256: h.digest("hex") });
    }
    return { regular, links: [] };
  } finally {
    await zip.close();
  }
}

// src/toolchain/mirror-verify.ts
import { join as join2 } from "node:path";

// src/toolchain/dirhash.ts
import { createHash as createHash2 } from "node:crypto";
async function hash1(files) {
  const named = files.map((f) => ({ raw: typeof f.name === "string" ? Buffer.from(f.name, "utf8") : f.name, f }));
  named.sort((a, b) => Buffer.compare(a.raw, b.raw));
  const digests = [];
  for (const { raw, f } of named) {
    if (raw.includes(10)) throw new Error("dirhash: file names with newlines are not supported");
    const h = createHash2("sha256");
    for await (const chunk of f.open()) h.update(chunk);
    digests.push({ name: raw, sha256: h.digest("hex") });
  }
  return hash1Digests(digests);
}
function hash1Digests(files) {
  const named = files.map((f) => ({ raw: typeof f.name === "string" ? Buffer.from(f.name, "utf8") : f.name, sha256: f.sha256 }));
  named.sort((a, b) => Buffer.compare(a.raw, b.raw));
  const summary = createHash2("sha256");
  for (const { raw, sha256 } of named) {
    if (raw.includes(10)) throw new Error("dirhash: file names with newlines are not supported");
    summary.update(`${sha256}  `);
    summary.update(raw);
    summary.update("\n");
  }
  return `h1:${summary.digest("base64")}`;
}
async function hashZip(zipPath, limits = {}) {
  const zip = await ZipReader.open(zipPath, limits);
  try {
    return await hash1(zip.entries.map((e) => ({ name: e.rawName, open: () => zip.read(e) })));
  } finally {
    await zip.close();
  }
}

// src/toolchain/mirror-verify.ts
var GO_DEV_DL = "https://go.dev/dl";
var isGoDevDl = (base) => base.replace(/\/+$/, "") === GO_DEV_DL;
var OMITTED_FROM_MODULE = [".github", "api", "doc", "misc", "test"];
function moduleFileName(rel) {
  const name = rel === "go.mod" || rel.endsWith("/go.mod") ? `${rel.slice(0, -"go.mod".length)}_go.mod` : rel;
  const top = name.split("/")[0];
  if (name.includes("/") && OMITTED_FROM_MODULE.includes(top)) return void 0;
  return name;
}
function distTreeH1(regular, links, moduleVersion) {
  if (links.length > 0) return { problem: `the archive makes links (${JSON.stringify(links[0])}), which a Go release archive does not` };
  const seen = /* @__PURE__ */ new Set();
  const files = [];
  for (const f of regular) {
    const name = moduleFileName(f.name);
    if (name === void 0) continue;
    if (seen.has(name)) return { problem: `the archive holds ${JSON.stringify(f.name)} more than once` };
    seen.add(name);
    files.push({ name: `${TOOLCHAIN_MODULE}@${moduleVersion}/${name}`, sha256: f.sha256 });
  }
  return { h1: hash1Digests(files) };
}
async function askSumDb(o) {
  const sumdb = parseGoSumDb(o.goSumDb);
  if (sumdb.off) return { why: `${GOSUMDB_SOURCE}=off` };
  let proxies;
  try {
    proxies = parseGoProxy(o.goProxy, "GOPROXY", "skip");
  } catch (err) {
    return { why: errorMessage(err) };
  }
  if (proxies[0]?.kind === "off" && !sumdb.url) return { why: "GOPROXY=off and GOSUMDB names no URL, so the checksum database was not asked" };
  const mv = toolchainModuleVersion(o.version, o.os, o.arch);
  const http = { env: o.log.env, ...o.http ?? {}, onRetry: o.http?.onRetry ?? ((m) => o.log.warning(m)) };
  try {
    const found = await lookupSumDb(sumdb, proxies, TOOLCHAIN_MODULE, mv, http);
    const h1 = zipHashFromLines(found.lines, TOOLCHAIN_MODULE, mv);
    if (!h1) return { why: `checksum database ${sumdb.name} has no zip hash for ${TOOLCHAIN_MODULE}@${mv}` };
    return { h1, db: sumdb.name };
  } catch (err) {
    if (err instanceof SumDbError && err.unreachable || err instanceof ProxyFetchError) return { why: errorMessage(err) };
    throw err;
  }
}
function onlyMirrorWarning(base, file, why) {
  return `only the mirror ${redact(base)} (go-download-base-url) vouches for ${file.filename}: its sha256 comes from that mirror's own index and could not be checked against the Go checksum database (${why}); for an independent check let GOSUMDB (default sum.golang.org) be reachable, directly or through GOPROXY, or remove go-download-base-url to download from go.dev`;
}
async function installFromMirror(o) {
  const mv = toolchainModuleVersion(o.version, o.os, o.arch);
  const word = await askSumDb(o);
  const r = await downloadAndExtract(o.base, o.file, o.dest, o.tempDir, o.log, { hashFiles: "h1" in word });
  if ("why" in word) {
    o.log.warning(onlyMirrorWarning(o.base, o.file, word.why));
    return { sha256: r.sha256 };
  }
  const got = distTreeH1(r.regular ?? [], r.links ?? [], mv);
  if ("problem" in got) {
    throw new ChecksumError(
      `SECURITY ERROR: ${o.file.filename} from ${redact(r.url)} (go-download-base-url) is not the Go release that checksum database ${word.db} (${GOSUMDB_SOURCE}) vouches for: ${got.problem}; nothing was installed`
    );
  }
  if (got.h1 !== word.h1) {
    throw new ChecksumError(
      `SECURITY ERROR: ${o.file.filename} from ${redact(r.url)} (go-download-base-url) extracts to files that hash to ${got.h1}, but checksum database ${word.db} (${GOSUMDB_SOURCE}) lists ${word.h1} for ${TOOLCHAIN_MODULE}@${mv}; nothing was installed`
    );
  }
  for (const d of OMITTED_FROM_MODULE) await rm(join2(o.dest, d), { recursive: true, force: true });
  return { sha256: r.sha256, h1: got.h1 };
}

// src/toolchain/proxy-source.ts
import { randomBytes } from "node:crypto";
import { join as join3 } from "node:path";
import { pipeline as pipeline2 } from "node:stream/promises";
var MAX_MODULE_ZIP = 500 << 20;
async function* capped(body, url, limit) {
  let n = 0;
  for await (const chunk of body) {
    n += chunk.length;
    if (n > limit) throw tooLarge(url, "the module zip", limit);
    yield chunk;
  }
}
async function download(url, file, http, limit) {
  const attempts = Math.max(1, http.attempts ?? 3);
  for (let i = 1; ; i++) {
    const res = await proxyGet(url, http);
    const declared = Number(res.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      res.discard();
      throw tooLarge(url, "the module zip", limit);
    }
    try {
      await pipeline2(capped(res.body, url, limit), createWriteStream(file));
      return;
    } catch (err) {
      await rm(file, { force: true });
      if (err instanceof Error && err.name === "TooLargeError") throw err;
      if (i >= attempts) throw new Error(`GET ${redact(url)}: download broke off: ${errorMessage(err)}`, { cause: err });
      http.onRetry?.(`GET ${redact(url)}: download broke off (${errorMessage(err)}); retrying (${i}/${attempts - 1})`);
    }
  }
}
async function fetchToolchainFromProxy(opts) {
  const entries = typeof opts.proxy === "string" ? parseGoProxy(opts.proxy) : opts.proxy;
  const sumdb = typeof opts.sumdb === "string" ? parseGoSumDb(opts.sumdb) : opts.sumdb;
  const version = toolchainModuleVersion(opts.version, opts.os, opts.arch);
  const mod = `${TOOLCHAIN_MODULE}@${version}`;
  const log = opts.log;
  const http = { env: log?.env, ...opts.http ?? {}, onRetry: opts.http?.onRetry ?? ((m) => log?.warning(m)) };
  if (await exists(opts.destDir)) throw new Error(`install ${mod}: ${opts.destDir} already exists`);
  const limit = opts.maxZipBytes ?? MAX_MODULE_ZIP;
  const rand = randomBytes(6).toString("hex");
  const zipPath = join3(opts.tempDir, `toolchain-${version}-${rand}.zip`);
  const tmpDir = `${opts.destDir}.tmp-${rand}`;
  try {
    const url = await tryProxies(entries, `download ${mod} (input ${GOPROXY_INPUT})`, async (proxy) => {
      const u = proxyModuleUrl(proxy, TOOLCHAIN_MODULE, `${escapeModuleVersion(version)}.zip`);
      log?.info(`Downloading ${redact(u)}`);
      await download(u, zipPath, http, limit);
      return u;
    }).catch((err) => {
      if (err instanceof ProxyFetchError && err.notFound) {
        throw new ProxyFetchError(`Go ${opts.version} for ${opts.os}/${opts.arch} is not available through ${GOPROXY_INPUT}: ${err.message}`, true);
      }
      throw err;
    });
    let h1;
    try {
      h1 = await hashZip(zipPath, { maxBytes: limit });
    } catch (err) {
      throw new Error(`${mod} from ${redact(url)} (input ${GOPROXY_INPUT}) is not a valid module zip: ${errorMessage(err)}`, { cause: err });
    }
    let sumdbVerified = false;
    if (sumdb.off) {
      log?.warning(`${GOSUMDB_SOURCE}=off: ${mod} from ${redact(url)} (${h1}) was not checked against the Go checksum database`);
    } else {
      const found = await lookupSumDb(sumdb, entries, TOOLCHAIN_MODULE, version, http);
      const want = zipHashFromLines(found.lines, TOOLCHAIN_MODULE, version);
      if (!want) {
        throw new Error(`checksum database ${sumdb.name} (${found.base}, set by ${GOSUMDB_SOURCE}) has no zip hash for ${mod}`);
      }
      if (want !== h1) {
        throw new Error(
          `SECURITY ERROR: ${mod} downloaded from ${redact(url)} (input ${GOPROXY_INPUT}) has ${h1}, but checksum database ${sumdb.name} (${GOSUMDB_SOURCE}) says ${want}`
        );
      }
      sumdbVerified = true;
    }
    await extractZip(zipPath, tmpDir, { prefix: `${mod}/`, maxBytes: limit });
    await rename(tmpDir, opts.destDir);
    return { url, h1, sumdbVerified };
  } catch (err) {
    await rm(tmpDir, { recursive: true, force: true });
    throw err;
  } finally {
    await rm(zipPath, { force: true });
  }
}

// src/toolchain/download.ts
var Unreachable = class extends Error {
};
function specInput(cfg) {
  return cfg.specFrom === "go-version" ? "go-version" : "go-version-file";
}
async function downloadToolchain(rt, cfg, check, cached) {
  const os = rt.host.os;
  const arch = cfg.arch;
  const root = rt.toolCacheDir;
  const order = cfg.source === "auto" ? ["dl", "proxy"] : [cfg.source];
  const unreachable = [];
  let resolved;
  const fallbacks = order.slice();
  while (fallbacks.length > 0 && !resolved) {
    const src = fallbacks.shift();
    try {
      resolved = src === "dl" ? await resolveDl(rt, cfg) : await resolveProxy(rt, cfg);
    } catch (err) {
      if (!(err instanceof Unreachable)) throw err;
      unreachable.push(err.message);
      if (fallbacks.length > 0) rt.warning(`${err.message}; trying the ${fallbacks[0]} source`);
    }
  }
  if (!resolved) {
    throw new UserError(
      `no Go download source could be reached: ${unreachable.join("; ")}. Point go-download-base-url (or GO_DOWNLOAD_BASE_URL) at a reachable go.dev/dl mirror, or set go-download-source: proxy with go-proxy naming a reachable module proxy`
    );
  }
  const v = resolved.version;
  if (isInstalled(root, v, arch, os)) {
    const tc = await cached(v);
    if (tc) return tc;
  }
  const fast = rt.host.os === "windows" && rt.localCacheDir === void 0 ? fastDrive(rt.env) : {};
  const workRoot = fast.toolCacheOnWorkDrive;
  if (workRoot) {
    ownRoot(workRoot);
    rt.info(`Go is extracted to ${workRoot} (${fast.why ?? ""}); ${installDir(root, v, arch)} is a junction to it`);
  }
  const started = Date.now();
  let source = resolved.source;
  try {
    await installAtomically(root, v, arch, check, resolved.install, workRoot);
  } catch (err) {
    if (cfg.source === "auto" && source === "dl" && err instanceof HttpError) {
      rt.warning(`${err.message}; trying the proxy source`);
      source = "proxy";
      await installAtomically(root, v, arch, check, (dest) => proxyInstall(rt, cfg, v, dest), workRoot);
    } else throw err;
  }
  rt.info(`Installed Go ${v.text} from ${source} in ${seconds(Date.now() - started)}`);
  return { version: v, goroot: installDir(root, v, arch), source };
}
async function resolveDl(rt, cfg) {
  const base = cfg.downloadBaseUrl;
  let index;
  try {
    index = await fetchDlIndex(base, rt);
  } catch (err) {
    throw new Unreachable(`the Go download index at ${redact(base)} (set by go-download-base-url) failed: ${errorMessage(err)}`);
  }
  const cands = dlCandidates(index, rt.host.os, cfg.arch);
  if (cands.length === 0 && !index.some((r) => r.files.some((f) => f.os === rt.host.os))) {
    throw new UserError(
      `the Go download index at ${redact(base)} has no archives for ${rt.host.os}; go-fyne-action installs Go for linux, darwin and windows`
    );
  }
  const v = pick(cfg, cands, redact(base));
  const cand = cands.find((c) => c.version.text === v.text);
  return {
    version: v,
    source: "dl",
    install: async (dest) => {
      if (isGoDevDl(base)) {
        const r2 = await downloadAndExtract(base, cand.file, dest, rt.tempDir, rt);
        rt.info(`Verified ${cand.file.filename}: sha256 ${r2.sha256}`);
        return;
      }
      const r = await installFromMirror({
        base,
        file: cand.file,
        version: v.text,
        os: rt.host.os,
        arch: cfg.arch,
        goProxy: cfg.goProxy,
        goSumDb: cfg.goSumDb,
        dest,
        tempDir: rt.tempDir,
        log: rt
      });
      if (r.h1) rt.info(`Verified ${cand.file.filename}: sha256 ${r.sha256} (mirror index); files ${r.h1} (checksum database)`);
      else rt.info(`Verified ${cand.file.filename}: sha256 ${r.sha256} (the mirror's own index only)`);
    }
  };
}
function proxyList(cfg) {
  return parseGoProxy(cfg.goProxy);
}
async function resolveProxy(rt, cfg) {
  const proxies = proxyList(cfg);
  let versions;
  try {
    versions = await listToolchainVersions(proxies, rt.host.os, cfg.arch, { onRetry: (m) => rt.warning(m) });
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new Unreachable(`the Go module proxy (set by go-proxy or GOPROXY: ${cfg.goProxy || "default"}) failed: ${errorMessage(err)}`);
  }
  const cands = versions.flatMap((t) => {
    const version = parseGoVersion(t);
    return version ? [{ version, stable: !version.pre }] : [];
  });
  const v = pick(cfg, cands, "the Go module proxy");
  return { version: v, source: "proxy", install: (dest) => proxyInstall(rt, cfg, v, dest) };
}
async function proxyInstall(rt, cfg, v, dest) {
  const sumdb = parseGoSumDb(cfg.goSumDb);
  const r = await fetchToolchainFromProxy({
    version: v.text,
    os: rt.host.os,
    arch: cfg.arch,
    proxy: proxyList(cfg),
    sumdb,
    destDir: dest,
    tempDir: rt.tempDir,
    log: rt
  });
  if (r.sumdbVerified) rt.info(`Verified golang.org/toolchain go${v.text}: ${r.h1} (checksum database)`);
  else rt.debug(`toolchain from ${r.url} not checked against a checksum database (GOSUMDB=off)`);
}
function pick(cfg, cands, where) {
  const v = resolveSpec(cfg.spec, cands);
  if (v) return v;
  const near = nearestVersions(cfg.spec, cands);
  throw new UserError(
    `input "${specInput(cfg)}": no Go release matches ${JSON.stringify(cfg.spec.raw)} for ${cfg.arch} on ${where}; nearest available: ${near.join(", ") || "none"}`
  );
}
export {
  downloadToolchain
};
