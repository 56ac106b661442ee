/**
 * The artifact registry: every stage that produces a file the user gets (binaries, archives,
 * app bundles, packages, the checksum file) appends an Artifact here. The release stage reads it
 * back to archive, checksum and summarise; the action publishes `toOutput()` as `artifacts`.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';

export type ArtifactKind = 'binary' | 'archive' | 'app' | 'package' | 'deb' | 'rpm' | 'checksums';

/** How a file is signed: Windows Authenticode, an ad hoc macOS code signature, or a Developer ID one (macos-certificate). */
export type Signature = 'authenticode' | 'adhoc' | 'developer-id';

export interface Artifact {
  /** 'linux/amd64', 'darwin/universal', ... ('' for target-less files such as SHA256SUMS). */
  target: string;
  os: string;
  arch: string;
  /** Absolute path (a directory for kind 'app'). */
  path: string;
  /** The file (or bundle directory) name, basename(path). */
  name: string;
  /** Bytes; for a directory the sum of its files. */
  size: number;
  /** Hex sha256 of the file; for a directory see digestPath(). */
  sha256: string;
  kind: ArtifactKind;
  /** How long the build of this target took (binaries only). */
  buildMs?: number;
  /** Set when the file carries a signature we made. */
  signed?: Signature;
  /** A .app whose notarization ticket Apple issued and we stapled into it. */
  notarized?: boolean;
}

/** What the `artifacts` output holds for each entry. */
export interface ArtifactJSON {
  target: string;
  os: string;
  arch: string;
  path: string;
  size: number;
  sha256: string;
  kind: ArtifactKind;
  /** Only present for signed files. */
  signed?: Signature;
  /** Only present (true) for a notarized .app with its ticket stapled. */
  notarized?: true;
}

export class ArtifactRegistry {
  private readonly items: Artifact[] = [];

  add(artifact: Artifact): Artifact {
    const dup = this.items.findIndex((a) => a.path === artifact.path);
    if (dup >= 0) this.items.splice(dup, 1); // re-registering a path replaces it
    this.items.push(artifact);
    return artifact;
  }

  /** In insertion order, optionally only some kinds. */
  list(...kinds: ArtifactKind[]): Artifact[] {
    return kinds.length === 0 ? [...this.items] : this.items.filter((a) => kinds.includes(a.kind));
  }

  toJSON(): ArtifactJSON[] {
    return this.items.map(({ target, os, arch, path, size, sha256, kind, signed, notarized }) => ({
      target,
      os,
      arch,
      path,
      size,
      sha256,
      kind,
      ...(signed ? { signed } : {}),
      ...(notarized ? { notarized: true as const } : {}),
    }));
  }

  /** The `artifacts` output: a JSON array. */
  toOutput(): string {
    return JSON.stringify(this.toJSON());
  }
}

/** Splits 'linux/amd64' into its parts. */
export function splitTarget(target: string): { os: string; arch: string } {
  const [os = '', arch = ''] = target.split('/');
  return { os, arch };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every regular file under dir, as paths relative to dir with '/' separators, sorted bytewise. */
export async function listFilesRecursive(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const ent of await readdir(d, { withFileTypes: true })) {
      const full = join(d, ent.name);
      if (ent.isDirectory()) await walk(full);
      else if (ent.isFile()) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  await walk(dir);
  return out.sort(compareBytes);
}

export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Size and digest of a path. A file: its sha256. A directory (an .app bundle): the sha256 of the
 * `sha256sum`-style listing of its files (relative paths, sorted), so it changes when any file does.
 */
export async function digestPath(path: string): Promise<{ size: number; sha256: string }> {
  const st = await stat(path);
  if (!st.isDirectory()) return { size: st.size, sha256: await sha256File(path) };
  let size = 0;
  let listing = '';
  for (const rel of await listFilesRecursive(path)) {
    const full = join(path, ...rel.split('/'));
    size += (await stat(full)).size;
    listing += `${await sha256File(full)}  ${rel}\n`;
  }
  return { size, sha256: createHash('sha256').update(listing).digest('hex') };
}

/** Builds an Artifact for a file or directory on disk, hashing it. */
export async function artifactFromPath(path: string, fields: { target: string; kind: ArtifactKind; buildMs?: number }): Promise<Artifact> {
  const { size, sha256 } = await digestPath(path);
  const { os, arch } = splitTarget(fields.target);
  const a: Artifact = { target: fields.target, os, arch, path, name: basename(path), size, sha256, kind: fields.kind };
  if (fields.buildMs !== undefined) a.buildMs = fields.buildMs;
  return a;
}
