import { UserError } from '../../src/errors.js';
import { compilerFor } from '../../src/compile/compilers.js';
import { parseFyneAppToml } from '../../src/compile/fyne.js';
import { METADATA_FILE } from '../../src/compile/metadata.js';
import { artifactFileName, planBuilds, splitGoflagsLdflags, type BuildInputs, type BuildPlan, type ProjectInfo } from '../../src/compile/plan.js';
import type { Target } from '../../src/compile/targets.js';
import { buildInputs } from '../helpers/build-inputs.js';

const t = (id: string): Target => {
  const [os, arch] = id.split('/') as [string, string];
  return { os, arch };
};
const LINUX = { os: 'linux', arch: 'amd64' };
const LINUX_ARM = { os: 'linux', arch: 'arm64' };
const MAC = { os: 'darwin', arch: 'arm64' };
const WIN = { os: 'windows', arch: 'amd64' };

function inputs(over: Partial<BuildInputs> = {}): BuildInputs {
  return buildInputs({ targets: [t('linux/amd64')], ...over });
}

const TOML = parseFyneAppToml(
  '[Details]\nName = "Hello Fyne"\nID = "io.example.hello"\nVersion = "1.2.3"\nBuild = 4\n[Release]\nk = "r"\n[Development]\nk = "d"\n[Migrations]\nfyneDo = true\n',
);
const FYNE: ProjectInfo = { workDir: '/src/app', packageDir: '/src/app', modulePath: 'github.com/me/hello-fyne', fyneVersion: 'v2.7.1', fyneApp: TOML };
const PURE: ProjectInfo = { workDir: '/src/tool', packageDir: '/src/tool', modulePath: 'github.com/me/tool/v2', fyneVersion: 'none' };
const ctx = (host = LINUX, env: Record<string, string | undefined> = {}) => ({ host, env, scratchDir: host.os === 'windows' ? 'C:\\tmp\\s' : '/tmp/s' });
const one = (i: BuildInputs, p: ProjectInfo, host = LINUX, env: Record<string, string | undefined> = {}): BuildPlan =>
  planBuilds(i, p, ctx(host, env)).plans[0];
const flagAfter = (argv: string[], flag: string): string | undefined => argv[argv.indexOf(flag) + 1];

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).not.toContain('\n');
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

