/**
 * Fyne packaging with the real fyne CLI (fyne.io/tools/cmd/fyne, pinned in go-tool.ts).
 *
 * What the tool does (v1.7.4), and how we drive it:
 * - `fyne package -os darwin -executable <bin>` copies the binary to <Name>.app/Contents/MacOS/<basename>,
 *   writes Contents/Info.plist and Contents/Resources/icon.icns (from the PNG, rounded-mask processed).
 *   No build, no Apple tools: it runs on Linux. We give it the universal binary when one was built.
 * - `fyne package -os linux -executable <bin>` writes <Name>.tar.xz holding <basename>/Makefile and
 *   <basename>/usr/local/{bin,share/applications/<id>.desktop,share/pixmaps/<id>.png}. Also no build.
 * - The tool writes its output into its working directory, reads FyneApp.toml and the icon from
 *   `--src`, and bumps `Details.Build` in <src>/FyneApp.toml afterwards. It never sees the user's
 *   tree: `--src` is a private temp folder holding a stub main.go (the tool wants Go code there),
 *   a copy of FyneApp.toml's text (already read, confined, by the caller) and Icon.png written
 *   from the icon bytes the project loader read (confined); `-icon` names that copy, so an `Icon`
 *   in FyneApp.toml pointing anywhere is never opened by the tool.
 * - The executable is staged under the app's exe name first, because the tool names the bundle's
 *   executable and the tar's top folder after the file it is given.
 * - The names that become paths (Details.Name -> <Name>.app, the exe name) are checked with
 *   checkName and Details.ID as a reverse-DNS id before the tool runs, and the folder the result
 *   goes to is made in output-dir (refusing a link on the way) before the tool runs too.
 * - The .app is sealed ad hoc by our own signer (src/macho/bundle-sign.ts), or signed with the
 *   Developer ID identity (macos-certificate: src/macho/devid-sign.ts, timestamped), in the temp folder
 *   (a link in it may only point inside it), moved into output-dir through a WriteRoot (an old
 *   bundle or a link at its name is removed first, never followed), checked with our verifier,
 *   and only then hashed for the artifact list. The .tar.xz is copied in the same way.
 */
import { join, posix } from 'node:path';
import { artifactFromPath, type Artifact, type Signature } from '../artifacts/registry.js';
import type { X509Certificate } from 'node:crypto';
import type { SigningIdentity } from '../macho/p12.js';
import { releaseBaseName } from './archive.js';
import { runOk, type Command } from '../system/process.js';
import { sealBundle } from '../macho/bundle-sign.js';
import { formatBundleReport, verifyBundle } from '../macho/bundle-verify.js';
import { UserError } from '../errors.js';
import { WriteRoot } from '../system/confine.js';
import { checkName } from '../system/names.js';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from '../system/owned-fs.js';
import { checkAppIdFormat } from '../package/linux.js';
import { parsePlistDict, writePlist, type PlistDict } from '../macho/plist.js';
import { readFile } from 'node:fs/promises';

export type FynePackageOS = 'linux' | 'darwin';

export interface FynePackageInput {
  fyneExe: string;
  /** 'linux/amd64', 'darwin/universal', ... */
  target: string;
  /** The built executable to package. */
  binary: string;
  /** The executable's name inside the package (no extension). */
  exeName: string;
  /** Display name: CFBundleName, the .app / .desktop name. */
  appName: string;
  /** FyneApp.toml's text ([LinuxAndBSD], [Release]...), handed to the tool in its private --src. */
  fyneAppToml?: string;
  /** The PNG icon's bytes (ProjectInfo.icon, read confined by the project loader). */
  iconPng?: Uint8Array;
  /** Reverse-DNS id, e.g. com.example.hello. */
  appId?: string;
  /** The run's one release version (ctx.version); only x, x.y or x.y.z reaches the tool (see fyneAppVersion). */
  version?: string;
  /** CFBundleVersion / build number, > 0. */
  appBuild?: number;
  /** macos-min-version, the deployment target the binary was built for: Info.plist's LSMinimumSystemVersion. */
  macosMinVersion?: string;
}

/**
 * The FyneApp.toml fields that become paths or package fields, checked (one line naming the field
 * on a problem): Details.Name (the .app folder), the executable name, Details.ID when set.
 */
export function checkFynePackageFields(o: { appName: string; exeName: string; appId?: string }): { appName: string; exeName: string; appId?: string } {
  return {
    appName: checkName(o.appName, 'FyneApp.toml Details.Name'),
    exeName: checkName(o.exeName, 'the executable name'),
    appId: o.appId ? checkAppIdFormat(o.appId) : undefined,
  };
}

