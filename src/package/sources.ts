/**
 * What the packaging steps read from the repository, confined (src/system/confine.ts ReadRoot,
 * root = the workspace): FyneApp.toml in the main package's folder and, when the project loader
 * handed over no icon bytes (Fyne < 2.2 has no metadata), the icon FyneApp.toml names (Details.Icon,
 * relative to FyneApp.toml's folder, else Icon.png). The icon reference is refused when it is
 * absolute, climbs out with .., or lies in a version-control folder; a link on the way must stay
 * inside the workspace and out of .git; only a regular file is read, up to a size cap.
 */
import { posix, relative, resolve, sep } from 'node:path';
import { ConfineError, ReadRoot } from '../system/confine.js';
import { parseFyneAppToml, type FyneAppToml } from '../compile/fyne.js';

/** FyneApp.toml and icons are small: a bigger file is refused, not read. */
const TOML_CAP = 1 << 20;
const ICON_CAP = 16 << 20;

export interface PackageSources {
  /** FyneApp.toml's text, when the package folder has one. */
  toml?: string;
  details: FyneAppToml['details'];
  /** The icon's bytes (the project's when given, else read here), or none. */
  icon?: Uint8Array;
}

const show = (s: string) => JSON.stringify(s);

async function readOptional(read: () => Promise<Buffer>): Promise<Buffer | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof ConfineError && err.reason === 'missing') return undefined;
    throw err;
  }
}

export async function readPackageSources(o: { workspace: string; packageDir: string; projectIcon?: Uint8Array }): Promise<PackageSources> {
  const repo = await ReadRoot.open(o.workspace, 'the repository');
  const dirRel = relative(repo.dir, resolve(o.packageDir)).split(sep).join('/');
  const inDir = (ref: string) => (dirRel ? posix.join(dirRel, ref) : ref);
  const tomlBytes = await readOptional(() => repo.read(inDir('FyneApp.toml'), 'FyneApp.toml', { maxBytes: TOML_CAP }));
  const toml = tomlBytes?.toString('utf8');
  const details = toml === undefined ? {} : parseFyneAppToml(toml).details;
  if (o.projectIcon) return { toml, details, icon: o.projectIcon };
  const raw = details.icon;
  if (raw && /^https?:\/\//i.test(raw)) return { toml, details };
  const ref = raw || 'Icon.png';
  const what = raw ? 'FyneApp.toml Details.Icon' : 'Icon.png';
  // The reference itself: not absolute, no .., not in .git (messages show it as written).
  const segs = repo.segments(ref, what);
  const joined = inDir(segs.join('/'));
  try {
    const icon = await readOptional(() => repo.read(joined, what, { maxBytes: ICON_CAP }));
    return { toml, details, icon: icon ? new Uint8Array(icon) : undefined };
  } catch (err) {
    if (err instanceof ConfineError && joined !== ref) throw new ConfineError(err.message.split(show(joined)).join(show(ref)), err.reason);
    throw err;
  }
}
