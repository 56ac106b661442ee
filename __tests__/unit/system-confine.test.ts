/**
 * The confinement home (src/system/confine.ts) against hostile trees made of real files, links,
 * FIFOs and folders: nothing is read from outside the root or from .git, and nothing is written
 * through a link or outside the write root.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, lstatSync, symlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfineError, owned, ownRoot, ReadRoot, readCapped, refSegments, WriteRoot } from '../../src/system/confine.js';

function tree(): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'confine-'));
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'assets'), { recursive: true });
  mkdirSync(join(root, '.git'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'assets', 'icon.png'), 'PNG');
  writeFileSync(join(root, '.git', 'config'), '[http] extraheader = AUTHORIZATION: basic CANARY-GIT');
  writeFileSync(join(outside, 'secret'), 'CANARY-OUTSIDE');
  symlinkSync('icon.png', join(root, 'assets', 'inside-link.png'));
  symlinkSync(join(outside, 'secret'), join(root, 'abs-out'));
  symlinkSync('../outside/secret', join(root, 'rel-out'));
  symlinkSync('.git/config', join(root, 'git-link'));
  symlinkSync('../.git/config', join(root, 'assets', 'guide.md'));
  symlinkSync('/proc/self/environ', join(root, 'environ'));
  symlinkSync('missing', join(root, 'dangling'));
  symlinkSync('loop-b', join(root, 'loop-a'));
  symlinkSync('loop-a', join(root, 'loop-b'));
  symlinkSync(outside, join(root, 'outdir'));
  execFileSync('mkfifo', [join(root, 'fifo')]);
  return { root, outside };
}

describe('ReadRoot', () => {
  const { root, outside } = tree();
  let r: ReadRoot;
  beforeAll(async () => {
    r = await ReadRoot.open(root, 'the repository');
  });

  it('reads a file and a link that stays inside', async () => {
    expect((await r.read('assets/icon.png', 'Icon')).toString()).toBe('PNG');
    expect((await r.read('assets/inside-link.png', 'Icon')).toString()).toBe('PNG');
    expect((await r.read('./assets//icon.png', 'Icon')).toString()).toBe('PNG');
  });

  it.each([
    ['/proc/self/environ', /absolute path/],
    ['/etc/passwd', /absolute path/],
    ['../outside/secret', /climbs out of its folder with \.\./],
    ['assets/../../outside/secret', /climbs out/],
    ['assets\\..\\..\\outside\\secret', /climbs out/],
    ['.git/config', /version-control folder \.git/],
    ['assets/.GIT/config', /version-control folder/],
    ['abs-out', /link that leads outside the repository/],
    ['rel-out', /link that leads outside/],
    ['outdir/secret', /link that leads outside/],
    ['git-link', /into a version-control folder/],
    ['assets/guide.md', /into a version-control folder/],
    ['environ', /link that leads outside/],
    ['fifo', /not a regular file/],
    ['assets', /not a regular file/],
    ['loop-a', /loop of links/],
    ['a\0b', /NUL byte/],
    ['', /is empty/],
  ])('refuses %j with one line', async (ref, why) => {
    const err = await r.read(ref, 'FyneApp.toml Icon').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfineError);
    const msg = (err as Error).message;
    expect(msg).toMatch(why);
    expect(msg).toMatch(/^FyneApp\.toml Icon: /);
    expect(msg.split('\n')).toHaveLength(1);
    expect(msg).not.toMatch(/CANARY/);
  });

  it('says missing for a dangling link or an absent file, and hasFile is false', async () => {
    await expect(r.read('dangling', 'x')).rejects.toMatchObject({ reason: 'missing' });
    await expect(r.read('nope.png', 'x')).rejects.toMatchObject({ reason: 'missing' });
    expect(await r.hasFile('nope.png')).toBe(false);
    expect(await r.hasFile('abs-out')).toBe(false);
    expect(await r.hasFile('assets/icon.png')).toBe(true);
  });

  it('accepts an absolute path only when allowed and inside the root', async () => {
    expect((await r.read(join(root, 'assets', 'icon.png'), 'x', { allowAbsolute: true })).toString()).toBe('PNG');
    await expect(r.read(join(outside, 'secret'), 'x', { allowAbsolute: true })).rejects.toThrow(/is outside the repository/);
    await expect(r.read(join(root, '.git', 'config'), 'x', { allowAbsolute: true })).rejects.toThrow(/version-control/);
  });

  it('caps the size', async () => {
    await expect(r.read('assets/icon.png', 'Icon', { maxBytes: 2 })).rejects.toThrow(/3 bytes, over the 2-byte limit/);
    await expect(readCapped(join(root, 'environ'), 'x', 100)).rejects.toThrow(/is a link/);
  });

  it('splits references as pure data', () => {
    expect(refSegments('a/./b//c')).toEqual({ segs: ['a', 'b', 'c'] });
    expect(refSegments('a/../b')).toEqual({ problem: 'climbs out of its folder with ..' });
    expect(refSegments('x/.hg/y')).toEqual({ problem: 'is inside the version-control folder .hg' });
  });
});

describe('WriteRoot', () => {
  function setup() {
    const { root, outside } = tree();
    const out = join(root, 'dist');
    return { root, outside, out };
  }

  it('writes by temp file and rename; a link already at the name is replaced, never followed', async () => {
    const { outside, out } = setup();
    const w = await WriteRoot.create(out, 'output-dir');
    symlinkSync(join(outside, 'secret'), join(out, 'app.zip'));
    await w.write('app.zip', 'ZIP', { mode: 0o755 });
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('CANARY-OUTSIDE');
    expect(lstatSync(join(out, 'app.zip')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(out, 'app.zip'), 'utf8')).toBe('ZIP');
    expect(lstatSync(join(out, 'app.zip')).mode & 0o777).toBe(0o755);
    expect(readdirSync(out)).toEqual(['app.zip']); // no temp file left
  });

  it('refuses a parent that is a link, and never writes through it', async () => {
    const { outside, out } = setup();
    const w = await WriteRoot.create(out, 'output-dir');
    symlinkSync(outside, join(out, 'sub'));
    await expect(w.write('sub/pwn', 'x')).rejects.toThrow(/output-dir: sub is a link where a folder is needed/);
    expect(existsSync(join(outside, 'pwn'))).toBe(false);
    await expect(w.chmod('sub/secret', 0o777)).rejects.toThrow(/not a real folder/);
    await expect(w.remove('sub/secret')).rejects.toThrow(/not a real folder/);
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('CANARY-OUTSIDE');
  });

  it('refuses to chmod a link, and remove takes the link, not its target', async () => {
    const { outside, out } = setup();
    const w = await WriteRoot.create(out, 'output-dir');
    symlinkSync(join(outside, 'secret'), join(out, 'bin'));
    await expect(w.chmod('bin', 0o755)).rejects.toThrow(/is a link/);
    expect(lstatSync(join(outside, 'secret')).mode & 0o777).not.toBe(0o755);
    symlinkSync(outside, join(out, 'Hello.app'));
    await w.remove('Hello.app');
    expect(existsSync(join(out, 'Hello.app'))).toBe(false);
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('CANARY-OUTSIDE');
  });

  it('exclusive create refuses an existing name (file or link)', async () => {
    const { out } = setup();
    const w = await WriteRoot.create(out, 'output-dir');
    await w.write('a', '1', { exclusive: true });
    await expect(w.write('a', '2', { exclusive: true })).rejects.toThrow(/output-dir: a already exists; refusing to replace it/);
    symlinkSync('/nonexistent', join(out, 'b'));
    await expect(w.write('b', '2', { exclusive: true })).rejects.toThrow(/already exists/);
    expect(readFileSync(join(out, 'a'), 'utf8')).toBe('1');
    expect(readlinkSync(join(out, 'b'))).toBe('/nonexistent');
  });

  it.each(['../x', '/etc/x', 'a/../../x', '.git/hooks/pre-commit', 'a\\..\\..\\x', ''])('refuses the name %j', async (rel) => {
    const { out } = setup();
    const w = await WriteRoot.create(out, 'output-dir');
    await expect(w.write(rel, 'x')).rejects.toBeInstanceOf(ConfineError);
  });

  it('refuses a root that is a link, and a non-empty root when it must be empty', async () => {
    const { root, outside } = setup();
    symlinkSync(outside, join(root, 'linked'));
    await expect(WriteRoot.create(join(root, 'linked'), 'output-dir')).rejects.toThrow(/is a link; give a new or empty folder/);
    await expect(WriteRoot.create(join(root, 'assets'), 'output-dir', { requireEmpty: true })).rejects.toThrow(/already holds files/);
    await expect(WriteRoot.create(join(root, 'assets', 'icon.png'), 'output-dir')).rejects.toThrow(/is not a folder/);
  });

  it('copies a regular file, refusing a link as the source', async () => {
    const { root, out } = setup();
    const w = await WriteRoot.create(out, 'output-dir');
    await w.copyFrom(join(root, 'assets', 'icon.png'), 'icons/icon.png');
    expect(readFileSync(join(out, 'icons', 'icon.png'), 'utf8')).toBe('PNG');
    await expect(w.copyFrom(join(root, 'abs-out'), 'x')).rejects.toThrow();
    expect(existsSync(join(out, 'x'))).toBe(false);
  });
});

describe('owned places', () => {
  it('accepts a path under a registered root and refuses any other', () => {
    const dir = mkdtempSync(join(tmpdir(), 'owned-'));
    ownRoot(dir);
    expect(owned(join(dir, 'a', 'b'))).toBe(join(dir, 'a', 'b'));
    expect(() => owned('/etc/passwd')).toThrow(/not under a folder this action owns/);
    expect(() => owned(join(dir, '..', 'elsewhere-not-owned-' + String(process.pid)))).not.toThrow(); // tmpdir itself is owned
  });
});
