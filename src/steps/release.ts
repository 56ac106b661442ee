/**
 * Release: archives (when asked), SHA256SUMS over every released file, the job's manifest (for a
 * fan-in); then the `artifacts` output and the run summary (the Runtime shows it: a markdown
 * table in the job summary, the same table as text from the CLI).
 *
 * In a fan-in (files gathered from the build jobs) the jobs' own archives are released as they
 * came: only binaries made or changed here (the universal binary, a signed exe) are archived, one
 * SHA256SUMS covers everything, no manifest is written (the fan-in is the end of the journey),
 * and the summary says which job made each file.
 */
import { join, relative, sep } from 'node:path';
import type { Config } from '../config.js';
import { RAN, type GatheredFiles, type RunContext, type Step } from '../context.js';
import { layerOutcome, type CacheState } from '../cache/layers.js';
import { ArtifactRegistry, type Artifact } from '../artifacts/registry.js';
import { rowsFromArtifacts, type CacheLayerResult, type SummaryRow } from '../release/summary.js';
import { detectVersion } from '../release/version.js';
import type { Runtime } from '../runtime.js';
import { buildManifest, writeManifest } from '../fanin/manifest.js';

/** The release version (archive names, app versions): the input, else the tag, else the commit. */
export async function releaseVersion(rt: Runtime, config: Config): Promise<string> {
  if (config.release.archive === 'none' && !config.release.fynePackage) return config.release.version;
  return (await detectVersion(config.release.version, rt.env, config.workingDirectory)).version;
}

/** The job(s) that made the file at `a.path`, when it is released as it came from them. */
function fromJob(g: GatheredFiles, a: Artifact): string | undefined {
  const j = g.fromJobs.get(a.path);
  return j && j.sha256 === a.sha256 ? j.jobs : undefined;
}

/** A fan-in's binaries to archive: those made or changed here (the universal binary, a signed exe). */
function madeHere(g: GatheredFiles, registry: ArtifactRegistry): Artifact[] {
  return registry.list('binary').filter((a) => fromJob(g, a) === undefined);
}

/** The jobs archived what this fan-in changed or made, but archive is none here: those archives would be stale or missing. */
function warnUnarchived(rt: Runtime, config: Config, g: GatheredFiles, made: Artifact[]): void {
  if (config.release.archive !== 'none') return;
  const archived = (os: string) => g.plan.items.some((i) => i.kind === 'archive' && i.os === os);
  if (made.some((a) => a.signed === 'authenticode') && archived('windows'))
    rt.warning(
      'the jobs archived their Windows binaries, but archive is none here, so those archives hold the unsigned exe; set archive (and archive-files) as in the build jobs',
    );
  const universal = made.find((a) => a.target === 'darwin/universal');
  if (universal && archived('darwin'))
    rt.warning(
      `the jobs archived their darwin binaries, but archive is none here, so ${relative(config.outputDir, universal.path)} is not archived; set archive (and archive-files) as in the build jobs`,
    );
}

export const releaseStep: Step = {
  name: 'Release files',
  run: async (ctx) => {
    const { rt, config, registry, name, version, plan } = ctx;
    const gathered = 'gathered' in plan ? plan.gathered : undefined;
    if (registry.list('binary').length === 0 && !gathered) return { skipped: 'nothing was built' };
    // The release writers (archives, checksums, app zips; the tar and zip writers) are loaded only
    // when there is something to write: a setup-only run loads this file for the Summary and the
    // skip above, never them (issue 20 item 4).
    const { appZipName, writeReleaseFiles } = await import('../release/index.js');
    const outputDir = config.outputDir;
    const made = gathered ? madeHere(gathered, registry) : undefined;
    if (gathered && made) warnUnarchived(rt, config, gathered, made);
    // A fan-in zips the .apps made here (and any a job released as a folder); a job's own .app.zip is released as it came.
    const zipped = new Set(registry.list('archive').map((a) => a.path));
    const apps = gathered ? registry.list('app').filter((a) => !zipped.has(join(outputDir, appZipName(name, version, a.target)))) : undefined;
    const written = await writeReleaseFiles({
      registry,
      outputDir,
      name,
      version,
      archive: config.release.archive,
      archiveFiles: config.release.archiveFileList,
      env: rt.env,
      ...(made ? { binaries: made } : {}),
      ...(apps ? { apps } : {}),
    });
    for (const a of written) rt.info(`${a.kind}: ${a.path} (${a.size} bytes)`);
    const sums = written.find((a) => a.kind === 'checksums');
    if (sums) rt.setOutput('checksums', sums.path);
    if (gathered) return RAN; // the release itself: no job manifest (nothing fans it in again)
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

/** Who made a file of a fan-in's release: its job(s), or the fan-in itself. */
export const FAN_IN = 'fan-in';

/** A fan-in's files in release order: by target, the release's own SHA256SUMS last. */
export function releaseOrder(registry: ArtifactRegistry): ArtifactRegistry {
  const final = new ArtifactRegistry();
  const order = (a: Artifact): string => (a.kind === 'checksums' ? '\uffff' : a.target);
  for (const a of registry.list().sort((x, y) => (order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : 0))) final.add(a);
  return final;
}

/** The summary's Job cell: the job(s) that made the file (a binary signed here still is theirs), else the fan-in. */
function madeBy(g: GatheredFiles, a: Artifact): string {
  const j = g.fromJobs.get(a.path);
  return j && (j.sha256 === a.sha256 || a.kind === 'binary') ? j.jobs : FAN_IN;
}

async function fanInSummary(ctx: RunContext, g: GatheredFiles): Promise<void> {
  const { rt, config, registry, version } = ctx;
  const final = releaseOrder(registry);
  rt.setOutput('artifacts', final.toOutput());
  const rows: SummaryRow[] = final
    .list()
    .filter((a) => a.kind !== 'checksums')
    .map((a) => ({
      target: a.target,
      file: relative(config.outputDir, a.path).split(sep).join('/'),
      size: a.size,
      job: madeBy(g, a),
      sha256: a.sha256,
    }));
  await rt.summary({
    goVersion: ctx.go?.version.text ?? '',
    lead: [`Fan-in ${g.plan.jobs.length} job(s), ${rows.length} file(s) verified and merged`, ...(version ? [`release ${version}`] : [])],
    rows,
    cache: [],
  });
}

/** The `artifacts` output and the run summary. */
export const summaryStep: Step = {
  name: 'Summary',
  group: false,
  run: async (ctx) => {
    const { rt, go, plan, version, registry, cache } = ctx;
    if ('gathered' in plan) {
      await fanInSummary(ctx, plan.gathered);
      return RAN;
    }
    rt.setOutput('artifacts', registry.toOutput());
    await rt.summary({
      goVersion: go?.version.text ?? '',
      fyneVersion: plan.fyneVersion === 'none' ? '' : plan.fyneVersion,
      releaseVersion: version || undefined,
      rows: rowsFromArtifacts(registry.list()),
      cache: cacheResults(cache),
    });
    return RAN;
  },
};
