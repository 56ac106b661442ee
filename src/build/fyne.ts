/**
 * What the project is: go.mod (module path, the Fyne version honouring `replace`) and
 * FyneApp.toml (the metadata the fyne tool embeds). Pure parsers: text in, values out.
 */
import { UserError } from '../errors.js';

export const FYNE_MODULE = 'fyne.io/fyne/v2';

export interface GoModReplace {
  path: string;
  /** Only this version is replaced when set. */
  version?: string;
  newPath: string;
  /** Absent when the replacement is a directory. */
  newVersion?: string;
}

export interface GoMod {
  module: string;
  go?: string;
  require: Map<string, string>;
  replace: GoModReplace[];
}

/** Tokens of one go.mod line: words, with "quoted" and `raw` strings unquoted; comments dropped. */
function tokens(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '/' && line[i + 1] === '/') break;
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) { s += line[j + 1]; j += 2; } else { s += line[j]; j++; }
      }
      out.push(s);
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = line.indexOf('`', i + 1);
      out.push(line.slice(i + 1, j < 0 ? line.length : j));
      i = j < 0 ? line.length : j + 1;
      continue;
    }
    let j = i;
    while (j < line.length && !/[\s]/.test(line[j]!) && !(line[j] === '/' && line[j + 1] === '/')) j++;
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
}

/** Parses the parts of go.mod the build needs (module, go, require, replace; block and line forms). */
export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { module: '', require: new Map(), replace: [] };
  let block = '';
  for (const rawLine of text.split(/\r?\n/)) {
    const t = tokens(rawLine);
    if (t.length === 0) continue;
    if (block) {
      if (t[0] === ')') { block = ''; continue; }
      directive(mod, block, t);
      continue;
    }
    if (t[1] === '(' && t.length === 2) { block = t[0]!; continue; }
    directive(mod, t[0]!, t.slice(1));
  }
  return mod;
}

function directive(mod: GoMod, verb: string, args: string[]): void {
  switch (verb) {
    case 'module':
      mod.module = args[0] ?? '';
      break;
    case 'go':
      mod.go = args[0];
      break;
    case 'require':
      if (args.length >= 2) mod.require.set(args[0]!, args[1]!);
      break;
    case 'replace': {
      const arrow = args.indexOf('=>');
      if (arrow < 1) break;
      const left = args.slice(0, arrow);
      const right = args.slice(arrow + 1);
      if (!right[0]) break;
      mod.replace.push({ path: left[0]!, version: left[1], newPath: right[0], newVersion: right[1] });
      break;
    }
  }
}

/**
 * The Fyne version the module builds with: the required fyne.io/fyne/v2 version, or the
 * replacement's version when a `replace` applies; '(devel)' for a directory replacement or
 * for fyne itself; 'none' when the module does not use Fyne.
 */
export function fyneVersion(mod: GoMod): string {
  if (mod.module === FYNE_MODULE) return '(devel)';
  const required = mod.require.get(FYNE_MODULE);
  if (!required) return 'none';
  // A version-specific replace wins over a path-wide one, as in Go.
  const rep = mod.replace.find((r) => r.path === FYNE_MODULE && r.version === required)
    ?? mod.replace.find((r) => r.path === FYNE_MODULE && !r.version);
  if (!rep) return required;
  return rep.newVersion ?? '(devel)';
}

/** Major/minor of a Go module version (v2.7.1, v2.6.0-0.2025...-abc, v2.5.0-rc1); devel = newest. */
export function fyneAtLeast(version: string, major: number, minor: number): boolean {
  if (version === 'none') return false;
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  if (!m) return true; // (devel) and other non-release spellings: assume current
  const [maj, min] = [Number(m[1]), Number(m[2])];
  return maj > major || (maj === major && min >= minor);
}

/** The last element of the module path, skipping a /vN major-version suffix (like the fyne tool). */
export function defaultNameFromModule(modulePath: string): string {
  const parts = modulePath.split('/').filter(Boolean);
  let last = parts.pop() ?? '';
  if (/^v\d+$/.test(last) && parts.length > 0 && last !== 'v0' && last !== 'v1') last = parts.pop()!;
  return last;
}

// ---------------------------------------------------------------------------------------------
// FyneApp.toml

export interface FyneAppDetails {
  icon?: string;
  name?: string;
  id?: string;
  version?: string;
  build?: number;
}

export interface FyneAppToml {
  details: FyneAppDetails;
  website?: string;
  /** Custom metadata for release builds. */
  release: Record<string, string>;
  /** Custom metadata for development builds. */
  development: Record<string, string>;
  migrations: Record<string, boolean>;
}

