/**
 * A cache store in a local directory (the CLI default: ~/.cache/go-fyne-action/cache), with the
 * same key semantics as GitHub's: the exact key first, then each restore-key as a prefix, newest
 * first; keys are immutable. Layout:
 *
 *   <root>/entries/<sha256(key)[:32]>/meta.json   {key, created, compression, paths, sizes}
 *   <root>/entries/<...>/0.tar.zst, 1.tar.zst      one archive per saved path, in order
 *
 * A save builds the entry in <root>/tmp and renames it into place: a directory rename onto an
 * existing non-empty one fails, so of two jobs saving one key exactly one wins, and a reader
 * never sees a half-written entry. Restores unpack with our own tar reader (safe-restore.ts) into
 * a sibling staging directory first, so a corrupt archive leaves nothing behind and a hostile one
 * (entries with `..` or absolute names, links leading out, hardlinks to outside files) writes
 * nothing outside the cache path: the store is a folder on disk any process of the user can
 * write, so its archives are not trusted more than a download. Least recently used entries go
 * beyond `maxBytes`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { archiveExt, type Compression, packDir, zstdAvailable } from '../archive/system-tar.js';
import { exists, forceRemove, writeAtomically } from '../system/fs.js';
import { mkdir, rename, utimes, writeFile } from '../system/owned-fs.js';
import { archiveChunks, restoreArchiveInto } from './safe-restore.js';
import type { CacheBackend, CacheLog, RestoreOutcome, SaveOutcome } from './backend.js';
import { errorMessage } from '../errors.js';

interface Meta {
  key: string;
  created: number;
  compression: Compression;
  paths: string[];
  sizes: number[];
}

export interface LocalBackendOptions {
  /** Evict least recently used entries beyond this many bytes (default 10 GiB). */
  maxBytes?: number;
  /** Force a compression (default: zstd when available, else gzip). */
  compression?: Compression;
}

const entryId = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);

/** Pure: picks the entry to restore: exact key, else per restore-key the newest prefix match. */
export function pickEntry<T extends { key: string; created: number }>(entries: T[], key: string, restoreKeys: string[]): T | undefined {
  const exact = entries.find((e) => e.key === key);
  if (exact) return exact;
  for (const rk of restoreKeys) {
    const hits = entries.filter((e) => e.key.startsWith(rk)).sort((a, b) => b.created - a.created);
    if (hits.length) return hits[0];
  }
  return undefined;
}

export class LocalBackend implements CacheBackend {
  readonly name = 'local' as const;
  private readonly entriesDir: string;
  private readonly tmpDir: string;

  constructor(
    readonly root: string,
    private readonly log: CacheLog,
    private readonly opts: LocalBackendOptions = {},
  ) {
    this.entriesDir = path.join(root, 'entries');
    this.tmpDir = path.join(root, 'tmp');
  }

  /**
   * Which key each target folder last came from or went to. A local store sits beside the very
   * folders it restores into, so an exact hit whose content is already in place (a module cache
   * saved or restored under the same go.sum hash) is not unpacked again.
   */
  private placedFile(): string {
    return path.join(this.root, 'placed.json');
  }

  private async readPlaced(): Promise<Record<string, string>> {
    return readFile(this.placedFile(), 'utf8').then(
      (t) => JSON.parse(t) as Record<string, string>,
      () => ({}),
    );
  }

  private async notePlaced(targets: string[], key: string): Promise<void> {
    try {
      const placed = await this.readPlaced();
      for (const t of targets) placed[path.resolve(t)] = key;
      await mkdir(this.root, { recursive: true });
      await writeAtomically(this.placedFile(), 0o644, (fh) => fh.writeFile(JSON.stringify(placed, null, 1)));
    } catch (err) {
      this.log.debug(`local cache: could not note placed folders: ${errorMessage(err)}`);
    }
  }

