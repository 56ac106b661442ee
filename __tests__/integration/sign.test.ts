/**
 * Authenticode with real tools: a throwaway CA, a code-signing .pfx and a TSA made by openssl,
 * a loopback RFC 3161 server, a real Windows exe (Go, GUI subsystem, icon and version resources)
 * signed by osslsigncode and checked with `osslsigncode verify -CAfile -TSA-CAfile`; a flipped
 * byte fails it. Then through the bundled action in a simulated runner (the zip holds the signed
 * exe, SHA256SUMS matches, the artifacts output says signed, no secret in the log or left on
 * disk) and once through the CLI.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { signFiles } from '../../src/sign/authenticode.js';
import { helloWithResources, makePki, onlySignatureAdded, readPe, startTsa, type Pki, type Tsa } from '../helpers/authenticode.js';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, NODE24, ROOT, runStep, type Runner } from '../helpers/runner.js';
import { requireTools } from '../helpers/tools.js';

let pki: Pki;
let tsa: Tsa;
let mirror: Mirror;
let runner: Runner;
let env: Record<string, string>;
let mod: string;
let unsignedExe: string; // a GUI exe with resources, built once
beforeAll(async () => {
  requireTools('openssl', 'osslsigncode', 'x86_64-w64-mingw32-windres', 'python3');
  runner = newRunner('sign', { preinstalledGo: true });
  pki = makePki(join(runner.dir, 'pki'));
  tsa = await startTsa(pki);
  mirror = await startMirror();
  env = { ...offlineGoEnv(mirror.url), GITHUB_REF: 'refs/tags/v1.2.3', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567' };
  mod = helloWithResources(mkdtempSync(join(runner.dir, 'app-')));
});
afterAll(async () => {
  await tsa.close();
  await mirror.close();
});

/** `osslsigncode verify` against the test CA (signature) and the test CA (timestamp). */
function verify(exe: string): { code: number; out: string } {
  const r = spawnSync('osslsigncode', ['verify', '-CAfile', pki.caPem, '-TSA-CAfile', pki.caPem, '-in', exe], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function flipped(exe: string, dir: string): string {
  const b = Buffer.from(readFileSync(exe));
  const pe = readPe(b);
  const at = Math.floor(pe.certificates.offset / 2); // inside the code, covered by the digest
  b[at] = b[at] ^ 0xff;
  const out = join(dir, 'tampered.exe');
  writeFileSync(out, b);
  return out;
}

const secretsIn = (text: string): string[] =>
  [pki.password, pki.pfxBase64, pki.pfxBase64.slice(0, 64), pki.pfxBase64.slice(-64)].filter((s) => text.includes(s)).map((s) => s.slice(0, 12));

describe('osslsigncode on a real Go exe', () => {
  test('signed with an RFC 3161 timestamp: verify passes, a flipped byte fails, GUI subsystem and resources kept', async () => {
    const dir = mkdtempSync(join(runner.dir, 'direct-'));
    const exe = join(dir, 'hello.exe');
    execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w -H=windowsgui', '-o', exe, '.'], {
      cwd: mod,
      env: { ...process.env, ...env, GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOPROXY: 'off' },
    });
    const unsigned = readFileSync(exe);
    unsignedExe = join(dir, 'unsigned.exe');
    writeFileSync(unsignedExe, unsigned);
    expect(readPe(unsigned).subsystem).toBe(2);
    expect(readPe(unsigned).resources.size).toBeGreaterThan(0);
    const temp = mkdtempSync(join(runner.dir, 'temp-'));
    const before = tsa.requests;
    const lines: string[] = [];
    await signFiles(
      [exe],
      { pfx: readFileSync(pki.pfx), password: pki.password, timestampUrl: tsa.url },
      { host: 'linux', arch: 'amd64', tempDir: temp, env: process.env, description: 'hello' },
      (l) => lines.push(l),
    );
    expect(tsa.requests).toBe(before + 1);
    expect(lines).toEqual([`hello.exe: signed with osslsigncode (Authenticode, SHA-256, timestamped by ${tsa.url})`]);
    expect(readdirSync(temp)).toEqual([]); // certificate and password file gone
    const signed = readFileSync(exe);
    const v = verify(exe);
    writeFileSync(join(ROOT, '.cache', 'authenticode-verify.txt'), v.out); // for the record
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/Signature verification: ok/);
    expect(v.out).toMatch(/Timestamp verified using/);
    expect(v.out).toMatch(/Subject: \/CN=go-fyne-action Test Code Signing/);
    expect(v.out).toMatch(/Subject: \/CN=go-fyne-action Test TSA/);
    const pe = readPe(signed);
    expect(pe.subsystem).toBe(2);
    expect(pe.resources).toEqual(readPe(unsigned).resources);
    expect(onlySignatureAdded(unsigned, signed)).toBe(true);
    const bad = verify(flipped(exe, dir));
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/MISMATCH|failed/i);
  });

  test('a wrong password fails with one clear error; nothing is left in the temp folder', async () => {
    const dir = mkdtempSync(join(runner.dir, 'wrong-'));
    const exe = join(dir, 'x.exe');
    writeFileSync(exe, readFileSync(unsignedExe));
    const temp = mkdtempSync(join(runner.dir, 'temp-'));
    const err = await signFiles(
      [exe],
      { pfx: readFileSync(pki.pfx), password: 'not-the-password', timestampUrl: '' },
      { host: 'linux', arch: 'amd64', tempDir: temp, env: process.env },
      () => undefined,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(
      /^signing x\.exe with osslsigncode failed \(exit \d+\): \S*osslsigncode sign -pkcs12 \S+certificate\.pfx -readpass \S+password -h sha256 -in /,
    );
    expect((err as Error).message).not.toContain('not-the-password');
    expect(readdirSync(temp)).toEqual([]);
  });
});

