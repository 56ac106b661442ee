/**
 * The pure heart of the build: (inputs, project facts, host) -> one `go build` per target, with
 * argv, environment, output path and what the artifact must look like. No I/O: the files the
 * builds need (the metadata overlay) are returned as text for the executor to write.
 */
import path from 'node:path';
import { checkName } from '../system/names.js';
import { inputError } from '../errors.js';
import { fyneCgoFlags, withUserFlags, type CompilerInfo } from './cgo-flags.js';
import { compilerFor, type CompilerChoice, type HostPlatform } from './compilers.js';
import { defaultNameFromModule, type FyneAppToml } from './fyne.js';
import { METADATA_FILE, metadataGoSource, overlayJson, resolveMetadata, type AppMetadata } from './metadata.js';
import type { TriState, WindowsSubsystem } from './options.js';
import { buildmodeSupported, internalLinkPieSupported, isWasm, targetId, type Buildmode, type Target } from './targets.js';

export interface BuildInputs {
  targets: Target[];
  package: string;
  /** '' = default (FyneApp.toml Name, else the module path's last element). */
  name: string;
  /** Absolute: config resolves output-dir against the working directory. */
  outputDir: string;
  tags: string[];
  ldflags: string;
  buildmode: Buildmode;
  trimpath: boolean;
  strip: boolean;
  cgo: TriState;
  release: boolean;
  windowsSubsystem: WindowsSubsystem;
  macosMinVersion: string;
  /** Per-target CC overrides, keyed os/arch. */
  cc: Record<string, string>;
}

/** Facts about the project, gathered by loadProject() (project.ts). */
export interface ProjectInfo {
  /** Absolute working directory: `go build` runs here. */
  workDir: string;
  /** Absolute directory of the main package (the overlay adds a file there). */
  packageDir: string;
  modulePath: string;
  /** From go.mod, honouring replace: 'none' when not a Fyne app. */
  fyneVersion: string;
  fyneApp?: FyneAppToml;
  icon?: { name: string; bytes: Uint8Array };
}

export interface PlanContext {
  host: HostPlatform;
  /** The go command (default 'go'). */
  goBin?: string;
  /** The environment the builds start from (read for CGO_CFLAGS, CGO_LDFLAGS, GOFLAGS). */
  env: Record<string, string | undefined>;
  /** A private directory for generated files (overlay); removed by the executor afterwards. */
  scratchDir: string;
  /** What each C compiler command is (see cCompilerCommands), for Fyne's cgo hardening flags. */
  compilers?: Record<string, CompilerInfo | undefined>;
  /**
   * The run's one release version (src/release/version.ts resolveVersion, FyneApp.toml's
   * Details.Version among its sources): compiled into the metadata. Unset: FyneApp.toml's.
   */
  version?: string;
}

/** The C compiler command a cgo build of `t` runs: ours or the user's `cc`, else $CC, else cc (what fyne asks). */
function cCommand(host: HostPlatform, t: Target, userCC: string | undefined, env: PlanContext['env']): string {
  let cc: string | undefined;
  try {
    cc = compilerFor(host, t, userCC).cc;
  } catch {
    cc = undefined; // the planner reports it
  }
  return cc ?? env['CC'] ?? 'cc';
}

/** The distinct C compiler commands the targets may use: the thin part asks each for `--version`. */
export function cCompilerCommands(inputs: Pick<BuildInputs, 'targets' | 'cc'>, host: HostPlatform, env: PlanContext['env']): string[] {
  return [...new Set(inputs.targets.map((t) => cCommand(host, t, inputs.cc[targetId(t)], env)))];
}

/** What an artifact must look like (checked by inspect.checkArtifact). */
export interface ArtifactExpectation {
  os: string;
  arch: string;
  buildmode: Buildmode;
  /** Windows executables only. */
  subsystem?: 'gui' | 'console';
}

export interface BuildPlan {
  target: Target;
  /** os/arch */
  id: string;
  argv: string[];
  cwd: string;
  /** Variables set on top of the base environment. */
  env: Record<string, string>;
  output: string;
  /** c-archive / c-shared: the C header Go writes next to the library (only when the package has //export functions). */
  header?: string;
  cgo: boolean;
  compiler?: CompilerChoice;
  expect: ArtifactExpectation;
  /**
   * Everything that changes what this build compiles or links: the go build flags with their
   * values (`args`, output and overlay paths left out: they vary per run) and the effective value
   * of every variable that does (plan env over the base env). The build cache keys on it as is.
   */
  fingerprint: Fingerprint;
}

