/**
 * The one home for where an archive entry may land, for tar and zip alike.
 *
 * Names: absolute paths, drive letters, `..` segments, backslashes and NUL bytes are refused.
 * Links: the destination is a fresh folder, so `ExtractTree` keeps an in-memory record, in
 * archive order, of everything the extraction created there, and resolves every entry's parent
 * against it. Nothing is ever written, created or linked through a symlink the archive made;
 * a file or link that replaces an earlier entry removes it first and is then created exclusively
 * (O_EXCL), so the last component is never followed either; a directory entry over a symlink
 * replaces the symlink; hardlinks may only name regular files already extracted; and every
 * symlink must resolve inside the destination against the finished tree. Directories are made
 * one level at a time without `recursive`, so anything not in the record (a case-folding alias
 * on macOS, say) makes the extraction fail instead of being followed.
 */
import { link, mkdir, rm, symlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export class UnsafeEntryError extends Error {
  override name = 'UnsafeEntryError';
}

const show = (s: string) => JSON.stringify(s);

/**
 * Splits an entry name (`/`-separated) into its segments, or throws UnsafeEntryError.
 * `strict` (module zips, as golang.org/x/mod/zip): empty and `.` segments and control
 * characters are refused too; otherwise they are skipped.
 */
export function entrySegments(name: string, opts: { strict?: boolean } = {}): string[] {
  const bad = (why: string) => new UnsafeEntryError(`archive entry ${show(name)} ${why}; refusing to extract`);
  if (name.includes('\0')) throw bad('has a NUL byte');
  if (name.includes('\\')) throw bad('has a backslash');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw bad('is an absolute path');
  const raw = name.replace(/\/$/, '').split('/');
  if (raw.includes('..')) throw bad('climbs out of its folder with ..');
  if (opts.strict) {
    if (raw.some((p) => p === '' || p === '.')) throw bad('is not a clean path');
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    if (/[\u0000-\u001f]/.test(name)) throw bad('has a control character');
  }
  return raw.filter((p) => p !== '' && p !== '.');
}

function linkOutside(entryName: string, target: string): UnsafeEntryError {
  return new UnsafeEntryError(`archive link ${show(entryName)} -> ${show(target)} points outside its folder; refusing to extract`);
}

/** Checks, as text, that a symlink at `entryName` pointing at `target` stays inside the folder. */
export function checkLinkTarget(entryName: string, target: string): void {
  if (target === '' || target.startsWith('/') || /^[A-Za-z]:/.test(target) || target.includes('\\') || target.includes('\0')) {
    throw linkOutside(entryName, target);
  }
  let level = entryName.split('/').filter((p) => p !== '' && p !== '.').length - 1;
  for (const p of target.split('/')) {
    if (p === '' || p === '.') continue;
    level += p === '..' ? -1 : 1;
    if (level < 0) throw linkOutside(entryName, target);
  }
}

type Kind = 'dir' | 'file' | 'symlink';

/** What an extraction created in its (fresh) destination, and the only way it touches it. */
export class ExtractTree {
  private readonly kinds = new Map<string, Kind>([['', 'dir']]);
  private readonly links = new Map<string, { name: string; target: string }>();
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(readonly dest: string) {}

  /** Creates the destination itself: its parents may exist, it must not (the record starts empty). */
  async init(): Promise<void> {
    await mkdir(join(this.dest, '..'), { recursive: true });
    await mkdir(this.dest);
  }

  abs(segs: string[]): string {
    return segs.length === 0 ? this.dest : join(this.dest, ...segs);
  }

  /** Makes every parent of `segs` a directory this extraction created; refuses links and files in the way. */
  private async parents(segs: string[], name: string): Promise<void> {
    for (let i = 1; i < segs.length; i++) {
      const key = segs.slice(0, i).join('/');
      const kind = this.kinds.get(key);
      if (kind === 'dir') continue;
      if (kind === 'symlink') {
        throw new UnsafeEntryError(`archive entry ${show(name)} would be written through the link ${show(key)} the archive made; refusing to extract`);
      }
      if (kind === 'file')
        throw new UnsafeEntryError(`archive entry ${show(name)} needs ${show(key)} to be a folder, but the archive made it a file; refusing to extract`);
      await mkdir(this.abs(segs.slice(0, i)));
      this.kinds.set(key, 'dir');
    }
  }

  /** Removes an earlier file or link at `key` (after its write finished), so nothing follows it. */
  private async clear(segs: string[], name: string): Promise<void> {
    const key = segs.join('/');
    const kind = this.kinds.get(key);
    if (kind === undefined) return;
    if (kind === 'dir') throw new UnsafeEntryError(`archive entry ${show(name)} would replace the folder ${show(key)}; refusing to extract`);
    await this.writes.get(key)?.catch(() => undefined);
    this.writes.delete(key);
    this.links.delete(key);
    await unlink(this.abs(segs));
    this.kinds.delete(key);
  }

  /** A directory entry. A symlink there is replaced by a real folder, never followed. */
  async dir(segs: string[], name: string): Promise<void> {
    await this.parents(segs, name);
    const key = segs.join('/');
    if (this.kinds.get(key) === 'dir') return;
    if (this.kinds.get(key) === 'file')
      throw new UnsafeEntryError(`archive entry ${show(name)} is a folder where the archive already made a file; refusing to extract`);
    await this.clear(segs, name);
    await mkdir(this.abs(segs));
    this.kinds.set(key, 'dir');
  }

  /**
   * Prepares a regular file entry: parents made, any earlier file or link there removed.
   * Returns the path, which the caller must create exclusively ('wx'); `track` its write.
   */
  async file(segs: string[], name: string): Promise<string> {
    if (segs.length === 0) throw new UnsafeEntryError(`archive entry ${show(name)} is a file in place of the destination; refusing to extract`);
    await this.parents(segs, name);
    await this.clear(segs, name);
    this.kinds.set(segs.join('/'), 'file');
    return this.abs(segs);
  }

  /** Records the write of a file made by `file()`; replacing or linking it waits for this. */
  track(segs: string[], write: Promise<unknown>): void {
    this.writes.set(segs.join('/'), write);
  }

  async symlink(segs: string[], name: string, target: string): Promise<void> {
    checkLinkTarget(name, target);
    const path = await this.file(segs, name);
    this.kinds.set(segs.join('/'), 'symlink');
    this.links.set(segs.join('/'), { name, target });
    await symlink(target, path);
  }

  /** A hardlink to `targetSegs`, which must be a regular file this extraction already made. */
  async hardlink(segs: string[], name: string, targetSegs: string[], targetName: string): Promise<void> {
    const key = targetSegs.join('/');
    for (let i = 1; i < targetSegs.length; i++) {
      if (this.kinds.get(targetSegs.slice(0, i).join('/')) !== 'dir') {
        throw new UnsafeEntryError(`archive hardlink ${show(name)} -> ${show(targetName)} does not name a file extracted before it; refusing to extract`);
      }
    }
    if (this.kinds.get(key) !== 'file') {
      throw new UnsafeEntryError(`archive hardlink ${show(name)} -> ${show(targetName)} does not name a file extracted before it; refusing to extract`);
    }
    await this.writes.get(key);
    if (key === segs.join('/')) return; // a link to itself: the file is already there
    const path = await this.file(segs, name);
    await link(this.abs(targetSegs), path);
  }

  /** After the last entry: every symlink must resolve inside the destination in the finished tree. */
  verifyLinks(): void {
    for (const [key, { name, target }] of this.links) {
      if (!this.followed(key.split('/').slice(0, -1), target, 0)) throw linkOutside(name, target);
    }
  }

  /** Where `target`, read from folder `dir`, leads in the recorded tree; undefined if it leaves it (or loops). */
  private followed(dir: string[], target: string, hops: number): string[] | undefined {
    if (hops > 40) return undefined;
    const at = [...dir];
    for (const p of target.split('/')) {
      if (p === '' || p === '.') continue;
      if (p === '..') {
        if (at.length === 0) return undefined;
        at.pop();
        continue;
      }
      at.push(p);
      const link = this.links.get(at.join('/'));
      if (link) {
        at.pop();
        const next = this.followed(at, link.target, hops + 1);
        if (!next) return undefined;
        at.splice(0, at.length, ...next);
      }
    }
    return at;
  }

  /** Waits for every tracked write (used before cleaning up after a failure). */
  async settle(): Promise<void> {
    await Promise.all([...this.writes.values()].map((w) => w.catch(() => undefined)));
  }

  /** Removes the destination (after a failure). */
  async remove(): Promise<void> {
    await this.settle();
    await rm(this.dest, { recursive: true, force: true });
  }
}
