/**
 * Installing Go: resolve the version spec, take Go from the tool cache (checked again on every
 * hit) or install it from a verified source (the go.dev/dl index, or golang.org/toolchain on a
 * module proxy with its checksum database), falling back between sources in auto mode.
 * Exporting it to the job is toolchain/env.ts's; the stage that does both is toolchain/index.ts.
 */
import { rm } from '../system/owned-fs.js';
import type { ToolchainConfig } from '../config.js';
import type { Runtime } from '../runtime.js';
import { satisfies } from './spec.js';
import { BrokenToolchainError, checkGo, installDir, installedVersions, type GoCheck } from './toolcache.js';
import type { GoVersion } from './version.js';
import { probeOptions, toolchainRunnability, type Runnability } from './runnable.js';

export type ToolchainSource = 'tool-cache' | 'dl' | 'proxy';

/** A Go tree in the tool cache that passed its check, and where it came from. */
export interface InstalledGo {
  version: GoVersion;
  goroot: string;
  source: ToolchainSource;
  /** Whether it runs here (natively or emulated), and why; set by installToolchain. */
  runs?: Runnability;
}

/** Go for cfg in the tool cache: found there, or installed into it. */
export async function installToolchain(rt: Runtime, cfg: ToolchainConfig): Promise<InstalledGo> {
  const os = rt.host.os;
  const arch = cfg.arch;
  const root = rt.toolCacheDir;
  const where = `${os}/${arch}`;
  rt.info(`Go ${cfg.spec.raw} for ${where} (from ${cfg.specFrom})`);

  // The toolchain's own `go version` check, when it can run here (natively or under a registered
  // emulator): part of every install, and run again on every tool-cache hit, so a damaged entry is
  // never trusted. One that cannot run is checked by bin/go's header (and its download's checksum).
  const runs = await toolchainRunnability(rt.host, arch, probeOptions(rt.env));
  const check: GoCheck = { os, arch, runnable: runs.runnable, env: rt.env };
  const cached = async (v: GoVersion): Promise<InstalledGo | undefined> => {
    const dir = installDir(root, v, arch);
    try {
      await checkGo(dir, v, check);
    } catch (err) {
      if (!(err instanceof BrokenToolchainError)) throw err;
      rt.warning(`the tool-cache entry ${dir} fails its check: ${err.message}; removing it and installing Go ${v.text} again`);
      await rm(`${dir}.complete`, { force: true });
      await rm(dir, { recursive: true, force: true });
      return undefined;
    }
    return { version: v, goroot: dir, source: 'tool-cache' };
  };

  // 1. The tool cache can satisfy an exact version or a range without any network.
  if (!cfg.checkLatest && cfg.spec.kind !== 'alias') {
    const hit = (await installedVersions(root, arch, os)).find((v) => satisfies(cfg.spec, v));
    const tc = hit && (await cached(hit));
    if (tc) return { ...tc, runs };
  }

  // 2-3. Resolve against the sources and install: the download code (HTTP, archives, the checksum
  // database) is loaded only now, so a tool-cache hit never parses it.
  const { downloadToolchain } = await import('./download.js');
  return { ...(await downloadToolchain(rt, cfg, check, cached)), runs };
}
