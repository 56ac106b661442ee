/**
 * The Developer ID and notary inputs (issue 22 part 3), checked by the config before anything is
 * downloaded, built or written: the .p12 opened (a throwaway CA, __tests__/helpers/devid-pki.ts),
 * the entitlements read confined and converted, the notary key parsed; each refusal one line
 * naming the input and showing no secret; inputs of a job that makes no .app are notices. Real
 * files on disk; nothing is mocked.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskSources, parseConfig, resolveConfig, secretInputForms, type Config } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { makeDevIdPki, TEAM_ID, type DevIdPki } from '../helpers/devid-pki.js';

const ws = realpathSync(mkdtempSync(join(tmpdir(), 'config-macos-')));
const app = join(ws, 'app');
mkdirSync(join(app, 'bins'), { recursive: true });
writeFileSync(join(app, 'go.mod'), 'module example.com/app\n\ngo 1.22.3\n');
writeFileSync(join(app, 'bins', 'hello_darwin_amd64'), 'x');
writeFileSync(join(app, 'bins', 'hello_darwin_arm64'), 'x');
const ENTITLEMENTS = '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>com.apple.security.cs.allow-jit</key><true/></dict></plist>\n';
writeFileSync(join(app, 'app.entitlements'), ENTITLEMENTS);
writeFileSync(join(app, 'bad.entitlements'), 'not a plist');
const outside = mkdtempSync(join(tmpdir(), 'config-macos-outside-'));
writeFileSync(join(outside, 'x.entitlements'), ENTITLEMENTS);
symlinkSync(join(outside, 'x.entitlements'), join(app, 'link.entitlements'));

const P8 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const KEY_ID = 'ABCDE12345';
const ISSUER = '57246542-96fe-1a63-e053-0824d011072a';

let pki: DevIdPki;
beforeAll(() => {
  pki = makeDevIdPki(join(ws, 'pki'));
});

/** A job that makes a universal .app (fyne-package with universal-inputs). */
const APP_JOB = { 'universal-inputs': 'bins/hello_darwin_*', 'fyne-package': 'true' };

async function load(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<Config> {
  const all: Record<string, string> = { 'working-directory': 'app', ...inputs };
  const src = diskSources((n) => all[n] ?? '', { GITHUB_WORKSPACE: ws, PATH: '/usr/bin:/bin', ...env }, { os: 'linux', arch: 'amd64' }, ws);
  return resolveConfig(parseConfig(src), (p) => realpathSync(p));
}

async function refusal(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    await load(inputs, env);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const m = (e as Error).message;
    expect(m.split('\n')).toHaveLength(1);
    for (const secret of [pki.password, pki.p12Base64.slice(0, 40), ...P8.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))])
      expect(m).not.toContain(secret);
    return m;
  }
  throw new Error(`accepted: ${Object.keys(inputs).join(', ')}`);
}

const signing = () => ({ ...APP_JOB, 'macos-certificate': pki.p12Base64, 'macos-certificate-password': pki.password });
const notary = { 'notary-key': P8, 'notary-key-id': KEY_ID, 'notary-issuer': ISSUER };

test('certificate, entitlements and notary key: the identity is opened, the entitlements read, Apple endpoints by default', async () => {
  const c = await load({ ...signing(), 'macos-entitlements': 'app.entitlements', ...notary, 'notary-timeout': '5' });
  const d = c.signing.developerId!;
  expect(d.identity!.teamId).toBe(TEAM_ID);
  expect(d.entitlements!.toString()).toBe(ENTITLEMENTS);
  expect(d.timestampUrl).toBe('http://timestamp.apple.com/ts01');
  // the .p12 holds the intermediate, not the root: our verifier anchors at the top of what it carries
  expect(d.anchors.map((a) => a.subject)).toEqual([expect.stringContaining('CN=Test Developer ID Certification Authority')]);
  expect(c.signing.notary).toMatchObject({ maxWaitMs: 5 * 60_000, credentials: { keyId: KEY_ID, issuer: ISSUER } });
  expect(c.signing.notary!.endpoints.api).toBe('https://appstoreconnect.apple.com/notary/v2');
  expect(c.notices).toEqual([]);
  // no secret is kept in a form a dump of the config would show
  const dump = JSON.stringify(c);
  for (const s of [pki.password, pki.p12Base64.slice(0, 60), P8.split('\n')[1]]) expect(dump).not.toContain(s);
});

test('a wrong password fails up front, naming macos-certificate-password, without the password', async () => {
  expect(await refusal({ ...signing(), 'macos-certificate-password': 'wrong pass' })).toMatch(
    /^input "macos-certificate-password".*does not open macos-certificate/,
  );
});

