import {
  parseLinuxPackageInputs
} from "./chunk-BWPQGD42.js";
import {
  ARCHIVE_FORMAT_NAMES,
  archiveFormatAliases
} from "./chunk-DBNYSC5C.js";
import {
  MANIFEST_SUFFIX
} from "./chunk-NEUFGH5P.js";
import {
  parseGoProxy,
  parseGoSumDb,
  parseGoVersion,
  parseVersionSpec
} from "./chunk-CTUT5AQU.js";
import {
  parseDependencyPath,
  parseKeyPrefix
} from "./chunk-7DO46D7E.js";
import {
  parseTargets,
  targetId
} from "./chunk-266HZTFF.js";
import {
  MACOS_CERT_INPUT,
  MACOS_PASSWORD_INPUT,
  REPORT_SCHEMA
} from "./chunk-MCJ2FD2F.js";
import {
  APPLE_ENDPOINTS,
  ISSUER_INPUT,
  KEY_ID_INPUT,
  KEY_INPUT,
  checkEndpoints,
  parseNotaryInputs
} from "./chunk-ZOKSPSVI.js";
import {
  parseArch
} from "./chunk-QQHFLWLX.js";
import {
  findGoMod,
  matchFiles,
  normalizePattern,
  parseGoMod,
  parseGoWork,
  resolveGoSumFiles
} from "./chunk-WCZD6FA5.js";
import {
  CERT_INPUT,
  PASSWORD_INPUT,
  TIMESTAMP_INPUT,
  parseAuthenticode
} from "./chunk-CAERU2TX.js";
import {
  onPath
} from "./chunk-AYZTICSL.js";
import {
  ReadRoot,
  checkInputName,
  checkRelPath,
  quote,
  refSegments,
  within
} from "./chunk-RH66WDZH.js";
import {
  UserError,
  inputError
} from "./chunk-6ZRI6CPZ.js";

// src/config.ts
import { basename as basename2, dirname, join, relative, resolve } from "node:path";

