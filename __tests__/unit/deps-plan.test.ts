/** The pure plan of system packages (src/deps/plan.ts): packages per target and host, apt source rewrites, messages. */
import {
  aptInstallCommand,
  describePackages,
  foreignArchCommands,
  missingPackages,
  parseOsRelease,
  planDeps,
  planPackages,
  restrictDeb822,
  restrictOneLine,
  ubuntuForeignSource,
} from '../../src/deps/plan.js';
import { planBuilds, type BuildInputs, type ProjectInfo } from '../../src/compile/plan.js';
import { buildInputs, targetsOf } from '../helpers/build-inputs.js';

const FYNE: ProjectInfo = { workDir: '/w', packageDir: '/w', modulePath: 'example.com/app', fyneVersion: 'v2.7.1' };
const PURE: ProjectInfo = { ...FYNE, fyneVersion: 'none' };
function plans(ids: string[], project = FYNE, host = { os: 'linux', arch: 'amd64' }, over: Partial<BuildInputs> = {}) {
  const inputs = buildInputs({ targets: targetsOf(...ids), outputDir: '/w/dist', ...over });
  return planBuilds(inputs, project, { host, env: {}, scratchDir: '/tmp/s' }).plans;
}

describe('planDeps', () => {
  test('Fyne 2.8 (Wayland or X11 at run time) also needs the Wayland headers, native and cross, and pkg-config for the cross target too; 2.7 does not', () => {
    const FYNE28: ProjectInfo = { ...FYNE, fyneVersion: 'v2.8.1' };
    const ids = ['linux/amd64', 'linux/arm64', 'windows/amd64'];
    const d = planDeps(plans(ids, FYNE28), { os: 'linux', arch: 'amd64' }, true, 'v2.8.1');
    expect(d.packages).toEqual([
      'gcc',
      'libc6-dev',
      'pkg-config',
      'libgl-dev',
      'libx11-dev',
      'libxcursor-dev',
      'libxrandr-dev',
      'libxinerama-dev',
      'libxi-dev',
      'libxxf86vm-dev',
      'libwayland-dev',
      'libxkbcommon-dev',
      'gcc-aarch64-linux-gnu',
      'libc6-dev:arm64',
      'libgl-dev:arm64',
      'libx11-dev:arm64',
      'libxcursor-dev:arm64',
      'libxrandr-dev:arm64',
      'libxinerama-dev:arm64',
      'libxi-dev:arm64',
      'libxxf86vm-dev:arm64',
      'libwayland-dev:arm64',
      'libxkbcommon-dev:arm64',
      'gcc-mingw-w64-x86-64',
    ]);
    expect(d.reasons['libwayland-dev']).toEqual(['linux/amd64']);
    expect(d.reasons['pkg-config']).toEqual(['linux/amd64', 'linux/arm64']);
    for (const v of ['v2.7.1', 'v2.6.0', 'none']) {
      const older = planDeps(plans(ids), { os: 'linux', arch: 'amd64' }, true, v);
      expect(older.packages.filter((p) => /wayland|xkbcommon/.test(p))).toEqual([]);
      expect(older.reasons['pkg-config']).toEqual(['linux/amd64']); // go-gl/gl's pkg-config: gl, for every Fyne
    }
    expect(planDeps(plans(ids, FYNE28), { os: 'linux', arch: 'amd64' }, true, '(devel)').packages).toContain('libwayland-dev'); // a replace to a folder: assume current
  });
  test('Fyne on linux/amd64 for linux/amd64, linux/arm64 and windows/amd64', () => {
    const d = planDeps(plans(['linux/amd64', 'linux/arm64', 'windows/amd64']), { os: 'linux', arch: 'amd64' }, true);
    expect(d.system).toBe('apt');
    expect(d.foreignArchs).toEqual(['arm64']);
    expect(d.packages).toEqual([
      'gcc',
      'libc6-dev',
      'pkg-config',
      'libgl-dev',
      'libx11-dev',
      'libxcursor-dev',
      'libxrandr-dev',
      'libxinerama-dev',
      'libxi-dev',
      'libxxf86vm-dev',
      'gcc-aarch64-linux-gnu',
      'libc6-dev:arm64',
      'libgl-dev:arm64',
      'libx11-dev:arm64',
      'libxcursor-dev:arm64',
      'libxrandr-dev:arm64',
      'libxinerama-dev:arm64',
      'libxi-dev:arm64',
      'libxxf86vm-dev:arm64',
      'gcc-mingw-w64-x86-64',
    ]);
    expect(d.reasons['gcc-mingw-w64-x86-64']).toEqual(['windows/amd64']);
    expect(d.reasons['libgl-dev']).toEqual(['linux/amd64']);
  });
  test('on an arm64 Linux host the roles swap', () => {
    const d = planDeps(plans(['linux/amd64', 'linux/arm64'], FYNE, { os: 'linux', arch: 'arm64' }), { os: 'linux', arch: 'arm64' }, true);
    expect(d.hostArch).toBe('arm64');
    expect(d.foreignArchs).toEqual(['amd64']);
    expect(d.packages).toContain('gcc-x86-64-linux-gnu');
    expect(d.packages).toContain('libx11-dev:amd64');
    expect(d.packages).toContain('libx11-dev');
  });
  test("the Fyne sets are what the cgo directives link, no metapackage: pkg-config + one -dev per library GLFW/go-gl ask for (xorg-dev's 192 packages were 93 in a fresh bookworm root)", () => {
    // go-gl/gl v2.1: `#cgo linux pkg-config: gl`; go-gl/glfw v3.3: `#cgo linux LDFLAGS: -lGL -lX11 -lXrandr -lXxf86vm -lXi -lXcursor -lm -lXinerama`.
    const linked = {
      gl: 'libgl-dev',
      X11: 'libx11-dev',
      Xrandr: 'libxrandr-dev',
      Xxf86vm: 'libxxf86vm-dev',
      Xi: 'libxi-dev',
      Xcursor: 'libxcursor-dev',
      Xinerama: 'libxinerama-dev',
    };
    const d = planDeps(plans(['linux/amd64']), { os: 'linux', arch: 'amd64' }, true, 'v2.7.1');
    expect([...d.packages].sort()).toEqual(['gcc', 'libc6-dev', 'pkg-config', ...Object.values(linked)].sort());
    expect(d.packages.filter((p) => /xorg-dev|mesa/.test(p))).toEqual([]);
    const cross = planDeps(plans(['linux/arm64']), { os: 'linux', arch: 'amd64' }, true, 'v2.7.1');
    expect(cross.packages.filter((p) => p.endsWith(':arm64') && p !== 'libc6-dev:arm64').sort()).toEqual(
      Object.values(linked)
        .map((p) => `${p}:arm64`)
        .sort(),
    );
  });
  test('pure Go needs nothing; a user cc brings its own toolchain (must be on PATH)', () => {
    expect(planDeps(plans(['linux/amd64', 'windows/amd64'], PURE), { os: 'linux', arch: 'amd64' }, false).packages).toEqual([]);
    const d = planDeps(
      plans(['linux/arm64'], FYNE, undefined, { cc: { 'linux/arm64': 'zig cc -target aarch64-linux-gnu' } }),
      { os: 'linux', arch: 'amd64' },
      true,
    );
    expect(d.packages).toEqual([]);
    expect(Object.keys(d.commands)).toEqual(['zig']);
  });
  test('macOS needs Xcode CLT; Windows needs gcc on PATH', () => {
    const mac = planDeps(plans(['darwin/amd64', 'darwin/arm64'], FYNE, { os: 'darwin', arch: 'arm64' }), { os: 'darwin', arch: 'arm64' }, true);
    expect(mac).toMatchObject({ system: 'macos', xcode: true, packages: [] });
    const win = planDeps(plans(['windows/amd64'], FYNE, { os: 'windows', arch: 'amd64' }), { os: 'windows', arch: 'amd64' }, true);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- jest's asymmetric matchers are typed any
    expect(win).toMatchObject({ system: 'windows', xcode: false, commands: { gcc: expect.stringContaining('MinGW') } });
  });
});

