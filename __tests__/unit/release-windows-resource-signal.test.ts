/**
 * A cancelled run leaves no .syso in the user's package: a real process runs the real
 * withSysoInPackage (bundled from src/ with esbuild), is signalled while the .syso is in place,
 * and must remove it and still end as the signal asks.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve('.');
let dir: string;
let script: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gfa-syso-signal-'));
  script = join(dir, 'hold.mjs');
  // argv: <pkgDir> <arch,...> <extra listener: yes|no>. Places one .syso per arch (nested, as
  // withWindowsResources does), prints "placed", then waits for ever inside the "build".
  await build({
    stdin: {
      contents: `
        import { writeFileSync } from 'node:fs';
        import { join } from 'node:path';
        import { withSysoInPackage } from './src/release/windows-resource.ts';
        const [pkg, arches, extra] = process.argv.slice(2);
        const src = join(pkg, '..', 'src.syso');
        writeFileSync(src, 'coff');
        if (extra === 'yes') process.on('SIGTERM', () => {}); // someone else listens too
        let run = () => { console.log('placed'); return new Promise(() => setInterval(() => {}, 1000)); };
        for (const arch of arches.split(',')) { const inner = run; run = () => withSysoInPackage(pkg, arch, src, inner); }
        await run();
      `,
      resolveDir: ROOT,
      sourcefile: 'hold.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: script,
    logLevel: 'silent',
  });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cancelWhilePlaced(arches: string[], signal: NodeJS.Signals, extraListener = false) {
  const pkg = mkdtempSync(join(dir, 'pkg-'));
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'main.go'), 'package main\n');
  const child = spawn(process.execPath, [script, pkg, arches.join(','), extraListener ? 'yes' : 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, sig) => res({ code, signal: sig })));
  await new Promise<void>((res, rej) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('placed') && res());
    child.on('exit', () => rej(new Error(`exited before placing: ${stderr}`)));
  });
  const during = readdirSync(pkg).sort();
  child.kill(signal);
  const guard = setTimeout(() => child.kill('SIGKILL'), 5000); // a process that ignored the signal must not outlive the test
  const end = await exited;
  clearTimeout(guard);
  return { during, after: readdirSync(pkg).sort(), end, stderr };
}

test('SIGTERM while a .syso is in the package: removed, and the process dies of SIGTERM', async () => {
  const r = await cancelWhilePlaced(['amd64'], 'SIGTERM');
  expect(r.during).toEqual(['main.go', 'zz_gofyneaction_windows_amd64.syso']);
  expect(r.after).toEqual(['main.go']);
  expect(r.end).toEqual({ code: null, signal: 'SIGTERM' });
}, 30_000);

test('SIGINT with two arches in place: both removed', async () => {
  const r = await cancelWhilePlaced(['amd64', 'arm64'], 'SIGINT');
  expect(r.during).toEqual(['main.go', 'zz_gofyneaction_windows_amd64.syso', 'zz_gofyneaction_windows_arm64.syso']);
  expect(r.after).toEqual(['main.go']);
  expect(r.end).toEqual({ code: null, signal: 'SIGINT' });
}, 30_000);

test('another SIGTERM listener would swallow the signal: removed, and the process exits 143', async () => {
  const r = await cancelWhilePlaced(['amd64'], 'SIGTERM', true);
  expect(r.after).toEqual(['main.go']);
  expect(r.end).toEqual({ code: 143, signal: null });
}, 30_000);

test('the file is gone after a normal end too, and no handler is left behind', async () => {
  const { withSysoInPackage } = await import('../../src/release/windows-resource.js');
  const pkg = mkdtempSync(join(dir, 'pkg-'));
  const src = join(dir, 'x.syso');
  writeFileSync(src, 'coff');
  const before = process.listenerCount('SIGTERM');
  const seen = await withSysoInPackage(pkg, 'amd64', src, () => {
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    return Promise.resolve(existsSync(join(pkg, 'zz_gofyneaction_windows_amd64.syso')));
  });
  expect(seen).toBe(true);
  expect(readdirSync(pkg)).toEqual([]);
  expect(process.listenerCount('SIGTERM')).toBe(before);
  await expect(withSysoInPackage(pkg, 'amd64', src, () => Promise.reject(new Error('build failed')))).rejects.toThrow('build failed');
  expect(readdirSync(pkg)).toEqual([]);
  expect(process.listenerCount('SIGTERM')).toBe(before);
});
