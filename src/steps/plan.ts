/**
 * Plan: the targets checked against the installed Go's `go tool dist list`, the project read
 * (go.mod, FyneApp.toml, icon), and one `go build` planned per target. Nothing runs yet.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { fyneVersion, parseGoMod } from '../build/fyne.js';
import { planBuilds, type BuildSet } from '../build/plan.js';
import { loadProject } from '../build/project.js';
import { checkTargetsSupported, parseDistList } from '../build/targets.js';
import type { Runtime } from '../runtime.js';
import type { Toolchain } from '../toolchain/index.js';
import { goOutput } from './go.js';

export type Planned =
  | { skip: string; fyneVersion: string }
  /** scratchDir: the private folder of the generated build files; removed when the run ends (disposePlanned). */
  | { set: BuildSet; fyneVersion: string; packageDir: string; scratchDir: string };

/** Removes what planning made on disk (the scratch folder of the metadata overlay). Never throws. */
export async function disposePlanned(planned: Planned | undefined): Promise<void> {
  if (planned && 'set' in planned) await rm(planned.scratchDir, { recursive: true, force: true }).catch(() => undefined);
}

export async function planStep(rt: Runtime, config: Config, go: Toolchain): Promise<Planned> {
  const wd = config.workingDirectory;
  if (config.build.inputs.targets.length === 0) {
    const gomod = join(wd, 'go.mod');
    const fv = existsSync(gomod) ? fyneVersion(parseGoMod(readFileSync(gomod, 'utf8'))) : 'none';
    rt.setOutput('fyne-version', fv);
    return { skip: 'skipped: no targets (setup only)', fyneVersion: fv };
  }
  const dist = parseDistList(await goOutput(go.goBin, ['tool', 'dist', 'list', '-json'], rt.env));
  checkTargetsSupported(config.build.inputs.targets, dist, go.version.text);
  const project = await loadProject(wd, config.build.inputs.package, { goBin: go.goBin, env: rt.env });
  const scratchDir = mkdtempSync(join(rt.tempDir, 'gfa-build-'));
  let set: BuildSet;
  try {
    set = planBuilds(config.build.inputs, project, { host: rt.host, goBin: go.goBin, env: rt.env, scratchDir });
  } catch (err) {
    rmSync(scratchDir, { recursive: true, force: true });
    throw err;
  }
  rt.setOutput('fyne-version', set.fyneVersion);
  rt.info(`${set.isFyne ? `Fyne ${set.fyneVersion} app` : 'Go program'} "${set.name}": ${set.plans.map((p) => `${p.id}${p.cgo ? ' (cgo)' : ''}`).join(', ')}`);
  return { set, fyneVersion: set.fyneVersion, packageDir: project.packageDir, scratchDir };
}
