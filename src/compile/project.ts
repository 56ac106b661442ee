/**
 * Effect: gathers the ProjectInfo the planner needs (go.mod, FyneApp.toml, icon) from disk.
 * Reads only; never writes into the user's tree.
 */
import { run } from '../system/process.js';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { findGoMod, parseGoMod } from '../gomod.js';
import { fyneVersion, parseFyneAppToml, type FyneAppToml } from './fyne.js';
import type { ProjectInfo } from './plan.js';

/** Resolves a package argument to its directory: relative paths directly, import paths via `go list`. */
export async function packageDir(workDir: string, pkg: string, goBin = 'go', env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (pkg === '.' || pkg.startsWith('./') || pkg.startsWith('../') || path.isAbsolute(pkg) || pkg.startsWith('.\\') || pkg.startsWith('..\\')) {
    const dir = path.resolve(workDir, pkg);
    if (!existsSync(dir)) throw new UserError(`input "package": ${JSON.stringify(pkg)} does not exist under ${workDir}; give ., ./cmd/app or an import path`);
    return dir;
  }
  const r = await run([goBin, 'list', '-f', '{{.Dir}}', pkg], { cwd: workDir, env });
  if (r.code !== 0)
    throw new UserError(
      `input "package": ${JSON.stringify(pkg)} is not a package go can find (${r.stderr.trim().split('\n')[0]}); give ., ./cmd/app or an import path`,
    );
  return r.stdout.trim();
}

/**
 * Loads the project: go.mod (module path, Fyne version), FyneApp.toml in the package directory
 * (else the module root), and its icon (Details.Icon, else Icon.png next to FyneApp.toml).
 */
export async function loadProject(workDir: string, pkg: string, opts: { goBin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ProjectInfo> {
  const abs = path.resolve(workDir);
  const pkgDir = await packageDir(abs, pkg, opts.goBin, opts.env);
  const goModPath = findGoMod(pkgDir);
  if (!goModPath) throw new UserError(`input "working-directory": no go.mod at or above ${pkgDir}; run the build in a Go module`);
  const mod = parseGoMod(await readFile(goModPath, 'utf8'));
  const info: ProjectInfo = { workDir: abs, packageDir: pkgDir, modulePath: mod.module, fyneVersion: fyneVersion(mod) };

  const moduleRoot = path.dirname(goModPath);
  const tomlDir = [pkgDir, moduleRoot].find((d) => existsSync(path.join(d, 'FyneApp.toml')));
  let toml: FyneAppToml | undefined;
  if (tomlDir) {
    const file = path.join(tomlDir, 'FyneApp.toml');
    toml = parseFyneAppToml(await readFile(file, 'utf8'), path.relative(abs, file) || 'FyneApp.toml');
    info.fyneApp = toml;
  }
  if (info.fyneVersion !== 'none') {
    const base = tomlDir ?? pkgDir;
    const iconRef = toml?.details.icon;
    const iconPath = iconRef && !/^https?:\/\//.test(iconRef) ? path.resolve(base, iconRef) : path.join(base, 'Icon.png');
    if (existsSync(iconPath)) info.icon = { name: path.basename(iconPath), bytes: await readFile(iconPath) };
  }
  return info;
}
