/**
 * The "proxy" source for a Go toolchain: golang.org/toolchain@v0.0.1-go<ver>.<os>-<arch> through
 * the GOPROXY list, its h1 checked against the Go checksum database (with a tlog inclusion
 * proof), then extracted into `dest` so that `dest` appears complete or not at all.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, rename, rm } from '../system/owned-fs.js';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { errorMessage } from '../errors.js';
import { redactUrl, tooLarge, type GetOptions } from '../net/http.js';
import { hashZip } from './dirhash.js';
import {
  GOPROXY_INPUT,
  NotFoundError,
  ProxyFetchError,
  TOOLCHAIN_MODULE,
  escapeModuleVersion,
  parseGoProxy,
  proxyGet,
  proxyModuleUrl,
  toolchainModuleVersion,
  tryProxies,
  type ProxyEntry,
} from './goproxy.js';
import { GOSUMDB_SOURCE, lookupSumDb, parseGoSumDb, zipHashFromLines, type SumDbConfig } from './sumdb.js';
import { extractZip } from '../archive/zip-read.js';
import { exists } from '../system/fs.js';

/** Where progress and warnings go, and the run's environment for the HTTP knobs (a Runtime fits). */
export interface ToolchainLog {
  info(message: string): void;
  warning(message: string): void;
  env?: NodeJS.ProcessEnv;
}

export interface FetchToolchainOptions {
  /** Go version without the "go" prefix: '1.25.14', '1.26rc1'. */
  version: string;
  os: string;
  arch: string;
  /** The go-proxy input (GOPROXY syntax; '' = https://proxy.golang.org,direct), or parsed entries. */
  proxy: string | ProxyEntry[];
  /** GOSUMDB ('' = sum.golang.org), or a parsed config. */
  sumdb: string | SumDbConfig;
  /** Final GOROOT directory; must not exist yet. Created by a rename at the very end. */
  destDir: string;
  /** Scratch directory for the downloaded zip (deleted afterwards). */
  tempDir: string;
  /** Progress lines (info) and the GOSUMDB=off warning (warning). */
  log?: ToolchainLog;
  /** HTTP settings (attempts, retry delay, time-out) passed to httpGet. */
  http?: Omit<GetOptions, 'headers'>;
  /** Cap on the zip and on what it inflates to (default MAX_MODULE_ZIP). */
  maxZipBytes?: number;
}

export interface FetchToolchainResult {
  /** The URL the zip was downloaded from. */
  url: string;
  /** The zip's h1 hash (as the go command computes it). */
  h1: string;
  /** True when the checksum database vouched for h1; false only with GOSUMDB=off. */
  sumdbVerified: boolean;
}

/**
 * The go command's cap on a module zip and on what it inflates to (golang.org/x/mod/zip
 * MaxZipFile); a golang.org/toolchain zip is about 100 MiB and inflates to about 250 MiB.
 */
export const MAX_MODULE_ZIP = 500 << 20;

/** Cuts a body off past `limit` bytes (a Content-Length past it is refused before reading). */
async function* capped(body: AsyncIterable<Buffer>, url: string, limit: number): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const chunk of body) {
    n += chunk.length;
    if (n > limit) throw tooLarge(url, 'the module zip', limit);
    yield chunk;
  }
}

/** Downloads one URL to `file`, retrying a body that breaks off mid-way (headers are retried by httpGet). */
async function download(url: string, file: string, http: GetOptions, limit: number): Promise<void> {
  const attempts = Math.max(1, http.attempts ?? 3);
  for (let i = 1; ; i++) {
    const res = await proxyGet(url, http);
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      res.discard();
      throw tooLarge(url, 'the module zip', limit);
    }
    try {
      await pipeline(capped(res.body, url, limit), createWriteStream(file));
      return;
    } catch (err) {
      await rm(file, { force: true });
      if (err instanceof Error && err.name === 'TooLargeError') throw err;
      if (i >= attempts) throw new Error(`GET ${redactUrl(url)}: download broke off: ${errorMessage(err)}`, { cause: err });
      http.onRetry?.(`GET ${redactUrl(url)}: download broke off (${errorMessage(err)}); retrying (${i}/${attempts - 1})`);
    }
  }
}

/**
 * Fetches, verifies and extracts the toolchain. Throws (leaving neither `dest` nor a temporary
 * directory behind) on: no proxy having it, HTTP failures, a corrupt or truncated zip, an h1
 * that the checksum database does not vouch for, a bad database signature or inclusion proof,
 * or an unsafe zip entry.
 */
export async function fetchToolchainFromProxy(opts: FetchToolchainOptions): Promise<FetchToolchainResult> {
  const entries = typeof opts.proxy === 'string' ? parseGoProxy(opts.proxy) : opts.proxy;
  const sumdb = typeof opts.sumdb === 'string' ? parseGoSumDb(opts.sumdb) : opts.sumdb;
  const version = toolchainModuleVersion(opts.version, opts.os, opts.arch);
  const mod = `${TOOLCHAIN_MODULE}@${version}`;
  const log = opts.log;
  const http: GetOptions = { env: log?.env, ...(opts.http ?? {}), onRetry: opts.http?.onRetry ?? ((m) => log?.warning(m)) };
  if (await exists(opts.destDir)) throw new Error(`install ${mod}: ${opts.destDir} already exists`);

  const limit = opts.maxZipBytes ?? MAX_MODULE_ZIP;
  const rand = randomBytes(6).toString('hex');
  const zipPath = join(opts.tempDir, `toolchain-${version}-${rand}.zip`);
  const tmpDir = `${opts.destDir}.tmp-${rand}`;
  try {
    const url = await tryProxies(entries, `download ${mod} (input ${GOPROXY_INPUT})`, async (proxy) => {
      const u = proxyModuleUrl(proxy, TOOLCHAIN_MODULE, `${escapeModuleVersion(version)}.zip`);
      log?.info(`Downloading ${redactUrl(u)}`);
      await download(u, zipPath, http, limit);
      return u;
    }).catch((err: unknown) => {
      if (err instanceof ProxyFetchError && err.notFound) {
        throw new ProxyFetchError(`Go ${opts.version} for ${opts.os}/${opts.arch} is not available through ${GOPROXY_INPUT}: ${err.message}`, true);
      }
      throw err;
    });

    let h1: string;
    try {
      h1 = await hashZip(zipPath, { maxBytes: limit });
    } catch (err) {
      throw new Error(`${mod} from ${redactUrl(url)} (input ${GOPROXY_INPUT}) is not a valid module zip: ${errorMessage(err)}`, { cause: err });
    }

    let sumdbVerified = false;
    if (sumdb.off) {
      log?.warning(`${GOSUMDB_SOURCE}=off: ${mod} from ${redactUrl(url)} (${h1}) was not checked against the Go checksum database`);
    } else {
      const found = await lookupSumDb(sumdb, entries, TOOLCHAIN_MODULE, version, http);
      const want = zipHashFromLines(found.lines, TOOLCHAIN_MODULE, version);
      if (!want) {
        throw new Error(`checksum database ${sumdb.name} (${found.base}, set by ${GOSUMDB_SOURCE}) has no zip hash for ${mod}`);
      }
      if (want !== h1) {
        throw new Error(
          `SECURITY ERROR: ${mod} downloaded from ${redactUrl(url)} (input ${GOPROXY_INPUT}) has ${h1}, but checksum database ${sumdb.name} (${GOSUMDB_SOURCE}) says ${want}`,
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

export { NotFoundError, ProxyFetchError };
