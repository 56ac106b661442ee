/**
 * The fan-in mode (`release-inputs`): a job that built nothing turns every matrix job's files
 * into one verified release. It is a SOURCE of the one pipeline (src/pipeline.ts): the stage
 * "Gather release files" (gatherReleaseFiles) takes the place of Install Go, Plan builds and
 * Build: scan + verify (plan.ts, pure) -> copy into output-dir (re-hashed) -> the registry. Then
 * the build's own steps run: Sign, Universal, Fyne packages, Linux packages, Release files (ONE
 * SHA256SUMS over everything), Summary (one table: target, file, size, job, sha256). No cache is
 * touched; Go is installed only when a step needs it (the fyne tool, nfpm).
 *
 * Confinement (issue 18): the jobs' files are read only through a ReadRoot on the working
 * directory (no `..`, no link leading out of it or into .git, regular files only); output-dir
 * must be new or empty and every file is copied into it through one WriteRoot, exclusively (a
 * name already taken is an error, never overwritten or followed). An .app may hold links only to
 * files inside it (released as those files). Manifests from another workflow run are refused
 * unless `release-inputs-run-id` names that run (or `any`).
 */
import { createHash } from 'node:crypto';
import { constants as fsc, existsSync } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { repositoryRoot, type Config } from '../config.js';
import type { AppSource, GatheredFiles, PlannedGather } from '../context.js';
import { inputError, UserError } from '../errors.js';
import { ArtifactRegistry, artifactFromPath, compareBytes } from '../artifacts/registry.js';
import { fyneVersion, parseFyneAppToml } from '../compile/fyne.js';
import { resolveMetadata } from '../compile/metadata.js';
import { findGoMod, parseGoMod } from '../gomod.js';
import { readPackageSources } from '../package/sources.js';
import { CHECKSUMS_FILE } from '../release/checksums.js';
import type { Runtime } from '../runtime.js';
import type { ResolvedFile } from '../system/glob.js';
import { ConfineError, ReadRoot, WriteRoot } from '../system/confine.js';
import { mkdtemp, open, rm } from '../system/owned-fs.js';
import { extractAppZip, isAppZipName } from '../release/app-zip.js';
import { isManifestName } from './manifest.js';
import { planFanIn, RUN_ID_INPUT, type FanInItem, type ScannedFile } from './plan.js';

export * from './manifest.js';
export * from './plan.js';

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

/** The app the packaging steps package in a fan-in: FyneApp.toml and the icon of the repository checkout, read confined. */
async function checkoutApp(config: Config, name: string): Promise<AppSource> {
  if (!config.release.fynePackage && config.release.linuxPackages.length === 0) return { skip: 'no package asked', why: 'no package asked' };
  const wd = config.workingDirectory;
  const pkg = config.build.inputs.package;
  const relativePkg = pkg === '.' || /^\.\.?[\\/]/.test(pkg);
  const packageDir = relativePkg ? resolve(wd, pkg) : wd;
  const top = repositoryRoot(config);
  const root = await ReadRoot.open(top, 'the repository');
  const shownDir = relative(top, packageDir).split(sep).join('/') || '.';
  const gomod = findGoMod(packageDir, existsSync, top);
  if (gomod) {
    const fv = fyneVersion(parseGoMod(await root.readText(gomod, 'go.mod', { allowAbsolute: true, maxBytes: 1 << 20 })));
    if (fv === 'none')
      return { skip: 'not a Fyne app', why: `this project is not a Fyne app (${relative(top, gomod).split(sep).join('/')} does not require fyne.io/fyne/v2)` };
  }
  const sources = await readPackageSources({ workspace: top, packageDir });
  if (sources.toml === undefined)
    return {
      skip: 'no FyneApp.toml in the checkout',
      why: `the fan-in job has no FyneApp.toml in ${shownDir}, which says the app's name, ID and icon; check out the repository in the fan-in job (actions/checkout) before this step`,
    };
  const toml = parseFyneAppToml(sources.toml, `${shownDir === '.' ? '' : `${shownDir}/`}FyneApp.toml`);
  const metadata = resolveMetadata(toml, { release: true, fallbackName: name, icon: sources.icon ? { name: 'Icon.png', bytes: sources.icon } : undefined });
  return { exeName: name, metadata, packageDir };
}

/** The gather stage's result and the registry it filled. */
export interface Gathered {
  planned: PlannedGather;
  registry: ArtifactRegistry;
}

/**
 * "Gather release files", the fan-in's source of the one pipeline (in place of Install Go, Plan
 * builds and Build): every job's files verified against its manifest, every .app's links checked,
 * the checkout's FyneApp.toml read when a package is asked for, all before anything is written;
 * then each file copied into output-dir (new or empty, one WriteRoot, exclusive copies) and
 * registered. The steps after it (sign, universal, packages, release files, summary) are the
 * build's own.
 */
export async function gatherReleaseFiles(rt: Runtime, config: Config): Promise<Gathered> {
  const wd = config.workingDirectory;
  const out = config.outputDir;
  const runId = expectedRunId(rt.input(RUN_ID_INPUT), rt.env);
  const root = await ReadRoot.open(wd, 'the working directory');
  const scanned = await scanFiles(config.release.releaseInputFiles, root);
  const plan = planFanIn(scanned, { universal: config.universal.enabled, name: config.build.inputs.name, version: config.release.version, runId });
  for (const j of plan.jobs) rt.info(`job ${j.label}: ${j.manifest.files.length} file(s) in ${j.folder || '.'}, verified against ${j.manifestPath}`);
  // Every .app's links are checked before anything is written.
  const apps = new Map<FanInItem, Awaited<ReturnType<typeof appContents>>>();
  for (const item of plan.items) if (item.kind === 'app') apps.set(item, await appContents(root, item));
  // Every .app zip is unpacked once through the safe zip reader (one .app folder, links confined, modes kept, caps) and thrown away.
  const check = await mkdtemp(join(rt.tempDir, 'gfa-app-zip-'));
  try {
    for (const item of plan.items) {
      if (!isAppZipName(posix.basename(item.dest))) continue;
      const zip = await root.locate(item.source, 'release-inputs', { kind: 'file' });
      const into = await mkdtemp(join(check, 'z-'));
      try {
        await extractAppZip(zip, into, { tempDir: check });
      } catch (err) {
        if (!(err instanceof UserError || err instanceof ConfineError)) throw err;
        throw new UserError(`release-inputs: ${item.source} (job ${item.jobs.join(', ')}) is not a safe .app zip: ${err.message}`);
      }
    }
  } finally {
    await rm(check, { recursive: true, force: true });
  }
  const app = await checkoutApp(config, plan.name);

  const registry = new ArtifactRegistry();
  const fromJobs: GatheredFiles['fromJobs'] = new Map();
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
    fromJobs.set(path, { jobs: item.jobs.join(', '), sha256: a.sha256 });
    rt.info(`${item.kind}: ${item.dest} from job ${item.jobs.join(', ')}`);
  }
  return { planned: { gathered: { plan, fromJobs, app }, fyneVersion: 'none' }, registry };
}
