/**
 * Every input of the action, once: name, default and one line of help. action.yml, the CLI's
 * flags and --help, and the README's table all follow this list (a unit test holds them to it).
 */
export interface InputSpec {
  name: string;
  default: string;
  help: string;
}

export const INPUTS: InputSpec[] = [
  { name: 'go-version', default: '', help: 'Go version or range: 1.23.4, 1.23, ^1.22, >=1.21 <1.23, stable, oldstable, or a named prerelease (1.25rc1). Default: go-version-file, else go.mod in working-directory, else stable.' },
  { name: 'go-version-file', default: '', help: 'Read the version from go.mod or go.work (toolchain line wins over go), .go-version, or .tool-versions. Relative to working-directory.' },
  { name: 'architecture', default: '', help: 'Go toolchain architecture: amd64 (x64) or arm64 (aarch64). Default: the runner\'s.' },
  { name: 'check-latest', default: 'false', help: 'Resolve the spec against the download index even when the tool cache could satisfy it.' },
  { name: 'go-download-source', default: 'auto', help: 'Where Go comes from: auto (dl, then proxy), dl (a go.dev/dl-style mirror) or proxy (golang.org/toolchain through GOPROXY).' },
  { name: 'go-download-base-url', default: '', help: 'A go.dev/dl-style mirror (env GO_DOWNLOAD_BASE_URL). Default https://go.dev/dl. The index is <base>/?mode=json&include=all.' },
  { name: 'go-proxy', default: '', help: 'GOPROXY-style list for the proxy source. Default: env GOPROXY, else https://proxy.golang.org,direct. The checksum database is GOSUMDB\'s (default sum.golang.org).' },
  { name: 'working-directory', default: '.', help: 'The Go module root.' },
  // build
  { name: 'targets', default: '', help: 'os/arch pairs to build, separated by commas, spaces or newlines (linux/amd64, windows/amd64, darwin/arm64, darwin/amd64, ...). Empty: set up only, build nothing.' },
  { name: 'package', default: '.', help: 'The main package to build, relative to working-directory.' },
  { name: 'name', default: '', help: 'Base name of the binaries. Default: Name in FyneApp.toml, else the last element of the module path.' },
  { name: 'output-dir', default: 'dist', help: 'Where binaries, archives and SHA256SUMS go, relative to working-directory: <name>_<os>_<arch>[.exe].' },
  { name: 'tags', default: '', help: 'Build tags, appended to ours (Fyne release builds add release).' },
  { name: 'ldflags', default: '', help: 'Linker flags, appended to ours (-s -w, -H=windowsgui).' },
  { name: 'buildmode', default: 'exe', help: 'exe, pie, c-shared or c-archive; checked against each target.' },
  { name: 'trimpath', default: 'true', help: 'Build with -trimpath.' },
  { name: 'strip', default: 'true', help: 'Strip symbols and DWARF (-ldflags "-s -w").' },
  { name: 'cgo', default: 'auto', help: 'auto (on for Fyne apps, off otherwise), true or false. A Fyne app cannot be built with cgo off (except js/wasm).' },
  { name: 'release', default: 'true', help: 'Fyne release mode, as fyne build --release: the release tag, -s -w, -trimpath, and the FyneApp.toml metadata embedded.' },
  { name: 'windows-subsystem', default: 'auto', help: 'gui or console for Windows targets; auto: gui for Fyne apps, console otherwise.' },
  { name: 'macos-min-version', default: '11.0', help: 'Minimum macOS version, applied through MACOSX_DEPLOYMENT_TARGET and -mmacosx-version-min.' },
  { name: 'cc', default: '', help: 'Per-target C compilers overriding ours, e.g. windows/amd64=x86_64-w64-mingw32-gcc, linux/arm64=zig cc -target aarch64-linux-gnu.' },
  { name: 'parallel', default: '', help: 'The most builds at once. Default: from the core count.' },
  { name: 'install-deps', default: 'auto', help: 'Install the system packages the targets need (apt-get on Linux: gcc, libgl1-mesa-dev, xorg-dev, cross compilers); auto: for Fyne apps. On macOS and Windows the compiler is checked.' },
  // cache
  { name: 'cache', default: 'true', help: 'Cache modules and the build cache (GOCACHE) in layers.' },
  { name: 'cache-save', default: 'true', help: 'Save caches at the end of the job; false restores only (e.g. for pull requests).' },
  { name: 'cache-dependency-path', default: '', help: 'Globs of go.sum files for the modules key. Default: go.sum in working-directory; for go.work, every member\'s go.sum.' },
  { name: 'cache-key-prefix', default: 'go-fyne', help: 'Prefix of every cache key.' },
  { name: 'modules', default: 'auto', help: 'Form of the modules layer: modcache (GOMODCACHE), vendor (vendor/ restored, or made by go mod vendor; builds use -mod=vendor), or auto (a committed vendor/modules.txt is used as is, else modcache).' },
  // universal
  { name: 'universal', default: 'true', help: 'When the targets include darwin/amd64 and darwin/arm64, also produce <name>_darwin_universal.' },
  { name: 'lipo', default: 'auto', help: 'Which lipo merges: auto (Apple\'s on macOS runners when present, ours elsewhere), system or builtin. Either result is verified.' },
  { name: 'universal-inputs', default: '', help: 'Paths or globs of darwin binaries to merge into a universal binary without building (e.g. artifacts from separate macOS jobs).' },
  // release
  { name: 'archive', default: 'none', help: 'none, zip, tar.gz or auto (zip for Windows, tar.gz otherwise): one reproducible archive per target, <name>_<version>_<os>_<arch>.' },
  { name: 'archive-files', default: '', help: 'Files or globs to put in every archive beside the binary (e.g. README.md, LICENSE).' },
  { name: 'version', default: '', help: 'Version in archive names. Default: the tag (without a leading v) when GITHUB_REF is a tag, else the short commit.' },
  { name: 'fyne-package', default: 'false', help: 'Also package with the fyne tool: a .app for macOS (universal when built), a .tar.xz with a .desktop file for Linux, icon and version info in Windows exes.' },
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
  { name: 'artifacts', help: 'JSON array of {target, os, arch, path, size, sha256, kind} for every file produced (kind: binary, archive, app, package, checksums).' },
  { name: 'checksums', help: 'Path of SHA256SUMS, when anything was built.' },
  { name: 'cache-hit', help: 'true when every cache layer hit its exact key.' },
  { name: 'cache-matched-keys', help: 'JSON object of layer to the key it was restored from.' },
];
