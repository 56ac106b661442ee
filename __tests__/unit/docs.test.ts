/** src/docs.ts: action.yml and the README's tables follow src/inputs.ts. */
import { readFileSync } from 'node:fs';
import { renderActionYml, renderReadme } from '../../src/docs.js';

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
