/** The system-packages layer, pure parts: dpkg state diff, key, entry checks, status stanzas, conflicts. Hostile inputs first. */
import {
  alternativeLinks,
  checkStanzas,
  diffStates,
  entryProblem,
  entryUnderLink,
  fileConflict,
  imageId,
  layerKey,
  mergeStatus,
  packageConflicts,
  parseDpkgAnyState,
  parseDpkgState,
  type DpkgPackage,
  type LayerEntry,
  type LayerScope,
} from '../../src/deps/snapshot.js';

const xrandr: DpkgPackage = { binary: 'libxrandr-dev', name: 'libxrandr-dev', arch: 'amd64', version: '2:1.5.2-2+b1' };
const xrandr2: DpkgPackage = { binary: 'libxrandr2:amd64', name: 'libxrandr2', arch: 'amd64', version: '2:1.5.2-2+b1' };
const scope: LayerScope = { binaries: ['libxrandr-dev', 'libxrandr2:amd64'], alternatives: ['x-cursor-theme'], conffiles: ['/etc/X11/Xresources/x11-common'] };
const file = (name: string, mode = 0o644): LayerEntry => ({ name, type: 'file', mode, linkname: '' });
const link = (name: string, linkname: string): LayerEntry => ({ name, type: 'symlink', mode: 0o777, linkname });
const dir = (name: string): LayerEntry => ({ name, type: 'dir', mode: 0o755, linkname: '' });
/** What a hostile archive may carry beyond LayerEntry's types. */
const odd = (name: string, type: string, linkname = ''): LayerEntry => ({ name, type, mode: 0o644, linkname }) as unknown as LayerEntry;

const stanza = (p: DpkgPackage, extra = '') =>
  `Package: ${p.name}\nStatus: install ok installed\nPriority: optional\nArchitecture: ${p.arch}\nVersion: ${p.version}\nDescription: X\n more text${extra}`;

describe('hostile layer entries are refused', () => {
  test.each([
    ['a ../ climb', file('usr/lib/../../etc/sudoers'), /not clean/],
    ['an absolute name', file('/etc/shadow'), /bad path/],
    ['/etc/sudoers', file('etc/sudoers'), /no package layer may write/],
    ['/etc/sudoers.d/x even if declared', file('etc/sudoers.d/x'), /no package layer may write/],
    ['/etc/ld.so.preload', file('etc/ld.so.preload'), /no package layer may write/],
    ['a file outside the prefixes', file('var/spool/cron/root'), /outside the places/],
    ['/usr/local', file('usr/local/bin/go'), /no package layer may write/],
    ['a link to /etc/shadow', link('usr/lib/x86_64-linux-gnu/libX.so', '/etc/shadow'), /no package layer may point/],
    ['a relative link climbing to /etc/shadow', link('usr/lib/libX.so', '../../etc/shadow'), /no package layer may point|outside \/usr/],
    ['a relative link climbing past /', link('usr/lib/libX.so', '../../../../../tmp/x'), /climbs past/],
    ['a link to /tmp', link('usr/bin/tool', '/tmp/evil'), /outside \/usr/],
    ['a setuid file', file('usr/bin/tool', 0o4755), /setuid/],
    ['a setgid file', file('usr/bin/tool', 0o2755), /setuid or setgid/],
    ['a world-writable file', file('usr/lib/x.so', 0o666), /writable by anyone/],
    ['a hard link', odd('usr/bin/x', 'hardlink', 'etc/shadow'), /hard link/],
    ['a device file', odd('usr/dev0', 'chardev'), /not a file/],
    ['an info file of another package', file('var/lib/dpkg/info/sudo.postinst'), /not an info file/],
    ['an info file with an odd extension', file('var/lib/dpkg/info/libxrandr-dev.evil'), /not an info file/],
    ['the status file itself', file('var/lib/dpkg/status'), /outside the places/],
    ['a file in /etc/alternatives', file('etc/alternatives/x-cursor-theme'), /only links/],
    ['a link of an alternative the layer does not record', link('etc/alternatives/editor', '/usr/bin/vim'), /only links/],
  ])('%s', (_what, e, re) => {
    expect(entryProblem(e, scope)).toMatch(re);
  });

  test.each([
    ['a library', file('usr/lib/x86_64-linux-gnu/libXrandr.so.2.2.0')],
    ['its relative .so link', link('usr/lib/x86_64-linux-gnu/libXrandr.so', 'libXrandr.so.2.2.0')],
    ['a link through merged /usr', link('usr/lib/x86_64-linux-gnu/libGL.so', '/lib/x86_64-linux-gnu/libGL.so.1')],
    ['an alternatives link', link('etc/alternatives/x-cursor-theme', '/usr/share/icons/Adwaita/cursor.theme')],
    ['the master link to it', link('usr/share/icons/default/index.theme', '/etc/alternatives/x-cursor-theme')],
    ['an info file (Multi-Arch: same)', file('var/lib/dpkg/info/libxrandr2:amd64.list')],
    ['an admin file of a recorded alternative', file('var/lib/dpkg/alternatives/x-cursor-theme')],
    ['a declared conffile', file('etc/X11/Xresources/x11-common')],
    ['the folders to a declared conffile', dir('etc/X11/Xresources')],
    ['a folder on the way to a prefix', dir('usr')],
  ])('accepted: %s', (_what, e) => {
    expect(entryProblem(e, scope)).toBeUndefined();
  });
});

