/**
 * The fan-in mode (`release-inputs`): a job that built nothing turns every matrix job's files
 * into one verified release. Go is not installed and no cache is touched:
 *   scan + verify (plan.ts, pure) -> copy into output-dir (re-hashed) -> universal macOS binary
 *   (src/universal, our lipo or Apple's) -> its archive (src/release) -> ONE SHA256SUMS over
 *   everything -> the `artifacts` output and one summary table (target, file, size, job, sha256).
 */
import { createHash } from 'node:crypto';
import { chmod, copyFile, cp, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import { ArtifactRegistry, artifactFromPath, sha256File, type Artifact } from '../artifacts/registry.js';
import { CHECKSUMS_FILE } from '../release/checksums.js';
import { writeReleaseFiles } from '../release/index.js';
import type { SummaryData, SummaryRow } from '../release/summary.js';
import { detectVersion } from '../release/version.js';
import type { Runtime } from '../runtime.js';
import type { ResolvedFile } from '../system/glob.js';
import { hasSystemLipo, planUniversalStage, runUniversal } from '../universal/index.js';
import { signWindowsBinaries } from '../steps/sign.js';
import { isManifestName } from './manifest.js';
import { planFanIn, type FanInPlan, type ScannedFile } from './plan.js';

export * from './manifest.js';
export * from './plan.js';

export interface FanInResult {
  config: Config;
  plan: FanInPlan;
  registry: ArtifactRegistry;
}

const FAN_IN = 'fan-in';

/** Size and sha256 of every matched file; the text of manifests and SHA256SUMS files. */
export async function scanFiles(files: ResolvedFile[]): Promise<ScannedFile[]> {
  const out: ScannedFile[] = [];
  for (const f of files) {
    const base = f.name.slice(f.name.lastIndexOf('/') + 1);
    if (isManifestName(base) || base === CHECKSUMS_FILE) {
      const bytes = await readFile(f.source);
      out.push({ name: f.name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), text: bytes.toString('utf8') });
    } else {
      out.push({ name: f.name, size: (await stat(f.source)).size, sha256: await sha256File(f.source) });
    }
  }
  return out;
}

/** Runs one stage of the fan-in in its log group (the pipeline's recorder times it for the run report). */
export type StageRunner = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

