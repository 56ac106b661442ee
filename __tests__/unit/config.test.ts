/**
 * The input contract (src/config.ts + src/input-kit.ts) against a real workspace on disk: every
 * malformed input is one line naming the input, what was wrong and what is accepted, and
 * credentials never appear in it. Nothing here downloads, builds or writes.
 */
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskSources, parseConfig, resolveConfig, type Config } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { parseBoolean, parseTriState } from '../../src/input-kit.js';
import { INPUTS } from '../../src/inputs.js';
import { parseArgs } from '../../src/cli-args.js';

const ws = realpathSync(mkdtempSync(join(tmpdir(), 'config-test-')));
const app = join(ws, 'app');
mkdirSync(join(app, 'adir'), { recursive: true });
mkdirSync(join(app, 'bins'));
writeFileSync(join(app, 'go.mod'), 'module example.com/app\n\ngo 1.22.3\n');
writeFileSync(join(app, 'go.sum'), '');
writeFileSync(join(app, 'README.md'), 'readme');
writeFileSync(join(app, 'LICENSE'), 'license');
writeFileSync(join(app, 'bins', 'hello_darwin_amd64'), 'x');
writeFileSync(join(app, 'bins', 'hello_darwin_arm64'), 'x');
mkdirSync(join(app, 'jobs', 'out'), { recursive: true });
writeFileSync(join(app, 'jobs', 'hello_build_linux-amd64_linux-amd64.manifest.json'), '{}');
writeFileSync(join(app, 'jobs', 'out', 'stale'), 'x');
mkdirSync(join(app, 'empty'));
symlinkSync('/etc', join(app, 'escape'));
symlinkSync('/etc/hostname', join(app, 'leak'));
const bin = join(ws, 'bin');
mkdirSync(bin);
writeFileSync(join(bin, 'my-cc'), '#!/bin/sh\n', { mode: 0o755 });

const ENV = { GITHUB_WORKSPACE: ws, PATH: `${bin}:/usr/bin:/bin` };
/** The outer structure of a PKCS#12 file (SEQUENCE { version 3, ContentInfo pkcs7-data }), base64. */
const PFX = Buffer.from('3010020103300b06092a864886f70d010701', 'hex').toString('base64');

async function load(inputs: Record<string, string>, env: Record<string, string> = {}, host: 'linux' | 'darwin' = 'linux'): Promise<Config> {
  const all: Record<string, string> = { 'working-directory': 'app', ...inputs };
  const src = diskSources((n) => all[n] ?? '', { ...ENV, ...env }, { os: host, arch: 'amd64' }, ws);
  return resolveConfig(parseConfig(src), (p) => realpathSync(p));
}

