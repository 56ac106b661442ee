/**
 * Cache keys from facts. Pure: no I/O, no clock, no environment reads (the caller passes the
 * run stamp in). Every key is `-`-separated with a trailing `-` on each restore-key so that a
 * restore-key never prefix-matches a longer value of the same field (`go1.22-` vs `go1.22.1-`).
 */
import { createHash } from 'node:crypto';
import type { GoArch, GoOS } from '../host.js';

/** How modules reach the build: the module cache, a cached vendor/, or a committed vendor/. */
export type ModulesForm = 'mod' | 'vendor';

export interface KeySet {
  /** The exact key this run saves under. */
  key: string;
  /** Tried in order as prefixes when the exact key misses (most specific first). */
  restoreKeys: string[];
  /**
   * A match starting with this prefix counts as a hit for this layer (same facts). For the
   * modules layer it is the key itself; for the build layer it is the key minus the run stamp.
   */
  hitPrefix: string;
}

/** Everything that changes what `go build` writes into GOCACHE. */
export interface BuildFacts {
  os: GoOS;
  arch: GoArch;
  /** `go env GOVERSION` without the `go` prefix, e.g. `1.26.8`. */
  goVersion: string;
  /** Fyne module version, or null/'' for a non-Fyne project (keyed as `none`). */
  fyneVersion?: string | null;
  /** The targets this job builds, e.g. `linux/amd64`, `windows/arm64`. Order does not matter. */
  targets: string[];
  /**
   * A generic record of everything else that changes compiled output: tags, cgo, CC, CGO_*
   * flags, trimpath, buildmode, macOS minimum version... Keys are sorted; array values are
   * kept in order (flag order can matter); undefined values are dropped.
   */
  flags: Record<string, string | number | boolean | string[] | null | undefined>;
  /** hashGoSums() of the go.sum files. */
  goSumHash: string;
  /** Unique per run and attempt (e.g. `1234567-1`, or a timestamp locally). */
  runStamp: string;
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** Keeps a fact safe inside a key: no commas (the cache service rejects them), no spaces, no `-` runs. */
export function keyPart(value: string): string {
  const v = value
    .trim()
    .replace(/[^A-Za-z0-9._+~^=@/]+/g, '_')
    .replace(/\//g, '_');
  return v === '' ? 'none' : v;
}

/** sha256 (first 16 hex) of the canonical form of targets and flags: independent of order. */
export function buildFingerprint(targets: string[], flags: BuildFacts['flags']): string {
  const t = [...new Set(targets.map((x) => x.trim()).filter(Boolean))].sort();
  const f: [string, unknown][] = Object.keys(flags)
    .filter((k) => flags[k] !== undefined)
    .sort()
    .map((k) => [k, flags[k]]);
  return sha256(JSON.stringify({ t, f })).slice(0, 16);
}

/**
 * Hash of the go.sum files (relative path + content, sorted by path), first 24 hex. No files
 * (a module without dependencies) hashes to `nosum`.
 */
export function hashGoSums(files: { path: string; content: string | Buffer }[]): string {
  if (files.length === 0) return 'nosum';
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    h.update(f.path.replace(/\\/g, '/')).update('\0').update(f.content).update('\0');
  }
  return h.digest('hex').slice(0, 24);
}

/** `<prefix>-<form>-<os>-<hash>`, restore-key `<prefix>-<form>-<os>-`. */
export function modulesKeys(prefix: string, form: ModulesForm, os: GoOS, goSumHash: string): KeySet {
  const base = `${prefix}-${form}-${os}-`;
  const key = `${base}${goSumHash}`;
  return { key, restoreKeys: [base], hitPrefix: key };
}

/**
 * `<prefix>-build-<os>-<arch>-go<ver>-fyne<ver|none>-<fingerprint>-<gosum>-<runstamp>`.
 * Restore-keys drop the most specific part one at a time, down to `<prefix>-build-<os>-<arch>-go<ver>-`.
 * Fingerprint comes before go.sum: other targets compile to other objects, whereas a changed
 * go.sum usually leaves most packages as they were.
 */
export function buildKeys(prefix: string, f: BuildFacts): KeySet {
  const parts = [
    `${prefix}-build-${f.os}-${f.arch}-go${keyPart(f.goVersion.replace(/^go/, ''))}`,
    `fyne${f.fyneVersion ? keyPart(f.fyneVersion.replace(/^v/, '')) : 'none'}`,
    buildFingerprint(f.targets, f.flags),
    f.goSumHash,
  ];
  const restoreKeys: string[] = [];
  for (let n = parts.length; n >= 1; n--) restoreKeys.push(parts.slice(0, n).join('-') + '-');
  const key = restoreKeys[0] + (f.runStamp.replace(/[^A-Za-z0-9._-]+/g, '_') || 'run');
  return { key, restoreKeys, hitPrefix: restoreKeys[0] };
}

/** A unique stamp per run: `<run id>-<attempt>` on GitHub, else a UTC timestamp. */
export function runStamp(env: NodeJS.ProcessEnv, now: Date): string {
  if (env.GITHUB_RUN_ID) return `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT || '1'}`;
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

export type LayerResult = 'hit' | 'prefix' | 'miss';

/** hit: same facts (exact key, or for the build layer the same key but another run); prefix: a broader key; miss: nothing. */
export function classifyMatch(keys: KeySet, matchedKey: string | undefined): LayerResult {
  if (!matchedKey) return 'miss';
  return matchedKey === keys.key || matchedKey.startsWith(keys.hitPrefix) ? 'hit' : 'prefix';
}
