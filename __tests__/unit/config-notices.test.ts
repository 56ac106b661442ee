/**
 * One `with:` block serves a matrix (issue 19): an input that no target of this job uses is a
 * recorded notice (`config.notices`, `<input>: <why>`), never an error; a contradiction inside
 * what the job does, or a malformed value, stays one refusal line. Each decision is a case here,
 * against a real workspace on disk (nothing is downloaded, built or written).
 */
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskSources, parseConfig, resolveConfig, type Config } from '../../src/config.js';
import { UserError } from '../../src/errors.js';

const ws = realpathSync(mkdtempSync(join(tmpdir(), 'config-notices-')));
const app = join(ws, 'app');
mkdirSync(join(app, 'bins'), { recursive: true });
writeFileSync(join(app, 'go.mod'), 'module example.com/app\n\ngo 1.22.3\n');
writeFileSync(join(app, 'bins', 'hello_darwin_amd64'), 'x');
writeFileSync(join(app, 'bins', 'hello_darwin_arm64'), 'x');
mkdirSync(join(app, 'jobs'));
writeFileSync(join(app, 'jobs', 'hello_build_linux-amd64_linux-amd64.manifest.json'), '{}');
const bin = join(ws, 'bin');
mkdirSync(bin);
writeFileSync(join(bin, 'my-cc'), '#!/bin/sh\n', { mode: 0o755 });

/** The outer structure of a PKCS#12 file (SEQUENCE { version 3, ContentInfo pkcs7-data }), base64. */
const PFX = Buffer.from('3010020103300b06092a864886f70d010701', 'hex').toString('base64');
const PASSWORD = 's3cr3t-pw';
const MAINTAINER = 'Jane Doe <jane@example.org>';

/** The README's matrix `with:` block: every job gets all of it. */
const SHARED: Record<string, string> = {
  'windows-certificate': PFX,
  'windows-certificate-password': PASSWORD,
  'windows-timestamp-url': 'http://timestamp.digicert.com',
  'linux-packages': 'deb, rpm',
  maintainer: MAINTAINER,
  'fyne-package': 'true',
};

async function load(inputs: Record<string, string>, host: 'linux' | 'darwin' = 'linux'): Promise<Config> {
  const all: Record<string, string> = { 'working-directory': 'app', ...inputs };
  const src = diskSources((n) => all[n] ?? '', { GITHUB_WORKSPACE: ws, PATH: `${bin}:/usr/bin:/bin` }, { os: host, arch: 'amd64' }, ws);
  return resolveConfig(parseConfig(src), (p) => realpathSync(p));
}

const messages = (c: Config): string[] => c.notices.map((n) => n.message);

