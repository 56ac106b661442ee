/** Parsing of the cache inputs from their raw (trimmed) strings. Pure. */
import { inputError } from '../errors.js';

export type ModulesMode = 'auto' | 'modcache' | 'vendor';

export interface CacheInputs {
  /** `cache`: false turns every layer off. */
  enabled: boolean;
  /** `cache-save`: false = restore only. */
  save: boolean;
  /** `cache-dependency-path`: glob patterns of go.sum files; [] = the default (go.sum, or every go.work member's). */
  dependencyPaths: string[];
  /** `cache-key-prefix`. */
  keyPrefix: string;
  /** `modules`. */
  modules: ModulesMode;
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

export function parseBool(input: string, raw: string, def: boolean): boolean {
  const v = raw.trim().toLowerCase();
  if (v === '') return def;
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw inputError(input, raw, 'is not a boolean', 'use true or false');
}

export const parseCache = (raw: string) => parseBool('cache', raw, true);
export const parseCacheSave = (raw: string) => parseBool('cache-save', raw, true);

/** Newline- or comma-separated globs; blank lines and `#` comments ignored. */
export function parseDependencyPath(raw: string): string[] {
  const out = raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
  for (const p of out) {
    if (p.includes('\0')) throw inputError('cache-dependency-path', raw, 'contains a NUL byte', 'use globs of go.sum files, one per line');
  }
  return out;
}

export function parseKeyPrefix(raw: string): string {
  const v = raw.trim();
  if (v === '') return 'go-fyne';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v)) {
    throw inputError(
      'cache-key-prefix',
      raw,
      'is not a valid key prefix',
      'use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  }
  return v;
}

export function parseModules(raw: string): ModulesMode {
  const v = raw.trim().toLowerCase();
  if (v === '') return 'auto';
  if (v === 'auto' || v === 'modcache' || v === 'vendor') return v;
  throw inputError('modules', raw, 'is not a modules mode', 'use auto, modcache or vendor');
}

/** All cache inputs through one getter (e.g. `runtime.input`). */
export function parseCacheInputs(input: (name: string) => string): CacheInputs {
  return {
    enabled: parseCache(input('cache')),
    save: parseCacheSave(input('cache-save')),
    dependencyPaths: parseDependencyPath(input('cache-dependency-path')),
    keyPrefix: parseKeyPrefix(input('cache-key-prefix')),
    modules: parseModules(input('modules')),
  };
}
