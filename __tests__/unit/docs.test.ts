/**
 * src/docs.ts: action.yml, the README's usage block and outputs table, docs/inputs.md and the
 * CLI's --help all follow src/inputs.ts; every relative link in README.md and docs/*.md leads to
 * a file (and heading) that exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { usage } from '../../src/cli-args.js';
import { renderActionYml, renderInputsDoc, renderReadme } from '../../src/docs.js';
import { INPUTS, OUTPUTS } from '../../src/inputs.js';

const root = new URL('../../', import.meta.url);
const ROOT = fileURLToPath(root);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const docs = readdirSync(join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);

test('action.yml is current with src/inputs.ts (run `npm run docs`)', () => {
  expect(readFileSync(new URL('action.yml', root), 'utf8')).toBe(renderActionYml());
});

test("README's usage block and outputs table are current (run `npm run docs`)", () => {
  expect(readme).toBe(renderReadme(readme));
});

test('docs/inputs.md is current (run `npm run docs`)', () => {
  const doc = readFileSync(new URL('docs/inputs.md', root), 'utf8');
  expect(doc).toBe(renderInputsDoc(doc));
});

test("the README's usage block is a step with every input at its default, each with a short comment", () => {
  const block = /<!-- usage:start -->\n```yaml\n([\s\S]*?)```\n<!-- usage:end -->/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const [step] = parse(block!) as [{ uses: string; with: Record<string, string | boolean> }];
  expect(Object.keys(step.with)).toEqual(INPUTS.map((i) => i.name));
  for (const i of INPUTS) expect(String(step.with[i.name] ?? '')).toBe(i.default);
  for (const i of INPUTS) {
    expect(i.usage.length).toBeLessThanOrEqual(70);
    expect(block).toContain(`# ${i.usage}\n`);
  }
});

test('--help, action.yml and docs/inputs.md carry the same help for every input and output', () => {
  const help = usage();
  const yml = parse(readFileSync(new URL('action.yml', root), 'utf8')) as {
    inputs: Record<string, { description: string; default?: string }>;
    outputs: Record<string, { description: string }>;
  };
  const doc = readFileSync(new URL('docs/inputs.md', root), 'utf8');
  for (const i of INPUTS) {
    expect(yml.inputs[i.name].description).toBe(i.help);
    expect(yml.inputs[i.name].default ?? '').toBe(i.default);
    expect(doc).toContain(i.help.replace(/\|/g, '\\|'));
    // the two secrets are never CLI arguments (src/cli-args.ts), so --help describes them apart
    if (!i.name.startsWith('windows-certificate')) expect(help).toContain(`--${i.name}`);
    if (!i.name.startsWith('windows-certificate')) expect(help).toContain(i.help);
  }
  for (const o of OUTPUTS) {
    expect(yml.outputs[o.name].description).toBe(o.help);
    expect(help).toContain(o.help);
  }
  expect(Object.keys(yml.inputs)).toEqual(INPUTS.map((i) => i.name));
});

test('action.yml runs on node24 with a post step', () => {
  const yml = readFileSync(new URL('action.yml', root), 'utf8');
  expect(yml).toMatch(/using: 'node24'/);
  expect(yml).toMatch(/main: 'dist\/main.js'/);
  expect(yml).toMatch(/post: 'dist\/post.js'/);
});

test('README.md is under 300 lines', () => {
  expect(readme.split('\n').length).toBeLessThan(300);
});

/** GitHub's heading anchors: lower case, punctuation but - and _ dropped, spaces to -. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  const text = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const m of text.matchAll(/^#{1,6} (.*)$/gm)) {
    const base = m[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Every relative link `[text](target)` of a Markdown file, outside code blocks. */
function relativeLinks(markdown: string): string[] {
  const text = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

test('the link checker finds a broken file and a broken anchor (it can fail)', () => {
  expect(relativeLinks('[a](x.md) `[b](y.md)` [c](https://e.org) [d](#here)')).toEqual(['x.md', '#here']);
  expect(anchors('# A b\n## `x` (y): z\n## A b')).toEqual(new Set(['a-b', 'x-y-z', 'a-b-1']));
});

test.each(['README.md', ...docs])('every relative link in %s leads to an existing file and heading', (file) => {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const broken: string[] = [];
  for (const link of relativeLinks(text)) {
    const [path, anchor] = link.split('#') as [string, string | undefined];
    const target = path === '' ? join(ROOT, file) : normalize(join(ROOT, dirname(file), path));
    if (!target.startsWith(ROOT) || !existsSync(target)) broken.push(`${link}: no such file`);
    else if (anchor !== undefined && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${link}: no such heading`);
  }
  expect(broken).toEqual([]);
});
