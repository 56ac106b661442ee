/**
 * Seals a macOS .app bundle ad hoc, as `codesign --force --deep --sign -` does, on any host:
 * 1. nested code first: bare Mach-O files in nested-code locations (MacOS/, Helpers/,
 *    Frameworks/, PlugIns/, ...) are signed with their file name as identifier, nested .app
 *    bundles are sealed recursively; their cdhashes go into the parent's resource seal;
 * 2. Contents/_CodeSignature/CodeResources: the hashes of every other file (code-resources.ts);
 * 3. the main executable (every slice of a universal one): a CodeDirectory whose identifier is
 *    CFBundleIdentifier and whose special slots bind Info.plist (1), the empty requirement set
 *    (2) and CodeResources (3) (adhoc-sign.ts).
 * Frameworks (versioned bundles with symlinks) are refused rather than sealed wrongly.
 *
 * Confinement: a link in the bundle may only point inside it (checked before anything is read),
 * and every write (the seal, the re-signed executables) goes through a WriteRoot on the bundle,
 * so nothing already in it (a _CodeSignature link, say) leads a write outside.
 */
import { lstat, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { WriteRoot, within } from '../system/confine.js';
import { UserError } from '../errors.js';
import { signMachOFile, type SignedFile, type SignOptions } from './adhoc-sign.js';
import { buildCodeResources, isMachOFile, sealItems, type NestedCode } from './code-resources.js';
import { parsePlistDict, writePlist } from './plist.js';

export interface BundleInfo {
  contents: string;
  infoPlistPath: string;
  infoPlist: Buffer;
  executable: string;
  executablePath: string;
  identifier: string;
}

/** Reads Contents/Info.plist: the executable (CFBundleExecutable) and identifier. */
export async function readBundleInfo(app: string): Promise<BundleInfo> {
  const contents = join(app, 'Contents');
  const infoPlistPath = join(contents, 'Info.plist');
  const infoPlist = await readFile(infoPlistPath).catch((err: unknown) => {
    throw new UserError(`${app}: no Contents/Info.plist (${(err as NodeJS.ErrnoException).code ?? String(err)}); give a macOS .app bundle`);
  });
  let info;
  try {
    info = parsePlistDict(infoPlist, infoPlistPath);
  } catch (err) {
    throw new UserError(err instanceof Error ? err.message : String(err));
  }
  const executable = info.CFBundleExecutable;
  if (typeof executable !== 'string' || !executable || executable.includes('/'))
    throw new UserError(`${infoPlistPath}: CFBundleExecutable is missing or not a file name; the bundle needs a main executable`);
  const executablePath = join(contents, 'MacOS', executable);
  if (!(await isMachOFile(executablePath).catch(() => false))) throw new UserError(`${executablePath}: the main executable is missing or not a Mach-O file`);
  const id = info.CFBundleIdentifier;
  return { contents, infoPlistPath, infoPlist, executable, executablePath, identifier: typeof id === 'string' && id ? id : executable };
}

export interface SealedBundle {
  path: string;
  identifier: string;
  executable: string;
  slices: { arch: string; cdhash: string }[];
  /** Files sealed in CodeResources (files2 entries). */
  resources: number;
  nested: { rel: string; cdhashes: string[] }[];
}

export interface SealOptions {
  /** A synchronous CMS signer for the main executable (the SuperBlob gets its 0x10000 slot from it). */
  cms?: SignOptions['cms'];
  /**
   * Signs one Mach-O file (nested code, then the main executable) with the options the seal
   * decides (identifier, Info.plist, CodeResources): the Developer ID signer plugs in here
   * (devid-sign.ts). Default: ad hoc.
   */
  signFile?: (path: string, opts: SignOptions, root: WriteRoot) => Promise<SignedFile>;
  /** The requirement text CodeResources records for nested code signed as `identifier`; default: its cdhashes (ad hoc). */
  nestedRequirement?: (identifier: string) => string;
}

/**
 * Refuses a bundle holding a link that points outside it (an absolute target, a relative one that
 * climbs out, or one whose real path lands outside): sealing would read through it, and a copy
 * of the bundle would carry it to the user. Links that stay inside are fine.
 */
export async function checkBundleLinks(app: string): Promise<void> {
  const top = resolve(app);
  const realTop = await realpath(top);
  const stack = [top];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      if (!e.isSymbolicLink()) continue;
      const target = await readlink(p);
      const lexical = resolve(dirname(p), target);
      const real = await realpath(p).catch(() => undefined);
      if (isAbsolute(target) || !within(top, lexical) || (real !== undefined && !within(realTop, real))) {
        const rel = relative(top, p).split(sep).join('/');
        throw new UserError(`${app}: ${rel} is a link to ${JSON.stringify(target)}, outside the bundle; a link in a .app may only point inside it`);
      }
    }
  }
}

/** Seals `app` in place. Re-sealing replaces any earlier signature. */
export async function sealBundle(app: string, opts: SealOptions = {}): Promise<SealedBundle> {
  const st = await lstat(app).catch(() => undefined);
  if (!st?.isDirectory()) throw new UserError(`${app}: ${st?.isSymbolicLink() ? 'is a link' : 'not a directory'}; give a macOS .app bundle`);
  await checkBundleLinks(app);
  const root = await WriteRoot.create(app, app);
  const info = await readBundleInfo(app);
  const items = await sealItems(info.contents, `MacOS/${info.executable}`);
  const nested = new Map<string, NestedCode>();
  const signFile = opts.signFile ?? signMachOFile;
  for (const it of items) {
    if (it.kind === 'bundle') {
      if (!it.rel.endsWith('.app'))
        throw new UserError(
          `${it.path}: nested ${it.rel.slice(it.rel.lastIndexOf('.'))} bundles are not supported by the built-in signer; only nested .app helpers`,
        );
      const inner = await sealBundle(it.path, { signFile: opts.signFile, nestedRequirement: opts.nestedRequirement });
      nested.set(it.rel, { cdhashes: inner.slices.map((s) => Buffer.from(s.cdhash, 'hex')), requirement: opts.nestedRequirement?.(inner.identifier) });
    } else if (it.kind === 'file' && it.macho) {
      const identifier = basename(it.path);
      const signed = await signFile(it.path, { identifier }, root);
      nested.set(it.rel, { cdhashes: signed.slices.map((s) => s.cdhash), requirement: opts.nestedRequirement?.(identifier) });
    }
  }
  await root.remove('Contents/_CodeSignature');
  const codeResources = writePlist(await buildCodeResources(items, nested));
  await root.write('Contents/_CodeSignature/CodeResources', codeResources);
  const signed = await signFile(info.executablePath, { identifier: info.identifier, infoPlist: info.infoPlist, codeResources, cms: opts.cms }, root);
  return {
    path: app,
    identifier: info.identifier,
    executable: info.executable,
    slices: signed.slices.map((s) => ({ arch: s.arch, cdhash: s.cdhash.toString('hex') })),
    resources: items.length,
    nested: [...nested].map(([rel, c]) => ({ rel, cdhashes: c.cdhashes.map((h) => h.toString('hex')) })),
  };
}