type TomlValue = string | number | boolean | TomlValue[];

/**
 * A TOML subset parser sufficient for FyneApp.toml: [tables], bare/quoted keys, basic and literal
 * strings, integers, booleans, arrays (single line) and comments. `file` names the source in errors.
 */
export function parseToml(text: string, file = 'FyneApp.toml'): Record<string, Record<string, TomlValue>> {
  const out: Record<string, Record<string, TomlValue>> = { '': {} };
  let table = '';
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = stripComment(lines[n]!).trim();
    if (!line) continue;
    const bad = (why: string): UserError => new UserError(`${file}:${n + 1}: ${why}: ${lines[n]!.trim()}`);
    if (line.startsWith('[')) {
      const m = /^\[\s*([A-Za-z0-9_.\-"]+)\s*\]$/.exec(line);
      if (!m) throw bad('cannot read table header');
      table = m[1]!.replace(/"/g, '');
      out[table] ??= {};
      continue;
    }
    const eq = findUnquoted(line, '=');
    if (eq < 0) throw bad('expected key = value');
    let key = line.slice(0, eq).trim();
    if (/^".*"$/.test(key) || /^'.*'$/.test(key)) key = key.slice(1, -1);
    if (!key) throw bad('empty key');
    const [value, rest] = parseValue(line.slice(eq + 1).trim(), bad);
    if (rest.trim()) throw bad('unexpected text after value');
    out[table]![key] = value;
  }
  return out;
}

function stripComment(line: string): string {
  const i = findUnquoted(line, '#');
  return i < 0 ? line : line.slice(0, i);
}

function findUnquoted(s: string, ch: string): number {
  let q: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (q) {
      if (c === '\\' && q === '"') i++;
      else if (c === q) q = null;
    } else if (c === '"' || c === "'") q = c;
    else if (c === ch) return i;
  }
  return -1;
}

function parseValue(s: string, bad: (why: string) => Error): [TomlValue, string] {
  if (s.startsWith('"')) {
    let v = '';
    for (let i = 1; i < s.length; i++) {
      const c = s[i]!;
      if (c === '"') return [v, s.slice(i + 1)];
      if (c === '\\') {
        const e = s[++i];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };
        if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          v += String.fromCodePoint(parseInt(s.slice(i + 1, i + 1 + len), 16));
          i += len;
        } else if (e !== undefined && map[e] !== undefined) v += map[e];
        else throw bad('bad escape in string');
      } else v += c;
    }
    throw bad('unterminated string');
  }
  if (s.startsWith("'")) {
    const j = s.indexOf("'", 1);
    if (j < 0) throw bad('unterminated string');
    return [s.slice(1, j), s.slice(j + 1)];
  }
  if (s.startsWith('[')) {
    const arr: TomlValue[] = [];
    let rest = s.slice(1).trim();
    while (!rest.startsWith(']')) {
      if (!rest) throw bad('unterminated array');
      const [v, r] = parseValue(rest, bad);
      arr.push(v);
      rest = r.trim();
      if (rest.startsWith(',')) rest = rest.slice(1).trim();
    }
    return [arr, rest.slice(1)];
  }
  const m = /^(true|false|[+-]?\d[\d_]*)(.*)$/.exec(s);
  if (!m) throw bad('cannot read value');
  const lit = m[1]!;
  const tail = m[2]!;
  if (lit === 'true' || lit === 'false') return [lit === 'true', tail];
  return [Number(lit.replace(/_/g, '')), tail];
}

function strings(t: Record<string, TomlValue> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(t ?? {})) out[k] = Array.isArray(v) ? v.join(',') : String(v);
  return out;
}

/** Reads FyneApp.toml (as the fyne tool does: [Details], [Release], [Development], [Migrations]). */
export function parseFyneAppToml(text: string, file = 'FyneApp.toml'): FyneAppToml {
  const t = parseToml(text, file);
  const d = t['Details'] ?? {};
  const str = (v: TomlValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
  const build = d['Build'];
  if (build !== undefined && (typeof build !== 'number' || !Number.isInteger(build))) {
    throw new UserError(`${file}: Details.Build must be an integer, got ${JSON.stringify(build)}`);
  }
  const migrations: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(t['Migrations'] ?? {})) migrations[k] = v === true;
  return {
    details: { icon: str(d['Icon']), name: str(d['Name']), id: str(d['ID']), version: str(d['Version']), build: build as number | undefined },
    website: str(t['']!['Website']),
    release: strings(t['Release']),
    development: strings(t['Development']),
    migrations,
  };
}