describe('dpkg states', () => {
  const before = parseDpkgState('libc6:amd64\tlibc6\tamd64\t2.36-9\tii \nxorg-dev\txorg-dev\tall\t1:7.7+23\tun \n');
  test('parse keeps installed packages only, by name:arch', () => {
    expect([...before.keys()]).toEqual(['libc6:amd64']);
    expect(before.get('libc6:amd64')?.binary).toBe('libc6:amd64');
  });
  test('diff: what apt-get added, sorted', () => {
    const after = parseDpkgState(
      'libc6:amd64\tlibc6\tamd64\t2.36-9\tii \nlibxrandr2:amd64\tlibxrandr2\tamd64\t2:1.5.2-2+b1\tii \nlibxrandr-dev\tlibxrandr-dev\tamd64\t2:1.5.2-2+b1\tii \n',
    );
    expect(diffStates(before, after)).toEqual({ added: [xrandr, xrandr2] });
  });
  test('diff: an upgrade during the install is recorded with the version it replaces', () => {
    const after = parseDpkgState('libc6:amd64\tlibc6\tamd64\t2.36-9+deb12u9\tii \n');
    expect(diffStates(before, after)).toEqual({
      added: [{ binary: 'libc6:amd64', name: 'libc6', arch: 'amd64', version: '2.36-9+deb12u9', replaces: '2.36-9' }],
    });
  });
  test('an upgrade restores only over exactly the version it replaces', () => {
    const up: DpkgPackage = { binary: 'libc6:amd64', name: 'libc6', arch: 'amd64', version: '2.36-9+deb12u9', replaces: '2.36-9' };
    const on = (v: string) => parseDpkgAnyState(`libc6:amd64\tlibc6\tamd64\t${v}\tii \n`);
    expect(packageConflicts([up], on('2.36-9'))).toEqual([]);
    expect(packageConflicts([up], on('2.36-8'))).toEqual(['libc6:amd64 2.36-8 is installed, the layer holds 2.36-9+deb12u9 (upgrading 2.36-9)']);
    expect(packageConflicts([up], on('2.36-9+deb12u9'))).toEqual(['libc6:amd64 2.36-9+deb12u9 is installed already']);
    expect(packageConflicts([up], new Map())).toEqual(['libc6:amd64 is not installed, the layer upgrades it from 2.36-9']);
    const st = (v: string) => `Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${v}`;
    const merged = mergeStatus(st('2.36-9'), checkStanzas(st('2.36-9+deb12u9'), [up]), new Map([['libc6:amd64', '2.36-9']]));
    expect(merged).toBe(`${st('2.36-9+deb12u9')}\n`);
    expect(() => mergeStatus(st('2.36-8'), checkStanzas(st('2.36-9+deb12u9'), [up]), new Map([['libc6:amd64', '2.36-9']]))).toThrow(/already has libc6/);
  });
  test('diff: a removal refuses the layer', () => {
    expect(diffStates(before, new Map())).toEqual({ refused: expect.stringMatching(/removed libc6/) as string });
  });
  test('a package already installed in another version is a conflict; rc too; the same version is not', () => {
    const runner = parseDpkgAnyState(
      'libxrandr2:amd64\tlibxrandr2\tamd64\t2:1.5.2-2\tii \nlibxrandr-dev\tlibxrandr-dev\tamd64\t2:1.5.2-2+b1\trc \nlibc6:amd64\tlibc6\tamd64\t2.36-9\tii \n',
    );
    expect(packageConflicts([xrandr, xrandr2], runner)).toEqual([
      'libxrandr-dev:amd64 is rc on this runner',
      'libxrandr2:amd64 2:1.5.2-2 is installed, the layer holds 2:1.5.2-2+b1',
    ]);
    expect(packageConflicts([{ ...xrandr2, version: '2:1.5.2-2' }], runner)).toEqual(['libxrandr2:amd64 2:1.5.2-2 is installed already']);
    expect(packageConflicts([{ ...xrandr2, name: 'libxfoo', binary: 'libxfoo' }], runner)).toEqual([]);
  });
});

