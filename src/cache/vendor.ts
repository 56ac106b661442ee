/**
 * The modules layer: which form (module cache, cached vendor/, committed vendor/), which go.sum
 * files key it, and the `go mod vendor` effect. Decisions are pure; the effects are thin.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ModulesMode } from './inputs.js';
import { parseGoWork } from '../gomod.js';
import { matchFiles } from '../system/glob.js';
import { run, runOk } from '../system/process.js';
import { forceRemove, isFile } from '../system/fs.js';
import { ReadRoot, readCapped } from '../system/confine.js';
import { errorMessage } from '../errors.js';

export interface ModulesDecision {
  /** none = vendor/ is committed: nothing to cache for modules. */
  form: 'mod' | 'vendor' | 'none';
  /** Extra `go build` flags the build must use (`-mod=vendor` for vendor and committed vendor). */
  buildFlags: string[];
  /** One line for the log. */
  note: string;
}

/** Decides the modules form from the input and whether vendor/modules.txt exists before any restore. */
export function decideModules(mode: ModulesMode, vendorPresent: boolean): ModulesDecision {
  if (vendorPresent && mode !== 'modcache') {
    return {
      form: 'none',
      buildFlags: ['-mod=vendor'],
      note: 'vendor/modules.txt is committed: building with -mod=vendor as is; nothing to cache for modules',
    };
  }
  if (mode === 'vendor') {
    return {
      form: 'vendor',
      buildFlags: ['-mod=vendor'],
      note: 'modules: vendor/ is restored from the cache, or made with `go mod vendor` on a miss',
    };
  }
  return { form: 'mod', buildFlags: [], note: 'modules: the module cache (GOMODCACHE) is cached' };
}

/**
 * The go.sum files that key the modules (and build) layers, as paths relative to workDir.
 * With patterns: every file matching one of them (a pattern without wildcards names a file).
 * Without: go.work members' go.sum files plus go.work.sum when go.work exists, else go.sum.
 * Missing go.sum (no dependencies) is not an error; patterns matching nothing are.
 */
export async function resolveGoSumFiles(workDir: string, patterns: string[]): Promise<string[]> {
  if (patterns.length === 0) {
    let work: string | undefined;
    try {
      work = await readFile(path.join(workDir, 'go.work'), 'utf8');
    } catch {
      /* not a workspace */
    }
    const candidates = work ? [...parseGoWork(work).use.map((u) => path.posix.join(u.replace(/\\/g, '/'), 'go.sum')), 'go.work.sum'] : ['go.sum'];
    const found: string[] = [];
    for (const c of candidates) if (await isFile(path.join(workDir, c))) found.push(path.posix.normalize(c));
    return [...new Set(found)].sort();
  }
  return (await matchFiles(patterns, workDir, 'cache-dependency-path')).map((f) => f.name);
}

/** Reads the resolved go.sum files for hashGoSums(). */
export async function readGoSums(workDir: string, files: string[]): Promise<{ path: string; content: Buffer }[]> {
  const root = await ReadRoot.open(workDir, 'working-directory');
  const cap = 64 << 20;
  // A go.work member may sit beside working-directory (`use ../lib`): read as a regular file, capped, never through a link at its name.
  const read = (f: string) =>
    f.split('/').includes('..')
      ? readCapped(path.join(workDir, f), `go.sum ${JSON.stringify(f)}`, cap)
      : root.read(f, 'cache-dependency-path', { maxBytes: cap });
  return Promise.all(files.map(async (f) => ({ path: f, content: await read(f) })));
}

/**
 * Whether vendor/modules.txt is committed: tracked by git when workDir is in a git checkout
 * (a vendor/ that an earlier run made with `go mod vendor` is not), else simply present.
 */
export async function vendorPresent(workDir: string): Promise<boolean> {
  if (!(await isFile(path.join(workDir, 'vendor', 'modules.txt')))) return false;
  const tracked = await run(['git', 'ls-files', '--error-unmatch', path.join('vendor', 'modules.txt')], { cwd: workDir }).then(
    (r) => (r.code === 0 ? true : r.code === 1 ? false : undefined),
    () => undefined, // no git: judge by presence
  );
  if (tracked !== undefined) return tracked;
  return true;
}

/** Runs `go mod vendor` in workDir (a vendor-form modules miss). Rejects with go's stderr. */
export async function goModVendor(workDir: string, env: NodeJS.ProcessEnv, goBin = 'go'): Promise<void> {
  await runOk([goBin, 'mod', 'vendor'], 'go mod vendor', { cwd: workDir, env });
}

/**
 * `go mod verify` in workDir over a module cache just restored from a cache entry (strict runs:
 * tag and signing builds). go checks a module it downloads against go.sum, but trusts what is
 * already extracted in GOMODCACHE; verify re-hashes every extracted module and its zip. On any
 * failure the module cache is removed (it is read-only, so forceRemove), so the build downloads
 * afresh and nothing from the poisoned entry is used. Never throws: cache trouble only warns.
 */
export async function verifyModules(
  workDir: string,
  gomodcache: string,
  env: NodeJS.ProcessEnv,
  goBin = 'go',
): Promise<{ ok: true } | { ok: false; reason: string }> {
  let reason: string;
  try {
    await runOk([goBin, 'mod', 'verify'], 'go mod verify', { cwd: workDir, env });
    return { ok: true };
  } catch (err) {
    reason = errorMessage(err).split('\n').slice(0, 4).join('; ');
  }
  try {
    await forceRemove(gomodcache);
  } catch (err) {
    reason += `; and removing ${gomodcache} failed: ${errorMessage(err)}`;
  }
  return { ok: false, reason };
}