test('refusals: each one line naming the input', async () => {
  expect(await refusal({ ...APP_JOB, ...notary })).toMatch(/^input "notary-key" is set without macos-certificate: an ad hoc seal cannot be notarized/);
  expect(await refusal({ ...signing(), 'notary-key': P8 })).toMatch(/^input "notary-key-id" is empty while notary-key set/);
  expect(await refusal({ ...APP_JOB, 'macos-certificate-password': 'x' })).toMatch(/^input "macos-certificate-password".*is set without macos-certificate/);
  expect(await refusal({ ...APP_JOB, 'macos-entitlements': 'app.entitlements' })).toMatch(/^input "macos-entitlements".*without macos-certificate/);
  expect(await refusal({ ...signing(), 'macos-entitlements': 'bad.entitlements' })).toMatch(/^input "macos-entitlements": not an XML property list/);
  expect(await refusal({ ...signing(), 'macos-entitlements': 'link.entitlements' })).toMatch(/macos-entitlements/);
  expect(await refusal({ ...signing(), 'macos-entitlements': '../x.entitlements' })).toMatch(/macos-entitlements/);
  expect(await refusal({ ...signing(), 'macos-entitlements': 'missing.entitlements' })).toMatch(/macos-entitlements/);
  expect(await refusal({ ...signing(), 'macos-certificate': pki.variants.noEku })).toMatch(/^input "macos-certificate".*Code Signing/);
  expect(await refusal({ ...signing(), 'macos-timestamp-url': 'ftp://x' })).toMatch(/^input "macos-timestamp-url"/);
  expect(await refusal({ ...signing(), ...notary, 'notary-timeout': '0' })).toMatch(/notary-timeout/);
  expect(await refusal({ ...signing(), ...notary, 'notary-key': 'not a key' })).toMatch(/^input "notary-key"/);
});

test('the notary knobs: https, or http only for a loopback address', async () => {
  const env = {
    GO_FYNE_ACTION_NOTARY_URL: 'http://127.0.0.1:1/notary/v2',
    GO_FYNE_ACTION_NOTARY_STORAGE_URL: 'http://127.0.0.1:1/s3/{bucket}',
    GO_FYNE_ACTION_TICKET_URL: 'http://127.0.0.1:1/t',
  };
  const c = await load({ ...signing(), ...notary }, env);
  expect(c.signing.notary!.endpoints).toMatchObject({
    api: 'http://127.0.0.1:1/notary/v2',
    storage: 'http://127.0.0.1:1/s3/{bucket}',
    tickets: 'http://127.0.0.1:1/t',
  });
  expect(await refusal({ ...signing(), ...notary }, { GO_FYNE_ACTION_NOTARY_URL: 'http://notary.example.com/v2' })).toMatch(/^notary API: http is refused/);
});

test('a job that makes no .app: every macOS signing and notary input set is a notice, and the .p12 is not opened', async () => {
  const c = await load({
    targets: 'linux/amd64',
    'fyne-package': 'true',
    'macos-certificate': pki.p12Base64,
    'macos-certificate-password': 'wrong',
    ...notary,
  });
  expect(c.signing).toEqual({});
  expect(c.notices.map((n) => n.input)).toEqual(['macos-certificate', 'macos-certificate-password', 'notary-key', 'notary-key-id', 'notary-issuer']);
  expect(c.notices[0].message).toBe('macos-certificate: this job makes no .app (fyne-package with a macOS target), nothing to sign or notarize');
});

test('no certificate (a fork gets no secrets): the .app is sealed ad hoc; a timestamp URL is a notice', async () => {
  const c = await load({ ...APP_JOB, 'macos-timestamp-url': 'http://127.0.0.1:9/ts' });
  expect(c.signing).toEqual({});
  expect(c.notices.map((n) => n.message)).toEqual(['macos-timestamp-url: no macos-certificate is given to this job, the .app is sealed ad hoc']);
});

test('secretInputForms: every line of the .p12 base64 and the .p8, the password and the issuer', () => {
  const wrapped = pki.p12Base64.replace(/(.{64})/g, '$1\n');
  const inputs: Record<string, string> = { 'macos-certificate': wrapped, 'macos-certificate-password': pki.password, ...notary };
  const forms = secretInputForms((n) => inputs[n] ?? '');
  for (const line of wrapped.split('\n').filter((l) => l.length >= 8)) expect(forms).toContain(line);
  for (const line of P8.split('\n').filter((l) => l.length >= 8 && !l.startsWith('-----'))) expect(forms).toContain(line);
  expect(forms).toEqual(expect.arrayContaining([pki.password, pki.p12Base64, ISSUER]));
});
