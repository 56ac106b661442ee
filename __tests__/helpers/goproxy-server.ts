/**
 * A loopback Go module proxy and checksum database for tests (127.0.0.1, random port).
 *
 * It serves golang.org/toolchain from the zip files you give it, the way proxy.golang.org does:
 *   GET /golang.org/toolchain/@v/list                  versions, one a line
 *   GET /golang.org/toolchain/@v/<version>.info|.mod|.zip
 * and a checksum database named `sumdbName`, signed with an ed25519 key generated at start,
 * reachable through the proxy like sum.golang.org is through proxy.golang.org:
 *   GET /sumdb/<name>/supported                        200 (the proxy serves that database)
 *   GET /sumdb/<name>/lookup/<module>@<version>        "<id>\n<records>\n\n<signed tree note>"
 *   GET /sumdb/<name>/tile/8/<L>/<N>[.p/<W>]           tiles of a real RFC 6962 tree
 * The tree holds `fillerRecords` unrelated records before the toolchain records and a few
 * after, so inclusion proofs cross several tiles and tile levels.
 *
 * Use it as GOPROXY=`url` and GOSUMDB=`verifierKey` (the go command would accept both too).
 *
 *   const srv = await startGoProxyServer({ toolchains: [{ version: '1.25.14', os: 'linux', arch: 'amd64', zip }] });
 *   try { ... GOPROXY: srv.url, GOSUMDB: srv.verifierKey ... } finally { await srv.close(); }
 *
 * Faults (all off by default) make it misbehave in one precise way each; see GoProxyFaults.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import { hash1, hashZip } from '../../src/toolchain/dirhash.js';
import { formatTree, nodeHash, recordHash } from '../../src/toolchain/tlog.js';

export interface ServedToolchain {
  /** Go version without "go": '1.25.14'. */
  version: string;
  os: string;
  arch: string;
  /** Path of the module zip (entries under golang.org/toolchain@v0.0.1-go<version>.<os>-<arch>/). */
  zip: string;
  /** Its h1, if already known (skips hashing a large zip at start). */
  h1?: string;
}

export interface GoProxyFaults {
  /** Every /golang.org/toolchain/... request answers 404. */
  notFound?: boolean;
  /** The first n .zip requests answer 500. */
  zip500?: number;
  /** The .zip is served cut to half its length (with a matching Content-Length). */
  truncateZip?: boolean;
  /** A run of bytes a third into the .zip is flipped. */
  corruptZip?: boolean;
  /** The checksum database records a different h1 for every zip (a consistent, signed tree). */
  wrongHash?: boolean;
  /** The tree note's signature is made with a different key (same name and key hash). */
  badSignature?: boolean;
  /** Lookups answer a record text that differs from the one in the tree (inclusion proof fails). */
  tamperedRecord?: boolean;
  /** /sumdb/<name>/supported answers 404 (the proxy does not serve the database). */
  noSumdbProxy?: boolean;
}

export interface GoProxyServerOptions {
  toolchains: ServedToolchain[];
  /** Extra module versions listed in @v/list only (e.g. 'v0.0.1-go1.24.0.linux-amd64'). */
  extraListed?: string[];
  /** Checksum database name (default 'sum.test.invalid'). */
  sumdbName?: string;
  /** Unrelated records placed in the tree before the toolchain records (default 1000). */
  fillerRecords?: number;
  faults?: GoProxyFaults;
}

export interface RequestLogEntry {
  path: string;
  headers: IncomingHttpHeaders;
}

export interface GoProxyServer {
  /** GOPROXY value: http://127.0.0.1:<port> */
  url: string;
  /** The checksum database name. */
  sumdbName: string;
  /** GOSUMDB value: `<name>+<hash>+<key>`. */
  verifierKey: string;
  /** The database's own URL, for GOSUMDB="<verifierKey> <sumdbUrl>". */
  sumdbUrl: string;
  /** Every request received, in order (path and headers). */
  requests: RequestLogEntry[];
  /** h1 of each served zip by module version ('v0.0.1-go1.25.14.linux-amd64'). */
  h1: Record<string, string>;
  close(): Promise<void>;
}

const MODULE = 'golang.org/toolchain';

/** The module version for a go version/os/arch: 'v0.0.1-go1.25.14.linux-amd64'. */
export const moduleVersionOf = (t: Pick<ServedToolchain, 'version' | 'os' | 'arch'>) => `v0.0.1-go${t.version}.${t.os}-${t.arch}`;

