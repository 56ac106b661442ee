import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactRegistry, artifactFromPath } from '../../src/artifacts/registry.js';
import { CHECKSUMS_FILE, renderChecksums, writeChecksums } from '../../src/release/checksums.js';

let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'release-sums-'));
  await mkdir(join(out, 'linux_amd64'));
  await writeFile(join(out, 'linux_amd64', 'hello'), 'binary-bytes');
  await writeFile(join(out, 'hello_1.0.0_linux_amd64.tar.gz'), 'archive-bytes');
  await mkdir(join(out, 'Hello.app', 'Contents', 'MacOS'), { recursive: true });
  await writeFile(join(out, 'Hello.app', 'Contents', 'Info.plist'), '<plist/>');
  await writeFile(join(out, 'Hello.app', 'Contents', 'MacOS', 'hello'), 'mac-binary');
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

test('SHA256SUMS covers binaries and archives, sorted, not an .app folder (its .app.zip is what is released), and sha256sum -c passes', async () => {
  const reg = new ArtifactRegistry();
  reg.add(await artifactFromPath(join(out, 'linux_amd64', 'hello'), { target: 'linux/amd64', kind: 'binary', buildMs: 1200 }));
  reg.add(await artifactFromPath(join(out, 'hello_1.0.0_linux_amd64.tar.gz'), { target: 'linux/amd64', kind: 'archive' }));
  reg.add(await artifactFromPath(join(out, 'Hello.app'), { target: 'darwin/universal', kind: 'app' }));
  const sums = await writeChecksums(out, reg.list());
  reg.add(sums);

  const text = await readFile(join(out, CHECKSUMS_FILE), 'utf8');
  const paths = text
    .trim()
    .split('\n')
    .map((l) => l.slice(66));
  expect(paths).toEqual(['hello_1.0.0_linux_amd64.tar.gz', 'linux_amd64/hello']);
  expect(text).not.toMatch(/Hello\.app/);

  const ok = spawnSync('sha256sum', ['-c', CHECKSUMS_FILE], { cwd: out, encoding: 'utf8' });
  expect(ok.status).toBe(0);
  expect(ok.stdout).toContain('linux_amd64/hello: OK');

  expect(sums.kind).toBe('checksums');
  expect(sums.sha256).toBe(execFileSync('sha256sum', [join(out, CHECKSUMS_FILE)], { encoding: 'utf8' }).split(' ')[0]);

  const json = JSON.parse(reg.toOutput()) as Record<string, unknown>[];
  expect(json).toHaveLength(4);
  expect(Object.keys(json[0]).sort()).toEqual(['arch', 'kind', 'os', 'path', 'sha256', 'size', 'target']);
  expect(json[0]).toMatchObject({ target: 'linux/amd64', os: 'linux', arch: 'amd64', kind: 'binary', size: 12 });
  expect(json[2]).toMatchObject({ target: 'darwin/universal', os: 'darwin', arch: 'universal', kind: 'app', size: 18 });

  // a tampered file is caught by the real tool
  await writeFile(join(out, 'hello_1.0.0_linux_amd64.tar.gz'), 'tampered');
  const bad = spawnSync('sha256sum', ['-c', CHECKSUMS_FILE], { cwd: out, encoding: 'utf8' });
  expect(bad.status).not.toBe(0);
  expect(bad.stdout).toContain('hello_1.0.0_linux_amd64.tar.gz: FAILED');
});

test('files outside the output directory are refused; odd names rejected', async () => {
  const outside = await artifactFromPath(join(out, 'linux_amd64', 'hello'), { target: 'linux/amd64', kind: 'binary' });
  await expect(writeChecksums(join(out, 'linux_amd64', 'sub'), [outside])).rejects.toThrow(/not inside the output directory/);
  expect(() => renderChecksums([{ path: 'a\nb', sha256: 'a'.repeat(64) }])).toThrow(/newline or backslash/);
  expect(
    renderChecksums([
      { path: 'b', sha256: 'b'.repeat(64) },
      { path: 'B', sha256: 'c'.repeat(64) },
    ]),
  ).toBe(`${'c'.repeat(64)}  B\n${'b'.repeat(64)}  b\n`);
});
