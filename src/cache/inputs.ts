/** The cache inputs that need more than the input kit (src/input-kit.ts). Pure. */
import { inputError } from '../errors.js';
import type { TriState } from '../input-kit.js';

export type ModulesMode = 'auto' | 'modcache' | 'vendor';

export interface CacheInputs {
  /** `cache`: false turns every layer off. */
  enabled: boolean;
  /** `cache-save`: auto (save on push, schedule, workflow_dispatch, merge_group, release only: policy.ts TRUSTED_SAVE_EVENTS), true, or false (restore only). */
  save: TriState;
  /** `cache-dependency-path`: glob patterns of go.sum files; [] = the default (go.sum, or every go.work member's). */
  dependencyPaths: string[];
  /** `cache-key-prefix`. */
  keyPrefix: string;
  /** `cache-modules`. */
  modules: ModulesMode;
}

/** Globs of go.sum files (the kit split the list). */
export function parseDependencyPath(patterns: readonly string[]): string[] {
  for (const p of patterns) {
    if (p.includes('\0')) throw inputError('cache-dependency-path', p, 'contains a NUL byte', 'use globs of go.sum files, one per line');
  }
  return [...patterns];
}

export function parseKeyPrefix(raw: string): string {
  const v = raw.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v)) {
    throw inputError('cache-key-prefix', raw, 'is not a valid key prefix', 'use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return v;
}
