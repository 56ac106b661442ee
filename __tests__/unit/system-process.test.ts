/** The one process runner (src/system/process.ts, over @actions/exec), with real programs. */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onPath, run, runOk, which } from '../../src/system/process.js';

const dir = mkdtempSync(join(tmpdir(), 'process-test-'));
const script = join(dir, 'tool');
writeFileSync(script, '#!/bin/sh\nprintf "a\\nb"\nprintf "é\\nlast" >&2\nexit ${CODE:-0}\n');
chmodSync(script, 0o755);

test('argv, env, exit code, both streams, and every line (a last line without newline too)', async () => {
  const lines: string[] = [];
  const r = await run([script], { env: { PATH: '/usr/bin:/bin', CODE: '3' }, onLine: (l, s) => lines.push(`${s}:${l}`) });
  expect(r).toEqual({ code: 3, stdout: 'a\nb', stderr: 'é\nlast' });
  expect(lines.sort()).toEqual(['stderr:last', 'stderr:é', 'stdout:a', 'stdout:b']);
});

test('arguments are never a shell string', async () => {
  expect((await run(['printf', '%s|', 'a b', '$(id)', ';rm -rf x'])).stdout).toBe('a b|$(id)|;rm -rf x|');
});

test('the program is found on the PATH of the environment it runs with', async () => {
  expect(which('tool', { PATH: dir })).toBe(script);
  expect(onPath('tool', { PATH: '/usr/bin' })).toBe(false);
  expect((await run(['tool'], { env: { PATH: `${dir}:/usr/bin:/bin` } })).stdout).toBe('a\nb');
  await expect(run(['tool'], { env: { PATH: '/usr/bin' } })).rejects.toThrow(/^tool was not found on PATH$/);
});

test('runOk: stdout, or an error naming what failed with the output tail', async () => {
  expect(await runOk([script], 'the tool', { env: { PATH: '/usr/bin:/bin' } })).toBe('a\nb');
  await expect(runOk([script], 'the tool', { env: { PATH: '/usr/bin:/bin', CODE: '1' } })).rejects.toThrow(/^the tool failed \(exit 1\): .*tool\né\nlast$/);
});

test('input reaches stdin, which then ends; a program that exits without reading a large input does not kill this process (EPIPE)', async () => {
  expect(await run(['cat'], { input: 'one\ntwo\n' })).toEqual({ code: 0, stdout: 'one\ntwo\n', stderr: '' });
  expect((await run(['sh', '-c', 'read -r line; echo "[$line]"; read -r more || echo eof'], { input: '' })).stdout).toBe('[]\neof\n'); // a prompt reads end of file
  const big = Buffer.alloc(4 * 1024 * 1024, 0x61); // larger than a pipe buffer
  for (let i = 0; i < 50; i++) expect((await run(['true'], { input: big })).code).toBe(0);
});
