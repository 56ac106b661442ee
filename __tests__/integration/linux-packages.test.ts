/**
 * linux-packages through the bundled action (a simulated runner) and the CLI: a real cgo Fyne
 * app packaged as .deb and .rpm by nfpm (built offline from the module cache), checked with the
 * distributions' own tools (dpkg-deb, lintian, rpm, desktop-file-validate, appstreamcli), and the
 * binary from the extracted .deb shown under Xvfb. A hostile FyneApp.toml is refused.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactJSON } from '../../src/artifacts/registry.js';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, NODE24, ROOT, runStep, type Runner } from '../helpers/runner.js';
import { requireTools } from '../helpers/tools.js';
import { runUnderXvfb } from '../helpers/xvfb.js';

const ID = 'io.github.gofyneaction.hellofyne';
const MAINTAINER = 'Jane Doe <jane@example.org>';
const LINUX_AND_BSD = '\n[LinuxAndBSD]\nGenericName = "Greeter"\nComment = "Says hello in a window"\nCategories = ["Utility"]\nKeywords = ["hello", "demo"]\n';

let mirror: Mirror;
let runner: Runner;
let env: Record<string, string>;
let app: string;
let out: string;
let r: Awaited<ReturnType<typeof runStep>>;
const sh = (cmd: string, args: string[], opts: { cwd?: string } = {}) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
/** stdout + stderr and the exit code, whatever it is. */
const both = (cmd: string, args: string[]) => {
  const p = spawnSync(cmd, args, { encoding: 'utf8' });
  return { code: p.status, text: `${p.stdout}${p.stderr}` };
};

function project(name: string, extra: string): string {
  const dir = join(runner.dir, name);
  cpSync(join(ROOT, 'examples/hello-fyne'), dir, { recursive: true });
  appendFileSync(join(dir, 'FyneApp.toml'), extra);
  return dir;
}

beforeAll(async () => {
  mirror = await startMirror();
  runner = newRunner('linux-packages', { preinstalledGo: true });
  env = offlineGoEnv(mirror.url);
  app = project('app', LINUX_AND_BSD);
  out = join(app, 'dist');
  r = await runStep(runner, {
    inputs: {
      'go-version': mirror.version,
      'working-directory': app,
      targets: 'linux/amd64',
      'output-dir': out,
      cache: 'false',
      'linux-packages': 'deb, rpm',
      maintainer: MAINTAINER,
      'app-version': '1.2.3-rc.1',
    },
    env: { ...env, GITHUB_WORKSPACE: runner.dir },
    timeoutMs: 45 * 60_000,
  });
}, 45 * 60_000);
afterAll(() => mirror.close());

const arts = (): ArtifactJSON[] => JSON.parse(r.outputs['artifacts'] ?? '[]') as ArtifactJSON[];
const deb = () => arts().find((a) => a.kind === 'deb')!.path;
const rpm = () => arts().find((a) => a.kind === 'rpm')!.path;

