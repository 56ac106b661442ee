/**
 * Windows icon + version info, as `fyne package -os windows` embeds them: the tool encodes the PNG
 * as .ico, writes an application manifest, has goversioninfo write a COFF resource object (.syso)
 * beside the sources and rebuilds. We produce the same .syso with goversioninfo (pinned, installed
 * like the fyne tool) in a temp directory.
 *
 * `go build -overlay` does NOT carry .syso files (go1.26: the build opens the real path and fails),
 * so the build must see the file in the main package's directory: withSysoInPackage() puts it there
 * under a unique name for the duration of the build only and always removes it.
 */
import { join } from 'node:path';
import { mkdtemp, rm, writeFile } from '../system/owned-fs.js';
import { WriteRoot } from '../system/confine.js';
import { unlinkInFolderSync } from '../system/fs.js';
import { UserError } from '../errors.js';
import { onAbort } from '../runtime/abort.js';
import { runOk } from '../system/process.js';

/** Width and height of a PNG; throws UserError naming `inputName` when it is not one. */
export function pngSize(png: Buffer, inputName = 'fyne-icon'): { width: number; height: number } {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(sig) || png.subarray(12, 16).toString('ascii') !== 'IHDR') {
    throw new UserError(`input "${inputName}": the icon is not a PNG file; use a square PNG, e.g. Icon.png of 512x512`);
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** A one-image .ico holding the PNG as is (valid since Windows Vista). */
export function pngToIco(png: Buffer): Buffer {
  const { width, height } = pngSize(png);
  const head = Buffer.alloc(22);
  head.writeUInt16LE(0, 0); // reserved
  head.writeUInt16LE(1, 2); // type: icon
  head.writeUInt16LE(1, 4); // count
  head.writeUInt8(width >= 256 ? 0 : width, 6);
  head.writeUInt8(height >= 256 ? 0 : height, 7);
  head.writeUInt8(0, 8); // palette
  head.writeUInt8(0, 9);
  head.writeUInt16LE(1, 10); // planes
  head.writeUInt16LE(32, 12); // bits per pixel
  head.writeUInt32LE(png.length, 14);
  head.writeUInt32LE(22, 18);
  return Buffer.concat([head, png]);
}

/**
 * The numeric FileVersion/ProductVersion Windows needs (a.b.c.d, each 0..65535) from the run's one
 * release version: its leading major[.minor[.patch]] and the build number (FyneApp.toml
 * Details.Build, at least 1). A pre-release or build suffix is dropped here ('2.3.4-rc.1' ->
 * 2.3.4.<build>; Windows has no place for it in the numbers) and kept whole in the
 * ProductVersion string; a version with no leading number (a commit) gives 0.0.0.<build>.
 */
export function combinedVersion(version: string | undefined, build = 1): string {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version ?? '');
  const [, major = '0', minor = '0', patch = '0'] = m ?? [];
  const word = (n: number) => Math.min(65535, Math.max(0, Math.floor(n)));
  return [major, minor, patch].map((p) => word(Number(p))).join('.') + `.${word(Math.max(1, build))}`;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function windowsManifest(appName: string, version: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0" xmlns:asmv3="urn:schemas-microsoft-com:asm.v3">\n' +
    `<assemblyIdentity version="${version}" processorArchitecture="*" name="${xmlEscape(appName)}" type="win32"/>\n` +
    '</assembly>\n'
  );
}

/**
 * The goversioninfo config (its versioninfo.json). `version` is the numeric a.b.c.d
 * (combinedVersion); `productVersion` the release version as written (e.g. 2.3.4-rc.1), shown by
 * Explorer as "Product version" (default: the numeric one).
 */
export function versionInfoConfig(o: { appName: string; version: string; productVersion?: string; iconPath: string; manifestPath: string }): object {
  const [major, minor, patch, build] = o.version.split('.').map(Number);
  const v = { Major: major, Minor: minor, Patch: patch, Build: build };
  return {
    FixedFileInfo: { FileVersion: v, ProductVersion: v, FileFlagsMask: '3f', FileFlags: '00', FileOS: '040004', FileType: '01', FileSubType: '00' },
    StringFileInfo: { ProductName: o.appName, FileDescription: o.appName, ProductVersion: o.productVersion || o.version, FileVersion: o.version },
    VarFileInfo: { Translation: { LangID: '0409', CharsetID: '04B0' } },
    IconPath: o.iconPath,
    ManifestPath: o.manifestPath,
  };
}

export function goversioninfoArgv(exe: string, arch: string, configPath: string, outPath: string): string[] {
  const archFlags = arch === 'amd64' ? ['-64'] : arch === 'arm64' ? ['-arm', '-64'] : arch === 'arm' ? ['-arm'] : [];
  return [exe, ...archFlags, '-o', outPath, configPath];
}

/**
 * Writes fyne_windows_<arch>.syso in a fresh winres- directory under tempDir; returns its path.
 * The caller removes that directory (dirname of the result) when done; on failure it is removed here.
 */
export async function writeWindowsSyso(o: {
  goversioninfoExe: string;
  arch: string;
  tempDir: string;
  appName: string;
  /** The run's one release version (ctx.version). */
  version?: string;
  build?: number;
  iconPng: Buffer;
}): Promise<string> {
  const dir = await mkdtemp(join(o.tempDir, 'winres-'));
  const version = combinedVersion(o.version, o.build);
  const ico = join(dir, 'icon.ico');
  const manifest = join(dir, 'app.manifest');
  const config = join(dir, 'versioninfo.json');
  const out = join(dir, `fyne_windows_${o.arch}.syso`);
  try {
    await writeFile(ico, pngToIco(o.iconPng));
    await writeFile(manifest, windowsManifest(o.appName, version));
    await writeFile(
      config,
      JSON.stringify(versionInfoConfig({ appName: o.appName, version, productVersion: o.version, iconPath: ico, manifestPath: manifest })),
    );
    await runOk(goversioninfoArgv(o.goversioninfoExe, o.arch, config, out), 'goversioninfo', { cwd: dir });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return out;
}

/** The name the .syso takes in the package directory while a build runs. */
export function sysoNameInPackage(arch: string): string {
  return `zz_gofyneaction_windows_${arch}.syso`;
}

/**
 * Copies the .syso into pkgDir (through a WriteRoot, exclusively: a file or link already at the
 * name is refused with one line and left as it was, never written through), runs `build`, and
 * removes the copy whatever happens: also when the process is signalled meanwhile
 * (SIGINT/SIGTERM/SIGHUP remove it, then end the process).
 */
export async function withSysoInPackage<T>(pkgDir: string, arch: string, syso: string, build: () => Promise<T>): Promise<T> {
  const name = sysoNameInPackage(arch);
  const root = await WriteRoot.create(pkgDir, `the package folder ${pkgDir}`);
  let placed = false;
  const release = onAbort(() => {
    if (placed) unlinkInFolderSync(root.dir, name);
  });
  try {
    await root.copyFrom(syso, name, { exclusive: true, mode: 0o644 });
    placed = true;
    return await build();
  } finally {
    if (placed) await root.remove(name);
    release();
  }
}
