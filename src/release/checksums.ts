/**
 * SHA256SUMS in the output directory, in `sha256sum -c` format ("<hex>  <path>"), one line per
 * released file with '/'-separated paths relative to the output directory, sorted bytewise. A
 * folder (an .app bundle) is not listed: it cannot be uploaded or attached to a release as it
 * is, so its released form is its `.app.zip` (src/release/app-zip.ts), which is listed; a line
 * for a file inside the folder would fail `sha256sum -c` in what a user downloads.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { artifactFromPath, compareBytes, sha256File, type Artifact } from '../artifacts/registry.js';
import { WriteRoot } from '../system/confine.js';

export const CHECKSUMS_FILE = 'SHA256SUMS';

export interface ChecksumLine {
  /** Relative to the output directory, '/'-separated. */
  path: string;
  sha256: string;
}

/** Pure: the file's text. Rejects names sha256sum would have to escape. */
export function renderChecksums(lines: ChecksumLine[]): string {
  const unique = new Map<string, string>();
  for (const l of lines) {
    if (/[\n\r\\]/.test(l.path)) throw new Error(`cannot list ${JSON.stringify(l.path)} in ${CHECKSUMS_FILE}: newline or backslash in the name`);
    if (!/^[0-9a-f]{64}$/.test(l.sha256)) throw new Error(`bad sha256 for ${l.path}`);
    unique.set(l.path, l.sha256);
  }
  return [...unique.keys()]
    .sort(compareBytes)
    .map((p) => `${unique.get(p)}  ${p}\n`)
    .join('');
}

function relativeInside(outputDir: string, path: string): string {
  const rel = relative(outputDir, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new Error(`${path} is not inside the output directory ${outputDir}; checksums cover only released files there`);
  }
  return rel.split(sep).join('/');
}

/** The lines for these artifacts (hashing directory contents; files reuse their recorded digest). */
async function checksumLines(outputDir: string, artifacts: Artifact[]): Promise<ChecksumLine[]> {
  const lines: ChecksumLine[] = [];
  for (const a of artifacts) {
    if (a.kind === 'checksums') continue;
    const rel = relativeInside(outputDir, a.path);
    if ((await stat(a.path)).isDirectory()) continue; // released as its .app.zip
    lines.push({ path: rel, sha256: /^[0-9a-f]{64}$/.test(a.sha256) ? a.sha256 : await sha256File(a.path) });
  }
  return lines;
}

/**
 * Writes <outputDir>/SHA256SUMS through a WriteRoot on output-dir (temp file + rename: a link
 * already at the name is replaced, never followed) and returns its artifact (kind 'checksums').
 */
export async function writeChecksums(outputDir: string, artifacts: Artifact[]): Promise<Artifact> {
  const text = renderChecksums(await checksumLines(outputDir, artifacts));
  const root = await WriteRoot.create(outputDir, 'output-dir');
  const dest = await root.write(CHECKSUMS_FILE, text, { mode: 0o644 });
  const a = await artifactFromPath(dest, { target: '', kind: 'checksums' });
  return { ...a, sha256: createHash('sha256').update(text).digest('hex') };
}
