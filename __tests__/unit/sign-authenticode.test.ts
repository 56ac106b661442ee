/**
 * Authenticode plans (src/sign/authenticode.ts): the PKCS#12 structure check, the signing argv for
 * osslsigncode and for signtool (which cannot run here), where signtool is found in the Windows
 * SDK, and the secret forms the runtime masks.
 */
import {
  findSigntool,
  isSignable,
  osslsigncodeArgv,
  parseAuthenticode,
  pkcs12Problem,
  redactArgv,
  secretForms,
  signtoolArgv,
  type AuthenticodeInputs,
} from '../../src/sign/authenticode.js';
import { UserError } from '../../src/errors.js';
import { ArtifactRegistry, type Artifact } from '../../src/artifacts/registry.js';
import { rowsFromArtifacts } from '../../src/release/summary.js';

const PFX = Buffer.from('3010020103300b06092a864886f70d010701', 'hex');
const base: AuthenticodeInputs = {
  certificate: '',
  password: '',
  timestampUrl: '',
  windowsTargets: ['windows/amd64'],
  targets: ['windows/amd64'],
  fanIn: false,
  host: 'linux',
  onPath: () => true,
};

describe('inputs', () => {
  test('no certificate: nothing to sign', () => {
    expect(parseAuthenticode(base)).toBeUndefined();
  });
  test('base64 wrapped over lines, as `base64` prints it, is accepted', () => {
    const b64 = PFX.toString('base64');
    const c = parseAuthenticode({
      ...base,
      certificate: `${b64.slice(0, 10)}\n${b64.slice(10)}\r\n`,
      password: 'pw',
      timestampUrl: 'http://timestamp.digicert.com',
    });
    expect(c).toEqual({ pfx: PFX, password: 'pw', timestampUrl: 'http://timestamp.digicert.com' });
  });
  test('a fan-in step signs without building Windows', () => {
    expect(parseAuthenticode({ ...base, certificate: PFX.toString('base64'), windowsTargets: [], targets: [], fanIn: true })).toBeDefined();
  });
  test('on macOS osslsigncode must be on PATH before anything is built', () => {
    expect(() => parseAuthenticode({ ...base, certificate: PFX.toString('base64'), host: 'darwin', onPath: () => false })).toThrow(
      new UserError(
        'input "windows-certificate": "***" needs osslsigncode to sign on macOS, which is not on PATH; install it in a step before (brew install osslsigncode)',
      ),
    );
  });
  test('PKCS#12 structure: version 3 and a data or signedData ContentInfo, lengths consistent', () => {
    expect(pkcs12Problem(PFX)).toBeUndefined();
    expect(pkcs12Problem(Buffer.from('3010020103300b06092a864886f70d010702', 'hex'))).toBeUndefined();
    expect(pkcs12Problem(Buffer.from('3010020101300b06092a864886f70d010701', 'hex'))).toBe('it has no PFX version 3');
    expect(pkcs12Problem(Buffer.from('3011020103300b06092a864886f70d010701', 'hex'))).toBe('its ASN.1 SEQUENCE says 17 bytes where 16 follow');
    expect(pkcs12Problem(Buffer.from('3010020103300b06092a864886f70d010703', 'hex'))).toBe('its authSafe is neither PKCS#7 data nor signedData');
    // an X.509 certificate (a .cer, DER) is a SEQUENCE too, but not a PFX
    const cer = Buffer.concat([Buffer.from('308201a230820108a003020102', 'hex'), Buffer.alloc(418 + 4 - 13)]);
    expect(pkcs12Problem(cer)).toBe('it has no PFX version 3');
  });
  test('the secret forms masked: whole, each wrapped line, compacted', () => {
    expect(secretForms('QUJDREVGR0hJSktM\nTU5PUFFSU1RVVldY\n', 'hunter2!')).toEqual([
      'QUJDREVGR0hJSktM\nTU5PUFFSU1RVVldY\n',
      'QUJDREVGR0hJSktM',
      'TU5PUFFSU1RVVldY',
      'hunter2!',
      'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY',
    ]);
    expect(secretForms('', '')).toEqual([]);
  });
});

