/**
 * The go.dev/dl release index (`<base>/?mode=json&include=all`): parsing and choosing the
 * archive for an os/arch. Pure.
 */
import type { GoArch, GoOS } from '../host.js';
import type { Available } from './spec.js';
import { parseGoVersion, type GoVersion } from './version.js';

export interface DlFile {
  filename: string;
  os: string;
  arch: string;
  version: string;
  sha256: string;
  size: number;
  kind: string;
}

export interface DlRelease {
  version: string;
  stable: boolean;
  files: DlFile[];
}

export function indexUrl(base: string): string {
  return `${base.replace(/\/+$/, '')}/?mode=json&include=all`;
}

export function fileUrl(base: string, filename: string): string {
  return `${base.replace(/\/+$/, '')}/${encodeURIComponent(filename)}`;
}

/** A JSON value as parsed: an object whose fields are not checked yet, or anything else. */
type Unchecked = Partial<Record<string, unknown>> | null;

/** Validates the index's shape; entries that are not usable are dropped, not fatal. */
export function parseDlIndex(text: string): DlRelease[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`the download index is not JSON (${(e as Error).message})`, { cause: e });
  }
  if (!Array.isArray(data)) throw new Error('the download index is not a JSON array of releases');
  const out: DlRelease[] = [];
  for (const r of data as Unchecked[]) {
    if (!r || typeof r.version !== 'string' || !Array.isArray(r.files)) continue;
    // a file needs its filename and a sha256; its other fields are taken as given
    const files: DlFile[] = (r.files as Unchecked[]).filter(
      (f): f is Unchecked & DlFile => !!f && typeof f.filename === 'string' && typeof f.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(f.sha256),
    );
    out.push({ version: r.version, stable: r.stable === true, files });
  }
  return out;
}

/** The installable archive (.tar.gz, or .zip on Windows) of a release for os/arch. */
export function archiveFile(release: DlRelease, os: GoOS, arch: GoArch): DlFile | undefined {
  const ext = os === 'windows' ? '.zip' : '.tar.gz';
  return release.files.find((f) => f.kind === 'archive' && f.os === os && f.arch === arch && f.filename.endsWith(ext));
}

export interface DlCandidate extends Available {
  file: DlFile;
}

/** The releases that have an archive for os/arch, with their parsed versions. */
export function dlCandidates(index: DlRelease[], os: GoOS, arch: GoArch): DlCandidate[] {
  const out: DlCandidate[] = [];
  for (const r of index) {
    const v: GoVersion | undefined = parseGoVersion(r.version);
    const file = archiveFile(r, os, arch);
    if (v && file) out.push({ version: v, stable: r.stable, file });
  }
  return out;
}
