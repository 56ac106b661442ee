import { existsSync } from 'node:fs';
import { UserError } from '../../src/errors.js';
import {
  aptInstallCommand, defaultExec, describePackages, ensureDeps, missingPackages, onPath, parseOsRelease, planDeps, planPackages, restrictDeb822, restrictOneLine, ubuntuForeignSource,
  type DepsPlan, type Exec,
} from '../../src/deps/index.js';
import { planBuilds, type BuildInputs, type ProjectInfo } from '../../src/compile/plan.js';

const FYNE: ProjectInfo = { workDir: '/w', packageDir: '/w', modulePath: 'example.com/app', fyneVersion: 'v2.7.1' };
const PURE: ProjectInfo = { ...FYNE, fyneVersion: 'none' };
function plans(ids: string[], project = FYNE, host = { os: 'linux', arch: 'amd64' }, over: Partial<BuildInputs> = {}) {
  const inputs: BuildInputs = {
    targets: ids.map((id) => ({ os: id.split('/')[0]!, arch: id.split('/')[1]! })), package: '.', name: '', outputDir: 'dist', tags: [], ldflags: '',
    buildmode: 'exe', trimpath: true, strip: true, cgo: 'auto', release: true, windowsSubsystem: 'auto', macosMinVersion: '11.0', cc: {}, ...over,
  };
  return planBuilds(inputs, project, { host, env: {}, scratchDir: '/tmp/s' }).plans;
}

