/**
 * The `dl` source: a go.dev/dl-style mirror. The archive is hashed, gunzipped and extracted
 * in one pass as it downloads; the tree only becomes an install once the sha256 the index
 * lists matches (see toolcache.installAtomically).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { UserError } from '../errors.js';
import { httpGet, HttpError, httpGetBuffer, redactUrl } from '../net/http.js';
import { fileUrl, indexUrl, parseDlIndex, type DlFile, type DlRelease } from './dl-index.js';
import { extractTar } from './untar.js';
import { extractZip } from './zip.js';

export class ChecksumError extends UserError {
  override name = 'ChecksumError';
}

export interface SourceLog {
  info(msg: string): void;
  warning(msg: string): void;
}

export async function fetchDlIndex(base: string, log: SourceLog): Promise<DlRelease[]> {
  const url = indexUrl(base);
  const body = await httpGetBuffer(url, { onRetry: (m) => log.warning(m) });
  return parseDlIndex(body.toString('utf8'));
}

/** Counts and hashes the bytes passing through. */
function hasher() {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex'), bytes: () => bytes };
}

/**
 * Downloads `file` from the mirror at `base` and extracts its `go/` tree into `dest`.
 * Throws ChecksumError on a sha256 mismatch, HttpError on HTTP trouble.
 */
export async function downloadAndExtract(base: string, file: DlFile, dest: string, tempDir: string, log: SourceLog): Promise<{ url: string; sha256: string }> {
  const url = fileUrl(base, file.filename);
  const res = await httpGet(url, { onRetry: (m) => log.warning(m) });
  if (res.status !== 200) {
    res.discard();
    throw new HttpError(url, res.status, `GET ${redactUrl(url)} answered ${res.status}`);
  }
  const h = hasher();
  const verify = () => {
    const got = h.digest();
    if (file.size && h.bytes() !== file.size) {
      throw new ChecksumError(`download of ${redactUrl(url)} is truncated or padded: got ${h.bytes()} bytes, the index lists ${file.size}`);
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
      await pipeline(res.body, h.stream, createWriteStream(zipPath));
      const sha256 = verify();
      await extractZip(zipPath, dest, { prefix: "go/" });
      return { url, sha256 };
    } finally {
      await rm(zipPath, { force: true });
    }
  }
  try {
    await pipeline(res.body, h.stream, createGunzip(), async (src: AsyncIterable<Buffer>) => {
      await extractTar(src, dest, { stripPrefix: 'go/' });
    });
  } catch (err) {
    // A short body shows up as a gzip or tar error; name what really happened.
    if (file.size && h.bytes() < file.size) {
      throw new ChecksumError(`download of ${redactUrl(url)} is truncated: got ${h.bytes()} of ${file.size} bytes (${(err as Error).message})`);
    }
    throw err;
  }
  return { url, sha256: verify() };
}