describe('status stanzas', () => {
  test('a stanza that injects a second package is refused', () => {
    const evil = `${stanza(xrandr)}\n\nPackage: sudo\nStatus: install ok installed\nArchitecture: amd64\nVersion: 99`;
    expect(() => checkStanzas(evil, [xrandr])).toThrow(/sudo:amd64, which the layer does not list/);
  });
  test('a continuation line smuggling a field stays inside its field; a bare line is refused', () => {
    expect(() => checkStanzas(`${stanza(xrandr)}\nnot a field`, [xrandr])).toThrow(/not a field/);
  });
  test('a duplicated field is refused', () => {
    expect(() => checkStanzas(`${stanza(xrandr)}\nStatus: install ok installed`, [xrandr])).toThrow(/twice/);
  });
  test('a stanza in another state, or version, or a missing stanza, is refused', () => {
    expect(() => checkStanzas(stanza(xrandr).replace('install ok installed', 'install ok half-configured'), [xrandr])).toThrow(/half-configured/);
    expect(() => checkStanzas(stanza({ ...xrandr, version: '9' }), [xrandr])).toThrow(/version 9/);
    expect(() => checkStanzas(stanza(xrandr), [xrandr, xrandr2])).toThrow(/no status stanza for libxrandr2:amd64/);
    expect(() => checkStanzas(`${stanza(xrandr)}\n\n${stanza(xrandr)}`, [xrandr])).toThrow(/two status stanzas/);
  });
  test('conffiles are read from the stanza', () => {
    const [s] = checkStanzas(stanza(xrandr, '\nConffiles:\n /etc/X11/Xresources/x11-common 0123abcd'), [xrandr]);
    expect(s.conffiles).toEqual(['/etc/X11/Xresources/x11-common']);
  });
  test('merge appends; a not-installed stanza is replaced; an installed or rc one is a conflict', () => {
    const current = `${stanza({ ...xrandr2, name: 'libc6', version: '2.36-9' })}\n\nPackage: libxrandr-dev\nStatus: purge ok not-installed\nArchitecture: amd64\n`;
    const merged = mergeStatus(current, checkStanzas(stanza(xrandr), [xrandr]));
    expect(merged.match(/^Package: /gm)).toHaveLength(2);
    expect(merged).toMatch(/Package: libxrandr-dev\nStatus: install ok installed/);
    expect(merged.endsWith('\n') && !merged.endsWith('\n\n')).toBe(true);
    expect(() => mergeStatus(stanza(xrandr), checkStanzas(stanza(xrandr), [xrandr]))).toThrow(/already has libxrandr-dev:amd64/);
    const rc = stanza(xrandr).replace('install ok installed', 'deinstall ok config-files');
    expect(() => mergeStatus(rc, checkStanzas(stanza(xrandr), [xrandr]))).toThrow(/config-files/);
  });
});