describe('planDeps', () => {
  test('Fyne 2.8 (Wayland or X11 at run time) also needs the Wayland headers and pkg-config, native and cross; 2.7 does not', () => {
    const FYNE28: ProjectInfo = { ...FYNE, fyneVersion: 'v2.8.1' };
    const ids = ['linux/amd64', 'linux/arm64', 'windows/amd64'];
    const d = planDeps(plans(ids, FYNE28), { os: 'linux', arch: 'amd64' }, true, 'v2.8.1');
    expect(d.packages).toEqual([
      'gcc', 'libc6-dev', 'libgl1-mesa-dev', 'xorg-dev', 'libwayland-dev', 'libxkbcommon-dev', 'pkg-config',
      'gcc-aarch64-linux-gnu', 'libc6-dev:arm64', 'libgl1-mesa-dev:arm64', 'libx11-dev:arm64', 'libxcursor-dev:arm64', 'libxrandr-dev:arm64',
      'libxinerama-dev:arm64', 'libxi-dev:arm64', 'libxxf86vm-dev:arm64', 'libxext-dev:arm64', 'libwayland-dev:arm64', 'libxkbcommon-dev:arm64',
      'gcc-mingw-w64-x86-64',
    ]);
    expect(d.reasons['libwayland-dev']).toEqual(['linux/amd64']);
    expect(d.reasons['pkg-config']).toEqual(['linux/amd64', 'linux/arm64']);
    for (const v of ['v2.7.1', 'v2.6.0', 'none']) {
      expect(planDeps(plans(ids), { os: 'linux', arch: 'amd64' }, true, v).packages.filter((p) => /wayland|xkbcommon|pkg-config/.test(p))).toEqual([]);
    }
    expect(planDeps(plans(ids, FYNE28), { os: 'linux', arch: 'amd64' }, true, '(devel)').packages).toContain('libwayland-dev'); // a replace to a folder: assume current
  });
  test('Fyne on linux/amd64 for linux/amd64, linux/arm64 and windows/amd64', () => {
    const d = planDeps(plans(['linux/amd64', 'linux/arm64', 'windows/amd64']), { os: 'linux', arch: 'amd64' }, true);
    expect(d.system).toBe('apt');
    expect(d.foreignArchs).toEqual(['arm64']);
    expect(d.packages).toEqual([
      'gcc', 'libc6-dev', 'libgl1-mesa-dev', 'xorg-dev',
      'gcc-aarch64-linux-gnu', 'libc6-dev:arm64', 'libgl1-mesa-dev:arm64', 'libx11-dev:arm64', 'libxcursor-dev:arm64', 'libxrandr-dev:arm64',
      'libxinerama-dev:arm64', 'libxi-dev:arm64', 'libxxf86vm-dev:arm64', 'libxext-dev:arm64',
      'gcc-mingw-w64-x86-64',
    ]);
    expect(d.reasons['gcc-mingw-w64-x86-64']).toEqual(['windows/amd64']);
    expect(d.reasons['libgl1-mesa-dev']).toEqual(['linux/amd64']);
  });
  test('on an arm64 Linux host the roles swap', () => {
    const d = planDeps(plans(['linux/amd64', 'linux/arm64'], FYNE, { os: 'linux', arch: 'arm64' }), { os: 'linux', arch: 'arm64' }, true);
    expect(d.hostArch).toBe('arm64');
    expect(d.foreignArchs).toEqual(['amd64']);
    expect(d.packages).toContain('gcc-x86-64-linux-gnu');
    expect(d.packages).toContain('libx11-dev:amd64');
    expect(d.packages).toContain('xorg-dev');
  });
  test('pure Go needs nothing; a user cc brings its own toolchain (must be on PATH)', () => {
    expect(planDeps(plans(['linux/amd64', 'windows/amd64'], PURE), { os: 'linux', arch: 'amd64' }, false).packages).toEqual([]);
    const d = planDeps(plans(['linux/arm64'], FYNE, undefined, { cc: { 'linux/arm64': 'zig cc -target aarch64-linux-gnu' } }), { os: 'linux', arch: 'amd64' }, true);
    expect(d.packages).toEqual([]);
    expect(Object.keys(d.commands)).toEqual(['zig']);
  });
  test('macOS needs Xcode CLT; Windows needs gcc on PATH', () => {
    const mac = planDeps(plans(['darwin/amd64', 'darwin/arm64'], FYNE, { os: 'darwin', arch: 'arm64' }), { os: 'darwin', arch: 'arm64' }, true);
    expect(mac).toMatchObject({ system: 'macos', xcode: true, packages: [] });
    const win = planDeps(plans(['windows/amd64'], FYNE, { os: 'windows', arch: 'amd64' }), { os: 'windows', arch: 'amd64' }, true);
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
    const text = 'deb http://archive.ubuntu.com/ubuntu jammy main\ndeb [signed-by=/k.gpg] http://security.ubuntu.com/ubuntu jammy-security main\n# deb http://archive.ubuntu.com/ubuntu x\ndeb [arch=amd64,arm64] http://ppa.launchpad.net/x/ubuntu jammy main\ndeb http://deb.debian.org/debian bookworm main';
    expect(restrictOneLine(text, 'amd64')).toBe('deb [arch=amd64] http://archive.ubuntu.com/ubuntu jammy main\ndeb [arch=amd64 signed-by=/k.gpg] http://security.ubuntu.com/ubuntu jammy-security main\n# deb http://archive.ubuntu.com/ubuntu x\ndeb [arch=amd64,arm64] http://ppa.launchpad.net/x/ubuntu jammy main\ndeb http://deb.debian.org/debian bookworm main');
  });
  test('GitHub runner images: mirror+file: sources are Ubuntu mirrors', () => {
    expect(restrictOneLine('deb mirror+file:/etc/apt/apt-mirrors.txt jammy main restricted', 'amd64'))
      .toBe('deb [arch=amd64] mirror+file:/etc/apt/apt-mirrors.txt jammy main restricted');
    expect(restrictDeb822('Types: deb\nURIs: mirror+file:/etc/apt/apt-mirrors.txt\nSuites: noble\n', 'amd64'))
      .toBe('Types: deb\nURIs: mirror+file:/etc/apt/apt-mirrors.txt\nArchitectures: amd64\nSuites: noble\n');
  });
  test('ports.ubuntu.com for arm64, archive.ubuntu.com for amd64', () => {
    expect(ubuntuForeignSource('noble', 'arm64')).toContain('URIs: http://ports.ubuntu.com/ubuntu-ports\nSuites: noble noble-updates noble-backports noble-security');
    expect(ubuntuForeignSource('jammy', 'amd64')).toContain('URIs: http://archive.ubuntu.com/ubuntu\n');
  });
  test('os-release', () => {
    expect(parseOsRelease('ID=ubuntu\nID_LIKE=debian\nVERSION_CODENAME=noble\n')).toEqual({ id: 'ubuntu', idLike: ['debian'], codename: 'noble' });
    expect(parseOsRelease('ID="debian"\nVERSION_CODENAME=bookworm')).toEqual({ id: 'debian', idLike: [], codename: 'bookworm' });
  });
});

test('missingPackages reads dpkg-query output (native, arch all, foreign, half-installed)', () => {
  const out = 'gcc amd64 ii \nxorg-dev all ii \nlibx11-dev arm64 ii \nlibgl1-mesa-dev amd64 rc \n';
  expect(missingPackages(['gcc', 'xorg-dev', 'libx11-dev', 'libx11-dev:arm64', 'libgl1-mesa-dev', 'libxi-dev:arm64'], out, 'amd64'))
    .toEqual(['libx11-dev', 'libgl1-mesa-dev', 'libxi-dev:arm64']);
});