describe('apt sources for a foreign architecture on Ubuntu', () => {
  const noble = `Types: deb
URIs: http://azure.archive.ubuntu.com/ubuntu/
Suites: noble noble-updates noble-backports
Components: main universe restricted multiverse
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg

Types: deb
URIs: http://security.ubuntu.com/ubuntu
Suites: noble-security
Components: main universe restricted multiverse
Architectures: amd64

Types: deb
URIs: https://packages.microsoft.com/ubuntu/24.04/prod
Suites: noble
Components: main
`;
  test('deb822: Ubuntu archive stanzas get Architectures: <host>, others stay', () => {
    const out = restrictDeb822(noble, 'amd64');
    expect(out).toContain('URIs: http://azure.archive.ubuntu.com/ubuntu/\nArchitectures: amd64\nSuites: noble');
    expect(out.match(/Architectures:/g)).toHaveLength(2);
    expect(out).toContain('URIs: https://packages.microsoft.com/ubuntu/24.04/prod\nSuites: noble');
    expect(restrictDeb822(out, 'amd64')).toBe(out);
  });
  test('one-line sources.list', () => {
    const text =
      'deb http://archive.ubuntu.com/ubuntu jammy main\ndeb [signed-by=/k.gpg] http://security.ubuntu.com/ubuntu jammy-security main\n# deb http://archive.ubuntu.com/ubuntu x\ndeb [arch=amd64,arm64] http://ppa.launchpad.net/x/ubuntu jammy main\ndeb http://deb.debian.org/debian bookworm main';
    expect(restrictOneLine(text, 'amd64')).toBe(
      'deb [arch=amd64] http://archive.ubuntu.com/ubuntu jammy main\ndeb [arch=amd64 signed-by=/k.gpg] http://security.ubuntu.com/ubuntu jammy-security main\n# deb http://archive.ubuntu.com/ubuntu x\ndeb [arch=amd64,arm64] http://ppa.launchpad.net/x/ubuntu jammy main\ndeb http://deb.debian.org/debian bookworm main',
    );
  });
  test('GitHub runner images: mirror+file: sources are Ubuntu mirrors', () => {
    expect(restrictOneLine('deb mirror+file:/etc/apt/apt-mirrors.txt jammy main restricted', 'amd64')).toBe(
      'deb [arch=amd64] mirror+file:/etc/apt/apt-mirrors.txt jammy main restricted',
    );
    expect(restrictDeb822('Types: deb\nURIs: mirror+file:/etc/apt/apt-mirrors.txt\nSuites: noble\n', 'amd64')).toBe(
      'Types: deb\nURIs: mirror+file:/etc/apt/apt-mirrors.txt\nArchitectures: amd64\nSuites: noble\n',
    );
  });
  test('ports.ubuntu.com for arm64, archive.ubuntu.com for amd64', () => {
    expect(ubuntuForeignSource('noble', 'arm64')).toContain(
      'URIs: http://ports.ubuntu.com/ubuntu-ports\nSuites: noble noble-updates noble-backports noble-security',
    );
    expect(ubuntuForeignSource('jammy', 'amd64')).toContain('URIs: http://archive.ubuntu.com/ubuntu\n');
  });
  test('os-release', () => {
    expect(parseOsRelease('ID=ubuntu\nID_LIKE=debian\nVERSION_CODENAME=noble\n')).toEqual({ id: 'ubuntu', idLike: ['debian'], codename: 'noble' });
    expect(parseOsRelease('ID="debian"\nVERSION_CODENAME=bookworm')).toEqual({ id: 'debian', idLike: [], codename: 'bookworm' });
  });
});

