/**
 * Resolves `archive-files` patterns relative to the working directory: literal paths, and globs
 * with `*`, `?`, `[...]` within a path segment and `**` across segments. Hidden files match only
 * when the pattern segment starts with '.'. Results never leave the working directory.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { compareBytes } from './artifacts.js';

export interface ResolvedFile {
  /** Absolute path on disk. */
  source: string;
  /** '/'-separated path relative to the working directory (the name inside the archive). */
  name: string;
}

const MAGIC = /[*?[]/;

export function segmentToRegExp(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = seg.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Normalizes one pattern; throws UserError when it is absolute or climbs out with '..'. */
export function normalizePattern(pattern: string, input = 'archive-files'): string[] {
  const p = pattern.trim().replace(/\\/g, '/');
  const problem = p === '' ? 'is empty' : p.startsWith('/') || /^[A-Za-z]:/.test(p) ? 'is absolute' : undefined;
  const segs = p.split('/').filter((s) => s !== '' && s !== '.');
  if (problem || segs.includes('..') || segs.length === 0) {
    throw new UserError(
      `input "${input}": ${JSON.stringify(pattern)} ${problem ?? 'leaves the working directory'}; use paths or globs relative to the working directory`,
    );
  }
  return segs;
}

async function expand(root: string, rel: string[], segs: string[], out: Map<string, ResolvedFile>): Promise<void> {
  const dir = join(root, ...rel);
  if (segs.length === 0) {
    const st = await stat(dir).catch(() => undefined);
    if (st?.isFile()) out.set(rel.join('/'), { source: dir, name: rel.join('/') });
    else if (st?.isDirectory()) {
      for (const ent of await readdir(dir)) await expand(root, [...rel, ent], [], out);
    }
    return;
  }
  const [seg, ...rest] = segs as [string, ...string[]];
  if (seg === '**') {
    await expand(root, rel, rest, out); // zero segments
    const ents = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const ent of ents) if (ent.isDirectory() && !ent.name.startsWith('.')) await expand(root, [...rel, ent.name], segs, out);
    return;
  }
  if (!MAGIC.test(seg)) {
    await expand(root, [...rel, seg], rest, out);
    return;
  }
  const re = segmentToRegExp(seg);
  const ents = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const ent of ents) {
    if (ent.name.startsWith('.') && !seg.startsWith('.')) continue;
    if (re.test(ent.name)) await expand(root, [...rel, ent.name], rest, out);
  }
}

/**
 * Every file the patterns name (a directory contributes its files), deduplicated and sorted.
 * A pattern that matches nothing is an error naming it.
 */
export async function resolveArchiveFiles(patterns: string[], cwd: string, input = 'archive-files'): Promise<ResolvedFile[]> {
  const all = new Map<string, ResolvedFile>();
  for (const pattern of patterns) {
    const segs = normalizePattern(pattern, input);
    const found = new Map<string, ResolvedFile>();
    await expand(cwd, [], segs, found);
    if (found.size === 0) {
      const what = segs.some((s) => MAGIC.test(s)) ? 'matches no file' : 'does not exist';
      throw new UserError(`input "${input}": ${JSON.stringify(pattern)} ${what} in ${cwd}; list files relative to the working directory${input === 'archive-files' ? ', e.g. README.md, LICENSE' : ''}`);
    }
    for (const [k, v] of found) all.set(k, v);
  }
  return [...all.values()].sort((a, b) => compareBytes(a.name, b.name));
}

/** Splits the input's text (newlines or commas) into patterns. */
export function parseFileList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}
