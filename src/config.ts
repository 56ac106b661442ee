/**
 * Every input parsed and validated once into one typed Config. Pure apart from the file
 * reader it is given. Errors name the input, the bad value and what is accepted.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { inputError, UserError } from './errors.js';
import { inputDefault } from './inputs.js';
import type { GoArch, Host } from './runtime.js';
import { parseArch } from './toolchain/arch.js';
import { parseVersionSpec, type VersionSpec } from './toolchain/spec.js';
import { versionFromFile } from './toolchain/version-file.js';
import { availableParallelism } from 'node:os';
import type { BuildInputs } from './build/plan.js';
import {
  parseBuildmode, parseCC, parseCgo, parseInstallDeps, parseLdflags, parseMacosMinVersion, parseName, parseOutputDir,
  parsePackage, parseParallel, parseRelease, parseStrip, parseTags, parseTrimpath, parseWindowsSubsystem, type TriState,
} from './build/options.js';
import { parseCacheInputs, type CacheInputs } from './cache/inputs.js';
import { parseArchiveSetting, type ArchiveSetting } from './release/archive.js';
import { parseFileList } from './release/glob.js';
import { parseLipo, parseUniversalInputs, type UniversalConfig } from './universal/index.js';

export type DownloadSource = 'auto' | 'dl' | 'proxy';

export interface ToolchainConfig {
  spec: VersionSpec;
  /** Where the spec came from, for logs: `go-version`, a file path, or `default`. */
  specFrom: string;
  arch: GoArch;
  checkLatest: boolean;
  source: DownloadSource;
  downloadBaseUrl: string;
  goProxy: string;
  goSumDb: string;
}

export interface BuildConfig {
  /** The raw list; checked against the installed Go's `go tool dist list` once Go is there. */
  targetsRaw: string;
  inputs: Omit<BuildInputs, 'targets'>;
  parallel: number;
  installDeps: TriState;
}

export interface ReleaseConfig {
  archive: ArchiveSetting;
  archiveFiles: string[];
  /** '' = from the tag or commit. */
  version: string;
  fynePackage: boolean;
}

export interface Config {
  workingDirectory: string;
  toolchain: ToolchainConfig;
  build: BuildConfig;
  cache: CacheInputs;
  universal: UniversalConfig;
  release: ReleaseConfig;
}

/** os/arch tokens, separated by commas, spaces or newlines; shape only (the Go list comes later). */
export function splitTargets(raw: string): string[] {
  const tokens = raw.split(/[\s,]+/).filter(Boolean);
  for (const t of tokens) {
    if (!/^[a-z0-9]+\/[a-z0-9]+$/.test(t)) throw inputError('targets', t, 'is not an os/arch pair', 'list pairs such as linux/amd64, windows/amd64, darwin/arm64, separated by commas, spaces or newlines');
  }
  return tokens;
}

export interface ConfigSources {
  /** The raw input ('' when unset). */
  input(name: string): string;
  env: NodeJS.ProcessEnv;
  host: Host;
  cwd: string;
  /** Reads a file's text, or undefined when it does not exist. */
  readFile(path: string): string | undefined;
}

export function parseBool(name: string, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw inputError(name, raw, 'is not a boolean', 'use true or false');
}

export function parseChoice<T extends string>(name: string, raw: string, choices: readonly T[]): T {
  const v = raw.trim().toLowerCase() as T;
  if (!choices.includes(v)) throw inputError(name, raw, 'is not accepted', `use one of ${choices.join(', ')}`);
  return v;
}

function parseUrl(name: string, raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw inputError(name, raw, 'is not a URL', 'use an http(s) URL such as https://go.dev/dl');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw inputError(name, raw, 'is not an http(s) URL', 'use an http(s) URL such as https://go.dev/dl');
  return raw.replace(/\/+$/, '');
}

