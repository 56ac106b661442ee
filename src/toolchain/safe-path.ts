/**
 * Where an archive entry may land. Refuses anything that would escape the destination folder:
 * absolute paths, drive letters, `..` segments, backslash tricks, NUL bytes.
 */
import { isAbsolute, join, normalize, sep } from 'node:path';

export class UnsafeEntryError extends Error {
  override name = 'UnsafeEntryError';
}

/** Returns the entry's path below `dest`, or throws UnsafeEntryError. `name` uses `/`. */
export function safeJoin(dest: string, name: string): string {
  if (name.includes('\0')) throw new UnsafeEntryError(`archive entry ${JSON.stringify(name)} has a NUL byte`);
  if (name.includes('\\')) throw new UnsafeEntryError(`archive entry ${JSON.stringify(name)} has a backslash`);
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || isAbsolute(name)) {
    throw new UnsafeEntryError(`archive entry ${JSON.stringify(name)} is an absolute path`);
  }
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) throw new UnsafeEntryError(`archive entry ${JSON.stringify(name)} climbs out of its folder with ..`);
  const full = normalize(join(dest, ...parts));
  const root = normalize(dest.endsWith(sep) ? dest : dest + sep);
  if (full !== normalize(dest) && !full.startsWith(root)) throw new UnsafeEntryError(`archive entry ${JSON.stringify(name)} escapes its folder`);
  return full;
}

/** Checks that a symlink at `entry` (relative name) pointing at `target` stays inside the folder. */
export function checkLinkTarget(entryName: string, target: string): void {
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target) || target.includes('\\') || target.includes('\0')) {
    throw new UnsafeEntryError(`archive link ${JSON.stringify(entryName)} -> ${JSON.stringify(target)} points outside its folder`);
  }
  const depth = entryName.split('/').filter((p) => p !== '' && p !== '.').length - 1;
  let level = depth;
  for (const p of target.split('/')) {
    if (p === '' || p === '.') continue;
    level += p === '..' ? -1 : 1;
    if (level < 0) throw new UnsafeEntryError(`archive link ${JSON.stringify(entryName)} -> ${JSON.stringify(target)} points outside its folder`);
  }
}
