/**
 * The release archive formats: the one table a new format is added to (its writer goes beside
 * this file). The `archive` input's choices and aliases (src/inputs.ts) and the writer each
 * planned archive uses (src/release/archive.ts) come from here.
 */
import type { ArchiveEntry, ArchiveOptions } from './entries.js';
import { writeTarGz } from './tar-write.js';
import { writeZip } from './zip-write.js';

export interface ArchiveFormatSpec {
  /** Writes the entries to dest atomically, reproducibly (one mtime). */
  write(dest: string, entries: ArchiveEntry[], opts: ArchiveOptions): Promise<void>;
  /** Other spellings the `archive` input accepts. */
  aliases?: readonly string[];
}

export const ARCHIVE_FORMATS = {
  zip: { write: writeZip },
  'tar.gz': { write: writeTarGz, aliases: ['tgz'] },
} as const satisfies Record<string, ArchiveFormatSpec>;

/** A format's name, which is also its file extension. */
export type ArchiveFormat = keyof typeof ARCHIVE_FORMATS;

export const ARCHIVE_FORMAT_NAMES = Object.keys(ARCHIVE_FORMATS) as ArchiveFormat[];

/** The aliases, each to its format. */
export function archiveFormatAliases(): Record<string, ArchiveFormat> {
  const out: Record<string, ArchiveFormat> = {};
  for (const name of ARCHIVE_FORMAT_NAMES) for (const a of (ARCHIVE_FORMATS[name] as ArchiveFormatSpec).aliases ?? []) out[a] = name;
  return out;
}
