/**
 * The confinement lint rule (eslint.confine.mjs, applied by eslint.config.mjs) refuses a raw
 * write-capable node:fs import anywhere in src/ but the confinement homes. Linted with the
 * project's real configuration, as `npm run lint` does.
 */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function restrictedFindings(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('the confinement lint rule', () => {
  // An existing file's name, so the type-aware rules find it in the project; the text is ours.
  const feature = 'src/steps/release.ts';

  it.each([
    ['writeFile from node:fs/promises', "import { writeFile } from 'node:fs/promises';\nexport const f = () => writeFile('x', 'y');\n"],
    ['writeFileSync from node:fs', "import { writeFileSync } from 'node:fs';\nexport const f = () => { writeFileSync('x', 'y'); };\n"],
    ['fs.promises', "import { promises as fsp } from 'node:fs';\nexport const f = () => fsp.writeFile('x', 'y');\n"],
    ['a namespace import', "import * as fsp from 'node:fs/promises';\nexport const f = () => fsp.writeFile('x', 'y');\n"],
    ['open from fs/promises', "import { open } from 'fs/promises';\nexport const f = () => open('x', 'w');\n"],
    ['createWriteStream', "import { createWriteStream } from 'node:fs';\nexport const f = () => createWriteStream('x');\n"],
    ['a dynamic import', "export const f = async () => (await import('node:fs/promises')).writeFile('x', 'y');\n"],
    [
      'symlink, rm, rename',
      "import { symlink, rm, rename } from 'node:fs/promises';\nexport const f = () => Promise.all([symlink('a', 'b'), rm('c'), rename('d', 'e')]);\n",
    ],
  ])('refuses %s', async (_what, code) => {
    const found = await restrictedFindings(code, feature);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(/src\/system\/confine\.ts/);
  });

  it.each([
    ["import { execFile } from 'node:child_process';\nexport const f = () => execFile('go', ['version']);\n", 'execFile'],
    ["import { spawn } from 'child_process';\nexport const f = () => spawn('sh', ['-c', 'x']);\n", 'spawn'],
    ["export const f = async () => (await import('node:child_process')).execFileSync('go');\n", 'a dynamic import'],
  ])('refuses child_process outside the process home: %#', async (code) => {
    const found = await restrictedFindings(code, feature);
    expect(found.join('\n')).toMatch(/src\/system\/process\.ts/);
    expect(await restrictedFindings(code, 'src/system/confine.ts')).not.toEqual([]);
  });

  it('lets the process home run programs but not write files', async () => {
    expect(await restrictedFindings("import { spawn } from 'node:child_process';\nexport const f = () => spawn('go');\n", 'src/system/process.ts')).toEqual([]);
    expect(
      await restrictedFindings("import { writeFile } from 'node:fs/promises';\nexport const f = () => writeFile('x', 'y');\n", 'src/system/process.ts'),
    ).not.toEqual([]);
  });

  it('allows read-only node:fs imports in a feature', async () => {
    const code =
      "import { readFile, stat, lstat, readdir } from 'node:fs/promises';\nexport const f = () => Promise.all([readFile('x'), stat('x'), lstat('x'), readdir('.')]);\n";
    expect(await restrictedFindings(code, feature)).toEqual([]);
  });

  it('allows the confinement homes themselves', async () => {
    const code = "import { writeFile } from 'node:fs/promises';\nexport const f = () => writeFile('x', 'y');\n";
    expect(await restrictedFindings(code, 'src/system/owned-fs.ts')).toEqual([]);
    expect(await restrictedFindings(code, 'src/system/confine.ts')).toEqual([]);
  });

  it('allows the same call through owned-fs', async () => {
    const code = "import { writeFile } from '../system/owned-fs.js';\nexport const f = () => writeFile('x', 'y');\n";
    expect(await restrictedFindings(code, feature)).toEqual([]);
  });
});
