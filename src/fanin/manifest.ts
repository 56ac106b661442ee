/**
 * The per-job manifest: every build job writes `<name>_<job-key>.manifest.json` into its
 * output-dir beside SHA256SUMS. Its name is unique per job (GITHUB_JOB, the runner's os/arch and
 * the targets the job released), so when actions/download-artifact merges every job's files into
 * one folder (merge-multiple), each job's manifest survives while the SHA256SUMS files overwrite
 * one another. A fan-in step (`release-inputs`) verifies every file against the manifest of the
 * job that made it.
 *
 * Format (JSON, schema "go-fyne-action/job-manifest@1"):
 *   { schema, name, version,
 *     job: { key, id, runner: { os, arch }, targets: [os/arch...], run: { id, attempt } },
 *     files: [ { path, target, os, arch, kind, size, sha256 } ] }
 * `files` is the job's `artifacts` output with paths relative to output-dir ('/'-separated);
 * the job's SHA256SUMS is listed too (kind checksums); the manifest itself is not. `job.run.id`
 * is the workflow run (GITHUB_RUN_ID) that made it ('' from the CLI); a fan-in takes only its own
 * run's manifests unless `release-inputs-run-id` names another.
 *
 * A manifest is another job's word, so every field that becomes a path or a name is checked
 * where it is parsed (names.ts): `name` as a file name, `version` as a version, each file path
 * as a relative path of plain names, each target against the known ports (compile/targets.ts).
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { UserError } from '../errors.js';
import type { Artifact, ArtifactKind } from '../artifacts/registry.js';
import { KNOWN_TARGETS } from '../compile/targets.js';
import { checkName, checkRelPath } from '../system/names.js';
import { WriteRoot } from '../system/confine.js';
import type { Host } from '../host.js';

export const MANIFEST_SCHEMA = 'go-fyne-action/job-manifest@1';
export const MANIFEST_SUFFIX = '.manifest.json';
const KINDS: readonly ArtifactKind[] = ['binary', 'archive', 'app', 'package', 'deb', 'rpm', 'checksums'];

export interface ManifestFile {
  /** Relative to the job's output-dir, '/'-separated. */
  path: string;
  target: string;
  os: string;
  arch: string;
  kind: ArtifactKind;
  size: number;
  sha256: string;
}

export interface JobIdentity {
  /** Unique per matrix job: `<GITHUB_JOB>_<runner os>-<runner arch>_<targets>`. */
  key: string;
  /** GITHUB_JOB ('local' from the CLI). */
  id: string;
  runner: Host;
  /** The targets the job released (os/arch, sorted), darwin/universal included. */
  targets: string[];
  run: { id: string; attempt: string };
}

export interface JobManifest {
  schema: typeof MANIFEST_SCHEMA;
  name: string;
  /** The release version in archive names ('' when the job made no archive). */
  version: string;
  job: JobIdentity;
  files: ManifestFile[];
}

/** `build_linux-amd64_linux-amd64+windows-amd64`; long target lists become a count and a hash. */
export function jobKey(job: string, runner: Host, targets: string[]): string {
  const id = job.replace(/[^A-Za-z0-9_.-]+/g, '-') || 'job';
  let t = targets.map((x) => x.replace('/', '-')).join('+') || 'none';
  if (t.length > 120) t = `${targets.length}-targets-${createHash('sha256').update(targets.join(',')).digest('hex').slice(0, 12)}`;
  return `${id}_${runner.os}-${runner.arch}_${t}`;
}

export function manifestFileName(name: string, key: string): string {
  return `${name}_${key}${MANIFEST_SUFFIX}`;
}

export function isManifestName(fileName: string): boolean {
  return fileName.endsWith(MANIFEST_SUFFIX);
}

