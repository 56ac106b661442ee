/**
 * The one validator for a value that becomes a file name, a path below output-dir or a package
 * field, whatever its source (an input, the tag, a job's manifest, FyneApp.toml). Apply it where
 * the value enters the program; everything after may then use it as a path component.
 *
 * A name is refused (never silently rewritten) when it is empty or too long, holds a path
 * separator, a NUL or any control character (a newline would also forge a workflow command when
 * printed), is `.` or `..`, starts with `-` (a tool would read it as an option), holds a character
 * Windows cannot store (< > : " | ? *), ends in a dot or a space, or is a reserved Windows device
 * name (CON, NUL, COM1...). Names are compared for aliasing by `aliasKey` (Unicode NFC, then case
 * folded), as macOS and Windows file systems compare them.
 */
import { UserError } from '../errors.js';

export type NameKind =
  /** One path component: a binary, an archive, an .app folder name. Letters of any script and spaces are fine. */
  | 'file'
  /** A release version: letters, digits and . _ + - ~, starting with a letter or digit. */
  | 'version';

/**
 * A value shown in an error line: JSON-quoted, with the characters JSON leaves as they are but a
 * reader or a log treats as a line break or an invisible (U+2028, U+2029, C1 controls, bidi
 * overrides) written as \\u escapes, so an error stays one visible line.
 */
export function quote(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_BYTES = 200;

/** What is wrong with `value` as a name of `kind`, or undefined when it is fine (pure). */
export function nameProblem(value: string, kind: NameKind = 'file'): string | undefined {
  if (value === '') return 'is empty';
  if (Buffer.byteLength(value) > MAX_BYTES) return `is longer than ${MAX_BYTES} bytes`;
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) return 'has a control character (a newline, tab or NUL)';
  if (/[/\\]/.test(value)) return 'has a path separator (/ or \\)';
  if (value === '.' || value === '..') return 'is a relative folder name';
  if (value.startsWith('-')) return 'starts with -, which a tool would read as an option';
  if (kind === 'version') {
    if (!/^[A-Za-z0-9][A-Za-z0-9._+~-]*$/.test(value)) return 'holds characters other than letters, digits and . _ + - ~';
    return undefined;
  }
  if (/[<>:"|?*]/.test(value)) return 'has a character Windows cannot store in a file name (< > : " | ? *)';
  if (/[. ]$/.test(value)) return 'ends in a dot or a space';
  if (/^\s/.test(value)) return 'starts with a space';
  if (RESERVED.test(value)) return 'is a reserved device name on Windows';
  return undefined;
}

/**
 * Returns `value` (NFC-normalised) when it is a safe name, else throws one line naming where it
 * came from: `what` is e.g. `input "app-name"` or `FyneApp.toml Details.Name` or
 * `manifest dist/a.json: name`.
 */
export function checkName(value: string, what: string, kind: NameKind = 'file'): string {
  const v = value.normalize('NFC');
  const problem = nameProblem(v, kind);
  if (problem) throw new UserError(`${what}: ${quote(value)} ${problem}; ${accepted(kind)}`);
  return v;
}

/** The same for an action input: `input "app-version": "../x" has ...; use ...`. */
export function checkInputName(input: string, value: string, kind: NameKind = 'file'): string {
  const v = value.normalize('NFC');
  const problem = nameProblem(v, kind);
  if (problem) throw new UserError(`input "${input}": ${quote(value)} ${problem}; ${accepted(kind)}`);
  return v;
}

/** A relative path made of safe names (`a/b/c`), as an artifact or archive member name. */
export function checkRelPath(value: string, what: string): string {
  if (value === '') throw new UserError(`${what}: an empty path; give a relative path of plain names`);
  const parts = value.split('/');
  for (const p of parts) {
    const problem = nameProblem(p.normalize('NFC'), 'file');
    if (problem) throw new UserError(`${what}: ${quote(value)} has a part ${quote(p)} that ${problem}; give a relative path of plain names`);
  }
  return parts.map((p) => p.normalize('NFC')).join('/');
}

function accepted(kind: NameKind): string {
  return kind === 'version'
    ? 'use letters, digits and . _ + - ~ starting with a letter or digit (e.g. 1.2.3 or 1.2.3-rc.1)'
    : 'use a plain file name: no / \\ < > : " | ? *, no control characters, not . or .., not starting with -';
}

/** How macOS (NFD-insensitive, case-insensitive) and Windows (case-insensitive) see a name: two names with one key alias. */
export function aliasKey(path: string): string {
  return path.normalize('NFC').toLowerCase().normalize('NFC');
}

/**
 * Among relative `/`-separated paths, the first pair where one aliases another (same key) or
 * lies inside another (a file "in" a folder another job owns). Undefined when none (pure).
 */
export function findOverlap(paths: readonly string[]): [string, string, 'alias' | 'nested'] | undefined {
  const keyed = paths.map((p) => ({ p, k: aliasKey(p) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  for (let i = 1; i < keyed.length; i++) {
    if (keyed[i].k === keyed[i - 1].k) return [keyed[i - 1].p, keyed[i].p, 'alias'];
  }
  const keys = new Map(keyed.map(({ p, k }) => [k, p]));
  for (const { p, k } of keyed) {
    const segs = k.split('/');
    for (let n = 1; n < segs.length; n++) {
      const parent = keys.get(segs.slice(0, n).join('/'));
      if (parent !== undefined) return [parent, p, 'nested'];
    }
  }
  return undefined;
}
