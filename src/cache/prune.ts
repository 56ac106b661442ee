/**
 * Keeping GOCACHE to the working set.
 *
 * The go command marks a cache entry as used by setting its mtime to now, but only when the
 * mtime is at least an hour old (cmd/go/internal/cache: markUsed / mtimeInterval), and restored
 * files come back with the mtimes they were saved with. So right after a restore every restored
 * `-a`/`-d` entry is back-dated to `mark - 2h`: any use in this run then bumps it past `mark`.
 * Before saving, entries still older than `mark` were not used by this run and go. An action
 * entry (`-a`) kept also keeps the output (`-d`) it names, whatever that output's mtime.
 *
 * trim.txt holds the time of go's last own trim; a restored old one would make the first go
 * command scan and trim the whole cache. It is rewritten to "now" after restore so go skips
 * that work; this prune replaces it.
 *
 * "Did this run compile anything new?" is answered against the list of entry names present
 * after restore (kept in a file between main and post): any entry not on it is new work.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { mkdir, open, rm, utimes, writeFile } from '../system/owned-fs.js';
import * as path from 'node:path';
import { forceRemove } from '../system/fs.js';

/** How far before the mark restored entries are dated; more than go's one-hour interval. */
export const BACKDATE_MS = 2 * 60 * 60 * 1000;
/** Slack for coarse filesystem timestamps (FAT/HFS+ keep 1-2 s). */
const SLACK_MS = 2000;

export interface CacheEntryStat {
  /** `<2-hex dir>/<hex>-a` or `-d`. */
  name: string;
  mtimeMs: number;
  size: number;
  /** For `-a` entries: the output id they name (its `-d` is `<id[0:2]>/<id>-d`). */
  outputId?: string;
}

export interface PrunePlan {
  remove: string[];
  keep: string[];
  /** Entries not present after restore: work this run did. */
  fresh: string[];
  removedBytes: number;
  keptBytes: number;
}

const ENTRY = /^[0-9a-f]{2}\/[0-9a-f]{64}-[ad]$/;

/** Pure: which entries go. `restored` = names present right after restore (undefined = none). */
export function planPrune(entries: CacheEntryStat[], markMs: number, restored?: ReadonlySet<string>): PrunePlan {
  const used = new Set<string>();
  for (const e of entries) if (e.mtimeMs >= markMs - SLACK_MS) used.add(e.name);
  for (const e of entries) {
    if (used.has(e.name) && e.outputId) used.add(`${e.outputId.slice(0, 2)}/${e.outputId}-d`);
  }
  const plan: PrunePlan = { remove: [], keep: [], fresh: [], removedBytes: 0, keptBytes: 0 };
  for (const e of entries) {
    if (used.has(e.name)) {
      plan.keep.push(e.name);
      plan.keptBytes += e.size;
    } else {
      plan.remove.push(e.name);
      plan.removedBytes += e.size;
    }
    if (!restored?.has(e.name)) plan.fresh.push(e.name);
  }
  return plan;
}

/** Pure: the output id an action entry names (`v1 <action> <output> <size> <time>`). */
export function parseActionEntry(text: string): string | undefined {
  const m = /^v1 [0-9a-f]{64} ([0-9a-f]{64}) /.exec(text);
  return m?.[1];
}

/** Lists the `-a`/`-d` entries of a GOCACHE (reading each `-a` for its output id). */
export async function scanGoCache(gocache: string): Promise<CacheEntryStat[]> {
  const out: CacheEntryStat[] = [];
  let dirs: string[];
  try {
    dirs = (await readdir(gocache)).filter((d) => /^[0-9a-f]{2}$/.test(d));
  } catch {
    return out;
  }
  for (const d of dirs) {
    let names: string[];
    try {
      names = await readdir(path.join(gocache, d));
    } catch {
      continue;
    }
    for (const n of names) {
      const name = `${d}/${n}`;
      if (!ENTRY.test(name)) continue;
      const full = path.join(gocache, d, n);
      try {
        const st = await stat(full);
        const e: CacheEntryStat = { name, mtimeMs: st.mtimeMs, size: st.isDirectory() ? 0 : st.size };
        if (n.endsWith('-a') && st.size < 1024) e.outputId = parseActionEntry(await readFile(full, 'utf8'));
        out.push(e);
      } catch {
        /* raced with go: skip */
      }
    }
  }
  return out;
}

export interface MarkResult {
  /** The mark (ms since epoch): entries used or made after it have mtime >= it. */
  markMs: number;
  /** Names of the entries present after restore. */
  restored: string[];
  bytes: number;
}

/**
 * After a restore (or with an empty GOCACHE): back-dates every entry to mark - 2h, rewrites
 * trim.txt to now, and returns the restored entry names. Call it before the first go command.
 */
export async function markRestored(gocache: string, now: () => number = Date.now): Promise<MarkResult> {
  await mkdir(gocache, { recursive: true });
  const entries = await scanGoCache(gocache);
  const markMs = now();
  const old = new Date(markMs - BACKDATE_MS);
  let bytes = 0;
  for (const e of entries) {
    bytes += e.size;
    await utimes(path.join(gocache, e.name), old, old).catch(() => undefined);
  }
  await writeFile(path.join(gocache, 'trim.txt'), String(Math.floor(markMs / 1000))).catch(() => undefined);
  return { markMs, restored: entries.map((e) => e.name), bytes };
}

export interface PruneResult extends PrunePlan {
  removedCount: number;
  /**
   * The fresh entries that are build work. Excluded: go's package-index entries ("go index"
   * data, and the action entries naming them), which go writes on its own once source files
   * are a few seconds old, even when nothing was compiled.
   */
  freshWork: string[];
}

const INDEX_MAGIC = Buffer.from('go index');

async function isIndexData(file: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'r');
    const buf = Buffer.alloc(INDEX_MAGIC.length);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return bytesRead === buf.length && buf.equals(INDEX_MAGIC);
  } catch {
    return false;
  } finally {
    await fh?.close();
  }
}

/** The fresh entries that are real build work (see PruneResult.freshWork). */
export async function freshWork(gocache: string, entries: CacheEntryStat[], fresh: string[]): Promise<string[]> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const out: string[] = [];
  for (const name of fresh) {
    const e = byName.get(name);
    const dataName = name.endsWith('-d') ? name : e?.outputId ? `${e.outputId.slice(0, 2)}/${e.outputId}-d` : undefined;
    if (dataName && (await isIndexData(path.join(gocache, dataName)))) continue;
    out.push(name);
  }
  return out;
}

/** Removes the entries this run did not use (see planPrune). */
export async function pruneGoCache(gocache: string, markMs: number, restored?: ReadonlySet<string>): Promise<PruneResult> {
  const entries = await scanGoCache(gocache);
  const plan = planPrune(entries, markMs, restored);
  const work = await freshWork(gocache, entries, plan.fresh);
  let removedCount = 0;
  for (const name of plan.remove) {
    try {
      await rm(path.join(gocache, name), { force: true });
      removedCount++;
    } catch {
      await forceRemove(path.join(gocache, name)).then(
        () => removedCount++,
        () => undefined,
      ); // executable entries are directories
    }
  }
  return { ...plan, removedCount, freshWork: work };
}

/** Stores/loads the restored-names list between main and post (one name per line). */
export async function writeManifest(file: string, names: string[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, names.join('\n'));
}

export async function readManifest(file: string): Promise<Set<string> | undefined> {
  try {
    return new Set((await readFile(file, 'utf8')).split('\n').filter(Boolean));
  } catch {
    return undefined;
  }
}
