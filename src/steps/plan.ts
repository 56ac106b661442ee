/**
 * Plan: the targets checked against the installed Go's `go tool dist list`, the project read
 * (go.mod, FyneApp.toml, icon), and one `go build` planned per target. Nothing runs yet.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { fyneVersion, parseGoMod } from '../build/fyne.js';
import { planBuilds, type BuildSet } from '../build/plan.js';
import { loadProject } from '../build/project.js';
import { parseDistList, parseTargets } from '../build/targets.js';
import type { Runtime } from '../runtime.js';
import type { Toolchain } from '../toolchain/index.js';
import { goOutput } from './go.js';

export type Planned = { skip: string; fyneVersion: string } | { set: BuildSet; fyneVersion: string; packageDir: string };

export async function planStep(rt: Runtime, config: Config, go: Toolchain): Promise<Planned> {
  const wd = config.workingDirectory;
  if (config.build.targetsRaw.trim() === '') {
    const gomod = join(wd, 'go.mod');
    const fv = existsSync(gomod) ? fyneVersion(parseGoMod(readFileSync(gomod, 'utf8'))) : 'none';
    rt.setOutput('fyne-version', fv);
    return { skip: 'skipped: no targets (setup only)', fyneVersion: fv };
  }
  const dist = parseDistList(await goOutput(go.goBin, ['tool', 'dist', 'list', '-json'], rt.env));
  const targets = parseTargets(config.build.targetsRaw, dist);
  const project = await loadProject(wd, config.build.inputs.package, { goBin: go.goBin, env: rt.env });
  const scratchDir = mkdtempSync(join(rt.tempDir, 'gfa-build-'));
  const set = planBuilds({ ...config.build.inputs, targets }, project, { host: rt.host, goBin: go.goBin, env: rt.env, scratchDir });
  rt.setOutput('fyne-version', set.fyneVersion);
  rt.info(`${set.isFyne ? `Fyne ${set.fyneVersion} app` : 'Go program'} "${set.name}": ${set.plans.map((p) => `${p.id}${p.cgo ? ' (cgo)' : ''}`).join(', ')}`);
  return { set, fyneVersion: set.fyneVersion, packageDir: project.packageDir };
}
