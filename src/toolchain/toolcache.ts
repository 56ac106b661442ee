/**
 * The runner tool cache, in the layout @actions/tool-cache and the hosted images use:
 * `<root>/go/<1.23.4>/<x64|arm64>/` with a `<x64|arm64>.complete` marker beside it. A
 * preinstalled Go on a hosted runner is therefore a hit. Installs are atomic: the tree is
 * built in a temporary sibling, checked (its own `go version` must report the version), renamed
 * into place, and only then marked complete, so an interrupted or broken install is never taken
 * for a finished one.
 *
 * Why not @actions/tool-cache's find/findAllVersions for the lookup: they read the root from
 * process.env.RUNNER_TOOL_CACHE only (the CLI keeps its tools under its own cache folder, and
 * changing the process environment to steer a library is shared global state), they log through
 * core.debug, which prints `::debug::` lines on stdout where the CLI writes its name=value
 * outputs, and their downloadTool/extractTar shell out to tar after the whole archive is on disk,
 * where we hash, gunzip and extract in one verified streaming pass. The layout is the same, so a
 * Go that actions/setup-go or the hosted image put there is found by us and the other way round.
 */
import { existsSync } from 'node:fs';
import { run } from '../system/process.js';
import { readdir, stat } from 'node:fs/promises';
import { mkdir, rename, rm, symlink, writeFile } from '../system/owned-fs.js';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { GoArch, GoOS } from '../host.js';
import { toolCacheArch } from '../host.js';
import { compareGoVersions, fromToolCacheVersion, toolCacheVersion, type GoVersion } from './version.js';

export function installDir(root: string, v: GoVersion, arch: GoArch): string {
  return join(root, 'go', toolCacheVersion(v), toolCacheArch(arch));
}

/** The go command of the Go tree at dir. */
export function goBinary(dir: string, os: GoOS): string {
  return join(dir, 'bin', os === 'windows' ? 'go.exe' : 'go');
}

/** True when a complete install of v for arch is in the cache. */
export function isInstalled(root: string, v: GoVersion, arch: GoArch, os: GoOS): boolean {
  const dir = installDir(root, v, arch);
  return existsSync(`${dir}.complete`) && existsSync(goBinary(dir, os));
}

/** The complete installs in the cache for arch, newest first. */
export async function installedVersions(root: string, arch: GoArch, os: GoOS): Promise<GoVersion[]> {
  let names: string[];
  try {
    names = await readdir(join(root, 'go'));
  } catch {
    return [];
  }
  const out: GoVersion[] = [];
  for (const n of names) {
    const v = fromToolCacheVersion(n);
    if (v && isInstalled(root, v, arch, os)) out.push(v);
  }
  return out.sort((a, b) => compareGoVersions(b, a));
}

/** How to check a toolchain tree: its `go version` is run only when it can run on this host, else bin/go's header is read. */
export interface GoCheck {
  os: GoOS;
  /** The toolchain's architecture: when it cannot run, bin/go's header must say so (installs always give it; without it nothing is checked). */
  arch?: GoArch;
  /** It runs here, natively or under an emulator (runnable.ts). */
  runnable: boolean;
  env: NodeJS.ProcessEnv;
}

const FORMAT: Record<GoOS, string> = { linux: 'elf', darwin: 'macho', windows: 'pe' };

/**
 * The check of a toolchain that cannot run here: bin/go must be an executable of the toolchain's
 * OS and arch, read from its header by the one artifact reader (src/compile/inspect.ts, loaded
 * only here: a runnable toolchain never needs it). Its bytes were verified by the download.
 */
async function checkGoHeader(dir: string, check: GoCheck & { arch: GoArch }): Promise<void> {
  const go = goBinary(dir, check.os);
  const { inspectFile } = await import('../compile/inspect.js');
  let info;
  try {
    info = await inspectFile(go);
  } catch (err) {
    throw new BrokenToolchainError(`${go} cannot be read: ${(err as Error).message}`);
  }
  const want = `${FORMAT[check.os]} ${check.arch}`;
  const got = `${info.format} ${info.arch ?? 'unknown arch'}`;
  if (got !== want || info.kind !== 'executable') throw new BrokenToolchainError(`${go} is ${got} (${info.kind}), expected ${want} (executable)`);
}