function relativeInside(outputDir: string, path: string): string {
  const rel = relative(outputDir, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new Error(`${path} is not inside the output directory ${outputDir}`);
  return rel.split(sep).join('/');
}

/** Pure: the manifest of one job's released files. */
export function buildManifest(o: { name: string; version: string; env: NodeJS.ProcessEnv; host: Host; outputDir: string; artifacts: Artifact[] }): JobManifest {
  const targets = [...new Set(o.artifacts.filter((a) => a.kind === 'binary').map((a) => a.target))].sort();
  const id = o.env.GITHUB_JOB?.trim() || 'local';
  return {
    schema: MANIFEST_SCHEMA,
    name: o.name,
    version: o.version,
    job: {
      key: jobKey(id, o.host, targets),
      id,
      runner: { os: o.host.os, arch: o.host.arch },
      targets,
      run: { id: o.env.GITHUB_RUN_ID ?? '', attempt: o.env.GITHUB_RUN_ATTEMPT ?? '' },
    },
    files: o.artifacts.map((a) => ({
      path: relativeInside(o.outputDir, a.path),
      target: a.target,
      os: a.os,
      arch: a.arch,
      kind: a.kind,
      size: a.size,
      sha256: a.sha256,
    })),
  };
}

export function renderManifest(m: JobManifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

/** Writes the manifest into outputDir (a temp file renamed into place: a link at the name is replaced, never followed); returns its path. */
export async function writeManifest(outputDir: string, m: JobManifest): Promise<string> {
  const file = checkName(manifestFileName(m.name, m.job.key), 'the job manifest', 'file');
  const out = await WriteRoot.create(outputDir, 'output-dir');
  return out.write(file, renderManifest(m), { mode: 0o644 });
}

/** A JSON object as parsed, before its fields are checked. */
type Unchecked<T> = { [K in keyof T]?: unknown };

/** Parses and checks a manifest's text; `where` names the file in errors. */
export function parseManifest(text: string, where: string): JobManifest {
  const bad = (what: string): UserError =>
    new UserError(`release-inputs: ${where} is not a go-fyne-action job manifest (${what}); upload each build job's output-dir as go-fyne-action wrote it`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw bad('not JSON');
  }
  if (typeof v !== 'object' || v === null) throw bad(`schema is not ${MANIFEST_SCHEMA}`);
  const m = v as Unchecked<JobManifest>;
  if (m.schema !== MANIFEST_SCHEMA) throw bad(`schema is not ${MANIFEST_SCHEMA}`);
  if (typeof m.name !== 'string' || m.name === '' || typeof m.version !== 'string') throw bad('no name or version');
  const j = m.job as Unchecked<JobIdentity> | null | undefined;
  if (!j || typeof j.key !== 'string' || !/^[A-Za-z0-9_.+-]+$/.test(j.key) || typeof j.id !== 'string' || !j.runner || !Array.isArray(j.targets))
    throw bad('no job identity');
  const run = j.run as Unchecked<JobIdentity['run']> | null | undefined;
  if (!run || typeof run.id !== 'string' || typeof run.attempt !== 'string') throw bad('no workflow run');
  if (!Array.isArray(m.files)) throw bad('no files');
  for (const f of m.files as (Unchecked<ManifestFile> | null)[]) {
    const ok =
      typeof f === 'object' &&
      f !== null &&
      typeof f.path === 'string' &&
      typeof f.target === 'string' &&
      typeof f.os === 'string' &&
      typeof f.arch === 'string' &&
      KINDS.some((k) => k === f.kind) &&
      typeof f.size === 'number' &&
      Number.isSafeInteger(f.size) &&
      f.size >= 0 &&
      typeof f.sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(f.sha256);
    if (!ok) throw bad(`bad file entry ${JSON.stringify(f).slice(0, 120)}`);
  }
  const manifest = v as JobManifest;
  checkFields(manifest, `release-inputs: ${where}`);
  return manifest;
}

/** Os/arch pairs a file may be released for: the known ports and the universal macOS binary. */
const RELEASE_TARGETS: ReadonlySet<string> = new Set([...KNOWN_TARGETS.map((t) => `${t.os}/${t.arch}`), 'darwin/universal']);

/** The fields that become paths or names, each checked as names.ts says; throws one line naming the manifest and field. */
function checkFields(m: JobManifest, at: string): void {
  checkName(m.name, `${at}: name`, 'file');
  if (m.version !== '') checkName(m.version, `${at}: version`, 'version');
  for (const f of m.files) {
    checkRelPath(f.path, `${at}: file path`);
    const file = `${at}: file ${JSON.stringify(f.path)}`;
    if (f.kind === 'checksums') {
      if (f.target !== '' || f.os !== '' || f.arch !== '')
        throw new UserError(`${file} is a checksums file with target ${JSON.stringify(f.target)}; a job's SHA256SUMS has no target`);
      continue;
    }
    if (!RELEASE_TARGETS.has(f.target))
      throw new UserError(
        `${file} has target ${JSON.stringify(f.target)}, which is not an os/arch pair Go can build; use a pair of go tool dist list, or darwin/universal`,
      );
    if (`${f.os}/${f.arch}` !== f.target)
      throw new UserError(
        `${file} has os ${JSON.stringify(f.os)} and arch ${JSON.stringify(f.arch)}, which disagree with its target ${f.target}; upload the manifest as go-fyne-action wrote it`,
      );
  }
}
