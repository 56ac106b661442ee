/**
 * The `dl` source: a go.dev/dl-style mirror. The archive is hashed, gunzipped and extracted
 * in one pass as it downloads; the tree only becomes an install once the sha256 the index
 * lists matches (see toolcache.installAtomically). Extraction cannot reach outside `dest` whatever
 * the archive holds (safe-path.ts), and the download stops as soon as it passes the size the
 * index lists.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, rm } from '../system/owned-fs.js';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { errorMessage, UserError } from '../errors.js';
import { httpGet, HttpError, httpGetBuffer, redactUrl, showLimit } from '../net/http.js';
import { fileUrl, indexUrl, parseDlIndex, type DlFile, type DlRelease } from './dl-index.js';
import { extractTar, type HashedFile } from '../archive/tar-read.js';
import { extractZip, ZipReader } from '../archive/zip-read.js';

export class ChecksumError extends UserError {
  override name = 'ChecksumError';
}

/** The bound on any archive download, and the whole bound when its index entry lists no size (a Go archive is about 75 MiB). */
export const MAX_ARCHIVE = 512 << 20;

/** The bounds on what a Go archive extracts to: a toolchain is about 250 MiB in about 15,000 entries. */
export const MAX_TOOLCHAIN_BYTES = 1 << 30;
export const MAX_TOOLCHAIN_ENTRIES = 100_000;

/** The bound on the download index (go.dev's full index is about 2 MiB). */
export const MAX_DL_INDEX = 32 << 20;

/** Where progress and warnings go, and the run's environment for the HTTP knobs (a Runtime fits). */
export interface SourceLog {
  info(msg: string): void;
  warning(msg: string): void;
  env?: NodeJS.ProcessEnv;
}

export async function fetchDlIndex(base: string, log: SourceLog): Promise<DlRelease[]> {
  const url = indexUrl(base);
  const body = await httpGetBuffer(url, { onRetry: (m) => log.warning(m), env: log.env, maxBytes: MAX_DL_INDEX, what: 'the Go download index' });
  return parseDlIndex(body.toString('utf8'));
}

export interface Extracted {
  url: string;
  sha256: string;
  /** With `hashFiles`: every regular file under go/ (names below it) with its sha256, in archive order. */
  regular?: HashedFile[];
  /** With `hashFiles`: the links (symbolic or hard) the archive made, names below go/. */
  links?: string[];
}

/**
 * Downloads `file` from the mirror at `base` and extracts its `go/` tree into `dest`.
 * Throws ChecksumError on a sha256 mismatch, HttpError on HTTP trouble. With `hashFiles` it also
 * returns each extracted file's sha256, so the tree can be checked against another source.
 */
export async function downloadAndExtract(
  base: string,
  file: DlFile,
  dest: string,
  tempDir: string,
  log: SourceLog,
  opts: { hashFiles?: boolean } = {},
): Promise<Extracted> {
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
      `GET ${redactUrl(url)} answered ${res.status}; check the mirror set by go-download-base-url (or GO_DOWNLOAD_BASE_URL)`,
    );
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const listed = Number.isSafeInteger(file.size) && file.size > 0 && file.size <= MAX_ARCHIVE;
  const limit = listed ? file.size : MAX_ARCHIVE;
  const tooLarge = () =>
    new ChecksumError(
      `download of ${redactUrl(url)} is larger than the ${listed ? `${limit} bytes the index lists` : `${showLimit(limit)} allowed for a Go archive`}; stopped reading it`,
    );
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    res.discard();
    throw tooLarge();
  }
  /** The body as served (no content decoding), hashed, counted and cut off past `limit`. */
  const body = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limit) throw tooLarge();
      hash.update(chunk);
      yield chunk;
    }
  };
  // The sha256 decides: whatever else went wrong, a download that does not match the index is
  // reported as such. So the whole body is always read and hashed, even after extraction failed.
  const verify = () => {
    const got = hash.digest('hex');
    if (file.size && bytes !== file.size) {
      throw new ChecksumError(`download of ${redactUrl(url)} is truncated or padded: got ${bytes} bytes, the index lists ${file.size}`);
    }
    if (got.toLowerCase() !== file.sha256.toLowerCase()) {
      throw new ChecksumError(`checksum mismatch for ${file.filename} from ${redactUrl(url)}: the index lists sha256 ${file.sha256}, the download has ${got}`);
    }
    return got;
  };
  if (file.filename.endsWith('.zip')) {
    // A zip's directory is at its end: store it first (hashing on the way), then extract.
    const zipPath = join(tempDir, `${file.filename}.${process.pid}.part`);
    try {
      const out = createWriteStream(zipPath);
      await pipeline(body(), out);
      const sha256 = verify();
      await extractZip(zipPath, dest, { prefix: 'go/', maxBytes: MAX_TOOLCHAIN_BYTES, maxEntries: MAX_TOOLCHAIN_ENTRIES });
      return { url, sha256, ...(opts.hashFiles ? await hashZipFiles(zipPath) : {}) };
    } finally {
      await rm(zipPath, { force: true });
    }
  }
  // .tar.gz: hash, gunzip and extract in one pass as the bytes arrive.
  const gunzip = createGunzip({ chunkSize: 64 << 10 });
  const extract = { failed: false }; // set by the extraction's rejection, read by the loop below
  let tree: { regular?: HashedFile[]; links?: string[] } = {};
  const extraction = extractTar(gunzip, dest, {
    stripPrefix: 'go/',
    hashFiles: opts.hashFiles,
    maxBytes: MAX_TOOLCHAIN_BYTES,
    maxEntries: MAX_TOOLCHAIN_ENTRIES,
  }).then(
    (r) => {
      tree = { regular: r.regular, links: r.links };
      return undefined;
    },
    (e: unknown) => {
      extract.failed = true;
      gunzip.destroy();
      return e;
    },
  );
  let transportError: unknown;
  try {
    for await (const chunk of body()) {
      if (!extract.failed && !gunzip.write(chunk)) {
        // gunzip's own errors (and its destruction by a failed extraction) are the extraction's
        // to report, never a transport error: the body is still read to its end and hashed
        await Promise.race([once(gunzip, 'drain').catch(() => undefined), extraction]);
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
      `download of ${redactUrl(url)} is truncated: got ${bytes}${file.size ? ` of ${file.size}` : ''} bytes (${errorMessage(transportError)})`,
    );
  }
  const sha256 = verify();
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows the extraction's failure as it was raised
  if (extractError) throw extractError;
  return { url, sha256, ...(opts.hashFiles ? tree : {}) };
}

/** The regular files under go/ of an (already extracted, so already checked) zip with their sha256s; directories skipped. */
async function hashZipFiles(zipPath: string): Promise<{ regular: HashedFile[]; links: string[] }> {
  const zip = await ZipReader.open(zipPath);
  try {
    const regular: HashedFile[] = [];
    for (const e of zip.entries) {
      if (e.isDir) continue;
      const h = createHash('sha256');
      for await (const chunk of zip.read(e)) h.update(chunk);
      regular.push({ name: e.name.slice('go/'.length), sha256: h.digest('hex') });
    }
    return { regular, links: [] };
  } finally {
    await zip.close();
  }
}
