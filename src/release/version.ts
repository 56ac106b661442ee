/**
 * The ONE release version of a run, decided here and nowhere else. Every consumer takes it from
 * ctx.version (the build plan carries the same value as BuildSet.version, because the compiled-in
 * metadata is generated before the build): app.Metadata().Version, Info.plist
 * (CFBundleShortVersionString), the Windows version resource, archive and package file names,
 * .deb/.rpm versions, the Authenticode description and the manifest. No consumer reads the tag or
 * FyneApp.toml's Details.Version by itself.
 *
 * Precedence, first that is set wins:
 *   1. the `app-version` input, used as given (no stripping), but it must be file-name safe. It wins
 *      over the tag because it is the one source the workflow author writes on purpose: a tag
 *      scheme that is not a version (`release-2024-06`, `app/v1.2.3`), a re-run of an old tag with
 *      a corrected version, or a nightly numbered by the workflow all need it to.
 *   2. the tag, on a tag build (GITHUB_REF=refs/tags/...): like goreleaser's {{ .Version }}, ONE
 *      leading 'v' is stripped when a digit follows (v1.2.3 -> 1.2.3; 'version-x' stays); any
 *      character a file name cannot hold becomes '-'.
 *   3. FyneApp.toml's Details.Version (a branch build of a Fyne app keeps its own version).
 *   4. the short commit: the first 7 hex digits of GITHUB_SHA, or `git rev-parse --short HEAD`.
 *   5. 'dev'.
 *
 * Each format then maps that one value (documented beside each mapping): Windows' numeric
 * FileVersion a.b.c.build (windows-resource.ts combinedVersion), dpkg/rpm's upstream version
 * (package/linux.ts packageVersion), the fyne tool's x.y.z (fyne-package.ts fyneAppVersion).
 */
import { run } from '../system/process.js';
import { inputError, UserError } from '../errors.js';
import { nameProblem } from '../system/names.js';

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
/** A tag-derived version is cut to this many characters (a file name part, well under the 200-byte name limit). */
const MAX_TAG_VERSION = 128;

export interface VersionSources {
  /** The `app-version` input ('' when unset). */
  input: string;
  /** GITHUB_REF, e.g. refs/tags/v1.2.3 or refs/heads/main. */
  ref?: string;
  /** GITHUB_SHA (40 hex). */
  sha?: string;
  /** `git rev-parse --short HEAD`, when it could be run. */
  gitShortSha?: string;
  /** FyneApp.toml's Details.Version, when the project has one. */
  fyneApp?: string;
}

export type VersionSource = 'input' | 'tag' | 'fyneapp' | 'sha' | 'git' | 'none';

/** Where each source comes from, for the log and the summary. */
export const VERSION_SOURCE_TEXT: Record<VersionSource, string> = {
  input: 'the app-version input',
  tag: 'the tag',
  fyneapp: 'FyneApp.toml Details.Version',
  sha: 'the commit (GITHUB_SHA)',
  git: 'the commit (git rev-parse)',
  none: 'no version source (dev)',
};

export function resolveVersion(src: VersionSources): { version: string; source: VersionSource } {
  const input = src.input.trim();
  if (input !== '') {
    // The one validator (src/system/names.ts), with this input's documented message.
    if (nameProblem(input, 'version') !== undefined || input.length > 128) {
      throw inputError('app-version', input, 'cannot be used in a file name', 'use letters, digits and . _ + - (e.g. 1.2.3 or 1.2.3-rc.1)');
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
  const fyneApp = src.fyneApp?.trim() ?? '';
  if (fyneApp !== '') {
    if (nameProblem(fyneApp, 'version') !== undefined || fyneApp.length > 128) {
      throw new UserError(
        `FyneApp.toml: Details.Version ${JSON.stringify(fyneApp.slice(0, 60))} cannot be used in a file name; use letters, digits and . _ + - (e.g. 1.2.3), or set the app-version input`,
      );
    }
    return { version: fyneApp, source: 'fyneapp' };
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
export async function detectVersion(input: string, env: NodeJS.ProcessEnv, cwd: string, fyneApp?: string): Promise<{ version: string; source: VersionSource }> {
  const first = resolveVersion({ input, ref: env.GITHUB_REF, sha: env.GITHUB_SHA, fyneApp });
  if (first.source !== 'none') return first;
  return resolveVersion({ input, fyneApp, gitShortSha: await gitShortHead(cwd) });
}
