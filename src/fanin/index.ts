/**
 * The fan-in mode (`release-inputs`): a job that built nothing turns every matrix job's files
 * into one verified release. Go is not installed and no cache is touched:
 *   scan + verify (plan.ts, pure) -> copy into output-dir (re-hashed) -> universal macOS binary
 *   (src/universal, our lipo or Apple's) -> its archive (src/release) -> ONE SHA256SUMS over
 *   everything -> the `artifacts` output and one summary table (target, file, size, job, sha256).
 *
 * Confinement (issue 18): the jobs' files are read only through a ReadRoot on the working
 * directory (no `..`, no link leading out of it or into .git, regular files only); output-dir
 * must be new or empty and every file is copied into it through one WriteRoot, exclusively (a
 * name already taken is an error, never overwritten or followed). An .app may hold links only to
 * files inside it (released as those files). Manifests from another workflow run are refused
 * unless `release-inputs-run-id` names that run (or `any`).
 */
import { createHash } from 'node:crypto';
import { constants as fsc } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import type { Config } from '../config.js';
import { inputError, UserError } from '../errors.js';
import { ArtifactRegistry, artifactFromPath, compareBytes, type Artifact } from '../artifacts/registry.js';
import { CHECKSUMS_FILE } from '../release/checksums.js';
import { writeReleaseFiles } from '../release/index.js';
import type { SummaryData, SummaryRow } from '../release/summary.js';
import { detectVersion } from '../release/version.js';
import type { Runtime } from '../runtime.js';
import type { ResolvedFile } from '../system/glob.js';
import { hasSystemLipo, planUniversalStage, runUniversal } from '../universal/index.js';
import { signWindowsBinaries } from '../steps/sign.js';
import { ConfineError, ReadRoot, WriteRoot } from '../system/confine.js';
import { open } from '../system/owned-fs.js';
import { isManifestName } from './manifest.js';
import { planFanIn, RUN_ID_INPUT, type FanInItem, type FanInPlan, type ScannedFile } from './plan.js';

export * from './manifest.js';
export * from './plan.js';

export interface FanInResult {
  config: Config;
  plan: FanInPlan;
  registry: ArtifactRegistry;
}

const FAN_IN = 'fan-in';

/** A manifest or SHA256SUMS larger than this is not one a job wrote. */
const TEXT_CAP = 16 << 20;

/** Size and sha256 of a regular file, read without following a link at its name. */
async function hashFile(real: string, label: string): Promise<{ size: number; sha256: string }> {
  const fh = await open(real, fsc.O_RDONLY | (process.platform === 'win32' ? 0 : fsc.O_NOFOLLOW));
  try {
    if (!(await fh.stat()).isFile()) throw new ConfineError(`${label} is not a regular file`, 'refused');
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of fh.createReadStream({ autoClose: false })) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    return { size, sha256: hash.digest('hex') };
  } finally {
    await fh.close();
  }
}

/**
 * Size and sha256 of every matched file; the text of manifests and SHA256SUMS files. Each is
 * read through `root` (the working directory the patterns matched in): a link leading out of it
 * or into .git, or anything but a regular file, is refused naming the file.
 */
export async function scanFiles(files: ResolvedFile[], root: ReadRoot): Promise<ScannedFile[]> {
  const out: ScannedFile[] = [];
  for (const f of files) {
    const base = f.name.slice(f.name.lastIndexOf('/') + 1);
    if (isManifestName(base) || base === CHECKSUMS_FILE) {
      const bytes = await root.read(f.name, 'release-inputs', { maxBytes: TEXT_CAP });
      out.push({ name: f.name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), text: bytes.toString('utf8') });
    } else {
      const real = await root.locate(f.name, 'release-inputs', { kind: 'file' });
      out.push({ name: f.name, ...(await hashFile(real, `release-inputs: ${JSON.stringify(f.name)}`)) });
    }
  }
  return out;
}

/**
 * The run id every manifest must carry: this run's GITHUB_RUN_ID ('' from the CLI) unless the
 * `release-inputs-run-id` input names another run, or `any` (undefined: every run is accepted).
 */
export function expectedRunId(input: string, env: NodeJS.ProcessEnv): string | undefined {
  if (input === '') return env.GITHUB_RUN_ID?.trim() ?? '';
  if (input.toLowerCase() === 'any') return undefined;
  if (!/^[0-9]{1,20}$/.test(input))
    throw inputError(RUN_ID_INPUT, input, 'is not a workflow run id', 'use the digits of a run id (e.g. github.event.workflow_run.id) or any');
  return input;
}

/** A file an .app releases: where it is read (a real path inside the .app) and its path below the .app. */
interface AppFile {
  real: string;
  rel: string;
  mode: number;
}

/**
 * Every file and folder of the .app `item` (read through `root`), checked: a link may only lead
 * to a file or folder inside the .app (a relative target that stays inside it, every further
 * link resolved inside it too) and is released as what it names; anything else (an absolute or
 * dangling link, one leading out, a loop, a device or pipe) is refused naming the link.
 */
