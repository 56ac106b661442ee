/**
 * Effect: gathers the ProjectInfo the planner needs (go.mod, FyneApp.toml, icon) from disk.
 * Reads only, and only inside the workspace (src/system/confine.ts ReadRoot): an absolute Icon,
 * one that climbs out of the workspace, one in .git, a link leading out, a FIFO or a huge file is
 * refused with one line naming FyneApp.toml and the Icon field, before anything is built.
 */
import { run } from '../system/process.js';
import { existsSync, lstatSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { findGoMod, parseGoMod } from '../gomod.js';
import { ConfineError, ReadRoot, refSegments, within } from '../system/confine.js';
import { quote } from '../system/names.js';
import { fyneVersion, parseFyneAppToml, type FyneAppToml } from './fyne.js';
import type { ProjectInfo } from './plan.js';

/** The largest FyneApp.toml or go.mod read (far above any real one). */
const TEXT_CAP = 1 << 20;
/** The largest icon read. */
const ICON_CAP = 16 << 20;

/** Resolves a package argument to its directory: relative paths directly, import paths via `go list`. */
export async function packageDir(workDir: string, pkg: string, goBin = 'go', env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (pkg === '.' || pkg.startsWith('./') || pkg.startsWith('../') || path.isAbsolute(pkg) || pkg.startsWith('.\\') || pkg.startsWith('..\\')) {
    const dir = path.resolve(workDir, pkg);
    if (!existsSync(dir))
      throw new UserError(`input "main-package": ${JSON.stringify(pkg)} does not exist under ${workDir}; give ., ./cmd/app or an import path`);
    return dir;
  }
  const r = await run([goBin, 'list', '-f', '{{.Dir}}', pkg], { cwd: workDir, env });
  if (r.code !== 0)
    throw new UserError(
      `input "main-package": ${JSON.stringify(pkg)} is not a package go can find (${r.stderr.trim().split('\n')[0]}); give ., ./cmd/app or an import path`,
    );
  return r.stdout.trim();
}

/** `file` (absolute) as the repository shows it in errors: relative to the workspace. */
function shown(root: ReadRoot, file: string): string {
  const inside = [root.dir, root.real].find((r) => within(r, file));
  return inside === undefined ? file : path.relative(inside, file).split(path.sep).join('/') || path.basename(file);
}

/**
 * The icon FyneApp.toml names, as a workspace-relative reference: relative to FyneApp.toml's
 * folder, `..` allowed while the result stays inside the workspace (a monorepo's shared assets),
 * never absolute. Throws one line naming the file and the field.
 */
function iconRef(root: ReadRoot, tomlDir: string, tomlShown: string, icon: string): string {
  const refuse = (problem: string) =>
    new UserError(`${tomlShown}: Details.Icon ${quote(icon)} ${problem}; give a PNG path relative to FyneApp.toml's folder, inside the repository`);
  if (icon.includes('\0')) throw refuse('has a NUL byte');
  if (path.isAbsolute(icon) || /^[\\/]/.test(icon) || /^[A-Za-z]:/.test(icon)) throw refuse('is an absolute path');
  const base = [root.dir, root.real].find((r) => within(r, tomlDir)) ?? root.dir;
  const rel = path.relative(base, path.resolve(tomlDir, icon.replace(/\\/g, '/')));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw refuse('leads outside the repository');
  const segs = refSegments(rel);
  if ('problem' in segs) throw refuse(segs.problem);
  return rel;
}

/**
 * Loads the project: go.mod (module path, Fyne version), FyneApp.toml in the package directory
 * (else the module root), and its icon (Details.Icon, else Icon.png next to FyneApp.toml). Every
 * file is read through a ReadRoot on `workspace` (default: workDir).
 */
export async function loadProject(
  workDir: string,
  pkg: string,
  opts: { goBin?: string; env?: NodeJS.ProcessEnv; workspace?: string } = {},
): Promise<ProjectInfo> {
  const abs = path.resolve(workDir);
  const root = await ReadRoot.open(opts.workspace ?? abs, 'the repository');
  const pkgDir = await packageDir(abs, pkg, opts.goBin, opts.env);
  if (![root.dir, root.real].some((r) => within(r, pkgDir))) {
    throw new UserError(
      `input "main-package": ${quote(pkg)} resolves to ${pkgDir}, outside the workspace ${root.dir}; give a package folder inside the repository`,
    );
  }
  const top = within(root.real, pkgDir) ? root.real : root.dir;
  const goModPath = findGoMod(pkgDir, existsSync, top);
  if (!goModPath) throw new UserError(`input "working-directory": no go.mod at or above ${pkgDir} inside the workspace; run the build in a Go module`);
  const mod = parseGoMod(await root.readText(shown(root, goModPath), 'go.mod', { maxBytes: TEXT_CAP }));
  const info: ProjectInfo = { workDir: abs, packageDir: pkgDir, modulePath: mod.module, fyneVersion: fyneVersion(mod) };

  const moduleRoot = path.dirname(goModPath);
  const tomlDir = [pkgDir, moduleRoot].find((d) => existsSync(path.join(d, 'FyneApp.toml')) || isLink(path.join(d, 'FyneApp.toml')));
  let toml: FyneAppToml | undefined;
  if (tomlDir) {
    const file = path.join(tomlDir, 'FyneApp.toml');
    toml = parseFyneAppToml(await root.readText(shown(root, file), 'FyneApp.toml', { maxBytes: TEXT_CAP }), path.relative(abs, file) || 'FyneApp.toml');
    info.fyneApp = toml;
  }
  // The Icon reference is checked whenever FyneApp.toml names one, Fyne app or not; it is read for a Fyne app only.
  const base = tomlDir ?? pkgDir;
  const icon = toml?.details.icon;
  const tomlShown = tomlDir ? shown(root, path.join(tomlDir, 'FyneApp.toml')) : 'FyneApp.toml';
  const ref = icon && !/^https?:\/\//.test(icon) ? iconRef(root, base, tomlShown, icon) : path.relative(top, path.join(base, 'Icon.png'));
  if (info.fyneVersion !== 'none') {
    const what = icon ? `${tomlShown}: Details.Icon ${quote(icon)}` : 'Icon.png';
    try {
      info.icon = { name: path.basename(ref), bytes: await root.read(ref, what, { maxBytes: ICON_CAP }) };
    } catch (err) {
      if (!(err instanceof ConfineError && err.reason === 'missing')) throw err;
    }
  }
  await checkPackageLinks(root, top, pkgDir); // after the specific reads, whose refusals name their field
  return info;
}

/**
 * go build reads every source of the main package's folder (.go, .c, .s, and each *.syso it
 * links in whole): a link there is followed by the compiler, so each one must pass the same
 * check as any repository read (inside the repository, not into .git, a regular file), or the
 * build would compile /proc/self/environ or .git/config into the binary.
 */
async function checkPackageLinks(root: ReadRoot, top: string, pkgDir: string): Promise<void> {
  for (const e of await readdir(pkgDir, { withFileTypes: true })) {
    if (!e.isSymbolicLink()) continue;
    const rel = path.relative(top, path.join(pkgDir, e.name));
    try {
      await root.locate(rel, 'a file go build reads from the package folder', { kind: 'file' });
    } catch (err) {
      if (!(err instanceof ConfineError && err.reason === 'missing')) throw err;
    }
  }
}

/** Whether `p` is a link (dangling or not): a link where FyneApp.toml should be is read, and refused, not skipped. */
function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
