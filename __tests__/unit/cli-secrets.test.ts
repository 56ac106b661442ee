/**
 * The CLI's secrets (src/cli-main.ts): the certificate password never comes from argv (every
 * local user reads argv in /proc, and it stays in shell history); it comes from
 * GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD or --windows-certificate-password-file, and the
 * certificate from --windows-certificate-file or GO_FYNE_ACTION_WINDOWS_CERTIFICATE. The
 * variables are removed from the environment once read, and the final error line is masked.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli-main.js';

const CANARY = 'canary-cli-pw-4f1c';
// A PKCS#12 outer structure (version 3, pkcs7-data ContentInfo): enough for the input check.
const PFX = Buffer.from('3010020103300b06092a864886f70d010701', 'hex');

let root: string;
const cwd = process.cwd();
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gfa-cli-secrets-'));
  process.chdir(root);
});
afterAll(() => {
  process.chdir(cwd);
  rmSync(root, { recursive: true, force: true });
});

async function cli(argv: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string; env: NodeJS.ProcessEnv }> {
  let stdout = '';
  let stderr = '';
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: root, GO_FYNE_ACTION_CACHE: join(root, 'gfa-cache'), GOPROXY: 'off', ...extra };
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env });
  return { code, stdout, stderr, env };
}

const oneLine = (s: string): string[] => s.trimEnd().split('\n');

test.each([
  [['--windows-certificate-password', CANARY]],
  [[`--windows-certificate-password=${CANARY}`]],
  [['--targets', 'windows/amd64', '--windows-certificate-password', CANARY, '--go-version', '1.23']],
])('the password as an argument is refused in one line that does not repeat it: %j', async (argv) => {
  const r = await cli(argv);
  expect(r.code).toBe(1);
  expect(oneLine(r.stderr)).toEqual([
    'go-fyne-action: --windows-certificate-password is refused on the command line (any local user can read it in /proc, and it stays in shell history); set GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD or give --windows-certificate-password-file <file>',
  ]);
  expect(r.stdout).not.toContain(CANARY);
});

test('the certificate as an argument is refused too', async () => {
  const r = await cli(['--windows-certificate', PFX.toString('base64')]);
  expect(r.code).toBe(1);
  expect(oneLine(r.stderr)).toEqual([
    'go-fyne-action: --windows-certificate is refused on the command line (it holds a private key any local user could read in /proc); give --windows-certificate-file <file.pfx> or set GO_FYNE_ACTION_WINDOWS_CERTIFICATE',
  ]);
  expect(r.stderr).not.toContain(PFX.toString('base64'));
});

test('certificate from a file (DER or base64) and password from the environment reach the inputs; the variable is gone from the environment', async () => {
  for (const content of [PFX, PFX.toString('base64') + '\n']) {
    const f = join(root, 'cert.pfx');
    writeFileSync(f, content);
    // No Windows target is built: the certificate input was read and checked (base64, PKCS#12), then told unused
    // (a notice, issue 19); Go then comes from a loopback address where nothing listens, so the run stops there.
    const r = await cli(
      ['--windows-certificate-file', f, '--targets', 'linux/amd64', '--go-version', '1.23.4', '--go-download-base-url', 'http://127.0.0.1:1'],
      {
        GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD: CANARY,
        GO_FYNE_ACTION_RETRY_DELAY_MS: '1',
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('  notice: windows-certificate: this job builds no Windows target, nothing to sign\n');
    expect(r.stderr).toContain('  notice: windows-certificate-password: this job builds no Windows target, nothing to sign\n');
    expect(r.stderr).not.toContain(CANARY);
    expect(r.env.GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD).toBeUndefined();
  }
});

test('password from a file (one trailing newline dropped), certificate from the environment', async () => {
  const pw = join(root, 'pw.txt');
  writeFileSync(pw, `${CANARY}\n`);
  const r = await cli([`--windows-certificate-password-file=${pw}`, '--go-version', CANARY], {
    GO_FYNE_ACTION_WINDOWS_CERTIFICATE: PFX.toString('base64'),
  });
  expect(r.code).toBe(1);
  // the final error line names the bad go-version, which is the password: masked
  expect(oneLine(r.stderr)).toEqual([expect.stringMatching(/^go-fyne-action: input "go-version": "\*\*\*" /)]);
  expect(r.stderr).not.toContain(CANARY);
  expect(r.env.GO_FYNE_ACTION_WINDOWS_CERTIFICATE).toBeUndefined();
});

test.each([
  ['a missing file', (): string => join(root, 'nope.pfx'), /^go-fyne-action: --windows-certificate-file .*nope\.pfx does not exist$/],
  ['a folder', (): string => root, /^go-fyne-action: --windows-certificate-file .* is not a regular file$/],
  [
    'a huge file',
    (): string => {
      const f = join(root, 'huge.pfx');
      writeFileSync(f, Buffer.alloc(2 << 20, 0x41));
      return f;
    },
    /^go-fyne-action: --windows-certificate-file .*huge\.pfx is \d+ bytes, over the \d+-byte limit$/,
  ],
])('a bad certificate file (%s) is one line', async (_what, file, line) => {
  const r = await cli(['--windows-certificate-file', file()]);
  expect(r.code).toBe(1);
  expect(oneLine(r.stderr)).toEqual([expect.stringMatching(line)]);
});

test('a secret given twice (file and variable) is refused; a certificate file that is a link to the real one is read', async () => {
  const f = join(root, 'cert2.pfx');
  writeFileSync(f, PFX);
  const r = await cli(['--windows-certificate-file', f], { GO_FYNE_ACTION_WINDOWS_CERTIFICATE: PFX.toString('base64') });
  expect(oneLine(r.stderr)).toEqual([
    'go-fyne-action: the certificate is given twice (--windows-certificate-file and GO_FYNE_ACTION_WINDOWS_CERTIFICATE); give one',
  ]);
  const link = join(root, 'link.pfx');
  symlinkSync(f, link);
  // read and checked, then told unused (no Windows target); Go from a loopback address where nothing listens stops the run
  const l = await cli(
    ['--windows-certificate-file', link, '--targets', 'linux/amd64', '--go-version', '1.23.4', '--go-download-base-url', 'http://127.0.0.1:1'],
    {
      GO_FYNE_ACTION_RETRY_DELAY_MS: '1',
    },
  );
  expect(l.code).toBe(1);
  expect(l.stderr).toContain('  notice: windows-certificate: this job builds no Windows target, nothing to sign\n');
});

test('--help names where the secrets come from', async () => {
  const r = await cli(['--help']);
  expect(r.stdout).toContain('--windows-certificate-file');
  expect(r.stdout).toContain('GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD');
});

test('the macOS .p12, its password and the notary key: refused as arguments; from a file or a variable, which leaves the environment', async () => {
  for (const [flag, hint] of [
    ['macos-certificate', '--macos-certificate-file <file.p12>'],
    ['macos-certificate-password', 'GO_FYNE_ACTION_MACOS_CERTIFICATE_PASSWORD'],
    ['notary-key', '--notary-key-file <file.p8>'],
  ]) {
    const r = await cli([`--${flag}=${CANARY}`]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(`--${flag} is refused on the command line`);
    expect(r.stderr).toContain(hint);
    expect(r.stderr).not.toContain(CANARY);
  }
  // A job that makes no .app: the inputs reach the config (told unused), the variables are gone; the run stops at the Go download.
  const key = join(root, 'AuthKey.p8');
  writeFileSync(key, `-----BEGIN PRIVATE KEY-----\n${CANARY}AAAA\n-----END PRIVATE KEY-----\n`);
  const r = await cli(['--notary-key-file', key, '--targets', 'linux/amd64', '--go-version', '1.23.4', '--go-download-base-url', 'http://127.0.0.1:1'], {
    GO_FYNE_ACTION_MACOS_CERTIFICATE: PFX.toString('base64'),
    GO_FYNE_ACTION_MACOS_CERTIFICATE_PASSWORD: CANARY,
    GO_FYNE_ACTION_RETRY_DELAY_MS: '1',
  });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('  notice: macos-certificate: this job makes no .app');
  expect(r.stderr).toContain('  notice: notary-key: this job makes no .app');
  expect(r.stderr).not.toContain(CANARY);
  expect(r.env.GO_FYNE_ACTION_MACOS_CERTIFICATE).toBeUndefined();
  expect(r.env.GO_FYNE_ACTION_MACOS_CERTIFICATE_PASSWORD).toBeUndefined();
  expect((await cli(['--help'])).stdout).toContain('--notary-key-file');
});
