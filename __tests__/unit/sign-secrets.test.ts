/**
 * The signing secrets on the GitHub door (src/runtime/github.ts): the certificate and password
 * inputs are taken out of the environment the moment the Runtime is made (kept for rt.input,
 * masked in every form), the runner's OIDC request variables go too, and no child started by
 * run() sees any of them, nor ACTIONS_RUNTIME_TOKEN.
 */
import { jest } from '@jest/globals';
import { githubRuntime } from '../../src/runtime/github.js';
import { run } from '../../src/system/process.js';

const PASSWORD = 'canary-sign-secrets-pw-91ab';
const CERT = 'MIIKcanaryCERTIFICATEbase64textXYZ0123456789abcdefghijkl\nsecondLineOfTheCertificateBase64';
const MAC_PASSWORD = 'canary-macos-p12-password-77';
const MAC_CERT = 'MIIKcanaryMACOSp12base64textABC\nsecondLineOfTheMacosP12Base64';
const NOTARY_KEY = '-----BEGIN PRIVATE KEY-----\nMIGTcanaryNOTARYp8keyLine1abcdef\n-----END PRIVATE KEY-----';
const NOTARY_ISSUER = 'canary0-1111-2222-3333-notaryissuer';

test('secret inputs leave process.env, stay readable through rt.input, are masked, and reach no child', async () => {
  Object.assign(process.env, {
    'INPUT_WINDOWS-CERTIFICATE': CERT,
    'INPUT_WINDOWS-CERTIFICATE-PASSWORD': PASSWORD,
    'INPUT_MACOS-CERTIFICATE': MAC_CERT,
    'INPUT_MACOS-CERTIFICATE-PASSWORD': MAC_PASSWORD,
    'INPUT_NOTARY-KEY': NOTARY_KEY,
    'INPUT_NOTARY-ISSUER': NOTARY_ISSUER,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'canary-oidc-token',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/canary-oidc',
    ACTIONS_RUNTIME_TOKEN: 'canary-runtime-token',
  });
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  let rt;
  try {
    rt = githubRuntime(process.env);
  } finally {
    spy.mockRestore();
  }
  expect(process.env['INPUT_WINDOWS-CERTIFICATE']).toBeUndefined();
  expect(process.env['INPUT_WINDOWS-CERTIFICATE-PASSWORD']).toBeUndefined();
  expect(process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN).toBeUndefined();
  expect(process.env.ACTIONS_ID_TOKEN_REQUEST_URL).toBeUndefined();
  expect(rt.input('windows-certificate-password')).toBe(PASSWORD);
  expect(rt.input('windows-certificate')).toBe(CERT);
  for (const [name, value] of [
    ['macos-certificate', MAC_CERT],
    ['macos-certificate-password', MAC_PASSWORD],
    ['notary-key', NOTARY_KEY],
    ['notary-issuer', NOTARY_ISSUER],
  ]) {
    expect(process.env[`INPUT_${name.toUpperCase()}`]).toBeUndefined();
    expect(rt.input(name)).toBe(value);
  }
  expect(out.split('\n').filter((l) => l.startsWith('::add-mask::'))).toEqual(
    expect.arrayContaining([
      `::add-mask::${MAC_PASSWORD}`,
      '::add-mask::secondLineOfTheMacosP12Base64',
      '::add-mask::MIGTcanaryNOTARYp8keyLine1abcdef',
      `::add-mask::${NOTARY_ISSUER}`,
    ]),
  );
  // masked before anything can print them: whole, each wrapped line, compacted
  expect(out.split('\n').filter((l) => l.startsWith('::add-mask::'))).toEqual(
    expect.arrayContaining([`::add-mask::${PASSWORD}`, '::add-mask::secondLineOfTheCertificateBase64', `::add-mask::${CERT.replace(/\s+/g, '')}`]),
  );
  const child = (await run(['sh', '-c', 'cat /proc/$$/environ'], { env: rt.env })).stdout;
  expect(child).not.toMatch(/canary/);
  expect(child).not.toContain('MIIK');
  expect(child).not.toContain('MIGT');
  // the post step makes its Runtime again: the values are still there for it
  expect(githubRuntime(process.env).input('windows-certificate-password')).toBe(PASSWORD);
  delete process.env.ACTIONS_RUNTIME_TOKEN;
});
