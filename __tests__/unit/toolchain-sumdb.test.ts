import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFixtures } from '../../scripts/fixtures.mjs';
import { TestTree, newNoteSigner, parseTilePath } from '../helpers/goproxy-server.js';
import { UserError } from '../../src/errors.js';
import { KNOWN_GOSUMDB, openNote, parseGoSumDb, parseVerifierKey } from '../../src/toolchain/sumdb.js';
import { formatTree, parseRecord, parseTree, recordHash, tilePath, verifyInclusion, type TileRef } from '../../src/toolchain/tlog.js';

describe('parseGoSumDb', () => {
  test('empty means sum.golang.org with its public key', () => {
    const c = parseGoSumDb('');
    expect(c.off).toBe(false);
    if (c.off) return;
    expect(c.name).toBe('sum.golang.org');
    expect(c.verifier.key).toBe(KNOWN_GOSUMDB['sum.golang.org']);
    expect(c.verifier.keyHash).toBe(0x033de0ae);
    expect(c.url).toBeUndefined();
  });

  test('off, the google.cn alias, name+key, name+key url, known name + url', () => {
    expect(parseGoSumDb('off')).toEqual({ off: true });
    const cn = parseGoSumDb('sum.golang.google.cn');
    expect(!cn.off && [cn.name, cn.url]).toEqual(['sum.golang.org', 'https://sum.golang.google.cn']);
    const s = newNoteSigner('sum.example.com/db');
    const k = parseGoSumDb(s.verifierKey);
    expect(!k.off && [k.name, k.url]).toEqual(['sum.example.com/db', undefined]);
    const ku = parseGoSumDb(`${s.verifierKey} http://127.0.0.1:9/db/`);
    expect(!ku.off && ku.url).toBe('http://127.0.0.1:9/db');
    const known = parseGoSumDb('sum.golang.org https://mirror.example.com');
    expect(!known.off && [known.name, known.url]).toEqual(['sum.golang.org', 'https://mirror.example.com']);
  });

  test.each([
    ['too many fields', 'sum.golang.org https://a https://b', /too many fields/],
    ['unknown bare name', 'sum.example.com', /not a known database or a valid key/],
    ['wrong key hash', KNOWN_GOSUMDB['sum.golang.org'].replace('033de0ae', '033de0af'), /key hash does not match/],
    ['bad URL scheme', 'sum.golang.org ftp://x', /scheme/],
    ['URL with credentials', 'sum.golang.org https://u:p@x', /credentials/],
  ])('rejects %s with one line naming GOSUMDB', (_w, value, re) => {
    expect(() => parseGoSumDb(value)).toThrow(UserError);
    expect(() => parseGoSumDb(value)).toThrow(re);
    try {
      parseGoSumDb(value);
    } catch (e) {
      expect((e as Error).message).toMatch(/^env GOSUMDB: /);
      expect((e as Error).message).not.toContain('\n');
      expect((e as Error).message).not.toContain('u:p');
    }
  });

  test('a database name that is not host[/path] is refused', () => {
    const s = newNoteSigner('sum.example.com:8080x/');
    expect(() => parseGoSumDb(s.verifierKey)).toThrow(/host\[\/path\]/);
  });
});

describe('signed notes', () => {
  const text = 'go.sum database tree\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
  const s = newNoteSigner('sum.test.example');
  const v = parseVerifierKey(s.verifierKey);

  test('a good signature verifies', () => {
    const n = openNote(s.sign(text), [v]);
    expect(n.text).toBe(text);
    expect(n.signers).toEqual([{ name: 'sum.test.example', keyHash: s.keyHash }]);
  });

  test('signed by another key: no verified signature', () => {
    const other = newNoteSigner('sum.test.example');
    expect(() => openNote(other.sign(text), [v])).toThrow(/no verified signature/);
  });

  test('tampered text: invalid signature', () => {
    const tampered = s.sign(text).replace('\n5\n', '\n6\n');
    expect(() => openNote(tampered, [v])).toThrow(/invalid signature/);
  });

  test('same key under another name: no verified signature', () => {
    const note = s.sign(text).replace('\u2014 sum.test.example ', '\u2014 sum.other.example ');
    expect(() => openNote(note, [v])).toThrow(/no verified signature/);
  });

  test('an extra signature from an unknown signer is ignored', () => {
    const other = newNoteSigner('witness.example');
    const both = s.sign(text) + other.sign(text).slice(text.length + 1);
    expect(openNote(both, [v]).signers).toHaveLength(1);
  });

  test('malformed notes are refused', () => {
    expect(() => openNote(text, [v])).toThrow(/malformed/);
    expect(() => openNote(`${text}\n- sum.test.example AAAA\n`, [v])).toThrow(/malformed/);
  });

  test('the real sum.golang.org note saved by the go command verifies with the well-known key', () => {
    const m = ensureFixtures({ quiet: true });
    const body = readFileSync(join(dirname3(m.zip), 'sumdb', 'sum.golang.org', 'lookup', `golang.org/toolchain@${m.moduleVersion}`));
    const rec = parseRecord(body);
    const c = parseGoSumDb('');
    if (c.off) throw new Error('unreachable');
    const tree = parseTree(openNote(rec.rest, [c.verifier]).text);
    expect(tree.n).toBeGreaterThan(rec.id);
  });
});

