/**
 * Version specs for the `go-version` input, and their resolution against a list of available
 * versions. Accepted: an exact version (1.23.4, go1.23.4, 1.25rc1), a minor line (1.23: its
 * newest patch), x-ranges (1.22.x, 1.x), semver ranges (^1.22, ~1.22.3, >=1.21 <1.23,
 * 1.21 - 1.22, a || b), and the aliases stable, oldstable and latest. setup-go's semver spelling
 * of a prerelease (1.25.0-rc.1, 1.25.0-beta.1) names the same Go version as 1.25rc1/1.25beta1
 * (setup-go users write it; Go never does), so it is read as Go's own spelling.
 */
import { inputError } from '../errors.js';
import { compareGoVersions, fromToolCacheVersion, parseGoVersion, toolCacheVersion, type GoVersion } from './version.js';

export type VersionSpec =
  | { kind: 'alias'; alias: 'stable' | 'oldstable'; raw: string }
  | { kind: 'exact'; version: GoVersion; raw: string }
  | { kind: 'range'; sets: Comparator[][]; raw: string };

interface Comparator {
  op: '<' | '<=' | '>' | '>=' | '=';
  v: GoVersion;
}

const ACCEPTED = 'use a version (1.23.4, 1.25rc1 or 1.25.0-rc.1), a minor line (1.23), a range (^1.22, >=1.21 <1.23, 1.22.x) or stable/oldstable';
const PRERELEASE_IN_RANGE = 'puts a prerelease in a range, and ranges never pick prereleases';
const NAME_ONE_PRERELEASE = 'name one prerelease exactly (1.25.0-rc.1 or 1.25rc1), or use a range of releases (>=1.25.0)';

/** setup-go's (semver) spelling of a Go prerelease: 1.25.0-rc.1, go1.25.0-beta.1. */
const SEMVER_PRERELEASE = /^(?:go|v)?(\d+\.\d+\.\d+-(?:rc|beta)\.\d+)$/;
/** Any prerelease, in either spelling, inside a longer spec. */
const ANY_PRERELEASE = /\d(?:rc|beta)\d|\d-(?:rc|beta)\.\d/;
/** A spec with range syntax: operators, spaces, ||, x-ranges. */
const RANGE_SYNTAX = /[<>=^~|\s*]|\.[xX]\b/;

/** A Go prerelease as Go spells it (1.25rc1, 1.9.2rc2): never 1.25.0rc1. */
function goSpelling(v: GoVersion): GoVersion {
  return (v.pre && fromToolCacheVersion(toolCacheVersion(v))) || v;
}

const num = (v: GoVersion) => ({ ...v });
const mk = (major: number, minor: number, patch: number): GoVersion => ({ major, minor, patch, text: `${major}.${minor}.${patch}` });

/** One partial version: 1, 1.22, 1.22.3, 1.22.x, 1.x, *. Missing parts are undefined. */
function partial(s: string): { major?: number; minor?: number; patch?: number; pre?: GoVersion['pre'] } | undefined {
  const t = s.replace(/^(go|v)/, '');
  if (t === '*' || t === 'x' || t === 'X') return {};
  const m = /^(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:(beta|rc)(\d+))?$/.exec(t);
  if (!m) return undefined;
  const part = (x?: string) => (x === undefined || /^[xX*]$/.test(x) ? undefined : Number(x));
  const out: { major?: number; minor?: number; patch?: number; pre?: GoVersion['pre'] } = { major: part(m[1]), minor: part(m[2]), patch: part(m[3]) };
  if (out.minor === undefined && out.patch !== undefined) return undefined;
  if (m[4]) out.pre = { kind: m[4] as 'beta' | 'rc', n: Number(m[5]) };
  return out;
}

/** The comparators a partial version stands for, with an optional operator. */
function comparators(op: string, s: string): Comparator[] | undefined {
  const p = partial(s);
  if (!p) return undefined;
  if (p.pre) return undefined; // prereleases are only accepted when named exactly
  const { major, minor, patch } = p;
  if (major === undefined) return op === '' || op === '=' ? [] : op === '<' ? [{ op: '<', v: mk(0, 0, 0) }] : [];
  const lo = mk(major, minor ?? 0, patch ?? 0);
  const next = minor === undefined ? mk(major + 1, 0, 0) : patch === undefined ? mk(major, minor + 1, 0) : undefined;
  switch (op) {
    case '':
    case '=':
      return next
        ? [
            { op: '>=', v: lo },
            { op: '<', v: next },
          ]
        : [{ op: '=', v: lo }];
    case '>':
      return next ? [{ op: '>=', v: next }] : [{ op: '>', v: lo }];
    case '>=':
      return [{ op: '>=', v: lo }];
    case '<':
      return [{ op: '<', v: lo }];
    case '<=':
      return next ? [{ op: '<', v: next }] : [{ op: '<=', v: lo }];
    case '~':
      return [
        { op: '>=', v: lo },
        { op: '<', v: minor === undefined ? mk(major + 1, 0, 0) : mk(major, minor + 1, 0) },
      ];
    case '^': {
      // Go has only major version 1, so ^1.22 means >=1.22.0 <2.0.0, as in semver.
      const hi = major > 0 ? mk(major + 1, 0, 0) : minor !== undefined && minor > 0 ? mk(0, minor + 1, 0) : mk(0, 0, (patch ?? 0) + 1);
      return [
        { op: '>=', v: lo },
        { op: '<', v: hi },
      ];
    }
    default:
      return undefined;
  }
}