describe('through the bundled action and the CLI', () => {
  const inputs = (out: string): Record<string, string> => ({
    'go-version': mirror.version,
    'working-directory': mod,
    targets: 'windows/amd64',
    cgo: 'false',
    cache: 'false',
    'windows-subsystem': 'gui',
    'output-dir': out,
    archive: 'auto',
    'windows-certificate': pki.pfxBase64.replace(/(.{76})/g, '$1\n'), // as `base64` wraps it
    'windows-certificate-password': pki.password,
    'windows-timestamp-url': tsa.url,
  });

  /** The CLI's flags for `inputs`: the certificate from its file, the password left for the environment (never argv). */
  const cliArgs = (i: Record<string, string>): string[] =>
    Object.entries(i)
      .filter(([k]) => k !== 'windows-certificate' && k !== 'windows-certificate-password')
      .flatMap(([k, v]) => [`--${k}`, v])
      .concat(['--windows-certificate-file', pki.pfx]);

  test('the action signs the exe before archiving and hashing; no secret in the log or on disk', async () => {
    const out = mkdtempSync(join(runner.dir, 'out-'));
    const r = await runStep(runner, { inputs: inputs(out), env });
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const exe = join(out, 'hello_windows_amd64.exe');
    expect(r.stdout).toContain('::group::Sign Windows binaries');
    expect(r.stdout).toContain(`hello_windows_amd64.exe: signed with osslsigncode (Authenticode, SHA-256, timestamped by ${tsa.url})`);
    expect(verify(exe).code).toBe(0);
    expect(readPe(readFileSync(exe)).subsystem).toBe(2);
    // the zip holds the signed exe, byte for byte
    const x = mkdtempSync(join(runner.dir, 'unzip-'));
    execFileSync('python3', ['-c', 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', join(out, 'hello_1.2.3_windows_amd64.zip'), x]);
    expect(readFileSync(join(x, 'hello.exe')).equals(readFileSync(exe))).toBe(true);
    expect(verify(join(x, 'hello.exe')).code).toBe(0);
    const sums = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
    expect(sums).toMatch(/^hello_windows_amd64\.exe: OK$/m);
    expect(sums).toMatch(/^hello_1\.2\.3_windows_amd64\.zip: OK$/m);
    const arts = JSON.parse(r.outputs['artifacts']) as { path: string; kind: string; signed?: string; sha256: string }[];
    const bin = arts.find((a) => a.kind === 'binary')!;
    expect(bin).toMatchObject({ path: exe, signed: 'authenticode' });
    expect(bin.sha256).toBe(execFileSync('sha256sum', [exe], { encoding: 'utf8' }).split(' ')[0]);
    expect(arts.filter((a) => a.signed).map((a) => a.kind)).toEqual(['binary']);
    expect(r.summary).toContain('hello_windows_amd64.exe (signed: authenticode)');
    // the secrets: masked (registered), never printed, never left on disk
    expect(r.stdout).toContain('::add-mask::');
    const logged = `${r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')}\n${r.stderr}\n${r.summary}`;
    expect(secretsIn(logged)).toEqual([]);
    const left = execFileSync('find', [runner.temp, '-name', '*.pfx', '-o', '-name', 'password', '-o', '-name', 'authenticode-*'], { encoding: 'utf8' });
    expect(left).toBe('');
    // the manifest a fan-in verifies against carries the signed hash
    const manifest = readdirSync(out).find((f) => f.endsWith('.manifest.json'))!;
    expect(readFileSync(join(out, manifest), 'utf8')).toContain(bin.sha256);
  });

  test('the CLI signs the same way', async () => {
    const out = mkdtempSync(join(runner.dir, 'cli-out-'));
    const args = cliArgs(inputs(out));
    expect(args.join('\n')).not.toContain(pki.password); // never on the command line: /proc/<pid>/cmdline is world-readable
    const child = spawn(NODE24, [join(ROOT, 'dist/cli.js'), ...args], {
      cwd: runner.dir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: runner.home,
        GO_FYNE_ACTION_CACHE: join(runner.dir, 'cli-cache'),
        TMPDIR: runner.temp,
        GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD: pki.password,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number>((ok) => child.on('close', (c) => ok(c ?? -1)));
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    const exe = join(out, 'hello_windows_amd64.exe');
    expect(verify(exe).code).toBe(0);
    expect(stderr).toContain('hello_windows_amd64.exe: signed with osslsigncode');
    const arts = JSON.parse(/^artifacts=(.*)$/m.exec(stdout)![1]) as { kind: string; signed?: string }[];
    expect(arts.find((a) => a.kind === 'binary')).toMatchObject({ signed: 'authenticode' });
    expect(secretsIn(`${stdout}\n${stderr}`)).toEqual([]);
    expect(existsSync(runner.temp) ? execFileSync('find', [runner.temp, '-name', '*.pfx'], { encoding: 'utf8' }) : '').toBe('');
  });

  test('a fan-in step signs the Windows exe the build job made and re-archives it', async () => {
    const wd = mkdtempSync(join(runner.dir, 'repo-'));
    const job = await runStep(runner, {
      cwd: wd,
      inputs: {
        ...inputs(join(wd, 'jobs')),
        'windows-certificate': '',
        'windows-certificate-password': '',
        'windows-timestamp-url': '',
        'working-directory': mod,
      },
      env: { ...env, GITHUB_WORKSPACE: wd, GITHUB_JOB: 'build' },
    });
    expect(job.errors).toEqual([]);
    expect(verify(join(wd, 'jobs', 'hello_windows_amd64.exe')).code).not.toBe(0); // the job did not sign
    const r = await runStep(runner, {
      cwd: wd,
      inputs: {
        'working-directory': wd,
        'release-inputs': 'jobs',
        'output-dir': 'release',
        archive: 'auto',
        'windows-certificate': pki.pfxBase64,
        'windows-certificate-password': pki.password,
      },
      env: { GITHUB_REF: 'refs/tags/v1.2.3', GITHUB_JOB: 'release' },
    });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.code).toBe(0);
    const out = join(wd, 'release');
    expect(verify(join(out, 'hello_windows_amd64.exe')).code).toBe(0);
    const x = mkdtempSync(join(runner.dir, 'unzip-'));
    execFileSync('python3', ['-c', 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', join(out, 'hello_1.2.3_windows_amd64.zip'), x]);
    expect(readFileSync(join(x, 'hello.exe')).equals(readFileSync(join(out, 'hello_windows_amd64.exe')))).toBe(true);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).not.toMatch(/FAILED/);
    const arts = JSON.parse(r.outputs['artifacts']) as { kind: string; signed?: string }[];
    expect(arts.filter((a) => a.signed === 'authenticode').map((a) => a.kind)).toEqual(['binary']);
    expect(
      secretsIn(
        r.stdout
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::'))
          .join('\n') + r.stderr,
      ),
    ).toEqual([]);
  });

  test('cancelled while signing (SIGTERM): the certificate and password file are removed', async () => {
    // a timestamp server that never answers holds osslsigncode mid-signing
    const held: import('node:http').ServerResponse[] = [];
    const hang = createServer((_req, res) => void held.push(res));
    await new Promise<void>((ok) => hang.listen(0, '127.0.0.1', ok));
    const tmp = mkdtempSync(join(runner.dir, 'sig-tmp-'));
    const out = mkdtempSync(join(runner.dir, 'sig-out-'));
    const args = cliArgs({
      ...inputs(out),
      'windows-timestamp-url': `http://127.0.0.1:${(hang.address() as AddressInfo).port}/`,
      archive: 'none',
    });
    const child = spawn(NODE24, [join(ROOT, 'dist/cli.js'), ...args], {
      cwd: runner.dir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: runner.home,
        GO_FYNE_ACTION_CACHE: join(runner.dir, 'cli-cache'),
        TMPDIR: tmp,
        GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD: pki.password,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const closed = new Promise<number | null>((ok) => child.on('close', (c, sig) => ok(c ?? (sig ? -1 : null))));
    const pfxFiles = (): string => execFileSync('find', [tmp, '-name', 'certificate.pfx'], { encoding: 'utf8' }).trim();
    const deadline = Date.now() + 60_000;
    while (held.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(held.length).toBe(1); // osslsigncode is waiting for the timestamp
    expect(pfxFiles()).toMatch(/authenticode-[^/]+\/certificate\.pfx$/);
    child.kill('SIGTERM');
    await closed;
    expect(pfxFiles()).toBe('');
    expect(execFileSync('find', [tmp, '-name', 'password'], { encoding: 'utf8' })).toBe('');
    for (const r of held) r.destroy();
    await new Promise((ok) => hang.close(ok));
  });
});