describe('Fyne release build matches fyne build --release', () => {
  test('native linux/amd64: cgo on, host compiler, release tags, -s -w, -trimpath, metadata overlay', () => {
    const set = planBuilds(inputs(), FYNE, ctx());
    const p = set.plans[0];
    expect(set.name).toBe('Hello-Fyne'); // the display name, with dashes for spaces;
    expect(p.argv).toEqual([
      'go',
      'build',
      '-trimpath',
      '-tags',
      'release,migrated_fynedo',
      '-ldflags',
      '-s -w',
      '-overlay=/tmp/s/overlay.json',
      '-o',
      '/src/app/dist/Hello-Fyne_linux_amd64',
      '.',
    ]);
    // fyne build --release's cgo flags; the compiler is not known in this context, so no hardening
    expect(p.env).toEqual({ GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '1', CGO_CFLAGS: '-O3 -pipe', CGO_LDFLAGS: '-Wl,-z,relro,-z,now -Wl,--as-needed' });
    expect(p.compiler?.source).toBe('host');
    expect(p.cwd).toBe('/src/app');
    // overlay: the generated file appears in the package dir only through go build -overlay
    expect(set.files.map((f) => f.path)).toEqual(['/tmp/s/' + METADATA_FILE, '/tmp/s/overlay.json']);
    expect(JSON.parse(set.files[1].content)).toEqual({ Replace: { ['/src/app/' + METADATA_FILE]: '/tmp/s/' + METADATA_FILE } });
    expect(set.files[0].content).toContain('ID:      "io.example.hello"');
    expect(set.metadata).toMatchObject({ id: 'io.example.hello', name: 'Hello Fyne', version: '1.2.3', build: 4, release: true, custom: { k: 'r' } });
  });

  test('windows/amd64 from linux: mingw, -H=windowsgui, .exe', () => {
    const p = one(inputs({ targets: [t('windows/amd64')] }), FYNE);
    expect(flagAfter(p.argv, '-ldflags')).toBe('-s -w -H=windowsgui');
    expect(p.env).toMatchObject({ GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '1', CC: 'x86_64-w64-mingw32-gcc', CXX: 'x86_64-w64-mingw32-g++' });
    expect(p.output).toBe('/src/app/dist/Hello-Fyne_windows_amd64.exe');
    expect(p.expect).toEqual({ os: 'windows', arch: 'amd64', buildmode: 'exe', subsystem: 'gui' });
  });

  test('linux/arm64 from linux/amd64: aarch64 gcc and multiarch pkg-config', () => {
    const p = one(inputs({ targets: [t('linux/arm64')] }), FYNE);
    expect(p.env).toEqual({
      GOOS: 'linux',
      GOARCH: 'arm64',
      CGO_ENABLED: '1',
      CC: 'aarch64-linux-gnu-gcc',
      CXX: 'aarch64-linux-gnu-g++',
      PKG_CONFIG_PATH: '/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig',
      PKG_CONFIG_LIBDIR: '/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig',
      CGO_CFLAGS: '-O3 -pipe -mbranch-protection=bti+pac-ret',
      CGO_LDFLAGS: '-Wl,-z,relro,-z,now -Wl,--as-needed',
    });
  });

  test('linux/amd64 from linux/arm64 uses the x86-64 cross gcc', () => {
    const p = one(inputs(), FYNE, LINUX_ARM);
    expect(p.env['CC']).toBe('x86_64-linux-gnu-gcc');
    expect(p.compiler?.debPackages).toEqual(['gcc-x86-64-linux-gnu']);
    expect(p.compiler?.debArch).toBe('amd64');
  });

  test('native linux/arm64 on an arm64 host: no CC', () => {
    const p = one(inputs({ targets: [t('linux/arm64')] }), FYNE, LINUX_ARM);
    expect(p.env).toEqual({
      GOOS: 'linux',
      GOARCH: 'arm64',
      CGO_ENABLED: '1',
      CGO_CFLAGS: '-O3 -pipe -mbranch-protection=bti+pac-ret',
      CGO_LDFLAGS: '-Wl,-z,relro,-z,now -Wl,--as-needed',
    });
  });

  test.each(['darwin/amd64', 'darwin/arm64'])('%s on a macOS arm64 host: clang (no CC), min version in env and CGO flags', (id) => {
    const p = one(inputs({ targets: [t(id)] }), FYNE, MAC);
    expect(p.env).toEqual({
      GOOS: 'darwin',
      GOARCH: id.split('/')[1],
      CGO_ENABLED: '1',
      MACOSX_DEPLOYMENT_TARGET: '11.0',
      CGO_CFLAGS: `-O3 -pipe -mmacosx-version-min=11.0${id === 'darwin/arm64' ? ' -mbranch-protection=bti+pac-ret' : ''}`,
      CGO_LDFLAGS: '-Wl,-dead_strip_dylibs -mmacosx-version-min=11.0',
    });
    expect(p.output).toBe(`/src/app/dist/Hello-Fyne_darwin_${id.split('/')[1]}`);
  });

  test('macos-min-version: ours first, then the CGO flags the user set (theirs win)', () => {
    const p = one(inputs({ targets: [t('darwin/arm64')], macosMinVersion: '12.3' }), FYNE, MAC, { CGO_CFLAGS: '-O1', CGO_LDFLAGS: '' });
    expect(p.env['CGO_CFLAGS']).toBe('-O3 -pipe -mmacosx-version-min=12.3 -mbranch-protection=bti+pac-ret -O1');
    expect(p.env['CGO_LDFLAGS']).toBe('-Wl,-dead_strip_dylibs -mmacosx-version-min=12.3');
    const g = one(inputs({ targets: [t('darwin/arm64')], macosMinVersion: '12.3' }), PURE, MAC, { CGO_CFLAGS: '-O3', CGO_LDFLAGS: '' });
    expect(g.env['CGO_CFLAGS']).toBeUndefined(); // a Go program with cgo off: nothing set, the user's flags pass through
    expect(p.env['MACOSX_DEPLOYMENT_TARGET']).toBe('12.3');
  });

  test('windows host: preinstalled gcc for windows/amd64, win32 paths', () => {
    const p = one(
      inputs({ targets: [t('windows/amd64')], outputDir: 'C:\\src\\app\\dist' }),
      { ...FYNE, workDir: 'C:\\src\\app', packageDir: 'C:\\src\\app' },
      WIN,
    );
    expect(p.env).toEqual({ GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '1', CGO_CFLAGS: '-O3 -pipe' });
    expect(p.output).toBe('C:\\src\\app\\dist\\Hello-Fyne_windows_amd64.exe');
    expect(p.argv).toContain('-overlay=C:\\tmp\\s\\overlay.json');
  });

  test.each([
    [LINUX, 'darwin/arm64', /macOS runner \(runs-on: macos-latest\)/],
    [WIN, 'darwin/amd64', /macOS runner/],
    [MAC, 'linux/amd64', /Linux runner \(runs-on: ubuntu-latest\)/],
    [MAC, 'linux/arm64', /ubuntu-24\.04-arm/],
    [LINUX, 'windows/arm64', /windows-11-arm/],
    [WIN, 'windows/arm64', /windows-11-arm/],
    [WIN, 'linux/amd64', /Linux runner/],
    [LINUX, 'freebsd/amd64', /set cc for freebsd\/amd64/],
  ])('no compiler on %o for %s: one-line error naming the runner', (host, id, hint) => {
    const e = errorOf(() => planBuilds(inputs({ targets: [t(id)] }), FYNE, ctx(host)));
    expect(e.message).toMatch(new RegExp(`^input "targets": "${id.replace('/', '\\/')}" needs cgo`));
    expect(e.message).toMatch(hint);
  });

  test('the cc input wins, spaces and all', () => {
    const p = one(inputs({ targets: [t('linux/arm64')], cc: { 'linux/arm64': 'zig cc -target aarch64-linux-gnu' } }), FYNE);
    expect(p.env).toEqual({
      GOOS: 'linux',
      GOARCH: 'arm64',
      CGO_ENABLED: '1',
      CC: 'zig cc -target aarch64-linux-gnu',
      CGO_CFLAGS: '-O3 -pipe -mbranch-protection=bti+pac-ret',
      CGO_LDFLAGS: '-Wl,-z,relro,-z,now -Wl,--as-needed',
    });
    const d = one(inputs({ targets: [t('darwin/arm64')], cc: { 'darwin/arm64': 'zig cc -target aarch64-macos' } }), FYNE);
    expect(d.env['CC']).toBe('zig cc -target aarch64-macos');
  });

  test('a Fyne app with cgo=false is an error, except js/wasm', () => {
    expect(errorOf(() => planBuilds(inputs({ cgo: 'false' }), FYNE, ctx())).message).toBe(
      'input "cgo": "false" cannot build a Fyne app for linux/amd64 (Fyne needs cgo on every target but js/wasm); use auto or true',
    );
    const w = one(inputs({ cgo: 'false', targets: [t('js/wasm')] }), FYNE);
    expect(w.env).toEqual({ GOOS: 'js', GOARCH: 'wasm', CGO_ENABLED: '0' });
    expect(w.output).toBe('/src/app/dist/Hello-Fyne_js_wasm.wasm');
  });

  test('release=false: no release tag, metadata says Release false with [Development] values; migrated_fynedo stays', () => {
    const set = planBuilds(inputs({ release: false }), FYNE, ctx());
    expect(flagAfter(set.plans[0].argv, '-tags')).toBe('migrated_fynedo');
    expect(set.metadata).toMatchObject({ release: false, custom: { k: 'd' } });
    expect(set.files[0].content).toContain('Release: false,');
  });

  test('user tags and ldflags come with ours, ldflags appended after ours', () => {
    const p = one(inputs({ tags: ['wayland', 'release'], ldflags: '-X main.version=1.0', targets: [t('windows/amd64')] }), FYNE);
    expect(flagAfter(p.argv, '-tags')).toBe('wayland,release,migrated_fynedo');
    expect(flagAfter(p.argv, '-ldflags')).toBe('-s -w -H=windowsgui -X main.version=1.0');
  });

  test('-ldflags in GOFLAGS is folded in (an explicit -ldflags would hide it) and removed from GOFLAGS', () => {
    expect(splitGoflagsLdflags('-mod=mod -ldflags=-X=main.a=b -buildvcs=false')).toEqual({ ldflags: '-X=main.a=b', rest: '-mod=mod -buildvcs=false' });
    const p = one(inputs(), FYNE, LINUX, { GOFLAGS: '-ldflags=-X=main.a=b -mod=mod' });
    expect(flagAfter(p.argv, '-ldflags')).toBe('-X=main.a=b -s -w');
    expect(p.env['GOFLAGS']).toBe('-mod=mod');
    expect(one(inputs(), FYNE, LINUX, { GOFLAGS: '-mod=mod' }).env['GOFLAGS']).toBeUndefined();
  });

  test('windows-subsystem console and strip/trimpath off', () => {
    const p = one(inputs({ targets: [t('windows/amd64')], windowsSubsystem: 'console', strip: false, trimpath: false }), FYNE);
    expect(p.argv).not.toContain('-ldflags');
    expect(p.argv).not.toContain('-trimpath');
    expect(p.expect.subsystem).toBe('console');
  });

  test('Fyne older than 2.2 gets no metadata file (no app.SetMetadata); 2.2 gets no Release/Custom', () => {
    const old = planBuilds(inputs(), { ...FYNE, fyneVersion: 'v2.1.4' }, ctx());
    expect(old.files).toEqual([]);
    expect(old.plans[0].argv.some((a) => a.startsWith('-overlay'))).toBe(false);
    const v22 = planBuilds(inputs(), { ...FYNE, fyneVersion: 'v2.2.0' }, ctx());
    expect(v22.files[0].content).not.toContain('Release:');
    expect(v22.files[0].content).not.toContain('Migrations:');
  });

  test('the overlay targets the package directory when building ./cmd/app', () => {
    const set = planBuilds(inputs({ package: './cmd/app' }), { ...FYNE, packageDir: '/src/app/cmd/app' }, ctx());
    expect(Object.keys((JSON.parse(set.files[1].content) as { Replace: Record<string, string> }).Replace)).toEqual(['/src/app/cmd/app/' + METADATA_FILE]);
    expect(set.plans[0].argv.at(-1)).toBe('./cmd/app');
  });
});