describe('file conflicts', () => {
  const f = { ...file('usr/lib/libX.so.1'), sha256: 'aa' };
  test.each([
    [{ type: 'absent' } as const, undefined],
    [{ type: 'file', sha256: 'aa' } as const, undefined],
    [{ type: 'file', sha256: 'bb' } as const, /other content/],
    [{ type: 'dir' } as const, /exists as a dir/],
    [{ type: 'symlink', target: 'x' } as const, /exists as a symlink/],
  ])('a file over %j', (there, re) => {
    const r = fileConflict(f, there);
    if (re) expect(r).toMatch(re);
    else expect(r).toBeUndefined();
  });
  test('links and folders', () => {
    expect(fileConflict(link('usr/lib/libX.so', 'libX.so.1'), { type: 'symlink', target: 'libX.so.1' })).toBeUndefined();
    expect(fileConflict(link('usr/lib/libX.so', 'libX.so.1'), { type: 'symlink', target: '/etc/shadow' })).toMatch(/links to \/etc\/shadow/);
    expect(fileConflict(dir('usr/lib'), { type: 'dir' })).toBeUndefined();
    expect(fileConflict(dir('usr/lib'), { type: 'file', sha256: '' })).toMatch(/not a folder/);
  });
});

describe('key', () => {
  test('GitHub image, else os-release; dpkg architectures; the plan in any order', () => {
    const gh = imageId({ env: { ImageOS: 'ubuntu24', ImageVersion: '20260101.1' }, osRelease: 'ID=ubuntu\nVERSION_ID="24.04"\n', arch: 'amd64', foreign: [] });
    expect(gh).toBe('ubuntu24_20260101.1-amd64');
    const local = imageId({ env: {}, osRelease: 'ID=debian\nVERSION_ID="12"\n', arch: 'amd64', foreign: ['i386', 'arm64'] });
    expect(local).toBe('debian12-amd64-arm64+i386');
    expect(layerKey('gfa', local, ['b', 'a'])).toBe(layerKey('gfa', local, ['a', 'b', 'a']));
    expect(layerKey('gfa', local, ['a'])).not.toBe(layerKey('gfa', local, ['a', 'b']));
    expect(layerKey('gfa', local, ['a'])).toMatch(/^gfa-syspkg-v1-debian12-amd64-arm64\+i386-[0-9a-f]{16}$/);
    expect(imageId({ env: { ImageOS: 'a,b c' }, osRelease: 'ID=x y', arch: 'amd64', foreign: [] })).not.toMatch(/[ ,]/);
  });
});

test('alternatives admin file: master and slave links', () => {
  expect(alternativeLinks('auto\n/usr/bin/x-www\nx-www.1.gz\n/usr/share/man/man1/x-www.1.gz\n\n/usr/bin/a\n10\n')).toEqual([
    { name: '', link: '/usr/bin/x-www' },
    { name: 'x-www.1.gz', link: '/usr/share/man/man1/x-www.1.gz' },
  ]);
  expect(alternativeLinks('garbage')).toEqual([]);
});

test('an entry beneath a link of the layer is refused (the link would carry the write elsewhere)', () => {
  expect(entryUnderLink([link('usr/lib/evil', '/etc/alternatives'), file('usr/lib/evil/x')])).toMatch(/beneath \/usr\/lib\/evil/);
  expect(entryUnderLink([link('usr/lib/libX.so', 'libX.so.1'), file('usr/lib/libX.so.1')])).toBeUndefined();
});
