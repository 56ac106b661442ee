/** What goes into an archive, shared by the tar and zip writers. */
import { createReadStream } from 'node:fs';

export interface ArchiveEntry {
  /** Path inside the archive, '/'-separated, no leading '/', no trailing '/' (added for dirs). */
  name: string;
  type: 'file' | 'dir';
  /** Permission bits only (0o755 / 0o644). */
  mode: number;
  /** Bytes of a file entry; must match what `source` yields. */
  size: number;
  /** A file on disk to copy in, or the bytes themselves. */
  source?: string;
  data?: Buffer;
}

export interface ArchiveOptions {
  /** Seconds since the Unix epoch stamped on every entry. */
  mtime: number;
}

/** 1980-01-01T00:00:00Z: the earliest time a zip (DOS) timestamp can hold, used when SOURCE_DATE_EPOCH is unset. */
export const DEFAULT_EPOCH = 315532800;

/** SOURCE_DATE_EPOCH when set to a non-negative integer, else DEFAULT_EPOCH. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv): number {
  const raw = (env.SOURCE_DATE_EPOCH ?? '').trim();
  return /^\d+$/.test(raw) ? Number(raw) : DEFAULT_EPOCH;
}

/** Streams an entry's bytes, failing if the file does not hold exactly entry.size bytes. */
export async function* entryBytes(entry: ArchiveEntry): AsyncGenerator<Buffer> {
  if (entry.data) {
    if (entry.data.length !== entry.size) throw new Error(`archive entry ${entry.name}: size mismatch`);
    if (entry.size > 0) yield entry.data;
    return;
  }
  if (!entry.source) throw new Error(`archive entry ${entry.name}: no source`);
  if (entry.size === 0) return;
  let seen = 0;
  for await (const chunk of createReadStream(entry.source, { start: 0, end: entry.size - 1 })) {
    seen += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
  if (seen !== entry.size) throw new Error(`${entry.source} changed size while being archived (${seen} of ${entry.size} bytes)`);
}