describe('pure-Go projects', () => {
  test.each([[LINUX], [LINUX_ARM], [MAC], [WIN]])('cgo auto is off for every target from %o', (host) => {
    const set = planBuilds(
      inputs({ targets: ['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64', 'windows/amd64', 'windows/arm64'].map(t) }),
      PURE,
      ctx(host),
    );
    for (const p of set.plans) {
      expect(p.cgo).toBe(false);
      expect(p.env['CGO_ENABLED']).toBe('0');
      expect(p.env['CC']).toBeUndefined();
      expect(p.argv).not.toContain('-tags');
      expect(p.argv.some((a) => a.startsWith('-overlay'))).toBe(false);
    }
    expect(set.name).toBe('tool'); // module path's last element, /v2 skipped
    expect(set.files).toEqual([]);
    expect(set.plans.find((p) => p.id === 'windows/amd64')!.expect.subsystem).toBe('console');
  });

  test('name input wins; the file goes in output-dir', () => {
    const p = one(inputs({ name: 'mytool', outputDir: '/out' }), PURE);
    expect(p.output).toBe('/out/mytool_linux_amd64');
  });

  test('cgo=true turns the compiler logic on for pure-Go code too', () => {
    const p = one(inputs({ cgo: 'true', targets: [t('windows/amd64')] }), PURE);
    expect(p.env).toMatchObject({ CGO_ENABLED: '1', CC: 'x86_64-w64-mingw32-gcc' });
    expect(errorOf(() => planBuilds(inputs({ cgo: 'true', targets: [t('js/wasm')] }), PURE, ctx())).message).toMatch(
      /^input "cgo": "true" cannot apply to js\/wasm/,
    );
  });

  test('pure-Go darwin from linux with cgo off is fine', () => {
    const p = one(inputs({ targets: [t('darwin/arm64')] }), PURE);
    expect(p.env).toEqual({ GOOS: 'darwin', GOARCH: 'arm64', CGO_ENABLED: '0', MACOSX_DEPLOYMENT_TARGET: '11.0' });
  });
});

