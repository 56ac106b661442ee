/**
 * A loopback stand-in for the GitHub Actions cache service (v2), speaking what @actions/cache v6
 * sends: the Twirp JSON endpoints of github.actions.results.api.v1.CacheService, and Azure
 * block-blob style upload/download URLs for the archives (single-shot PUT or staged blocks plus
 * a block list; HEAD for properties; ranged GETs via x-ms-range/Range).
 *
 * Matching is GitHub's: an entry is visible only to the same `version` (the client's hash of the
 * paths and compression); the exact key wins, then each restore-key as a prefix, newest first.
 * Keys are immutable: creating an existing (or in-flight) key is a 409 already_exists.
 *
 * Faults (set per operation, optionally for the next `times` requests only):
 *   { kind: 'status', status }   answer with that HTTP status (5xx, 429 with Retry-After...)
 *   { kind: 'hang' }             never answer (until close())
 *   { kind: 'truncate' }         download: serve the first half of the archive (consistent headers)
 *   { kind: 'corrupt' }          download: serve the archive with bytes flipped in the middle
 *   { kind: 'conflict' }         create: answer 409 already_exists as if another job won the race
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { errorMessage } from '../../src/errors.js';

export type FaultOp = 'lookup' | 'create' | 'finalize' | 'upload' | 'download';
export type Fault = ({ kind: 'status'; status: number } | { kind: 'hang' } | { kind: 'truncate' } | { kind: 'corrupt' } | { kind: 'conflict' }) & {
  /** Apply to this many requests, then stop (default: until changed). */
  times?: number;
};

export interface CacheEntryInfo {
  id: number;
  key: string;
  version: string;
  size: number;
  created: number;
  finalized: boolean;
}

export interface CacheServer {
  /** Base URL for ACTIONS_RESULTS_URL (ends with /). */
  url: string;
  /** Every env var a run of @actions/cache needs against this server. */
  env: Record<string, string>;
  /** A snapshot of the stored entries. */
  entries(): CacheEntryInfo[];
  /** Replaces the archive bytes of the stored entry `key` (a hostile saver with access to the scope). */
  replace(key: string, data: Buffer): void;
  /** The finalized entries with their bytes, to load into another server (a job's saves, made once, seeding many tests). */
  dump(): StoredEntry[];
  /** Adds entries as a previous job saved them (new ids, their creation times kept). */
  load(saved: StoredEntry[]): void;
  /** Replaces the fault table (omit an op to clear it). */
  faults(f: Partial<Record<FaultOp, Fault>>): void;
  /** Requests seen so far, as `<op> <key or blob id>`. */
  log: string[];
  close(): Promise<void>;
}

export interface StoredEntry {
  key: string;
  version: string;
  created: number;
  data: Buffer;
}

interface Entry extends CacheEntryInfo {
  blocks: Map<string, Buffer>;
  data?: Buffer;
}

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';
const TOKEN = 'test-runtime-token';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The fields of a cache service request that the fake reads (the client sends them as strings). */
interface TwirpBody {
  key?: string;
  version?: string;
  restore_keys?: unknown;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const b = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(b.length), ...headers });
  res.end(b);
}

function twirpError(res: ServerResponse, status: number, code: string, msg: string) {
  json(res, status, { code, msg }, status === 429 ? { 'retry-after': '1' } : {});
}

