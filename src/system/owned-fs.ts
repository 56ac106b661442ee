/**
 * Raw file-system writes, allowed only in places the action owns (its temp folder, the tool
 * cache, the cache store, GOCACHE, GOMODCACHE: see `ownRoot` in confine.ts). Each function has
 * the signature of its node:fs namesake and first checks that the path it changes lies in an
 * owned place; anything else is an internal error, never a silent write. Files under output-dir,
 * the report and anything a repository or another job controls go through `WriteRoot` and
 * `ReadRoot` in confine.ts instead. The lint rule (eslint.config.mjs) sends every write-capable
 * node:fs import here or to confine.ts.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { constants as fsc } from 'node:fs';
import { owned } from './confine.js';

type P = fs.PathLike;
const path = (p: P): string => owned(p.toString());

export const mkdir = (p: P, o?: fs.MakeDirectoryOptions & { recursive?: boolean }) => fsp.mkdir(path(p), o);
export const mkdtemp = (prefix: string) => fsp.mkdtemp(path(prefix));
export const writeFile = (p: P, data: Parameters<typeof fsp.writeFile>[1], o?: Parameters<typeof fsp.writeFile>[2]) => fsp.writeFile(path(p), data, o);
export const appendFile = (p: P, data: string | Uint8Array) => fsp.appendFile(path(p), data);
export const rm = (p: P, o?: fs.RmOptions) => fsp.rm(path(p), o);
export const rename = (from: P, to: P) => fsp.rename(path(from), path(to));
export const copyFile = (from: P, to: P, mode?: number) => fsp.copyFile(from, path(to), mode);
export const cp = (from: string, to: string, o?: fs.CopyOptions) => fsp.cp(from, path(to), o);
export const chmod = (p: P, mode: fs.Mode) => fsp.chmod(path(p), mode);
export const symlink = (target: string, p: P, type?: fs.symlink.Type) => fsp.symlink(target, path(p), type);
export const link = (existing: P, p: P) => fsp.link(existing, path(p));
export const unlink = (p: P) => fsp.unlink(path(p));
export const utimes = (p: P, a: fs.TimeLike, m: fs.TimeLike) => fsp.utimes(path(p), a, m);

const WRITE_FLAGS = fsc.O_WRONLY | fsc.O_RDWR | fsc.O_CREAT | fsc.O_TRUNC | fsc.O_APPEND;

/** fs.promises.open: a read-only open may be anywhere (reads of untrusted trees go through ReadRoot); a writing one only in an owned place. */
export function open(p: P, flags: string | number = 'r', mode?: fs.Mode): Promise<fsp.FileHandle> {
  const writes = typeof flags === 'number' ? (flags & WRITE_FLAGS) !== 0 : flags !== 'r' && flags !== 'rs' && flags !== 'sr';
  return fsp.open(writes ? path(p) : p, flags, mode);
}

export const createWriteStream = (p: string, o?: Parameters<typeof fs.createWriteStream>[1]) => fs.createWriteStream(path(p), o);
export const mkdtempSync = (prefix: string) => fs.mkdtempSync(path(prefix));
export const rmSync = (p: P, o?: fs.RmOptions) => fs.rmSync(path(p), o);
export const writeFileSync = (p: P, data: string | NodeJS.ArrayBufferView, o?: fs.WriteFileOptions) => fs.writeFileSync(path(p), data, o);
export const mkdirSync = (p: P, o?: fs.MakeDirectoryOptions & { recursive?: boolean }) => fs.mkdirSync(path(p), o);
