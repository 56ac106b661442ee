/**
 * One version for the whole release (issue 19): a tag build (GITHUB_REF=refs/tags/v2.3.4) of the
 * example Fyne app whose FyneApp.toml still says 1.2.3, through the bundled action in a simulated
 * runner: linux/amd64 and windows/amd64 built (cgo, as every Fyne app), a universal .app from two
 * pure-Go darwin binaries (universal-inputs), fyne-package, .deb and .rpm, an Authenticode
 * signature. Every version is then read back from the released files with tools that are not
 * ours, and each must be the tag's (mapped per format):
 *   the compiled-in app.Metadata() (the Linux binary prints it, run under Xvfb), Info.plist
 *   (python plistlib), the Windows version resource (a small VS_VERSIONINFO reader here),
 *   archive and package file names, `dpkg-deb -f Version`, `rpm -qp --qf %{VERSION}`, the
 *   Authenticode description (`osslsigncode verify`), the job manifest and the summary.
 * And Info.plist is truthful: LSMinimumSystemVersion is macos-min-version; no empty values.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactJSON } from '../../src/artifacts/registry.js';
import { makePki, startTsa, type Pki, type Tsa } from '../helpers/authenticode.js';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { buildGoHello } from '../helpers/macho-go.js';
import { newRunner, ROOT, runStep, type Runner, type StepResult } from '../helpers/runner.js';
import { requireTools } from '../helpers/tools.js';

const TAG_VERSION = '2.3.4';
const MAINTAINER = 'Release Tester <release@example.com>';
const sh = (cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });

let mirror: Mirror;
let runner: Runner;
let pki: Pki;
let tsa: Tsa;
let app: string;
let out: string;
let r: StepResult;

beforeAll(async () => {
  requireTools('python3', 'dpkg-deb', 'rpm', 'osslsigncode', 'openssl', 'xvfb-run', 'sha256sum');
  mirror = await startMirror();
  runner = newRunner('one-version', { preinstalledGo: true });
  pki = makePki(join(runner.dir, 'pki'));
  tsa = await startTsa(pki);
  const env = offlineGoEnv(mirror.url);
  // The example app as is: FyneApp.toml says Version = "1.2.3", Build = 4 (not bumped for the tag).
  app = join(runner.dir, 'hello-fyne');
  cpSync(join(ROOT, 'examples/hello-fyne'), app, { recursive: true });
  expect(readFileSync(join(app, 'FyneApp.toml'), 'utf8')).toMatch(/^Version = "1\.2\.3"$/m);
  mkdirSync(join(app, 'bins'));
  const hello = await buildGoHello(mkdtempSync(join(runner.dir, 'darwin-'))); // pure Go: no macOS SDK here
  cpSync(hello.amd64, join(app, 'bins', 'Hello-Fyne_darwin_amd64'));
  cpSync(hello.arm64, join(app, 'bins', 'Hello-Fyne_darwin_arm64'));
  out = join(app, 'dist');
  r = await runStep(runner, {
    inputs: {
      'go-version': mirror.version,
      'working-directory': app,
      targets: 'linux/amd64, windows/amd64',
      'universal-inputs': 'bins/Hello-Fyne_darwin_*',
      'output-dir': out,
      cache: 'false',
      archive: 'auto',
      'fyne-package': 'true',
      'linux-packages': 'deb, rpm',
      maintainer: MAINTAINER,
      'windows-certificate': pki.pfxBase64,
      'windows-certificate-password': pki.password,
      'windows-timestamp-url': tsa.url,
    },
    env: { ...env, GITHUB_REF: 'refs/tags/v2.3.4', GITHUB_REF_NAME: 'v2.3.4', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567' },
    timeoutMs: 45 * 60_000,
  });
  if (r.code !== 0) throw new Error(`the action failed (${r.code}):\n${r.errors.join('\n')}\n${r.stdout.slice(-6000)}`);
}, 45 * 60_000);
afterAll(async () => {
  await tsa.close();
  await mirror.close();
});

const arts = (): ArtifactJSON[] => JSON.parse(r.outputs['artifacts'] ?? '[]') as ArtifactJSON[];
const one = (pred: (a: ArtifactJSON) => boolean, what: string): ArtifactJSON => {
  const found = arts().filter(pred);
  if (found.length !== 1) throw new Error(`expected one ${what}, got ${JSON.stringify(found.map((a) => a.path))}`);
  return found[0];
};

/** Info.plist of the released .app (a folder, or the zip a job hands on), read by python's plistlib. */
function infoPlist(): Record<string, unknown> {
  const a = one((x) => x.kind === 'app', '.app');
  let bundle = a.path;
  if (bundle.endsWith('.zip')) {
    const x = mkdtempSync(join(runner.dir, 'app-zip-'));
    sh('python3', ['-c', 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', bundle, x]);
    bundle = join(
      x,
      readdirSync(x).find((n) => n.endsWith('.app'))!,
    );
  }
  return JSON.parse(
    sh('python3', ['-c', 'import sys,json,plistlib\nprint(json.dumps(plistlib.load(open(sys.argv[1],"rb"))))', join(bundle, 'Contents', 'Info.plist')]),
  ) as Record<string, unknown>;
}

/**
 * The Windows version resource, read from the exe's bytes by the layout Microsoft documents
 * (VS_VERSIONINFO: the key "VS_VERSION_INFO" in UTF-16, then VS_FIXEDFILEINFO, 32-bit aligned,
 * signature 0xFEEF04BD; the StringFileInfo values follow their key, 32-bit aligned).
 */
function versionResource(exe: Buffer): { fileVersion: string; productVersion: string; strings: Record<string, string> } {
  const key = Buffer.from('VS_VERSION_INFO\0', 'utf16le');
  const at = exe.indexOf(key);
  if (at < 0) throw new Error('no VS_VERSION_INFO in the exe');
  const fixed = (at - 6 + 6 + key.length + 3) & ~3; // wLength, wValueLength, wType precede the key
  if (exe.readUInt32LE(fixed) !== 0xfeef04bd) throw new Error('VS_FIXEDFILEINFO signature not found');
  const ver = (ms: number, ls: number) => `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;
  const strings: Record<string, string> = {};
  for (const name of ['ProductVersion', 'FileVersion', 'ProductName']) {
    const k = Buffer.from(`${name}\0`, 'utf16le');
    const i = exe.indexOf(k, fixed);
    if (i < 0) continue;
    let v = (i + k.length + 3) & ~3;
    let s = '';
    for (; exe.readUInt16LE(v) !== 0; v += 2) s += String.fromCharCode(exe.readUInt16LE(v));
    strings[name] = s;
  }
  return {
    fileVersion: ver(exe.readUInt32LE(fixed + 8), exe.readUInt32LE(fixed + 12)),
    productVersion: ver(exe.readUInt32LE(fixed + 16), exe.readUInt32LE(fixed + 20)),
    strings,
  };
}

describe('a tag build v2.3.4 whose FyneApp.toml says 1.2.3: one version everywhere', () => {
  test('the compiled-in app.Metadata().Version (the Linux binary prints it under Xvfb)', () => {
    const bin = one((a) => a.target === 'linux/amd64' && a.kind === 'binary', 'linux binary').path;
    const p = spawnSync('xvfb-run', ['-a', bin], { encoding: 'utf8', timeout: 90_000, env: { ...process.env, HELLO_FYNE_QUIT_AFTER: '1s' } });
    const text = `${p.stdout}${p.stderr}`;
    expect(text).toContain('app-id=io.github.gofyneaction.hellofyne');
    expect(text).toContain(`app-name=Hello Fyne version=${TAG_VERSION} build=4 release=true`);
  }, 120_000);

  test('Info.plist: CFBundleShortVersionString is the tag; LSMinimumSystemVersion is macos-min-version (11.0); no empty values', () => {
    const plist = infoPlist();
    expect(plist).toMatchObject({ CFBundleShortVersionString: TAG_VERSION, CFBundleVersion: '4', LSMinimumSystemVersion: '11.0' });
    expect(plist).not.toHaveProperty('LSApplicationCategoryType'); // fyne writes "public.app-category." with no category
    for (const [k, v] of Object.entries(plist)) expect([k, v]).not.toEqual([k, '']);
  });

  test('the Windows version resource: numeric 2.3.4.<build>, ProductVersion string 2.3.4', () => {
    const exe = one((a) => a.target === 'windows/amd64' && a.kind === 'binary', 'windows exe').path;
    const v = versionResource(readFileSync(exe));
    expect(v.fileVersion).toBe(`${TAG_VERSION}.4`);
    expect(v.productVersion).toBe(`${TAG_VERSION}.4`);
    expect(v.strings).toEqual({ ProductVersion: TAG_VERSION, FileVersion: `${TAG_VERSION}.4`, ProductName: 'Hello Fyne' });
  });

  test('the Authenticode description is "Hello Fyne 2.3.4", and the signature verifies', () => {
    const exe = one((a) => a.target === 'windows/amd64' && a.kind === 'binary', 'windows exe');
    expect(exe.signed).toBe('authenticode');
    const v = spawnSync('osslsigncode', ['verify', '-CAfile', pki.caPem, '-TSA-CAfile', pki.caPem, '-in', exe.path], { encoding: 'utf8' });
    const text = `${v.stdout}${v.stderr}`;
    expect(v.status).toBe(0);
    expect(text).toMatch(new RegExp(`^\\s*Text description: Hello Fyne ${TAG_VERSION.replace(/\./g, '\\.')}\\s*$`, 'm'));
  });

  test('.deb and .rpm: dpkg-deb -f Version and rpm --qf %{VERSION} say the tag', () => {
    const deb = one((a) => a.kind === 'deb', '.deb').path;
    const rpm = one((a) => a.kind === 'rpm', '.rpm').path;
    expect(sh('dpkg-deb', ['-f', deb, 'Version']).trim()).toBe(`${TAG_VERSION}-4`);
    expect(sh('rpm', ['-qp', '--qf', '%{VERSION}-%{RELEASE}', rpm], { env: { ...process.env, HOME: runner.home } }).trim()).toBe(`${TAG_VERSION}-4`);
  });

  test('file names: every archive and package carries the tag, none says 1.2.3', () => {
    const names = readdirSync(out);
    for (const n of [
      'Hello-Fyne_2.3.4_linux_amd64.tar.gz',
      'Hello-Fyne_2.3.4_windows_amd64.zip',
      'Hello-Fyne_2.3.4_darwin_universal.tar.gz',
      'Hello-Fyne_2.3.4_linux_amd64.tar.xz',
      'hello-fyne_2.3.4-4_amd64.deb',
      'hello-fyne-2.3.4-4.x86_64.rpm',
    ])
      expect(names).toContain(n);
    expect(names.filter((n) => n.includes('1.2.3'))).toEqual([]);
    expect(sh('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out })).not.toMatch(/FAILED/);
  });

  test('the job manifest and the summary name the tag', () => {
    const manifest = r.outputs['manifest'];
    expect(manifest && existsSync(manifest) && statSync(manifest).isFile()).toBe(true);
    expect((JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version).toBe(TAG_VERSION);
    expect(r.summary).toContain(`**release** ${TAG_VERSION}`);
  });
});