export async function start(): Promise<CacheServer> {
  const entries: Entry[] = [];
  let nextId = 1;
  let faults: Partial<Record<FaultOp, Fault>> = {};
  const log: string[] = [];
  const sockets = new Set<Socket>();
  let base = '';

  /** The active fault for an op, consuming one of its `times`. */
  function fault(op: FaultOp): Fault | undefined {
    const f = faults[op];
    if (!f) return undefined;
    if (f.times !== undefined) {
      if (f.times <= 0) return undefined;
      f.times--;
    }
    return f;
  }

  /** Generic faults shared by every op: status and hang. True when handled. */
  function genericFault(f: Fault | undefined, res: ServerResponse, twirp: boolean): boolean {
    if (!f) return false;
    if (f.kind === 'hang') return true; // never answer
    if (f.kind === 'status') {
      if (twirp) twirpError(res, f.status, f.status === 429 ? 'resource_exhausted' : 'internal', `injected ${f.status}`);
      else {
        res.writeHead(f.status, { 'content-length': '0', 'x-ms-error-code': 'ServerBusy' });
        res.end();
      }
      return true;
    }
    return false;
  }

  const blobUrl = (e: Entry) => `${base}devstoreaccount1/actions-cache/${e.id}?sv=2024-01-01&sig=sig${e.id}`;

  function find(key: string, restoreKeys: string[], version: string): Entry | undefined {
    const done = entries.filter((e) => e.finalized && e.version === version);
    const exact = done.find((e) => e.key === key);
    if (exact) return exact;
    for (const rk of restoreKeys) {
      const hits = done.filter((e) => e.key.startsWith(rk)).sort((a, b) => b.created - a.created || b.id - a.id);
      if (hits.length > 0) return hits[0];
    }
    return undefined;
  }

  async function twirp(method: string, req: IncomingMessage, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      twirpError(res, 401, 'unauthenticated', 'bad token');
      return;
    }
    const body = JSON.parse((await readBody(req)).toString() || '{}') as TwirpBody;
    const key = body.key ?? '';
    const version = body.version ?? '';
    if (method === 'GetCacheEntryDownloadURL') {
      log.push(`lookup ${key}`);
      if (genericFault(fault('lookup'), res, true)) return;
      const rks = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : [];
      const e = find(key, rks, version);
      json(res, 200, e ? { ok: true, signed_download_url: blobUrl(e), matched_key: e.key } : { ok: false, signed_download_url: '', matched_key: '' });
      return;
    }
    if (method === 'CreateCacheEntry') {
      log.push(`create ${key}`);
      const f = fault('create');
      if (f?.kind === 'conflict' || entries.some((e) => e.key === key && e.version === version)) {
        twirpError(res, 409, 'already_exists', 'cache entry with the same key, version, and scope already exists');
        return;
      }
      if (genericFault(f, res, true)) return;
      const e: Entry = { id: nextId++, key, version, size: 0, created: 0, finalized: false, blocks: new Map() };
      entries.push(e);
      json(res, 200, { ok: true, signed_upload_url: blobUrl(e) });
      return;
    }
    if (method === 'FinalizeCacheEntryUpload') {
      log.push(`finalize ${key}`);
      if (genericFault(fault('finalize'), res, true)) return;
      const e = entries.find((x) => x.key === key && x.version === version && !x.finalized);
      if (!e || !e.data) {
        json(res, 200, { ok: false, entry_id: '0', message: 'no uploaded entry to finalize' });
        return;
      }
      e.finalized = true;
      e.size = e.data.length;
      e.created = Date.now();
      json(res, 200, { ok: true, entry_id: String(e.id) });
      return;
    }
    twirpError(res, 404, 'bad_route', `no such method ${method}`);
  }

  function blobHeaders(e: Entry): Record<string, string> {
    return {
      etag: `"0x${e.id.toString(16).padStart(8, '0')}"`,
      'last-modified': new Date(e.created || Date.now()).toUTCString(),
      'x-ms-request-id': `req-${e.id}`,
      'x-ms-version': '2024-01-01',
    };
  }

  async function blob(id: number, req: IncomingMessage, res: ServerResponse, q: URLSearchParams) {
    const e = entries.find((x) => x.id === id);
    if (req.method === 'PUT') {
      log.push(`upload ${id} ${q.get('comp') ?? 'single'}`);
      const data = await readBody(req);
      if (genericFault(fault('upload'), res, false)) return;
      if (!e || e.finalized) {
        res.writeHead(404, { 'x-ms-error-code': 'BlobNotFound', 'content-length': '0' });
        return res.end();
      }
      const comp = q.get('comp');
      if (comp === 'block') e.blocks.set(q.get('blockid') ?? '', data);
      else if (comp === 'blocklist') {
        const ids = [...data.toString().matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map((m) => m[1]);
        e.data = Buffer.concat(ids.map((b) => e.blocks.get(b) ?? Buffer.alloc(0)));
        e.blocks.clear();
      } else e.data = data;
      res.writeHead(201, { ...blobHeaders(e), 'content-length': '0', 'x-ms-request-server-encrypted': 'true' });
      return res.end();
    }
    if (req.method === 'HEAD' || req.method === 'GET') {
      log.push(`download ${id} ${req.method}`);
      const f = fault('download');
      if (genericFault(f, res, false)) return;
      if (!e || !e.finalized || !e.data) {
        res.writeHead(404, { 'x-ms-error-code': 'BlobNotFound', 'content-length': '0' });
        return res.end();
      }
      let data = e.data;
      if (f?.kind === 'truncate') data = data.subarray(0, Math.floor(data.length / 2));
      if (f?.kind === 'corrupt') {
        data = Buffer.from(data);
        for (let i = Math.floor(data.length / 3); i < Math.min(data.length, Math.floor(data.length / 3) + 64); i++) data[i] ^= 0x5a;
      }
      const headers = { ...blobHeaders(e), 'x-ms-blob-type': 'BlockBlob', 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
      if (req.method === 'HEAD') {
        res.writeHead(200, { ...headers, 'content-length': String(data.length) });
        return res.end();
      }
      const range = (req.headers['x-ms-range'] ?? req.headers.range) as string | undefined;
      const m = range ? /^bytes=(\d+)-(\d*)$/.exec(range) : null;
      if (m) {
        const start = Number(m[1]);
        const end = Math.min(m[2] ? Number(m[2]) : data.length - 1, data.length - 1);
        if (start >= data.length) {
          res.writeHead(416, { 'content-range': `bytes */${data.length}`, 'content-length': '0' });
          return res.end();
        }
        const part = data.subarray(start, end + 1);
        res.writeHead(206, { ...headers, 'content-length': String(part.length), 'content-range': `bytes ${start}-${end}/${data.length}` });
        return res.end(part);
      }
      res.writeHead(200, { ...headers, 'content-length': String(data.length) });
      return res.end(data);
    }
    res.writeHead(405, { 'content-length': '0' });
    res.end();
  }

  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const done = (p: Promise<unknown>): void => {
      p.catch((err: unknown) => {
        if (!res.headersSent) json(res, 500, { code: 'internal', msg: errorMessage(err) });
      });
    };
    if (req.method === 'POST' && u.pathname.startsWith(SERVICE)) return done(twirp(u.pathname.slice(SERVICE.length), req, res));
    const bm = /^\/devstoreaccount1\/actions-cache\/(\d+)$/.exec(u.pathname);
    if (bm) return done(blob(Number(bm[1]), req, res, u.searchParams));
    json(res, 404, { code: 'bad_route', msg: u.pathname });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    url: base,
    env: {
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: base,
      ACTIONS_RUNTIME_TOKEN: TOKEN,
      GITHUB_SERVER_URL: 'https://github.com',
    },
    entries: () => entries.map(({ id, key, version, size, created, finalized }) => ({ id, key, version, size, created, finalized })),
    replace: (key, data) => {
      const e = entries.find((x) => x.key === key && x.finalized);
      if (!e) throw new Error(`no stored entry ${key}`);
      e.data = data;
      e.size = data.length;
    },
    dump: () => entries.flatMap((e) => (e.finalized && e.data ? [{ key: e.key, version: e.version, created: e.created, data: e.data }] : [])),
    load: (saved) => {
      for (const x of saved) {
        if (entries.some((e) => e.key === x.key && e.version === x.version)) throw new Error(`entry ${x.key} is already stored`);
        entries.push({
          id: nextId++,
          key: x.key,
          version: x.version,
          size: x.data.length,
          created: x.created,
          finalized: true,
          blocks: new Map(),
          data: x.data,
        });
      }
    },
    faults: (f) => {
      faults = { ...f };
    },
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
