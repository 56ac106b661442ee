/**
 * What the project is: the Fyne version go.mod asks for (honouring `replace`; go.mod itself is
 * read by ../gomod.ts) and FyneApp.toml (the metadata the fyne tool embeds). Pure: text in,
 * values out.
 */
import { parse as parseTomlText, TomlError, type TomlTable, type TomlValue } from 'smol-toml';
import { UserError } from '../errors.js';
import type { GoMod } from '../gomod.js';

export const FYNE_MODULE = 'fyne.io/fyne/v2';

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
  const rep = mod.replace.find((r) => r.path === FYNE_MODULE && r.version === required) ?? mod.replace.find((r) => r.path === FYNE_MODULE && !r.version);
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

/**
 * FyneApp.toml through smol-toml (TOML 1.0: arrays, inline tables, multi-line strings, dates, as
 * files in the wild use them). The parser builds its tables without Object.prototype, so keys such
 * as `__proto__` in a hostile file stay plain data. A syntax error becomes one line naming the file,
 * line and column.
 */
export function parseToml(text: string, file = 'FyneApp.toml'): TomlTable {
  try {
    return parseTomlText(text);
  } catch (e) {
    if (e instanceof TomlError) {
      const why = e.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
      throw new UserError(`${file}:${e.line}:${e.column}: ${why}`);
    }
    throw e;
  }
}

function table(v: TomlValue | undefined): TomlTable {
  return v !== undefined && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? v : {};
}

/** [Release] and [Development] are string maps in the fyne tool; other scalars are written as text. */
function strings(t: TomlTable, file: string, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === 'object' && !(v instanceof Date))
      throw new UserError(`${file}: ${name}.${k} must be a string, got a ${Array.isArray(v) ? 'array' : 'table'}`);
    out[k] = v instanceof Date ? v.toISOString() : String(v);
  }
  return out;
}

/** Reads FyneApp.toml (as the fyne tool does: [Details], [Release], [Development], [Migrations]). */
export function parseFyneAppToml(text: string, file = 'FyneApp.toml'): FyneAppToml {
  const t = parseToml(text, file);
  const d: Partial<TomlTable> = table(t['Details']);
  const str = (v: TomlValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
  const build = d['Build'];
  if (build !== undefined && ((typeof build !== 'number' && typeof build !== 'bigint') || !Number.isSafeInteger(Number(build)))) {
    throw new UserError(`${file}: Details.Build must be an integer, got ${JSON.stringify(build)}`);
  }
  const migrations: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(table(t['Migrations']))) migrations[k] = v === true;
  return {
    details: {
      icon: str(d['Icon']),
      name: str(d['Name']),
      id: str(d['ID']),
      version: str(d['Version']),
      build: build === undefined ? undefined : Number(build),
    },
    website: str(t['Website']),
    release: strings(table(t['Release']), file, 'Release'),
    development: strings(table(t['Development']), file, 'Development'),
    migrations,
  };
}
