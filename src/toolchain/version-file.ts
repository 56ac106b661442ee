/**
 * Reads the Go version a repository asks for from go.mod / go.work (a toolchain line wins over
 * the go line), .go-version, or .tool-versions (`golang 1.23.4`, also `go 1.23.4`).
 * Pure: takes the file's name and text, returns the version text to parse as a spec.
 */
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { parseGoMod, parseGoWork } from '../gomod.js';
import { parseGoVersion } from './version.js';
import { quote } from '../system/names.js';

/**
 * A value from the file, as an error shows it: quoted on one visible line and cut to 40
 * characters, so a refusal never carries more than a version's worth of the file.
 */
function shown(v: string): string {
  return quote(v.length > 40 ? `${v.slice(0, 40)}…` : v);
}

const INPUT = 'go-version-file';

function fail(file: string, problem: string): UserError {
  return new UserError(
    `input "${INPUT}": ${file} ${problem}; accepted files are go.mod or go.work (go/toolchain line), .go-version (one version) and .tool-versions (golang <version>)`,
  );
}

function checked(file: string, v: string, where: string): string {
  if (!parseGoVersion(v)) throw fail(file, `has ${shown(v)} in ${where}, which is not a Go version`);
  return v.replace(/^(go|v)/, '');
}

export function versionFromFile(path: string, text: string): string {
  const name = basename(path);
  if (name === 'go.mod' || name === 'go.work' || name.endsWith('.mod') || name.endsWith('.work')) {
    const { go, toolchain } = name.endsWith('.work') ? parseGoWork(text) : parseGoMod(text);
    // `toolchain default` means no toolchain preference.
    if (toolchain && toolchain !== 'default') {
      const t = toolchain.replace(/-.*$/, ''); // go1.23.4-custom suffixes name the same release
      if (!t.startsWith('go')) throw fail(path, `has toolchain ${shown(toolchain)}, which does not start with go`);
      return checked(path, t, 'its toolchain line');
    }
    if (go) return checked(path, go, 'its go line');
    throw fail(path, 'has neither a go nor a toolchain line');
  }
  if (name === '.tool-versions') {
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/#.*$/, '').trim();
      const m = /^(golang|go)\s+(\S+)/.exec(line);
      if (m) return checked(path, m[2], 'its golang line');
    }
    throw fail(path, 'has no golang line');
  }
  // .go-version and anything else: the first non-empty, non-comment line.
  const line = text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .find((l) => l !== '');
  if (!line) throw fail(path, 'is empty');
  if (/\s/.test(line)) throw fail(path, `has ${shown(line)}, expected a single version`);
  return checked(path, line, 'it');
}
