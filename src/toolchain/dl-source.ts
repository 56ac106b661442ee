/**
 * The `dl` source: a go.dev/dl-style mirror. The archive is hashed, gunzipped and extracted
 * in one pass as it downloads; the tree only becomes an install once the sha256 the index
 * lists matches (see toolcache.installAtomically). Extraction cannot reach outside `dest` whatever
 * the archive holds (safe-path.ts), and the download stops as soon as it passes the size the
 * index lists.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { errorMessage, UserError } from '../errors.js';
import { httpGet, HttpError, httpGetBuffer, redactUrl } from '../net/http.js';
import { fileUrl, indexUrl, parseDlIndex, type DlFile, type DlRelease } from './dl-index.js';
import { extractTar } from '../archive/tar-read.js';
import { extractZip } from '../archive/zip-read.js';

export class ChecksumError extends UserError {
  override name = 'ChecksumError';
}

/** The bound for an archive whose index entry lists no size (a Go archive is under 100 MB). */
const MAX_ARCHIVE = 1 << 30;

/** Where progress and warnings go, and the run's environment for the HTTP knobs (a Runtime fits). */
export interface SourceLog {
  info(msg: string): void;
  warning(msg: string): void;
  env?: NodeJS.ProcessEnv;
}

export async function fetchDlIndex(base: string, log: SourceLog): Promise<DlRelease[]> {
  const url = indexUrl(base);
  const body = await httpGetBuffer(url, { onRetry: (m) => log.warning(m), env: log.env });
  return parseDlIndex(body.toString('utf8'));
}

/**
 * Downloads `file` from the mirror at `base` and extracts its `go/` tree into `dest`.
 * Throws ChecksumError on a sha256 mismatch, HttpError on HTTP trouble.
 */
export async function downloadAndExtract(base: string, file: DlFile, dest: string, tempDir: string, log: SourceLog): Promise<{ url: string; sha256: string }> {
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
  const limit = Number.isSafeInteger(file.size) && file.size > 0 ? file.size : MAX_ARCHIVE;
  const tooLarge = () =>
    new ChecksumError(
      `download of ${redactUrl(url)} is larger than the ${limit} bytes ${limit === file.size ? 'the index lists' : 'allowed for a Go archive'}; stopped reading it`,
    );
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
      await extractZip(zipPath, dest, { prefix: 'go/' });
      return { url, sha256 };
    } finally {
      await rm(zipPath, { force: true });
    }
  }
  // .tar.gz: hash, gunzip and extract in one pass as the bytes arrive.
  const gunzip = createGunzip({ chunkSize: 64 << 10 });
  const extract = { failed: false }; // set by the extraction's rejection, read by the loop below
  const extraction = extractTar(gunzip, dest, { stripPrefix: 'go/' }).then(
    () => undefined,
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
  return { url, sha256 };
}