test('missingPackages reads dpkg-query output (native, arch all, foreign, half-installed)', () => {
  const out = 'gcc amd64 ii \nxorg-dev all ii \nlibx11-dev arm64 ii \nlibgl1-mesa-dev amd64 rc \n';
  expect(missingPackages(['gcc', 'xorg-dev', 'libx11-dev', 'libx11-dev:arm64', 'libgl1-mesa-dev', 'libxi-dev:arm64'], out, 'amd64')).toEqual([
    'libx11-dev',
    'libgl1-mesa-dev',
    'libxi-dev:arm64',
  ]);
});

test('what each package is for, said before installing; the one command to run as root', () => {
  const d = planDeps(plans(['linux/amd64', 'windows/amd64']), { os: 'linux', arch: 'amd64' }, true);
  expect(describePackages(d, ['gcc', 'libx11-dev', 'gcc-mingw-w64-x86-64'])).toBe(
    'gcc (C compiler for cgo; for linux/amd64), libx11-dev (X11/OpenGL headers that Fyne (GLFW) compiles against; for linux/amd64), gcc-mingw-w64-x86-64 (C cross compiler for cgo; for windows/amd64)',
  );
  expect(aptInstallCommand(d, ['gcc', 'xorg-dev'])).toBe('apt-get update && apt-get install -y --no-install-recommends gcc xorg-dev');
  expect(aptInstallCommand({ foreignArchs: ['arm64'] }, ['libc6-dev:arm64'], 'sudo ')).toBe(
    'sudo dpkg --add-architecture arm64 && sudo apt-get update && sudo apt-get install -y --no-install-recommends libc6-dev:arm64',
  );
  const tools = planPackages(
    [
      { pkg: 'xvfb', role: 'xvfb-run', for: 'the window test' },
      { pkg: 'x11-utils', role: 'xwininfo', for: 'the window test' },
      { pkg: 'xvfb', role: 'xvfb-run', for: 'another test' },
    ],
    { os: 'linux', arch: 'amd64' },
  );
  expect(tools).toMatchObject({ system: 'apt', hostArch: 'amd64', packages: ['xvfb', 'x11-utils'], reasons: { xvfb: ['the window test', 'another test'] } });
  expect(describePackages(tools, ['xvfb'])).toBe('xvfb (xvfb-run; for the window test, another test)');
  const both = planPackages(
    [
      { pkg: 'xvfb', role: 'xvfb-run', for: 'tests' },
      { pkg: 'gcc', role: 'cc', for: 'tests' },
    ],
    { os: 'linux', arch: 'amd64' },
    d,
  );
  expect(both.packages).toEqual([...d.packages, 'xvfb']);
  expect(both.reasons['gcc']).toEqual(['linux/amd64', 'tests']);
  expect(d.reasons['gcc']).toEqual(['linux/amd64']); // the base plan is left as it was
});

