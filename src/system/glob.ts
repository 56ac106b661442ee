/**
 * File patterns, with @actions/glob: the syntax users know from actions/cache and `hashFiles`
 * (`*`, `?`, `[...]`, `**`; a folder stands for everything below it; hidden files match too).
 * Patterns are relative to a root folder and may not be absolute or climb out with `..`; each
 * pattern must match at least one file. Matches are files only, sorted, deduplicated.
 *
 * @actions/glob (with minimatch and brace-expansion, ~85 kB bundled) is imported on the first
 * pattern, not at start: most runs give no pattern input, and every step parses what its start
 * imports (issue 20 item 4; scripts/bench/install.mjs).
 */
import { relative, sep } from 'node:path';
import { inputError } from '../errors.js';
import { compareBytes } from '../artifacts/registry.js';
import { isFile } from './fs.js';
import { ConfineError, type ReadRoot } from './confine.js';

export interface ResolvedFile {
  /** Absolute path on disk. */
  source: string;
  /** '/'-separated path relative to the root (the name inside an archive). */
  name: string;
}

/** The pattern's segments; throws a UserError when it is absolute or climbs out with `..`. */
export function normalizePattern(pattern: string, input: string): string[] {
  const p = pattern.trim().replace(/\\/g, '/');
  const problem =
    p === '' ? 'is empty' : p.startsWith('/') || /^[A-Za-z]:/.test(p) ? 'is absolute' : p.startsWith('!') ? 'is a negation, which is not supported' : undefined;
  const segs = p.split('/').filter((s) => s !== '' && s !== '.');
  if (problem || segs.includes('..') || segs.length === 0) {
    throw inputError(input, pattern, problem ?? 'leaves the working directory', 'use paths or globs relative to the working directory');
  }
  return segs;
}

/** A literal path as a glob (as @actions/glob escapes process.cwd() itself). */
function globEscape(s: string): string {
  return (sep === '\\' ? s : s.replace(/\\/g, '\\\\'))
    .replace(/(\[)(?=[^/]+\])/g, '[[]')
    .replace(/\?/g, '[?]')
    .replace(/\*/g, '[*]');
}

/**
 * Every file the patterns match below `root`. A pattern that matches nothing is an error naming
 * `input` and the pattern. With `confine` (a ReadRoot on `root`), every match is checked as a
 * read of a repository file: a link leading out of it or into .git, or anything but a regular
 * file, is a one-line ConfineError naming `input` and the match; `source` is then the real path
 * the check resolved (what the release reads), `name` the path as matched.
 */
export async function matchFiles(patterns: readonly string[], root: string, input: string, confine?: ReadRoot): Promise<ResolvedFile[]> {
  const all = new Map<string, ResolvedFile>();
  for (const pattern of patterns) {
    const segs = normalizePattern(pattern, input);
    const { create } = await import('@actions/glob');
    const globber = await create(`${globEscape(root)}/${segs.join('/')}`, { matchDirectories: false, implicitDescendants: true, followSymbolicLinks: true });
    let found = 0;
    for (const match of await globber.glob()) {
      const name = relative(root, match).split(sep).join('/');
      let source = match;
      if (confine) {
        try {
          source = await confine.locate(name, `input "${input}"`, { kind: 'file' });
        } catch (err) {
          if (err instanceof ConfineError && err.reason === 'missing') continue; // a dangling link: no file
          throw err;
        }
      } else if (!(await isFile(match))) continue;
      all.set(name, { source, name });
      found++;
    }
    if (found === 0) {
      const what = /[*?[]/.test(pattern) ? 'matches no file' : 'names no file';
      throw inputError(input, pattern, `${what} in ${root}`, 'use paths or globs of existing files relative to the working directory');
    }
  }
  return [...all.values()].sort((a, b) => compareBytes(a.name, b.name));
}
