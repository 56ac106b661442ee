/**
 * Go release versions as the Go project names them: go1, go1.13.7, go1.14rc1, go1.21.0,
 * go1.9.2rc2. Parsed into comparable parts; a prerelease sorts before its release.
 */
export interface GoVersion {
  major: number;
  minor: number;
  patch: number;
  /** 'rc' | 'beta' with its number, or undefined for a release. */
  pre?: { kind: 'beta' | 'rc'; n: number };
  /** As Go writes it without the `go` prefix: 1.23.4, 1.25rc1, 1.20. */
  text: string;
}

const RE = /^(?:go|v)?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(beta|rc)(\d+))?$/;

export function parseGoVersion(s: string): GoVersion | undefined {
  const m = RE.exec(s.trim());
  if (!m) return undefined;
  const [, major, minor = '0', patch = '0', pre, preN] = m;
  const v: GoVersion = {
    major: Number(major),
    minor: Number(minor),
    patch: Number(patch),
    text: s.trim().replace(/^(go|v)/, ''),
  };
  if (pre) v.pre = { kind: pre as 'beta' | 'rc', n: Number(preN) };
  return v;
}

export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  if (!a.pre && !b.pre) return 0;
  if (!a.pre) return 1;
  if (!b.pre) return -1;
  if (a.pre.kind !== b.pre.kind) return a.pre.kind === 'beta' ? -1 : 1;
  return a.pre.n - b.pre.n;
}

/**
 * The semver-like name the runner tool cache uses for a Go version (as setup-go and the
 * hosted images lay it out): 1.23.4, 1.20.0, 1.25.0-rc.1, 1.22.0-beta.1.
 */
export function toolCacheVersion(v: GoVersion): string {
  const base = `${v.major}.${v.minor}.${v.patch}`;
  return v.pre ? `${base}-${v.pre.kind}.${v.pre.n}` : base;
}

/** Parses a tool cache directory name back (inverse of toolCacheVersion). */
export function fromToolCacheVersion(s: string): GoVersion | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-(beta|rc)\.(\d+))?$/.exec(s);
  if (!m) return undefined;
  const [maj, min, pat] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Go spells x.y.0 as x.y before 1.21 and for prereleases.
  let text = `${maj}.${min}`;
  if (pat !== 0 || (maj === 1 && min >= 21 && !m[4])) text += `.${pat}`;
  if (m[4]) text += `${m[4]}${m[5]}`;
  return parseGoVersion(text);
}