describe('buildmode', () => {
  test.each([
    ['c-shared', 'linux/amd64', '/src/tool/dist/tool_linux_amd64.so', '/src/tool/dist/tool_linux_amd64.h'],
    ['c-shared', 'windows/amd64', '/src/tool/dist/tool_windows_amd64.dll', '/src/tool/dist/tool_windows_amd64.h'],
    ['c-archive', 'linux/amd64', '/src/tool/dist/tool_linux_amd64.a', '/src/tool/dist/tool_linux_amd64.h'],
  ])('%s for %s: cgo switched on, -buildmode, %s', (mode, id, out, header) => {
    const p = one(inputs({ buildmode: mode as BuildInputs['buildmode'], targets: [t(id)], outputDir: '/src/tool/dist' }), PURE);
    expect(p.cgo).toBe(true);
    expect(p.argv).toContain(`-buildmode=${mode}`);
    expect(p.output).toBe(out);
    expect(p.header).toBe(header);
    expect(p.expect.subsystem).toBeUndefined();
  });

  test('c-shared on darwin names a .dylib', () => {
    expect(artifactFileName('x', t('darwin/arm64'), 'c-shared')).toBe('x_darwin_arm64.dylib');
    expect(artifactFileName('x', t('windows/arm64'), 'c-archive')).toBe('x_windows_arm64.a');
  });

  test('pie: internal linking needs no cgo on linux/amd64, but does on linux/386', () => {
    expect(one(inputs({ buildmode: 'pie' }), PURE).cgo).toBe(false);
    expect(one(inputs({ buildmode: 'pie', targets: [t('linux/386')] }), PURE).env['CC']).toBe('i686-linux-gnu-gcc');
  });

  test('an unsupported pair names what the target supports', () => {
    expect(errorOf(() => planBuilds(inputs({ buildmode: 'c-shared', targets: [t('js/wasm')] }), PURE, ctx())).message).toBe(
      'input "buildmode": "c-shared" is not supported for js/wasm; js/wasm supports exe',
    );
  });

  test('cgo=false with a buildmode that needs cgo', () => {
    expect(errorOf(() => planBuilds(inputs({ buildmode: 'c-archive', cgo: 'false' }), PURE, ctx())).message).toBe(
      'input "buildmode": "c-archive" needs cgo on linux/amd64, but cgo is false; set cgo to auto or true, or use buildmode exe',
    );
  });

  test('c-shared for darwin from linux: no compiler', () => {
    expect(errorOf(() => planBuilds(inputs({ buildmode: 'c-shared', targets: [t('darwin/arm64')] }), PURE, ctx())).message).toMatch(/macOS runner/);
  });
});

test('compilerFor hints name the Debian package', () => {
  expect(compilerFor(LINUX, t('windows/amd64')).hint).toContain('gcc-mingw-w64-x86-64');
  expect(compilerFor(LINUX, t('linux/arm64')).hint).toContain('gcc-aarch64-linux-gnu');
  expect(compilerFor(MAC, t('windows/amd64')).hint).toContain('brew install mingw-w64');
});