test('the action lists a deb and an rpm in artifacts, SHA256SUMS and the summary', () => {
  expect(r.errors).toEqual([]);
  expect(r.code).toBe(0);
  expect(
    arts()
      .map((a) => `${a.target} ${a.kind} ${a.path.slice(out.length + 1)}`)
      .sort(),
  ).toEqual([
    ' checksums SHA256SUMS',
    'linux/amd64 binary Hello-Fyne_linux_amd64',
    'linux/amd64 deb hello-fyne_1.2.3~rc.1-4_amd64.deb',
    'linux/amd64 rpm hello-fyne-1.2.3~rc.1-4.x86_64.rpm',
  ]);
  for (const a of arts()) expect(a.sha256).toBe(sh('sha256sum', [a.path]).split(' ')[0]);
  const sums = sh('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
  expect(sums).toMatch(/hello-fyne_1\.2\.3~rc\.1-4_amd64\.deb: OK/);
  expect(sums).toMatch(/hello-fyne-1\.2\.3~rc\.1-4\.x86_64\.rpm: OK/);
  expect(r.summary).toMatch(/\| linux\/amd64 \| hello-fyne_1\.2\.3~rc\.1-4_amd64\.deb \|/);
  expect(r.summary).toMatch(/\| linux\/amd64 \| hello-fyne-1\.2\.3~rc\.1-4\.x86_64\.rpm \|/);
  expect(r.stdout).toMatch(/::group::Linux packages/);
});

test('dpkg-deb: control fields and contents', () => {
  requireTools('lintian');
  const info = sh('dpkg-deb', ['--info', deb()]);
  process.stdout.write(`--- dpkg-deb --info\n${info}`);
  expect(info).toMatch(/^ Package: hello-fyne$/m);
  expect(info).toMatch(/^ Version: 1\.2\.3~rc\.1-4$/m);
  expect(info).toMatch(/^ Architecture: amd64$/m);
  expect(info).toMatch(/^ Maintainer: Jane Doe <jane@example\.org>$/m);
  expect(info).toMatch(/^ Depends: .*libgl1/m);
  expect(info).toMatch(/^ Description: Says hello in a window$/m);
  const files = sh('dpkg-deb', ['--contents', deb()])
    .split('\n')
    .map((l) => l.split(/\s+/).slice(5).join(' '))
    .filter((f) => f && !f.endsWith('/'));
  expect(files.sort()).toEqual([
    './usr/bin/hello-fyne',
    `./usr/share/applications/${ID}.desktop`,
    './usr/share/doc/hello-fyne/changelog.Debian.gz',
    './usr/share/doc/hello-fyne/copyright',
    ...[16, 24, 32, 48, 64].map((s) => `./usr/share/icons/hicolor/${s}x${s}/apps/${ID}.png`),
    `./usr/share/metainfo/${ID}.metainfo.xml`,
  ]);
  expect(sh('dpkg-deb', ['--contents', deb()])).toMatch(/^-rwxr-xr-x root\/root .* \.\/usr\/bin\/hello-fyne$/m);
});

test('lintian: no errors', () => {
  requireTools('lintian');
  const l = both('lintian', ['--tag-display-limit', '0', deb()]);
  process.stdout.write(`--- lintian\n${l.text}`);
  expect(l.text).not.toMatch(/^E: /m);
  expect(l.code).toBe(0);
});

test('rpm -qip / -qlp: version, release, architecture, files, requires', () => {
  requireTools('rpm');
  const info = sh('rpm', ['-qip', rpm()]);
  process.stdout.write(`--- rpm -qip\n${info}`);
  expect(info).toMatch(/^Name\s+: hello-fyne$/m);
  expect(info).toMatch(/^Version\s+: 1\.2\.3~rc\.1$/m);
  expect(info).toMatch(/^Release\s+: 4$/m);
  expect(info).toMatch(/^Architecture: x86_64$/m);
  expect(info).toMatch(/^Packager\s+: Jane Doe <jane@example\.org>$/m);
  expect(sh('rpm', ['-qlp', rpm()]).trim().split('\n')).toEqual([
    '/usr/bin/hello-fyne',
    `/usr/share/applications/${ID}.desktop`,
    '/usr/share/doc/hello-fyne/copyright',
    ...[16, 24, 32, 48, 64].map((s) => `/usr/share/icons/hicolor/${s}x${s}/apps/${ID}.png`),
    `/usr/share/metainfo/${ID}.metainfo.xml`,
  ]);
  expect(sh('rpm', ['-qp', '--requires', rpm()])).toMatch(/^libGL\.so\.1\(\)\(64bit\)$/m);
});

describe('from the extracted .deb', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(runner.dir, 'deb-root-'));
    sh('dpkg-deb', ['-x', deb(), root]);
  });

  test('desktop-file-validate and appstreamcli validate pass', () => {
    requireTools('desktop-file-validate', 'appstreamcli');
    const desktop = join(root, 'usr/share/applications', `${ID}.desktop`);
    expect(readFileSync(desktop, 'utf8')).toBe(
      `[Desktop Entry]\nType=Application\nName=Hello Fyne\nGenericName=Greeter\nComment=Says hello in a window\nExec=hello-fyne\nIcon=${ID}\nCategories=Utility;\nKeywords=hello;demo;\nTerminal=false\nStartupWMClass=Hello Fyne\n`,
    );
    const d = both('desktop-file-validate', [desktop]);
    expect(d).toEqual({ code: 0, text: '' });
    const a = both('appstreamcli', ['validate', '--no-net', join(root, 'usr/share/metainfo', `${ID}.metainfo.xml`)]);
    process.stdout.write(`--- appstreamcli validate --no-net\n${a.text}`);
    expect(a.text).not.toMatch(/^[EW]: /m);
    expect(a.code).toBe(0);
  });

  test('the binary starts and shows its window under Xvfb', async () => {
    requireTools('xvfb-run', 'xauth', 'xdotool', 'xwininfo');
    const { code, text } = await runUnderXvfb(join(root, 'usr/bin/hello-fyne'), join(runner.dir, 'app.log'), { quit: false });
    expect(text).toMatch(/window=\d+/);
    expect(text).toMatch(/Map State: IsViewable/);
    expect(code).toBe(0);
  }, 120_000);
});