async function refusal(inputs: Record<string, string>): Promise<string> {
  try {
    await load(inputs);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${JSON.stringify(inputs)}`);
}

describe('inputs this job does not use: notices, each with its exact line', () => {
  const NOTICED: [string, Record<string, string>, string[]][] = [
    [
      'the certificate, its password and timestamp server in a job with no Windows target',
      { targets: 'linux/amd64', 'windows-certificate': PFX, 'windows-certificate-password': PASSWORD, 'windows-timestamp-url': 'http://127.0.0.1:1/' },
      [
        'windows-certificate: this job builds no Windows target, nothing to sign',
        'windows-certificate-password: this job builds no Windows target, nothing to sign',
        'windows-timestamp-url: this job builds no Windows target, nothing to sign',
      ],
    ],
    [
      'a certificate without password or timestamp server in a set-up-only job',
      { 'windows-certificate': PFX },
      ['windows-certificate: this job builds no Windows target, nothing to sign'],
    ],
    [
      'a timestamp server without a certificate (a pull request from a fork gets no secrets)',
      { targets: 'windows/amd64', 'windows-timestamp-url': 'http://timestamp.digicert.com' },
      ['windows-timestamp-url: no windows-certificate is given to this job, nothing to sign'],
    ],
    [
      'linux-packages and maintainer in a job with no Linux target',
      { targets: 'windows/amd64', 'linux-packages': 'deb', maintainer: MAINTAINER },
      ['linux-packages: this job builds no Linux target, nothing to package', 'maintainer: this job builds no Linux target, nothing to package'],
    ],
    [
      'linux-packages without maintainer in a job with no Linux target (the missing maintainer is no contradiction here)',
      { targets: 'darwin/arm64', 'linux-packages': 'rpm' },
      ['linux-packages: this job builds no Linux target, nothing to package'],
    ],
    [
      'linux-packages where no Linux target has a .deb/.rpm architecture',
      { targets: 'linux/arm', 'linux-packages': 'deb', maintainer: MAINTAINER },
      [
        "linux-packages: this job's Linux targets (linux/arm) have no .deb/.rpm architecture, nothing to package",
        "maintainer: this job's Linux targets (linux/arm) have no .deb/.rpm architecture, nothing to package",
      ],
    ],
    [
      'maintainer without linux-packages',
      { targets: 'linux/amd64', maintainer: MAINTAINER },
      ['maintainer: linux-packages is empty, this job makes no .deb or .rpm to name it in'],
    ],
    [
      'cc for a target this job does not build (its compiler need not be on this runner)',
      { targets: 'linux/amd64', cc: 'windows/amd64=x86_64-w64-mingw32-gcc-not-here, linux/amd64=my-cc' },
      ['cc: this job does not build windows/amd64, its compiler (x86_64-w64-mingw32-gcc-not-here) is not used'],
    ],
    [
      'lipo: system on a Linux runner that merges nothing',
      { targets: 'linux/amd64, darwin/arm64', lipo: 'system' },
      ['lipo: this job merges no universal binary (no darwin/amd64 and darwin/arm64 pair), nothing to merge'],
    ],
    [
      'lipo with universal: false',
      { targets: 'darwin/amd64, darwin/arm64', universal: 'false', lipo: 'builtin' },
      ['lipo: universal is false, nothing to merge'],
    ],
    [
      'macos-min-version and windows-subsystem in a Linux job',
      { targets: 'linux/amd64', 'macos-min-version': '12.0', 'windows-subsystem': 'console' },
      [
        'windows-subsystem: this job builds no Windows target, nothing to apply it to',
        'macos-min-version: this job builds no macOS target, nothing to apply it to',
      ],
    ],
    [
      'fyne-package where the fyne tool packages no target',
      { targets: 'freebsd/amd64', 'fyne-package': 'true' },
      ['fyne-package: this job builds no Linux, macOS or Windows target (targets: freebsd/amd64), nothing to package'],
    ],
  ];
  test.each(NOTICED)('%s', async (_label, inputs, expected) => {
    const c = await load(inputs);
    expect(messages(c)).toEqual(expected);
    for (const n of c.notices) {
      expect(n.message.startsWith(`${n.input}: `)).toBe(true);
      expect(n.message).not.toContain('\n');
      expect(n.message).not.toContain(PASSWORD);
      expect(n.message).not.toContain(PFX);
    }
  });

  test('what is not used is not done: no signing, no packages, no foreign compiler', async () => {
    const c = await load({ targets: 'linux/amd64', 'windows-certificate': PFX, 'windows-certificate-password': PASSWORD, cc: 'windows/amd64=nope-gcc' });
    expect(c.signing).toEqual({});
    expect(c.build.inputs.cc).toEqual({});
    const w = await load({ targets: 'windows/amd64', 'linux-packages': 'deb', maintainer: MAINTAINER });
    expect(w.release.linuxPackages).toEqual([]);
  });

  test("the README's shared with: block: a Linux job and a Windows job both load, each told what it does not use", async () => {
    const linux = await load({ ...SHARED, targets: 'linux/amd64' });
    expect(messages(linux)).toEqual([
      'windows-certificate: this job builds no Windows target, nothing to sign',
      'windows-certificate-password: this job builds no Windows target, nothing to sign',
      'windows-timestamp-url: this job builds no Windows target, nothing to sign',
    ]);
    expect(linux.release.linuxPackages).toEqual(['deb', 'rpm']);
    const windows = await load({ ...SHARED, targets: 'windows/amd64' });
    expect(messages(windows)).toEqual([
      'linux-packages: this job builds no Linux target, nothing to package',
      'maintainer: this job builds no Linux target, nothing to package',
    ]);
    expect(windows.signing.authenticode?.timestampUrl).toBe('http://timestamp.digicert.com');
    const mac = await load({ ...SHARED, targets: 'darwin/amd64, darwin/arm64' });
    expect(mac.notices.map((n) => n.input)).toEqual([
      'linux-packages',
      'maintainer',
      'windows-certificate',
      'windows-certificate-password',
      'windows-timestamp-url',
    ]);
  });

  test('a job that uses everything it is given has no notices', async () => {
    expect((await load({ ...SHARED, targets: 'linux/amd64, windows/amd64, darwin/amd64, darwin/arm64', lipo: 'builtin' })).notices).toEqual([]);
    expect((await load({ targets: 'linux/amd64', 'macos-min-version': '', cc: 'linux/amd64=my-cc' })).notices).toEqual([]);
    // universal-inputs: the .app's Info.plist takes macos-min-version; the merge takes lipo
    expect((await load({ 'universal-inputs': 'bins/*', 'macos-min-version': '12.0', lipo: 'builtin', 'fyne-package': 'true' })).notices).toEqual([]);
  });

  test('a fan-in (release-inputs) has no targets: its signing inputs apply to what it gathers', async () => {
    const c = await load({
      'release-inputs': 'jobs',
      'windows-certificate': PFX,
      'windows-timestamp-url': 'http://127.0.0.1:1/',
      'macos-min-version': '12.0',
      lipo: 'builtin',
    });
    expect(c.notices).toEqual([]);
    expect(c.signing.authenticode).toBeDefined();
  });
});

describe('contradictions inside what the job does, and malformed values, stay errors', () => {
  const REFUSED: [Record<string, string>, string | RegExp][] = [
    [
      { targets: 'linux/amd64', 'windows-certificate-password': PASSWORD },
      'input "windows-certificate-password": "***" is set without windows-certificate; set windows-certificate (the base64 .pfx) too, or drop windows-certificate-password',
    ],
    [
      { targets: 'linux/amd64', 'windows-certificate': 'not base64!' },
      'input "windows-certificate": "***" is not base64 (10 characters); give the .pfx file base64-encoded, e.g. base64 -w0 cert.pfx stored in a secret',
    ],
    [
      { targets: 'linux/amd64', 'windows-timestamp-url': 'ftp://ts.example.com' },
      'input "windows-timestamp-url": "ftp://ts.example.com" has scheme ftp; use the http(s) URL of an RFC 3161 timestamp server, such as http://timestamp.digicert.com',
    ],
    [
      { targets: 'linux/amd64', 'linux-packages': 'rpm' },
      'input "linux-packages": "rpm" needs maintainer, which is empty; set maintainer: Name <email> (the Maintainer of the .deb, the Packager of the .rpm)',
    ],
    [
      { targets: 'windows/amd64', 'linux-packages': 'snap', maintainer: MAINTAINER },
      'input "linux-packages": "snap" is not a package format; use deb, rpm or both (deb, rpm)',
    ],
    [{ targets: 'windows/amd64', maintainer: 'jane@example.org' }, /^input "maintainer": "jane@example.org" is not a name and an address/],
    [
      { targets: 'linux/amd64', cc: 'linux/amd64=nope-gcc' },
      'input "cc": "linux/amd64=nope-gcc" names nope-gcc, which is not on PATH; install the compiler first, or name one on PATH (e.g. x86_64-w64-mingw32-gcc)',
    ],
    [
      { targets: 'darwin/amd64, darwin/arm64', lipo: 'system' },
      'input "lipo": "system" needs Apple\'s lipo, which this linux runner does not have; use auto or builtin (our lipo, on any runner)',
    ],
    [{ targets: 'linux/amd64', 'macos-min-version': '9' }, /^input "macos-min-version": "9" is not a macOS version/],
    [
      { universal: 'false', 'universal-inputs': 'bins/*' },
      'input "universal-inputs": "bins/*" is set while universal is false; set universal: true to merge them, or drop universal-inputs',
    ],
    [{ 'archive-files': 'go.mod' }, 'input "archive-files": "go.mod" is set while archive is none; set archive to zip, tar.gz or auto, or drop archive-files'],
    [
      { 'release-inputs-run-id': '123' },
      'input "release-inputs-run-id": "123" is set without release-inputs; set it only in a fan-in step (with release-inputs), or drop it',
    ],
  ];
  test.each(REFUSED.map(([i, m]) => [JSON.stringify(i), i, m] as const))('%s', async (_label, inputs, expected) => {
    const msg = await refusal(inputs);
    expect(msg).not.toContain('\n');
    if (typeof expected === 'string') expect(msg).toBe(expected);
    else expect(msg).toMatch(expected);
    expect(msg).not.toContain(PASSWORD);
  });
});
