/**
 * The Go checksum database client, as the go command uses it for golang.org/toolchain
 * (cmd/go/internal/modfetch/sumdb.go and golang.org/x/mod/sumdb):
 *  - GOSUMDB: '' -> sum.golang.org with its well-known key; `off`; `<name>` of a known database;
 *    `<name>+<hash>+<key>`; either followed by a URL; `sum.golang.google.cn` is an alias for
 *    `sum.golang.org https://sum.golang.google.cn`;
 *  - the database is reached through each GOPROXY entry at `<proxy>/sumdb/<name>/supported`
 *    (404/410 or reaching direct/off: try the database itself at https://<name>), unless GOSUMDB
 *    gives a URL;
 *  - `<db>/lookup/<module>@<version>` answers "<id>\n<records>\n\n<signed tree note>"; the note
 *    must carry a valid ed25519 signature by the configured key, and record <id> must be in the
 *    signed tree, proved with tiles (see tlog.ts).
 * The go command keeps the latest tree it saw on disk to detect a forked log across runs; a
 * one-shot action has no such state, so that check is not made here.
 */
import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { UserError } from '../errors.js';
import { HttpError, TooLargeError, type GetOptions } from '../net/http.js';
import { NotFoundError, ProxyFetchError, escapeModulePath, escapeModuleVersion, proxyGetBuffer, type ProxyEntry } from './goproxy.js';
import { parseRecord, parseTree, recordHash, tilePath, verifyInclusion, TILE_HEIGHT, type TileRef } from './tlog.js';

export const GOSUMDB_SOURCE = 'env GOSUMDB';

/** Public verifier keys the go command knows by name (cmd/go/internal/modfetch/key.go). */
export const KNOWN_GOSUMDB: Record<string, string> = {
  'sum.golang.org': 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
};

export interface Verifier {
  name: string;
  keyHash: number;
  /** The `name+hash+key` text. */
  key: string;
  publicKey: KeyObject;
}

export type SumDbConfig =
  | { off: true }
  | {
      off: false;
      name: string;
      verifier: Verifier;
      /** Explicit database URL from GOSUMDB, if any (else: through proxies, then https://<name>). */
      url?: string;
    };

const ACCEPTED = 'use sum.golang.org (default), off, <name>+<hash>+<key>, optionally followed by a URL';

function isValidName(name: string): boolean {
  return name !== '' && !/\s/u.test(name) && !name.includes('+');
}

/** SHA-256(name + "\n" + key)[0:4] as a big-endian uint32 (key includes its algorithm byte). */
export function keyHash(name: string, key: Uint8Array): number {
  return createHash('sha256').update(name).update('\n').update(key).digest().readUInt32BE(0);
}

/** Parses a verifier key `name+hash+base64(0x01 || ed25519 public key)`. */
export function parseVerifierKey(vkey: string): Verifier {
  const [name, rest1] = splitOnce(vkey, '+');
  const [hash16, key64] = splitOnce(rest1, '+');
  const key = Buffer.from(key64, 'base64');
  if (!/^[0-9a-fA-F]{8}$/.test(hash16) || !isValidName(name) || key.length === 0 || key.toString('base64') !== key64) {
    throw new Error('malformed verifier key');
  }
  const hash = parseInt(hash16, 16);
  if (hash !== keyHash(name, key)) throw new Error('verifier key hash does not match its name and key');
  if (key[0] !== 1) throw new Error('unknown verifier algorithm');
  if (key.length !== 33) throw new Error('malformed ed25519 verifier key');
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: key.subarray(1).toString('base64url') },
    format: 'jwk',
  });
  return { name, keyHash: hash, key: vkey, publicKey };
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

