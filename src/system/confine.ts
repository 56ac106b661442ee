/**
 * Confinement: the one home for every file this action reads from a tree someone else controls
 * (the repository, another job's uploaded files, a download) and for every file it writes.
 *
 * Reads (`ReadRoot`): a reference is taken relative to a stated root; absolute paths only where
 * the caller allows them and only inside the root; no `..`; never inside a VCS folder (.git holds
 * the token actions/checkout stores); every link on the way is resolved and the result must stay
 * inside the root; only regular files, opened without following a last-moment link, read up to
 * a size cap.
 *
 * Writes (`WriteRoot`): into a folder this run created or found (empty when asked); every parent
 * is made one level at a time and must be a real folder, never a link; files are written to a
 * temp file beside the destination and renamed into place (a link already at the name is
 * replaced, never followed), or linked into place when the caller wants an exclusive create.
 *
 * Places the action owns (its temp folder, the tool cache, the cache store, GOCACHE and
 * GOMODCACHE) are registered with `ownRoot`; `owned()` checks a path lies in one before a raw
 * write there. The lint rule in eslint.config.mjs refuses write-capable node:fs calls anywhere
 * but here, src/system/fs.ts and the archive extractors, so a new feature cannot go around this.
 */
import { constants as fsc, realpathSync } from 'node:fs';
import { cp, lstat, mkdir, open, readdir, realpath, rename, link, unlink, rm, chmod, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { UserError } from '../errors.js';
import { quote } from './names.js';

/** Version-control folders: never read from, never written into. */
export const VCS_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', '.bzr', '_darcs', '.jj', 'CVS']);

/** Default cap on one confined read: larger than any icon, manifest or text a release reads. */
export const DEFAULT_READ_CAP = 64 << 20;

export class ConfineError extends UserError {
  override name = 'ConfineError';
  constructor(
    message: string,
    readonly reason: 'missing' | 'refused',
  ) {
    super(message);
  }
}

const show = quote;
const isWin = process.platform === 'win32';

/** Whether `child` is `parent` or lies under it (both absolute, normalised). */
export function within(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Splits a reference into clean segments or says what is wrong with it (pure). Backslashes count
 * as separators (a Windows-style reference must not slip a `..` past the check).
 */
export function refSegments(ref: string): { segs: string[] } | { problem: string } {
  if (ref === '') return { problem: 'is empty' };
  if (ref.includes('\0')) return { problem: 'has a NUL byte' };
  if (/^[\\/]/.test(ref) || /^[A-Za-z]:/.test(ref)) return { problem: 'is an absolute path' };
  const segs = ref.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (segs.includes('..')) return { problem: 'climbs out of its folder with ..' };
  const vcs = segs.find((p) => VCS_DIRS.has(p) || VCS_DIRS.has(p.toLowerCase()) || p.toLowerCase() === '.git');
  if (vcs) return { problem: `is inside the version-control folder ${vcs}` };
  return { segs };
}

export interface ReadOptions {
  /** Accept an absolute reference when it names a place inside the root (default false). */
  allowAbsolute?: boolean;
  /** Refuse a file larger than this (default DEFAULT_READ_CAP). */
  maxBytes?: number;
}

/** A tree someone else controls, read only through this. */
export class ReadRoot {
  private constructor(
    /** The root as given (absolute). */
    readonly dir: string,
    /** Its real path (links resolved): every read must land under it. */
    readonly real: string,
    /** How errors name the root: "the repository", "release-inputs". */
    readonly label: string,
  ) {}

  static async open(dir: string, label: string): Promise<ReadRoot> {
    const abs = resolve(dir);
    return new ReadRoot(abs, await realpath(abs), label);
  }

  static openSync(dir: string, label: string): ReadRoot {
    const abs = resolve(dir);
    return new ReadRoot(abs, realpathSync(abs), label);
  }

  /** The segments of `ref` relative to the root, or a ConfineError naming `what`. Pure apart from the root's path. */
  segments(ref: string, what: string, allowAbsolute = false): string[] {
    const refuse = (problem: string) => new ConfineError(`${what}: ${show(ref)} ${problem}; give a path inside ${this.label}`, 'refused');
    if (ref === '') throw refuse('is empty');
    let rel = ref;
    if (isAbsolute(ref) || (isWin && /^[A-Za-z]:/.test(ref))) {
      if (!allowAbsolute) throw refuse('is an absolute path');
      const abs = resolve(ref);
      const inside = [this.dir, this.real].find((r) => within(r, abs));
      if (inside === undefined) throw refuse(`is outside ${this.label} (${this.dir})`);
      rel = relative(inside, abs);
    }
    if (rel === '' || rel === '.') return [];
    const r = refSegments(rel);
    if ('problem' in r) throw refuse(r.problem);
    return r.segs;
  }

  /**
   * The real path `ref` names, checked: inside the root after every link is resolved, not inside
   * a VCS folder, and of the kind wanted. A missing path is a ConfineError with reason 'missing'.
   */
  async locate(ref: string, what: string, opts: { allowAbsolute?: boolean; kind?: 'file' | 'dir' | 'any' } = {}): Promise<string> {
    const segs = this.segments(ref, what, opts.allowAbsolute);
    const joined = segs.length ? join(this.real, ...segs) : this.real;
    let real: string;
    try {
      real = await realpath(joined);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new ConfineError(`${what}: ${show(ref)} does not exist in ${this.label}`, 'missing');
      if (code === 'ELOOP') throw new ConfineError(`${what}: ${show(ref)} is a loop of links; give a regular file inside ${this.label}`, 'refused');
      throw err;
    }
    if (!within(this.real, real)) {
      throw new ConfineError(`${what}: ${show(ref)} is a link that leads outside ${this.label}; give a regular file inside it`, 'refused');
    }
    const through = refSegments(relative(this.real, real) || '.');
    if ('problem' in through)
      throw new ConfineError(`${what}: ${show(ref)} leads through a link into a version-control folder; refusing to read it`, 'refused');
    const kind = opts.kind ?? 'file';
    if (kind !== 'any') {
      const st = await lstat(real);
      if (kind === 'file' && !st.isFile()) throw new ConfineError(`${what}: ${show(ref)} is not a regular file; give a file inside ${this.label}`, 'refused');
      if (kind === 'dir' && !st.isDirectory()) throw new ConfineError(`${what}: ${show(ref)} is not a folder; give a folder inside ${this.label}`, 'refused');
    }
    return real;
  }

  /** Whether `ref` names a regular file the root lets us read (false for missing or refused). */
  async hasFile(ref: string): Promise<boolean> {
    try {
      await this.locate(ref, 'file');
      return true;
    } catch (err) {
      if (err instanceof ConfineError) return false;
      throw err;
    }
  }

  /** The bytes of the regular file `ref` names, checked as `locate` does and capped in size. */
  async read(ref: string, what: string, opts: ReadOptions = {}): Promise<Buffer> {
    const real = await this.locate(ref, what, { allowAbsolute: opts.allowAbsolute, kind: 'file' });
    return readCapped(real, `${what}: ${show(ref)}`, opts.maxBytes ?? DEFAULT_READ_CAP);
  }

  async readText(ref: string, what: string, opts: ReadOptions = {}): Promise<string> {
    return (await this.read(ref, what, opts)).toString('utf8');
  }
}

/**
 * Reads a regular file (never through a link at its last component) up to `cap` bytes; larger
 * is a ConfineError. `label` names the file in errors.
 */
export async function readCapped(file: string, label: string, cap: number): Promise<Buffer> {
  let fh: FileHandle;
  try {
    fh = await open(file, fsc.O_RDONLY | (isWin ? 0 : fsc.O_NOFOLLOW));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new ConfineError(`${label} is a link; give a regular file`, 'refused');
    if (code === 'ENOENT') throw new ConfineError(`${label} does not exist`, 'missing');
    throw err;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new ConfineError(`${label} is not a regular file`, 'refused');
    if (st.size > cap) throw new ConfineError(`${label} is ${st.size} bytes, over the ${cap}-byte limit`, 'refused');
    const buf = Buffer.alloc(Math.min(st.size, cap) + 1);
    let got = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, null);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got > cap) throw new ConfineError(`${label} grew over the ${cap}-byte limit while being read`, 'refused');
      if (got === buf.length) break;
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

export interface WriteOptions {
  mode?: number;
  /** Refuse when anything is already at the name (default: replace it; a link there is replaced, never followed). */
  exclusive?: boolean;
}

/** A folder this run writes into, written only through this. */
export class WriteRoot {
  private constructor(
    readonly dir: string,
    readonly label: string,
  ) {}

  /**
   * Opens (making it, with its parents, if missing) the folder `dir`. It must be a real folder,
   * not a link; with `requireEmpty`, one that holds nothing yet.
   */
  static async create(dir: string, label: string, opts: { requireEmpty?: boolean } = {}): Promise<WriteRoot> {
    const abs = resolve(dir);
    await mkdir(dirname(abs), { recursive: true });
    try {
      await mkdir(abs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const st = await lstat(abs);
      if (!st.isDirectory())
        throw new ConfineError(`${label}: ${abs} is ${st.isSymbolicLink() ? 'a link' : 'not a folder'}; give a new or empty folder`, 'refused');
      if (opts.requireEmpty && (await readdir(abs)).length > 0) {
        throw new ConfineError(`${label}: ${abs} already holds files; give a new or empty folder so nothing already there is released`, 'refused');
      }
    }
    return new WriteRoot(abs, label);
  }

  /** The absolute path of `rel` (validated, not touched). */
  path(rel: string): string {
    const r = refSegments(rel);
    if ('problem' in r) throw new ConfineError(`${this.label}: the name ${show(rel)} ${r.problem}; refusing to write it`, 'refused');
    return r.segs.length ? join(this.dir, ...r.segs) : this.dir;
  }

  private segs(rel: string): string[] {
    const r = refSegments(rel);
    if ('problem' in r) throw new ConfineError(`${this.label}: the name ${show(rel)} ${r.problem}; refusing to write it`, 'refused');
    if (r.segs.length === 0) throw new ConfineError(`${this.label}: an empty name; refusing to write it`, 'refused');
    return r.segs;
  }

  /** Makes the folder `rel` (and its parents) one level at a time; each must be a real folder. Returns its path. */
  async mkdir(rel: string): Promise<string> {
    const segs = rel === '' || rel === '.' ? [] : this.segs(rel);
    return this.ensureDirs(segs);
  }

  private async ensureDirs(segs: string[]): Promise<string> {
    let cur = this.dir;
    for (const s of segs) {
      cur = join(cur, s);
      try {
        await mkdir(cur);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const st = await lstat(cur);
        if (!st.isDirectory()) {
          throw new ConfineError(
            `${this.label}: ${relative(this.dir, cur)} is ${st.isSymbolicLink() ? 'a link' : 'a file'} where a folder is needed; refusing to write through it`,
            'refused',
          );
        }
      }
    }
    return cur;
  }

  /**
   * Writes the file `rel`: `produce` fills a temp file beside it (opened exclusively, never
   * through a link), which then takes the name by rename (or by link, refusing an existing name,
   * when `exclusive`). Returns the path.
   */
  async writeWith(rel: string, produce: (fh: FileHandle) => Promise<void>, opts: WriteOptions = {}): Promise<string> {
    const segs = this.segs(rel);
    const parent = await this.ensureDirs(segs.slice(0, -1));
    const dest = join(parent, segs[segs.length - 1]);
    await writeIntoFolder(parent, dest, produce, opts, `${this.label}: ${rel}`);
    return dest;
  }

  async write(rel: string, data: Buffer | string, opts: WriteOptions = {}): Promise<string> {
    return this.writeWith(rel, (fh) => fh.writeFile(data).then(() => undefined), opts);
  }

  /** Copies the regular file `src` (read without following a link at its name) to `rel`. */
  async copyFrom(src: string, rel: string, opts: WriteOptions = {}): Promise<string> {
    return this.writeWith(
      rel,
      async (out) => {
        const input = await open(src, fsc.O_RDONLY | (isWin ? 0 : fsc.O_NOFOLLOW));
        try {
          if (!(await input.stat()).isFile()) throw new ConfineError(`${this.label}: ${src} is not a regular file; refusing to copy it`, 'refused');
          const buf = Buffer.alloc(1 << 20);
          for (;;) {
            const { bytesRead } = await input.read(buf, 0, buf.length, null);
            if (bytesRead === 0) break;
            let done = 0;
            while (done < bytesRead) done += (await out.write(buf, done, bytesRead - done, null)).bytesWritten;
          }
        } finally {
          await input.close();
        }
      },
      opts,
    );
  }

  /**
   * Moves the file or folder `src`, made in a place the action owns (a temp folder), to `rel`,
   * which must not exist yet (`remove` it first to replace it). Parents are made as `mkdir` does.
   * A rename; across devices a copy (links kept as links) and the source removed. Returns the path.
   */
  async moveIn(src: string, rel: string): Promise<string> {
    const from = owned(src);
    const segs = this.segs(rel);
    const parent = await this.ensureDirs(segs.slice(0, -1));
    const dest = join(parent, segs[segs.length - 1]);
    if (
      await lstat(dest).then(
        () => true,
        () => false,
      )
    )
      throw new ConfineError(`${this.label}: ${rel} already exists; refusing to replace it`, 'refused');
    try {
      await rename(from, dest);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await cp(from, dest, { recursive: true, errorOnExist: true, force: false, verbatimSymlinks: true, preserveTimestamps: true });
      await rm(from, { recursive: true, force: true });
    }
    return dest;
  }

  /** Sets the mode of `rel`, which must be a file or folder of this root, not a link. */
  async chmod(rel: string, mode: number): Promise<void> {
    const p = join(this.dir, ...this.segs(rel));
    await this.checkParents(rel);
    const st = await lstat(p);
    if (st.isSymbolicLink()) throw new ConfineError(`${this.label}: ${rel} is a link; refusing to change what it points at`, 'refused');
    await chmod(p, mode);
  }

  /** Removes `rel` (a folder with what it holds; a link itself, never what it points at). */
  async remove(rel: string): Promise<void> {
    await this.checkParents(rel);
    await rm(join(this.dir, ...this.segs(rel)), { recursive: true, force: true });
  }

  /** Every parent of `rel` under the root must be a real folder (or missing). */
  private async checkParents(rel: string): Promise<void> {
    const segs = this.segs(rel);
    let cur = this.dir;
    for (const s of segs.slice(0, -1)) {
      cur = join(cur, s);
      const st = await lstat(cur).catch(() => undefined);
      if (!st) return;
      if (!st.isDirectory()) throw new ConfineError(`${this.label}: ${relative(this.dir, cur)} is not a real folder; refusing to work through it`, 'refused');
    }
  }
}

/** Temp file in `parent`, then rename (or link when exclusive) to `dest`; the temp file is gone either way. */
async function writeIntoFolder(parent: string, dest: string, produce: (fh: FileHandle) => Promise<void>, opts: WriteOptions, label: string): Promise<void> {
  const temp = join(parent, `.gfa-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(temp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | (isWin ? 0 : fsc.O_NOFOLLOW), 0o600);
  try {
    try {
      await produce(fh);
    } finally {
      await fh.close();
    }
    await chmod(temp, (opts.mode ?? 0o644) & 0o777);
    if (opts.exclusive) {
      try {
        await link(temp, dest);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ConfineError(`${label} already exists; refusing to replace it`, 'refused');
        throw err;
      }
    } else {
      await rename(temp, dest);
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

// ---- Places the action owns ----------------------------------------------------------------

const ownedRoots = new Set<string>();
// The system temp folder is the action's scratch space in every door (mkdtemp under it).
ownRoot(tmpdir());

/** Registers a folder the action owns (temp, tool cache, cache store, GOCACHE, GOMODCACHE). */
export function ownRoot(dir: string): void {
  if (!dir) return;
  ownedRoots.add(resolve(dir));
  try {
    ownedRoots.add(realpathSync(resolve(dir)));
  } catch {
    /* not made yet */
  }
}

/** The registered owned roots (for tests and the report). */
export function ownedRootList(): string[] {
  return [...ownedRoots];
}

/** Returns `p` when it lies in a registered owned place; otherwise throws (a bug, not a user error). */
export function owned(p: string): string {
  const abs = resolve(p);
  for (const r of ownedRoots) if (within(r, abs)) return abs;
  throw new Error(`internal: refusing to write ${abs}, which is not under a folder this action owns (${[...ownedRoots].join(', ') || 'none registered'})`);
}
