/**
 * Transparency-log arithmetic used by the Go checksum database (golang.org/x/mod/sumdb/tlog):
 * RFC 6962 Merkle hashing, the signed tree head text, lookup records, the tile layout served
 * at `<sumdb>/tile/8/<L>/<N>[.p/<W>]`, and an inclusion check of one record in a signed tree.
 *
 * All of it is pure except `verifyInclusion`, which asks a caller-supplied tile reader for the
 * tiles it needs (the reader does the I/O; nothing read from it is trusted: every hash taken
 * from a tile only counts if the root recomputed from it equals the signed tree hash).
 */
import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;
/** Tile height used by sum.golang.org and by the go command (`tile/8/...`). */
export const TILE_HEIGHT = 8;
const TILE_WIDTH = 1 << TILE_HEIGHT;

/** Leaf hash of a record: SHA-256(0x00 || data) (RFC 6962 section 2.1). */
export function recordHash(data: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(data)
    .digest();
}

/** Interior node hash: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();
}

export interface Tree {
  /** Number of records in the tree. */
  n: number;
  /** Merkle tree hash of those records. */
  hash: Buffer;
}

const TREE_PREFIX = 'go.sum database tree\n';

/** The text of a signed tree head: "go.sum database tree\n<N>\n<base64 hash>\n". */
export function formatTree(tree: Tree): string {
  return `${TREE_PREFIX}${tree.n}\n${tree.hash.toString('base64')}\n`;
}

/** Parses the text of a tree note (the signed part). Extra lines after the hash are allowed. */
export function parseTree(text: string): Tree {
  const lines = text.split('\n');
  if (!text.startsWith(TREE_PREFIX) || lines.length < 4 || text.length > 1e6) {
    throw new Error('malformed tree note');
  }
  const n = Number(lines[1]);
  if (!/^(0|[1-9][0-9]*)$/.test(lines[1]) || !Number.isSafeInteger(n)) throw new Error('malformed tree note');
  const hash = Buffer.from(lines[2], 'base64');
  if (hash.length !== HASH_SIZE || hash.toString('base64') !== lines[2]) throw new Error('malformed tree note');
  return { n, hash };
}

function isValidRecordText(text: string): boolean {
  if (!text.endsWith('\n')) return false;
  if (text.includes('\n\n')) return false;
  // eslint-disable-next-line no-control-regex -- control characters (but a line break) are what this refuses
  return !/[\u0000-\u0009\u000b-\u001f]/.test(text);
}

/**
 * Splits a lookup answer: "<id>\n<record text>\n<signed tree note>". The record text ends with
 * one newline and is followed by a blank line.
 */
export function parseRecord(msg: Buffer): { id: number; text: Buffer; rest: Buffer } {
  const nl = msg.indexOf(0x0a);
  if (nl < 0) throw new Error('malformed record data');
  const idStr = msg.subarray(0, nl).toString('latin1');
  const id = Number(idStr);
  if (!/^(0|[1-9][0-9]*)$/.test(idStr) || !Number.isSafeInteger(id)) throw new Error('malformed record data');
  const body = msg.subarray(nl + 1);
  const split = body.indexOf('\n\n');
  if (split < 0) throw new Error('malformed record data');
  const text = body.subarray(0, split + 1);
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(text);
  if (!isValidRecordText(decoded) || !Buffer.from(decoded, 'utf8').equals(text)) {
    throw new Error('malformed record data');
  }
  return { id, text, rest: body.subarray(split + 2) };
}

export interface TileRef {
  /** Tile level: a level-L tile holds Merkle hashes of level 8*L. */
  level: number;
  /** Tile index within its level. */
  index: number;
  /** Number of hashes in the tile (256 for a full tile). */
  width: number;
}

