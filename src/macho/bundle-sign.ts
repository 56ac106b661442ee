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
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UserError } from '../errors.js';
import { signMachOFile, type SignOptions } from './adhoc-sign.js';
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
  /** A CMS signer for the main executable: where a Developer ID signature plugs in (ad hoc sealing passes none; the SuperBlob gets its 0x10000 slot from it). */
  cms?: SignOptions['cms'];
}

/** Seals `app` in place. Re-sealing replaces any earlier signature. */
export async function sealBundle(app: string, opts: SealOptions = {}): Promise<SealedBundle> {
  if (!(await stat(app).catch(() => undefined))?.isDirectory()) throw new UserError(`${app}: not a directory; give a macOS .app bundle`);
  const info = await readBundleInfo(app);
  const items = await sealItems(info.contents, `MacOS/${info.executable}`);
  const nested = new Map<string, NestedCode>();
  for (const it of items) {
    if (it.kind === 'bundle') {
      if (!it.rel.endsWith('.app'))
        throw new UserError(
          `${it.path}: nested ${it.rel.slice(it.rel.lastIndexOf('.'))} bundles are not supported by the built-in signer; only nested .app helpers`,
        );
      const inner = await sealBundle(it.path, {});
      nested.set(it.rel, { cdhashes: inner.slices.map((s) => Buffer.from(s.cdhash, 'hex')) });
    } else if (it.kind === 'file' && it.macho) {
      const signed = await signMachOFile(it.path, { identifier: basename(it.path) });
      nested.set(it.rel, { cdhashes: signed.slices.map((s) => s.cdhash) });
    }
  }
  const sigDir = join(info.contents, '_CodeSignature');
  await rm(sigDir, { recursive: true, force: true });
  const codeResources = writePlist(await buildCodeResources(items, nested));
  await mkdir(sigDir);
  await writeFile(join(sigDir, 'CodeResources'), codeResources);
  const signed = await signMachOFile(info.executablePath, { identifier: info.identifier, infoPlist: info.infoPlist, codeResources, cms: opts.cms });
  return {
    path: app,
    identifier: info.identifier,
    executable: info.executable,
    slices: signed.slices.map((s) => ({ arch: s.arch, cdhash: s.cdhash.toString('hex') })),
    resources: items.length,
    nested: [...nested].map(([rel, c]) => ({ rel, cdhashes: c.cdhashes.map((h) => h.toString('hex')) })),
  };
}