/** Parses GOSUMDB like the go command. `source` names the setting in errors. */
export function parseGoSumDb(value: string, source = GOSUMDB_SOURCE): SumDbConfig {
  let v = value.trim() === '' ? 'sum.golang.org' : value.trim();
  if (v === 'sum.golang.google.cn') v = 'sum.golang.org https://sum.golang.google.cn';
  if (v === 'off') return { off: true };
  const shown = value.replace(/\/\/[^/@\s]*@/g, '//***@'); // never echo credentials
  const bad = (problem: string) => new UserError(`${source}: ${JSON.stringify(shown)} ${problem}; ${ACCEPTED}`);
  const fields = v.split(/\s+/);
  if (fields.length > 2) throw bad('has too many fields');
  const keyText = KNOWN_GOSUMDB[fields[0]] ?? fields[0];
  let verifier: Verifier;
  try {
    verifier = parseVerifierKey(keyText);
  } catch (err) {
    throw bad(`is not a known database or a valid key (${(err as Error).message})`);
  }
  const name = verifier.name;
  let direct: URL | undefined;
  try {
    direct = new URL(`https://${name}`);
  } catch {
    direct = undefined;
  }
  if (
    !direct ||
    name.endsWith('/') ||
    direct.host === '' ||
    `${direct.host}${direct.pathname === '/' ? '' : direct.pathname}` !== name ||
    direct.search ||
    direct.hash ||
    direct.username
  ) {
    throw bad(`names the database ${JSON.stringify(name)}, which is not host[/path]`);
  }
  let url: string | undefined;
  if (fields.length > 1) {
    let u: URL;
    try {
      u = new URL(fields[1]);
    } catch {
      throw bad(`has a URL ${JSON.stringify(fields[1])} that does not parse`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw bad(`has a URL with scheme ${u.protocol} (must be https or http)`);
    if (u.username || u.password) throw bad('has a URL with credentials, which go-fyne-action never sends');
    url = fields[1].replace(/\/+$/, '');
  }
  return { off: false, name, verifier, ...(url ? { url } : {}) };
}

export interface OpenedNote {
  text: string;
  /** The verified signers. */
  signers: Array<{ name: string; keyHash: number }>;
}

/**
 * Opens a signed note (golang.org/x/mod/sumdb/note): text ending in "\n", a blank line, then
 * lines "— <name> <base64(4-byte key hash || signature)>". At least one signature must verify
 * with a known verifier; a signature that claims a known (name, hash) but does not verify fails.
 */
export function openNote(msg: Buffer | string, verifiers: Verifier[]): OpenedNote {
  const buf = typeof msg === 'string' ? Buffer.from(msg, 'utf8') : msg;
  const s = buf.toString('utf8');
  if (!Buffer.from(s, 'utf8').equals(buf)) throw new Error('malformed note: not UTF-8');
  // eslint-disable-next-line no-control-regex -- control characters (but a line break) are what this refuses
  if (/[\u0000-\u0009\u000b-\u001f]/.test(s)) throw new Error('malformed note: control characters');
  const split = s.lastIndexOf('\n\n');
  if (split < 0) throw new Error('malformed note: no signature block');
  const text = s.slice(0, split + 1);
  const sigs = s.slice(split + 2);
  if (sigs === '' || !sigs.endsWith('\n')) throw new Error('malformed note: bad signature block');
  const signers: OpenedNote['signers'] = [];
  const seen = new Set<string>();
  const lines = sigs.slice(0, -1).split('\n');
  if (lines.length > 100) throw new Error('malformed note: too many signatures');
  for (const line of lines) {
    if (!line.startsWith('\u2014 ')) throw new Error('malformed note: bad signature line');
    const [name, b64] = splitOnce(line.slice(2), ' ');
    const sig = Buffer.from(b64, 'base64');
    if (!isValidName(name) || b64 === '' || sig.length < 5 || sig.toString('base64') !== b64) {
      throw new Error('malformed note: bad signature line');
    }
    const hash = sig.readUInt32BE(0);
    const v = verifiers.find((x) => x.name === name && x.keyHash === hash);
    if (!v) continue; // signed by someone we do not know: ignored, like the go command
    const id = `${name}+${hash}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (!cryptoVerify(null, Buffer.from(text, 'utf8'), v.publicKey, sig.subarray(4))) {
      throw new Error(`invalid signature for key ${name}+${hash.toString(16).padStart(8, '0')}`);
    }
    signers.push({ name, keyHash: hash });
  }
  if (signers.length === 0) {
    throw new Error(`note has no verified signature from ${verifiers.map((v) => v.name).join(', ')}`);
  }
  return { text, signers };
}

export type LookupOptions = GetOptions;

/**
 * A lookup that failed. `unreachable`: the database (or the proxy in front of it) could not be
 * reached or did not have the record (transport errors, 404/410); otherwise it answered and the
 * answer did not hold up (bad signature, failed proof, malformed or oversized answer).
 */
export class SumDbError extends Error {
  override name = 'SumDbError';
  constructor(
    message: string,
    readonly unreachable: boolean,
  ) {
    super(message);
  }
}

/** Whether `err` says "could not reach / not there" rather than "answered wrongly". */
function unreachable(err: unknown): boolean {
  if (err instanceof TooLargeError) return false;
  return err instanceof HttpError || err instanceof NotFoundError || err instanceof ProxyFetchError;
}

/** The cap on a lookup answer (a record and a signed note: well under 1 KiB for one module version) and on /supported. */
export const MAX_SUMDB_ANSWER = 64 << 10;

export interface LookupResult {
  /** The base URL the database was reached at. */
  base: string;
  /** Record lines for this module version, e.g. "golang.org/toolchain v0.0.1-... h1:...". */
  lines: string[];
  recordId: number;
  treeSize: number;
}

/**
 * Decides where the database is: GOSUMDB's URL; else the first proxy whose
 * `<proxy>/sumdb/<name>/supported` answers 2xx; else (all 404/410, or direct/off reached)
 * `https://<name>`. Another error stops, under the GOPROXY separator rules.
 */
export async function resolveSumDbBase(cfg: Extract<SumDbConfig, { off: false }>, proxies: ProxyEntry[], opts: LookupOptions = {}): Promise<string> {
  if (cfg.url) return cfg.url;
  const failures: string[] = [];
  for (const p of proxies) {
    if (p.kind !== 'url') break; // direct/off: "not found", use the database itself
    const base = `${p.url.replace(/\/+$/, '')}/sumdb/${cfg.name}`;
    try {
      await proxyGetBuffer(`${base}/supported`, { ...opts, maxBytes: MAX_SUMDB_ANSWER, what: 'the checksum database support check' });
      return base;
    } catch (err) {
      if (err instanceof NotFoundError) continue;
      failures.push((err as Error).message);
      if (!p.fallBackOnError) {
        throw new ProxyFetchError(`checking whether the proxy serves checksum database ${cfg.name}: ${failures.join('; ')}`, false);
      }
    }
  }
  return `https://${cfg.name}`;
}

/**
 * Looks up module@version in the checksum database and proves the answer: signed tree note,
 * record inclusion in that tree via tiles. Returns the record lines for module@version.
 */
export async function lookupSumDb(
  cfg: Extract<SumDbConfig, { off: false }>,
  proxies: ProxyEntry[],
  modulePath: string,
  version: string,
  opts: LookupOptions = {},
): Promise<LookupResult> {
  const base = await resolveSumDbBase(cfg, proxies, opts);
  const lookupUrl = `${base}/lookup/${escapeModulePath(modulePath)}@${escapeModuleVersion(version)}`;
  const fail = (why: string, cause?: unknown) =>
    new SumDbError(`checksum database ${cfg.name} (${lookupUrl}, set by ${GOSUMDB_SOURCE}): ${why}`, unreachable(cause));
  let body: Buffer;
  try {
    body = await proxyGetBuffer(lookupUrl, { ...opts, maxBytes: MAX_SUMDB_ANSWER, what: 'the checksum database lookup' });
  } catch (err) {
    throw fail((err as Error).message, err);
  }
  let record: ReturnType<typeof parseRecord>;
  try {
    record = parseRecord(body);
  } catch (err) {
    throw fail((err as Error).message);
  }
  let treeSize: number;
  try {
    const note = openNote(record.rest, [cfg.verifier]);
    const tree = parseTree(note.text);
    treeSize = tree.n;
    const readTile = async (t: TileRef): Promise<Buffer> => {
      try {
        return await proxyGetBuffer(`${base}/${tilePath(t)}`, { ...opts, maxBytes: t.width * 32, what: `a checksum database tile of width ${t.width}` });
      } catch (err) {
        // Like the go client: a partial tile may be missing once the tile filled up.
        if (t.width === 1 << TILE_HEIGHT) throw err;
        const full = await proxyGetBuffer(`${base}/${tilePath({ ...t, width: 1 << TILE_HEIGHT })}`, {
          ...opts,
          maxBytes: (1 << TILE_HEIGHT) * 32,
          what: 'a full checksum database tile',
        });
        return full.subarray(0, t.width * 32);
      }
    };
    await verifyInclusion(tree, record.id, recordHash(record.text), readTile);
  } catch (err) {
    throw fail((err as Error).message, err);
  }
  const prefix = `${modulePath} ${version} `;
  const lines = record.text
    .toString('utf8')
    .split('\n')
    .filter((l) => l.startsWith(prefix));
  return { base, lines, recordId: record.id, treeSize };
}

/** Pure: the `h1:` the database holds for the module zip (not the /go.mod line), or undefined. */
export function zipHashFromLines(lines: string[], modulePath: string, version: string): string | undefined {
  for (const l of lines) {
    const f = l.split(' ');
    if (f.length === 3 && f[0] === modulePath && f[1] === version && f[2].startsWith('h1:')) return f[2];
  }
  return undefined;
}
