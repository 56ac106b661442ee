/** File patterns through @actions/glob (src/system/glob.ts), on a real tree. */
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { matchFiles } from '../../src/system/glob.js';

// A root whose own name holds glob characters: it must be taken literally.
const root = join(realpathSync(mkdtempSync(join(tmpdir(), 'glob-test-'))), 'my [app] *');
for (const d of ['docs/deep', 'scripts', 'cmd/a', 'cmd/b', '.github']) mkdirSync(join(root, d), { recursive: true });
for (const f of [
  'README.md',
  'LICENSE',
  'docs/guide.md',
  'docs/notes.txt',
  'docs/deep/more.md',
  'scripts/run.sh',
  'cmd/a/go.sum',
  'cmd/b/go.sum',
  'go.sum',
  '.github/ci.yml',
  '.env',
]) {
  writeFileSync(join(root, f), f);
}
symlinkSync(join(root, 'docs'), join(root, 'docs-link'));

const names = async (patterns: string[]) => (await matchFiles(patterns, root, 'archive-files')).map((f) => f.name);

test('literal paths, globs, ** across folders, folders stand for their files; sorted, deduplicated', async () => {
  expect(await names(['LICENSE', 'README.md', 'LICENSE'])).toEqual(['LICENSE', 'README.md']);
  expect(await names(['docs/*.md'])).toEqual(['docs/guide.md']);
  expect(await names(['docs/**/*.md'])).toEqual(['docs/deep/more.md', 'docs/guide.md']);
  expect(await names(['scripts'])).toEqual(['scripts/run.sh']);
  expect(await names(['**/go.sum'])).toEqual(['cmd/a/go.sum', 'cmd/b/go.sum', 'go.sum']);
  expect(await names(['cmd/[ab]/go.sum', 'cmd/?/go.sum'])).toEqual(['cmd/a/go.sum', 'cmd/b/go.sum']);
});

test('hidden files match as in actions/cache and hashFiles', async () => {
  expect(await names(['.github/*.yml', '.env'])).toEqual(['.env', '.github/ci.yml']);
});

test('links are followed (the config then checks where they lead)', async () => {
  expect(await names(['docs-link/*.md'])).toEqual(['docs-link/guide.md']);
  const [f] = await matchFiles(['docs-link/guide.md'], root, 'x');
  expect(f.source).toBe(join(root, 'docs-link/guide.md'));
});

test('refusals name the input and the pattern', async () => {
  await expect(matchFiles(['README.md', 'CHANGELOG.md'], root, 'archive-files')).rejects.toThrow(
    /^input "archive-files": "CHANGELOG.md" names no file in .*; use paths or globs/,
  );
  await expect(matchFiles(['*.rst'], root, 'universal-inputs')).rejects.toThrow(/^input "universal-inputs": "\*\.rst" matches no file/);
  await expect(matchFiles(['../etc/passwd'], root, 'archive-files')).rejects.toThrow(
    new UserError('input "archive-files": "../etc/passwd" leaves the working directory; use paths or globs relative to the working directory'),
  );
  await expect(matchFiles(['/etc/passwd'], root, 'archive-files')).rejects.toThrow(/"\/etc\/passwd" is absolute/);
  await expect(matchFiles(['!README.md'], root, 'archive-files')).rejects.toThrow(/is a negation, which is not supported/);
  await expect(matchFiles(['docs'], root, 'archive-files')).resolves.toHaveLength(3);
});
