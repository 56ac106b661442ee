import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFixtures } from '../../scripts/fixtures.mjs';
import { buildZip, type ZipFileSpec } from '../helpers/goproxy-server.js';
import { ZipFormatError, ZipReader, extractZip, planExtraction } from '../../src/archive/zip-read.js';
import { UnsafeEntryError } from '../../src/archive/safe-path.js';

const PREFIX = 'golang.org/toolchain@v0.0.1-go1.25.14.linux-amd64/';
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'gfa-zip-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeZip(name: string, files: ZipFileSpec[], opts?: { zip64?: boolean }): string {
  const p = join(work, name);
  writeFileSync(p, buildZip(files, opts));
  return p;
}

async function readAll(path: string): Promise<Record<string, string>> {
  const z = await ZipReader.open(path);
  try {
    const out: Record<string, string> = {};
    for (const e of z.entries) {
      const parts: Buffer[] = [];
      for await (const c of z.read(e)) parts.push(c);
      out[e.name] = Buffer.concat(parts).toString('utf8');
    }
    return out;
  } finally {
    await z.close();
  }
}

describe('ZipReader', () => {
  test('reads stored and deflated entries', async () => {
    const big = 'x'.repeat(3 << 20); // deflates to little, inflates past the small-entry path
    const p = writeZip('basic.zip', [
      { name: 'a.txt', data: 'hello', method: 'store' },
      { name: 'dir/b.txt', data: 'world\n'.repeat(100) },
      { name: 'big', data: big },
      { name: 'empty', data: '', method: 'store' },
    ]);
    const got = await readAll(p);
    expect(got['a.txt']).toBe('hello');
    expect(got['dir/b.txt']).toBe('world\n'.repeat(100));
    expect(got['big'].length).toBe(big.length);
    expect(got['empty']).toBe('');
  });

  test('reads zip64 central directories, and python agrees with our test writer', async () => {
    const p = writeZip(
      'z64.zip',
      [
        { name: 'one', data: 'first' },
        { name: 'two', data: 'second', method: 'store' },
      ],
      { zip64: true },
    );
    expect(await readAll(p)).toEqual({ one: 'first', two: 'second' });
    const py = execFileSync(
      'python3',
      ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(",".join(z.read(n).decode() for n in z.namelist()))', p],
      { encoding: 'utf8' },
    );
    expect(py.trim()).toBe('first,second');
  });

  test('a flipped byte in stored data fails the CRC-32 check', async () => {
    const buf = buildZip([{ name: 'f', data: 'abcdefghijklmnop', method: 'store' }]);
    buf[30 + 1 + 3] ^= 0x20; // inside the data of the only entry
    const p = join(work, 'crc.zip');
    writeFileSync(p, buf);
    await expect(readAll(p)).rejects.toThrow(/CRC-32 mismatch/);
  });

  test('rejects a file that is not a zip', async () => {
    const p = join(work, 'not.zip');
    writeFileSync(p, 'definitely not a zip file, just text that is long enough');
    await expect(ZipReader.open(p)).rejects.toThrow(ZipFormatError);
  });
});

