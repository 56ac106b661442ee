/**
 * A tool-cache entry is complete only when it works: installAtomically runs the toolchain's own
 * `go version` (a real process: bin/go here is a shell script) before the rename and the marker.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokenToolchainError, checkGo, installAtomically, installDir, isInstalled } from '../../src/toolchain/toolcache.js';
import { parseGoVersion } from '../../src/toolchain/version.js';

const work = mkdtempSync(join(tmpdir(), 'gfa-toolcache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const v = parseGoVersion('1.25.14')!;
const check = { os: 'linux' as const, runnable: true, env: { PATH: process.env.PATH } };

/** A fake toolchain tree whose bin/go is a shell script. */
const fakeGo = (script: string) => (dir: string) => {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'bin', 'go'), `#!/bin/sh\n${script}\n`);
  chmodSync(join(dir, 'bin', 'go'), 0o755);
  return Promise.resolve();
};

describe('installAtomically checks the toolchain before it is an install', () => {
  test.each([
    [
      'reports another version',
      'echo "go version go1.24.9 linux/amd64"',
      /bin\/go version reports "go version go1\.24\.9 linux\/amd64", expected go1\.25\.14$/,
    ],
    ['fails to run', 'echo "cannot find GOROOT" >&2; exit 2', /bin\/go version failed \(cannot find GOROOT\), expected it to report go1\.25\.14$/],
    ['is missing', '', /bin\/go version failed \(ENOENT\)/],
  ])('a bin/go that %s leaves no entry, no marker and no temporary tree', async (what, script, re) => {
    const root = mkdtempSync(join(work, 'root-'));
    const fill =
      what === 'is missing'
        ? (dir: string) => {
            mkdirSync(dir);
            return Promise.resolve();
          }
        : fakeGo(script);
    const err = await installAtomically(root, v, 'amd64', check, fill).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrokenToolchainError);
    expect((err as Error).message).toMatch(re);
    expect(readdirSync(join(root, 'go', '1.25.14'))).toEqual([]);
    expect(isInstalled(root, v, 'amd64', 'linux')).toBe(false);
  });

  test('a failed check leaves an earlier complete entry as it was', async () => {
    const root = mkdtempSync(join(work, 'root-'));
    const dir = await installAtomically(root, v, 'amd64', check, fakeGo('echo "go version go1.25.14 linux/amd64"'));
    await expect(installAtomically(root, v, 'amd64', check, fakeGo('echo "go version go1.2 linux/amd64"'))).rejects.toBeInstanceOf(BrokenToolchainError);
    expect(isInstalled(root, v, 'amd64', 'linux')).toBe(true);
    await expect(checkGo(dir, v, check)).resolves.toBeUndefined();
    expect(readdirSync(join(root, 'go', '1.25.14')).sort()).toEqual(['x64', 'x64.complete']);
  });

  test('a passing check renames the tree into place and marks it complete', async () => {
    const root = mkdtempSync(join(work, 'root-'));
    const dir = await installAtomically(root, v, 'amd64', check, fakeGo('echo "go version go1.25.14 linux/amd64"'));
    expect(dir).toBe(installDir(root, v, 'amd64'));
    expect(existsSync(`${dir}.complete`)).toBe(true);
    expect(isInstalled(root, v, 'amd64', 'linux')).toBe(true);
  });

  test('a toolchain for another architecture is not run (it cannot run here)', async () => {
    const root = mkdtempSync(join(work, 'root-'));
    await installAtomically(root, v, 'arm64', { ...check, runnable: false }, fakeGo('exit 1'));
    expect(isInstalled(root, v, 'arm64', 'linux')).toBe(true);
  });
});