/** The tool accepts only x, x.y or x.y.z: '1.2.3-rc.1' -> '1.2.3'; a commit hash -> undefined. */
export function fyneAppVersion(version: string | undefined): string | undefined {
  const m = /^v?(\d+(?:\.\d+){0,2})(?:[-+].*)?$/.exec(version ?? '');
  return m ? m[1] : undefined;
}

/**
 * Pure: Info.plist as the fyne tool wrote it, made to say what the bundle is. LSMinimumSystemVersion
 * is the macos-min-version the binary was built for (the tool writes 10.11 whatever the binary
 * needs, so an older Mac would start it and it would crash instead of being refused);
 * CFBundleShortVersionString is the release version's x.y.z; keys whose string value is empty
 * (CFBundleIdentifier without an ID) or an unfinished template (LSApplicationCategoryType
 * "public.app-category." without a category) are left out.
 */
export function truthfulInfoPlist(info: PlistDict, o: { macosMinVersion?: string; version?: string }): PlistDict {
  const out: PlistDict = {};
  for (const [k, v] of Object.entries(info)) {
    if (v === undefined) continue;
    if (typeof v === 'string' && (v.trim() === '' || (k === 'LSApplicationCategoryType' && /^public\.app-category\.?$/.test(v.trim())))) continue;
    out[k] = v;
  }
  if (o.macosMinVersion) out['LSMinimumSystemVersion'] = o.macosMinVersion;
  const short = fyneAppVersion(o.version);
  if (short) out['CFBundleShortVersionString'] = short;
  return out;
}

/** Rewrites <app>/Contents/Info.plist (in our temp folder, before the seal) with truthfulInfoPlist. */
async function rewriteInfoPlist(app: string, o: { macosMinVersion?: string; version?: string }): Promise<void> {
  const file = join(app, 'Contents', 'Info.plist');
  const info = parsePlistDict(await readFile(file), 'the Info.plist the fyne tool wrote');
  await writeFile(file, writePlist(truthfulInfoPlist(info, o)));
}

function fyneOS(target: string): FynePackageOS | undefined {
  const os = target.split('/')[0];
  return os === 'linux' || os === 'darwin' ? os : undefined;
}

/** Pure: the fyne argv for a staged executable, the private source folder and the icon copy in it. */
export function fynePackageArgv(input: FynePackageInput, staged: { exe: string; srcDir: string; icon?: string }): string[] {
  const os = fyneOS(input.target);
  if (!os) throw new Error(`fyne packaging via the tool covers linux and darwin, not ${input.target}`);
  const argv = [input.fyneExe, 'package', '-os', os, '--src', staged.srcDir, '-executable', staged.exe, '-name', input.appName];
  if (staged.icon) argv.push('-icon', staged.icon);
  if (input.appId) argv.push('-app-id', input.appId);
  const v = fyneAppVersion(input.version);
  if (v) argv.push('-app-version', v);
  if (input.appBuild && input.appBuild > 0) argv.push('-app-build', String(Math.floor(input.appBuild)));
  return argv;
}

/**
 * Pure: where the result lands, relative to output-dir. linux: `<name>_<version>_linux_<arch>.tar.xz`;
 * darwin/universal: `<App>.app`; a thin darwin target: `darwin_<arch>/<App>.app` (two thin bundles
 * cannot share a name). Each part is checked as a file name.
 */
export function fynePackageRel(stem: string, version: string, target: string, appName: string): string {
  const [os = '', arch = ''] = target.split('/');
  if (os === 'linux') return checkName(`${releaseBaseName(stem, version, target)}.tar.xz`, 'the Linux package name');
  const app = `${checkName(appName, 'FyneApp.toml Details.Name')}.app`;
  return arch === 'universal' ? app : posix.join(checkName(`darwin_${arch}`, 'the target folder'), app);
}

/** The absolute destination: `fynePackageRel` under output-dir. */
export function fynePackageDest(outputDir: string, stem: string, version: string, target: string, appName: string): string {
  return join(outputDir, ...fynePackageRel(stem, version, target, appName).split('/'));
}

/** `codesign --force --sign - <app>`: Apple's ad hoc re-sign (macOS hosts, fallback only). */
export function codesignArgv(appPath: string): string[] {
  return ['codesign', '--force', '--sign', '-', appPath];
}

/** `codesign --verify --deep --strict --verbose=2 <app>`: Apple's check of our seal (macOS hosts). */
export function codesignVerifyArgv(appPath: string): string[] {
  return ['codesign', '--verify', '--deep', '--strict', '--verbose=2', appPath];
}