// src/inputs.ts
var INPUTS = [
  {
    name: "go-version",
    default: "",
    kind: { type: "string" },
    help: "Go version or range: 1.23.4, 1.23, ^1.22, >=1.21 <1.23, 1.22.x, stable, oldstable, or one prerelease named exactly (1.25rc1, or setup-go's 1.25.0-rc.1); ranges never pick prereleases. Default: go-version-file, else go.mod in working-directory, else stable.",
    usage: "1.23.4, 1.23, ^1.22, stable, 1.25rc1 (= 1.25.0-rc.1); default go.mod",
    group: "Go toolchain"
  },
  {
    name: "go-version-file",
    default: "",
    kind: { type: "path" },
    help: "Read the version from go.mod or go.work (toolchain line wins over go), .go-version, or .tool-versions. Relative to working-directory. Not together with go-version (a contradiction is an error here, where setup-go warns).",
    usage: "go.mod, go.work, .go-version or .tool-versions"
  },
  {
    name: "architecture",
    default: "",
    kind: { type: "string" },
    help: "The Go toolchain's own architecture: what runs the build, not what it builds (that is targets): amd64 (x64, x86_64) or arm64 (aarch64). Default: the runner's. setup-go's x86 and arm are refused: build those with targets (windows/386, linux/arm).",
    usage: "Go that runs the build: amd64 (x64) or arm64; default the runner's"
  },
  {
    name: "check-latest",
    default: "false",
    kind: { type: "boolean" },
    help: "Resolve the spec against the download index even when the tool cache could satisfy it.",
    usage: "resolve against the download index even if the tool cache has it"
  },
  {
    name: "go-download-source",
    default: "auto",
    kind: { type: "choice", choices: ["auto", "dl", "proxy"] },
    help: "Where Go comes from: auto (dl, then proxy), dl (a go.dev/dl-style mirror) or proxy (golang.org/toolchain through GOPROXY).",
    usage: "auto (dl, then proxy), dl or proxy"
  },
  {
    name: "go-download-base-url",
    default: "",
    kind: { type: "string" },
    help: "A go.dev/dl-style mirror (env GO_DOWNLOAD_BASE_URL). Default https://go.dev/dl. The index is <base>/?mode=json&include=all. https only (http only for a loopback address); no user:password in the URL.",
    usage: "go.dev/dl-style mirror (https); default https://go.dev/dl"
  },
  {
    name: "go-proxy",
    default: "",
    kind: { type: "string" },
    help: "GOPROXY-style list for the proxy source. Default: env GOPROXY, else https://proxy.golang.org,direct. The checksum database is GOSUMDB's (default sum.golang.org).",
    usage: "GOPROXY list for the proxy source; default env GOPROXY"
  },
  {
    name: "working-directory",
    default: ".",
    kind: { type: "path" },
    help: "The Go module root; must be an existing folder.",
    usage: "the Go module root (other paths are relative to it)"
  },
  // build
  {
    name: "targets",
    default: "",
    kind: { type: "list", spaces: true },
    help: "os/arch pairs to build, separated by commas, spaces or newlines, in any case (linux/amd64, windows/amd64, darwin/arm64, darwin/amd64, ...); an unknown pair is refused with the closest valid ones. Empty: set up only, build nothing.",
    usage: "os/arch pairs: linux/amd64, windows/amd64 ...; empty: set up Go only",
    group: "Build"
  },
  {
    name: "main-package",
    default: ".",
    kind: { type: "string" },
    help: "The main package to build (goreleaser's main), relative to working-directory: ., ./cmd/app or an import path.",
    usage: "the main package: ., ./cmd/app"
  },
  {
    name: "name",
    default: "",
    kind: { type: "string" },
    help: "Base name of the binaries (one file-name segment). Default: Name in FyneApp.toml, else the last element of the module path.",
    usage: "base name of the files; default FyneApp.toml Name, else module"
  },
  {
    name: "output-dir",
    default: "dist",
    kind: { type: "path" },
    help: "Where binaries, archives and SHA256SUMS go, relative to working-directory: <name>_<os>_<arch>[.exe]. Must lie inside the workspace (GITHUB_WORKSPACE; for the CLI the current directory) and be neither the workspace nor one of its parents.",
    usage: "where everything goes (inside the workspace)"
  },
  {
    name: "build-tags",
    default: "",
    kind: { type: "list", spaces: true },
    help: "Go build tags (go build -tags; not git tags), appended to ours (Fyne release builds add release).",
    usage: "Go build tags (not git tags), appended to ours"
  },
  {
    name: "ldflags",
    default: "",
    kind: { type: "string" },
    help: "Linker flags, appended to ours (-s -w, -H=windowsgui).",
    usage: "linker flags, appended to ours (-s -w, -H=windowsgui)"
  },
  {
    name: "buildmode",
    default: "exe",
    kind: { type: "choice", choices: ["exe", "pie", "c-shared", "c-archive"], aliases: { default: "exe" } },
    help: "exe, pie, c-shared or c-archive; checked against each target.",
    usage: "exe, pie, c-shared or c-archive"
  },
  { name: "trimpath", default: "true", kind: { type: "boolean" }, help: "Build with -trimpath.", usage: "build with -trimpath" },
  {
    name: "strip",
    default: "true",
    kind: { type: "boolean" },
    help: 'Strip symbols and DWARF (-ldflags "-s -w").',
    usage: 'strip symbols and DWARF (-ldflags "-s -w")'
  },
  {
    name: "cgo",
    default: "auto",
    kind: { type: "tristate" },
    help: "auto (on for Fyne apps, off otherwise), true or false. A Fyne app cannot be built with cgo off (except js/wasm).",
    usage: "auto (on for Fyne apps), true or false"
  },
  {
    name: "fyne-release",
    default: "true",
    kind: { type: "boolean" },
    help: "Fyne apps only: build as fyne build --release does: the release build tag, FyneApp.toml's [Release] metadata with Release: true, and release C flags (-O3). -s -w and -trimpath are the strip and trimpath inputs (both on by default). Publishes nothing.",
    usage: "Fyne apps: fyne build --release mode (publishes nothing)"
  },
  {
    name: "windows-subsystem",
    default: "auto",
    kind: { type: "choice", choices: ["auto", "gui", "console"], aliases: { windowsgui: "gui", windows: "gui", cui: "console" } },
    help: "gui or console for Windows targets; auto: gui for Fyne apps, console otherwise. Set in a job with no Windows target: a notice.",
    usage: "auto (gui for Fyne apps), gui or console"
  },
  {
    name: "macos-min-version",
    default: "11.0",
    kind: { type: "string" },
    help: "Minimum macOS version, applied through MACOSX_DEPLOYMENT_TARGET and -mmacosx-version-min. Set in a job with no darwin target (nor universal-inputs or release-inputs): a notice.",
    usage: "minimum macOS (MACOSX_DEPLOYMENT_TARGET)"
  },
  {
    name: "cc",
    default: "",
    kind: { type: "list" },
    help: "Per-target C compilers overriding ours, e.g. windows/amd64=x86_64-w64-mingw32-gcc, linux/arm64=zig cc -target aarch64-linux-gnu. Each compiler of a target being built must be on PATH; an entry for a target this job does not build is a notice (one with: block can serve a matrix).",
    usage: "per-target C compilers: windows/amd64=x86_64-w64-mingw32-gcc"
  },
  {
    name: "parallel",
    default: "auto",
    kind: { type: "number", min: 1, max: 64, auto: true },
    help: "The most builds at once: 1 to 64, or auto (the core count).",
    usage: "builds at once: 1-64 or auto (core count)"
  },
  {
    name: "install-deps",
    default: "auto",
    kind: { type: "tristate" },
    help: `Install the system packages the targets need with apt-get on Linux (C compilers for cgo and cross builds, Fyne's GL/X11 libraries, and Wayland libraries for Fyne 2.8 and later, osslsigncode with windows-certificate), only what is missing, saying what and why first (the log line "installing N missing package(s) with apt-get: ..." lists each with its reason, or "system packages present: ..."). auto: install on CI (always on GitHub runners; for the CLI when CI=true), else name the missing packages and stop; true: always; false: never (a missing package is an error naming the apt-get command). On macOS the Xcode command line tools are checked, on Windows the compiler on PATH.`,
    usage: "apt-get what the targets need: auto (on CI), true or false"
  },
  // cache
  {
    name: "cache",
    default: "true",
    kind: { type: "boolean" },
    help: "Cache modules and the build cache (GOCACHE) in layers.",
    usage: "cache modules and GOCACHE in layers",
    group: "Cache"
  },
  {
    name: "cache-save",
    default: "auto",
    kind: { type: "tristate" },
    help: "Save caches at the end of the job. auto: save on push, schedule, workflow_dispatch, merge_group and release events only (code already on a branch or tag); every other event restores only. true: always save; false: restore only. Tag and signing builds restore modules by exact key, go mod verify them, and skip the build layer.",
    usage: "auto (push, schedule, dispatch, merge_group, release), true, false"
  },
  {
    name: "cache-dependency-path",
    default: "",
    kind: { type: "list" },
    help: "Globs of go.sum files for the modules key, relative to working-directory; each must match a file (setup-go's name; any file is hashed). Default: go.sum in working-directory; for go.work, every member's go.sum.",
    usage: "go.sum globs for the modules key; default go.sum"
  },
  { name: "cache-key-prefix", default: "go-fyne", kind: { type: "string" }, help: "Prefix of every cache key.", usage: "prefix of every cache key" },
  {
    name: "cache-modules",
    default: "auto",
    kind: { type: "choice", choices: ["auto", "modcache", "vendor"] },
    help: "Form of the modules cache layer: modcache (GOMODCACHE), vendor (vendor/ restored, or made by go mod vendor; builds use -mod=vendor), or auto (a committed vendor/modules.txt is used as is, else modcache). Needs cache: true (with cache: false it changes nothing).",
    usage: "modules cache layer: auto, modcache or vendor"
  },
  // universal
  {
    name: "universal",
    default: "true",
    kind: { type: "boolean" },
    help: "When the targets include darwin/amd64 and darwin/arm64, also produce <name>_darwin_universal.",
    usage: "merge darwin/amd64 + darwin/arm64 into <name>_darwin_universal",
    group: "macOS universal binary"
  },
  {
    name: "lipo",
    default: "auto",
    kind: { type: "choice", choices: ["auto", "system", "builtin"] },
    help: "Which lipo merges: auto (Apple's on macOS runners when present, ours elsewhere), system or builtin. Either result is verified. Set in a job that merges nothing: a notice.",
    usage: "auto (Apple's on macOS, ours elsewhere), system or builtin"
  },
  {
    name: "universal-inputs",
    default: "",
    kind: { type: "list" },
    help: "Paths or globs (relative to working-directory, no ..) of darwin binaries to merge into a universal binary without building (e.g. artifacts from separate macOS jobs). Each must match; needs universal: true.",
    usage: "darwin binaries to merge without building"
  },
  // release
  {
    name: "archive",
    default: "none",
    kind: { type: "choice", choices: ["none", ...ARCHIVE_FORMAT_NAMES, "auto"], aliases: archiveFormatAliases() },
    help: `none, ${ARCHIVE_FORMAT_NAMES.join(", ")} or auto (zip for Windows, tar.gz otherwise): one reproducible archive per target, <name>_<version>_<os>_<arch>.`,
    usage: "none, zip, tar.gz or auto (zip for Windows)",
    group: "Release files"
  },
  {
    name: "archive-files",
    default: "",
    kind: { type: "list" },
    help: "Files or globs (relative to working-directory, no ..) to put in every archive beside the binary (e.g. README.md, LICENSE). Each must match; needs archive other than none.",
    usage: "files added to every archive: README.md, LICENSE"
  },
  {
    name: "app-version",
    default: "",
    kind: { type: "string" },
    help: "The app's release version, used everywhere: the metadata compiled into the app, Info.plist, the Windows version resource, archive and package names, .deb/.rpm and the signature's description (one file-name segment, used as written). Default: the tag (without a leading v) when GITHUB_REF is a tag, else FyneApp.toml's Details.Version, else the short commit. Set it when your tags are not versions.",
    usage: "the app's version; default the tag, FyneApp.toml, commit"
  },
  {
    name: "release-inputs",
    default: "",
    kind: { type: "list" },
    help: "Fan-in: folders or globs (relative to working-directory, no ..) holding the build jobs' downloaded output-dirs (merged into one folder or one folder per job). Builds nothing: gathers and verifies every file against the manifest of the job that made it (refusing conflicting targets) in place of the build, then runs the same steps as after a build: signing, the universal macOS binary, fyne-package (a universal .app, from the checkout's FyneApp.toml) and linux-packages (installing Go only for their tools), one SHA256SUMS, artifacts list and summary in output-dir. Each must match; not with targets or universal-inputs.",
    usage: "fan-in: the build jobs' downloaded output-dirs (no targets)"
  },
  {
    name: "release-inputs-run-id",
    default: "",
    kind: { type: "string" },
    help: "Fan-in: the workflow run whose jobs' manifests release-inputs takes (e.g. github.event.workflow_run.id when download-artifact fetched another run's files), or any. Default: this run (GITHUB_RUN_ID); a manifest from another run is refused.",
    usage: "fan-in: the run the manifests come from, or any"
  },
  {
    name: "fyne-package",
    default: "false",
    kind: { type: "boolean" },
    help: "Also package with the fyne tool: a .app for macOS (universal when built), a .tar.xz with a .desktop file for Linux, icon and version info in Windows exes. A job with no such target: a notice; a project that is not a Fyne app, or has no icon: a warning that says why.",
    usage: "fyne package: sealed .app, Linux .tar.xz, icon in the exe",
    group: "Packages"
  },
  {
    name: "linux-packages",
    default: "",
    kind: { type: "list", spaces: true },
    help: "deb, rpm or both: for every Linux binary of a Fyne app, a .deb and/or .rpm (made with nfpm) holding /usr/bin/<name>, <ID>.desktop, the icon in hicolor sizes and AppStream metainfo, from FyneApp.toml (ID, Name, Version, Build, [LinuxAndBSD]). Needs maintainer. A job with no Linux target (of a .deb/.rpm architecture) is told so in a notice, not failed, so one with: block can serve a matrix; a project that is not a Fyne app: a warning. Empty: none.",
    usage: "deb, rpm or both (needs maintainer)"
  },
  {
    name: "maintainer",
    default: "",
    kind: { type: "string" },
    help: "The packages' Maintainer (deb) and Packager (rpm): Name <email>, e.g. Jane Doe <jane@example.org>. Required with linux-packages in a job that makes packages; no default, as Debian policy wants a real address. Unused (no linux-packages, or no Linux target): a notice.",
    usage: "Name <email> for the .deb/.rpm"
  },
  // signing
  {
    name: "windows-certificate",
    default: "",
    kind: { type: "string" },
    help: 'Authenticode: a code-signing certificate with its private key as a PKCS#12 (.pfx) file, base64-encoded; pass it from a secret. Every Windows exe is signed right after the build (before archives and SHA256SUMS): osslsigncode on Linux (installed by install-deps) and macOS, signtool from the Windows SDK on Windows. Written only to a private 0600 file under RUNNER_TEMP, removed after use; taken out of the environment once read, so no build tool sees it. CLI: --windows-certificate-file <file.pfx> or env GO_FYNE_ACTION_WINDOWS_CERTIFICATE, never as an argument. In a job that builds no Windows target: a notice ("this job builds no Windows target, nothing to sign"), so one with: block can serve a matrix.',
    usage: "Authenticode: base64 .pfx, from a secret",
    group: "Signing"
  },
  {
    name: "windows-certificate-password",
    default: "",
    kind: { type: "string" },
    help: "The .pfx password (from a secret); needs windows-certificate. Masked in the log; osslsigncode reads it from a 0600 file, never from its command line; no other program gets it. CLI: env GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD or --windows-certificate-password-file <file>, never as an argument.",
    usage: "its password, from a secret"
  },
  {
    name: "windows-timestamp-url",
    default: "",
    kind: { type: "string" },
    help: "RFC 3161 timestamp server (http or https), e.g. http://timestamp.digicert.com, so the signature outlives the certificate. Default: none (no network use). Without windows-certificate (a pull request from a fork gets no secrets) or Windows target: a notice.",
    usage: "RFC 3161 timestamp server"
  },
  {
    name: "macos-certificate",
    default: "",
    kind: { type: "string" },
    help: 'Developer ID: the "Developer ID Application" certificate with its private key as a PKCS#12 (.p12) file, base64-encoded; pass it from a secret. The .app that fyne-package makes (universal when built, also in a fan-in) is then signed with it on any runner (hardened runtime, secure timestamp from macos-timestamp-url, nested code first) in place of the ad hoc seal, and verified. Opened in memory before anything is built: a wrong password, a certificate without the Code Signing usage or a Team ID (OU), an expired one or a non-RSA key is refused up front. Masked; no child process gets it. CLI: --macos-certificate-file <file.p12> or env GO_FYNE_ACTION_MACOS_CERTIFICATE, never as an argument. In a job that makes no .app (fyne-package false, or no darwin target): a notice. Not accepted by Apple until the macOS CI job has passed (see the README).',
    usage: "Developer ID: base64 .p12 (signs the .app), from a secret"
  },
  {
    name: "macos-certificate-password",
    default: "",
    kind: { type: "string" },
    help: "The .p12 password (from a secret); needs macos-certificate. Masked; never written to a file or given to a child process. CLI: env GO_FYNE_ACTION_MACOS_CERTIFICATE_PASSWORD or --macos-certificate-password-file <file>, never as an argument.",
    usage: "its password, from a secret"
  },
  {
    name: "macos-entitlements",
    default: "",
    kind: { type: "path" },
    help: "An entitlements property list (XML .plist / .entitlements) in the repository, relative to working-directory, signed into the .app's main executable with macos-certificate. Read confined (inside the repository, no link out, not in .git) and checked before anything is built. Needs macos-certificate.",
    usage: "entitlements .plist in the repository (Developer ID only)"
  },
  {
    name: "macos-timestamp-url",
    default: "",
    kind: { type: "string" },
    help: "RFC 3161 timestamp server for the Developer ID signature (Apple's notary refuses a signature without a secure timestamp). http or https, no credentials. Default (empty): Apple's, http://timestamp.apple.com/ts01.",
    usage: "RFC 3161 server for Developer ID; default Apple's"
  },
  {
    name: "notary-key",
    default: "",
    kind: { type: "string" },
    help: "Notarization: the App Store Connect API key (the AuthKey_<key id>.p8 file's PEM text, or base64 of it), from a secret. With notary-key-id and notary-issuer, each .app signed with macos-certificate is submitted to Apple's notary service (after fyne-package, before the release zips it), the verdict awaited (bounded by notary-timeout), a rejection's log findings printed and the run failed, and an accepted ticket stapled into the .app. Needs macos-certificate (an ad hoc seal cannot be notarized). Masked; no child process gets it. CLI: --notary-key-file <file.p8> or env GO_FYNE_ACTION_NOTARY_KEY, never as an argument.",
    usage: "notarize: App Store Connect .p8 key, from a secret",
    group: "Notarization"
  },
  {
    name: "notary-key-id",
    default: "",
    kind: { type: "string" },
    help: "The API key ID (10 capital letters and digits, shown beside the key in App Store Connect); needs notary-key and notary-issuer.",
    usage: "the key ID (10 characters)"
  },
  {
    name: "notary-issuer",
    default: "",
    kind: { type: "string" },
    help: "The issuer ID (a UUID, App Store Connect > Users and Access > Integrations); needs notary-key and notary-key-id. Masked.",
    usage: "the issuer ID (a UUID), from a secret"
  },
  {
    name: "notary-timeout",
    default: "30",
    kind: { type: "number", min: 1, max: 360 },
    help: "Minutes to wait for Apple's verdict on each submission (1 to 360); checks back off from 5 to 60 seconds. On time-out the run fails naming the submission ID.",
    usage: "minutes to wait for Apple's verdict (1-360)"
  },
  // run report
  {
    name: "report",
    default: "",
    kind: { type: "path" },
    help: "Write a JSON report of the run to this file (relative to working-directory, inside the workspace like output-dir): stages with timings and skip reasons, each target's build, the Go install, cache restore and save results, and the artifacts (schema in docs/schemas.md). Empty: none.",
    usage: "write a JSON run report to this file",
    group: "Run report"
  }
];
var INPUT_NAMES = new Set(INPUTS.map((i) => i.name));
var OUTPUTS = [
  { name: "go-version", help: "The installed Go version, e.g. 1.23.4." },
  { name: "go-root", help: "GOROOT of the installed Go." },
  { name: "go-source", help: "Where Go came from: tool-cache, dl or proxy." },
  { name: "fyne-version", help: "The Fyne version in go.mod (after replace), or none." },
  {
    name: "artifacts",
    help: "JSON array of {target, os, arch, path, size, sha256, kind, signed?, notarized?} for every file produced (kind: binary, archive, app, package, deb, rpm, checksums; signed: authenticode on signed Windows exes and DLLs, adhoc on sealed .app bundles, developer-id on .app bundles signed with macos-certificate, absent on files this action did not sign; notarized: true on .app bundles whose notarization ticket is stapled)."
  },
  { name: "checksums", help: "Path of SHA256SUMS, when anything was built (or fanned in)." },
  {
    name: "manifest",
    help: "Path of this job's manifest, <name>_<job-key>.manifest.json: the job and every file it made with size and sha256, for a release-inputs step."
  },
  {
    name: "cache-hit",
    help: "true when every cache layer restored this run matched this run's facts: modules its exact key, build its key up to the run stamp (each save gets a new stamp, so the exact build key never recurs); false when any came from a broader restore key or missed, or none was restored. Skipped layers (the build layer on tag and signing builds) do not count. Unset with cache: false."
  },
  { name: "cache-matched-keys", help: "JSON object of layer to the key it was restored from ('' for a miss or a skipped layer)." }
];

