/**
 * A loopback go.dev/dl-style mirror: `/dl/?mode=json&include=all` and `/dl/<file>`, serving a
 * real Go toolchain archive (prepared by scripts/fixtures.mjs) with the index's shape. Faults
 * can be switched on per test; every request is counted.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ensureFixtures, TEST_CACHE } from '../../scripts/fixtures.mjs';
import type { DlFile } from '../../src/toolchain/dl-index.js';

export interface MirrorFaults {
  /** Status for the index (e.g. 500), `times` times (default: always). */
  indexStatus?: { status: number; times?: number };
  /** Status for archive downloads, `times` times (default: always). */
  fileStatus?: { status: number; times?: number };
  /** Cut the archive after this many bytes (and close the connection). */
  truncateAt?: number;
  /** Flip one byte in the middle of the archive. */
  corrupt?: boolean;
  /**
   * A hostile mirror: serve the archive with one byte of go/VERSION's content changed (still a
   * valid tar.gz) and list that archive's own sha256 and size in the index.
   */
  tamperConsistently?: boolean;
}

/** The fixture archive with the first content byte of go/VERSION changed, re-gzipped. */
function tampered(tarball: Buffer): Buffer {
  const tar = gunzipSync(tarball);
  for (let off = 0; off + 512 <= tar.length; off += 512) {
    if (tar.toString('utf8', off, off + 10) === 'go/VERSION' && tar[off + 10] === 0) {
      tar[off + 512] ^= 0x20; // 'g' -> 'G'
      return gzipSync(tar);
    }
  }
  throw new Error('go/VERSION not found in the fixture archive');
}

/**
 * tampered(), kept in TEST_CACHE beside the fixture it derives from (keyed by its sha256 and by
 * TAMPER_KEY, to change with tampered()): the gunzip and gzip of ~200 MB cost ~10 s per run.
 */
const TAMPER_KEY = 'version-g1';
function tamperedCached(tarball: Buffer, sha256: string): Buffer {
  const file = join(TEST_CACHE, `go-tampered-${TAMPER_KEY}-${sha256.slice(0, 16)}.tar.gz`);
  if (existsSync(file)) return readFileSync(file);
  const t = tampered(tarball);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, t);
  renameSync(tmp, file); // atomic: a worker reading it never sees half a file
  return t;
}

export interface Mirror {
  url: string; // the base, e.g. http://127.0.0.1:1234/dl
  version: string;
  sha256: string;
  requests: string[];
  faults: MirrorFaults;
  close(): Promise<void>;
}