describe('planExtraction', () => {
  const plan = (names: string[]) =>
    planExtraction(
      names.map((name) => ({ name, isDir: name.endsWith('/') })),
      PREFIX,
    );

  test('strips the prefix, sets exec bits like the go command and restores go.mod copies', () => {
    const p = plan([
      `${PREFIX}bin/go`,
      `${PREFIX}bin/gofmt`,
      `${PREFIX}pkg/tool/linux_amd64/compile`,
      `${PREFIX}lib/wasm/go_js_wasm_exec`,
      `${PREFIX}lib/time/zoneinfo.zip`,
      `${PREFIX}src/_go.mod`,
      `${PREFIX}src/cmd/_go.mod`,
      `${PREFIX}src/fmt/print.go`,
    ]);
    const modes = Object.fromEntries(p.files.map((f) => [f.rel, f.mode.toString(8)]));
    expect(modes).toEqual({
      'bin/go': '755',
      'bin/gofmt': '755',
      'pkg/tool/linux_amd64/compile': '755',
      'lib/wasm/go_js_wasm_exec': '755',
      'lib/time/zoneinfo.zip': '644',
      'src/_go.mod': '644',
      'src/cmd/_go.mod': '644',
      'src/fmt/print.go': '644',
    });
    expect(p.goModCopies).toEqual([
      ['src/cmd/_go.mod', 'src/cmd/go.mod'],
      ['src/_go.mod', 'src/go.mod'],
    ]);
  });

  test.each([
    ['outside the prefix', ['evil.txt'], /outside the required prefix/],
    ['another module version', ['golang.org/toolchain@v0.0.1-go1.25.13.linux-amd64/bin/go'], /outside the required prefix/],
    ['dot-dot', [`${PREFIX}../../etc/passwd`], /climbs out of its folder/],
    ['dot-dot in the middle', [`${PREFIX}bin/../../x`], /climbs out of its folder/],
    ['absolute after the prefix', [`${PREFIX}/etc/passwd`], /absolute path/],
    ['backslash tricks', [`${PREFIX}..\\..\\x`], /backslash/],
    ['drive letter', [`${PREFIX}C:/Windows/x`], /absolute path/],
    ['empty component', [`${PREFIX}a//b`], /not a clean path/],
    ['dot component', [`${PREFIX}./a`], /not a clean path/],
    ['case-insensitive duplicate', [`${PREFIX}bin/Go`, `${PREFIX}bin/go`], /collides/],
    ['file and directory at once', [`${PREFIX}a`, `${PREFIX}a/b`], /both a file and a directory/],
  ])('refuses %s', (_what, names, re) => {
    expect(() => plan(names)).toThrow(UnsafeEntryError);
    expect(() => plan(names)).toThrow(re);
  });
});

describe('extractZip', () => {
  test.each([
    ['dot-dot', `${PREFIX}../evil`],
    ['outside the prefix', 'evil'],
    ['backslash', `${PREFIX}a\\..\\..\\evil`],
  ])('refuses a malicious zip (%s) and leaves nothing behind', async (_what, bad) => {
    const p = writeZip(`bad-${_what}.zip`, [
      { name: `${PREFIX}bin/go`, data: '#!/bin/sh\n' },
      { name: bad, data: 'pwned' },
    ]);
    const dest = join(work, `dest-${_what}`);
    await expect(extractZip(p, dest, { prefix: PREFIX })).rejects.toThrow(UnsafeEntryError);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(join(work, 'evil'))).toBe(false);
  });

  test('a corrupt entry part-way through removes what was already written', async () => {
    const buf = buildZip([
      { name: `${PREFIX}a.txt`, data: 'fine', method: 'store' },
      { name: `${PREFIX}b.txt`, data: 'will be corrupted', method: 'store' },
    ]);
    const at = buf.indexOf('will be corrupted');
    buf[at] ^= 0xff;
    const p = join(work, 'corrupt-mid.zip');
    writeFileSync(p, buf);
    const dest = join(work, 'dest-corrupt');
    await expect(extractZip(p, dest, { prefix: PREFIX })).rejects.toThrow(/CRC-32 mismatch/);
    expect(existsSync(dest)).toBe(false);
  });

  test('extracts the real Go 1.25.14 toolchain module and bin/go runs', async () => {
    const m = ensureFixtures({ quiet: true });
    const dest = join(work, 'go');
    const { files } = await extractZip(m.zip, dest, { prefix: `${m.module}@${m.moduleVersion}/` });
    expect(files).toBeGreaterThan(10000);
    const env: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GOENV: 'off' };
    delete env.GOROOT;
    const out = execFileSync(join(dest, 'bin', 'go'), ['version'], { env, encoding: 'utf8' });
    expect(out.trim()).toBe('go version go1.25.14 linux/amd64');
    const goroot = execFileSync(join(dest, 'bin', 'go'), ['env', 'GOROOT'], { env, encoding: 'utf8' });
    expect(goroot.trim()).toBe(dest);
    expect(readFileSync(join(dest, 'src', 'go.mod'), 'utf8')).toBe(readFileSync(join(dest, 'src', '_go.mod'), 'utf8'));
    expect(existsSync(join(dest, 'src', 'cmd', 'go.mod'))).toBe(true);
    expect(statSync(join(dest, 'pkg', 'tool', 'linux_amd64', 'compile')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dest, 'src', 'fmt', 'print.go')).mode & 0o111).toBe(0);
  });
});