async function cli(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(NODE24, [join(ROOT, 'dist/cli.js'), '--go-version', mirror.version, ...args], {
    cwd: dir,
    env: { ...process.env, ...env, HOME: runner.home, GO_FYNE_ACTION_CACHE: join(runner.dir, 'cli-cache') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code: number = await new Promise((res) => child.on('close', (c) => res(c ?? -1)));
  return { code, stdout, stderr };
}

describe('through the CLI', () => {
  test(
    'a .deb for linux/amd64, listed in the summary',
    async () => {
      const dir = project('cli-app', LINUX_AND_BSD);
      const c = await cli(dir, ['--targets', 'linux/amd64', '--cache', 'false', '--linux-packages', 'deb', '--maintainer', MAINTAINER]);
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- jest's asymmetric matchers are typed any
      expect({ code: c.code, stderr: c.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/error/i) });
      expect(c.stdout).toMatch(/linux\/amd64\s+hello-fyne_1\.2\.3-4_amd64\.deb/); // no tag: FyneApp.toml's Version
      expect(sh('dpkg-deb', ['-f', join(dir, 'dist', 'hello-fyne_1.2.3-4_amd64.deb'), 'Version'])).toBe('1.2.3-4\n');
    },
    30 * 60_000,
  );

  test.each([
    [
      'Name with $(...) and quotes',
      'Name = "Hello Fyne"',
      'Name = "Evil \\"$(touch /tmp/pwned)\\""',
      // refused as a name before anything is built (the / in it; a $ alone is nfpm's check, in linux-packages unit tests)
      /FyneApp.toml Details.Name: "Evil \\"\$\(touch \/tmp\/pwned\)\\"" has a path separator/,
    ],
    ['Name with a newline', 'Name = "Hello Fyne"', 'Name = "Evil\\nExec=sh"', /FyneApp.toml Details.Name: "Evil\\nExec=sh" has a control character/],
    ['ID with ../', `ID = "${ID}"`, 'ID = "../../etc/evil"', /FyneApp.toml: Details.ID "..\/..\/etc\/evil" is not a reverse-DNS application id/],
  ])(
    'a hostile FyneApp.toml is refused: %s',
    async (label, from, to, re) => {
      const dir = project(`hostile-${label.replace(/\W+/g, '-')}`, '');
      const toml = join(dir, 'FyneApp.toml');
      writeFileSync(toml, readFileSync(toml, 'utf8').replace(from, to));
      mkdirSync(join(dir, 'dist'), { recursive: true });
      const c = await cli(dir, ['--targets', 'linux/amd64', '--cache', 'false', '--linux-packages', 'deb', '--maintainer', MAINTAINER]);
      expect(c.code).toBe(1);
      expect(c.stderr).toMatch(re);
      expect(sh('find', [join(dir, 'dist'), '-name', '*.deb'])).toBe('');
    },
    30 * 60_000,
  );
});
