/**
 * The release stage's public face. writeReleaseFiles() is the thin effect the pipeline calls after
 * builds (and fyne packaging) have filled the registry: archives, then SHA256SUMS over everything.
 */
import { sourceDateEpoch } from '../archive/entries.js';
import { planArchives, statArchiveFiles, writeArchive, type ArchiveSetting } from './archive.js';
import type { Artifact, ArtifactRegistry } from '../artifacts/registry.js';
import { writeChecksums } from './checksums.js';
import { writeAppZip } from './app-zip.js';
import type { ResolvedFile } from '../system/glob.js';

export * from '../artifacts/registry.js';
export * from './archive.js';
export * from './checksums.js';
export * from './app-zip.js';
export * from './summary.js';
export * from './version.js';
export * from './fyne-package.js';
export * from './go-tool.js';
export * from './windows-resource.js';
export { sourceDateEpoch, DEFAULT_EPOCH } from '../archive/entries.js';

export interface ReleaseFilesOptions {
  registry: ArtifactRegistry;
  outputDir: string;
  /** App name: archive stem and the binary's name inside archives. */
  name: string;
  version: string;
  archive: ArchiveSetting;
  /** The files `archive-files` matched (resolved with the config, before the build). */
  archiveFiles: ResolvedFile[];
  /** For SOURCE_DATE_EPOCH. */
  env: NodeJS.ProcessEnv;
  /** Whether to write SHA256SUMS (default true). */
  checksums?: boolean;
  /** The binaries to archive (default: every registered binary); a fan-in archives only the universal one. */
  binaries?: Artifact[];
  /** The .app bundles to zip (default: every registered 'app'), whatever `archive` says: a folder cannot be released. */
  apps?: Artifact[];
}

/**
 * Writes archives for every registered binary, a `.app.zip` for every .app (app-zip.ts), then
 * SHA256SUMS; registers them all; returns what it wrote.
 */
export async function writeReleaseFiles(o: ReleaseFilesOptions): Promise<Artifact[]> {
  const written: Artifact[] = [];
  const mtime = sourceDateEpoch(o.env);
  for (const app of o.apps ?? o.registry.list('app')) {
    written.push(o.registry.add(await writeAppZip(app, { outputDir: o.outputDir, name: o.name, version: o.version, mtime })));
  }
  if (o.archive !== 'none') {
    const files = await statArchiveFiles(o.archiveFiles);
    const plans = planArchives({
      binaries: o.binaries ?? o.registry.list('binary'),
      setting: o.archive,
      name: o.name,
      version: o.version,
      outputDir: o.outputDir,
      files,
    });
    for (const plan of plans) written.push(o.registry.add(await writeArchive(plan, mtime)));
  }
  if (o.checksums !== false) written.push(o.registry.add(await writeChecksums(o.outputDir, o.registry.list())));
  return written;
}