  private async list(): Promise<(Meta & { dir: string })[]> {
    let names: string[];
    try {
      names = await readdir(this.entriesDir);
    } catch {
      return [];
    }
    const out: (Meta & { dir: string })[] = [];
    for (const n of names) {
      const dir = path.join(this.entriesDir, n);
      try {
        const m = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')) as Meta;
        if (typeof m.key === 'string' && typeof m.created === 'number') out.push({ ...m, dir });
      } catch {
        /* not an entry (or a foreign file): ignore */
      }
    }
    return out;
  }

  async restore(paths: string[], key: string, restoreKeys: string[]): Promise<RestoreOutcome> {
    try {
      const hasZstd = await zstdAvailable();
      const usable = (await this.list()).filter((e) => e.paths.length === paths.length && (e.compression === 'gzip' || hasZstd));
      const entry = pickEntry(usable, key, restoreKeys);
      if (!entry) return {};
      const placed = await this.readPlaced();
      for (let i = 0; i < paths.length; i++) {
        const target = path.resolve(paths[i]);
        const archive = path.join(entry.dir, `${i}.${archiveExt(entry.compression)}`);
        const empty = await readdir(target).then(
          (l) => l.length === 0,
          () => true,
        );
        if (!empty && entry.key === key && placed[target] === key) {
          this.log.debug(`local cache: ${target} already holds ${key}; not unpacked again`);
          continue;
        }
        // Entries are `./...` (packDir): relative to the target, confined to it.
        await restoreArchiveInto(archiveChunks(archive, entry.compression), target);
      }
      const now = new Date();
      await utimes(entry.dir, now, now).catch(() => undefined); // last use, for eviction
      await this.notePlaced(paths, entry.key);
      return { matchedKey: entry.key };
    } catch (err) {
      const failure = `local cache: restoring ${key} failed: ${errorMessage(err)}`;
      this.log.warning(failure);
      return { failure };
    }
  }

  async save(paths: string[], key: string): Promise<SaveOutcome> {
    const final = path.join(this.entriesDir, entryId(key));
    const work = path.join(this.tmpDir, `${entryId(key)}-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      if (await exists(path.join(final, 'meta.json'))) {
        return { status: 'exists', message: `local cache: ${key} already exists; kept the saved one` };
      }
      const compression = this.opts.compression ?? ((await zstdAvailable()) ? 'zstd' : 'gzip');
      await mkdir(work, { recursive: true });
      await mkdir(this.entriesDir, { recursive: true });
      const sizes: number[] = [];
      for (let i = 0; i < paths.length; i++) {
        const file = path.join(work, `${i}.${archiveExt(compression)}`);
        await packDir(path.resolve(paths[i]), file, compression);
        sizes.push((await stat(file)).size);
      }
      const meta: Meta = { key, created: Date.now(), compression, paths: paths.map((p) => path.resolve(p)), sizes };
      await writeFile(path.join(work, 'meta.json'), JSON.stringify(meta));
      try {
        await rename(work, final);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM') {
          return { status: 'exists', message: `local cache: another job saved ${key} first; kept theirs` };
        }
        throw err;
      }
      await this.evict().catch((e: unknown) => this.log.debug(`local cache: eviction: ${errorMessage(e)}`));
      await this.notePlaced(paths, key);
      return { status: 'saved' };
    } catch (err) {
      const message = `local cache: saving ${key} failed: ${errorMessage(err)}`;
      this.log.warning(message);
      return { status: 'failed', message };
    } finally {
      await forceRemove(work).catch(() => undefined);
    }
  }

  /** Drops least recently used entries (by directory mtime) until the store fits maxBytes. */
  private async evict(): Promise<void> {
    const max = this.opts.maxBytes ?? 10 * 1024 ** 3;
    const all = await this.list();
    const withUse = await Promise.all(all.map(async (e) => ({ e, used: (await stat(e.dir)).mtimeMs, size: e.sizes.reduce((a, b) => a + b, 0) })));
    let total = withUse.reduce((a, b) => a + b.size, 0);
    for (const x of withUse.sort((a, b) => a.used - b.used)) {
      if (total <= max) break;
      await forceRemove(x.e.dir);
      total -= x.size;
      this.log.debug(`local cache: evicted ${x.e.key}`);
    }
  }
}