export class BrokenToolchainError extends Error {
  override name = 'BrokenToolchainError';
}

/**
 * The toolchain's own check: `<dir>/bin/go version` must report go<v>. Throws a one-line
 * BrokenToolchainError if it does not run or reports something else. A toolchain that cannot
 * run here (another architecture, no emulator) is checked by bin/go's header instead.
 */
export async function checkGo(dir: string, v: GoVersion, check: GoCheck): Promise<void> {
  if (!check.runnable) return check.arch ? checkGoHeader(dir, { ...check, arch: check.arch }) : undefined;
  const go = goBinary(dir, check.os);
  // Timed out: a damaged (or hostile) tree's `go version` must not hang the job.
  // run() throws only when the program is missing or not executable.
  const r = await run([go, 'version'], { env: { ...check.env, GOROOT: dir, GOTOOLCHAIN: 'local' }, timeoutMs: 120_000 }).catch(() => ({
    code: -1,
    stdout: '',
    stderr: 'ENOENT',
  }));
  if (r.code !== 0) {
    const why = r.stderr.trim().split('\n')[0] || (r.code === 124 ? 'timed out' : `exit ${r.code}`);
    throw new BrokenToolchainError(`${go} version failed (${why}), expected it to report go${v.text}`);
  }
  const out = r.stdout.trim();
  if (!out.includes(`go${v.text} `)) throw new BrokenToolchainError(`${go} version reports ${JSON.stringify(out.split('\n')[0])}, expected go${v.text}`);
}

/**
 * Runs `fill(tmpDir)` to build the tree, checks it (checkGo), then moves it into place and
 * marks it complete. On any failure the temporary tree is removed and nothing is marked (an
 * earlier entry at the same place is left as it was).
 *
 * `workRoot` (Windows runners whose tool cache is on the slow system drive, policy.ts fastDrive):
 * the tree is built and kept under workRoot, on the work drive, and the tool-cache entry under
 * `root` is a junction to it (setup-go's layout since v5), so every later lookup finds it where
 * the runner's tool cache says; the .complete marker is a real file beside the junction.
 * Extracting on C: and moving the tree to D: would be a copy: the slow writes this avoids.
 */
export async function installAtomically(
  root: string,
  v: GoVersion,
  arch: GoArch,
  check: GoCheck,
  fill: (tmpDir: string) => Promise<void>,
  workRoot?: string,
): Promise<string> {
  const dir = installDir(root, v, arch);
  const real = workRoot !== undefined && workRoot !== root ? installDir(workRoot, v, arch) : dir;
  const parent = join(real, '..');
  await mkdir(parent, { recursive: true });
  await sweepStale(parent);
  const tmp = join(parent, `.${toolCacheArch(arch)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await fill(tmp);
    await checkGo(tmp, v, check);
    await rm(`${dir}.complete`, { force: true });
    await rm(dir, { recursive: true, force: true }); // a junction is removed, not followed
    if (real !== dir) await rm(real, { recursive: true, force: true });
    await rename(tmp, real);
    if (real !== dir) {
      await mkdir(join(dir, '..'), { recursive: true });
      await symlink(real, dir, 'junction'); // 'junction' on Windows (no privilege needed); a symlink elsewhere
    }
    await writeFile(`${dir}.complete`, '');
    return dir;
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
}

/** Removes temporary trees that earlier, interrupted installs left (older than an hour). */
async function sweepStale(parent: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const n of names) {
    if (!/^\..+\.tmp-/.test(n)) continue;
    const p = join(parent, n);
    try {
      if (Date.now() - (await stat(p)).mtimeMs > 3600_000) await rm(p, { recursive: true, force: true });
    } catch {
      /* another job's, or gone already */
    }
  }
}