/** Flag list and variables, e.g. `{ args: ['-trimpath', '-tags', 'foo', '.'], GOOS: 'linux', CGO_ENABLED: '1' }`. */
export type Fingerprint = Record<string, string | string[]>;

/** A file the plan generates for the build (the metadata source and its overlay.json). */
export interface GeneratedFile {
  path: string;
  content: string;
}

export interface BuildSet {
  name: string;
  isFyne: boolean;
  fyneVersion: string;
  /** The metadata embedded (Fyne >= 2.2). */
  metadata?: AppMetadata;
  /** The release version compiled in (PlanContext.version, else FyneApp.toml's, else ''): ctx.version takes it. */
  version: string;
  /** Files to write before the builds and remove after. */
  files: GeneratedFile[];
  plans: BuildPlan[];
  /** Every plan's fingerprint, keyed `<os/arch>:<name>`: what the build cache layer is keyed on. */
  fingerprint: Fingerprint;
}

/** Variables that change compiled output (besides those matching OUTPUT_ENV_PREFIXES). */
const OUTPUT_ENV = [
  'GOOS',
  'GOARCH',
  'GO386',
  'GOAMD64',
  'GOARM',
  'GOARM64',
  'GOMIPS',
  'GOMIPS64',
  'GOPPC64',
  'GORISCV64',
  'GOWASM',
  'GOEXPERIMENT',
  'GOFLAGS',
  'CGO_ENABLED',
];
/** Variables that matter only to cgo builds: the C toolchain and its flags. */
const CGO_ENV = ['CC', 'CXX', 'AR', 'MACOSX_DEPLOYMENT_TARGET', 'SDKROOT'];
const CGO_ENV_PREFIXES = ['CGO_', 'PKG_CONFIG'];

/** Pure: the fingerprint of one build (see BuildPlan.fingerprint). */
export function fingerprintOf(args: string[], env: Partial<Record<string, string>>, baseEnv: Record<string, string | undefined>, cgo: boolean): Fingerprint {
  const fp: Fingerprint = { args };
  const names = new Set(OUTPUT_ENV);
  if (cgo) {
    for (const k of CGO_ENV) names.add(k);
    for (const k of [...Object.keys(baseEnv), ...Object.keys(env)]) if (CGO_ENV_PREFIXES.some((pre) => k.startsWith(pre))) names.add(k);
  }
  for (const k of [...names].sort()) {
    const v = env[k] ?? baseEnv[k];
    if (v !== undefined && v !== '') fp[k] = v;
  }
  return fp;
}

/** File name of an artifact: <name>_<os>_<arch> plus what the buildmode and OS call for. */
export function artifactFileName(name: string, t: Target, mode: Buildmode): string {
  const base = `${name}_${t.os}_${t.arch}`;
  switch (mode) {
    case 'c-archive':
      return `${base}.a`;
    case 'c-shared':
      return base + (t.os === 'windows' ? '.dll' : t.os === 'darwin' || t.os === 'ios' ? '.dylib' : '.so');
    default:
      return base + (t.os === 'windows' ? '.exe' : isWasm(t) ? '.wasm' : '');
  }
}

