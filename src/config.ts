/**
 * The input contract: every input parsed and checked once into one typed Config, before anything
 * is downloaded, built or written. `parseConfig` is pure apart from the read-only file facts it is
 * given; `resolveConfig` then expands the file patterns (archive-files, universal-inputs,
 * cache-dependency-path), which needs the disk but writes nothing. Each refusal is one UserError
 * naming the input, what was wrong and what is accepted.
 */
import { basename, dirname, join, relative, resolve } from 'node:path';
import { inputError, UserError } from './errors.js';
import { findGoMod } from './gomod.js';
import { InputReader, parseSegment, type TriState } from './input-kit.js';
import { INPUTS } from './inputs.js';
import type { GoArch, Host } from './host.js';
import { parseArch } from './host.js';
import { parseVersionSpec, type VersionSpec } from './toolchain/spec.js';
import { versionFromFile } from './toolchain/version-file.js';
import { parseGoProxy } from './toolchain/goproxy.js';
import { parseGoSumDb } from './toolchain/sumdb.js';
import { availableParallelism } from 'node:os';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { refSegments, ReadRoot, within } from './system/confine.js';
import { checkInputName, checkRelPath } from './system/names.js';
import { REPORT_SCHEMA } from './report.js';
import { onPath } from './system/process.js';
import type { BuildInputs } from './compile/plan.js';
import { parseCC, parseLdflags, parseMacosMinVersion, parsePackage, parseTags, type WindowsSubsystem } from './compile/options.js';
import { parseTargets, targetId, type Buildmode } from './compile/targets.js';
import { parseDependencyPath, parseKeyPrefix, type CacheInputs, type ModulesMode } from './cache/inputs.js';
import { resolveGoSumFiles } from './cache/vendor.js';
import type { ArchiveSetting } from './release/archive.js';
import { MANIFEST_SUFFIX } from './fanin/manifest.js';
import { matchFiles, normalizePattern, type ResolvedFile } from './system/glob.js';
import type { LipoChoice, UniversalConfig } from './universal/index.js';
import { parseLinuxPackageInputs, type LinuxPackageFormat } from './package/linux.js';
import { CERT_INPUT, parseAuthenticode, PASSWORD_INPUT, TIMESTAMP_INPUT, type AuthenticodeConfig } from './sign/authenticode.js';
import { MACOS_CERT_INPUT, MACOS_PASSWORD_INPUT } from './sign/secret-inputs.js';
import type { X509Certificate } from 'node:crypto';
import type { SigningIdentity } from './macho/p12.js';
import {
  APPLE_ENDPOINTS,
  checkEndpoints,
  ISSUER_INPUT,
  KEY_ID_INPUT,
  KEY_INPUT,
  parseNotaryInputs,
  type NotaryCredentials,
  type NotaryEndpoints,
} from './notary/inputs.js';

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
  inputs: BuildInputs;
  parallel: number;
  installDeps: TriState;
}

export interface ReleaseConfig {
  archive: ArchiveSetting;
  /** The `archive-files` patterns; `resolveConfig` fills `archiveFileList`. */
  archiveFiles: string[];
  archiveFileList: ResolvedFile[];
  /** '' = from the tag or commit. */
  version: string;
  fynePackage: boolean;
  /** The `release-inputs` patterns (fan-in mode when non-empty); `resolveConfig` fills `releaseInputFiles`. */
  releaseInputs: string[];
  releaseInputFiles: ResolvedFile[];
  /** `linux-packages`: .deb / .rpm for every Linux binary; `maintainer` for them. */
  linuxPackages: LinuxPackageFormat[];
  maintainer: string;
}

/**
 * An input this job does not use: one `with:` block serves a whole matrix, so a value meant for
 * another job's targets (a Windows certificate in a Linux job) is told once as a notice and listed
 * in the summary, never an error. A contradiction inside what the job does stays an error.
 */
export interface ConfigNotice {
  input: string;
  /** `<input>: <why this job does not use it>`, one line. */
  message: string;
}

/** The notice for an input this job does not use. */
export function unusedInput(input: string, why: string): ConfigNotice {
  return { input, message: `${input}: ${why}` };
}

/** The tree every repository file is read from: the workspace, or working-directory when it lies elsewhere. */
export function repositoryRoot(config: Pick<Config, 'workspace' | 'workingDirectory'>): string {
  return within(config.workspace, config.workingDirectory) ? config.workspace : config.workingDirectory;
}

