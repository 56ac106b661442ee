/**
 * Archives: one per built binary, named `<name>_<version>_<os>_<arch>.<ext>` (darwin/universal ->
 * `_darwin_universal`). Like goreleaser's default, the binary and the `archive-files` sit at the
 * archive ROOT (no wrapping folder); extra files keep their path relative to the working directory
 * (docs/guide.md stays docs/guide.md, with a docs/ directory entry).
 *
 * Reproducible: entries sorted bytewise, one mtime (SOURCE_DATE_EPOCH, else 1980-01-01), owner 0/0
 * root/root, modes 0755 for the binary, directories and files with any execute bit, 0644 otherwise.
 */
import { lstat, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConfineError, WriteRoot } from '../system/confine.js';
import { UserError } from '../errors.js';
import { artifactFromPath, compareBytes, type Artifact } from '../artifacts/registry.js';
import type { ArchiveEntry } from '../archive/entries.js';
import type { ResolvedFile } from '../system/glob.js';
import { ARCHIVE_FORMATS, type ArchiveFormat } from '../archive/formats.js';

/** The `archive` input: none, a format of src/archive/formats.ts, or auto (zip for Windows, tar.gz otherwise). */
export type ArchiveSetting = 'none' | ArchiveFormat | 'auto';

/** The format a target gets, or undefined for none. */
export function archiveFormatFor(setting: ArchiveSetting, os: string): ArchiveFormat | undefined {
  if (setting === 'none') return undefined;
  if (setting === 'auto') return os === 'windows' ? 'zip' : 'tar.gz';
  return setting;
}

/** `<name>_<version>_<os>_<arch>` ('darwin/universal' -> `_darwin_universal`). */
export function releaseBaseName(name: string, version: string, target: string): string {
  const [os = '', arch = ''] = target.split('/');
  return `${name}_${version}_${os}_${arch}`;
}

/** The binary's name inside the archive: the app name, `.exe` on windows. */
export function binaryNameInArchive(name: string, os: string): string {
  return os === 'windows' && !name.toLowerCase().endsWith('.exe') ? `${name}.exe` : name;
}

export interface ExtraFile extends ResolvedFile {
  size: number;
  executable: boolean;
}

/** Stats resolved archive files (size, execute bit). */
export async function statArchiveFiles(files: ResolvedFile[]): Promise<ExtraFile[]> {
  const out: ExtraFile[] = [];
  for (const f of files) {
    const st = await stat(f.source);
    out.push({ ...f, size: st.size, executable: (st.mode & 0o111) !== 0 });
  }
  return out;
}

export interface ArchivePlan {
  target: string;
  os: string;
  arch: string;
  format: ArchiveFormat;
  /** Absolute output path. */
  dest: string;
  entries: ArchiveEntry[];
}

export interface PlanArchivesInput {
  /** Binaries to archive (kind 'binary'); one archive each. */
  binaries: Artifact[];
  setting: ArchiveSetting;
  /** App name (file name stem of archives and the binary inside). */
  name: string;
  version: string;
  outputDir: string;
  files: ExtraFile[];
}

/** Pure: what archives to write and what goes in each. */
export function planArchives(input: PlanArchivesInput): ArchivePlan[] {
  const plans: ArchivePlan[] = [];
  for (const bin of input.binaries) {
    const format = archiveFormatFor(input.setting, bin.os);
    if (!format) continue;
    const binName = binaryNameInArchive(input.name, bin.os);
    const entries: ArchiveEntry[] = [{ name: binName, type: 'file', mode: 0o755, size: bin.size, source: bin.path }];
    const dirs = new Set<string>();
    for (const f of input.files) {
      if (f.name === binName) {
        throw new UserError(`input "archive-files": ${JSON.stringify(f.name)} has the same name as the binary in the archive; rename or drop it`);
      }
      const parts = f.name.split('/');
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
      entries.push({ name: f.name, type: 'file', mode: f.executable ? 0o755 : 0o644, size: f.size, source: f.source });
    }
    for (const d of dirs) entries.push({ name: d, type: 'dir', mode: 0o755, size: 0 });
    entries.sort((a, b) => compareBytes(a.type === 'dir' ? `${a.name}/` : a.name, b.type === 'dir' ? `${b.name}/` : b.name));
    const dest = join(input.outputDir, `${releaseBaseName(input.name, input.version, bin.target)}.${format}`);
    plans.push({ target: bin.target, os: bin.os, arch: bin.arch, format, dest, entries });
  }
  const seen = new Set<string>();
  for (const p of plans) {
    if (seen.has(p.dest)) throw new Error(`two archives would be written to ${p.dest}`);
    seen.add(p.dest);
  }
  return plans;
}

/**
 * Writes one planned archive atomically and describes it. The archive goes directly into
 * output-dir, which must be a real folder (WriteRoot.create refuses a link there); the writer
 * makes a temp file beside it and renames it into place, so a link already at the archive's name
 * is replaced, never followed.
 */
export async function writeArchive(plan: ArchivePlan, mtime: number): Promise<Artifact> {
  await WriteRoot.create(dirname(plan.dest), 'output-dir');
  const st = await lstat(plan.dest).catch(() => undefined);
  if (st?.isDirectory())
    throw new ConfineError(`output-dir: ${basename(plan.dest)} is a folder where an archive goes; remove it or choose another output-dir`, 'refused');
  await ARCHIVE_FORMATS[plan.format].write(plan.dest, plan.entries, { mtime });
  return artifactFromPath(plan.dest, { target: plan.target, kind: 'archive' });
}