export function parseConfig(src: ConfigSources): Config {
  const get = (name: string) => {
    const v = src.input(name).trim();
    return v === '' ? inputDefault(name) : v;
  };
  const wd = get('working-directory') || '.';
  const workingDirectory = isAbsolute(wd) ? wd : resolve(src.cwd, wd);

  // The version: go-version, or a version file, or go.mod beside the module, or stable.
  const versionInput = src.input('go-version').trim();
  const fileInput = src.input('go-version-file').trim();
  if (versionInput && fileInput) {
    throw new UserError(`inputs "go-version" and "go-version-file" are both set (${JSON.stringify(versionInput)}, ${JSON.stringify(fileInput)}); set only one`);
  }
  let spec: VersionSpec;
  let specFrom: string;
  if (versionInput) {
    spec = parseVersionSpec(versionInput, 'go-version');
    specFrom = 'go-version';
  } else if (fileInput) {
    const path = isAbsolute(fileInput) ? fileInput : join(workingDirectory, fileInput);
    const text = src.readFile(path);
    if (text === undefined) throw inputError('go-version-file', fileInput, `does not exist (looked at ${path})`, 'name a go.mod, go.work, .go-version or .tool-versions file');
    spec = parseVersionSpec(versionFromFile(path, text), 'go-version-file');
    specFrom = path;
  } else {
    const gomod = join(workingDirectory, 'go.mod');
    const text = src.readFile(gomod);
    if (text !== undefined) {
      spec = parseVersionSpec(versionFromFile(gomod, text), 'go-version-file');
      specFrom = gomod;
    } else {
      spec = parseVersionSpec('stable');
      specFrom = 'default';
    }
  }

  const archRaw = src.input('architecture').trim();
  const arch = archRaw ? parseArch(archRaw) : src.host.arch;

  const baseRaw = src.input('go-download-base-url').trim() || src.env.GO_DOWNLOAD_BASE_URL?.trim() || 'https://go.dev/dl';
  const downloadBaseUrl = parseUrl(src.input('go-download-base-url').trim() ? 'go-download-base-url' : 'GO_DOWNLOAD_BASE_URL', baseRaw);

  const targetsRaw = src.input('targets');
  splitTargets(targetsRaw);
  const build: BuildConfig = {
    targetsRaw,
    inputs: {
      package: parsePackage(get('package')),
      name: parseName(src.input('name')),
      outputDir: parseOutputDir(get('output-dir')),
      tags: parseTags(src.input('tags')),
      ldflags: parseLdflags(src.input('ldflags')),
      buildmode: parseBuildmode(get('buildmode')),
      trimpath: parseTrimpath(get('trimpath')),
      strip: parseStrip(get('strip')),
      cgo: parseCgo(get('cgo')),
      release: parseRelease(get('release')),
      windowsSubsystem: parseWindowsSubsystem(get('windows-subsystem')),
      macosMinVersion: parseMacosMinVersion(get('macos-min-version')),
      cc: parseCC(src.input('cc')),
    },
    parallel: parseParallel(src.input('parallel'), availableParallelism()),
    installDeps: parseInstallDeps(get('install-deps')),
  };
  const cache = parseCacheInputs((n) => get(n));
  const universal: UniversalConfig = {
    enabled: parseBool('universal', get('universal')),
    lipo: parseLipo(get('lipo')),
    inputs: parseUniversalInputs(src.input('universal-inputs')),
  };
  const release: ReleaseConfig = {
    archive: parseArchiveSetting(get('archive')),
    archiveFiles: parseFileList(src.input('archive-files')),
    version: src.input('version').trim(),
    fynePackage: parseBool('fyne-package', get('fyne-package')),
  };

  return {
    workingDirectory,
    build,
    cache,
    universal,
    release,
    toolchain: {
      spec,
      specFrom,
      arch,
      checkLatest: parseBool('check-latest', get('check-latest')),
      source: parseChoice('go-download-source', get('go-download-source'), ['auto', 'dl', 'proxy'] as const),
      downloadBaseUrl,
      goProxy: src.input('go-proxy').trim() || src.env.GOPROXY?.trim() || '',
      goSumDb: src.env.GOSUMDB?.trim() ?? '',
    },
  };
}
