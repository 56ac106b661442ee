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
];