export interface Config {
  /** GITHUB_WORKSPACE, or the CLI's current directory: output-dir must lie inside it. */
  workspace: string;
  workingDirectory: string;
  /** Absolute: where every file this run makes goes. */
  outputDir: string;
  /** Absolute path of the run report (JSON, src/report.ts) to write; '' = none. */
  report: string;
  toolchain: ToolchainConfig;
  build: BuildConfig;
  cache: CacheInputs;
  universal: UniversalConfig;
  release: ReleaseConfig;
  /** Signing: Authenticode for Windows exes when a certificate is given; Developer ID and notarization of the .app. */
  signing: { authenticode?: AuthenticodeConfig; developerId?: DeveloperIdConfig; notary?: NotaryConfig };
  /** Inputs this job does not use (printed once as notices, listed in the summary), in input order. */
  notices: ConfigNotice[];
}

/**
 * Developer ID signing of the .app fyne-package makes (macos-certificate). parseConfig checks what
 * it can without node-forge; resolveConfig opens the .p12 (loadIdentity, loaded lazily so ad hoc
 * runs never parse node-forge), reads and converts the entitlements, and fills `identity`.
 */
export interface DeveloperIdConfig {
  /** Set by resolveConfig: the key, leaf, chain and Team ID, in memory. */
  identity?: SigningIdentity;
  /** `macos-entitlements` as given ('' = none), relative to working-directory. */
  entitlementsPath: string;
  /** The entitlements plist's bytes (read confined, checked by entitlementsToDer), set by resolveConfig. */
  entitlements?: Buffer;
  /** RFC 3161 server ('' from the input = Apple's; resolveConfig fills it in and checks it). */
  timestampUrl: string;
  /** What our verifier anchors the signer's chain at (set by resolveConfig, see chainAnchors). */
  anchors: X509Certificate[];
}

/** Notarization of each Developer ID .app (notary-key, notary-key-id, notary-issuer). */
export interface NotaryConfig {
  credentials: NotaryCredentials;
  /** notary-timeout in milliseconds: the bound on the wait for each verdict. */
  maxWaitMs: number;
  /** Apple's services, or the test knobs GO_FYNE_ACTION_NOTARY_URL / _NOTARY_STORAGE_URL / _TICKET_URL (https, or http for loopback). */
  endpoints: NotaryEndpoints;
}

export { MACOS_CERT_INPUT, MACOS_PASSWORD_INPUT, secretInputForms } from './sign/secret-inputs.js';
export const ENTITLEMENTS_INPUT = 'macos-entitlements';
export const MACOS_TIMESTAMP_INPUT = 'macos-timestamp-url';
export const NOTARY_TIMEOUT_INPUT = 'notary-timeout';
/** The notary inputs that hold a secret (the issuer ID is masked too: it names the account). */
const NOTARY_INPUTS = [KEY_INPUT, KEY_ID_INPUT, ISSUER_INPUT];

/** The raw .p12 and password between parseConfig and resolveConfig: kept off the Config object, which may be shown. */
const pendingIdentity = new WeakMap<Config, { certificate: string; password: string }>();

/** The environment knobs that point the notary at another service (tests: a loopback one). */
export const NOTARY_URL_ENV = 'GO_FYNE_ACTION_NOTARY_URL';
export const NOTARY_STORAGE_URL_ENV = 'GO_FYNE_ACTION_NOTARY_STORAGE_URL';
export const TICKET_URL_ENV = 'GO_FYNE_ACTION_TICKET_URL';

/** Apple's notary services, each replaced by its knob when set; checked (https, or http for loopback). */
export function notaryEndpoints(env: NodeJS.ProcessEnv): NotaryEndpoints {
  const knob = (name: string): string | undefined => env[name]?.trim() || undefined;
  return checkEndpoints({
    api: knob(NOTARY_URL_ENV) ?? APPLE_ENDPOINTS.api,
    storage: knob(NOTARY_STORAGE_URL_ENV) ?? APPLE_ENDPOINTS.storage,
    region: APPLE_ENDPOINTS.region,
    tickets: knob(TICKET_URL_ENV) ?? APPLE_ENDPOINTS.tickets,
  });
}

/**
 * The certificates our verifier anchors the Developer ID chain at: the self-signed roots the .p12
 * carries; else the top of the chain it carries (Apple's root is not shipped in a .p12, and the
 * runner may not be a Mac: the CMS, its certificates and their signatures are then checked up to
 * there); else the leaf itself.
 */
export function chainAnchors(identity: Pick<SigningIdentity, 'leaf' | 'chain'>): X509Certificate[] {
  const all = [identity.leaf, ...identity.chain];
  const roots = identity.chain.filter((c) => c.checkIssued(c) && c.verify(c.publicKey));
  if (roots.length > 0) return roots;
  const tops = identity.chain.filter((c) => !all.some((o) => o !== c && c.checkIssued(o)));
  return tops.length > 0 ? tops : [identity.leaf];
}

/**
 * The macOS signing and notary inputs (pure part). Undefined parts when unused: a job that makes no
 * .app is told in notices; without a certificate (a pull request from a fork gets no secrets) the
 * .app is sealed ad hoc, and notary inputs are refused (an ad hoc seal cannot be notarized).
 */
