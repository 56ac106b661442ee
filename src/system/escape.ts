/**
 * The one escaper for text the action did not write itself (file names, module paths, tool
 * output, job names from another job's manifest) on its way to a log line, an annotation or the
 * job summary. The Runtimes (src/runtime/github.ts, src/runtime/local.ts) apply it to every
 * message, and the summary renderer (src/release/summary.ts) to every cell, so no step can forget.
 *
 * What the GitHub runner does with a line of a step's output (actions/runner, ActionCommand):
 * - `::name props::data` is a workflow command when the line starts with `::` after its leading
 *   whitespace is trimmed;
 * - `##[name props]data` (the older form) is one when `##[` appears ANYWHERE in the line;
 * - a line ends at \n, \r or \r\n.
 * @actions/core's info() writes the message as it is; debug/warning/error/group %-encode their
 * data (% → %25, \r → %0D, \n → %0A), so an annotation's message can never become a second command.
 */

/** What replaces a character that would act on the terminal or the log viewer (ESC, BEL, BS, ...). */
function visible(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Control characters other than tab and newline (C0, DEL, C1) and the Unicode line/paragraph
 * separators and bidirectional overrides, written as visible \xNN / \uNNNN escapes.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text with no control characters but \n (and \r\n, \r made \n). */
export function controlFree(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROLS, visible);
}

/** One line of a log that can never be a workflow command, whatever it holds. */
function safeLine(line: string): string {
  let l = line.replace(/##\[/g, '#\u2060#['); // the old form matches anywhere: a word joiner breaks `##[`
  if (l.trimStart().startsWith('::')) l = `> ${l}`; // visible: this line was text, not a command
  return l;
}

/**
 * A log message (info, debug): control characters made visible, each line (after \n, \r or
 * \r\n) kept a line but never a workflow command: a line that would start with `::` is shown
 * behind `> `, and `##[` gets a word joiner between its `#`s.
 */
export function logText(message: string): string {
  return controlFree(message).split('\n').map(safeLine).join('\n');
}

/**
 * An annotation's message (warning, error, debug) or a group title: control characters made
 * visible, `##[` broken as in log lines.
 * Newlines stay: @actions/core %-encodes them inside the one command line (a multi-line
 * annotation), so they cannot start a second command.
 */
export function annotationText(message: string): string {
  return controlFree(message).replace(/##\[/g, '#\u2060#['); // harmless inside a ::command:: line, but never left to chance
}

/**
 * One line of the job summary's markdown from an untrusted source (a table cell, a version):
 * no HTML (& < > as entities), no links, images, code spans or emphasis (\ ` * [ ] escaped;
 * _ and ~ escaped unless both neighbours are letters or digits, where GFM does not act on them
 * as a pair of them would), table pipes escaped, newlines made spaces.
 */
export function markdownText(text: string): string {
  return controlFree(text)
    .replace(/\n+/g, ' ')
    .replace(/[\\`*[\]|]/g, (c) => `\\${c}`)
    .replace(/[_~]/g, (c, at: number, s: string) => (/[\p{L}\p{N}]/u.test(s[at - 1] ?? '') && /[\p{L}\p{N}]/u.test(s[at + 1] ?? '') ? c : `\\${c}`))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
