/**
 * One parse function per build input: raw (trimmed) string in, typed value out, or a one-line
 * UserError naming the input, what was wrong and what is accepted. `targets` is in targets.ts.
 */
import { inputError } from '../errors.js';
import { BUILDMODES, type Buildmode } from './targets.js';

export type TriState = 'auto' | 'true' | 'false';
export type WindowsSubsystem = 'auto' | 'gui' | 'console';

const TRUE = ['true', 'yes', 'on', '1'];
const FALSE = ['false', 'no', 'off', '0'];

function bool(input: string, raw: string, dflt: boolean): boolean {
  const v = raw.trim().toLowerCase();
  if (v === '') return dflt;
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  throw inputError(input, raw, 'is not a boolean', 'use true or false');
}

function tri(input: string, raw: string): TriState {
  const v = raw.trim().toLowerCase();
  if (v === '' || v === 'auto') return 'auto';
  if (TRUE.includes(v)) return 'true';
  if (FALSE.includes(v)) return 'false';
  throw inputError(input, raw, 'is not valid', 'use auto, true or false');
}

/** `package`: the Go package to build, default '.'. */
export function parsePackage(raw: string): string {
  const v = raw.trim();
  if (v === '') return '.';
  if (/\s/.test(v)) throw inputError('package', raw, 'contains white space', 'give one package: ., ./cmd/app or an import path');
  if (v.startsWith('-')) throw inputError('package', raw, 'looks like a flag', 'give one package: ., ./cmd/app or an import path');
  return v;
}

/** `name`: base name of the artifacts; '' = FyneApp.toml's Name, else the module path's last element. */
export function parseName(raw: string): string {
  const v = raw.trim();
  if (/[/\\<>:"|?*\x00-\x1f]/.test(v) || v === '.' || v === '..') {
    throw inputError('name', raw, 'is not usable as a file name', 'use letters, digits, spaces, dots, - and _');
  }
  return v;
}

/** `output-dir`: where artifacts go, default 'dist' (relative to the working directory). */
export function parseOutputDir(raw: string): string {
  const v = raw.trim();
  if (v.includes('\n')) throw inputError('output-dir', raw, 'spans several lines', 'give one directory');
  return v === '' ? 'dist' : v;
}

/** `tags`: build tags separated by commas or white space. */
export function parseTags(raw: string): string[] {
  const tags = raw.split(/[\s,]+/).filter(Boolean);
  for (const t of tags) {
    if (!/^[A-Za-z0-9_.\-!]+$/.test(t)) throw inputError('tags', t, 'is not a build tag', 'use letters, digits, _ . - separated by commas');
  }
  return [...new Set(tags)];
}

/** `ldflags`: appended after the action's own -ldflags (-s -w, -H=windowsgui); Go parses its quoting. */
export function parseLdflags(raw: string): string {
  return raw.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join(' ');
}

/** `buildmode`: exe (default), pie, c-shared or c-archive. Checked per target by the planner. */
export function parseBuildmode(raw: string): Buildmode {
  const v = raw.trim().toLowerCase();
  if (v === '' || v === 'default') return 'exe';
  if ((BUILDMODES as readonly string[]).includes(v)) return v as Buildmode;
  throw inputError('buildmode', raw, 'is not a supported buildmode', `use ${BUILDMODES.join(', ')}`);
}

/** `trimpath`: default true. */
export const parseTrimpath = (raw: string): boolean => bool('trimpath', raw, true);
/** `strip`: -s -w, default true. */
export const parseStrip = (raw: string): boolean => bool('strip', raw, true);
/** `release`: Fyne release mode (release tag, metadata Release=true), default true. */
export const parseRelease = (raw: string): boolean => bool('release', raw, true);
/** `cgo`: auto (on for Fyne apps and buildmodes that need it), true or false. */
export const parseCgo = (raw: string): TriState => tri('cgo', raw);
/** `install-deps`: auto (install on CI), true or false (only check). */
export const parseInstallDeps = (raw: string): TriState => tri('install-deps', raw);

/** `windows-subsystem`: gui or console; '' = auto (gui for Fyne apps, console otherwise). */
export function parseWindowsSubsystem(raw: string): WindowsSubsystem {
  const v = raw.trim().toLowerCase();
  if (v === '' || v === 'auto') return 'auto';
  if (v === 'gui' || v === 'windowsgui' || v === 'windows') return 'gui';
  if (v === 'console' || v === 'cui') return 'console';
  throw inputError('windows-subsystem', raw, 'is not valid', 'use gui or console');
}

/** `macos-min-version`: default 11.0. */
export function parseMacosMinVersion(raw: string): string {
  const v = raw.trim();
  if (v === '') return '11.0';
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
  for (const entry of raw.split(/[,\n]/).map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? '' : entry.slice(0, eq).trim().toLowerCase();
    const value = eq < 0 ? '' : entry.slice(eq + 1).trim();
    if (!/^[a-z0-9]+\/[a-z0-9]+$/.test(key) || !value) {
      throw inputError('cc', entry, 'is not an os/arch=compiler entry', 'use e.g. windows/amd64=x86_64-w64-mingw32-gcc, linux/arm64=zig cc -target aarch64-linux-gnu');
    }
    out[key] = value;
  }
  return out;
}

/** `parallel`: builds at once; '' or auto = the number of cores (at least 1). */
export function parseParallel(raw: string, cores: number): number {
  const v = raw.trim().toLowerCase();
  if (v === '' || v === 'auto') return Math.max(1, Math.floor(cores));
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 64) {
    throw inputError('parallel', raw, 'is not a count of builds', 'use a whole number from 1 to 64, or auto');
  }
  return Number(v);
}