export async function startMirror(): Promise<Mirror> {
  const fx = ensureFixtures({ quiet: true });
  const name = `go${fx.version}.linux-amd64.tar.gz`;
  const size = statSync(fx.tarball).size;
  const file = (filename: string, os: string, arch: string, version: string, sha256: string, sz: number, kind = 'archive') => ({
    filename,
    os,
    arch,
    version,
    sha256,
    size: sz,
    kind,
  });
  const fake = 'f'.repeat(64);
  // Real shapes: a newer unstable release, the real one, older stable ones whose archives we
  // never serve (a test that picked them would fail loudly), sources and installers to skip.
  const index = [
    { version: 'go1.26rc1', stable: false, files: [file('go1.26rc1.linux-amd64.tar.gz', 'linux', 'amd64', 'go1.26rc1', fake, 1)] },
    {
      version: `go${fx.version}`,
      stable: true,
      files: [
        file(`go${fx.version}.src.tar.gz`, '', '', `go${fx.version}`, fake, 1, 'source'),
        file(name, 'linux', 'amd64', `go${fx.version}`, fx.tarballSha256, size),
        file(`go${fx.version}.darwin-arm64.pkg`, 'darwin', 'arm64', `go${fx.version}`, fake, 1, 'installer'),
      ],
    },
    { version: 'go1.25.13', stable: true, files: [file('go1.25.13.linux-amd64.tar.gz', 'linux', 'amd64', 'go1.25.13', fake, 1)] },
    { version: 'go1.24.9', stable: true, files: [file('go1.24.9.linux-amd64.tar.gz', 'linux', 'amd64', 'go1.24.9', fake, 1)] },
  ];
  const data = readFileSync(fx.tarball);
  let tamperedData: Buffer | undefined;
  const bad = () => (tamperedData ??= tamperedCached(data, fx.tarballSha256));
  const counts = { index: 0, file: 0 };
  const m: Mirror = { url: '', version: fx.version, sha256: fx.tarballSha256, requests: [], faults: {}, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    m.requests.push(req.url ?? '');
    if (req.headers.authorization) {
      res.writeHead(400).end('a download mirror must never receive credentials');
      return;
    }
    const f = m.faults;
    if (url.pathname === '/dl/' || url.pathname === '/dl') {
      counts.index++;
      if (f.indexStatus && (f.indexStatus.times === undefined || counts.index <= f.indexStatus.times)) {
        res.writeHead(f.indexStatus.status).end('fault');
        return;
      }
      if (url.searchParams.get('mode') !== 'json') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
        return;
      }
      const listed = f.tamperConsistently
        ? index.map((r) => ({
            ...r,
            files: r.files.map((x) => (x.filename === name ? { ...x, sha256: createHash('sha256').update(bad()).digest('hex'), size: bad().length } : x)),
          }))
        : index;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listed));
      return;
    }
    if (url.pathname === `/dl/${name}`) {
      counts.file++;
      if (f.fileStatus && (f.fileStatus.times === undefined || counts.file <= f.fileStatus.times)) {
        res.writeHead(f.fileStatus.status).end('fault');
        return;
      }
      if (f.truncateAt !== undefined) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.write(data.subarray(0, f.truncateAt), () => res.destroy());
        return;
      }
      if (f.tamperConsistently) {
        res.writeHead(200, { 'content-length': String(bad().length) }).end(bad());
        return;
      }
      if (f.corrupt) {
        const copy = Buffer.from(data);
        copy[Math.floor(copy.length / 2)] ^= 0x55;
        res.writeHead(200, { 'content-length': String(copy.length) }).end(copy);
        return;
      }
      res.writeHead(200, { 'content-length': String(size), 'content-type': 'application/octet-stream' });
      createReadStream(fx.tarball).pipe(res);
      return;
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  m.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dl`;
  m.close = () => new Promise((r) => server.close(() => r()));
  return m;
}

export interface ServedArchive {
  filename: string;
  data: Buffer;
  /** What the index lists (default: the data's true sha256 and size). */
  sha256?: string;
  size?: number;
  /** Send this Content-Encoding header with the bytes unchanged (as a misconfigured CDN does). */
  contentEncoding?: string;
  /** After the data, keep sending zeros until the client hangs up (a hostile endless body). */
  endless?: boolean;
}

export interface ArchiveMirror {
  url: string; // the base, e.g. http://127.0.0.1:1234/dl
  requests: { path: string; headers: import('node:http').IncomingHttpHeaders }[];
  /** Bytes sent per file, counted as the server writes them. */
  sent: Map<string, number>;
  /** The index entry of each file, as downloadAndExtract takes it. */
  index: Record<string, DlFile>;
  close(): Promise<void>;
}

/** A loopback go.dev/dl-style mirror serving the given archives under /dl/<filename>. */
export async function startArchiveMirror(files: ServedArchive[]): Promise<ArchiveMirror> {
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const index = Object.fromEntries(
    files.map((f) => [
      f.filename,
      {
        filename: f.filename,
        os: 'linux',
        arch: 'amd64',
        version: 'go1.25.14',
        sha256: f.sha256 ?? sha(f.data),
        size: f.size ?? f.data.length,
        kind: 'archive',
      },
    ]),
  );
  const m: ArchiveMirror = { url: '', requests: [], sent: new Map(), index, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    m.requests.push({ path: req.url ?? '', headers: req.headers });
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/dl\//, ''));
    const f = files.find((x) => x.filename === name);
    if (!f) {
      res.writeHead(404).end('not found');
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (f.contentEncoding) headers['content-encoding'] = f.contentEncoding;
    if (!f.endless) headers['content-length'] = String(f.data.length);
    res.writeHead(200, headers);
    m.sent.set(name, f.data.length);
    if (!f.endless) {
      res.end(f.data);
      return;
    }
    res.write(f.data);
    const zeros = Buffer.alloc(64 << 10);
    const more = () => {
      while (!res.destroyed && m.sent.get(name)! < 1 << 30) {
        m.sent.set(name, m.sent.get(name)! + zeros.length);
        if (!res.write(zeros)) return void res.once('drain', more);
      }
      res.end();
    };
    more();
  });
  m.close = () => new Promise((r) => server.close(() => r()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  m.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dl`;
  return m;
}