const hasDpkg = existsSync('/usr/bin/dpkg-query');
(hasDpkg ? test : test.skip)('against this machine\'s real dpkg database: gcc present, a bogus package missing (install-deps false)', async () => {
  const plan: DepsPlan = { system: 'apt', packages: ['gcc', 'gfa-no-such-package-xyz'], foreignArchs: [], hostArch: 'amd64', reasons: { 'gfa-no-such-package-xyz': ['linux/amd64'] }, xcode: false, commands: {} };
  const logs: string[] = [];
  const e = await ensureDeps(plan, { mode: 'false', ci: true, log: (l) => logs.push(l) }).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(UserError);
  expect((e as Error).message).toBe('input "install-deps": "false" and these packages are missing: gfa-no-such-package-xyz (for linux/amd64); install them (sudo apt-get install gfa-no-such-package-xyz) or set install-deps: true');
  const ok = await ensureDeps({ ...plan, packages: ['gcc'] }, { mode: 'false', ci: false, log: (l) => logs.push(l) });
  expect(ok.alreadyPresent).toEqual(['gcc']);
  expect(ok.installed).toEqual([]);
  expect(logs).toContain('system packages present: gcc');
});

test('install path on Ubuntu: add arch, fix sources, one apt-get update, install only the missing, via sudo', async () => {
  // The system boundary (dpkg/apt) is recorded instead of run: tests must not install packages.
  const calls: string[] = [];
  const exec: Exec = async (argv, opts) => {
    calls.push(argv.join(' ') + (opts?.input ? ` <<${opts.input.split('\n')[0]}` : ''));
    if (argv[0] === 'dpkg-query') return { code: 1, stdout: 'gcc amd64 ii \n', stderr: 'dpkg-query: no packages found matching libx11-dev:arm64\n' };
    return { code: 0, stdout: '', stderr: '' };
  };
  const files: Record<string, string> = {
    '/etc/os-release': 'ID=ubuntu\nVERSION_CODENAME=noble\n',
    '/etc/apt/sources.list.d/ubuntu.sources': 'Types: deb\nURIs: http://azure.archive.ubuntu.com/ubuntu/\nSuites: noble\nComponents: main\n',
  };
  const plan: DepsPlan = { system: 'apt', packages: ['gcc', 'gcc-aarch64-linux-gnu', 'libx11-dev:arm64'], foreignArchs: ['arm64'], hostArch: 'amd64', reasons: {}, xcode: false, commands: {} };
  const logs: string[] = [];
  const r = await ensureDeps(plan, {
    mode: 'auto', ci: true, isRoot: false, exec, log: (l) => logs.push(l),
    readText: (f) => files[f], sourceFiles: () => ['/etc/apt/sources.list.d/ubuntu.sources'],
  });
  expect(r.installed).toEqual(['gcc-aarch64-linux-gnu', 'libx11-dev:arm64']);
  expect(calls).toEqual([
    'dpkg-query -W -f ${Package} ${Architecture} ${db:Status-Abbrev}\n gcc gcc-aarch64-linux-gnu libx11-dev:arm64',
    'sudo -n true',
    'dpkg --print-foreign-architectures',
    'sudo -n dpkg --add-architecture arm64',
    'sudo -n tee /etc/apt/sources.list.d/ubuntu.sources <<Types: deb',
    'sudo -n tee /etc/apt/sources.list.d/go-fyne-action-arm64.sources <<Types: deb',
    'sudo -n apt-get update -q',
    'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gcc-aarch64-linux-gnu libx11-dev:arm64',
  ]);
  expect(logs.at(-1)).toMatch(/^installed gcc-aarch64-linux-gnu libx11-dev:arm64 in \d+\.\ds$/);
  // said before installing: what, and why
  expect(logs[0]).toBe('installing 2 missing package(s) with apt-get (sudo -n): gcc-aarch64-linux-gnu, libx11-dev:arm64');
  // install-deps auto off CI: no install, a clear error instead
  await expect(ensureDeps(plan, { mode: 'auto', ci: false, exec, log: () => {} })).rejects.toThrow(/sudo dpkg --add-architecture arm64 && sudo apt-get install gcc-aarch64-linux-gnu libx11-dev:arm64/);
});

