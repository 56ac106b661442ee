/**
 * actions/upload-artifact and actions/download-artifact as a workflow sees them, for tests that
 * run a README workflow: upload expands `path` with @actions/glob (the library upload-artifact
 * uses: one pattern a line, `!` excludes, a folder brings its contents) and stores each file
 * relative to the least common ancestor of the search paths, keeping bytes only (an artifact
 * is a zip without Unix modes); download writes every file 0644 (folders 0755), into
 * `<path>/<artifact name>/` or, with `merge-multiple`, all into `<path>/` (a later artifact's file
 * of the same name overwrites an earlier one's).
 */
import { create } from '@actions/glob';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface Artifact {
  name: string;
  files: { path: string; bytes: Buffer }[];
}

/** The artifact store of one workflow run, in upload order. */
export class ArtifactStore {
  readonly artifacts: Artifact[] = [];

  /** upload-artifact with `name` and `path` (a multi-line pattern list), relative to `workspace`. */
  async upload(name: string, pathInput: string, workspace: string): Promise<Artifact> {
    if (this.artifacts.some((a) => a.name === name)) throw new Error(`upload-artifact: an artifact named ${name} exists (409 Conflict)`);
    const lines = pathInput
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const neg = l.startsWith('!');
        const p = neg ? l.slice(1) : l;
        return `${neg ? '!' : ''}${isAbsolute(p) ? p : join(workspace, p)}`;
      });
    const globber = await create(lines.join('\n'), { implicitDescendants: true });
    const files = (await globber.glob()).filter((f) => statSync(f).isFile()).sort();
    if (files.length === 0) throw new Error(`upload-artifact: no files were found with the provided path: ${pathInput}`);
    const root = commonAncestor(globber.getSearchPaths().map((p) => (statSync(p, { throwIfNoEntry: false })?.isFile() ? dirname(p) : p)));
    const artifact = { name, files: files.map((f) => ({ path: relative(root, f), bytes: readFileSync(f) })) };
    this.artifacts.push(artifact);
    return artifact;
  }

  /** download-artifact with `pattern`, `path` and `merge-multiple`; returns the folders written. */
  download(opts: { pattern?: string; name?: string; path: string; mergeMultiple: boolean }, workspace: string): string[] {
    const dest = resolve(workspace, opts.path);
    const wanted = opts.name !== undefined ? (n: string) => n === opts.name : globMatcher(opts.pattern ?? '*');
    const chosen = this.artifacts.filter((a) => wanted(a.name));
    const folders = new Set<string>();
    for (const a of chosen) {
      const base = opts.mergeMultiple || opts.name !== undefined ? dest : join(dest, a.name);
      folders.add(base);
      for (const f of a.files) {
        const to = join(base, f.path);
        mkdirSync(dirname(to), { recursive: true, mode: 0o755 });
        writeFileSync(to, f.bytes, { mode: 0o644 });
      }
    }
    return [...folders];
  }
}

function commonAncestor(paths: string[]): string {
  const parts = paths.map((p) => resolve(p).split(sep));
  const out: string[] = [];
  for (let i = 0; parts.every((p) => i < p.length && p[i] === parts[0][i]); i++) out.push(parts[0][i]);
  return out.join(sep) || sep;
}

/** A minimatch-style name pattern (`*`, `?`), as download-artifact's `pattern` is used on artifact names. */
function globMatcher(pattern: string): (name: string) => boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return (name) => re.test(name);
}
