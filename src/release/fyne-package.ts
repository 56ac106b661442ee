/**
 * Fyne packaging with the real fyne CLI (fyne.io/tools/cmd/fyne, pinned in go-tool.ts).
 *
 * What the tool does (v1.7.4), and how we drive it:
 * - `fyne package -os darwin -executable <bin>` copies the binary to <Name>.app/Contents/MacOS/<basename>,
 *   writes Contents/Info.plist and Contents/Resources/icon.icns (from the PNG, rounded-mask processed).
 *   No build, no Apple tools: it runs on Linux. We give it the universal binary when one was built.
 * - `fyne package -os linux -executable <bin>` writes <Name>.tar.xz holding <basename>/Makefile and
 *   <basename>/usr/local/{bin,share/applications/<id>.desktop,share/pixmaps/<id>.png}. Also no build.
 * - The tool writes its output into its working directory and bumps `Details.Build` in
 *   <src>/FyneApp.toml afterwards. We run it with cwd = a temp directory and `--src <app dir>`,
 *   then restore FyneApp.toml byte for byte, so the user's tree is left as it was.
 * - The executable is staged under the app's exe name first, because the tool names the bundle's
 *   executable and the tar's top folder after the file it is given.
 * - The .app is then sealed ad hoc by our own signer (src/macho/bundle-sign.ts) on every host,
 *   checked with our verifier, and only then hashed for the artifact list.
 */
import { copyFile, cp, chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactFromPath, type Artifact } from '../artifacts/registry.js';
import { releaseBaseName } from './archive.js';
import { runOk, type Command } from '../system/process.js';
import { sealBundle } from '../macho/bundle-sign.js';
import { formatBundleReport, verifyBundle } from '../macho/bundle-verify.js';

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
  /** The main package's directory (the tool reads FyneApp.toml and Icon.png there). */
  srcDir: string;
  /** PNG icon; the tool defaults to <srcDir>/Icon.png. */
  icon?: string;
  /** Reverse-DNS id, e.g. com.example.hello. */
  appId?: string;
  /** The release version; only x, x.y or x.y.z reaches the tool (see fyneAppVersion). */
  version?: string;
  /** CFBundleVersion / build number, > 0. */
  appBuild?: number;
}

/** The tool accepts only x, x.y or x.y.z: '1.2.3-rc.1' -> '1.2.3'; a commit hash -> undefined. */
export function fyneAppVersion(version: string | undefined): string | undefined {
  const m = /^v?(\d+(?:\.\d+){0,2})(?:[-+].*)?$/.exec(version ?? '');
  return m ? m[1] : undefined;
}

function fyneOS(target: string): FynePackageOS | undefined {
  const os = target.split('/')[0];
  return os === 'linux' || os === 'darwin' ? os : undefined;
}

/** Pure: the fyne argv for a staged executable. */
export function fynePackageArgv(input: FynePackageInput, stagedExe: string): string[] {
  const os = fyneOS(input.target);
  if (!os) throw new Error(`fyne packaging via the tool covers linux and darwin, not ${input.target}`);
  const argv = [input.fyneExe, 'package', '-os', os, '--src', input.srcDir, '-executable', stagedExe, '-name', input.appName];
  if (input.icon) argv.push('-icon', input.icon);
  if (input.appId) argv.push('-app-id', input.appId);
  const v = fyneAppVersion(input.version);
  if (v) argv.push('-app-version', v);
  if (input.appBuild && input.appBuild > 0) argv.push('-app-build', String(Math.floor(input.appBuild)));
  return argv;
}

/**
 * Pure: where the result lands. linux: `<name>_<version>_linux_<arch>.tar.xz`; darwin/universal:
 * `<App>.app`; a thin darwin target: `darwin_<arch>/<App>.app` (two thin bundles cannot share a name).
 */
export function fynePackageDest(outputDir: string, stem: string, version: string, target: string, appName: string): string {
  const [os = '', arch = ''] = target.split('/');
  if (os === 'linux') return join(outputDir, `${releaseBaseName(stem, version, target)}.tar.xz`);
  if (arch === 'universal') return join(outputDir, `${appName}.app`);
  return join(outputDir, `darwin_${arch}`, `${appName}.app`);
}

/** `codesign --force --sign - <app>`: Apple's ad hoc re-sign (macOS hosts, fallback only). */
export function codesignArgv(appPath: string): string[] {
  return ['codesign', '--force', '--sign', '-', appPath];
}

/** `codesign --verify --deep --strict --verbose=2 <app>`: Apple's check of our seal (macOS hosts). */
export function codesignVerifyArgv(appPath: string): string[] {
  return ['codesign', '--verify', '--deep', '--strict', '--verbose=2', appPath];
}

async function moveInto(src: string, dest: string): Promise<void> {
  await rm(dest, { recursive: true, force: true });
  await mkdir(join(dest, '..'), { recursive: true });
  try {
    await rename(src, dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await cp(src, dest, { recursive: true, preserveTimestamps: true });
    await rm(src, { recursive: true, force: true });
  }
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
}

/** Runs the fyne tool for one linux or darwin target and registers nothing: returns the artifact. */
export async function runFynePackage(input: FynePackageInput, run: FynePackageRun): Promise<Artifact> {
  const os = fyneOS(input.target);
  if (!os) throw new Error(`fyne packaging via the tool covers linux and darwin, not ${input.target}`);
  const work = await mkdtemp(join(run.tempDir, 'fyne-package-'));
  const tomlPath = join(input.srcDir, 'FyneApp.toml');
  const toml = await readFile(tomlPath).catch(() => undefined);
  try {
    const stageDir = join(work, 'stage');
    const outDir = join(work, 'out');
    await mkdir(stageDir);
    await mkdir(outDir);
    const staged = join(stageDir, input.exeName);
    await copyFile(input.binary, staged);
    await chmod(staged, 0o755);
    const cmd: Command = { argv: fynePackageArgv(input, staged), cwd: outDir, env: run.env ?? process.env };
    await runOk(cmd.argv, `fyne package -os ${os}`, cmd);
    const produced = join(outDir, os === 'linux' ? `${input.appName}.tar.xz` : `${input.appName}.app`);
    const dest = fynePackageDest(run.outputDir, run.stem, run.version, input.target, input.appName);
    await moveInto(produced, dest);
    if (os === 'linux') return await artifactFromPath(dest, { target: input.target, kind: 'package' });
    await sealBundle(dest);
    const check = await verifyBundle(dest);
    for (const line of formatBundleReport(check)) run.log?.(line);
    if (!check.ok) throw new Error(`${dest}: the ad hoc seal we just made does not verify:\n${formatBundleReport(check).join('\n')}`);
    return { ...(await artifactFromPath(dest, { target: input.target, kind: 'app' })), signed: 'adhoc' };
  } finally {
    if (toml) await writeFile(tomlPath, toml);
    await rm(work, { recursive: true, force: true });
  }
}
