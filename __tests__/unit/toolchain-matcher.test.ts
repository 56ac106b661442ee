/** The problem matcher (src/toolchain/matcher.ts): its pattern against real go build errors, and its file. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '../../src/runtime.js';
import { addProblemMatcher, MATCHER } from '../../src/toolchain/matcher.js';

const re = new RegExp(MATCHER.problemMatcher[0].pattern[0].regexp);

test('the problem matcher reads real go build errors, with and without the target prefix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'matcher-'));
  writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.21\n');
  writeFileSync(join(dir, 'main.go'), 'package main\n\nfunc main() {\n\tundefinedCall()\n}\n');
  let stderr = '';
  try {
    execFileSync('go', ['build', '-o', join(dir, 'out'), '.'], { cwd: dir, env: { ...process.env, GOFLAGS: '-buildvcs=false' }, stdio: 'pipe' });
  } catch (e) {
    stderr = String((e as { stderr: Buffer }).stderr);
  }
  const line = stderr.split('\n').find((l) => l.includes('undefinedCall'))!;
  expect(line).toBeDefined();
  for (const l of [line, `[windows/amd64] ${line}`]) {
    const m = re.exec(l)!;
    expect(m).not.toBeNull();
    expect(m[1]).toMatch(/main\.go$/);
    expect(m[2]).toBe('4');
    expect(m[3]).toBe('2');
    expect(m[4]).toBe('undefined: undefinedCall');
  }
  expect(re.exec('# example.com/m')).toBeNull();
  expect(re.exec('[linux/amd64] ok in 1.2 s -> /x/dist/app')).toBeNull();
});

test("the matcher is written into the run's temp folder and registered with the runner", async () => {
  const tempDir = mkdtempSync(join(tmpdir(), 'matcher-file-'));
  const added: string[] = [];
  const rt = { tempDir, addMatcher: (f: string) => added.push(f) } as unknown as Runtime;
  const file = await addProblemMatcher(rt);
  expect(file).toBe(join(tempDir, 'go-fyne-action-matcher.json'));
  expect(added).toEqual([file]);
  const written = JSON.parse(readFileSync(file, 'utf8')) as typeof MATCHER;
  expect(written).toEqual(MATCHER);
  expect(written.problemMatcher[0].owner).toBe('go-fyne-action-go');
});
