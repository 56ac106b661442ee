/**
 * Every input of the action, once: name, default and one line of help. action.yml, the CLI's
 * flags and --help, and the README's table all follow this list (a unit test holds them to it).
 */
import { ARCHIVE_FORMAT_NAMES, archiveFormatAliases } from './archive/formats.js';

export type InputKind =
  | { type: 'boolean' }
  | { type: 'tristate' }
  | { type: 'choice'; choices: readonly string[]; aliases?: Readonly<Record<string, string>> }
  /** Items separated by commas or newlines (`spaces`: white space separates too). */
  | { type: 'list'; spaces?: boolean }
  | { type: 'number'; min: number; max: number; auto?: boolean }
  | { type: 'path' }
  | { type: 'string' };

export interface InputSpec {
  name: string;
  /** The only place an input's default lives. */
  default: string;
  /** How src/input-kit.ts parses it. */
  kind: InputKind;
  /** The full text: action.yml, --help and docs/inputs.md. */
  help: string;
  /** One short line for the README's commented `with:` block (keep it under 70 characters). */
  usage: string;
  /** Starts a group: a heading above this input in docs/inputs.md. */
  group?: string;
}

export const INPUTS: InputSpec[] = [
  {
    name: 'go-version',
    default: '',
    kind: { type: 'string' },
    help: "Go version or range: 1.23.4, 1.23, ^1.22, >=1.21 <1.23, 1.22.x, stable, oldstable, or one prerelease named exactly (1.25rc1, or setup-go's 1.25.0-rc.1); ranges never pick prereleases. Default: go-version-file, else go.mod in working-directory, else stable.",
    usage: '1.23.4, 1.23, ^1.22, stable, 1.25rc1 (= 1.25.0-rc.1); default go.mod',
    group: 'Go toolchain',
  },
  {
    name: 'go-version-file',
    default: '',
    kind: { type: 'path' },
    help: 'Read the version from go.mod or go.work (toolchain line wins over go), .go-version, or .tool-versions. Relative to working-directory. Not together with go-version (a contradiction is an error here, where setup-go warns).',
    usage: 'go.mod, go.work, .go-version or .tool-versions',
  },
  {
    name: 'architecture',
    default: '',
    kind: { type: 'string' },
    help: "The Go toolchain's own architecture: what runs the build, not what it builds (that is targets): amd64 (x64, x86_64) or arm64 (aarch64). Default: the runner's. setup-go's x86 and arm are refused: build those with targets (windows/386, linux/arm).",
    usage: "Go that runs the build: amd64 (x64) or arm64; default the runner's",
  },
  {
    name: 'check-latest',
    default: 'false',
    kind: { type: 'boolean' },
    help: 'Resolve the spec against the download index even when the tool cache could satisfy it.',
    usage: 'resolve against the download index even if the tool cache has it',
  },
  {
    name: 'go-download-source',
    default: 'auto',
    kind: { type: 'choice', choices: ['auto', 'dl', 'proxy'] },
    help: 'Where Go comes from: auto (dl, then proxy), dl (a go.dev/dl-style mirror) or proxy (golang.org/toolchain through GOPROXY).',
    usage: 'auto (dl, then proxy), dl or proxy',
  },
  {
    name: 'go-download-base-url',
    default: '',
    kind: { type: 'string' },
    help: 'A go.dev/dl-style mirror (env GO_DOWNLOAD_BASE_URL). Default https://go.dev/dl. The index is <base>/?mode=json&include=all. https only (http only for a loopback address); no user:password in the URL.',
    usage: 'go.dev/dl-style mirror (https); default https://go.dev/dl',
  },
  {
    name: 'go-proxy',
    default: '',
    kind: { type: 'string' },
    help: "GOPROXY-style list for the proxy source. Default: env GOPROXY, else https://proxy.golang.org,direct. The checksum database is GOSUMDB's (default sum.golang.org).",
    usage: 'GOPROXY list for the proxy source; default env GOPROXY',
  },
  {
    name: 'working-directory',
    default: '.',
    kind: { type: 'path' },
    help: 'The Go module root; must be an existing folder.',
    usage: 'the Go module root (other paths are relative to it)',
  },
  // build
  {
    name: 'targets',
    default: '',
    kind: { type: 'list', spaces: true },
    help: 'os/arch pairs to build, separated by commas, spaces or newlines, in any case (linux/amd64, windows/amd64, darwin/arm64, darwin/amd64, ...); an unknown pair is refused with the closest valid ones. Empty: set up only, build nothing.',
    usage: 'os/arch pairs: linux/amd64, windows/amd64 ...; empty: set up Go only',
    group: 'Build',
  },
  {
    name: 'main-package',
    default: '.',
    kind: { type: 'string' },
    help: "The main package to build (goreleaser's main), relative to working-directory: ., ./cmd/app or an import path.",
    usage: 'the main package: ., ./cmd/app',
  },
  {
    name: 'name',
    default: '',
    kind: { type: 'string' },
    help: 'Base name of the binaries (one file-name segment). Default: Name in FyneApp.toml, else the last element of the module path.',
    usage: 'base name of the files; default FyneApp.toml Name, else module',
  },
  {
    name: 'output-dir',
    default: 'dist',
    kind: { type: 'path' },
    help: 'Where binaries, archives and SHA256SUMS go, relative to working-directory: <name>_<os>_<arch>[.exe]. Must lie inside the workspace (GITHUB_WORKSPACE; for the CLI the current directory) and be neither the workspace nor one of its parents.',
    usage: 'where everything goes (inside the workspace)',
  },
  {
    name: 'build-tags',
    default: '',
    kind: { type: 'list', spaces: true },
    help: 'Go build tags (go build -tags; not git tags), appended to ours (Fyne release builds add release).',
    usage: 'Go build tags (not git tags), appended to ours',
  },
  {
    name: 'ldflags',
    default: '',
    kind: { type: 'string' },
    help: 'Linker flags, appended to ours (-s -w, -H=windowsgui).',
    usage: 'linker flags, appended to ours (-s -w, -H=windowsgui)',
  },
  {
    name: 'buildmode',
    default: 'exe',
    kind: { type: 'choice', choices: ['exe', 'pie', 'c-shared', 'c-archive'], aliases: { default: 'exe' } },
    help: 'exe, pie, c-shared or c-archive; checked against each target.',
    usage: 'exe, pie, c-shared or c-archive',
  },
  { name: 'trimpath', default: 'true', kind: { type: 'boolean' }, help: 'Build with -trimpath.', usage: 'build with -trimpath' },
  {
    name: 'strip',
    default: 'true',
    kind: { type: 'boolean' },
    help: 'Strip symbols and DWARF (-ldflags "-s -w").',
    usage: 'strip symbols and DWARF (-ldflags "-s -w")',
  },
  {
    name: 'cgo',
    default: 'auto',
    kind: { type: 'tristate' },
    help: 'auto (on for Fyne apps, off otherwise), true or false. A Fyne app cannot be built with cgo off (except js/wasm).',
    usage: 'auto (on for Fyne apps), true or false',
  },
  {
    name: 'fyne-release',
    default: 'true',
    kind: { type: 'boolean' },
    help: "Fyne apps only: build as fyne build --release does: the release build tag, FyneApp.toml's [Release] metadata with Release: true, and release C flags (-O3). -s -w and -trimpath are the strip and trimpath inputs (both on by default). Publishes nothing.",
    usage: 'Fyne apps: fyne build --release mode (publishes nothing)',
  },
  {
    name: 'windows-subsystem',
    default: 'auto',
    kind: { type: 'choice', choices: ['auto', 'gui', 'console'], aliases: { windowsgui: 'gui', windows: 'gui', cui: 'console' } },
    help: 'gui or console for Windows targets; auto: gui for Fyne apps, console otherwise. Set in a job with no Windows target: a notice.',
    usage: 'auto (gui for Fyne apps), gui or console',
  },
  {
    name: 'macos-min-version',
    default: '11.0',
    kind: { type: 'string' },
    help: 'Minimum macOS version, applied through MACOSX_DEPLOYMENT_TARGET and -mmacosx-version-min. Set in a job with no darwin target (nor universal-inputs or release-inputs): a notice.',
    usage: 'minimum macOS (MACOSX_DEPLOYMENT_TARGET)',
  },
  {
    name: 'cc',
    default: '',
    kind: { type: 'list' },
    help: 'Per-target C compilers overriding ours, e.g. windows/amd64=x86_64-w64-mingw32-gcc, linux/arm64=zig cc -target aarch64-linux-gnu. Each compiler of a target being built must be on PATH; an entry for a target this job does not build is a notice (one with: block can serve a matrix).',
    usage: 'per-target C compilers: windows/amd64=x86_64-w64-mingw32-gcc',
  },
  {
    name: 'parallel',
    default: 'auto',
    kind: { type: 'number', min: 1, max: 64, auto: true },
    help: 'The most builds at once: 1 to 64, or auto (the core count).',
    usage: 'builds at once: 1-64 or auto (core count)',
  },
  {
    name: 'install-deps',
    default: 'auto',
    kind: { type: 'tristate' },
    help: `Install the system packages the targets need with apt-get on Linux (C compilers for cgo and cross builds, Fyne's GL/X11 libraries, and Wayland libraries for Fyne 2.8 and later, osslsigncode with windows-certificate), only what is missing, saying what and why first (the log line "installing N missing package(s) with apt-get: ..." lists each with its reason, or "system packages present: ..."). auto: install on CI (always on GitHub runners; for the CLI when CI=true), else name the missing packages and stop; true: always; false: never (a missing package is an error naming the apt-get command). On macOS the Xcode command line tools are checked, on Windows the compiler on PATH.`,
    usage: 'apt-get what the targets need: auto (on CI), true or false',
  },
  // cache
  {
    name: 'cache',
    default: 'true',
    kind: { type: 'boolean' },
    help: 'Cache modules and the build cache (GOCACHE) in layers.',
    usage: 'cache modules and GOCACHE in layers',
    group: 'Cache',
  },
  {
    name: 'cache-save',
    default: 'auto',
    kind: { type: 'tristate' },
    help: 'Save caches at the end of the job. auto: save on push, schedule, workflow_dispatch, merge_group and release events only (code already on a branch or tag); every other event restores only. true: always save; false: restore only. Tag and signing builds restore modules by exact key, go mod verify them, and skip the build layer.',
    usage: 'auto (push, schedule, dispatch, merge_group, release), true, false',
  },
  {
    name: 'cache-dependency-path',
    default: '',
    kind: { type: 'list' },
    help: "Globs of go.sum files for the modules key, relative to working-directory; each must match a file (setup-go's name; any file is hashed). Default: go.sum in working-directory; for go.work, every member's go.sum.",
    usage: 'go.sum globs for the modules key; default go.sum',
  },
  { name: 'cache-key-prefix', default: 'go-fyne', kind: { type: 'string' }, help: 'Prefix of every cache key.', usage: 'prefix of every cache key' },
  {
    name: 'cache-modules',
    default: 'auto',
    kind: { type: 'choice', choices: ['auto', 'modcache', 'vendor'] },
    help: 'Form of the modules cache layer: modcache (GOMODCACHE), vendor (vendor/ restored, or made by go mod vendor; builds use -mod=vendor), or auto (a committed vendor/modules.txt is used as is, else modcache). Needs cache: true (with cache: false it changes nothing).',
    usage: 'modules cache layer: auto, modcache or vendor',
  },
  // universal
  {
    name: 'universal',
    default: 'true',
    kind: { type: 'boolean' },
    help: 'When the targets include darwin/amd64 and darwin/arm64, also produce <name>_darwin_universal.',
    usage: 'merge darwin/amd64 + darwin/arm64 into <name>_darwin_universal',
    group: 'macOS universal binary',
  },
  {
    name: 'lipo',
    default: 'auto',
    kind: { type: 'choice', choices: ['auto', 'system', 'builtin'] },
    help: "Which lipo merges: auto (Apple's on macOS runners when present, ours elsewhere), system or builtin. Either result is verified. Set in a job that merges nothing: a notice.",
    usage: "auto (Apple's on macOS, ours elsewhere), system or builtin",
  },
  {
    name: 'universal-inputs',
    default: '',
    kind: { type: 'list' },
    help: 'Paths or globs (relative to working-directory, no ..) of darwin binaries to merge into a universal binary without building (e.g. artifacts from separate macOS jobs). Each must match; needs universal: true.',
    usage: 'darwin binaries to merge without building',
  },
  // release
  {
    name: 'archive',
    default: 'none',
    kind: { type: 'choice', choices: ['none', ...ARCHIVE_FORMAT_NAMES, 'auto'], aliases: archiveFormatAliases() },
    help: `none, ${ARCHIVE_FORMAT_NAMES.join(', ')} or auto (zip for Windows, tar.gz otherwise): one reproducible archive per target, <name>_<version>_<os>_<arch>.`,
    usage: 'none, zip, tar.gz or auto (zip for Windows)',
    group: 'Release files',
  },
  {
    name: 'archive-files',
    default: '',
    kind: { type: 'list' },
    help: 'Files or globs (relative to working-directory, no ..) to put in every archive beside the binary (e.g. README.md, LICENSE). Each must match; needs archive other than none.',
    usage: 'files added to every archive: README.md, LICENSE',
  },
  {
    name: 'app-version',
    default: '',
    kind: { type: 'string' },
    help: "The app's release version, used everywhere: the metadata compiled into the app, Info.plist, the Windows version resource, archive and package names, .deb/.rpm and the signature's description (one file-name segment, used as written). Default: the tag (without a leading v) when GITHUB_REF is a tag, else FyneApp.toml's Details.Version, else the short commit. Set it when your tags are not versions.",
    usage: "the app's version; default the tag, FyneApp.toml, commit",
  },
  {
    name: 'release-inputs',
    default: '',
    kind: { type: 'list' },
    help: "Fan-in: folders or globs (relative to working-directory, no ..) holding the build jobs' downloaded output-dirs (merged into one folder or one folder per job). Builds nothing: gathers and verifies every file against the manifest of the job that made it (refusing conflicting targets) in place of the build, then runs the same steps as after a build: signing, the universal macOS binary, fyne-package (a universal .app, from the checkout's FyneApp.toml) and linux-packages (installing Go only for their tools), one SHA256SUMS, artifacts list and summary in output-dir. Each must match; not with targets or universal-inputs.",
    usage: "fan-in: the build jobs' downloaded output-dirs (no targets)",
  },
  {
    name: 'release-inputs-run-id',
    default: '',
    kind: { type: 'string' },
    help: "Fan-in: the workflow run whose jobs' manifests release-inputs takes (e.g. github.event.workflow_run.id when download-artifact fetched another run's files), or any. Default: this run (GITHUB_RUN_ID); a manifest from another run is refused.",
    usage: 'fan-in: the run the manifests come from, or any',
  },
  {
    name: 'fyne-package',
    default: 'false',
    kind: { type: 'boolean' },
    help: 'Also package with the fyne tool: a .app for macOS (universal when built), a .tar.xz with a .desktop file for Linux, icon and version info in Windows exes. A job with no such target: a notice; a project that is not a Fyne app, or has no icon: a warning that says why.',
    usage: 'fyne package: sealed .app, Linux .tar.xz, icon in the exe',
    group: 'Packages',
  },
  {
    name: 'linux-packages',
    default: '',
    kind: { type: 'list', spaces: true },
    help: 'deb, rpm or both: for every Linux binary of a Fyne app, a .deb and/or .rpm (made with nfpm) holding /usr/bin/<name>, <ID>.desktop, the icon in hicolor sizes and AppStream metainfo, from FyneApp.toml (ID, Name, Version, Build, [LinuxAndBSD]). Needs maintainer. A job with no Linux target (of a .deb/.rpm architecture) is told so in a notice, not failed, so one with: block can serve a matrix; a project that is not a Fyne app: a warning. Empty: none.',
    usage: 'deb, rpm or both (needs maintainer)',
  },
  {
    name: 'maintainer',
    default: '',
    kind: { type: 'string' },
    help: "The packages' Maintainer (deb) and Packager (rpm): Name <email>, e.g. Jane Doe <jane@example.org>. Required with linux-packages in a job that makes packages; no default, as Debian policy wants a real address. Unused (no linux-packages, or no Linux target): a notice.",
    usage: 'Name <email> for the .deb/.rpm',
  },
  // signing
  {
    name: 'windows-certificate',
    default: '',
    kind: { type: 'string' },
    help: 'Authenticode: a code-signing certificate with its private key as a PKCS#12 (.pfx) file, base64-encoded; pass it from a secret. Every Windows exe is signed right after the build (before archives and SHA256SUMS): osslsigncode on Linux (installed by install-deps) and macOS, signtool from the Windows SDK on Windows. Written only to a private 0600 file under RUNNER_TEMP, removed after use; taken out of the environment once read, so no build tool sees it. CLI: --windows-certificate-file <file.pfx> or env GO_FYNE_ACTION_WINDOWS_CERTIFICATE, never as an argument. In a job that builds no Windows target: a notice ("this job builds no Windows target, nothing to sign"), so one with: block can serve a matrix.',
    usage: 'Authenticode: base64 .pfx, from a secret',
    group: 'Signing',
  },
  {
    name: 'windows-certificate-password',
    default: '',
    kind: { type: 'string' },
    help: 'The .pfx password (from a secret); needs windows-certificate. Masked in the log; osslsigncode reads it from a 0600 file, never from its command line; no other program gets it. CLI: env GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD or --windows-certificate-password-file <file>, never as an argument.',
    usage: 'its password, from a secret',
  },
  {
    name: 'windows-timestamp-url',
    default: '',
    kind: { type: 'string' },
    help: 'RFC 3161 timestamp server (http or https), e.g. http://timestamp.digicert.com, so the signature outlives the certificate. Default: none (no network use). Without windows-certificate (a pull request from a fork gets no secrets) or Windows target: a notice.',
    usage: 'RFC 3161 timestamp server',
  },
  {
    name: 'macos-certificate',
    default: '',
    kind: { type: 'string' },
    help: 'Developer ID: the "Developer ID Application" certificate with its private key as a PKCS#12 (.p12) file, base64-encoded; pass it from a secret. The .app that fyne-package makes (universal when built, also in a fan-in) is then signed with it on any runner (hardened runtime, secure timestamp from macos-timestamp-url, nested code first) in place of the ad hoc seal, and verified. Opened in memory before anything is built: a wrong password, a certificate without the Code Signing usage or a Team ID (OU), an expired one or a non-RSA key is refused up front. Masked; no child process gets it. CLI: --macos-certificate-file <file.p12> or env GO_FYNE_ACTION_MACOS_CERTIFICATE, never as an argument. In a job that makes no .app (fyne-package false, or no darwin target): a notice. Not accepted by Apple until the macOS CI job has passed (see the README).',
    usage: 'Developer ID: base64 .p12 (signs the .app), from a secret',
  },
  {
    name: 'macos-certificate-password',
    default: '',
    kind: { type: 'string' },
    help: 'The .p12 password (from a secret); needs macos-certificate. Masked; never written to a file or given to a child process. CLI: env GO_FYNE_ACTION_MACOS_CERTIFICATE_PASSWORD or --macos-certificate-password-file <file>, never as an argument.',
    usage: 'its password, from a secret',
  },
  {
    name: 'macos-entitlements',
    default: '',
    kind: { type: 'path' },
    help: "An entitlements property list (XML .plist / .entitlements) in the repository, relative to working-directory, signed into the .app's main executable with macos-certificate. Read confined (inside the repository, no link out, not in .git) and checked before anything is built. Needs macos-certificate.",
    usage: 'entitlements .plist in the repository (Developer ID only)',
  },
  {
    name: 'macos-timestamp-url',
    default: '',
    kind: { type: 'string' },
    help: "RFC 3161 timestamp server for the Developer ID signature (Apple's notary refuses a signature without a secure timestamp). http or https, no credentials. Default (empty): Apple's, http://timestamp.apple.com/ts01.",
    usage: "RFC 3161 server for Developer ID; default Apple's",
  },
  {
    name: 'notary-key',
    default: '',
    kind: { type: 'string' },
    help: "Notarization: the App Store Connect API key (the AuthKey_<key id>.p8 file's PEM text, or base64 of it), from a secret. With notary-key-id and notary-issuer, each .app signed with macos-certificate is submitted to Apple's notary service (after fyne-package, before the release zips it), the verdict awaited (bounded by notary-timeout), a rejection's log findings printed and the run failed, and an accepted ticket stapled into the .app. Needs macos-certificate (an ad hoc seal cannot be notarized). Masked; no child process gets it. CLI: --notary-key-file <file.p8> or env GO_FYNE_ACTION_NOTARY_KEY, never as an argument.",
    usage: 'notarize: App Store Connect .p8 key, from a secret',
    group: 'Notarization',
  },
  {
    name: 'notary-key-id',
    default: '',
    kind: { type: 'string' },
    help: 'The API key ID (10 capital letters and digits, shown beside the key in App Store Connect); needs notary-key and notary-issuer.',
    usage: 'the key ID (10 characters)',
  },
  {
    name: 'notary-issuer',
    default: '',
    kind: { type: 'string' },
    help: 'The issuer ID (a UUID, App Store Connect > Users and Access > Integrations); needs notary-key and notary-key-id. Masked.',
    usage: 'the issuer ID (a UUID), from a secret',
  },
  {
    name: 'notary-timeout',
    default: '30',
    kind: { type: 'number', min: 1, max: 360 },
    help: "Minutes to wait for Apple's verdict on each submission (1 to 360); checks back off from 5 to 60 seconds. On time-out the run fails naming the submission ID.",
    usage: "minutes to wait for Apple's verdict (1-360)",
  },
  // run report
  {
    name: 'report',
    default: '',
    kind: { type: 'path' },
    help: "Write a JSON report of the run to this file (relative to working-directory, inside the workspace like output-dir): stages with timings and skip reasons, each target's build, the Go install, cache restore and save results, and the artifacts (schema in docs/schemas.md). Empty: none.",
    usage: 'write a JSON run report to this file',
    group: 'Run report',
  },
];