describe('plans', () => {
  test('osslsigncode: the password from a file, sha256, RFC 3161 with -ts', () => {
    expect(
      osslsigncodeArgv({
        exe: 'osslsigncode',
        input: '/o/app.exe',
        output: '/t/a/signed-app.exe',
        pfx: '/t/a/certificate.pfx',
        passFile: '/t/a/password',
        timestampUrl: 'http://ts.example',
        description: 'App',
      }),
    ).toEqual([
      'osslsigncode',
      'sign',
      '-pkcs12',
      '/t/a/certificate.pfx',
      '-readpass',
      '/t/a/password',
      '-h',
      'sha256',
      '-n',
      'App',
      '-ts',
      'http://ts.example',
      '-in',
      '/o/app.exe',
      '-out',
      '/t/a/signed-app.exe',
    ]);
    expect(osslsigncodeArgv({ exe: 'osslsigncode', input: 'a.exe', output: 'b.exe', pfx: 'c.pfx', timestampUrl: '' })).toEqual([
      'osslsigncode',
      'sign',
      '-pkcs12',
      'c.pfx',
      '-h',
      'sha256',
      '-in',
      'a.exe',
      '-out',
      'b.exe',
    ]);
  });
  test('signtool: /fd SHA256 /f pfx /p password, /tr + /td for RFC 3161, in place; the password redacted from messages', () => {
    const argv = signtoolArgv({
      exe: 'C:\\sdk\\signtool.exe',
      file: 'D:\\a\\dist\\app.exe',
      pfx: 'D:\\t\\certificate.pfx',
      password: 'hunter2',
      timestampUrl: 'http://timestamp.digicert.com',
      description: 'App',
    });
    expect(argv).toEqual([
      'C:\\sdk\\signtool.exe',
      'sign',
      '/fd',
      'SHA256',
      '/f',
      'D:\\t\\certificate.pfx',
      '/p',
      'hunter2',
      '/d',
      'App',
      '/tr',
      'http://timestamp.digicert.com',
      '/td',
      'SHA256',
      'D:\\a\\dist\\app.exe',
    ]);
    expect(redactArgv(argv).join(' ')).not.toContain('hunter2');
    expect(redactArgv(argv)[7]).toBe('***');
    expect(signtoolArgv({ exe: 'signtool', file: 'a.exe', pfx: 'c.pfx', password: '', timestampUrl: '' })).toEqual([
      'signtool',
      'sign',
      '/fd',
      'SHA256',
      '/f',
      'c.pfx',
      'a.exe',
    ]);
  });
  test('signtool is found on PATH, else in the newest Windows 10 SDK for the host arch', () => {
    const sdk = 'C:\\Program Files (x86)\\Windows Kits\\10\\bin';
    const have = new Set([`${sdk}\\10.0.19041.0\\x64\\signtool.exe`, `${sdk}\\10.0.22621.0\\x64\\signtool.exe`, `${sdk}\\10.0.22621.0\\arm64\\signtool.exe`]);
    const o = {
      env: { 'ProgramFiles(x86)': 'C:\\Program Files (x86)' },
      onPath: () => undefined,
      listDir: () => ['10.0.19041.0', '10.0.22621.0', 'x64', '10.0.9999.0'],
      exists: (p: string) => have.has(p),
    };
    expect(findSigntool({ ...o, arch: 'amd64' })).toBe(`${sdk}\\10.0.22621.0\\x64\\signtool.exe`);
    expect(findSigntool({ ...o, arch: 'arm64' })).toBe(`${sdk}\\10.0.22621.0\\arm64\\signtool.exe`);
    expect(findSigntool({ ...o, arch: 'amd64', onPath: (c: string) => (c === 'signtool.exe' ? 'C:\\bin\\signtool.exe' : undefined) })).toBe(
      'C:\\bin\\signtool.exe',
    );
    expect(findSigntool({ ...o, arch: 'amd64', exists: () => false })).toBeUndefined();
  });
  test('exes and DLLs are signed, c-archive .a files are not', () => {
    expect(['a.exe', 'b.DLL', 'c.a', 'd'].map(isSignable)).toEqual([true, true, false, false]);
  });
});

describe('the signed state in the artifacts output and the summary', () => {
  test('only signed files carry `signed`; the summary names it beside the file', () => {
    const reg = new ArtifactRegistry();
    const a = (name: string, target: string, signed?: Artifact['signed']): Artifact => ({
      target,
      os: target.split('/')[0],
      arch: target.split('/')[1],
      path: `/o/${name}`,
      name,
      size: 1,
      sha256: 'ab',
      kind: 'binary',
      ...(signed ? { signed } : {}),
    });
    reg.add(a('app_windows_amd64.exe', 'windows/amd64', 'authenticode'));
    reg.add(a('app_linux_amd64', 'linux/amd64'));
    expect(reg.toJSON().map((j) => j.signed)).toEqual(['authenticode', undefined]);
    expect(Object.keys(reg.toJSON()[1])).not.toContain('signed');
    expect(rowsFromArtifacts(reg.list()).map((r) => r.file)).toEqual(['app_windows_amd64.exe (signed: authenticode)', 'app_linux_amd64']);
  });
});