function parseMacSigning(
  read: InputReader,
  env: NodeJS.ProcessEnv,
  makesApp: boolean,
  unused: (input: string, why: string) => void,
): { developerId?: DeveloperIdConfig; notary?: NotaryConfig; pending?: { certificate: string; password: string } } {
  const certificate = read.string(MACOS_CERT_INPUT).trim();
  const password = read.string(MACOS_PASSWORD_INPUT);
  const entitlementsPath = read.path(ENTITLEMENTS_INPUT).trim();
  const timestampUrl = read.string(MACOS_TIMESTAMP_INPUT).trim();
  const maxWaitMs = (read.count(NOTARY_TIMEOUT_INPUT) ?? 30) * 60_000;
  const notaryRaw = { key: read.string(KEY_INPUT), keyId: read.string(KEY_ID_INPUT), issuer: read.string(ISSUER_INPUT) };
  const notarySet = NOTARY_INPUTS.filter((n) => read.isSet(n));
  const macInputs = [MACOS_CERT_INPUT, MACOS_PASSWORD_INPUT, ENTITLEMENTS_INPUT, MACOS_TIMESTAMP_INPUT, ...NOTARY_INPUTS, NOTARY_TIMEOUT_INPUT];
  if (!makesApp) {
    for (const n of macInputs) if (read.isSet(n)) unused(n, 'this job makes no .app (fyne-package with a macOS target), nothing to sign or notarize');
    return {};
  }
  if (certificate === '') {
    if (password !== '')
      throw inputError(
        MACOS_PASSWORD_INPUT,
        '***',
        `is set without ${MACOS_CERT_INPUT}`,
        `set ${MACOS_CERT_INPUT} (the base64 .p12) too, or drop ${MACOS_PASSWORD_INPUT}`,
      );
    if (notarySet.length > 0)
      throw new UserError(
        `input "${notarySet[0]}" is set without ${MACOS_CERT_INPUT}: an ad hoc seal cannot be notarized; set ${MACOS_CERT_INPUT} (a Developer ID Application .p12, base64) too, or drop ${notarySet.join(', ')}`,
      );
    if (entitlementsPath !== '')
      throw inputError(
        ENTITLEMENTS_INPUT,
        entitlementsPath,
        `is set without ${MACOS_CERT_INPUT} (the ad hoc seal carries no entitlements)`,
        `set ${MACOS_CERT_INPUT} too, or drop ${ENTITLEMENTS_INPUT}`,
      );
    for (const n of [MACOS_TIMESTAMP_INPUT, NOTARY_TIMEOUT_INPUT])
      if (read.isSet(n)) unused(n, `no ${MACOS_CERT_INPUT} is given to this job, the .app is sealed ad hoc`);
    return {};
  }
  if (entitlementsPath !== '') {
    normalizePattern(entitlementsPath, ENTITLEMENTS_INPUT); // no .., no absolute path
    checkRelPath(entitlementsPath.replace(/\\/g, '/'), `input "${ENTITLEMENTS_INPUT}"`);
  }
  const credentials = parseNotaryInputs(notaryRaw);
  if (!credentials && read.isSet(NOTARY_TIMEOUT_INPUT)) unused(NOTARY_TIMEOUT_INPUT, 'no notary-key is given to this job, nothing is notarized');
  return {
    developerId: { entitlementsPath, timestampUrl, anchors: [] },
    notary: credentials ? { credentials, maxWaitMs, endpoints: notaryEndpoints(env) } : undefined,
    pending: { certificate, password },
  };
}