/** The fan-in run: called by runMain instead of install + build when `release-inputs` is set. */
export async function runFanIn(rt: Runtime, config: Config, stage: StageRunner = (name, fn) => rt.group(name, fn)): Promise<FanInResult> {
  const wd = config.workingDirectory;
  const out = config.outputDir;
  const plan = await stage("Verify the jobs' files", async () => {
    const scanned = await scanFiles(config.release.releaseInputFiles);
    const p = planFanIn(scanned, { universal: config.universal.enabled, name: config.build.inputs.name, version: config.release.version });
    for (const j of p.jobs) rt.info(`job ${j.label}: ${j.manifest.files.length} file(s) in ${j.folder || '.'}, verified against ${j.manifestPath}`);
    return p;
  });

  const registry = new ArtifactRegistry();
  const jobOf = new Map<string, string>(); // output path -> job label(s)
  await stage('Copy release files', async () => {
    await mkdir(out, { recursive: true });
    for (const item of plan.items) {
      const src = join(wd, ...item.source.split('/'));
      const dest = join(out, ...item.dest.split('/'));
      await mkdir(dirname(dest), { recursive: true });
      if (item.kind === 'app') await cp(src, dest, { recursive: true, force: true });
      else await copyFile(src, dest);
      if (item.kind === 'binary') await chmod(dest, 0o755); // upload-artifact drops the execute bit
      const a = await artifactFromPath(dest, { target: item.target, kind: item.kind });
      if (a.sha256 !== item.sha256)
        throw new UserError(`release-inputs: ${item.source} (job ${item.jobs.join(', ')}) changed while it was copied; run the step again`);
      registry.add(a);
      jobOf.set(dest, item.jobs.join(', '));
      rt.info(`${item.kind}: ${item.dest} from job ${item.jobs.join(', ')}`);
    }
  });

  // Authenticode: the jobs' Windows exes, signed here (one certificate in one job); re-archived below.
  const signing = await stage('Sign Windows binaries', async () => {
    const r = await signWindowsBinaries(rt, config, registry, plan.name);
    if ('skipped' in r) rt.info(`skipped: ${r.skipped}`);
    return r;
  });
  const signed = 'signed' in signing ? signing.signed : [];
  if (signed.length > 0 && config.release.archive === 'none' && plan.items.some((i) => i.kind === 'archive' && i.os === 'windows')) {
    rt.warning(
      'the jobs archived their Windows binaries, but archive is none here, so those archives hold the unsigned exe; set archive (and archive-files) as in the build jobs',
    );
  }
  const universal = await stage('Universal macOS binary', async (): Promise<Artifact | undefined> => {
    if ('skip' in plan.universal) {
      rt.info(plan.universal.skip);
      return undefined;
    }
    const slices = [plan.universal.amd64, plan.universal.arm64].map((i) => ({ target: i.target, path: join(out, ...i.dest.split('/')) }));
    const u = planUniversalStage(config.universal, {
      built: slices,
      resolvedInputs: [],
      host: rt.host,
      systemLipo: hasSystemLipo(rt.host, rt.env),
      name: plan.name,
      outputDir: out,
    });
    if ('skip' in u) {
      rt.info(`skipped: ${u.skip}`);
      return undefined;
    }
    const path = await runUniversal(rt, u, registry);
    jobOf.set(path, FAN_IN);
    return registry.list('binary').find((a) => a.path === path);
  });

  const archived = plan.items.some((i) => i.kind === 'archive' && i.os === 'darwin');
  if (universal && config.release.archive === 'none' && archived) {
    rt.warning(
      `the jobs archived their darwin binaries, but archive is none here, so ${universal.name} is not archived; set archive (and archive-files) as in the build jobs`,
    );
  }
  const version =
    plan.version ||
    (config.release.archive !== 'none' && (universal || signed.length > 0) ? (await detectVersion(config.release.version, rt.env, wd)).version : '');
  await stage('Release files', async () => {
    const written = await writeReleaseFiles({
      registry,
      outputDir: out,
      name: plan.name,
      version,
      archive: config.release.archive,
      archiveFiles: config.release.archiveFileList,
      env: rt.env,
      binaries: [...(universal ? [universal] : []), ...registry.list('binary').filter((a) => signed.includes(a.path))],
    });
    for (const a of written) {
      jobOf.set(a.path, FAN_IN);
      rt.info(`${a.kind}: ${a.path} (${a.size} bytes)`);
    }
    const sums = written.find((a) => a.kind === 'checksums');
    if (sums) rt.setOutput('checksums', sums.path);
  });

  // One list in release order: by target, the release's own SHA256SUMS last.
  const final = new ArtifactRegistry();
  const order = (a: Artifact): string => (a.kind === 'checksums' ? '\uffff' : a.target);
  for (const a of registry.list().sort((x, y) => (order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : 0))) final.add(a);
  rt.setOutput('artifacts', final.toOutput());

  const rows: SummaryRow[] = final
    .list()
    .filter((a) => a.kind !== 'checksums')
    .map((a) => ({ target: a.target, file: relative(out, a.path).split(sep).join('/'), size: a.size, job: jobOf.get(a.path) ?? FAN_IN, sha256: a.sha256 }));
  const data: SummaryData = {
    goVersion: '',
    lead: [`Fan-in ${plan.jobs.length} job(s), ${rows.length} file(s) verified and merged`, ...(version ? [`release ${version}`] : [])],
    rows,
    cache: [],
  };
  await rt.summary(data);
  return { config, plan, registry: final };
}