// src/input-kit.ts
var TRUE_WORDS = ["true", "True", "TRUE"];
var FALSE_WORDS = ["false", "False", "FALSE"];
var BOOLEAN_ACCEPTED = "use true or false (also True, TRUE, False, FALSE)";
function isBooleanWord(v) {
  return TRUE_WORDS.includes(v) || FALSE_WORDS.includes(v);
}
function parseBoolean(name, raw) {
  const v = raw.trim();
  if (TRUE_WORDS.includes(v)) return true;
  if (FALSE_WORDS.includes(v)) return false;
  throw inputError(name, raw, "is not a boolean", BOOLEAN_ACCEPTED);
}
function parseTriState(name, raw) {
  const v = raw.trim();
  if (v.toLowerCase() === "auto") return "auto";
  if (isBooleanWord(v)) return parseBoolean(name, v) ? "true" : "false";
  throw inputError(name, raw, "is not auto, true or false", "use auto, true or false");
}
function parseChoice(name, raw, choices, aliases = {}) {
  const v = raw.trim().toLowerCase();
  if (choices.includes(v)) return v;
  const a = aliases[v];
  if (a !== void 0) return a;
  throw inputError(name, raw, "is not accepted", `use one of ${choices.join(", ")}`);
}
function parseList(raw, separators = /[\n,]/) {
  return raw.split(separators).map((s) => s.trim()).filter((s) => s !== "" && !s.startsWith("#"));
}
function parseCount(name, raw, min, max, allowAuto) {
  const v = raw.trim().toLowerCase();
  if (allowAuto && v === "auto") return void 0;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw inputError(name, raw, "is not a whole number in range", `use a whole number from ${min} to ${max}${allowAuto ? ", or auto" : ""}`);
  }
  return Number(v);
}
function parseSegment(name, raw, what) {
  const v = raw.trim();
  if (v === "") return v;
  if (/[/\\<>:"|?*\x00-\x1f\x7f]/.test(v) || v === "." || v === ".." || v.startsWith("-") || v.length > 128) {
    throw inputError(
      name,
      raw,
      `is not usable as ${what}`,
      'use one file-name segment of letters, digits, spaces, ".", "-", "_" and "+", not starting with "-"'
    );
  }
  return v;
}
var InputReader = class {
  constructor(raw) {
    this.raw = raw;
  }
  raw;
  spec(name, kind) {
    const s = INPUTS.find((i) => i.name === name);
    if (!s) throw new Error(`no input named ${name} in src/inputs.ts`);
    if (s.kind.type !== kind) throw new Error(`input ${name} is declared as ${s.kind.type}, read as ${kind}`);
    return s;
  }
  /** The raw value, or the declared default when unset. */
  text(name) {
    const s = INPUTS.find((i) => i.name === name);
    if (!s) throw new Error(`no input named ${name} in src/inputs.ts`);
    const v = this.raw(name).trim();
    return v === "" ? s.default : v;
  }
  /** True when the user gave a value (not the default). */
  isSet(name) {
    return this.raw(name).trim() !== "";
  }
  boolean(name) {
    this.spec(name, "boolean");
    return parseBoolean(name, this.text(name));
  }
  tri(name) {
    this.spec(name, "tristate");
    return parseTriState(name, this.text(name));
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T is the caller's name for the union of this input's choices in src/inputs.ts (typed string[] there)
  choice(name) {
    const s = this.spec(name, "choice");
    const k = s.kind;
    return parseChoice(name, this.text(name), k.choices, k.aliases ?? {});
  }
  list(name) {
    const s = this.spec(name, "list");
    const k = s.kind;
    return parseList(this.text(name), k.spaces ? /[\s,]+/ : /[\n,]/);
  }
  count(name) {
    const s = this.spec(name, "number");
    const k = s.kind;
    return parseCount(name, this.text(name), k.min, k.max, k.auto ?? false);
  }
  /** A path or free-form string input: the text as given (after the default). */
  path(name) {
    this.spec(name, "path");
    const v = this.text(name);
    if (v.includes("\0") || /[\r\n]/.test(v)) throw inputError(name, v, "is not one path", "give one path on one line");
    return v;
  }
  string(name) {
    this.spec(name, "string");
    return this.text(name);
  }
};

// src/toolchain/version-file.ts
import { basename } from "node:path";
function shown(v) {
  return quote(v.length > 40 ? `${v.slice(0, 40)}\u2026` : v);
}
var INPUT = "go-version-file";
function fail(file, problem) {
  return new UserError(
    `input "${INPUT}": ${file} ${problem}; accepted files are go.mod or go.work (go/toolchain line), .go-version (one version) and .tool-versions (golang <version>)`
  );
}
function checked(file, v, where) {
  if (!parseGoVersion(v)) throw fail(file, `has ${shown(v)} in ${where}, which is not a Go version`);
  return v.replace(/^(go|v)/, "");
}
function versionFromFile(path, text) {
  const name = basename(path);
  if (name === "go.mod" || name === "go.work" || name.endsWith(".mod") || name.endsWith(".work")) {
    const { go, toolchain } = name.endsWith(".work") ? parseGoWork(text) : parseGoMod(text);
    if (toolchain && toolchain !== "default") {
      const t = toolchain.replace(/-.*$/, "");
      if (!t.startsWith("go")) throw fail(path, `has toolchain ${shown(toolchain)}, which does not start with go`);
      return checked(path, t, "its toolchain line");
    }
    if (go) return checked(path, go, "its go line");
    throw fail(path, "has neither a go nor a toolchain line");
  }
  if (name === ".tool-versions") {
    for (const raw of text.split(/\r?\n/)) {
      const line2 = raw.replace(/#.*$/, "").trim();
      const m = /^(golang|go)\s+(\S+)/.exec(line2);
      if (m) return checked(path, m[2], "its golang line");
    }
    throw fail(path, "has no golang line");
  }
  const line = text.split(/\r?\n/).map((l) => l.replace(/#.*$/, "").trim()).find((l) => l !== "");
  if (!line) throw fail(path, "is empty");
  if (/\s/.test(line)) throw fail(path, `has ${shown(line)}, expected a single version`);
  return checked(path, line, "it");
}

// src/config.ts
import { availableParallelism } from "node:os";
import { readFileSync, realpathSync, statSync } from "node:fs";

// src/compile/options.ts
function parsePackage(raw) {
  const v = raw.trim();
  if (/\s/.test(v)) throw inputError("main-package", raw, "contains white space", "give one package: ., ./cmd/app or an import path");
  if (v.startsWith("-")) throw inputError("main-package", raw, "looks like a flag", "give one package: ., ./cmd/app or an import path");
  return v;
}
function parseTags(tags) {
  for (const t of tags) {
    if (!/^[A-Za-z0-9_.\-!]+$/.test(t)) throw inputError("build-tags", t, "is not a build tag", "use letters, digits, _ . - separated by commas");
  }
  return [...new Set(tags)];
}
function parseLdflags(raw) {
  return raw.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join(" ");
}
function parseMacosMinVersion(raw) {
  const v = raw.trim();
  if (!/^\d{2}(\.\d{1,2}){0,2}$/.test(v) || Number(v.split(".")[0]) < 10) {
    throw inputError("macos-min-version", raw, "is not a macOS version", "use e.g. 11.0, 12 or 13.3");
  }
  return v;
}
function parseCC(raw) {
  const out = {};
  for (const entry of raw.split(/[,\n]/).map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf("=");
    const key = eq < 0 ? "" : entry.slice(0, eq).trim().toLowerCase();
    const value = eq < 0 ? "" : entry.slice(eq + 1).trim();
    if (!/^[a-z0-9]+\/[a-z0-9]+$/.test(key) || !value) {
      throw inputError(
        "cc",
        entry,
        "is not an os/arch=compiler entry",
        "use e.g. windows/amd64=x86_64-w64-mingw32-gcc, linux/arm64=zig cc -target aarch64-linux-gnu"
      );
    }
    out[key] = value;
  }
  return out;
}

// src/config.ts
function unusedInput(input, why) {
  return { input, message: `${input}: ${why}` };
}
function repositoryRoot(config) {
  return within(config.workspace, config.workingDirectory) ? config.workspace : config.workingDirectory;
}
var ENTITLEMENTS_INPUT = "macos-entitlements";
var MACOS_TIMESTAMP_INPUT = "macos-timestamp-url";
var NOTARY_TIMEOUT_INPUT = "notary-timeout";
var NOTARY_INPUTS = [KEY_INPUT, KEY_ID_INPUT, ISSUER_INPUT];
var pendingIdentity = /* @__PURE__ */ new WeakMap();
var NOTARY_URL_ENV = "GO_FYNE_ACTION_NOTARY_URL";
var NOTARY_STORAGE_URL_ENV = "GO_FYNE_ACTION_NOTARY_STORAGE_URL";
var TICKET_URL_ENV = "GO_FYNE_ACTION_TICKET_URL";
function notaryEndpoints(env) {
  const knob = (name) => env[name]?.trim() || void 0;
  return checkEndpoints({
    api: knob(NOTARY_URL_ENV) ?? APPLE_ENDPOINTS.api,
    storage: knob(NOTARY_STORAGE_URL_ENV) ?? APPLE_ENDPOINTS.storage,
    region: APPLE_ENDPOINTS.region,
    tickets: knob(TICKET_URL_ENV) ?? APPLE_ENDPOINTS.tickets
  });
}
function chainAnchors(identity) {
  const all = [identity.leaf, ...identity.chain];
  const roots = identity.chain.filter((c) => c.checkIssued(c) && c.verify(c.publicKey));
  if (roots.length > 0) return roots;
  const tops = identity.chain.filter((c) => !all.some((o) => o !== c && c.checkIssued(o)));
  return tops.length > 0 ? tops : [identity.leaf];
}
function parseMacSigning(read, env, makesApp, unused) {
  const certificate = read.string(MACOS_CERT_INPUT).trim();
  const password = read.string(MACOS_PASSWORD_INPUT);
  const entitlementsPath = read.path(ENTITLEMENTS_INPUT).trim();
  const timestampUrl = read.string(MACOS_TIMESTAMP_INPUT).trim();
  const maxWaitMs = (read.count(NOTARY_TIMEOUT_INPUT) ?? 30) * 6e4;
  const notaryRaw = { key: read.string(KEY_INPUT), keyId: read.string(KEY_ID_INPUT), issuer: read.string(ISSUER_INPUT) };
  const notarySet = NOTARY_INPUTS.filter((n) => read.isSet(n));
  const macInputs = [MACOS_CERT_INPUT, MACOS_PASSWORD_INPUT, ENTITLEMENTS_INPUT, MACOS_TIMESTAMP_INPUT, ...NOTARY_INPUTS, NOTARY_TIMEOUT_INPUT];
  if (!makesApp) {
    for (const n of macInputs) if (read.isSet(n)) unused(n, "this job makes no .app (fyne-package with a macOS target), nothing to sign or notarize");
    return {};
  }
  if (certificate === "") {
    if (password !== "")
      throw inputError(
        MACOS_PASSWORD_INPUT,
        "***",
        `is set without ${MACOS_CERT_INPUT}`,
        `set ${MACOS_CERT_INPUT} (the base64 .p12) too, or drop ${MACOS_PASSWORD_INPUT}`
      );
    if (notarySet.length > 0)
      throw new UserError(
        `input "${notarySet[0]}" is set without ${MACOS_CERT_INPUT}: an ad hoc seal cannot be notarized; set ${MACOS_CERT_INPUT} (a Developer ID Application .p12, base64) too, or drop ${notarySet.join(", ")}`
      );
    if (entitlementsPath !== "")
      throw inputError(
        ENTITLEMENTS_INPUT,
        entitlementsPath,
        `is set without ${MACOS_CERT_INPUT} (the ad hoc seal carries no entitlements)`,
        `set ${MACOS_CERT_INPUT} too, or drop ${ENTITLEMENTS_INPUT}`
      );
    for (const n of [MACOS_TIMESTAMP_INPUT, NOTARY_TIMEOUT_INPUT])
      if (read.isSet(n)) unused(n, `no ${MACOS_CERT_INPUT} is given to this job, the .app is sealed ad hoc`);
    return {};
  }
  if (entitlementsPath !== "") {
    normalizePattern(entitlementsPath, ENTITLEMENTS_INPUT);
    checkRelPath(entitlementsPath.replace(/\\/g, "/"), `input "${ENTITLEMENTS_INPUT}"`);
  }
  const credentials = parseNotaryInputs(notaryRaw);
  if (!credentials && read.isSet(NOTARY_TIMEOUT_INPUT)) unused(NOTARY_TIMEOUT_INPUT, "no notary-key is given to this job, nothing is notarized");
  return {
    developerId: { entitlementsPath, timestampUrl, anchors: [] },
    notary: credentials ? { credentials, maxWaitMs, endpoints: notaryEndpoints(env) } : void 0,
    pending: { certificate, password }
  };
}
var LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/i;
function parseMirrorUrl(name, raw) {
  const shown2 = raw.replace(/\/\/[^/@]*@/, "//");
  let u;
  try {
    u = new URL(raw);
  } catch {
    throw inputError(name, shown2, "is not a URL", "use an https URL such as https://go.dev/dl");
  }
  if (u.username || u.password)
    throw inputError(name, shown2, "carries user:password, which go-fyne-action never sends to a mirror", "use an https URL without credentials");
  if (u.protocol === "http:" && !LOOPBACK.test(u.hostname)) {
    throw inputError(
      name,
      shown2,
      "is plain http (the index that carries the sha256 would travel unauthenticated)",
      "use an https URL; http is accepted only for a loopback address (127.0.0.1, localhost, [::1])"
    );
  }
  if (u.protocol !== "https:" && u.protocol !== "http:")
    throw inputError(name, shown2, `has scheme ${u.protocol.replace(/:$/, "")}`, "use an https URL such as https://go.dev/dl");
  if (u.search || u.hash) throw inputError(name, shown2, "has a query or fragment", "use the base URL of a go.dev/dl-style mirror");
  return raw.replace(/\/+$/, "");
}
var CONFIG_READ_CAP = 1 << 20;
function vcsProblem(root, p) {
  if (!within(root, p)) return void 0;
  const r = refSegments(relative(root, p) || ".");
  return "problem" in r ? r.problem : void 0;
}
function readRepoFile(src, input, raw, abs, workspace, accepted) {
  const kind = src.kindOf(abs);
  if (kind === void 0) return void 0;
  if (kind === "dir") throw inputError(input, raw, `is a folder (${abs}), not a file`, accepted);
  const lexical = vcsProblem(workspace, abs);
  if (lexical) throw inputError(input, raw, lexical, accepted);
  const real = src.realpath(abs);
  const realWs = src.realpath(workspace);
  if (!within(realWs, real)) throw inputError(input, raw, `is a link that leads outside the workspace ${workspace}`, accepted);
  const through = vcsProblem(realWs, real);
  if (through) throw inputError(input, raw, `leads through a link into the ${through.replace(/^is inside the /, "")}`, accepted);
  if (kind !== "file") throw inputError(input, raw, "is not a regular file", accepted);
  const size = src.sizeOf?.(real);
  if (size !== void 0 && size > CONFIG_READ_CAP) throw inputError(input, raw, `is ${size} bytes, over the ${CONFIG_READ_CAP}-byte limit`, accepted);
  return src.readFile(real);
}
function realpathExisting(src, p) {
  let existing = p;
  const rest = [];
  while (src.kindOf(existing) === void 0) {
    const up = dirname(existing);
    if (up === existing) break;
    rest.unshift(existing.slice(up.length).replace(/^[\\/]+/, ""));
    existing = up;
  }
  return join(src.realpath(existing), ...rest);
}
function checkConfined(src, input, raw, workDir, workspace, want) {
  const abs = resolve(workDir, raw);
  const accepted = want === "dir" ? `use a folder inside the workspace ${workspace}, such as dist` : `use a file path inside the workspace ${workspace}, such as report.json`;
  if (!within(workspace, abs) || abs === workspace) {
    throw inputError(input, raw, abs === workspace ? "is the workspace itself" : `resolves to ${abs}, outside the workspace`, accepted);
  }
  const vcs = vcsProblem(workspace, abs);
  if (vcs) throw inputError(input, raw, vcs, accepted);
  const kind = src.kindOf(abs);
  if (kind !== void 0 && kind !== want) throw inputError(input, raw, `exists and is not a ${want === "dir" ? "folder" : "file"}`, accepted);
  const real = realpathExisting(src, abs);
  const realWs = src.realpath(workspace);
  if (!within(realWs, real) || real === realWs) throw inputError(input, raw, `leads through a link to ${real}, outside the workspace`, accepted);
  const vcsReal = vcsProblem(realWs, real);
  if (vcsReal) throw inputError(input, raw, `leads through a link into the ${vcsReal.replace(/^is inside the /, "")}`, accepted);
  if (want === "file" && kind === "file") checkOwnReport(src, input, raw, abs);
  return abs;
}
function checkOwnReport(src, input, raw, abs) {
  const accepted = "give a new file name such as report.json (an existing file is replaced only when it is an earlier go-fyne-action run report)";
  if (src.realpath(abs) !== join(src.realpath(dirname(abs)), basename2(abs))) throw inputError(input, raw, "is a link", accepted);
  const size = src.sizeOf?.(abs);
  let ours = false;
  if (size === void 0 || size <= CONFIG_READ_CAP) {
    try {
      const parsed = JSON.parse(src.readFile(abs) ?? "");
      ours = typeof parsed === "object" && parsed !== null && parsed.schema === REPORT_SCHEMA;
    } catch {
      ours = false;
    }
  }
  if (!ours) throw inputError(input, raw, `exists and is not a go-fyne-action run report (schema ${REPORT_SCHEMA})`, accepted);
}
function checkFanIn(patterns, targets, universalInputs) {
  if (patterns.length === 0) return;
  const shown2 = patterns.join(", ");
  if (targets.length > 0)
    throw inputError(
      "release-inputs",
      shown2,
      `is set together with targets (${targets.join(", ")}), but a fan-in step builds nothing`,
      "drop targets here and fan in from a job of its own that needs the build jobs"
    );
  if (universalInputs.length > 0)
    throw inputError(
      "release-inputs",
      shown2,
      `is set together with universal-inputs (${universalInputs.join(", ")})`,
      "drop universal-inputs: release-inputs merges the darwin binaries of the jobs itself"
    );
  for (const p of patterns) normalizePattern(p, "release-inputs");
}
function readRoot(workspace, workingDirectory) {
  return within(workspace, workingDirectory) ? workspace : workingDirectory;
}
function parseReleaseVersion(raw) {
  const v = raw.trim();
  return v === "" ? "" : checkInputName("app-version", v, "version");
}
function parseConfig(src) {
  const read = new InputReader((n) => src.input(n));
  const notices = [];
  const unused = (input, why) => void notices.push(unusedInput(input, why));
  const fanIn = read.list("release-inputs").length > 0;
  const workspace = resolve(src.cwd, src.env.GITHUB_WORKSPACE?.trim() || ".");
  const wdRaw = read.path("working-directory");
  const workingDirectory = resolve(src.cwd, wdRaw);
  const wdKind = src.kindOf(workingDirectory);
  if (wdKind !== "dir") {
    throw inputError(
      "working-directory",
      wdRaw,
      wdKind === void 0 ? `does not exist (looked at ${workingDirectory})` : "is not a folder",
      "name the folder that holds go.mod, relative to the workspace"
    );
  }
  const versionInput = read.string("go-version");
  const fileInput = read.path("go-version-file");
  if (versionInput && fileInput) {
    throw new UserError(`inputs "go-version" and "go-version-file" are both set (${JSON.stringify(versionInput)}, ${JSON.stringify(fileInput)}); set only one`);
  }
  let spec;
  let specFrom;
  if (versionInput) {
    spec = parseVersionSpec(versionInput, "go-version");
    specFrom = "go-version";
  } else if (fileInput) {
    const path = resolve(workingDirectory, fileInput);
    const accepted = "name a go.mod, go.work, .go-version or .tool-versions file, relative to working-directory";
    const text = readRepoFile(src, "go-version-file", fileInput, path, readRoot(workspace, workingDirectory), accepted);
    if (text === void 0) throw inputError("go-version-file", fileInput, `does not exist (looked at ${path})`, accepted);
    spec = parseVersionSpec(versionFromFile(path, text), "go-version-file");
    specFrom = path;
  } else {
    const top = readRoot(workspace, workingDirectory);
    const gomod = findGoMod(workingDirectory, (p) => src.kindOf(p) !== void 0, top);
    const text = gomod === void 0 ? void 0 : readRepoFile(
      src,
      "go-version-file",
      relative(workingDirectory, gomod) || "go.mod",
      gomod,
      top,
      "the go.mod that sets the Go version must be a regular file inside the repository; or set go-version"
    );
    if (gomod !== void 0 && text !== void 0) {
      spec = parseVersionSpec(versionFromFile(gomod, text), "go-version-file");
      specFrom = gomod;
    } else {
      spec = parseVersionSpec("stable");
      specFrom = "default";
    }
  }
  const archRaw = read.string("architecture");
  const arch = archRaw ? parseArch(archRaw) : src.host.arch;
  const baseFromInput = read.string("go-download-base-url");
  const downloadBaseUrl = baseFromInput ? parseMirrorUrl("go-download-base-url", baseFromInput) : src.env.GO_DOWNLOAD_BASE_URL?.trim() ? parseMirrorUrl("GO_DOWNLOAD_BASE_URL", src.env.GO_DOWNLOAD_BASE_URL.trim()) : "https://go.dev/dl";
  const proxyInput = read.string("go-proxy");
  const goProxy = proxyInput || src.env.GOPROXY?.trim() || "";
  parseGoProxy(goProxy, proxyInput ? "go-proxy" : "GOPROXY", proxyInput ? "refuse" : "skip");
  const goSumDb = src.env.GOSUMDB?.trim() ?? "";
  parseGoSumDb(goSumDb);
  const targets = parseTargets(read.list("targets"));
  const built = new Set(targets.map(targetId));
  const builds = (os) => targets.some((t) => t.os === os);
  const cc = parseCC(read.list("cc").join("\n"));
  for (const [target, command] of Object.entries(cc)) {
    if (!built.has(target)) {
      unused("cc", `this job does not build ${target}, its compiler (${command}) is not used`);
      Reflect.deleteProperty(cc, target);
      continue;
    }
    const exe = command.split(/\s+/)[0];
    if (!src.onPath(exe))
      throw inputError(
        "cc",
        `${target}=${command}`,
        `names ${exe}, which is not on PATH`,
        "install the compiler first, or name one on PATH (e.g. x86_64-w64-mingw32-gcc)"
      );
  }
  const name = parseSegment("name", read.string("name"), "a file name");
  const outputDir = checkConfined(src, "output-dir", read.path("output-dir"), workingDirectory, workspace, "dir");
  const reportRaw = read.path("report");
  const report = reportRaw ? checkConfined(src, "report", reportRaw, workingDirectory, workspace, "file") : "";
  const inputs = {
    targets,
    package: parsePackage(read.string("main-package")),
    name,
    outputDir,
    tags: parseTags(read.list("build-tags")),
    ldflags: parseLdflags(read.string("ldflags")),
    buildmode: read.choice("buildmode"),
    trimpath: read.boolean("trimpath"),
    strip: read.boolean("strip"),
    cgo: read.tri("cgo"),
    release: read.boolean("fyne-release"),
    windowsSubsystem: read.choice("windows-subsystem"),
    macosMinVersion: parseMacosMinVersion(read.string("macos-min-version")),
    cc
  };
  const universalInputs = read.list("universal-inputs");
  if (!fanIn && universalInputs.length === 0 && !builds("darwin") && read.isSet("macos-min-version"))
    unused("macos-min-version", "this job builds no macOS target, nothing to apply it to");
  if (!fanIn && !builds("windows") && read.isSet("windows-subsystem")) unused("windows-subsystem", "this job builds no Windows target, nothing to apply it to");
  const build = {
    inputs,
    parallel: read.count("parallel") ?? Math.max(1, Math.floor(availableParallelism())),
    installDeps: read.tri("install-deps")
  };
  const cache = {
    enabled: read.boolean("cache"),
    save: read.tri("cache-save"),
    dependencyPaths: parseDependencyPath(read.list("cache-dependency-path")),
    keyPrefix: parseKeyPrefix(read.string("cache-key-prefix")),
    modules: read.choice("cache-modules")
  };
  const universal = {
    enabled: read.boolean("universal"),
    lipo: read.choice("lipo"),
    inputs: read.list("universal-inputs"),
    resolvedInputs: []
  };
  const merges = universal.enabled && (fanIn || universal.inputs.length > 0 || built.has("darwin/amd64") && built.has("darwin/arm64"));
  if (!merges && read.isSet("lipo"))
    unused(
      "lipo",
      universal.enabled ? "this job merges no universal binary (no darwin/amd64 and darwin/arm64 pair), nothing to merge" : "universal is false, nothing to merge"
    );
  else if (universal.lipo === "system" && (src.host.os !== "darwin" || !src.onPath("lipo"))) {
    throw inputError(
      "lipo",
      "system",
      `needs Apple's lipo, which this ${src.host.os === "darwin" ? "macOS runner does not have on PATH" : `${src.host.os} runner does not have`}`,
      "use auto or builtin (our lipo, on any runner)"
    );
  }
  if (universal.inputs.length > 0 && !universal.enabled) {
    throw inputError(
      "universal-inputs",
      universal.inputs.join(", "),
      "is set while universal is false",
      "set universal: true to merge them, or drop universal-inputs"
    );
  }
  for (const p of universal.inputs) normalizePattern(p, "universal-inputs");
  const archive = read.choice("archive");
  const archiveFiles = read.list("archive-files");
  if (archiveFiles.length > 0 && archive === "none") {
    throw inputError("archive-files", archiveFiles.join(", "), "is set while archive is none", "set archive to zip, tar.gz or auto, or drop archive-files");
  }
  for (const p of archiveFiles) normalizePattern(p, "archive-files");
  const release = {
    archive,
    archiveFiles,
    archiveFileList: [],
    version: parseReleaseVersion(read.string("app-version")),
    fynePackage: read.boolean("fyne-package"),
    releaseInputs: read.list("release-inputs"),
    releaseInputFiles: [],
    ...parseLinuxPackageInputs({
      formats: read.list("linux-packages"),
      maintainer: read.string("maintainer"),
      targets: targets.map(targetId),
      fanIn,
      notice: unused
    })
  };
  if (release.fynePackage && !fanIn && universalInputs.length === 0 && !["linux", "darwin", "windows"].some(builds)) {
    unused("fyne-package", `this job builds no Linux, macOS or Windows target (targets: ${[...built].join(", ") || "none"}), nothing to package`);
  }
  checkFanIn(release.releaseInputs, targets.map(targetId), universal.inputs);
  const runIdInput = read.string("release-inputs-run-id");
  if (runIdInput !== "" && release.releaseInputs.length === 0) {
    throw inputError("release-inputs-run-id", runIdInput, "is set without release-inputs", "set it only in a fan-in step (with release-inputs), or drop it");
  }
  const authenticode = parseAuthenticode({
    certificate: read.string(CERT_INPUT),
    password: read.string(PASSWORD_INPUT),
    timestampUrl: read.string(TIMESTAMP_INPUT),
    windowsTargets: targets.filter((t) => t.os === "windows").map(targetId),
    targets: targets.map(targetId),
    fanIn,
    host: src.host.os,
    onPath: (c) => src.onPath(c),
    notice: unused
  });
  const makesApp = release.fynePackage && (fanIn || universalInputs.length > 0 || builds("darwin"));
  const mac = parseMacSigning(read, src.env, makesApp, unused);
  const order = (n) => INPUTS.findIndex((i) => i.name === n.input);
  notices.sort((a, b) => order(a) - order(b));
  const config = {
    workspace,
    workingDirectory,
    outputDir,
    report,
    build,
    cache,
    universal,
    release,
    signing: {
      ...authenticode ? { authenticode } : {},
      ...mac.developerId ? { developerId: mac.developerId } : {},
      ...mac.notary ? { notary: mac.notary } : {}
    },
    notices,
    toolchain: {
      spec,
      specFrom,
      arch,
      checkLatest: read.boolean("check-latest"),
      source: read.choice("go-download-source"),
      downloadBaseUrl,
      goProxy,
      goSumDb
    }
  };
  if (mac.pending) pendingIdentity.set(config, mac.pending);
  return config;
}
function checkInside(input, files, root, realpath) {
  const realRoot = realpath(root);
  for (const f of files) {
    const real = realpath(f);
    if (!within(realRoot, real))
      throw inputError(input, relative(root, f), `leads through a link to ${real}, outside the working directory`, "list files inside the working directory");
  }
}
async function resolveConfig(config, realpath) {
  const wd = config.workingDirectory;
  const repo = await ReadRoot.open(wd, "the working directory");
  if (config.release.archiveFiles.length > 0) {
    config.release.archiveFileList = await matchFiles(config.release.archiveFiles, wd, "archive-files", repo);
    for (const f of config.release.archiveFileList) checkRelPath(f.name, 'input "archive-files"');
    checkInside(
      "archive-files",
      config.release.archiveFileList.map((f) => f.source),
      wd,
      realpath
    );
  }
  if (config.universal.inputs.length > 0) {
    config.universal.resolvedInputs = (await matchFiles(config.universal.inputs, wd, "universal-inputs", repo)).map((f) => f.source);
    checkInside("universal-inputs", config.universal.resolvedInputs, wd, realpath);
    if (config.universal.resolvedInputs.length < 2) {
      throw inputError(
        "universal-inputs",
        config.universal.inputs.join(", "),
        `matched ${config.universal.resolvedInputs.length} file`,
        "match at least two darwin binaries (e.g. amd64 and arm64)"
      );
    }
  }
  if (config.release.releaseInputs.length > 0) {
    const shown2 = config.release.releaseInputs.join(", ");
    const files = await matchFiles(config.release.releaseInputs, wd, "release-inputs", repo);
    checkInside(
      "release-inputs",
      files.map((f) => f.source),
      wd,
      realpath
    );
    const inOutput = files.find((f) => within(config.outputDir, f.source));
    if (inOutput)
      throw inputError(
        "release-inputs",
        shown2,
        `takes in ${inOutput.name}, inside output-dir ${config.outputDir}`,
        "download the jobs' files somewhere else than output-dir (e.g. output-dir: release)"
      );
    if (!files.some((f) => f.name.endsWith(MANIFEST_SUFFIX))) {
      throw inputError(
        "release-inputs",
        shown2,
        `holds no job manifest (*${MANIFEST_SUFFIX}) among ${files.length} file(s)`,
        "download each build job's whole output-dir, where go-fyne-action writes <name>_<job-key>.manifest.json"
      );
    }
    config.release.releaseInputFiles = files;
  }
  await resolveDeveloperId(config, repo);
  if (config.cache.enabled && config.cache.dependencyPaths.length > 0) {
    const files = await resolveGoSumFiles(wd, config.cache.dependencyPaths);
    checkInside(
      "cache-dependency-path",
      files.map((f) => join(wd, f)),
      wd,
      realpath
    );
  }
  return config;
}
var ENTITLEMENTS_CAP = 256 << 10;
async function resolveDeveloperId(config, repo) {
  const dev = config.signing.developerId;
  const pending = pendingIdentity.get(config);
  if (!dev || !pending) return;
  pendingIdentity.delete(config);
  const { loadIdentity } = await import("./p12-RPXBMS22.js");
  const { APPLE_TIMESTAMP_URL, parseTimestampUrl } = await import("./tsa-ZTFSBP72.js");
  const { entitlementsToDer } = await import("./devid-sign-ZO63HQ57.js");
  const identity = loadIdentity(pending.certificate, pending.password);
  dev.timestampUrl = parseTimestampUrl(dev.timestampUrl || APPLE_TIMESTAMP_URL);
  if (dev.entitlementsPath !== "") {
    const xml = await repo.read(dev.entitlementsPath, `input "${ENTITLEMENTS_INPUT}"`, { maxBytes: ENTITLEMENTS_CAP });
    entitlementsToDer(xml);
    dev.entitlements = xml;
  }
  dev.identity = identity;
  dev.anchors = chainAnchors(identity);
}
function readText(path) {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if (e.code === "ENOENT" || e.code === "EISDIR") return void 0;
    throw e;
  }
}
function kindOf(path) {
  try {
    const st = statSync(path);
    return st.isFile() ? "file" : st.isDirectory() ? "dir" : "other";
  } catch {
    return void 0;
  }
}
function sizeOf(path) {
  try {
    return statSync(path).size;
  } catch {
    return void 0;
  }
}
function diskSources(input, env, host, cwd) {
  return { input, env, host, cwd, readFile: readText, kindOf, sizeOf, realpath: (p) => realpathSync(p), onPath: (c) => onPath(c, env) };
}

export {
  INPUTS,
  INPUT_NAMES,
  OUTPUTS,
  repositoryRoot,
  parseConfig,
  resolveConfig,
  diskSources
};
