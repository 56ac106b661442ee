import { readFileSync } from 'node:fs';
import { renderActionYml, renderReadme } from '../../src/docs.js';
import { INPUTS } from '../../src/inputs.js';
import { parseArgs, usage } from '../../src/cli-args.js';

const root = new URL('../../', import.meta.url);

test('action.yml is current with src/inputs.ts (run `npm run docs`)', () => {
  expect(readFileSync(new URL('action.yml', root), 'utf8')).toBe(renderActionYml());
});

test("README's input and output tables are current (run `npm run docs`)", () => {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  expect(readme).toBe(renderReadme(readme));
});

test('action.yml runs on node24 with a post step', () => {
  const yml = readFileSync(new URL('action.yml', root), 'utf8');
  expect(yml).toMatch(/using: 'node24'/);
  expect(yml).toMatch(/main: 'dist\/main.js'/);
  expect(yml).toMatch(/post: 'dist\/post.js'/);
});

test('every input is a CLI flag listed by --help with its default', () => {
  const help = usage();
  for (const i of INPUTS) {
    expect(help).toContain(`--${i.name}`);
    if (i.default) expect(help).toContain(`[default: ${i.default}]`);
  }
});

test('CLI flags: --name value, --name=value, bare booleans, one-line errors', () => {
  const m = parseArgs(['--go-version', '1.23', '--targets=linux/amd64 windows/amd64', '--check-latest', '--cache', 'false', '--universal']);
  expect(Object.fromEntries(m)).toEqual({ 'go-version': '1.23', targets: 'linux/amd64 windows/amd64', 'check-latest': 'true', cache: 'false', universal: 'true' });
  expect(() => parseArgs(['--bogus', '1'])).toThrow(/^unknown flag --bogus; see --help/);
  expect(() => parseArgs(['--go-version'])).toThrow(/^flag --go-version needs a value$/);
  expect(() => parseArgs(['1.23'])).toThrow(/^unexpected argument "1.23"/);
});
