import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, utimes, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactFromPath, type Artifact } from '../../src/artifacts/registry.js';
import { archiveFormatFor, planArchives, releaseBaseName, statArchiveFiles, writeArchive } from '../../src/release/archive.js';
import { DEFAULT_EPOCH, sourceDateEpoch } from '../../src/archive/entries.js';
import { matchFiles } from '../../src/system/glob.js';
import { writeZip } from '../../src/archive/zip-write.js';

const GO = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
const LONG = `${'deep-directory-name/'.repeat(4)}${'a-very-long-file-name-'.repeat(6)}.txt`; // > 100 chars, basename > 100 too

let root: string;
let linuxBin: string;
let winBin: string;
let work: string;

function buildGo(dir: string, goos: string, goarch: string, out: string): void {
  execFileSync(GO, ['build', '-trimpath', '-o', out, '.'], {
    cwd: dir,
    env: { ...process.env, CGO_ENABLED: '0', GOOS: goos, GOARCH: goarch, GOFLAGS: '-buildvcs=false' },
    stdio: 'pipe',
  });
}

function py(code: string, ...args: string[]): string {
  return execFileSync('python3', ['-c', code, ...args], { encoding: 'utf8' });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'release-archive-'));
  const src = join(root, 'src');
  await mkdir(src);
  await writeFile(join(src, 'go.mod'), 'module example.com/hello\n\ngo 1.21\n');
  await writeFile(join(src, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from release test") }\n');
  linuxBin = join(root, 'bin-linux');
  winBin = join(root, 'bin-windows.exe');
  buildGo(src, 'linux', 'amd64', linuxBin);
  buildGo(src, 'windows', 'amd64', winBin);

  work = join(root, 'work');
  await mkdir(join(work, 'docs'), { recursive: true });
  await mkdir(join(work, 'scripts'));
  await writeFile(join(work, 'README.md'), '# hello\n');
  await writeFile(join(work, 'LICENSE'), 'MIT\n');
  await writeFile(join(work, 'docs', 'guide.md'), 'guide\n');
  await writeFile(join(work, 'docs', 'notes.txt'), 'not matched by docs/*.md\n');
  await writeFile(join(work, 'scripts', 'run.sh'), '#!/bin/sh\necho hi\n');
  await chmod(join(work, 'scripts', 'run.sh'), 0o775);
  await chmod(join(work, 'README.md'), 0o600); // normalized to 0644 in archives
  await mkdir(join(work, ...LONG.split('/').slice(0, -1)), { recursive: true });
  await writeFile(join(work, ...LONG.split('/')), 'long\n');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function binaries(): Promise<Artifact[]> {
  return [
    await artifactFromPath(linuxBin, { target: 'linux/amd64', kind: 'binary' }),
    await artifactFromPath(linuxBin, { target: 'darwin/universal', kind: 'binary' }),
    await artifactFromPath(winBin, { target: 'windows/amd64', kind: 'binary' }),
  ];
}

async function writeAll(outputDir: string, mtime: number): Promise<Artifact[]> {
  await mkdir(outputDir, { recursive: true });
  const files = await statArchiveFiles(await matchFiles(['README.md', 'LICENSE', 'docs/*.md', 'scripts', LONG], work, 'archive-files'));
  const plans = planArchives({ binaries: await binaries(), setting: 'auto', name: 'hello', version: '1.2.3', outputDir, files });
  const out: Artifact[] = [];
  for (const p of plans) out.push(await writeArchive(p, mtime));
  return out;
}

describe('archive settings and names', () => {
  test('picks formats per os (the input itself is parsed by src/config.ts: config.test.ts)', () => {
    expect(archiveFormatFor('auto', 'windows')).toBe('zip');
    expect(archiveFormatFor('auto', 'darwin')).toBe('tar.gz');
    expect(archiveFormatFor('zip', 'linux')).toBe('zip');
    expect(archiveFormatFor('none', 'linux')).toBeUndefined();
    expect(releaseBaseName('hello', '1.2.3', 'darwin/universal')).toBe('hello_1.2.3_darwin_universal');
  });

  test('none plans nothing', async () => {
    expect(planArchives({ binaries: await binaries(), setting: 'none', name: 'hello', version: '1', outputDir: root, files: [] })).toEqual([]);
  });
});

describe('writing archives', () => {
  let out1: string;
  let arts: Artifact[];

  beforeAll(async () => {
    out1 = join(root, 'out1');
    arts = await writeAll(out1, DEFAULT_EPOCH);
  });

  test('one archive per binary, goreleaser-style names', async () => {
    expect(arts.map((a) => a.name).sort()).toEqual(['hello_1.2.3_darwin_universal.tar.gz', 'hello_1.2.3_linux_amd64.tar.gz', 'hello_1.2.3_windows_amd64.zip']);
    expect((await readdir(out1)).sort()).toEqual(arts.map((a) => a.name).sort()); // no temp files left
    for (const a of arts) {
      expect(a.kind).toBe('archive');
      expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(a.sha256).toBe(execFileSync('sha256sum', [a.path], { encoding: 'utf8' }).split(' ')[0]);
    }
  });

  test('tar.gz lists with real tar: root layout, modes, owner, fixed time', () => {
    const tgz = join(out1, 'hello_1.2.3_linux_amd64.tar.gz');
    const listing = execFileSync('tar', ['--utc', '-tzvf', tgz], { encoding: 'utf8' }).trim().split('\n');
    const byName = new Map(listing.map((l) => [l.split(/\s+/).slice(5).join(' '), l]));
    expect([...byName.keys()]).toEqual([
      'LICENSE',
      'README.md',
      LONG.split('/')[0] + '/',
      expect.anything(),
      expect.anything(),
      expect.anything(),
      LONG,
      'docs/',
      'docs/guide.md',
      'hello',
      'scripts/',
      'scripts/run.sh',
    ]);
    expect(byName.get('hello')).toMatch(/^-rwxr-xr-x root\/root .* 1980-01-01 00:00 hello$/);
    expect(byName.get('README.md')).toMatch(/^-rw-r--r-- root\/root\s+8 1980-01-01 00:00 README.md$/);
    expect(byName.get('scripts/run.sh')).toMatch(/^-rwxr-xr-x /);
    expect(byName.get('docs/')).toMatch(/^drwxr-xr-x root\/root/);
    expect(byName.has(LONG)).toBe(true); // long name survives through PAX
  });

  test('tar.gz extracts to the exact bytes and the binary runs', async () => {
    const dir = join(root, 'x-tar');
    await mkdir(dir);
    execFileSync('tar', ['-xzf', join(out1, 'hello_1.2.3_linux_amd64.tar.gz'), '-C', dir]);
    expect((await readFile(join(dir, 'hello'))).equals(await readFile(linuxBin))).toBe(true);
    expect(execFileSync(join(dir, 'hello'), { encoding: 'utf8' })).toBe('hello from release test\n');
    expect(await readFile(join(dir, ...LONG.split('/')), 'utf8')).toBe('long\n');
    execFileSync('gzip', ['-t', join(out1, 'hello_1.2.3_linux_amd64.tar.gz')]);
  });

  test('gzip header has no mtime and a fixed OS byte', async () => {
    const head = (await readFile(join(out1, 'hello_1.2.3_linux_amd64.tar.gz'))).subarray(0, 10);
    expect([...head]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  });

  test('zip reads with python zipfile: names, unix modes, fixed date, CRCs', async () => {
    const zip = join(out1, 'hello_1.2.3_windows_amd64.zip');
    const info = JSON.parse(
      py(
        'import sys,json,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps([[i.filename, i.external_attr>>16, list(i.date_time), i.create_system, i.file_size] for i in z.infolist()]))',
        zip,
      ),
    ) as [string, number, number[], number, number][];
    const names = info.map((i) => i[0]);
    expect(names).toContain('hello.exe');
    expect(names).toContain('docs/');
    expect(names).toContain(LONG);
    const get = (n: string) => info.find((i) => i[0] === n)!;
    expect(get('hello.exe')[1]).toBe(0o100755);
    expect(get('README.md')[1]).toBe(0o100644);
    expect(get('scripts/run.sh')[1]).toBe(0o100755);
    expect(get('docs/')[1]).toBe(0o040755);
    expect(get('hello.exe')[2]).toEqual([1980, 1, 1, 0, 0, 0]);
    expect(get('hello.exe')[3]).toBe(3); // made by Unix
    expect(get('hello.exe')[4]).toBe((await readFile(winBin)).length);
    const listing = execFileSync('unzip', ['-Z', zip], { encoding: 'utf8' });
    expect(listing).toMatch(/-rwxr-xr-x .* hello\.exe/);
    const dir = join(root, 'x-zip');
    execFileSync('unzip', ['-q', zip, '-d', dir]);
    expect((await readFile(join(dir, 'hello.exe'))).equals(await readFile(winBin))).toBe(true);
  });

  test('reproducible: other source mtimes and another run give identical bytes', async () => {
    const t = new Date('2021-06-01T12:00:00Z');
    for (const f of ['README.md', 'LICENSE', 'docs/guide.md', 'scripts/run.sh']) await utimes(join(work, f), t, t);
    await utimes(linuxBin, t, t);
    await utimes(winBin, t, t);
    const out2 = join(root, 'out2');
    const again = await writeAll(out2, DEFAULT_EPOCH);
    for (const a of arts) {
      const b = again.find((x) => x.name === a.name)!;
      expect((await readFile(b.path)).equals(await readFile(a.path))).toBe(true);
      expect(b.sha256).toBe(a.sha256);
    }
  });

  test('SOURCE_DATE_EPOCH sets the stamped time', async () => {
    const epoch = sourceDateEpoch({ SOURCE_DATE_EPOCH: '1700000000' });
    expect(epoch).toBe(1700000000);
    expect(sourceDateEpoch({})).toBe(DEFAULT_EPOCH);
    const out3 = join(root, 'out3');
    const a = (await writeAll(out3, epoch)).find((x) => x.name.endsWith('linux_amd64.tar.gz'))!;
    expect(execFileSync('tar', ['--utc', '-tzvf', a.path], { encoding: 'utf8' })).toMatch(/2023-11-14 22:13 hello\n/);
    const z = (await readdir(out3)).find((n) => n.endsWith('.zip'))!;
    expect(py('import sys,zipfile\nprint(zipfile.ZipFile(sys.argv[1]).getinfo("hello.exe").date_time)', join(out3, z)).trim()).toBe(
      '(2023, 11, 14, 22, 13, 20)',
    );
  });

  test('zip64 records are readable (forced on a small archive)', async () => {
    const dest = join(root, 'forced64.zip');
    await writeZip(
      dest,
      [
        { name: 'dir', type: 'dir', mode: 0o755, size: 0 },
        { name: 'dir/empty', type: 'file', mode: 0o644, size: 0, data: Buffer.alloc(0) },
        { name: 'dir/hello', type: 'file', mode: 0o755, size: (await readFile(linuxBin)).length, source: linuxBin },
      ],
      { mtime: DEFAULT_EPOCH, forceZip64: true },
    );
    const out = py(
      'import sys,zipfile,hashlib\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(hashlib.sha256(z.read("dir/hello")).hexdigest(), oct(z.getinfo("dir/hello").external_attr>>16))',
      dest,
    );
    const want = execFileSync('sha256sum', [linuxBin], { encoding: 'utf8' }).split(' ')[0];
    expect(out.trim()).toBe(`${want} 0o100755`);
    execFileSync('unzip', ['-tq', dest]);
  });

  test('a file named like the binary is refused', async () => {
    const files = [{ source: join(work, 'LICENSE'), name: 'hello', size: 4, executable: false }];
    expect(() => planArchives({ binaries: [], setting: 'auto', name: 'hello', version: '1', outputDir: root, files })).not.toThrow();
    await expect(
      (async () => planArchives({ binaries: await binaries(), setting: 'auto', name: 'hello', version: '1', outputDir: root, files }))(),
    ).rejects.toThrow(/same name as the binary/);
  });
});
