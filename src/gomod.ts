/**
 * The one reader of go.mod and go.work files, and the one rule to find the go.mod that governs a
 * directory. The parser is pure (text in, values out) and lenient: it reads the directives the
 * action needs and skips the rest, as the go command's lexer splits them (// comments, "quoted"
 * and `raw` strings, block and one-line forms, CRLF line ends); it never rejects a file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface GoModReplace {
  path: string;
  /** Only this version is replaced when set. */
  version?: string;
  newPath: string;
  /** Absent when the replacement is a directory. */
  newVersion?: string;
}

export interface GoMod {
  /** The module path; '' when the file has no module line. */
  module: string;
  /** The `go` line, as written (a `go` line with other than one argument is not one). */
  go?: string;
  /** The `toolchain` line, as written (go1.23.4, go1.23.4-custom, default). */
  toolchain?: string;
  require: Map<string, string>;
  replace: GoModReplace[];
}

export interface GoWork {
  go?: string;
  toolchain?: string;
  /** The `use` directories, as written (relative to the go.work file's folder). */
  use: string[];
  replace: GoModReplace[];
}

/** One lexical token: a word, a quoted string (unquoted), or one of the brackets ( and ). */
interface Token {
  text: string;
  /** Was a "quoted" or `raw` string: never a bracket; go/toolchain keep it as written. */
  quoted?: string;
}

const SPACE = /\s/;

/** Tokens of one line: words, "quoted" (backslash escapes) and `raw` strings unquoted, ( and ) on their own; // comments dropped. */
function tokens(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && line[i + 1] === '/') break;
    if (c === '(' || c === ')') {
      out.push({ text: c });
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) {
          s += line[j + 1];
          j += 2;
        } else {
          s += line[j];
          j++;
        }
      }
      out.push({ text: s, quoted: line.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = line.indexOf('`', i + 1);
      const end = j < 0 ? line.length : j;
      out.push({ text: line.slice(i + 1, end), quoted: line.slice(i, end + 1) });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < line.length && !SPACE.test(line[j]) && line[j] !== '(' && line[j] !== ')' && !(line[j] === '/' && line[j + 1] === '/')) j++;
    out.push({ text: line.slice(i, j) });
    i = j;
  }
  return out;
}

const isBracket = (t: Token | undefined, b: '(' | ')'): boolean => t !== undefined && t.quoted === undefined && t.text === b;

interface Directive {
  verb: string;
  args: Token[];
  /** Inside a `verb ( ... )` block (multi-line or on one line). */
  inBlock: boolean;
}

/**
 * The directives of a go.mod or go.work file, in order. Blocks: `verb (` up to a line that starts
 * with `)`; `verb ()` is empty; `verb ( args )` on one line is one entry.
 */
function directives(text: string): Directive[] {
  const out: Directive[] = [];
  let block: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const t = tokens(line);
    if (t.length === 0) continue;
    if (block !== undefined) {
      if (isBracket(t[0], ')')) {
        block = undefined;
        continue;
      }
      out.push({ verb: block, args: t, inBlock: true });
      continue;
    }
    const verb = t[0].text;
    if (isBracket(t[1], '(')) {
      if (t.length === 2) {
        block = verb;
        continue;
      }
      if (isBracket(t[t.length - 1], ')')) {
        const inner = t.slice(2, -1);
        if (inner.length > 0) out.push({ verb, args: inner, inBlock: true });
        continue;
      }
    }
    out.push({ verb, args: t.slice(1), inBlock: false });
  }
  return out;
}

/** `replace old [v] => new [v]`; undefined when malformed. */
function replacement(args: Token[]): GoModReplace | undefined {
  const words = args.map((a) => a.text);
  const arrow = args.findIndex((a) => a.quoted === undefined && a.text === '=>');
  if (arrow < 1) return undefined;
  const left = words.slice(0, arrow);
  const right = words.slice(arrow + 1);
  if (!right[0]) return undefined;
  return { path: left[0], version: left[1], newPath: right[0], newVersion: right[1] };
}

/** The go and toolchain lines: one argument, kept as written (quotes included, which no Go version has). */
function versionLine(d: Directive): string | undefined {
  if (d.inBlock || d.args.length !== 1) return undefined;
  return d.args[0].quoted ?? d.args[0].text;
}

/** Every directive either file may hold: go.mod's and go.work's. */
function readModFile(text: string): GoMod & GoWork {
  const f: GoMod & GoWork = { module: '', require: new Map(), replace: [], use: [] };
  for (const d of directives(text)) {
    switch (d.verb) {
      case 'module':
        f.module = d.args[0]?.text ?? '';
        break;
      case 'go':
        f.go = versionLine(d) ?? f.go;
        break;
      case 'toolchain':
        f.toolchain = versionLine(d) ?? f.toolchain;
        break;
      case 'require':
        if (d.args.length >= 2) f.require.set(d.args[0].text, d.args[1].text);
        break;
      case 'replace': {
        const r = replacement(d.args);
        if (r) f.replace.push(r);
        break;
      }
      case 'use':
        if (d.args[0]) f.use.push(d.args[0].text);
        break;
    }
  }
  return f;
}

/** Parses a go.mod file: module, go, toolchain, require and replace (block and line forms). */
export function parseGoMod(text: string): GoMod {
  const { module, go, toolchain, require, replace } = readModFile(text);
  return { module, go, toolchain, require, replace };
}

/** Parses a go.work file: go, toolchain, use (block and line forms) and replace. */
export function parseGoWork(text: string): GoWork {
  const { go, toolchain, use, replace } = readModFile(text);
  return { go, toolchain, use, replace };
}

/**
 * The go.mod that governs `dir`: the nearest at or above it, as the go command finds it. The one
 * rule for every reader (the planner, the default Go version, the setup-only fyne-version);
 * `isFile` lets the pure config parser ask its read-only sources instead of the disk; `top` (the
 * workspace) ends the search: a go.mod above the repository is not the repository's to read.
 */
export function findGoMod(dir: string, isFile: (p: string) => boolean = existsSync, top?: string): string | undefined {
  const stop = top === undefined ? undefined : path.resolve(top);
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const f = path.join(d, 'go.mod');
    if (isFile(f)) return f;
    if (path.dirname(d) === d || d === stop) return undefined;
  }
}