/** `tile/8/<L>/<N>[.p/<W>]`, with N written in 3-digit groups (`x001/x234/567`). */
export function tilePath(t: TileRef): string {
  let n = t.index;
  let digits = String(n % 1000).padStart(3, '0');
  while (n >= 1000) {
    n = Math.floor(n / 1000);
    digits = `x${String(n % 1000).padStart(3, '0')}/${digits}`;
  }
  const partial = t.width === TILE_WIDTH ? '' : `.p/${t.width}`;
  return `tile/${TILE_HEIGHT}/${t.level}/${digits}${partial}`;
}

/** The tile of level `level` and index `index` as it exists in a tree of `treeSize` records. */
export function tileFor(treeSize: number, level: number, index: number): TileRef {
  const hashesAtLevel = Math.floor(treeSize / 2 ** (TILE_HEIGHT * level));
  const width = Math.min(TILE_WIDTH, hashesAtLevel - index * TILE_WIDTH);
  if (width <= 0) throw new Error(`tile ${level}/${index} does not exist in a tree of size ${treeSize}`);
  return { level, index, width };
}

/** Reads one tile's bytes (width * 32). Whatever it returns is checked, never trusted. */
export type TileReader = (tile: TileRef) => Promise<Buffer>;

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number) => n > 0 && 2 ** Math.round(Math.log2(n)) === n;

/**
 * Proves that the record with leaf hash `leaf` is entry `id` of the signed `tree`: recomputes the
 * tree hash from `leaf` and the sibling subtree hashes found in the tiles, and compares it with
 * the signed hash. Throws when the record is not provably in the tree.
 */
export async function verifyInclusion(tree: Tree, id: number, leaf: Buffer, readTile: TileReader): Promise<void> {
  if (!Number.isSafeInteger(id) || id < 0 || id >= tree.n) {
    throw new Error(`cannot validate record ${id} in tree of size ${tree.n}`);
  }
  const tiles = new Map<string, Promise<Buffer>>();
  const getTile = (ref: TileRef): Promise<Buffer> => {
    const key = tilePath(ref);
    let p = tiles.get(key);
    if (!p) {
      p = readTile(ref).then((data) => {
        if (data.length !== ref.width * HASH_SIZE) {
          throw new Error(`tile ${key} has ${data.length} bytes, want ${ref.width * HASH_SIZE}`);
        }
        return data;
      });
      tiles.set(key, p);
    }
    return p;
  };

  // The hash of the complete subtree at Merkle level k (2^k records) with index idx.
  const storedHash = async (k: number, idx: number): Promise<Buffer> => {
    const level = Math.floor(k / TILE_HEIGHT);
    const span = 2 ** (k % TILE_HEIGHT);
    const first = idx * span; // index among level-8L hashes
    const tile = await getTile(tileFor(tree.n, level, Math.floor(first / TILE_WIDTH)));
    const off = first % TILE_WIDTH;
    let row: Buffer[] = [];
    for (let i = 0; i < span; i++) row.push(tile.subarray((off + i) * HASH_SIZE, (off + i + 1) * HASH_SIZE));
    while (row.length > 1) {
      const next: Buffer[] = [];
      for (let i = 0; i < row.length; i += 2) next.push(nodeHash(row[i], row[i + 1]));
      row = next;
    }
    return row[0];
  };

  // RFC 6962 MTH over records [lo, hi), descending only into the subtrees that hold `id`.
  const mth = async (lo: number, hi: number): Promise<Buffer> => {
    const n = hi - lo;
    const holdsId = id >= lo && id < hi;
    if (n === 1 && holdsId) return leaf;
    if (!holdsId && isPowerOfTwo(n)) return storedHash(Math.log2(n), lo / n);
    const k = largestPowerOfTwoBelow(n);
    const [left, right] = await Promise.all([mth(lo, lo + k), mth(lo + k, hi)]);
    return nodeHash(left, right);
  };

  const root = await mth(0, tree.n);
  if (!root.equals(tree.hash)) {
    throw new Error(`record ${id} is not in the signed tree of size ${tree.n} (tile hashes do not lead to the signed tree hash)`);
  }
}
