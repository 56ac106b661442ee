/**
 * The Go command-line tools the action uses, pinned (the one place to bump one), and how one is
 * installed into the tool cache: `<toolCacheDir>/<name>/<version>/<os>-<arch>/<exe>`.
 *
 * First `go install <pkg>@<version>` with GOBIN set. Some module proxies do not serve a module's
 * version list, which `go install pkg@version` reads to check for deprecations; then the fallback
 * builds the same package through a throwaway module that requires the pinned version.
 */
import { mkdir, mkdtemp, rm, writeFile } from '../system/owned-fs.js';
import { join } from 'node:path';
import type { Host } from '../host.js';
import { exists } from '../system/fs.js';
import { run, type Command } from '../system/process.js';

export interface GoToolSpec {
  /** Short name: directory under the tool cache and the executable's name. */
  name: string;
  /** Module path, e.g. fyne.io/tools. */
  module: string;
  /** Package to install, e.g. fyne.io/tools/cmd/fyne. */
  pkg: string;
  /** Pinned version, e.g. v1.7.4. */
  version: string;
}

/** A tool whose command lives at `<module>/<cmdDir>` and is named after that folder. */
const goTool = (module: string, cmdDir: string, version: string): GoToolSpec => ({
  name: cmdDir.split('/').pop()!,
  module,
  pkg: `${module}/${cmdDir}`,
  version,
});

/** The fyne CLI: `fyne package` (release/fyne-package.ts). */
export const FYNE_TOOL = goTool('fyne.io/tools', 'cmd/fyne', 'v1.7.4');
/** nfpm: .deb and .rpm (package/linux.ts). */
export const NFPM_TOOL = goTool('github.com/goreleaser/nfpm/v2', 'cmd/nfpm', 'v2.45.2');
/** goversioninfo: the Windows resource object (release/windows-resource.ts). */
export const GOVERSIONINFO_TOOL = goTool('github.com/josephspurrier/goversioninfo', 'cmd/goversioninfo', 'v1.4.0');

export interface GoToolInstallPlan {
  binDir: string;
  exe: string;
  install: Command;
  /** Run in a fresh temp directory holding `fallbackGoMod` as go.mod, in order. */
  fallback: Command[];
  fallbackGoMod: string;
}

function toolEnv(base: NodeJS.ProcessEnv, host: Host, binDir: string, goflags: string): NodeJS.ProcessEnv {
  // Build for the host whatever GOOS/GOARCH the build stage exported; no cgo needed; ignore the
  // user's workspace and flags (-mod=vendor would break an install).
  return { ...base, GOBIN: binDir, GOOS: host.os, GOARCH: host.arch, CGO_ENABLED: '0', GOFLAGS: goflags, GOWORK: 'off' };
}

/** Pure: where the tool goes and the commands that put it there. */
export function goToolInstallPlan(o: { go: string; toolCacheDir: string; host: Host; env: NodeJS.ProcessEnv; tool: GoToolSpec }): GoToolInstallPlan {
  const binDir = join(o.toolCacheDir, o.tool.name, o.tool.version.replace(/^v/, ''), `${o.host.os}-${o.host.arch}`);
  const exe = join(binDir, o.host.os === 'windows' ? `${o.tool.name}.exe` : o.tool.name);
  return {
    binDir,
    exe,
    install: { argv: [o.go, 'install', `${o.tool.pkg}@${o.tool.version}`], env: toolEnv(o.env, o.host, binDir, '') },
    fallback: [
      { argv: [o.go, 'get', `${o.tool.pkg}@${o.tool.version}`], env: toolEnv(o.env, o.host, binDir, '-mod=mod') },
      { argv: [o.go, 'install', o.tool.pkg], env: toolEnv(o.env, o.host, binDir, '-mod=mod') },
    ],
    fallbackGoMod: `module gofyneaction.local/tools\n\ngo 1.21\n\nrequire ${o.tool.module} ${o.tool.version}\n`,
  };
}

/** Installs unless already there; returns the executable's path. `log` gets one line per step. */
export async function installGoTool(plan: GoToolInstallPlan, tempDir: string, log: (line: string) => void = () => undefined): Promise<string> {
  if (await exists(plan.exe)) {
    log(`${plan.exe} already installed`);
    return plan.exe;
  }
  await mkdir(plan.binDir, { recursive: true });
  log(`running ${plan.install.argv.join(' ')}`);
  const first = await run(plan.install.argv, plan.install);
  if (first.code === 0 && (await exists(plan.exe))) return plan.exe;
  log(`go install failed, building through a module that requires the pinned version:\n${first.stderr.trim()}`);
  const dir = await mkdtemp(join(tempDir, 'go-tool-'));
  try {
    await writeFile(join(dir, 'go.mod'), plan.fallbackGoMod);
    for (const step of plan.fallback) {
      const r = await run(step.argv, { ...step, cwd: dir });
      if (r.code !== 0) {
        throw new Error(`could not install ${plan.exe}: ${step.argv.join(' ')} exited ${r.code}\n${first.stderr.trim()}\n${r.stderr.trim()}`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (!(await exists(plan.exe))) throw new Error(`installing left no ${plan.exe}`);
  return plan.exe;
}
