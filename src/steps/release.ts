/**
 * Release: archives (when asked), SHA256SUMS over every released file, the job's manifest (for a
 * fan-in), the `artifacts` output, and the job summary table (the CLI prints the same table).
 */
import type { Config } from '../config.js';
import type { CacheState } from '../cache/layers.js';
import { type ArtifactRegistry } from '../artifacts/registry.js';
import { writeReleaseFiles } from '../release/index.js';
import { renderSummaryMarkdown, renderSummaryText, rowsFromArtifacts, type CacheLayerResult } from '../release/summary.js';
import { detectVersion } from '../release/version.js';
import type { Runtime } from '../runtime.js';
import { buildManifest, writeManifest } from '../fanin/manifest.js';

/** The release version (archive names, app versions): the input, else the tag, else the commit. */
export async function releaseVersion(rt: Runtime, config: Config): Promise<string> {
  if (config.release.archive === 'none' && !config.release.fynePackage) return config.release.version;
  return (await detectVersion(config.release.version, rt.env, config.workingDirectory)).version;
}

export async function releaseStep(rt: Runtime, config: Config, registry: ArtifactRegistry, name: string, version: string): Promise<void> {
  if (registry.list('binary').length === 0) {
    rt.info('skipped: nothing was built');
    return;
  }
  const outputDir = config.outputDir;
  const written = await writeReleaseFiles({
    registry,
    outputDir,
    name,
    version,
    archive: config.release.archive,
    archiveFiles: config.release.archiveFileList,
    env: rt.env,
  });
  for (const a of written) rt.info(`${a.kind}: ${a.path} (${a.size} bytes)`);
  const sums = written.find((a) => a.kind === 'checksums');
  if (sums) rt.setOutput('checksums', sums.path);
  // The job's manifest, uniquely named, so a release-inputs step can verify this job's files
  // even when download-artifact merges every job into one folder (src/fanin/manifest.ts).
  const manifest = await writeManifest(outputDir, buildManifest({ name, version, env: rt.env, host: rt.host, outputDir, artifacts: registry.list() }));
  rt.info(`manifest: ${manifest}`);
  rt.setOutput('manifest', manifest);
}

export function cacheResults(state: CacheState | undefined): CacheLayerResult[] {
  return (state?.layers ?? []).map((l) => ({ layer: l.name, result: l.result === 'hit' ? 'hit' : l.result === 'prefix' ? 'prefix' : 'miss' }));
}

export async function summaryStep(rt: Runtime, o: { goVersion: string; fyneVersion: string; releaseVersion?: string; registry: ArtifactRegistry; cache?: CacheState }): Promise<void> {
  rt.setOutput('artifacts', o.registry.toOutput());
  const data = {
    goVersion: o.goVersion,
    fyneVersion: o.fyneVersion === 'none' ? '' : o.fyneVersion,
    releaseVersion: o.releaseVersion || undefined,
    rows: rowsFromArtifacts(o.registry.list()),
    cache: cacheResults(o.cache),
  };
  await rt.summary(rt.kind === 'github' ? renderSummaryMarkdown(data) : renderSummaryText(data));
}
