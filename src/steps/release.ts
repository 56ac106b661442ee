/**
 * Release: archives (when asked), SHA256SUMS over every released file, the job's manifest (for a
 * fan-in); then the `artifacts` output and the run summary (the Runtime shows it: a markdown
 * table in the job summary, the same table as text from the CLI).
 */
import type { Config } from '../config.js';
import { RAN, type Step } from '../context.js';
import { layerOutcome, type CacheState } from '../cache/layers.js';
import { writeReleaseFiles } from '../release/index.js';
import { rowsFromArtifacts, type CacheLayerResult } from '../release/summary.js';
import { detectVersion } from '../release/version.js';
import type { Runtime } from '../runtime.js';
import { buildManifest, writeManifest } from '../fanin/manifest.js';

/** The release version (archive names, app versions): the input, else the tag, else the commit. */
export async function releaseVersion(rt: Runtime, config: Config): Promise<string> {
  if (config.release.archive === 'none' && !config.release.fynePackage) return config.release.version;
  return (await detectVersion(config.release.version, rt.env, config.workingDirectory)).version;
}

export const releaseStep: Step = {
  name: 'Release files',
  run: async ({ rt, config, registry, name, version }) => {
    if (registry.list('binary').length === 0) return { skipped: 'nothing was built' };
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
    return RAN;
  },
};

export function cacheResults(state: CacheState | undefined): CacheLayerResult[] {
  return (state?.layers ?? []).map((l) => {
    const outcome = layerOutcome(l);
    return { layer: l.name, result: outcome === 'error' ? 'miss' : outcome }; // the table has no error cell: a failed restore restored nothing
  });
}

/** The `artifacts` output and the run summary. */
export const summaryStep: Step = {
  name: 'Summary',
  group: false,
  run: async ({ rt, go, plan, version, registry, cache }) => {
    rt.setOutput('artifacts', registry.toOutput());
    await rt.summary({
      goVersion: go.version.text,
      fyneVersion: plan.fyneVersion === 'none' ? '' : plan.fyneVersion,
      releaseVersion: version || undefined,
      rows: rowsFromArtifacts(registry.list()),
      cache: cacheResults(cache),
    });
    return RAN;
  },
};