/** What parseConfig may ask of the disk and the machine; all read-only. */
export interface ConfigSources {
  /** The raw input ('' when unset). */
  input(name: string): string;
  env: NodeJS.ProcessEnv;
  host: Host;
  cwd: string;
  /** Reads a file's text, or undefined when it does not exist. */
  readFile(path: string): string | undefined;
  /** What is at a path (following links), or undefined. */
  kindOf(path: string): 'file' | 'dir' | 'other' | undefined;
  /** The size in bytes of what is at a path (following links), or undefined. */
  sizeOf?(path: string): number | undefined;
  /** The path with every link resolved (the path must exist). */
  realpath(path: string): string;
  /** Whether a command is an executable on PATH (or an executable path). */
  onPath(command: string): boolean;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/i;

/** A download mirror: https, or http for a loopback address only; never user:password. */
export function parseMirrorUrl(name: string, raw: string): string {
  const shown = raw.replace(/\/\/[^/@]*@/, '//'); // never echo user:password
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw inputError(name, shown, 'is not a URL', 'use an https URL such as https://go.dev/dl');
  }
  if (u.username || u.password)
    throw inputError(name, shown, 'carries user:password, which go-fyne-action never sends to a mirror', 'use an https URL without credentials');
  if (u.protocol === 'http:' && !LOOPBACK.test(u.hostname)) {
    throw inputError(
      name,
      shown,
      'is plain http (the index that carries the sha256 would travel unauthenticated)',
      'use an https URL; http is accepted only for a loopback address (127.0.0.1, localhost, [::1])',
    );
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw inputError(name, shown, `has scheme ${u.protocol.replace(/:$/, '')}`, 'use an https URL such as https://go.dev/dl');
  if (u.search || u.hash) throw inputError(name, shown, 'has a query or fragment', 'use the base URL of a go.dev/dl-style mirror');
  return raw.replace(/\/+$/, '');
}

/** The largest repository file parseConfig reads (a version file, a go.mod, an earlier report). */
export const CONFIG_READ_CAP = 1 << 20;

/** The version-control folder `p` lies in relative to `root` (lexically), or undefined. */
function vcsProblem(root: string, p: string): string | undefined {
  if (!within(root, p)) return undefined;
  const r = refSegments(relative(root, p) || '.');
  return 'problem' in r ? r.problem : undefined;
}

/**
 * The text of a repository file parseConfig reads (go-version-file, the go.mod that sets the Go
 * version, an earlier report), confined like ReadRoot: inside the workspace after every link is
 * resolved, never in .git, a regular file, at most CONFIG_READ_CAP bytes. Undefined when nothing
 * is there; a refusal names `input` and `raw` and never shows a byte of the file.
 */
function readRepoFile(src: ConfigSources, input: string, raw: string, abs: string, workspace: string, accepted: string): string | undefined {
  const kind = src.kindOf(abs);
  if (kind === undefined) return undefined;
  if (kind === 'dir') throw inputError(input, raw, `is a folder (${abs}), not a file`, accepted);
  const lexical = vcsProblem(workspace, abs);
  if (lexical) throw inputError(input, raw, lexical, accepted);
  const real = src.realpath(abs);
  const realWs = src.realpath(workspace);
  if (!within(realWs, real)) throw inputError(input, raw, `is a link that leads outside the workspace ${workspace}`, accepted);
  const through = vcsProblem(realWs, real);
  if (through) throw inputError(input, raw, `leads through a link into the ${through.replace(/^is inside the /, '')}`, accepted);
  if (kind !== 'file') throw inputError(input, raw, 'is not a regular file', accepted);
  const size = src.sizeOf?.(real);
  if (size !== undefined && size > CONFIG_READ_CAP) throw inputError(input, raw, `is ${size} bytes, over the ${CONFIG_READ_CAP}-byte limit`, accepted);
  return src.readFile(real);
}

/** The real path of p, resolving links in the part that exists (the rest is taken as written). */
function realpathExisting(src: ConfigSources, p: string): string {
  let existing = p;
  const rest: string[] = [];
  while (src.kindOf(existing) === undefined) {
    const up = dirname(existing);
    if (up === existing) break;
    rest.unshift(existing.slice(up.length).replace(/^[\\/]+/, ''));
    existing = up;
  }
  return join(src.realpath(existing), ...rest);
}

/**
 * A path this run writes (output-dir, report): inside the workspace and not the workspace itself,
 * not something else where it should be, and not led out of the workspace by a link.
 */
function checkConfined(src: ConfigSources, input: string, raw: string, workDir: string, workspace: string, want: 'dir' | 'file'): string {
  const abs = resolve(workDir, raw);
  const accepted =
    want === 'dir' ? `use a folder inside the workspace ${workspace}, such as dist` : `use a file path inside the workspace ${workspace}, such as report.json`;
  if (!within(workspace, abs) || abs === workspace) {
    throw inputError(input, raw, abs === workspace ? 'is the workspace itself' : `resolves to ${abs}, outside the workspace`, accepted);
  }
  const vcs = vcsProblem(workspace, abs);
  if (vcs) throw inputError(input, raw, vcs, accepted);
  const kind = src.kindOf(abs);
  if (kind !== undefined && kind !== want) throw inputError(input, raw, `exists and is not a ${want === 'dir' ? 'folder' : 'file'}`, accepted);
  // A link in the repository (dist -> /) must not carry the files out of the workspace.
  const real = realpathExisting(src, abs);
  const realWs = src.realpath(workspace);
  if (!within(realWs, real) || real === realWs) throw inputError(input, raw, `leads through a link to ${real}, outside the workspace`, accepted);
  const vcsReal = vcsProblem(realWs, real);
  if (vcsReal) throw inputError(input, raw, `leads through a link into the ${vcsReal.replace(/^is inside the /, '')}`, accepted);
  if (want === 'file' && kind === 'file') checkOwnReport(src, input, raw, abs);
  return abs;
}

/**
 * An existing file at the report's name is replaced only when it is an earlier run report of
 * ours (schema go-fyne-action/report@1), never a link: `report: go.mod` must not replace go.mod.
 */
function checkOwnReport(src: ConfigSources, input: string, raw: string, abs: string): void {
  const accepted = 'give a new file name such as report.json (an existing file is replaced only when it is an earlier go-fyne-action run report)';
  if (src.realpath(abs) !== join(src.realpath(dirname(abs)), basename(abs))) throw inputError(input, raw, 'is a link', accepted);
  const size = src.sizeOf?.(abs);
  let ours = false;
  if (size === undefined || size <= CONFIG_READ_CAP) {
    try {
      const parsed = JSON.parse(src.readFile(abs) ?? '') as unknown;
      ours = typeof parsed === 'object' && parsed !== null && (parsed as { schema?: unknown }).schema === REPORT_SCHEMA;
    } catch {
      ours = false;
    }
  }
  if (!ours) throw inputError(input, raw, `exists and is not a go-fyne-action run report (schema ${REPORT_SCHEMA})`, accepted);
}

/** A fan-in step builds nothing: inputs that ask for a build contradict it. */
function checkFanIn(patterns: string[], targets: string[], universalInputs: string[]): void {
  if (patterns.length === 0) return;
  const shown = patterns.join(', ');
  if (targets.length > 0)
    throw inputError(
      'release-inputs',
      shown,
      `is set together with targets (${targets.join(', ')}), but a fan-in step builds nothing`,
      'drop targets here and fan in from a job of its own that needs the build jobs',
    );
  if (universalInputs.length > 0)
    throw inputError(
      'release-inputs',
      shown,
      `is set together with universal-inputs (${universalInputs.join(', ')})`,
      'drop universal-inputs: release-inputs merges the darwin binaries of the jobs itself',
    );
  // fyne-package and linux-packages work in a fan-in: they package the gathered binaries (src/pipeline.ts).
  for (const p of patterns) normalizePattern(p, 'release-inputs');
}

/** The tree repository files are read from: the workspace, or working-directory when it lies elsewhere. */
function readRoot(workspace: string, workingDirectory: string): string {
  return within(workspace, workingDirectory) ? workspace : workingDirectory;
}

/** The `app-version` input: '' (from the tag or commit), or a safe version (src/system/names.ts). */
function parseReleaseVersion(raw: string): string {
  const v = raw.trim();
  return v === '' ? '' : checkInputName('app-version', v, 'version');
}

export function parseConfig(src: ConfigSources): Config {
  const read = new InputReader((n) => src.input(n));
  const notices: ConfigNotice[] = [];
  const unused = (input: string, why: string): void => void notices.push(unusedInput(input, why));
  // A fan-in (release-inputs) builds nothing: its inputs apply to what it gathers.
  const fanIn = read.list('release-inputs').length > 0;
  const workspace = resolve(src.cwd, src.env.GITHUB_WORKSPACE?.trim() || '.');

  const wdRaw = read.path('working-directory');
  const workingDirectory = resolve(src.cwd, wdRaw);
  const wdKind = src.kindOf(workingDirectory);
  if (wdKind !== 'dir') {
    throw inputError(
      'working-directory',
      wdRaw,
      wdKind === undefined ? `does not exist (looked at ${workingDirectory})` : 'is not a folder',
      'name the folder that holds go.mod, relative to the workspace',
    );
  }

  // The version: go-version, or a version file, or the module's go.mod, or stable.
  const versionInput = read.string('go-version');
  const fileInput = read.path('go-version-file');
  if (versionInput && fileInput) {
    throw new UserError(`inputs "go-version" and "go-version-file" are both set (${JSON.stringify(versionInput)}, ${JSON.stringify(fileInput)}); set only one`);
  }
  let spec: VersionSpec;
  let specFrom: string;
  if (versionInput) {
    spec = parseVersionSpec(versionInput, 'go-version');
    specFrom = 'go-version';
  } else if (fileInput) {
    const path = resolve(workingDirectory, fileInput);
    const accepted = 'name a go.mod, go.work, .go-version or .tool-versions file, relative to working-directory';
    const text = readRepoFile(src, 'go-version-file', fileInput, path, readRoot(workspace, workingDirectory), accepted);
    if (text === undefined) throw inputError('go-version-file', fileInput, `does not exist (looked at ${path})`, accepted);
    spec = parseVersionSpec(versionFromFile(path, text), 'go-version-file');
    specFrom = path;
  } else {
    const top = readRoot(workspace, workingDirectory);
    const gomod = findGoMod(workingDirectory, (p) => src.kindOf(p) !== undefined, top); // the go.mod the go command will use (inside the repository)
    const text =
      gomod === undefined
        ? undefined
        : readRepoFile(
            src,
            'go-version-file',
            relative(workingDirectory, gomod) || 'go.mod',
            gomod,
            top,
            'the go.mod that sets the Go version must be a regular file inside the repository; or set go-version',
          );
    if (gomod !== undefined && text !== undefined) {
      spec = parseVersionSpec(versionFromFile(gomod, text), 'go-version-file');
      specFrom = gomod;
    } else {
      spec = parseVersionSpec('stable');
      specFrom = 'default';
    }
  }

  const archRaw = read.string('architecture');
  const arch = archRaw ? parseArch(archRaw) : src.host.arch;

  const baseFromInput = read.string('go-download-base-url');
  const downloadBaseUrl = baseFromInput
    ? parseMirrorUrl('go-download-base-url', baseFromInput)
    : src.env.GO_DOWNLOAD_BASE_URL?.trim()
      ? parseMirrorUrl('GO_DOWNLOAD_BASE_URL', src.env.GO_DOWNLOAD_BASE_URL.trim())
      : 'https://go.dev/dl';
  const proxyInput = read.string('go-proxy');
  const goProxy = proxyInput || src.env.GOPROXY?.trim() || '';
  // The environment's GOPROXY also serves the builds' module downloads, where file:// is valid;
  // go-proxy is ours alone (the toolchain source) and must be http(s) throughout.
  parseGoProxy(goProxy, proxyInput ? 'go-proxy' : 'GOPROXY', proxyInput ? 'refuse' : 'skip');
  const goSumDb = src.env.GOSUMDB?.trim() ?? '';
  parseGoSumDb(goSumDb);

  const targets = parseTargets(read.list('targets'));
  const built = new Set(targets.map(targetId));
  const builds = (os: string): boolean => targets.some((t) => t.os === os);
  const cc = parseCC(read.list('cc').join('\n'));
  for (const [target, command] of Object.entries(cc)) {
    if (!built.has(target)) {
      // A compiler for another job's target: not needed (nor checked) on this runner.
      unused('cc', `this job does not build ${target}, its compiler (${command}) is not used`);
      Reflect.deleteProperty(cc, target);
      continue;
    }
    const exe = command.split(/\s+/)[0];
    if (!src.onPath(exe))
      throw inputError(
        'cc',
        `${target}=${command}`,
        `names ${exe}, which is not on PATH`,
        'install the compiler first, or name one on PATH (e.g. x86_64-w64-mingw32-gcc)',
      );
  }
  const name = parseSegment('name', read.string('name'), 'a file name');
  const outputDir = checkConfined(src, 'output-dir', read.path('output-dir'), workingDirectory, workspace, 'dir');
  const reportRaw = read.path('report');
  const report = reportRaw ? checkConfined(src, 'report', reportRaw, workingDirectory, workspace, 'file') : '';
  const inputs: BuildInputs = {
    targets,
    package: parsePackage(read.string('main-package')),
    name,
    outputDir,
    tags: parseTags(read.list('build-tags')),
    ldflags: parseLdflags(read.string('ldflags')),
    buildmode: read.choice<Buildmode>('buildmode'),
    trimpath: read.boolean('trimpath'),
    strip: read.boolean('strip'),
    cgo: read.tri('cgo'),
    release: read.boolean('fyne-release'),
    windowsSubsystem: read.choice<WindowsSubsystem>('windows-subsystem'),
    macosMinVersion: parseMacosMinVersion(read.string('macos-min-version')),
    cc,
  };
  const universalInputs = read.list('universal-inputs');
  if (!fanIn && universalInputs.length === 0 && !builds('darwin') && read.isSet('macos-min-version'))
    unused('macos-min-version', 'this job builds no macOS target, nothing to apply it to');
  if (!fanIn && !builds('windows') && read.isSet('windows-subsystem')) unused('windows-subsystem', 'this job builds no Windows target, nothing to apply it to');
  const build: BuildConfig = {
    inputs,
    parallel: read.count('parallel') ?? Math.max(1, Math.floor(availableParallelism())),
    installDeps: read.tri('install-deps'),
  };

  const cache: CacheInputs = {
    enabled: read.boolean('cache'),
    save: read.tri('cache-save'),
    dependencyPaths: parseDependencyPath(read.list('cache-dependency-path')),
    keyPrefix: parseKeyPrefix(read.string('cache-key-prefix')),
    modules: read.choice<ModulesMode>('cache-modules'),
  };

  const universal: UniversalConfig = {
    enabled: read.boolean('universal'),
    lipo: read.choice<LipoChoice>('lipo'),
    inputs: read.list('universal-inputs'),
    resolvedInputs: [],
  };
  const merges = universal.enabled && (fanIn || universal.inputs.length > 0 || (built.has('darwin/amd64') && built.has('darwin/arm64'))); // a universal binary is made here
  if (!merges && read.isSet('lipo'))
    unused(
      'lipo',
      universal.enabled
        ? 'this job merges no universal binary (no darwin/amd64 and darwin/arm64 pair), nothing to merge'
        : 'universal is false, nothing to merge',
    );
  else if (universal.lipo === 'system' && (src.host.os !== 'darwin' || !src.onPath('lipo'))) {
    throw inputError(
      'lipo',
      'system',
      `needs Apple's lipo, which this ${src.host.os === 'darwin' ? 'macOS runner does not have on PATH' : `${src.host.os} runner does not have`}`,
      'use auto or builtin (our lipo, on any runner)',
    );
  }
  if (universal.inputs.length > 0 && !universal.enabled) {
    throw inputError(
      'universal-inputs',
      universal.inputs.join(', '),
      'is set while universal is false',
      'set universal: true to merge them, or drop universal-inputs',
    );
  }
  for (const p of universal.inputs) normalizePattern(p, 'universal-inputs');

  const archive = read.choice<ArchiveSetting>('archive');
  const archiveFiles = read.list('archive-files');
  if (archiveFiles.length > 0 && archive === 'none') {
    throw inputError('archive-files', archiveFiles.join(', '), 'is set while archive is none', 'set archive to zip, tar.gz or auto, or drop archive-files');
  }
  for (const p of archiveFiles) normalizePattern(p, 'archive-files');
  const release: ReleaseConfig = {
    archive,
    archiveFiles,
    archiveFileList: [],
    version: parseReleaseVersion(read.string('app-version')),
    fynePackage: read.boolean('fyne-package'),
    releaseInputs: read.list('release-inputs'),
    releaseInputFiles: [],
    ...parseLinuxPackageInputs({
      formats: read.list('linux-packages'),
      maintainer: read.string('maintainer'),
      targets: targets.map(targetId),
      fanIn,
      notice: unused,
    }),
  };
  // The fyne tool packages Linux (.tar.xz), macOS (.app, also from universal-inputs) and Windows (icon and version in the exe).
  if (release.fynePackage && !fanIn && universalInputs.length === 0 && !['linux', 'darwin', 'windows'].some(builds)) {
    unused('fyne-package', `this job builds no Linux, macOS or Windows target (targets: ${[...built].join(', ') || 'none'}), nothing to package`);
  }
  checkFanIn(release.releaseInputs, targets.map(targetId), universal.inputs);
  const runIdInput = read.string('release-inputs-run-id');
  if (runIdInput !== '' && release.releaseInputs.length === 0) {
    throw inputError('release-inputs-run-id', runIdInput, 'is set without release-inputs', 'set it only in a fan-in step (with release-inputs), or drop it');
  }
  const authenticode = parseAuthenticode({
    certificate: read.string(CERT_INPUT),
    password: read.string(PASSWORD_INPUT),
    timestampUrl: read.string(TIMESTAMP_INPUT),
    windowsTargets: targets.filter((t) => t.os === 'windows').map(targetId),
    targets: targets.map(targetId),
    fanIn,
    host: src.host.os,
    onPath: (c) => src.onPath(c),
    notice: unused,
  });
  // A .app is made by fyne-package for a darwin target, universal-inputs, or what a fan-in gathers.
  const makesApp = release.fynePackage && (fanIn || universalInputs.length > 0 || builds('darwin'));
  const mac = parseMacSigning(read, src.env, makesApp, unused);
  // In input order (src/inputs.ts), as the summary lists them.
  const order = (n: ConfigNotice): number => INPUTS.findIndex((i) => i.name === n.input);
  notices.sort((a, b) => order(a) - order(b));

  const config: Config = {
    workspace,
    workingDirectory,
    outputDir,
    report,
    build,
    cache,
    universal,
    release,
    signing: {
      ...(authenticode ? { authenticode } : {}),
      ...(mac.developerId ? { developerId: mac.developerId } : {}),
      ...(mac.notary ? { notary: mac.notary } : {}),
    },
    notices,
    toolchain: {
      spec,
      specFrom,
      arch,
      checkLatest: read.boolean('check-latest'),
      source: read.choice<DownloadSource>('go-download-source'),
      downloadBaseUrl,
      goProxy,
      goSumDb,
    },
  };
  if (mac.pending) pendingIdentity.set(config, mac.pending);
  return config;
}

/** Files from patterns must stay inside the working directory, links included. */
function checkInside(input: string, files: string[], root: string, realpath: (p: string) => string): void {
  const realRoot = realpath(root);
  for (const f of files) {
    const real = realpath(f);
    if (!within(realRoot, real))
      throw inputError(input, relative(root, f), `leads through a link to ${real}, outside the working directory`, 'list files inside the working directory');
  }
}

/**
 * The read-only second half of the contract: every pattern must match now, before the build,
 * and every match must lie inside the working directory.
 */
export async function resolveConfig(config: Config, realpath: (p: string) => string): Promise<Config> {
  const wd = config.workingDirectory;
  // archive-files and universal-inputs are read into the release: each match is a confined read
  // (no link out of the working directory or into .git, regular files only); the release then
  // reads the real path the check resolved.
  const repo = await ReadRoot.open(wd, 'the working directory');
  if (config.release.archiveFiles.length > 0) {
    config.release.archiveFileList = await matchFiles(config.release.archiveFiles, wd, 'archive-files', repo);
    // each match's name becomes an archive member's path on the user's disk
    for (const f of config.release.archiveFileList) checkRelPath(f.name, 'input "archive-files"');
    checkInside(
      'archive-files',
      config.release.archiveFileList.map((f) => f.source),
      wd,
      realpath,
    );
  }
  if (config.universal.inputs.length > 0) {
    config.universal.resolvedInputs = (await matchFiles(config.universal.inputs, wd, 'universal-inputs', repo)).map((f) => f.source);
    checkInside('universal-inputs', config.universal.resolvedInputs, wd, realpath);
    if (config.universal.resolvedInputs.length < 2) {
      throw inputError(
        'universal-inputs',
        config.universal.inputs.join(', '),
        `matched ${config.universal.resolvedInputs.length} file`,
        'match at least two darwin binaries (e.g. amd64 and arm64)',
      );
    }
  }
  if (config.release.releaseInputs.length > 0) {
    const shown = config.release.releaseInputs.join(', ');
    const files = await matchFiles(config.release.releaseInputs, wd, 'release-inputs', repo);
    checkInside(
      'release-inputs',
      files.map((f) => f.source),
      wd,
      realpath,
    );
    const inOutput = files.find((f) => within(config.outputDir, f.source));
    if (inOutput)
      throw inputError(
        'release-inputs',
        shown,
        `takes in ${inOutput.name}, inside output-dir ${config.outputDir}`,
        "download the jobs' files somewhere else than output-dir (e.g. output-dir: release)",
      );
    if (!files.some((f) => f.name.endsWith(MANIFEST_SUFFIX))) {
      throw inputError(
        'release-inputs',
        shown,
        `holds no job manifest (*${MANIFEST_SUFFIX}) among ${files.length} file(s)`,
        "download each build job's whole output-dir, where go-fyne-action writes <name>_<job-key>.manifest.json",
      );
    }
    config.release.releaseInputFiles = files;
  }
  await resolveDeveloperId(config, repo);
  if (config.cache.enabled && config.cache.dependencyPaths.length > 0) {
    const files = await resolveGoSumFiles(wd, config.cache.dependencyPaths);
    checkInside(
      'cache-dependency-path',
      files.map((f) => join(wd, f)),
      wd,
      realpath,
    );
  }
  return config;
}

/** The largest entitlements file read (a plist of a few keys). */
const ENTITLEMENTS_CAP = 256 << 10;

/**
 * Opens the .p12 (wrong password, no code-signing usage, no Team ID, expired, non-RSA key: one
 * line naming the input), checks the timestamp URL, reads the entitlements confined and converts
 * them: all before anything is downloaded or built. node-forge is loaded only here, and only when
 * a certificate is given.
 */
async function resolveDeveloperId(config: Config, repo: ReadRoot): Promise<void> {
  const dev = config.signing.developerId;
  const pending = pendingIdentity.get(config);
  if (!dev || !pending) return;
  pendingIdentity.delete(config);
  // One after the other: they share node-forge's module (and jest's module linker races on parallel imports of it).
  const { loadIdentity } = await import('./macho/p12.js');
  const { APPLE_TIMESTAMP_URL, parseTimestampUrl } = await import('./macho/tsa.js');
  const { entitlementsToDer } = await import('./macho/devid-sign.js');
  const identity = loadIdentity(pending.certificate, pending.password);
  dev.timestampUrl = parseTimestampUrl(dev.timestampUrl || APPLE_TIMESTAMP_URL);
  if (dev.entitlementsPath !== '') {
    const xml = await repo.read(dev.entitlementsPath, `input "${ENTITLEMENTS_INPUT}"`, { maxBytes: ENTITLEMENTS_CAP });
    entitlementsToDer(xml); // refused here, before the build, when it is not an entitlements plist
    dev.entitlements = xml;
  }
  dev.identity = identity;
  dev.anchors = chainAnchors(identity);
}

// ---- the thin part: the disk as parseConfig sees it (read-only) ----

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw e;
  }
}

function kindOf(path: string): ReturnType<ConfigSources['kindOf']> {
  try {
    const st = statSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch {
    return undefined;
  }
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

/** The disk and machine as parseConfig sees them: read-only. */
export function diskSources(input: (name: string) => string, env: NodeJS.ProcessEnv, host: Host, cwd: string): ConfigSources {
  return { input, env, host, cwd, readFile: readText, kindOf, sizeOf, realpath: (p) => realpathSync(p), onPath: (c) => onPath(c, env) };
}
