/**
 * action.yml, the README's commented `with:` block and outputs table, and docs/inputs.md's input
 * table, rendered from src/inputs.ts so that they never drift apart (the CLI's --help reads the
 * same list). `npm run docs` writes them; a unit test checks they are current.
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

/** docs/inputs.md's tables: one per group of inputs, under the group's heading. */
export function renderInputsTable(): string {
  const lines: string[] = [];
  for (const i of INPUTS) {
    if (i.group || lines.length === 0)
      lines.push(...(lines.length ? [''] : []), `### ${i.group ?? 'Inputs'}`, '', '| input | default | what it does |', '| --- | --- | --- |');
    lines.push(`| \`${i.name}\` | ${i.default === '' ? '' : `\`${cell(i.default)}\``} | ${cell(i.help)} |`);
  }
  return lines.join('\n');
}

/** A YAML scalar for a default: quoted when plain YAML would read it as something else (11.0, '', .). */
function yamlValue(v: string): string {
  if (v === 'true' || v === 'false') return v;
  return /^[A-Za-z][\w.-]*$/.test(v) && !/^(null|yes|no|on|off|y|n)$/i.test(v) ? v : `'${v.replace(/'/g, "''")}'`;
}

/** The README's usage block: every input with its default and one short comment. */
export function renderUsage(): string {
  const width = Math.max(...INPUTS.map((i) => i.name.length + 2 + yamlValue(i.default).length)) + 1;
  const lines = ['```yaml', '- uses: go-fyne-action/go-fyne-action@v1', '  with:'];
  for (const i of INPUTS) {
    lines.push(`    ${`${i.name}: ${yamlValue(i.default)}`.padEnd(width)}# ${i.usage}`);
  }
  lines.push('```');
  return lines.join('\n');
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
  if (a < 0 || b < a) throw new Error(`the document has no ${start} ... ${end} section`);
  return `${doc.slice(0, a + start.length)}\n${body}\n${doc.slice(b)}`;
}

/** README.md: the usage block and the outputs table. */
export function renderReadme(current: string): string {
  return replaceSection(replaceSection(current, 'usage', renderUsage()), 'outputs', renderOutputsTable());
}

/** docs/inputs.md: the full help of every input. */
export function renderInputsDoc(current: string): string {
  return replaceSection(current, 'inputs', renderInputsTable());
}