async function refusal(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<string> {
  try {
    await load(inputs, env);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${JSON.stringify(inputs)} ${JSON.stringify(env)}`);
}

describe('defaults come from src/inputs.ts only', () => {
  test('an empty workflow step', async () => {
    const c = await load({});
    expect(c.workingDirectory).toBe(app);
    expect(c.outputDir).toBe(join(app, 'dist'));
    expect(c.toolchain).toMatchObject({
      specFrom: join(app, 'go.mod'),
      arch: 'amd64',
      source: 'auto',
      checkLatest: false,
      downloadBaseUrl: 'https://go.dev/dl',
    });
    expect(c.cache).toEqual({ enabled: true, save: 'auto', dependencyPaths: [], keyPrefix: 'go-fyne', modules: 'auto' });
    expect(c.build.inputs).toMatchObject({
      targets: [],
      package: '.',
      buildmode: 'exe',
      trimpath: true,
      strip: true,
      cgo: 'auto',
      release: true,
      windowsSubsystem: 'auto',
      macosMinVersion: '11.0',
      cc: {},
    });
    expect(c.build.installDeps).toBe('auto');
    expect(c.build.parallel).toBeGreaterThanOrEqual(1);
    expect(c.universal).toEqual({ enabled: true, lipo: 'auto', inputs: [], resolvedInputs: [] });
    expect(c.release).toMatchObject({ archive: 'none', archiveFiles: [], version: '', fynePackage: false });
  });
  test('working-directory below the module root: the Go version comes from the go.mod the go command uses (the nearest above)', async () => {
    const c = await load({ 'working-directory': 'app/empty' });
    expect(c.toolchain.specFrom).toBe(join(app, 'go.mod'));
    expect(c.toolchain.spec).toMatchObject({ kind: 'exact', raw: '1.22.3' });
  });
  test('every boolean, tri-state, choice and number input has a default its own parser accepts', () => {
    for (const i of INPUTS) {
      if (i.kind.type === 'boolean') expect(typeof parseBoolean(i.name, i.default)).toBe('boolean');
      if (i.kind.type === 'tristate') expect(parseTriState(i.name, i.default)).toBe('auto');
      if (i.kind.type === 'choice') expect(i.kind.choices).toContain(i.default);
    }
  });
  test('no go.mod at or above working-directory: stable', async () => {
    expect((await load({ 'working-directory': 'bin' })).toolchain.spec).toMatchObject({ kind: 'alias', alias: 'stable' });
  });
});

describe('accepted spellings', () => {
  test('archive: tgz is tar.gz, and AUTO is auto', async () => {
    expect((await load({ archive: 'tgz' })).release.archive).toBe('tar.gz');
    expect((await load({ archive: 'AUTO' })).release.archive).toBe('auto');
  });
  test("booleans take exactly GitHub's words, in every input", async () => {
    const c = await load({
      cache: 'False',
      universal: 'FALSE',
      'fyne-package': 'True',
      trimpath: 'false',
      strip: 'TRUE',
      'fyne-release': 'False',
      'check-latest': 'true',
    });
    expect([
      c.cache.enabled,
      c.universal.enabled,
      c.release.fynePackage,
      c.build.inputs.trimpath,
      c.build.inputs.strip,
      c.build.inputs.release,
      c.toolchain.checkLatest,
    ]).toEqual([false, false, true, false, true, false, true]);
    expect((await load({ cgo: 'TRUE', 'install-deps': 'False', 'cache-save': 'AUTO' })).build.inputs.cgo).toBe('true');
  });
  test('targets once, case-insensitive, duplicates dropped', async () => {
    const c = await load({ targets: 'LINUX/AMD64, windows/amd64\nDarwin/ARM64 linux/amd64' });
    expect(c.build.inputs.targets).toEqual([
      { os: 'linux', arch: 'amd64' },
      { os: 'windows', arch: 'amd64' },
      { os: 'darwin', arch: 'arm64' },
    ]);
  });
  test('mirrors: https anywhere, http on loopback only; env fallbacks', async () => {
    expect((await load({ 'go-download-base-url': 'http://127.0.0.1:8080/dl/' })).toolchain.downloadBaseUrl).toBe('http://127.0.0.1:8080/dl');
    expect((await load({}, { GO_DOWNLOAD_BASE_URL: 'https://mirror.example.com/golang' })).toolchain.downloadBaseUrl).toBe('https://mirror.example.com/golang');
    expect((await load({ 'go-download-source': 'PROXY', architecture: 'aarch64' }, { GOPROXY: 'https://proxy.example.com' })).toolchain).toMatchObject({
      source: 'proxy',
      arch: 'arm64',
      goProxy: 'https://proxy.example.com',
    });
    // a file:// GOPROXY serves the builds' module downloads; only the toolchain source refuses it, and only if it is tried
    expect((await load({}, { GOPROXY: 'file:///srv/goproxy,off' })).toolchain.goProxy).toBe('file:///srv/goproxy,off');
  });
  test('patterns resolve before the build', async () => {
    const c = await load({
      archive: 'auto',
      'archive-files': 'README.md, LICENSE',
      'universal-inputs': 'bins/hello_darwin_*',
      'cache-dependency-path': '**/go.sum',
    });
    expect(c.release.archiveFileList.map((f) => f.name)).toEqual(['LICENSE', 'README.md']);
    expect(c.universal.resolvedInputs.sort()).toEqual([join(app, 'bins/hello_darwin_amd64'), join(app, 'bins/hello_darwin_arm64')]);
  });
  test('release-inputs: folders resolve to their files before anything runs', async () => {
    const c = await load({ 'release-inputs': 'jobs', 'output-dir': 'release', archive: 'auto', 'archive-files': 'README.md' });
    expect(c.release.releaseInputs).toEqual(['jobs']);
    expect(c.release.releaseInputFiles.map((f) => f.name)).toEqual(['jobs/hello_build_linux-amd64_linux-amd64.manifest.json', 'jobs/out/stale']);
  });
  test('cc for a target being built, compiler on PATH', async () => {
    expect((await load({ targets: 'linux/arm64', cc: 'linux/arm64=my-cc -target aarch64' })).build.inputs.cc).toEqual({
      'linux/arm64': 'my-cc -target aarch64',
    });
  });
  test('output-dir anywhere inside the workspace', async () => {
    expect((await load({ 'output-dir': '../out' })).outputDir).toBe(join(ws, 'out'));
    expect((await load({ 'output-dir': join(ws, 'abs/out') })).outputDir).toBe(join(ws, 'abs/out'));
  });
  test('the CLI passes a word after a boolean flag to the same parser', () => {
    expect(Object.fromEntries(parseArgs(['--cache', 'yes', '--universal']))).toEqual({ cache: 'yes', universal: 'true' });
  });
});

const BOOL = 'use true or false (also True, TRUE, False, FALSE)';

/** [inputs, env, the whole error line (a string) or a pattern]. */
const REFUSED: Array<[Record<string, string>, Record<string, string>, string | RegExp]> = [
  [
    { 'working-directory': 'nope' },
    {},
    `input "working-directory": "nope" does not exist (looked at ${ws}/nope); name the folder that holds go.mod, relative to the workspace`,
  ],
  [
    { 'working-directory': 'app/go.mod' },
    {},
    'input "working-directory": "app/go.mod" is not a folder; name the folder that holds go.mod, relative to the workspace',
  ],
  [
    { 'go-version-file': 'adir' },
    {},
    `input "go-version-file": "adir" is a folder (${app}/adir), not a file; name a go.mod, go.work, .go-version or .tool-versions file, relative to working-directory`,
  ],
  [{ 'go-version-file': 'missing.mod' }, {}, /^input "go-version-file": "missing.mod" does not exist \(looked at .*\/app\/missing.mod\); name a go.mod/],
  [{ 'go-version': '1.23', 'go-version-file': 'go.mod' }, {}, 'inputs "go-version" and "go-version-file" are both set ("1.23", "go.mod"); set only one'],
  [{ 'go-version': 'one.two' }, {}, /^input "go-version": "one.two" is not a version or range/],
  [{ 'go-version': '../x' }, {}, /^input "go-version": "..\/x" is not a version or range/],
  [{ architecture: '386' }, {}, /^input "architecture": "386" is not an architecture this action installs Go for: .*; use amd64 .*targets: linux\/386\)$/],
  [{ 'check-latest': 'yes' }, {}, `input "check-latest": "yes" is not a boolean; ${BOOL}`],
  [{ cache: 'yes' }, {}, `input "cache": "yes" is not a boolean; ${BOOL}`],
  [{ universal: 'yes' }, {}, `input "universal": "yes" is not a boolean; ${BOOL}`],
  [{ 'fyne-package': 'on' }, {}, `input "fyne-package": "on" is not a boolean; ${BOOL}`],
  [{ trimpath: '1' }, {}, `input "trimpath": "1" is not a boolean; ${BOOL}`],
  [{ strip: 'tRUE' }, {}, `input "strip": "tRUE" is not a boolean; ${BOOL}`],
  [{ 'fyne-release': 'no' }, {}, `input "fyne-release": "no" is not a boolean; ${BOOL}`],
  [{ cgo: 'sometimes' }, {}, 'input "cgo": "sometimes" is not auto, true or false; use auto, true or false'],
  [{ 'install-deps': 'yes' }, {}, 'input "install-deps": "yes" is not auto, true or false; use auto, true or false'],
  [{ 'cache-save': 'never' }, {}, 'input "cache-save": "never" is not auto, true or false; use auto, true or false'],
  [{ 'go-download-source': 'ftp' }, {}, 'input "go-download-source": "ftp" is not accepted; use one of auto, dl, proxy'],
  [{ 'go-download-base-url': 'ftp://x' }, {}, 'input "go-download-base-url": "ftp://x" has scheme ftp; use an https URL such as https://go.dev/dl'],
  [
    { 'go-download-base-url': 'mirror.example.com' },
    {},
    'input "go-download-base-url": "mirror.example.com" is not a URL; use an https URL such as https://go.dev/dl',
  ],
  [
    { 'go-download-base-url': 'http://mirror.example.com/dl' },
    {},
    /^input "go-download-base-url": "http:\/\/mirror.example.com\/dl" is plain http .*; use an https URL; http is accepted only for a loopback address/,
  ],
  [
    { 'go-download-base-url': 'https://deploy:s3cr3t-pw@mirror.example.com/dl' },
    {},
    'input "go-download-base-url": "https://mirror.example.com/dl" carries user:password, which go-fyne-action never sends to a mirror; use an https URL without credentials',
  ],
  [{ 'go-download-base-url': 'https://mirror.example.com/dl?token=1' }, {}, /^input "go-download-base-url": .* has a query or fragment/],
  [{}, { GO_DOWNLOAD_BASE_URL: 'http://mirror.example.com/dl' }, /^input "GO_DOWNLOAD_BASE_URL": "http:\/\/mirror.example.com\/dl" is plain http/],
  [
    { 'go-proxy': 'ftp://x' },
    {},
    /^input "go-proxy": "ftp:\/\/x" has an entry "ftp:\/\/x\/?" with scheme ftp \(must be https or http\); use a list of proxy URLs/,
  ],
  [{ 'go-proxy': 'https://bob:hunter22@proxy.example.com' }, {}, /^input "go-proxy": "https:\/\/\*\*\*@proxy.example.com" has an entry with credentials/],
  [
    { 'go-proxy': 'file:///srv/proxy' },
    {},
    /^input "go-proxy": "file:\/\/\/srv\/proxy" has a file:\/\/ entry "file:\/\/\/srv\/proxy", which is not supported for toolchain downloads/,
  ],
  [{}, { GOPROXY: 'ftp://x,direct' }, /^input "GOPROXY": "ftp:\/\/x,direct" has an entry/],
  [
    {},
    { GOSUMDB: 'garbage!!' },
    /^env GOSUMDB: "garbage!!" is not a known database or a valid key \(malformed verifier key\); use sum.golang.org \(default\), off/,
  ],
  [
    { targets: 'windows/x86_64' },
    {},
    /^input "targets": "windows\/x86_64" is not an os\/arch pair Go can build \(see 'go tool dist list'\); closest: windows\/amd64/,
  ],
  [{ targets: 'LINUX/AMD46' }, {}, /^input "targets": "LINUX\/AMD46" .*; closest: linux\/amd64/],
  [{ targets: 'macos/arm64' }, {}, /^input "targets": "macos\/arm64" .*; closest: darwin\/arm64/],
  [{ targets: 'linux' }, {}, /^input "targets": "linux" .*; closest: linux\//],
  [{ buildmode: 'plugin' }, {}, 'input "buildmode": "plugin" is not accepted; use one of exe, pie, c-shared, c-archive'],
  [{ 'windows-subsystem': 'tui' }, {}, 'input "windows-subsystem": "tui" is not accepted; use one of auto, gui, console'],
  [{ parallel: '0' }, {}, 'input "parallel": "0" is not a whole number in range; use a whole number from 1 to 64, or auto'],
  [{ parallel: 'many' }, {}, 'input "parallel": "many" is not a whole number in range; use a whole number from 1 to 64, or auto'],
  [{ parallel: '65' }, {}, 'input "parallel": "65" is not a whole number in range; use a whole number from 1 to 64, or auto'],
  [{ 'output-dir': '/' }, {}, `input "output-dir": "/" resolves to /, outside the workspace; use a folder inside the workspace ${ws}, such as dist`],
  [{ 'output-dir': '..' }, {}, `input "output-dir": ".." is the workspace itself; use a folder inside the workspace ${ws}, such as dist`],
  [{ 'output-dir': '../..' }, {}, /^input "output-dir": "..\/.." resolves to .*, outside the workspace/],
  [{ 'output-dir': '/tmp/out' }, {}, /^input "output-dir": "\/tmp\/out" resolves to \/tmp\/out, outside the workspace/],
  [
    { 'output-dir': 'escape/out' },
    {},
    `input "output-dir": "escape/out" leads through a link to /etc/out, outside the workspace; use a folder inside the workspace ${ws}, such as dist`,
  ],
  [{ 'output-dir': 'README.md' }, {}, /^input "output-dir": "README.md" exists and is not a folder/],
  [{ 'output-dir': 'a\nb' }, {}, /^input "output-dir": "a\\nb" is not one path/],
  [{ name: 'a/b' }, {}, /^input "name": "a\/b" is not usable as a file name; use one file-name segment/],
  [{ name: '..' }, {}, /^input "name": "\.\." is not usable as a file name/],
  [{ 'app-version': '../x' }, {}, /^input "app-version": "\.\.\/x" has a path separator \(\/ or \\\); use letters, digits/],
  [{ 'app-version': '-rf' }, {}, /^input "app-version": "-rf" starts with -, which a tool would read as an option; use letters, digits and \. _ \+ - ~/],
  [{ archive: 'rar' }, {}, 'input "archive": "rar" is not accepted; use one of none, zip, tar.gz, auto'],
  [
    { 'archive-files': 'README.md' },
    {},
    'input "archive-files": "README.md" is set while archive is none; set archive to zip, tar.gz or auto, or drop archive-files',
  ],
  [
    { archive: 'zip', 'archive-files': '/etc/passwd' },
    {},
    /^input "archive-files": "\/etc\/passwd" is absolute; use paths or globs relative to the working directory$/,
  ],
  [{ archive: 'zip', 'archive-files': '../secret' }, {}, /^input "archive-files": "..\/secret" leaves the working directory/],
  [{ archive: 'zip', 'archive-files': 'CHANGES*.md' }, {}, /^input "archive-files": "CHANGES\*.md" matches no file in /],
  [
    { archive: 'zip', 'archive-files': 'leak' },
    {},
    /^input "archive-files": "leak" is a link that leads outside the working directory; give a regular file inside it$/,
  ],
  [
    { universal: 'false', 'universal-inputs': 'bins/*' },
    {},
    'input "universal-inputs": "bins/*" is set while universal is false; set universal: true to merge them, or drop universal-inputs',
  ],
  [{ 'universal-inputs': 'bins/none_*' }, {}, /^input "universal-inputs": "bins\/none_\*" matches no file/],
  [
    { 'universal-inputs': 'bins/hello_darwin_amd64' },
    {},
    /^input "universal-inputs": "bins\/hello_darwin_amd64" matched 1 file; match at least two darwin binaries/,
  ],
  [
    { lipo: 'system', targets: 'darwin/amd64, darwin/arm64' },
    {},
    'input "lipo": "system" needs Apple\'s lipo, which this linux runner does not have; use auto or builtin (our lipo, on any runner)',
  ],
  [
    { lipo: 'system', 'universal-inputs': 'bins/*' },
    {},
    'input "lipo": "system" needs Apple\'s lipo, which this linux runner does not have; use auto or builtin (our lipo, on any runner)',
  ],
  [{ lipo: 'fat' }, {}, 'input "lipo": "fat" is not accepted; use one of auto, system, builtin'],
  [
    { targets: 'windows/amd64', cc: 'windows/amd64=nope-gcc' },
    {},
    'input "cc": "windows/amd64=nope-gcc" names nope-gcc, which is not on PATH; install the compiler first, or name one on PATH (e.g. x86_64-w64-mingw32-gcc)',
  ],
  [{ cc: 'gcc' }, {}, /^input "cc": "gcc" is not an os\/arch=compiler entry/],
  [
    { 'release-inputs': 'jobs', targets: 'linux/amd64' },
    {},
    'input "release-inputs": "jobs" is set together with targets (linux/amd64), but a fan-in step builds nothing; drop targets here and fan in from a job of its own that needs the build jobs',
  ],
  [
    { 'release-inputs': 'jobs', 'universal-inputs': 'bins/*' },
    {},
    'input "release-inputs": "jobs" is set together with universal-inputs (bins/*); drop universal-inputs: release-inputs merges the darwin binaries of the jobs itself',
  ],
  [{ 'release-inputs': '../jobs' }, {}, /^input "release-inputs": "..\/jobs" leaves the working directory/],
  [{ 'release-inputs': '/tmp/jobs' }, {}, /^input "release-inputs": "\/tmp\/jobs" is absolute/],
  [{ 'release-inputs': 'dl/*' }, {}, /^input "release-inputs": "dl\/\*" matches no file in /],
  [{ 'release-inputs': 'empty' }, {}, /^input "release-inputs": "empty" names no file in /],
  [
    { 'release-inputs': 'bins' },
    {},
    'input "release-inputs": "bins" holds no job manifest (*.manifest.json) among 2 file(s); download each build job\'s whole output-dir, where go-fyne-action writes <name>_<job-key>.manifest.json',
  ],
  [
    { 'release-inputs': 'jobs', 'output-dir': 'jobs/out' },
    {},
    /^input "release-inputs": "jobs" takes in jobs\/out\/stale, inside output-dir .*; download the jobs' files somewhere else than output-dir/,
  ],
  [
    { 'release-inputs-run-id': '123' },
    {},
    'input "release-inputs-run-id": "123" is set without release-inputs; set it only in a fan-in step (with release-inputs), or drop it',
  ],
  [{ 'release-inputs': 'leak' }, {}, /^input "release-inputs": "leak" is a link that leads outside the working directory; give a regular file inside it$/],
  [{ 'cache-dependency-path': 'sub/go.sum' }, {}, /^input "cache-dependency-path": "sub\/go.sum" names no file/],
  [{ 'cache-dependency-path': '**/nothing.sum' }, {}, /^input "cache-dependency-path": "\*\*\/nothing.sum" matches no file/],
  [{ 'cache-key-prefix': 'a b' }, {}, /^input "cache-key-prefix": "a b" is not a valid key prefix/],
  [{ 'cache-modules': 'gopath' }, {}, 'input "cache-modules": "gopath" is not accepted; use one of auto, modcache, vendor'],
  [{ 'macos-min-version': '9' }, {}, /^input "macos-min-version": "9" is not a macOS version/],
  [{ 'build-tags': 'a;b' }, {}, /^input "build-tags": "a;b" is not a build tag/],
  [{ 'main-package': '-x' }, {}, /^input "main-package": "-x" looks like a flag/],
  [
    { targets: 'windows/amd64', 'windows-certificate': 'not base64!', 'windows-certificate-password': 's3cr3t-pw' },
    {},
    'input "windows-certificate": "***" is not base64 (10 characters); give the .pfx file base64-encoded, e.g. base64 -w0 cert.pfx stored in a secret',
  ],
  [
    { targets: 'windows/amd64', 'windows-certificate': Buffer.from('a text file, not a certificate').toString('base64') },
    {},
    /^input "windows-certificate": "\*\*\*" is base64 but not a PKCS#12 \(.pfx\) file: it does not start with an ASN.1 SEQUENCE; export the code-signing certificate with its private key as .pfx/,
  ],
  [
    { targets: 'windows/amd64', 'windows-certificate': Buffer.from('3003020103', 'hex').toString('base64') },
    {},
    /^input "windows-certificate": "\*\*\*" is base64 but not a PKCS#12 \(.pfx\) file: 5 bytes is too short/,
  ],
  [
    { targets: 'windows/amd64', 'windows-certificate-password': 's3cr3t-pw' },
    {},
    'input "windows-certificate-password": "***" is set without windows-certificate; set windows-certificate (the base64 .pfx) too, or drop windows-certificate-password',
  ],
  [
    { targets: 'windows/amd64', 'windows-timestamp-url': 'ftp://ts.example.com' },
    {},
    'input "windows-timestamp-url": "ftp://ts.example.com" has scheme ftp; use the http(s) URL of an RFC 3161 timestamp server, such as http://timestamp.digicert.com',
  ],
  [
    { targets: 'linux/amd64', 'windows-certificate': PFX, 'windows-timestamp-url': 'ftp://ts.example.com' },
    {},
    'input "windows-timestamp-url": "ftp://ts.example.com" has scheme ftp; use the http(s) URL of an RFC 3161 timestamp server, such as http://timestamp.digicert.com',
  ],
  [
    { targets: 'linux/amd64', 'windows-certificate': 'not base64!' },
    {},
    'input "windows-certificate": "***" is not base64 (10 characters); give the .pfx file base64-encoded, e.g. base64 -w0 cert.pfx stored in a secret',
  ],
  [
    { targets: 'linux/amd64', 'windows-certificate-password': 's3cr3t-pw' },
    {},
    'input "windows-certificate-password": "***" is set without windows-certificate; set windows-certificate (the base64 .pfx) too, or drop windows-certificate-password',
  ],
  [
    { targets: 'windows/amd64', 'windows-certificate': PFX, 'windows-timestamp-url': 'ftp://ts.example.com' },
    {},
    'input "windows-timestamp-url": "ftp://ts.example.com" has scheme ftp; use the http(s) URL of an RFC 3161 timestamp server, such as http://timestamp.digicert.com',
  ],
  [
    { targets: 'windows/amd64', 'windows-certificate': PFX, 'windows-timestamp-url': 'timestamp.digicert.com' },
    {},
    /^input "windows-timestamp-url": "timestamp.digicert.com" is not a URL; use the http\(s\) URL of an RFC 3161/,
  ],
  [
    { targets: 'linux/amd64', 'linux-packages': 'deb, snap', maintainer: 'Jane Doe <jane@example.org>' },
    {},
    'input "linux-packages": "snap" is not a package format; use deb, rpm or both (deb, rpm)',
  ],
  [
    { targets: 'windows/amd64', 'linux-packages': 'deb, snap', maintainer: 'Jane Doe <jane@example.org>' },
    {},
    'input "linux-packages": "snap" is not a package format; use deb, rpm or both (deb, rpm)',
  ],
  [
    { targets: 'linux/amd64', 'linux-packages': 'rpm' },
    {},
    'input "linux-packages": "rpm" needs maintainer, which is empty; set maintainer: Name <email> (the Maintainer of the .deb, the Packager of the .rpm)',
  ],
  [
    { targets: 'linux/amd64', 'linux-packages': 'deb', maintainer: 'jane@example.org' },
    {},
    /^input "maintainer": "jane@example.org" is not a name and an address; write it as Name <email>/,
  ],
  [
    { targets: 'linux/amd64', 'linux-packages': 'deb', maintainer: 'Jane $(id) <jane@example.org>' },
    {},
    /^input "maintainer": "Jane \$\(id\) <jane@example.org>" is not a name and an address/,
  ],
  [
    { targets: 'windows/amd64', maintainer: 'jane@example.org' },
    {},
    /^input "maintainer": "jane@example.org" is not a name and an address; write it as Name <email>/,
  ],
];

describe('every malformed input is one line: the input, what was wrong, what is accepted', () => {
  test.each(REFUSED.map(([i, e, m]) => [JSON.stringify({ ...i, ...e }), i, e, m] as const))('%s', async (_label, inputs, env, expected) => {
    const msg = await refusal(inputs, env);
    expect(msg).not.toContain('\n');
    if (typeof expected === 'string') expect(msg).toBe(expected);
    else expect(msg).toMatch(expected);
    for (const secret of ['s3cr3t-pw', 'hunter22', 'deploy:', 'bob:']) expect(msg).not.toContain(secret);
  });
  test('there are at least 40 of them, across every input kind', () => {
    expect(REFUSED.length).toBeGreaterThanOrEqual(40);
  });
});