export const INPUT_NAMES = new Set(INPUTS.map((i) => i.name));

export function inputDefault(name: string): string {
  return INPUTS.find((i) => i.name === name)?.default ?? '';
}

export interface OutputSpec {
  name: string;
  help: string;
}

export const OUTPUTS: OutputSpec[] = [
  { name: 'go-version', help: 'The installed Go version, e.g. 1.23.4.' },
  { name: 'go-root', help: 'GOROOT of the installed Go.' },
  { name: 'go-source', help: 'Where Go came from: tool-cache, dl or proxy.' },
  { name: 'fyne-version', help: 'The Fyne version in go.mod (after replace), or none.' },
  {
    name: 'artifacts',
    help: 'JSON array of {target, os, arch, path, size, sha256, kind, signed?, notarized?} for every file produced (kind: binary, archive, app, package, deb, rpm, checksums; signed: authenticode on signed Windows exes and DLLs, adhoc on sealed .app bundles, developer-id on .app bundles signed with macos-certificate, absent on files this action did not sign; notarized: true on .app bundles whose notarization ticket is stapled).',
  },
  { name: 'checksums', help: 'Path of SHA256SUMS, when anything was built (or fanned in).' },
  {
    name: 'manifest',
    help: "Path of this job's manifest, <name>_<job-key>.manifest.json: the job and every file it made with size and sha256, for a release-inputs step.",
  },
  {
    name: 'cache-hit',
    help: "true when every cache layer restored this run matched this run's facts: modules its exact key, build its key up to the run stamp (each save gets a new stamp, so the exact build key never recurs); false when any came from a broader restore key or missed, or none was restored. Skipped layers (the build layer on tag and signing builds) do not count. Unset with cache: false.",
  },
  { name: 'cache-matched-keys', help: "JSON object of layer to the key it was restored from ('' for a miss or a skipped layer)." },
];
