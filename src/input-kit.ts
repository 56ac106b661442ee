/**
 * The one kit of input parsers: boolean, tri-state, choice, list, number. Every stage reads its
 * inputs through `InputReader`, which takes each input's kind and default from src/inputs.ts
 * (the only place defaults live), so `cache: True` and `universal: True` mean the same thing and
 * every refusal has the same shape: `input "<name>": "<value>" <what is wrong>; <what is accepted>`.
 */
import { inputError } from './errors.js';
import { INPUTS, type InputSpec } from './inputs.js';

export type TriState = 'auto' | 'true' | 'false';

/** Exactly what GitHub's own boolean inputs take (core.getBooleanInput, the YAML 1.2 core schema). */
export const TRUE_WORDS = ['true', 'True', 'TRUE'] as const;
export const FALSE_WORDS = ['false', 'False', 'FALSE'] as const;
const BOOLEAN_ACCEPTED = 'use true or false (also True, TRUE, False, FALSE)';

export function isBooleanWord(v: string): boolean {
  return (TRUE_WORDS as readonly string[]).includes(v) || (FALSE_WORDS as readonly string[]).includes(v);
}

export function parseBoolean(name: string, raw: string): boolean {
  const v = raw.trim();
  if ((TRUE_WORDS as readonly string[]).includes(v)) return true;
  if ((FALSE_WORDS as readonly string[]).includes(v)) return false;
  throw inputError(name, raw, 'is not a boolean', BOOLEAN_ACCEPTED);
}

export function parseTriState(name: string, raw: string): TriState {
  const v = raw.trim();
  if (v.toLowerCase() === 'auto') return 'auto';
  if (isBooleanWord(v)) return parseBoolean(name, v) ? 'true' : 'false';
  throw inputError(name, raw, 'is not auto, true or false', 'use auto, true or false');
}

/** One of `choices` (case-insensitive), or an alias of one. */
export function parseChoice<T extends string>(name: string, raw: string, choices: readonly T[], aliases: Readonly<Partial<Record<string, T>>> = {}): T {
  const v = raw.trim().toLowerCase();
  if ((choices as readonly string[]).includes(v)) return v as T;
  const a = aliases[v];
  if (a !== undefined) return a;
  throw inputError(name, raw, 'is not accepted', `use one of ${choices.join(', ')}`);
}

/** Items separated by commas or newlines; blank items and `#` comment lines dropped. */
export function parseList(raw: string, separators: RegExp = /[\n,]/): string[] {
  return raw
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

/** A whole number in [min, max], or `auto` when the input allows it (returns undefined). */
export function parseCount(name: string, raw: string, min: number, max: number, allowAuto: boolean): number | undefined {
  const v = raw.trim().toLowerCase();
  if (allowAuto && v === 'auto') return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw inputError(name, raw, 'is not a whole number in range', `use a whole number from ${min} to ${max}${allowAuto ? ', or auto' : ''}`);
  }
  return Number(v);
}

/** File-name-safe single path segment (a release version, an artifact name). */
export function parseSegment(name: string, raw: string, what: string): string {
  const v = raw.trim();
  if (v === '') return v;
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[/\\<>:"|?*\x00-\x1f\x7f]/.test(v) || v === '.' || v === '..' || v.startsWith('-') || v.length > 128) {
    throw inputError(
      name,
      raw,
      `is not usable as ${what}`,
      'use one file-name segment of letters, digits, spaces, ".", "-", "_" and "+", not starting with "-"',
    );
  }
  return v;
}

/**
 * Reads inputs by name through a raw getter ('' when unset), applies the default from
 * src/inputs.ts, and parses by the input's declared kind. Asking for an input with the wrong
 * kind is a programming error (thrown as such), not a user error.
 */
export class InputReader {
  constructor(private readonly raw: (name: string) => string) {}

  spec(name: string, kind: InputSpec['kind']['type']): InputSpec {
    const s = INPUTS.find((i) => i.name === name);
    if (!s) throw new Error(`no input named ${name} in src/inputs.ts`);
    if (s.kind.type !== kind) throw new Error(`input ${name} is declared as ${s.kind.type}, read as ${kind}`);
    return s;
  }

  /** The raw value, or the declared default when unset. */
  text(name: string): string {
    const s = INPUTS.find((i) => i.name === name);
    if (!s) throw new Error(`no input named ${name} in src/inputs.ts`);
    const v = this.raw(name).trim();
    return v === '' ? s.default : v;
  }

  /** True when the user gave a value (not the default). */
  isSet(name: string): boolean {
    return this.raw(name).trim() !== '';
  }

  boolean(name: string): boolean {
    this.spec(name, 'boolean');
    return parseBoolean(name, this.text(name));
  }

  tri(name: string): TriState {
    this.spec(name, 'tristate');
    return parseTriState(name, this.text(name));
  }

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T is the caller's name for the union of this input's choices in src/inputs.ts (typed string[] there)
  choice<T extends string>(name: string): T {
    const s = this.spec(name, 'choice');
    const k = s.kind as Extract<InputSpec['kind'], { type: 'choice' }>;
    return parseChoice(name, this.text(name), k.choices as readonly T[], (k.aliases ?? {}) as Record<string, T>);
  }

  list(name: string): string[] {
    const s = this.spec(name, 'list');
    const k = s.kind as Extract<InputSpec['kind'], { type: 'list' }>;
    return parseList(this.text(name), k.spaces ? /[\s,]+/ : /[\n,]/);
  }

  count(name: string): number | undefined {
    const s = this.spec(name, 'number');
    const k = s.kind as Extract<InputSpec['kind'], { type: 'number' }>;
    return parseCount(name, this.text(name), k.min, k.max, k.auto ?? false);
  }

  /** A path or free-form string input: the text as given (after the default). */
  path(name: string): string {
    this.spec(name, 'path');
    const v = this.text(name);
    if (v.includes('\0') || /[\r\n]/.test(v)) throw inputError(name, v, 'is not one path', 'give one path on one line');
    return v;
  }

  string(name: string): string {
    this.spec(name, 'string');
    return this.text(name);
  }
}