// ---- zip writing for tests ----

export interface ZipFileSpec {
  name: string;
  data: Buffer | string;
  /** 'deflate' (default) or 'store'. */
  method?: 'deflate' | 'store';
  /** Unix mode stored in the external attributes (default 0o100644). */
  mode?: number;
}

/**
 * Builds a zip archive in memory. With `zip64`, every central directory entry keeps its sizes
 * and offset in a zip64 extra field and the archive ends with zip64 end records.
 */
export function buildZip(files: ZipFileSpec[], opts: { zip64?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const data = Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data, 'utf8');
    const name = Buffer.from(f.name, 'utf8');
    const method = f.method === 'store' ? 0 : 8;
    const packed = method === 8 ? zlib.deflateRawSync(data) : data;
    const crc = zlib.crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(packed.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, packed);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(0x0314, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(packed.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(((f.mode ?? 0o100644) << 16) >>> 0, 38);
    ch.writeUInt32LE(offset, 42);
    if (opts.zip64) {
      const extra = Buffer.alloc(28);
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(data.length), 4);
      extra.writeBigUInt64LE(BigInt(packed.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
      ch.writeUInt32LE(0xffffffff, 20);
      ch.writeUInt32LE(0xffffffff, 24);
      ch.writeUInt32LE(0xffffffff, 42);
      ch.writeUInt16LE(extra.length, 30);
      centrals.push(ch, name, extra);
    } else centrals.push(ch, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(opts.zip64 ? 0xffff : files.length, 8);
  end.writeUInt16LE(opts.zip64 ? 0xffff : files.length, 10);
  end.writeUInt32LE(opts.zip64 ? 0xffffffff : cd.length, 12);
  end.writeUInt32LE(opts.zip64 ? 0xffffffff : offset, 16);
  if (!opts.zip64) return Buffer.concat([...locals, cd, end]);
  const rec = Buffer.alloc(56);
  rec.writeUInt32LE(0x06064b50, 0);
  rec.writeBigUInt64LE(44n, 4);
  rec.writeUInt16LE(45, 12);
  rec.writeUInt16LE(45, 14);
  rec.writeBigUInt64LE(BigInt(files.length), 24);
  rec.writeBigUInt64LE(BigInt(files.length), 32);
  rec.writeBigUInt64LE(BigInt(cd.length), 40);
  rec.writeBigUInt64LE(BigInt(offset), 48);
  const loc = Buffer.alloc(20);
  loc.writeUInt32LE(0x07064b50, 0);
  loc.writeBigUInt64LE(BigInt(offset + cd.length), 8);
  loc.writeUInt32LE(1, 16);
  return Buffer.concat([...locals, cd, rec, loc, end]);
}

/**
 * A tiny fake toolchain module zip: bin/go is a shell script printing
 * "go version go<version> <os>/<arch>", plus src/_go.mod, pkg/tool/<os>_<arch>/compile and some
 * padding so that corruption a third into the file hits entry data.
 */
export function buildToolchainZip(version: string, os: string, arch: string): Buffer {
  const prefix = `${MODULE}@${moduleVersionOf({ version, os, arch })}/`;
  const pad = Buffer.alloc(64 * 1024);
  for (let i = 0; i < pad.length; i++) pad[i] = (i * 7919) % 251;
  return buildZip([
    { name: `${prefix}VERSION`, data: `go${version}\ntime 2025-01-01T00:00:00Z\n` },
    { name: `${prefix}bin/go`, data: `#!/bin/sh\necho "go version go${version} ${os}/${arch}"\n` },
    { name: `${prefix}pkg/tool/${os}_${arch}/compile`, data: '#!/bin/sh\nexit 0\n' },
    { name: `${prefix}pkg/padding.bin`, data: pad, method: 'store' },
    { name: `${prefix}src/_go.mod`, data: 'module std\n\ngo 1.25\n' },
    { name: `${prefix}src/cmd/_go.mod`, data: 'module cmd\n\ngo 1.25\n' },
  ]);
}

// ---- signed notes and the tree ----

interface SigningKey {
  name: string;
  keyHash: number;
  privateKey: KeyObject;
  verifierKey: string;
}

function newSigningKey(name: string): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const key = Buffer.concat([Buffer.from([1]), raw]);
  const keyHash = createHash('sha256').update(`${name}\n`).update(key).digest().readUInt32BE(0);
  return { name, keyHash, privateKey, verifierKey: `${name}+${keyHash.toString(16).padStart(8, '0')}+${key.toString('base64')}` };
}

/** Signs `text` (which must end in "\n") as a note: text, blank line, "— name base64(hash||sig)". */
export function signNote(text: string, name: string, keyHash: number, privateKey: KeyObject): string {
  const sig = sign(null, Buffer.from(text, 'utf8'), privateKey);
  const hash = Buffer.alloc(4);
  hash.writeUInt32BE(keyHash >>> 0);
  return `${text}\n\u2014 ${name} ${Buffer.concat([hash, sig]).toString('base64')}\n`;
}

/** Generates a test signing key: its verifier key text and a function signing notes with it. */
export function newNoteSigner(name: string): { verifierKey: string; keyHash: number; sign(text: string): string } {
  const k = newSigningKey(name);
  return { verifierKey: k.verifierKey, keyHash: k.keyHash, sign: (text) => signNote(text, name, k.keyHash, k.privateKey) };
}

/** An in-memory RFC 6962 tree with the sumdb tile layout. */
export class TestTree {
  /** levels[k][i] = hash of the complete subtree of 2^k records with index i. */
  readonly levels: Buffer[][] = [[]];

  constructor(readonly records: Buffer[]) {
    for (const r of records) this.levels[0].push(recordHash(r));
    for (let k = 0; this.levels[k].length > 1; k++) {
      const below = this.levels[k];
      const up: Buffer[] = [];
      for (let i = 0; i + 1 < below.length; i += 2) up.push(nodeHash(below[i], below[i + 1]));
      this.levels.push(up);
    }
  }

  get size(): number {
    return this.records.length;
  }

  /** The RFC 6962 Merkle tree hash of the first n records (default: all). */
  hash(n = this.size): Buffer {
    const mth = (lo: number, hi: number): Buffer => {
      const len = hi - lo;
      if ((len & (len - 1)) === 0) {
        const k = Math.log2(len);
        return this.levels[k][lo / len];
      }
      let split = 1;
      while (split * 2 < len) split *= 2;
      return nodeHash(mth(lo, lo + split), mth(lo + split, hi));
    };
    if (n === 0) return createHash('sha256').digest();
    return mth(0, n);
  }

  /** The bytes of tile (L, N, W), or undefined if the tree has no such tile. */
  tile(level: number, index: number, width: number): Buffer | undefined {
    const hashes = this.levels[level * 8] ?? [];
    if (width < 1 || width > 256 || index * 256 + width > hashes.length) return undefined;
    return Buffer.concat(hashes.slice(index * 256, index * 256 + width));
  }
}

/** Parses `tile/8/<L>/<N...>[.p/<W>]` into numbers, or undefined. */
export function parseTilePath(path: string): { level: number; index: number; width: number } | undefined {
  const m = /^tile\/8\/(\d+)\/((?:x\d{3}\/)*\d{3})(?:\.p\/(\d+))?$/.exec(path);
  if (!m) return undefined;
  const [, level, digits, partial = ''] = m; // partial: '' for a full tile
  const index = Number(
    digits
      .split('/')
      .map((s) => s.replace(/^x/, ''))
      .join(''),
  );
  const width = partial === '' ? 256 : Number(partial);
  if (partial !== '' && (width < 1 || width >= 256)) return undefined;
  return { level: Number(level), index, width };
}

/** Starts the server; always `await srv.close()`. */
export async function startGoProxyServer(opts: GoProxyServerOptions): Promise<GoProxyServer> {
  const name = opts.sumdbName ?? 'sum.test.invalid';
  const faults = opts.faults ?? {};
  const key = newSigningKey(name);
  const impostor = newSigningKey(name);
  const fillers = opts.fillerRecords ?? 1000;

  const byVersion = new Map<string, ServedToolchain & { h1: string }>();
  const h1: Record<string, string> = {};
  for (const t of opts.toolchains) {
    const v = moduleVersionOf(t);
    const hash = t.h1 ?? (await hashZip(t.zip));
    byVersion.set(v, { ...t, h1: hash });
    h1[v] = hash;
  }
  const modFile = `module ${MODULE}\n`;
  const modH1 = await hash1([
    {
      name: 'go.mod',
      // eslint-disable-next-line @typescript-eslint/require-await -- HashInput.open returns an async stream; this one has a single chunk
      open: async function* () {
        yield Buffer.from(modFile);
      },
    },
  ]);

  const records: Buffer[] = [];
  const recordId = new Map<string, number>();
  const filler = (i: number) => Buffer.from(`example.com/filler${i} v1.0.0 h1:${createHash('sha256').update(String(i)).digest('base64')}\n`);
  for (let i = 0; i < fillers; i++) records.push(filler(i));
  for (const [v, t] of byVersion) {
    const zipHash = faults.wrongHash ? `h1:${createHash('sha256').update(`wrong ${v}`).digest('base64')}` : t.h1;
    recordId.set(v, records.length);
    records.push(Buffer.from(`${MODULE} ${v} ${zipHash}\n${MODULE} ${v}/go.mod ${modH1}\n`));
  }
  for (let i = 0; i < 7; i++) records.push(filler(fillers + i));
  const tree = new TestTree(records);
  const treeText = formatTree({ n: tree.size, hash: tree.hash() });
  const signer = faults.badSignature ? impostor : key;
  const treeNote = signNote(treeText, name, key.keyHash, signer.privateKey);

  let zip500Left = faults.zip500 ?? 0;
  const requests: RequestLogEntry[] = [];

  const send = (res: ServerResponse, status: number, body: string | Buffer = '', type = 'text/plain; charset=utf-8') => {
    const b = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { 'content-type': type, 'content-length': b.length });
    res.end(b);
  };

  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    requests.push({ path, headers: req.headers });
    void (async () => {
      const modPrefix = `/${MODULE}/@v/`;
      if (path.startsWith(`/${MODULE}/`)) {
        if (faults.notFound || !path.startsWith(modPrefix)) {
          send(res, 404, 'not found');
          return;
        }
        const file = path.slice(modPrefix.length);
        if (file === 'list') {
          const lines = [...byVersion.keys(), ...(opts.extraListed ?? [])];
          send(res, 200, lines.map((l) => `${l}\n`).join(''));
          return;
        }
        const m = /^(.+)\.(info|mod|zip)$/.exec(file);
        const t = m ? byVersion.get(m[1]) : undefined;
        if (!m || !t) {
          send(res, 404, `not found: ${file}`);
          return;
        }
        if (m[2] === 'info') {
          send(res, 200, JSON.stringify({ Version: m[1], Time: '2025-01-01T00:00:00Z' }), 'application/json');
          return;
        }
        if (m[2] === 'mod') {
          send(res, 200, modFile);
          return;
        }
        if (zip500Left > 0) {
          zip500Left--;
          send(res, 500, 'internal error (injected)');
          return;
        }
        if (faults.truncateZip || faults.corruptZip) {
          let data = await readFile(t.zip);
          if (faults.truncateZip) data = data.subarray(0, Math.floor(data.length / 2));
          if (faults.corruptZip) {
            data = Buffer.from(data);
            const at = Math.floor(data.length / 3);
            for (let i = at; i < at + 16 && i < data.length; i++) data[i] = data[i] ^ 0xff;
          }
          send(res, 200, data, 'application/zip');
          return;
        }
        const size = (await stat(t.zip)).size;
        res.writeHead(200, { 'content-type': 'application/zip', 'content-length': size });
        createReadStream(t.zip).pipe(res);
        return;
      }
      const dbPrefix = `/sumdb/${name}/`;
      if (path.startsWith(dbPrefix)) {
        const rest = path.slice(dbPrefix.length);
        if (rest === 'supported') {
          if (faults.noSumdbProxy) send(res, 404, 'not found');
          else send(res, 200, '');
          return;
        }
        if (rest.startsWith('lookup/')) {
          const m = /^lookup\/(.+)@(.+)$/.exec(rest);
          const id = m && m[1] === MODULE ? recordId.get(m[2]) : undefined;
          if (id === undefined) {
            send(res, 404, 'not found');
            return;
          }
          let text = records[id].toString('utf8');
          if (faults.tamperedRecord) text = text.replace(/h1:./, (s) => `h1:${s.endsWith('A') ? 'B' : 'A'}`);
          send(res, 200, `${id}\n${text}\n${treeNote}`);
          return;
        }
        const tile = parseTilePath(rest);
        const data = tile && tree.tile(tile.level, tile.index, tile.width);
        if (!data) {
          send(res, 404, 'not found');
          return;
        }
        send(res, 200, data, 'application/octet-stream');
        return;
      }
      send(res, 404, 'not found');
    })().catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, String(err));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    sumdbName: name,
    verifierKey: key.verifierKey,
    sumdbUrl: `${url}/sumdb/${name}`,
    requests,
    h1,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