/** Moves -ldflags=... out of GOFLAGS (an explicit -ldflags would silently override it). */
export function splitGoflagsLdflags(goflags: string | undefined): { ldflags: string; rest: string } {
  const ld: string[] = [];
  const rest: string[] = [];
  for (const f of (goflags ?? '').split(/\s+/).filter(Boolean)) {
    const m = /^--?ldflags=(.*)$/.exec(f);
    if (m) ld.push(m[1].replace(/^(['"])(.*)\1$/, '$2'));
    else rest.push(f);
  }
  return { ldflags: ld.join(' '), rest: rest.join(' ') };
}

/** Appends a flag to a CGO_* variable, keeping Go's default (-O2 -g) when the variable is unset. */
function appendCgoFlags(current: string | undefined, flag: string): string {
  const base = current === undefined ? '-O2 -g' : current.trim();
  return base.split(/\s+/).includes(flag) ? base : `${base} ${flag}`.trim();
}

export function resolveName(inputs: BuildInputs, project: ProjectInfo): string {
  // FyneApp.toml's Name is a display name ("Hello Fyne"); file names get dashes for its spaces,
  // since release uploads mangle spaces. An explicit `name` input is taken as written.
  // Checked as written (a newline, a / or a .. is refused, naming the field), then spaces become dashes.
  const raw = project.fyneApp?.details.name?.trim();
  const display = raw ? checkName(raw, 'FyneApp.toml Details.Name', 'file').replace(/\s+/g, '-') : undefined;
  const name = inputs.name || display || defaultNameFromModule(project.modulePath) || path.basename(project.workDir);
  const from = inputs.name ? 'input "name"' : display ? 'FyneApp.toml Details.Name' : 'the app name (from the module path)';
  // eslint-disable-next-line no-control-regex -- control characters are among those a file name must not hold
  const cleaned = name.replace(/[/\\<>:"|?*\x00-\x1f]/g, '_');
  // What is left must be one safe file name (src/system/names.ts): not `..`, not an option, no device name.
  return checkName(cleaned, from, 'file');
}

/** Whether cgo is on for this target; throws when the combination cannot work. */
export function resolveCgo(inputs: Pick<BuildInputs, 'cgo' | 'buildmode'>, isFyne: boolean, t: Target): boolean {
  const id = targetId(t);
  const modeNeedsCgo = inputs.buildmode === 'c-shared' || inputs.buildmode === 'c-archive' || (inputs.buildmode === 'pie' && !internalLinkPieSupported(t));
  if (isWasm(t)) {
    if (inputs.cgo === 'true') throw inputError('cgo', 'true', `cannot apply to ${id} (no cgo on WebAssembly)`, 'use auto or false');
    return false;
  }
  if (inputs.cgo === 'false') {
    if (isFyne) {
      throw inputError('cgo', 'false', `cannot build a Fyne app for ${id} (Fyne needs cgo on every target but js/wasm)`, 'use auto or true');
    }
    if (modeNeedsCgo) {
      throw inputError('buildmode', inputs.buildmode, `needs cgo on ${id}, but cgo is false`, 'set cgo to auto or true, or use buildmode exe');
    }
    return false;
  }
  return inputs.cgo === 'true' || isFyne || modeNeedsCgo;
}

/** Plans every target. Throws a UserError for the first target that cannot be built as asked. */
export function planBuilds(inputs: BuildInputs, project: ProjectInfo, ctx: PlanContext): BuildSet {
  const p = ctx.host.os === 'windows' ? path.win32 : path.posix;
  const isFyne = project.fyneVersion !== 'none';
  const name = resolveName(inputs, project);
  const goBin = ctx.goBin ?? 'go';

  // Embedded metadata, through an overlay (fyne build/package generate the same init()).
  const files: GeneratedFile[] = [];
  let metadata: AppMetadata | undefined;
  let overlay: string | undefined;
  if (isFyne) {
    metadata = resolveMetadata(project.fyneApp, { release: inputs.release, fallbackName: name, icon: project.icon, version: ctx.version });
    const src = metadataGoSource(metadata, project.fyneVersion);
    if (src) {
      const real = p.join(ctx.scratchDir, METADATA_FILE);
      overlay = p.join(ctx.scratchDir, 'overlay.json');
      files.push({ path: real, content: src }, { path: overlay, content: overlayJson(p.join(project.packageDir, METADATA_FILE), real) });
    } else {
      metadata = undefined;
    }
  }

  const tags = [...inputs.tags];
  if (isFyne && inputs.release) tags.push('release');
  if (isFyne && project.fyneApp?.migrations['fyneDo']) tags.push('migrated_fynedo');
  const uniqueTags = [...new Set(tags)];
  const goflags = splitGoflagsLdflags(ctx.env['GOFLAGS']);

  const plans = inputs.targets.map((t): BuildPlan => {
    const id = targetId(t);
    if (!buildmodeSupported(inputs.buildmode, t)) {
      const ok = (['exe', 'pie', 'c-shared', 'c-archive'] as Buildmode[]).filter((m) => buildmodeSupported(m, t));
      throw inputError('buildmode', inputs.buildmode, `is not supported for ${id}`, `${id} supports ${ok.join(', ')}`);
    }
    const cgo = resolveCgo(inputs, isFyne, t);
    const compiler = cgo ? compilerFor(ctx.host, t, inputs.cc[id]) : undefined;

    const env: Record<string, string> = { GOOS: t.os, GOARCH: t.arch, CGO_ENABLED: cgo ? '1' : '0' };
    if (compiler?.cc) env['CC'] = compiler.cc;
    if (compiler?.cxx) env['CXX'] = compiler.cxx;
    Object.assign(env, compiler?.env);
    if (t.os === 'darwin') env['MACOSX_DEPLOYMENT_TARGET'] = inputs.macosMinVersion;
    if (cgo && isFyne) {
      // What fyne build [--release] gives cgo (optimisation, hardening, relro/now, ...); the
      // user's own CGO_CFLAGS/CGO_LDFLAGS follow, so theirs win.
      const f = fyneCgoFlags({
        release: inputs.release,
        goos: t.os,
        goarch: t.arch,
        macosMinVersion: inputs.macosMinVersion,
        compiler: ctx.compilers?.[cCommand(ctx.host, t, inputs.cc[id], ctx.env)],
      });
      env['CGO_CFLAGS'] = withUserFlags(f.cflags, ctx.env['CGO_CFLAGS']);
      const ld = withUserFlags(f.ldflags, ctx.env['CGO_LDFLAGS']);
      if (ld) env['CGO_LDFLAGS'] = ld;
    } else if (t.os === 'darwin') {
      if (cgo) {
        const flag = `-mmacosx-version-min=${inputs.macosMinVersion}`;
        env['CGO_CFLAGS'] = appendCgoFlags(ctx.env['CGO_CFLAGS'], flag);
        env['CGO_LDFLAGS'] = appendCgoFlags(ctx.env['CGO_LDFLAGS'], flag);
      }
    }
    if (goflags.ldflags) env['GOFLAGS'] = goflags.rest;

    const isExe = inputs.buildmode === 'exe' || inputs.buildmode === 'pie';
    const subsystem = t.os === 'windows' && isExe ? (inputs.windowsSubsystem === 'auto' ? (isFyne ? 'gui' : 'console') : inputs.windowsSubsystem) : undefined;
    const ld: string[] = [];
    if (goflags.ldflags) ld.push(goflags.ldflags);
    if (inputs.strip) ld.push('-s', '-w');
    if (subsystem === 'gui') ld.push('-H=windowsgui');
    if (inputs.ldflags) ld.push(inputs.ldflags);

    const output = p.join(inputs.outputDir, artifactFileName(name, t, inputs.buildmode));
    const flags: string[] = [];
    if (inputs.trimpath) flags.push('-trimpath');
    if (inputs.buildmode !== 'exe') flags.push(`-buildmode=${inputs.buildmode}`);
    if (uniqueTags.length) flags.push('-tags', uniqueTags.join(','));
    if (ld.length) flags.push('-ldflags', ld.join(' '));
    const argv = [goBin, 'build', ...flags];
    if (overlay) argv.push(`-overlay=${overlay}`);
    argv.push('-o', output, inputs.package);
    // The overlay's path is per run; that there is one (the embedded metadata) is not.
    const fingerprint = fingerprintOf([...flags, ...(overlay ? ['-overlay'] : []), inputs.package], env, ctx.env, cgo);

    const header = inputs.buildmode === 'c-archive' || inputs.buildmode === 'c-shared' ? output.replace(/\.(a|so|dll|dylib)$/, '.h') : undefined;
    return {
      target: t,
      id,
      argv,
      cwd: project.workDir,
      env,
      output,
      header,
      cgo,
      compiler,
      expect: { os: t.os, arch: t.arch, buildmode: inputs.buildmode, subsystem },
      fingerprint,
    };
  });

  const fingerprint: Fingerprint = {};
  for (const pl of plans) for (const [k, v] of Object.entries(pl.fingerprint)) fingerprint[`${pl.id}:${k}`] = v;
  const version = ctx.version || project.fyneApp?.details.version || '';
  return { name, isFyne, fyneVersion: project.fyneVersion, metadata, version, files, plans, fingerprint };
}