test('what each package is for, said before installing; the one command to run as root', () => {
  const d = planDeps(plans(['linux/amd64', 'windows/amd64']), { os: 'linux', arch: 'amd64' }, true);
  expect(describePackages(d, ['gcc', 'xorg-dev', 'gcc-mingw-w64-x86-64'])).toBe(
    'gcc (C compiler for cgo; for linux/amd64), xorg-dev (X11/OpenGL headers that Fyne (GLFW) compiles against; for linux/amd64), gcc-mingw-w64-x86-64 (C cross compiler for cgo; for windows/amd64)');
  expect(aptInstallCommand(d, ['gcc', 'xorg-dev'])).toBe('apt-get update && apt-get install -y --no-install-recommends gcc xorg-dev');
  expect(aptInstallCommand({ foreignArchs: ['arm64'] }, ['libc6-dev:arm64'], 'sudo ')).toBe(
    'sudo dpkg --add-architecture arm64 && sudo apt-get update && sudo apt-get install -y --no-install-recommends libc6-dev:arm64');
  const tools = planPackages([
    { pkg: 'xvfb', role: 'xvfb-run', for: 'the window test' },
    { pkg: 'x11-utils', role: 'xwininfo', for: 'the window test' },
    { pkg: 'xvfb', role: 'xvfb-run', for: 'another test' },
  ], { os: 'linux', arch: 'amd64' });
  expect(tools).toMatchObject({ system: 'apt', hostArch: 'amd64', packages: ['xvfb', 'x11-utils'], reasons: { xvfb: ['the window test', 'another test'] } });
  expect(describePackages(tools, ['xvfb'])).toBe('xvfb (xvfb-run; for the window test, another test)');
  const both = planPackages([{ pkg: 'xvfb', role: 'xvfb-run', for: 'tests' }, { pkg: 'gcc', role: 'cc', for: 'tests' }], { os: 'linux', arch: 'amd64' }, d);
  expect(both.packages).toEqual([...d.packages, 'xvfb']);
  expect(both.reasons['gcc']).toEqual(['linux/amd64', 'tests']);
  expect(d.reasons['gcc']).toEqual(['linux/amd64']); // the base plan is left as it was
});

test('not root: no sudo, or sudo wanting a password off a terminal, stops before apt-get with the one command', async () => {
  const plan = planPackages([{ pkg: 'xdotool', role: 'xdotool', for: 'tests' }], { os: 'linux', arch: 'amd64' });
  const run = async (sudoCode: number, interactive: boolean) => {
    const calls: string[] = [];
    const logs: string[] = [];
    const exec: Exec = async (argv) => {
      calls.push(argv.join(' '));
      if (argv[0] === 'dpkg-query') return { code: 1, stdout: '', stderr: '' };
      if (argv.join(' ') === 'sudo -n true') return { code: sudoCode, stdout: '', stderr: '' };
      return { code: 0, stdout: '', stderr: '' };
    };
    const r = await ensureDeps(plan, { mode: 'true', ci: false, isRoot: false, interactive, exec, log: (l) => logs.push(l) }).catch((e: unknown) => e);
    return { r, calls, logs };
  };
  const none = await run(127, true);
  expect((none.r as Error).message).toBe('1 package(s) are missing: xdotool (xdotool; for tests); installing them needs root and sudo is not installed: run as root: apt-get update && apt-get install -y --no-install-recommends xdotool');
  expect(none.calls.some((c) => c.includes('apt-get'))).toBe(false);
  const password = await run(1, false);
  expect((password.r as Error).message).toMatch(/sudo asks for a password: run: sudo apt-get update && sudo apt-get install -y --no-install-recommends xdotool$/);
  expect(password.calls.some((c) => c.includes('apt-get'))).toBe(false);
  const atTerminal = await run(1, true);
  expect(atTerminal.calls.at(-1)).toBe('sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends xdotool');
  expect(atTerminal.logs).toContain('sudo will ask for your password to run apt-get');
});

test('a user compiler missing from PATH is a clear error; defaultExec reports a missing command as 127', async () => {
  const plan: DepsPlan = { system: 'apt', packages: [], foreignArchs: [], hostArch: 'amd64', reasons: {}, xcode: false, commands: { 'gfa-no-such-cc': 'the "cc" input for linux/arm64 names gfa-no-such-cc, which is not on PATH' } };
  await expect(ensureDeps(plan, { mode: 'true', ci: true, log: () => {} })).rejects.toThrow('C compiler gfa-no-such-cc not found on PATH; the "cc" input for linux/arm64 names gfa-no-such-cc, which is not on PATH');
  expect(onPath('node', { PATH: process.env['PATH'] })).toBe(true);
  expect((await defaultExec(['gfa-no-such-command-xyz'])).code).toBe(127);
});
