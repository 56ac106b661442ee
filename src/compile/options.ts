/**
 * The build inputs that need more than the input kit's boolean, tri-state, choice and number
 * parsers (src/input-kit.ts): main-package, build-tags, ldflags, the macOS minimum and the `cc` map.
 * Each takes the value after the default from src/inputs.ts is applied.
 */
import { inputError } from '../errors.js';

export type { TriState } from '../input-kit.js';
export type WindowsSubsystem = 'auto' | 'gui' | 'console';

/** `main-package`: the Go package to build. */
export function parsePackage(raw: string): string {
  const v = raw.trim();
  if (/\s/.test(v)) throw inputError('main-package', raw, 'contains white space', 'give one package: ., ./cmd/app or an import path');
  if (v.startsWith('-')) throw inputError('main-package', raw, 'looks like a flag', 'give one package: ., ./cmd/app or an import path');
  return v;
}

/** `build-tags`: build tags (the kit split them at commas and white space). */
export function parseTags(tags: readonly string[]): string[] {
  for (const t of tags) {
    if (!/^[A-Za-z0-9_.\-!]+$/.test(t)) throw inputError('build-tags', t, 'is not a build tag', 'use letters, digits, _ . - separated by commas');
  }
  return [...new Set(tags)];
}

/** `ldflags`: appended after the action's own -ldflags (-s -w, -H=windowsgui); Go parses its quoting. */
export function parseLdflags(raw: string): string {
  return raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

/** `macos-min-version`: e.g. 11.0, 12 or 13.3. */
export function parseMacosMinVersion(raw: string): string {
  const v = raw.trim();
  if (!/^\d{2}(\.\d{1,2}){0,2}$/.test(v) || Number(v.split('.')[0]) < 10) {
    throw inputError('macos-min-version', raw, 'is not a macOS version', 'use e.g. 11.0, 12 or 13.3');
  }
  return v;
}

/**
 * `cc`: per-target C compilers, `os/arch=command` entries separated by commas or newlines, e.g.
 * `windows/amd64=x86_64-w64-mingw32-gcc, linux/arm64=zig cc -target aarch64-linux-gnu`.
 */
export function parseCC(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of raw
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? '' : entry.slice(0, eq).trim().toLowerCase();
    const value = eq < 0 ? '' : entry.slice(eq + 1).trim();
    if (!/^[a-z0-9]+\/[a-z0-9]+$/.test(key) || !value) {
      throw inputError(
        'cc',
        entry,
        'is not an os/arch=compiler entry',
        'use e.g. windows/amd64=x86_64-w64-mingw32-gcc, linux/arm64=zig cc -target aarch64-linux-gnu',
      );
    }
    out[key] = value;
  }
  return out;
}
