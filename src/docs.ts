/**
 * action.yml and the README's input/output tables, rendered from src/inputs.ts so that the
 * three never drift apart. `npm run docs` writes them; a unit test checks they are current.
 */
import { INPUTS, OUTPUTS } from './inputs.js';

const q = (s: string) => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar

export function renderActionYml(): string {
  const lines = [
    '# Generated from src/inputs.ts by `npm run docs`; edit that file, not this one.',
    "name: 'Go Fyne Build'",
    `description: ${q('Install Go (checksum-verified), cache modules and GOCACHE in layers, cross-compile Go/Fyne apps for Linux, Windows and macOS, merge universal macOS binaries, and hand release steps archives and checksums.')}`,
    "author: 'go-fyne-action'",
    'branding:',
    "  icon: 'package'",
    "  color: 'blue'",
    'inputs:',
  ];
  for (const i of INPUTS) {
    lines.push(`  ${i.name}:`, `    description: ${q(i.help)}`, '    required: false');
    if (i.default !== '') lines.push(`    default: ${q(i.default)}`);
  }
  lines.push('outputs:');
  for (const o of OUTPUTS) lines.push(`  ${o.name}:`, `    description: ${q(o.help)}`);
  lines.push('runs:', "  using: 'node24'", "  main: 'dist/main.js'", "  post: 'dist/post.js'", '');
  return lines.join('\n');
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function renderInputsTable(): string {
  return [
    '| input | default | what it does |',
    '| --- | --- | --- |',
    ...INPUTS.map((i) => `| \`${i.name}\` | ${i.default === '' ? '' : `\`${cell(i.default)}\``} | ${cell(i.help)} |`),
  ].join('\n');
}

export function renderOutputsTable(): string {
  return ['| output | what it holds |', '| --- | --- |', ...OUTPUTS.map((o) => `| \`${o.name}\` | ${cell(o.help)} |`)].join('\n');
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceSection(doc: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README has no ${start} ... ${end} section`);
  return `${doc.slice(0, a + start.length)}\n${body}\n${doc.slice(b)}`;
}

export function renderReadme(current: string): string {
  return replaceSection(replaceSection(current, 'inputs', renderInputsTable()), 'outputs', renderOutputsTable());
}
