/**
 * Directory <-> archive for the local store: `tar` compressing with `zstd` when the zstd binary
 * is on PATH, else with gzip (`tar -z`). zstd: GOCACHE is large and full of object files;
 * zstd -3 packs it about as small as gzip -6 at several times the speed both ways, and with
 * -T0 uses every core. gzip ships with every tar (bsdtar has it built in), so it is the fallback.
 * An archive records its compression, so a store written with one can be read only where that
 * one is available (zstd entries are skipped where zstd is missing).
 */
import { run } from '../system/process.js';

export type Compression = 'zstd' | 'gzip';

let zstdProbe: Promise<boolean> | undefined;

/** Whether a working `zstd` binary is on PATH (probed once). */
export function zstdAvailable(): Promise<boolean> {
  zstdProbe ??= run(['zstd', '--version']).then(
    (r) => r.code === 0,
    () => false,
  );
  return zstdProbe;
}

export const archiveExt = (c: Compression) => (c === 'zstd' ? 'tar.zst' : 'tar.gz');

async function runTar(args: string[]): Promise<void> {
  const r = await run(['tar', ...args]);
  if (r.code !== 0) throw new Error(`tar ${args[0]} exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
}

/** tar runs the compressor itself (GNU tar and bsdtar both), so no pipe can close early on us. */
const compressArgs = (c: Compression, mode: 'c' | 'x') => (c === 'zstd' ? ['--use-compress-program', mode === 'c' ? 'zstd -3 -T0 -q' : 'zstd -d -q'] : ['-z']);

/** Packs the contents of `dir` (as `./...`) into `file`. */
export async function packDir(dir: string, file: string, compression: Compression): Promise<void> {
  await runTar(['-c', ...compressArgs(compression, 'c'), '-f', file, '-C', dir, '.']);
}
