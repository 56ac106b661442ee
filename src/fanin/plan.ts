/**
 * Pure planning of a fan-in (`release-inputs`): given every file the patterns matched (name,
 * size, sha256, and the text of manifests and SHA256SUMS files), decide which jobs there are,
 * which file each job made, what goes into the release, and what is wrong. No I/O.
 *
 * Rules:
 * - every `*.manifest.json` is one job; its files lie in the manifest's folder (both layouts:
 *   merge-multiple puts every job in one folder, one folder per job otherwise);
 * - each listed file must be there with the listed size and sha256 (else: error naming file + job);
 * - a SHA256SUMS must be the one a job in its folder wrote (its sha256 is in that job's manifest),
 *   and each of its lines must hold for the file on disk;
 * - a file no manifest in its folder lists is an error (manifests and SHA256SUMS aside);
 * - two jobs giving the same release file (or binary target) different bytes is an error naming
 *   both; the same bytes from two jobs are one file;
 * - darwin/amd64 + darwin/arm64 binaries (and no darwin/universal yet) plan a universal merge;
 * - every manifest comes from this workflow run (`runId`) unless the caller accepts any;
 * - no destination may alias another (case-folded, NFC: one file on macOS and Windows) or lie
 *   inside another (a job putting a file into another job's .app), nor take a name the fan-in
 *   writes itself (SHA256SUMS, the universal binary and its archive).
 * Manifest fields were checked as names and paths by parseManifest (names.ts).
 */
import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import { compareBytes, type ArtifactKind } from '../artifacts/registry.js';
import { CHECKSUMS_FILE } from '../release/checksums.js';
import { aliasKey, checkInputName, findOverlap } from '../system/names.js';
import { isManifestName, parseManifest, type JobManifest, type ManifestFile } from './manifest.js';

/** The input that lets a fan-in take manifests made by another workflow run. */
export const RUN_ID_INPUT = 'release-inputs-run-id';

export interface ScannedFile {
  /** Relative to the working directory, '/'-separated. */
  name: string;
  size: number;
  sha256: string;
  /** The text, for manifests and SHA256SUMS files. */
  text?: string;
}

export interface FanInJob {
  /** The job's label in messages and the summary: its key (with its folder when two share a key). */
  label: string;
  manifestPath: string;
  /** The folder the manifest's paths are relative to ('' = the working directory). */
  folder: string;
  manifest: JobManifest;
}

/** A file a job listed (target, kind, size, sha256), where it is now, and who made it. */
export interface FanInItem extends Omit<ManifestFile, 'path'> {
  /** Relative to output-dir, as the job wrote it. */
  dest: string;
  /** Where it is now, relative to the working directory (a folder for kind app). */
  source: string;
  /** Labels of every job that gave these bytes. */
  jobs: string[];
}

export interface FanInPlan {
  name: string;
  /** From the `app-version` input, else the jobs' manifests; '' when neither says. */
  version: string;
  jobs: FanInJob[];
  /** Sorted by target, then kind, then dest. */
  items: FanInItem[];
  universal: { amd64: FanInItem; arm64: FanInItem } | { skip: string };
}

export interface FanInOptions {
  universal: boolean;
  /** The `name` input ('' = from the manifests). */
  name: string;
  /** The `app-version` input ('' = from the manifests). */
  version: string;
  /** The workflow run every manifest must come from ('' from the CLI); undefined accepts any run. */
  runId?: string;
}

const KIND_ORDER: ArtifactKind[] = ['binary', 'archive', 'package', 'deb', 'rpm', 'app', 'checksums'];

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}
function baseOf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
function at(folder: string, rel: string): string {
  return folder === '' ? rel : `${folder}/${rel}`;
}
const short = (h: string): string => h.slice(0, 12);

/** digestPath()'s rule for a folder (an .app bundle): sha256 of its sha256sum-style listing. */
export function folderDigest(files: ScannedFile[], folder: string): { size: number; sha256: string; count: number } {
  const inside = files.filter((f) => f.name.startsWith(`${folder}/`)).sort((a, b) => compareBytes(a.name, b.name));
  const listing = inside.map((f) => `${f.sha256}  ${f.name.slice(folder.length + 1)}\n`).join('');
  return { size: inside.reduce((n, f) => n + f.size, 0), sha256: createHash('sha256').update(listing).digest('hex'), count: inside.length };
}

/** Parses `sha256sum` output lines ("<hex>  <path>" or "<hex> *<path>"). */
export function parseChecksums(text: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) return undefined;
    out.set(m[2], m[1]);
  }
  return out;
}

