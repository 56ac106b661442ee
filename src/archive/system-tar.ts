/**
 * Directory <-> archive for the local store: `tar` compressing with `zstd` when the zstd binary
 * is on PATH, else with gzip (`tar -z`). zstd: GOCACHE is large and full of object files;
 * zstd -3 packs it about as small as gzip -6 at several times the speed both ways, and with
 * -T0 uses every core. gzip ships with every tar (bsdtar has it built in), so it is the fallback.
 * An archive records its compression, so a store written with one can be read only where that
 * one is available (zstd entries are skipped where zstd is missing).
 */
import { run } from '../system/process.js';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export type Compression = 'zstd' | 'gzip';

let zstdProbe: Promise<boolean> | undefined;

/** Whether a working `zstd` binary is on PATH (probed once). */
export function zstdAvailable(): Promise<boolean> {
  zstdProbe ??= run(['zstd', '--version']).then((r) => r.code === 0, () => false);
  return zstdProbe;
}

export const archiveExt = (c: Compression) => (c === 'zstd' ? 'tar.zst' : 'tar.gz');

async function runTar(args: string[]): Promise<void> {
  const r = await run(['tar', ...args]);
  if (r.code !== 0) throw new Error(`tar ${args[0]} exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
}

/** tar runs the compressor itself (GNU tar and bsdtar both), so no pipe can close early on us. */
const compressArgs = (c: Compression, mode: 'c' | 'x') =>
  c === 'zstd' ? ['--use-compress-program', mode === 'c' ? 'zstd -3 -T0 -q' : 'zstd -d -q'] : ['-z'];

/** Packs the contents of `dir` (as `./...`) into `file`. */
export async function packDir(dir: string, file: string, compression: Compression): Promise<void> {
  await runTar(['-c', ...compressArgs(compression, 'c'), '-f', file, '-C', dir, '.']);
}

/** Unpacks `file` into `dir` (created if missing). Rejects on a truncated or corrupt archive. */
export async function unpackInto(file: string, dir: string, compression: Compression): Promise<void> {
  await fsp.mkdir(dir, { recursive: true });
  await runTar(['-x', ...compressArgs(compression, 'x'), '-f', file, '-C', dir]);
}

/** rm -rf that also copes with read-only trees (the module cache is 0444/0555). */
export async function forceRemove(p: string): Promise<void> {
  try {
    await fsp.rm(p, { recursive: true, force: true });
    return;
  } catch {
    /* fall through: make writable and retry */
  }
  const stack = [p];
  while (stack.length) {
    const cur = stack.pop()!;
    try {
      const st = await fsp.lstat(cur);
      if (st.isDirectory()) {
        await fsp.chmod(cur, 0o755);
        for (const e of await fsp.readdir(cur)) stack.push(path.join(cur, e));
      }
    } catch {
      /* gone */
    }
  }
  await fsp.rm(p, { recursive: true, force: true });
}

/** Total bytes of regular files under `dir` (0 when missing). */
export async function dirSize(dir: string): Promise<number> {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const cur = stack.pop()!;
    let ents;
    try {
      ents = await fsp.readdir(cur, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of ents) {
      const p = path.join(cur, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) total += (await fsp.stat(p).catch(() => ({ size: 0 }))).size;
    }
  }
  return total;
}