// .../cache/download/golang.org/toolchain/@v/x.zip -> .../cache/download
function dirname3(zip: string): string {
  return join(zip, '..', '..', '..', '..');
}

describe('tlog inclusion proofs', () => {
  const records = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`example.com/m${i} v1.0.0 h1:x${i}=\n`));
  const reader =
    (tree: TestTree, seen?: string[]) =>
    (t: TileRef): Promise<Buffer> => {
      seen?.push(tilePath(t));
      const p = parseTilePath(tilePath(t))!;
      const data = tree.tile(p.level, p.index, p.width);
      if (!data) return Promise.reject(new Error(`no tile ${tilePath(t)}`));
      return Promise.resolve(data);
    };

  test('tile paths', () => {
    expect(tilePath({ level: 0, index: 5, width: 256 })).toBe('tile/8/0/005');
    expect(tilePath({ level: 1, index: 1234067, width: 17 })).toBe('tile/8/1/x001/x234/067.p/17');
  });

  test.each([1, 2, 3, 255, 256, 257, 511, 1000, 65536, 65537 + 300])('every sampled record of a %i-record tree is proved', async (n) => {
    const recs = records(n);
    const tree = new TestTree(recs);
    const signed = parseTree(formatTree({ n, hash: tree.hash() }));
    const ids = [...new Set([0, 1, Math.floor(n / 2), n - 2, n - 1].filter((i) => i >= 0 && i < n))];
    for (const id of ids) await verifyInclusion(signed, id, recordHash(recs[id]), reader(tree));
  });

  test('a different record, a wrong index, a wrong tree hash or a tampered tile all fail', async () => {
    const recs = records(1000);
    const tree = new TestTree(recs);
    const signed = { n: 1000, hash: tree.hash() };
    await expect(verifyInclusion(signed, 700, recordHash(Buffer.from('forged\n')), reader(tree))).rejects.toThrow(/not in the signed tree/);
    await expect(verifyInclusion(signed, 701, recordHash(recs[700]), reader(tree))).rejects.toThrow(/not in the signed tree/);
    await expect(verifyInclusion({ n: 1000, hash: new TestTree(records(1001)).hash(1000).fill(1) }, 700, recordHash(recs[700]), reader(tree))).rejects.toThrow(
      /not in the signed tree/,
    );
    const evil = async (t: TileRef) => {
      const d = Buffer.from(await reader(tree)(t));
      d[0] ^= 1;
      return d;
    };
    await expect(verifyInclusion(signed, 700, recordHash(recs[700]), evil)).rejects.toThrow(/not in the signed tree/);
    await expect(verifyInclusion(signed, 1000, recordHash(recs[0]), reader(tree))).rejects.toThrow(/cannot validate record 1000/);
  });

  test('the real sum.golang.org record for the fixture is proved with the tiles the go command fetched', async () => {
    const m = ensureFixtures({ quiet: true });
    const db = join(dirname3(m.zip), 'sumdb', 'sum.golang.org');
    const rec = parseRecord(readFileSync(join(db, 'lookup', `golang.org/toolchain@${m.moduleVersion}`)));
    expect(rec.text.toString()).toContain(`golang.org/toolchain ${m.moduleVersion} ${m.h1}\n`);
    const c = parseGoSumDb('');
    if (c.off) throw new Error('unreachable');
    const tree = parseTree(openNote(rec.rest, [c.verifier]).text);
    // The go command may have fetched a wider partial tile (or the full one) than this tree
    // needs, when the log grew between its lookup and its proof. A partial tile of width W is,
    // by the tile format, the first W hashes of any wider tile at the same place.
    const readTile = (t: TileRef): Promise<Buffer> => {
      for (let w = t.width; w <= 256; w++) {
        const p = join(db, tilePath({ ...t, width: w }));
        if (existsSync(p)) return Promise.resolve(readFileSync(p).subarray(0, t.width * 32));
      }
      return Promise.reject(new Error(`no cached tile at or wider than ${tilePath(t)}`));
    };
    await verifyInclusion(tree, rec.id, recordHash(rec.text), readTile);
    const forged = Buffer.from(rec.text.toString().replace(m.h1, 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='));
    await expect(verifyInclusion(tree, rec.id, recordHash(forged), readTile)).rejects.toThrow(/not in the signed tree/);
  });
});