describe('foreign architecture commands', () => {
  const ubuntu = parseOsRelease('ID=ubuntu\nVERSION_CODENAME=noble\n');
  const sources: [string, string][] = [
    ['/etc/apt/sources.list.d/ubuntu.sources', 'Types: deb\nURIs: http://azure.archive.ubuntu.com/ubuntu/\nSuites: noble\nComponents: main\n'],
    ['/etc/apt/sources.list', 'deb http://archive.ubuntu.com/ubuntu noble main\n'],
  ];
  const shown = (cs: { argv: string[]; input?: string }[]) => cs.map((c) => c.argv.join(' ') + (c.input ? ` <<${c.input.split('\n')[0]}` : ''));
  test('Ubuntu, arm64 from ports: add the arch, restrict the host sources once, add our own source', () => {
    const cs = foreignArchCommands({ foreignArchs: ['arm64', 'armhf'], hostArch: 'amd64' }, { have: [], osRelease: ubuntu, sources, present: () => false });
    expect(shown(cs)).toEqual([
      'dpkg --add-architecture arm64',
      'tee /etc/apt/sources.list.d/ubuntu.sources <<Types: deb',
      'tee /etc/apt/sources.list <<deb [arch=amd64] http://archive.ubuntu.com/ubuntu noble main',
      'tee /etc/apt/sources.list.d/go-fyne-action-arm64.sources <<Types: deb',
      'dpkg --add-architecture armhf',
      'tee /etc/apt/sources.list.d/go-fyne-action-armhf.sources <<Types: deb',
    ]);
    expect(cs[1].input).toContain('Architectures: amd64');
    expect(cs[3].input).toContain('URIs: http://ports.ubuntu.com/ubuntu-ports');
  });
  test('an arch already added and a source from an earlier run: nothing again', () => {
    const restricted = sources.map(([f, t]): [string, string] => [f, f.endsWith('.sources') ? restrictDeb822(t, 'amd64') : restrictOneLine(t, 'amd64')]);
    expect(
      foreignArchCommands({ foreignArchs: ['arm64'], hostArch: 'amd64' }, { have: ['arm64'], osRelease: ubuntu, sources: restricted, present: () => true }),
    ).toEqual([]);
  });
  test("a foreign arch on the host's own mirror (i386 beside amd64), or not Ubuntu: only dpkg --add-architecture", () => {
    expect(shown(foreignArchCommands({ foreignArchs: ['i386'], hostArch: 'amd64' }, { have: [], osRelease: ubuntu, sources, present: () => false }))).toEqual([
      'dpkg --add-architecture i386',
    ]);
    const debian = parseOsRelease('ID=debian\nVERSION_CODENAME=bookworm\n');
    expect(shown(foreignArchCommands({ foreignArchs: ['arm64'], hostArch: 'amd64' }, { have: [], osRelease: debian, sources, present: () => false }))).toEqual([
      'dpkg --add-architecture arm64',
    ]);
  });
});