export interface FynePackageRun {
  outputDir: string;
  /** File name stem (the app/binary name). */
  stem: string;
  version: string;
  /** Scratch directory (RUNNER_TEMP). */
  tempDir: string;
  env?: NodeJS.ProcessEnv;
  /** Progress lines (the seal's verification report). */
  log?: (line: string) => void;
  /** Sign the .app with this Developer ID identity (macos-certificate) instead of sealing it ad hoc. */
  developerId?: DeveloperIdSigning;
}

/** What a Developer ID signature of the .app needs (config.signing.developerId, resolved). */
export interface DeveloperIdSigning {
  identity: SigningIdentity;
  /** The entitlements plist (XML), for the main executable. */
  entitlements?: Buffer;
  timestampUrl: string;
  /** What our verifier anchors the signer's chain at. */
  anchors: X509Certificate[];
}

/**
 * Seals the .app at `app` in place: ad hoc, or with a Developer ID identity (node-forge and the
 * Developer ID signer are loaded only then). Returns how it is signed.
 */
export async function signApp(app: string, developerId: DeveloperIdSigning | undefined): Promise<Signature> {
  if (!developerId) {
    await sealBundle(app);
    return 'adhoc';
  }
  const { signBundleDeveloperId } = await import('../macho/devid-sign.js');
  await signBundleDeveloperId(app, developerId.identity, { entitlements: developerId.entitlements, timestampUrl: developerId.timestampUrl });
  return 'developer-id';
}

/** Runs the fyne tool for one linux or darwin target and registers nothing: returns the artifact. */
export async function runFynePackage(input: FynePackageInput, run: FynePackageRun): Promise<Artifact> {
  const os = fyneOS(input.target);
  if (!os) throw new Error(`fyne packaging via the tool covers linux and darwin, not ${input.target}`);
  const fields = checkFynePackageFields(input);
  const checked: FynePackageInput = { ...input, ...fields };
  if (!input.iconPng)
    throw new UserError(
      `fyne-package: the app has no icon, and fyne package needs one; add Icon.png next to FyneApp.toml or set Icon under [Details] to a PNG in the repository`,
    );
  const rel = fynePackageRel(run.stem, run.version, input.target, fields.appName);
  const out = await WriteRoot.create(run.outputDir, 'output-dir');
  const parent = posix.dirname(rel);
  if (parent !== '.') await out.mkdir(parent); // a link on the way is refused before the tool runs
  const work = await mkdtemp(join(run.tempDir, 'fyne-package-'));
  try {
    const srcDir = join(work, 'src');
    const stageDir = join(work, 'stage');
    const outDir = join(work, 'out');
    for (const d of [srcDir, stageDir, outDir]) await mkdir(d);
    await writeFile(join(srcDir, 'main.go'), 'package main\n');
    if (input.fyneAppToml !== undefined) await writeFile(join(srcDir, 'FyneApp.toml'), input.fyneAppToml);
    const icon = join(srcDir, 'Icon.png');
    await writeFile(icon, input.iconPng);
    const staged = join(stageDir, fields.exeName);
    await copyFile(input.binary, staged);
    await chmod(staged, 0o755);
    const cmd: Command = { argv: fynePackageArgv(checked, { exe: staged, srcDir, icon }), cwd: outDir, env: run.env ?? process.env };
    await runOk(cmd.argv, `fyne package -os ${os}`, cmd);
    const produced = join(outDir, os === 'linux' ? `${fields.appName}.tar.xz` : `${fields.appName}.app`);
    if (os === 'linux') {
      const dest = await out.copyFrom(produced, rel, { mode: 0o644 });
      return await artifactFromPath(dest, { target: input.target, kind: 'package' });
    }
    await rewriteInfoPlist(produced, { macosMinVersion: input.macosMinVersion, version: input.version }); // before the seal: the seal covers it
    const signed = await signApp(produced, run.developerId);
    await out.remove(rel);
    const dest = await out.moveIn(produced, rel);
    const check = await verifyBundle(dest, run.developerId ? { developerId: { anchors: run.developerId.anchors, requireTimestamp: true } } : {});
    for (const line of formatBundleReport(check)) run.log?.(line);
    const what = signed === 'adhoc' ? 'the ad hoc seal' : 'the Developer ID signature';
    if (!check.ok) throw new Error(`${dest}: ${what} we just made does not verify:\n${formatBundleReport(check).join('\n')}`);
    return { ...(await artifactFromPath(dest, { target: input.target, kind: 'app' })), signed };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
