/**
 * The release version used in file names.
 *
 * Like goreleaser's {{ .Version }}: on a tag build (GITHUB_REF=refs/tags/v1.2.3) the version is the
 * tag with ONE leading 'v' stripped when a digit follows (v1.2.3 -> 1.2.3; 'version-x' stays).
 * Otherwise the short commit: the first 7 hex digits of GITHUB_SHA, or `git rev-parse --short HEAD`
 * locally. An explicit `version` input is used as given (no stripping) but must be file-name safe.
 */
import { run } from '../system/process.js';
import { inputError } from '../errors.js';
import { nameProblem } from '../system/names.js';

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
/** A tag-derived version is cut to this many characters (a file name part, well under the 200-byte name limit). */
const MAX_TAG_VERSION = 128;

export interface VersionSources {
  /** The `version` input ('' when unset). */
  input: string;
  /** GITHUB_REF, e.g. refs/tags/v1.2.3 or refs/heads/main. */
  ref?: string;
  /** GITHUB_SHA (40 hex). */
  sha?: string;
  /** `git rev-parse --short HEAD`, when it could be run. */
  gitShortSha?: string;
}

export type VersionSource = 'input' | 'tag' | 'sha' | 'git' | 'none';

export function resolveVersion(src: VersionSources): { version: string; source: VersionSource } {
  const input = src.input.trim();
  if (input !== '') {
    // The one validator (src/system/names.ts), with this input's documented message.
    if (nameProblem(input, 'version') !== undefined || input.length > 128) {
      throw inputError('version', input, 'cannot be used in a file name', 'use letters, digits and . _ + - (e.g. 1.2.3 or 1.2.3-rc.1)');
    }
    return { version: input, source: 'input' };
  }
  const tag = src.ref?.startsWith('refs/tags/') ? src.ref.slice('refs/tags/'.length) : '';
  if (tag !== '') {
    const stripped = /^v\d/.test(tag) ? tag.slice(1) : tag;
    // Tags may hold '/' (release/1.0): keep them usable as a file name part.
    // It starts with a letter or digit, so it is never `.` or `..`; checked by the one validator.
    const safe = stripped
      .replace(/[^A-Za-z0-9._+-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, MAX_TAG_VERSION);
    if (safe !== '' && nameProblem(safe, 'version') === undefined) return { version: safe, source: 'tag' };
  }
  if (src.sha && /^[0-9a-f]{7,}$/i.test(src.sha)) return { version: src.sha.slice(0, 7).toLowerCase(), source: 'sha' };
  if (src.gitShortSha && SAFE.test(src.gitShortSha)) return { version: src.gitShortSha, source: 'git' };
  return { version: 'dev', source: 'none' };
}

/** `git rev-parse --short HEAD` in cwd, or undefined when git or the repo is missing. */
export async function gitShortHead(cwd: string): Promise<string | undefined> {
  try {
    const r = await run(['git', 'rev-parse', '--short', 'HEAD'], { cwd });
    const out = r.code === 0 ? r.stdout.trim() : '';
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
}

/** Effectful convenience: resolves from the environment, asking git only when it must. */
export async function detectVersion(input: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ version: string; source: VersionSource }> {
  const first = resolveVersion({ input, ref: env.GITHUB_REF, sha: env.GITHUB_SHA });
  if (first.source !== 'none') return first;
  return resolveVersion({ input, gitShortSha: await gitShortHead(cwd) });
}
