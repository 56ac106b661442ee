/** goversioninfo (built offline from the module cache) makes the .syso; a real windows build embeds it. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { UserError } from '../../src/errors.js';
import { crc32 } from 'node:zlib';
import { GOVERSIONINFO_TOOL, goToolInstallPlan, installGoTool } from '../../src/release/go-tool.js';
import { combinedVersion, goversioninfoArgv, pngSize, pngToIco, withSysoInPackage, writeWindowsSyso } from '../../src/release/windows-resource.js';

const GO = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';

function tinyPng(size: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const b = Buffer.alloc(8 + data.length + 4);
    b.writeUInt32BE(data.length, 0);
    b.write(type, 4, 'ascii');
    data.copy(b, 8);
    b.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])), 8 + data.length);
    return b;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (1 + size * 4), 0x7f);
  for (let y = 0; y < size; y++) raw[y * (1 + size * 4)] = 0;
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Section names of a PE file. */
function peSections(exe: Buffer): string[] {
  const pe = exe.readUInt32LE(0x3c);
  expect(exe.subarray(pe, pe + 4).toString('latin1')).toBe('PE\0\0');
  const count = exe.readUInt16LE(pe + 6);
  const optSize = exe.readUInt16LE(pe + 20);
  const table = pe + 24 + optSize;
  return Array.from({ length: count }, (_, i) =>
    exe
      .subarray(table + i * 40, table + i * 40 + 8)
      .toString('latin1')
      .replace(/\0+$/, ''),
  );
}

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'release-winres-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

test('pure parts: ico framing, versions, argv', () => {
  const png = tinyPng(64);
  expect(pngSize(png)).toEqual({ width: 64, height: 64 });
  expect(() => pngSize(Buffer.from('GIF89a-not-a-png-at-all!'))).toThrow(UserError);
  const ico = pngToIco(png);
  expect([...ico.subarray(0, 8)]).toEqual([0, 0, 1, 0, 1, 0, 64, 64]);
  expect(ico.readUInt32LE(14)).toBe(png.length);
  expect(ico.subarray(22).equals(png)).toBe(true);
  expect(pngToIco(tinyPng(256))[6]).toBe(0); // 256 is written as 0
  expect(combinedVersion('1.2.3-rc.1', 4)).toBe('1.2.3.4');
  expect(combinedVersion('v2', undefined)).toBe('2.0.0.1');
  expect(combinedVersion('abc1234', 9)).toBe('0.0.0.9');
  expect(goversioninfoArgv('gvi', 'arm64', 'c.json', 'o.syso')).toEqual(['gvi', '-arm', '-64', '-o', 'o.syso', 'c.json']);
});

test('the .syso embeds icon, version info and manifest in a real windows build, and leaves no file behind', async () => {
  const env = { ...process.env, GOPROXY: 'off', GOFLAGS: '-buildvcs=false' };
  const plan = goToolInstallPlan({ go: GO, toolCacheDir: join(root, 'tc'), host: { os: 'linux', arch: 'amd64' }, env, tool: GOVERSIONINFO_TOOL });
  const gvi = await installGoTool(plan, root);
  const png = tinyPng(64);
  const syso = await writeWindowsSyso({
    goversioninfoExe: gvi,
    arch: 'amd64',
    tempDir: root,
    appName: 'Hello World App',
    version: '1.2.3-rc.1',
    build: 4,
    iconPng: png,
  });

  const pkg = join(root, 'app');
  await mkdir(pkg);
  await writeFile(join(pkg, 'go.mod'), 'module example.com/hello\n\ngo 1.21\n');
  await writeFile(join(pkg, 'main.go'), 'package main\n\nfunc main() {}\n');
  const buildEnv = { ...env, CGO_ENABLED: '0', GOOS: 'windows', GOARCH: 'amd64' };
  const build = (out: string) => execFileSync(GO, ['build', '-o', out, '.'], { cwd: pkg, env: buildEnv });
  await withSysoInPackage(pkg, 'amd64', syso, () => Promise.resolve(build(join(root, 'with.exe'))));
  build(join(root, 'without.exe'));
  expect((await readdir(pkg)).sort()).toEqual(['go.mod', 'main.go']);

  const withExe = await readFile(join(root, 'with.exe'));
  const withoutExe = await readFile(join(root, 'without.exe'));
  expect(peSections(withExe)).toContain('.rsrc');
  expect(peSections(withoutExe)).not.toContain('.rsrc');
  expect(withExe.includes(Buffer.from('Hello World App', 'utf16le'))).toBe(true); // ProductName
  expect(withExe.includes(Buffer.from('1.2.3.4', 'utf16le'))).toBe(true); // FileVersion: numeric, the pre-release dropped
  expect(withExe.includes(Buffer.from('1.2.3-rc.1\0', 'utf16le'))).toBe(true); // ProductVersion: the release version as written
  expect(withExe.includes(png)).toBe(true); // the icon
  expect(withExe.includes(Buffer.from('assemblyIdentity version="1.2.3.4"'))).toBe(true); // manifest
});
