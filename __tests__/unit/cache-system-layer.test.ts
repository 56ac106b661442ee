/**
 * The system-packages layer's acting parts with real tools on this machine: dpkg's status written
 * under its fcntl locks by the perl helper (a lock held by another process, a status changed
 * meanwhile, a pending journal), the layer's tar read by our reader with hostile entries and a
 * truncated archive, and a hostile layer restored from a real local store, which must fall back
 * before anything is placed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, truncateSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tarStream, type TarSymlinkEntry } from '../../src/archive/tar-write.js';
import type { ArchiveEntry } from '../../src/archive/entries.js';
import { readTar } from '../../src/archive/tar-read.js';
import { LocalBackend } from '../../src/cache/local-backend.js';
import { checkArchive, restoreLayer, STATUS_WRITER, type LayerMeta } from '../../src/cache/system-layer.js';
import { defaultExec, type Exec } from '../../src/deps/apt.js';
import { ownRoot } from '../../src/system/confine.js';
import { run } from '../../src/system/process.js';

const log = { info: () => undefined, warning: () => undefined, debug: () => undefined };
let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'gfa-syslayer-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

async function writeTar(file: string, entries: (ArchiveEntry | TarSymlinkEntry)[]): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of tarStream(entries, { mtime: 0 })) chunks.push(c);
  writeFileSync(file, Buffer.concat(chunks));
}
const f = (name: string, text: string, mode = 0o644): ArchiveEntry => ({ name, type: 'file', mode, size: Buffer.byteLength(text), data: Buffer.from(text) });
const l = (name: string, linkname: string): TarSymlinkEntry => ({ name, type: 'symlink', linkname, mode: 0o777 });
const pkg = { binary: 'libgfa-test', name: 'libgfa-test', arch: 'amd64', version: '1.0' };
const meta = (entries: number): LayerMeta => ({ format: 1, key: 'k', packages: [pkg], alternatives: [], stanzas: '', etc: [], entries, bytes: 0 });
const scope = { binaries: ['libgfa-test'], alternatives: [], conffiles: [] };
const absent = () => Promise.resolve({ type: 'absent' as const });

describe('the layer archive, read with our reader', () => {
  test('symlink entries round-trip through the tar writer', async () => {
    const file = path.join(tmp, 'a.tar');
    await writeTar(file, [l('usr/lib/libgfa.so', 'libgfa.so.1'), l('usr/lib/long', `${'x/'.repeat(70)}y`)]);
    const seen: { name: string; linkname: string; type: string }[] = [];
    for await (const it of readTar(createReadStream(file) as AsyncIterable<Buffer>))
      if ('entry' in it) seen.push({ name: it.entry.name, linkname: it.entry.linkname, type: it.entry.type });
    expect(seen).toEqual([
      { name: 'usr/lib/libgfa.so', linkname: 'libgfa.so.1', type: 'symlink' },
      { name: 'usr/lib/long', linkname: `${'x/'.repeat(70)}y`, type: 'symlink' },
    ]);
  });

  test.each([
    ['an entry with ../', [f('usr/../etc/sudoers', 'x')], /not clean/],
    ['/etc/sudoers', [f('etc/sudoers', 'root ALL=(ALL) NOPASSWD: ALL')], /no package layer may write/],
    ['a link to /etc/shadow', [l('usr/lib/libgfa.so', '/etc/shadow')], /no package layer may point/],
    ['a setuid file', [f('usr/bin/gfa', '#!/bin/sh', 0o4755)], /setuid/],
    ['a file beneath a link of the layer', [l('usr/lib/gfa', '/usr/share'), f('usr/lib/gfa/x', 'x')], /beneath/],
  ])('%s is refused', async (_what, entries, re) => {
    const file = path.join(tmp, 'h.tar');
    await writeTar(file, entries);
    await expect(checkArchive(file, meta(entries.length), scope, absent)).rejects.toThrow(re);
  });

  test('a truncated archive is refused', async () => {
    const file = path.join(tmp, 't.tar');
    await writeTar(file, [f('usr/lib/a', 'a'.repeat(5000)), f('usr/lib/b', 'b'.repeat(5000))]);
    truncateSync(file, 3000);
    await expect(checkArchive(file, meta(2), scope, absent)).rejects.toThrow();
  });

  test('an /etc file layer.json claims that no .list of the layer names is refused; one a .list names is accepted', async () => {
    const file = path.join(tmp, 'e.tar');
    const etcMeta = { ...meta(1), etc: ['/etc/fonts/conf.d/10-x.conf'] };
    const etcScope = { ...scope, conffiles: ['/etc/fonts/conf.d/10-x.conf'] };
    await writeTar(file, [l('etc/fonts/conf.d/10-x.conf', '../conf.avail/10-x.conf')]);
    await expect(checkArchive(file, etcMeta, etcScope, absent)).rejects.toThrow(/no package of the layer lists it/);
    await writeTar(file, [
      l('etc/fonts/conf.d/10-x.conf', '../conf.avail/10-x.conf'),
      f('var/lib/dpkg/info/libgfa-test.list', '/.\n/etc/fonts/conf.d/10-x.conf\n'),
    ]);
    await expect(checkArchive(file, { ...etcMeta, entries: 2 }, etcScope, absent)).resolves.toHaveLength(2);
  });

  test('an entry count other than layer.json says is refused', async () => {
    const file = path.join(tmp, 'c.tar');
    await writeTar(file, [f('usr/lib/a', 'a')]);
    await expect(checkArchive(file, meta(2), scope, absent)).rejects.toThrow(/1 entries, layer.json says 2/);
  });

  test('a file that exists on the runner with other content is a conflict; the same content is not', async () => {
    const file = path.join(tmp, 'r.tar');
    await writeTar(file, [f('usr/lib/a', 'abc')]);
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    await expect(checkArchive(file, meta(1), scope, () => Promise.resolve({ type: 'file', sha256: sha('other') }))).rejects.toThrow(/other content/);
    await expect(checkArchive(file, meta(1), scope, () => Promise.resolve({ type: 'file', sha256: sha('abc') }))).resolves.toHaveLength(1);
  });
});

describe("dpkg's status, written under dpkg's locks (perl helper, real fcntl locks)", () => {
  let dpkg: string;
  beforeEach(() => {
    dpkg = path.join(tmp, 'dpkg');
    mkdirSync(path.join(dpkg, 'updates'), { recursive: true });
    writeFileSync(path.join(dpkg, 'status'), 'Package: a\nStatus: install ok installed\n');
    writeFileSync(path.join(tmp, 'old'), 'Package: a\nStatus: install ok installed\n');
    writeFileSync(path.join(tmp, 'new'), 'Package: a\nStatus: install ok installed\n\nPackage: b\nStatus: install ok installed\n');
  });
  const write = () => run(['perl', '-e', STATUS_WRITER, dpkg, path.join(tmp, 'old'), path.join(tmp, 'new')]);

  test('free: the new status replaces the old one, mode 0644, no status-new left', async () => {
    expect((await write()).code).toBe(0);
    expect(readFileSync(path.join(dpkg, 'status'), 'utf8')).toMatch(/Package: b/);
    expect(statSync(path.join(dpkg, 'status')).mode & 0o777).toBe(0o644);
    expect(() => statSync(path.join(dpkg, 'status-new'))).toThrow();
  });

  test('a lock held by another process (fcntl, as apt and dpkg hold it): refused, status untouched', async () => {
    writeFileSync(path.join(dpkg, 'lock-frontend'), '');
    // Another process takes the frontend lock the way apt does (a POSIX record lock, F_SETLK),
    // through Python's lockf (C's struct flock, not our packing of it).
    const holder: ChildProcess = spawn('python3', [
      '-c',
      'import fcntl, sys, time\nf = open(sys.argv[1], "r+")\nfcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\nprint("held", flush=True)\ntime.sleep(30)',
      path.join(dpkg, 'lock-frontend'),
    ]);
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout?.once('data', () => resolve());
        holder.once('exit', (c) => reject(new Error(`holder exited ${c}`)));
      });
      const r = await write();
      expect(r.code).toBe(75);
      expect(r.stderr).toMatch(/dpkg is busy \(lock-frontend/);
      expect(readFileSync(path.join(dpkg, 'status'), 'utf8')).not.toMatch(/Package: b/);
    } finally {
      holder.kill();
    }
  });

  test('a status changed since it was read: refused', async () => {
    writeFileSync(path.join(dpkg, 'status'), 'Package: a\nStatus: install ok installed\n\nPackage: c\nStatus: install ok installed\n');
    const r = await write();
    expect(r.code).toBe(77);
    expect(readFileSync(path.join(dpkg, 'status'), 'utf8')).toMatch(/Package: c/);
  });

  test("dpkg's journal not empty (an interrupted dpkg): refused", async () => {
    writeFileSync(path.join(dpkg, 'updates', '0001'), 'Package: a\n');
    expect((await write()).code).toBe(76);
  });
});

test('a hostile layer in a real local store falls back before anything is placed', async () => {
  const store = path.join(tmp, 'store');
  const dir = path.join(tmp, 'layer');
  ownRoot(tmp);
  mkdirSync(dir);
  const evil = [f('etc/sudoers.d/gfa', 'runner ALL=(ALL) NOPASSWD: ALL')];
  await writeTar(path.join(dir, 'files.tar'), evil);
  const stanza = `Package: ${pkg.name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0`;
  writeFileSync(path.join(dir, 'layer.json'), JSON.stringify({ ...meta(1), key: 'gfa-k', stanzas: stanza }));
  expect((await new LocalBackend(store, log).save([dir], 'gfa-k')).status).toBe('saved');
  rmSync(dir, { recursive: true });
  const calls: string[][] = [];
  const exec: Exec = (argv, o) => {
    calls.push(argv);
    return defaultExec(argv, o);
  };
  const r = await restoreLayer({ key: 'gfa-k', dir, backend: new LocalBackend(store, log), log, exec }, [pkg.name], [], 'amd64');
  expect(r).toMatchObject({ restored: false, why: expect.stringMatching(/\/etc\/sudoers.d\/gfa: a path no package layer may write/) as string });
  expect(calls.map((a) => a[0])).not.toContain('tar');
  expect(calls.map((a) => a[0])).not.toContain('perl');
});