export function planFanIn(files: ScannedFile[], opts: FanInOptions): FanInPlan {
  const byName = new Map(files.map((f) => [f.name, f]));
  const manifestFiles = files.filter((f) => isManifestName(baseOf(f.name)));
  if (manifestFiles.length === 0) {
    throw new UserError(
      `release-inputs: found no job manifest (*.manifest.json) among ${files.length} file(s); upload each build job's whole output-dir (go-fyne-action writes <name>_<job>.manifest.json there)`,
    );
  }
  const parsed = manifestFiles.map((f) => ({ f, m: parseManifest(f.text ?? '', f.name) }));
  const keyCount = new Map<string, number>();
  for (const { m } of parsed) keyCount.set(m.job.key, (keyCount.get(m.job.key) ?? 0) + 1);
  const jobs: FanInJob[] = parsed.map(({ f, m }) => {
    const folder = dirOf(f.name);
    return { label: keyCount.get(m.job.key)! > 1 ? `${m.job.key} in ${folder || '.'}` : m.job.key, manifestPath: f.name, folder, manifest: m };
  });
  if (opts.runId !== undefined) {
    const foreign = jobs.find((j) => j.manifest.job.run.id !== opts.runId);
    if (foreign) {
      const id = foreign.manifest.job.run.id;
      const from = id ? `workflow run ${id}` : 'a run outside GitHub Actions (the CLI)';
      const here = opts.runId ? `this run (${opts.runId})` : 'this run (the CLI, no GITHUB_RUN_ID)';
      const fix = id ? `set ${RUN_ID_INPUT}: ${id} to take that run's` : `set ${RUN_ID_INPUT}: any to take them`;
      throw new UserError(
        `release-inputs: ${foreign.manifestPath} (job ${foreign.label}) was made by ${from}, not ${here}; fan in the files of this run, or ${fix}`,
      );
    }
  }

  const problems: string[] = [];
  const claimed = new Set<string>(); // locations (wd-relative) some job lists
  const claimedDirs: string[] = []; // app bundles: everything below is claimed
  const items = new Map<string, FanInItem>(); // by dest
  const binaries = new Map<string, FanInItem>(); // by target

  for (const job of jobs) {
    for (const e of job.manifest.files) {
      const loc = at(job.folder, e.path);
      if (e.kind === 'checksums') continue; // the job's SHA256SUMS: checked below, replaced by one for the release
      const where = `${loc} (job ${job.label})`;
      if (e.kind === 'app') {
        const d = folderDigest(files, loc);
        claimedDirs.push(`${loc}/`);
        if (d.count === 0) problems.push(`${where} is listed in the job's manifest but missing`);
        else if (d.sha256 !== e.sha256)
          problems.push(`${where} does not match the job's manifest: its files hash to ${short(d.sha256)}…, the manifest lists ${short(e.sha256)}…`);
      } else {
        const f = byName.get(loc);
        claimed.add(loc);
        if (!f) problems.push(`${where} is listed in the job's manifest but missing`);
        else if (f.sha256 !== e.sha256 || f.size !== e.size) {
          problems.push(
            `${where} does not match the job's manifest: sha256 ${short(f.sha256)}… (${f.size} bytes) on disk, ${short(e.sha256)}… (${e.size} bytes) listed`,
          );
        }
      }
      const same = items.get(e.path);
      if (same) {
        if (same.sha256 !== e.sha256)
          problems.push(
            `jobs ${same.jobs.join(', ')} and ${job.label} both produced ${e.target || e.path} as ${e.path} with different bytes (sha256 ${short(same.sha256)}… and ${short(e.sha256)}…)`,
          );
        else if (!same.jobs.includes(job.label)) same.jobs.push(job.label);
        continue;
      }
      const item: FanInItem = {
        dest: e.path,
        source: loc,
        target: e.target,
        os: e.os,
        arch: e.arch,
        kind: e.kind,
        size: e.size,
        sha256: e.sha256,
        jobs: [job.label],
      };
      if (e.kind === 'binary') {
        const other = binaries.get(e.target);
        if (other && other.sha256 !== e.sha256) {
          problems.push(`jobs ${other.jobs.join(', ')} and ${job.label} both produced ${e.target} (${other.dest}, ${e.path}) with different bytes`);
          continue;
        }
        binaries.set(e.target, item);
      }
      items.set(e.path, item);
    }
  }

  // SHA256SUMS files: each is one job's (by its sha256 in that job's manifest) and must hold.
  const sumsFiles = files.filter((f) => baseOf(f.name) === CHECKSUMS_FILE);
  for (const s of sumsFiles) {
    const folder = dirOf(s.name);
    const owner = jobs.find(
      (j) => j.folder === folder && j.manifest.files.some((e) => e.kind === 'checksums' && at(folder, e.path) === s.name && e.sha256 === s.sha256),
    );
    if (!owner) {
      problems.push(`${s.name} is not the SHA256SUMS any job's manifest in ${folder || '.'} lists (changed after the build?)`);
      continue;
    }
    const lines = parseChecksums(s.text ?? '');
    if (!lines) {
      problems.push(`${s.name} (job ${owner.label}) is not in sha256sum format`);
      continue;
    }
    for (const [p, sha] of lines) {
      const f = byName.get(at(folder, p));
      if (f && f.sha256 !== sha)
        problems.push(`${f.name} (job ${owner.label}) fails the job's ${CHECKSUMS_FILE}: sha256 ${short(f.sha256)}… on disk, ${short(sha)}… listed`);
    }
  }

  // Every other file must be one some job listed.
  for (const f of files) {
    const base = baseOf(f.name);
    if (isManifestName(base) || base === CHECKSUMS_FILE || claimed.has(f.name) || claimedDirs.some((d) => f.name.startsWith(d))) continue;
    const near = jobs.filter((j) => j.folder === '' || f.name.startsWith(`${j.folder}/`)).map((j) => j.label);
    problems.push(
      `${f.name} is listed by no job's manifest (${near.length > 0 ? `jobs there: ${near.join(', ')}` : `no manifest in ${dirOf(f.name) || '.'}`})`,
    );
  }

  // Destinations: none may alias or nest in another, nor take a name the fan-in writes itself.
  const dests = [...items.keys()];
  const by = (d: string): string => `${d} (job ${items.get(d)!.jobs.join(', ')})`;
  const overlap = findOverlap(dests);
  if (overlap) {
    const [a, b, how] = overlap;
    problems.push(
      how === 'alias'
        ? `${by(b)} and ${by(a)} differ only by case or Unicode normalisation, so they are one file on macOS and Windows; rename one`
        : `${by(b)} lies inside ${by(a)}; one job may not put a file into what another released`,
    );
  }

  // One app, one version.
  let name = opts.name ? checkInputName('name', opts.name) : '';
  if (!name) {
    const names = [...new Set(jobs.map((j) => j.manifest.name))];
    if (names.length > 1) problems.push(`the jobs built different apps (${names.join(', ')}); set name, or fan in one app at a time`);
    name = names[0]!;
  }
  let version = opts.version;
  if (!version) {
    const byVersion = new Map<string, string>();
    for (const j of jobs) if (j.manifest.version && !byVersion.has(j.manifest.version)) byVersion.set(j.manifest.version, j.label);
    if (byVersion.size > 1)
      problems.push(
        `jobs ${[...byVersion.values()].join(' and ')} name different versions (${[...byVersion.keys()].join(', ')}); rebuild them from one commit or tag`,
      );
    version = [...byVersion.keys()][0] ?? '';
  }

  const sorted = [...items.values()].sort(
    (a, b) => compareBytes(a.target, b.target) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compareBytes(a.dest, b.dest),
  );
  const amd64 = binaries.get('darwin/amd64');
  const arm64 = binaries.get('darwin/arm64');
  const merging = opts.universal && !binaries.has('darwin/universal') && amd64 !== undefined && arm64 !== undefined;
  for (const d of dests) {
    const k = aliasKey(d);
    if (k === aliasKey(CHECKSUMS_FILE)) problems.push(`${by(d)} is a name the fan-in writes itself (${CHECKSUMS_FILE}); a job's file may not take it`);
    else if (merging && !d.includes('/') && k.startsWith(aliasKey(`${name}_`)) && k.includes('_darwin_universal'))
      problems.push(`${by(d)} is a name of the universal binary or its archive, which the fan-in makes itself; a job's file may not take it`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 8).join('; ');
    throw new UserError(
      problems.length === 1 ? `release-inputs: ${shown}` : `release-inputs: ${problems.length} problems: ${shown}${problems.length > 8 ? '; …' : ''}`,
    );
  }

  const universal = !opts.universal
    ? { skip: 'skipped: universal is false' }
    : binaries.has('darwin/universal')
      ? { skip: `skipped: job ${binaries.get('darwin/universal')!.jobs.join(', ')} already made darwin/universal` }
      : amd64 && arm64
        ? { amd64, arm64 }
        : { skip: 'skipped: the jobs did not build both darwin/amd64 and darwin/arm64' };
  return { name, version, jobs, items: sorted, universal };
}