async function appContents(root: ReadRoot, item: FanInItem): Promise<{ dirs: string[]; files: AppFile[] }> {
  const where = (rel: string): string => `release-inputs: ${item.source}/${rel} (job ${item.jobs.join(', ')})`;
  const refuse = (rel: string, problem: string): UserError => new UserError(`${where(rel)} ${problem}; an .app may only hold links to files inside it`);
  const appReal = await root.locate(item.source, 'release-inputs', { kind: 'dir' });
  const app = await ReadRoot.open(appReal, `the app ${item.source}`);
  const dirs: string[] = [];
  const files: AppFile[] = [];
  const walk = async (dirReal: string, relDir: string, stack: string[]): Promise<void> => {
    const names = (await readdir(dirReal)).sort(compareBytes);
    for (const name of names) {
      const rel = relDir ? `${relDir}/${name}` : name;
      let real = join(dirReal, name);
      let st = await lstat(real);
      if (st.isSymbolicLink()) {
        const target = await readlink(real);
        const shown = `is a link to ${JSON.stringify(target)}`;
        if (isAbsolute(target) || /^[A-Za-z]:/.test(target)) throw refuse(rel, `${shown}, an absolute path`);
        // Resolved as the OS does: from the folder the link really lies in (relative to the .app).
        const here = relative(appReal, dirReal).split(sep).join('/');
        const lexical = posix.normalize(posix.join(here || '.', target.replace(/\\/g, '/')));
        if (lexical === '..' || lexical.startsWith('../')) throw refuse(rel, `${shown}, which leads outside the .app`);
        try {
          real = await app.locate(lexical, where(rel), { kind: 'any' });
        } catch (err) {
          if (!(err instanceof ConfineError)) throw err;
          throw refuse(rel, err.reason === 'missing' ? `${shown}, which names nothing (a dangling link)` : `${shown}, which leads outside the .app`);
        }
        st = await lstat(real);
      }
      if (st.isDirectory()) {
        if (stack.includes(real)) throw new UserError(`${where(rel)} is a link to a folder that holds it (a loop); an .app may not hold one`);
        dirs.push(rel);
        await walk(real, rel, [...stack, real]);
      } else if (st.isFile()) files.push({ real, rel, mode: st.mode & 0o777 });
      else throw new UserError(`${where(rel)} is not a file, a folder or a link; an .app releases only those`);
    }
  };
  await walk(appReal, '', [appReal]);
  return { dirs, files };
}

/** Runs one stage of the fan-in in its log group (the pipeline's recorder times it for the run report). */
export type StageRunner = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

/** The fan-in run: called by runMain instead of install + build when `release-inputs` is set. */
export async function runFanIn(rt: Runtime, config: Config, stage: StageRunner = (name, fn) => rt.group(name, fn)): Promise<FanInResult> {
  const wd = config.workingDirectory;
  const out = config.outputDir;
  const runId = expectedRunId(rt.input(RUN_ID_INPUT), rt.env);
  const root = await ReadRoot.open(wd, 'the working directory');
  const { plan, apps } = await stage("Verify the jobs' files", async () => {
    const scanned = await scanFiles(config.release.releaseInputFiles, root);
    const p = planFanIn(scanned, { universal: config.universal.enabled, name: config.build.inputs.name, version: config.release.version, runId });
    for (const j of p.jobs) rt.info(`job ${j.label}: ${j.manifest.files.length} file(s) in ${j.folder || '.'}, verified against ${j.manifestPath}`);
    // Every .app's links are checked before anything is written.
    const a = new Map<FanInItem, Awaited<ReturnType<typeof appContents>>>();
    for (const item of p.items) if (item.kind === 'app') a.set(item, await appContents(root, item));
    return { plan: p, apps: a };
  });

  const registry = new ArtifactRegistry();
  const jobOf = new Map<string, string>(); // output path -> job label(s)
  await stage('Copy release files', async () => {
    // One WriteRoot on output-dir, new or empty: nothing already there is released or written through.
    const dest = await WriteRoot.create(out, 'output-dir', { requireEmpty: true });
    for (const item of plan.items) {
      const contents = apps.get(item);
      if (contents) {
        await dest.mkdir(item.dest);
        for (const d of contents.dirs) await dest.mkdir(`${item.dest}/${d}`);
        for (const f of contents.files) await dest.copyFrom(f.real, `${item.dest}/${f.rel}`, { exclusive: true, mode: f.mode });
      } else {
        const src = await root.locate(item.source, 'release-inputs', { kind: 'file' });
        // upload-artifact drops the execute bit: a binary is released 0755, everything else 0644.
        await dest.copyFrom(src, item.dest, { exclusive: true, mode: item.kind === 'binary' ? 0o755 : 0o644 });
      }
      const path = dest.path(item.dest);
      const a = await artifactFromPath(path, { target: item.target, kind: item.kind });
      if (a.sha256 !== item.sha256)
        throw new UserError(`release-inputs: ${item.source} (job ${item.jobs.join(', ')}) changed while it was copied; run the step again`);
      registry.add(a);
      jobOf.set(path, item.jobs.join(', '));
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