function parseRangeSet(set: string): Comparator[] | undefined {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(set);
  if (hyphen) {
    const a = comparators('>=', hyphen[1]);
    const b = comparators('<=', hyphen[2]);
    return a && b ? [...a, ...b] : undefined;
  }
  const tokens = set
    .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
    .split(/\s+/)
    .filter(Boolean);
  if (tokens.length === 0) return undefined;
  const out: Comparator[] = [];
  for (const tok of tokens) {
    const [, op = '', v] = /^(>=|<=|>|<|=|\^|~)?(.+)$/.exec(tok)!;
    const c = comparators(op, v);
    if (!c) return undefined;
    out.push(...c);
  }
  return out;
}

/** Parses the `go-version` input (or a version read from a file). Throws a one-line UserError. */
export function parseVersionSpec(raw: string, input = 'go-version'): VersionSpec {
  const s = raw.trim();
  if (s === '') throw inputError(input, raw, 'is empty', ACCEPTED);
  const lower = s.toLowerCase();
  if (lower === 'stable' || lower === 'latest') return { kind: 'alias', alias: 'stable', raw: s };
  if (lower === 'oldstable') return { kind: 'alias', alias: 'oldstable', raw: s };
  const semverPre = SEMVER_PRERELEASE.exec(s);
  if (semverPre) {
    const v = fromToolCacheVersion(semverPre[1]);
    if (v) return { kind: 'exact', version: v, raw: s };
  }
  // A full version or a named prerelease is exact. Two-part releases (1.23) name a minor line.
  const v = parseGoVersion(s);
  if (v && (v.pre || /^(go|v)?\d+\.\d+\.\d+$/.test(s))) return { kind: 'exact', version: goSpelling(v), raw: s };
  const sets: Comparator[][] = [];
  for (const part of s.split('||')) {
    const set = parseRangeSet(part.trim());
    if (!set && RANGE_SYNTAX.test(s) && ANY_PRERELEASE.test(s)) throw inputError(input, raw, PRERELEASE_IN_RANGE, NAME_ONE_PRERELEASE);
    if (!set) throw inputError(input, raw, 'is not a version or range', ACCEPTED);
    sets.push(set);
  }
  return { kind: 'range', sets, raw: s };
}

function test(c: Comparator, v: GoVersion): boolean {
  const d = compareGoVersions(v, c.v);
  switch (c.op) {
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
    case '=':
      return d === 0;
  }
}

/** True when a (release) version satisfies a range; prereleases never satisfy ranges. */
export function satisfies(spec: VersionSpec, v: GoVersion): boolean {
  switch (spec.kind) {
    case 'exact':
      return compareGoVersions(spec.version, v) === 0;
    case 'alias':
      return false;
    case 'range':
      return !v.pre && spec.sets.some((set) => set.every((c) => test(c, v)));
  }
}

export interface Available {
  version: GoVersion;
  stable: boolean;
}

/**
 * Picks the version a spec names from what a source offers (already filtered to the wanted
 * os/arch). Aliases: stable = newest stable release; oldstable = newest stable release of the
 * previous minor line. Returns undefined when nothing matches.
 */
export function resolveSpec(spec: VersionSpec, available: Available[]): GoVersion | undefined {
  const sorted = [...available].sort((a, b) => compareGoVersions(b.version, a.version));
  if (spec.kind === 'alias') {
    const stable = sorted.filter((a) => a.stable && !a.version.pre);
    if (stable.length === 0) return undefined;
    const newest = stable[0].version;
    if (spec.alias === 'stable') return newest;
    return stable.find((a) => a.version.major < newest.major || a.version.minor < newest.minor)?.version;
  }
  return sorted.find((a) => satisfies(spec, a.version))?.version;
}

/** The versions closest to what a spec asked for, newest first, for "unknown version" errors. */
export function nearestVersions(spec: VersionSpec, available: Available[], count = 5): string[] {
  const all = [...new Map(available.map((a) => [a.version.text, a.version])).values()].sort((a, b) => compareGoVersions(b, a));
  if (all.length === 0) return [];
  let target: GoVersion | undefined;
  if (spec.kind === 'exact') target = spec.version;
  else if (spec.kind === 'range') {
    const firstLow = spec.sets[0]?.find((c) => c.op === '>=' || c.op === '=' || c.op === '>');
    target = firstLow ? num(firstLow.v) : undefined;
  }
  if (!target) return all.slice(0, count).map((v) => v.text);
  const idx = all.findIndex((v) => compareGoVersions(v, target) <= 0);
  const center = idx < 0 ? all.length - 1 : idx;
  const start = Math.max(0, Math.min(center - Math.floor(count / 2), all.length - count));
  return all.slice(start, start + count).map((v) => v.text);
}
