/**
 * Plan: the targets checked against the installed Go's `go tool dist list`, the project read
 * (go.mod, FyneApp.toml, icon), and one `go build` planned per target. Nothing runs yet. With
 * Go installed, this is the stage that completes the RunContext: its result (the build set, or
 * "no targets") is decided here once, and every later step reads it from the context.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdtempSync, rm, rmSync } from '../system/owned-fs.js';
import { ReadRoot } from '../system/confine.js';
import { repositoryRoot, type Config } from '../config.js';
import type { Planned } from '../context.js';
import { fyneVersion } from '../compile/fyne.js';
import { findGoMod, parseGoMod } from '../gomod.js';
import { detectCompiler, guessCompiler, osReleaseId, type CompilerInfo } from '../compile/cgo-flags.js';
import { cCompilerCommands, planBuilds, type BuildSet } from '../compile/plan.js';
import { loadProject } from '../compile/project.js';
import { detectVersion } from '../release/version.js';
import { checkTargetsSupported, parseDistList } from '../compile/targets.js';
import type { Runtime } from '../runtime.js';
import type { Toolchain } from '../toolchain/index.js';
import { run } from '../system/process.js';
import { goOutput } from '../toolchain/go-command.js';

/** Removes what planning made on disk (the scratch folder of the metadata overlay). Never throws. */
export async function disposePlanned(planned: Planned | undefined): Promise<void> {
  if (planned && 'set' in planned) await rm(planned.scratchDir, { recursive: true, force: true }).catch(() => undefined);
}

/** Asks each C compiler what it is (`--version`), or guesses for one not installed yet. */
async function identifyCompilers(commands: string[], rt: Runtime): Promise<Record<string, CompilerInfo | undefined>> {
  const osRelease = rt.host.os === 'linux' ? await readFile('/etc/os-release', 'utf8').catch(() => '') : '';
  const out: Record<string, CompilerInfo | undefined> = {};
  for (const cmd of commands) {
    const r = await run([...cmd.split(/\s+/), '--version'], { env: rt.env }).catch(() => undefined);
    out[cmd] = r && r.code === 0 ? detectCompiler(r.stdout + r.stderr, rt.host.os) : guessCompiler(cmd, rt.host.os, osReleaseId(osRelease));
    rt.debug(`C compiler ${cmd}: ${out[cmd] ? `${out[cmd].name} ${out[cmd].version} (${out[cmd].os})` : 'not recognised: no hardening flags, as fyne build'}`);
  }
  return out;
}

/** The build set, or why there is none; sets the fyne-version output either way. */
export async function planTargets(rt: Runtime, config: Config, go: Toolchain): Promise<Planned> {
  const wd = config.workingDirectory;
  const workspace = repositoryRoot(config);
  if (config.build.inputs.targets.length === 0) {
    const root = await ReadRoot.open(workspace, 'the repository');
    const gomod = findGoMod(wd, existsSync, workspace);
    const fv = gomod ? fyneVersion(parseGoMod(await root.readText(gomod, 'go.mod', { allowAbsolute: true, maxBytes: 1 << 20 }))) : 'none';
    rt.setOutput('fyne-version', fv);
    return { skip: 'no targets (setup only)', fyneVersion: fv };
  }
  const dist = parseDistList(await goOutput(go.goBin, ['tool', 'dist', 'list', '-json'], rt.env));
  checkTargetsSupported(config.build.inputs.targets, dist, go.version.text);
  const project = await loadProject(wd, config.build.inputs.package, { goBin: go.goBin, env: rt.env, workspace });
  const scratchDir = mkdtempSync(join(rt.tempDir, 'gfa-build-'));
  let set: BuildSet;
  try {
    const compilers = project.fyneVersion === 'none' ? {} : await identifyCompilers(cCompilerCommands(config.build.inputs, rt.host, rt.env), rt);
    const { version } = await detectVersion(config.release.version, rt.env, wd, project.fyneApp?.details.version); // the run's one version (src/release/version.ts)
    set = planBuilds(config.build.inputs, project, { host: rt.host, goBin: go.goBin, env: rt.env, scratchDir, compilers, version });
  } catch (err) {
    rmSync(scratchDir, { recursive: true, force: true });
    throw err;
  }
  rt.setOutput('fyne-version', set.fyneVersion);
  rt.info(`${set.isFyne ? `Fyne ${set.fyneVersion} app` : 'Go program'} "${set.name}": ${set.plans.map((p) => `${p.id}${p.cgo ? ' (cgo)' : ''}`).join(', ')}`);
  return { set, fyneVersion: set.fyneVersion, packageDir: project.packageDir, scratchDir };
}
