/**
 * The pure parts of notarization: the inputs (PEM or base64 of it, nothing else; errors name
 * the input and never show a value), the ES256 JWT (verified with the public key, header and
 * claims as App Store Connect documents them), the back-off and Retry-After policy, the log's
 * findings, the ticket lookup answer, the storage URL rules; and httpSend's refusal to send a
 * credential to an origin that does not own it or over plain http.
 */
import { generateKeyPairSync, verify } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpSend } from '../../src/net/http.js';
import { checkEndpoints, keyPem, notarySecretForms, objectKeyProblem, parseNotaryInputs, storageBase } from '../../src/notary/inputs.js';
import { notaryToken, TokenSource } from '../../src/notary/jwt.js';
import { findingLines, parseNotaryLog } from '../../src/notary/log.js';
import { backoffMs, nextWait, pollPolicy, retryAfterMs } from '../../src/notary/poll.js';
import { parseTicketLookup } from '../../src/notary/ticket.js';

const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const PEM = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const KEY_ID = 'ABCDE12345';
const ISSUER = '57246542-96fe-1a63-e053-0824d011072a';

describe('inputs', () => {
  test('the .p8 PEM as it is, base64 of it (wrapped), or none of the three', () => {
    expect(parseNotaryInputs({ key: PEM, keyId: KEY_ID, issuer: ISSUER })?.keyId).toBe(KEY_ID);
    const b64 = Buffer.from(PEM)
      .toString('base64')
      .replace(/(.{64})/g, '$1\n');
    expect(parseNotaryInputs({ key: b64, keyId: KEY_ID, issuer: ISSUER })?.key.asymmetricKeyType).toBe('ec');
    expect(parseNotaryInputs({ key: PEM.replace(/\n/g, '\r\n'), keyId: KEY_ID, issuer: ISSUER })).toBeDefined();
    expect(parseNotaryInputs({ key: ' ', keyId: '', issuer: '' })).toBeUndefined();
  });
  test('anything else is refused in one line naming the input, never showing the value', () => {
    const der = pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const cases: [Partial<{ key: string; keyId: string; issuer: string }>, RegExp][] = [
      [{ key: der }, /^input "notary-key": "\*\*\*" is neither PEM text nor base64 of PEM text; give the AuthKey_<key id>\.p8 file/],
      [{ key: 'not a key at all' }, /^input "notary-key": "\*\*\*" is neither PEM text/],
      [{ key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }, /^input "notary-key": "\*\*\*" is PEM but not a readable PKCS#8 private key/],
      [{ key: rsa }, /^input "notary-key": "\*\*\*" is a rsa key, not the EC P-256 key/],
      [{ key: p384 }, /^input "notary-key": "\*\*\*" is a ec key, not the EC P-256 key/],
      [{ keyId: PEM }, /^input "notary-key-id": "\*\*\*" is not an App Store Connect key ID/],
      [{ issuer: 'issuer' }, /^input "notary-issuer": "\*\*\*" is not an issuer ID \(a UUID\)/],
      [{ key: '' }, /^input "notary-key" is empty while notary-key-id, notary-issuer set; notarization needs all three/],
      [{ issuer: '' }, /^input "notary-issuer" is empty while notary-key, notary-key-id set/],
    ];
    for (const [given, want] of cases) {
      let message = '';
      try {
        parseNotaryInputs({ key: PEM, keyId: KEY_ID, issuer: ISSUER, ...given });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(want);
      expect(message.split('\n')).toHaveLength(1);
      for (const line of PEM.split('\n').filter((l) => l.length > 8 && !l.startsWith('-'))) expect(message).not.toContain(line);
    }
  });
  test('secret forms cover the PEM lines, the compact and base64 forms', () => {
    const b64 = Buffer.from(PEM).toString('base64');
    expect(keyPem(b64)).toBe(PEM.trim());
    const forms = notarySecretForms(b64);
    for (const line of PEM.split('\n').filter((l) => l.length >= 8 && !l.startsWith('-----'))) expect(forms).toContain(line);
    expect(forms).toContain(b64);
  });
});

describe('the JWT', () => {
  const creds = parseNotaryInputs({ key: PEM, keyId: KEY_ID, issuer: ISSUER })!;
  test('ES256 (r||s, 64 bytes) over header.payload, header and claims as documented, lifetime at most 20 minutes', () => {
    const t = notaryToken(creds, 1_800_000_000, 3600);
    const [h, p, s] = t.split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'ES256', kid: KEY_ID, typ: 'JWT' });
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toEqual({ iss: ISSUER, iat: 1_800_000_000, exp: 1_800_001_200, aud: 'appstoreconnect-v1' });
    const sig = Buffer.from(s, 'base64url');
    expect(sig).toHaveLength(64);
    expect(verify('sha256', Buffer.from(`${h}.${p}`), { key: pair.publicKey, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    expect(verify('sha256', Buffer.from(`${h}.${p}x`), { key: pair.publicKey, dsaEncoding: 'ieee-p1363' }, sig)).toBe(false);
  });
  test('a new token when the current one has under a minute left, each one told to the masker', () => {
    let now = 1_800_000_000_000;
    const told: string[] = [];
    const src = new TokenSource(
      creds,
      () => now,
      (t) => told.push(t),
      600,
    );
    const a = src.get();
    now += 500_000;
    expect(src.get()).toBe(a);
    now += 50_000;
    expect(src.get()).not.toBe(a);
    expect(told).toHaveLength(2);
  });
});

describe('polling', () => {
  const p = pollPolicy({ initialDelayMs: 100, maxDelayMs: 1000, factor: 2, maxWaitMs: 5000 });
  test('back-off doubles and is capped; Retry-After lengthens a wait, never shortens it; the bound cuts the last wait', () => {
    expect([1, 2, 3, 4, 5, 6].map((c) => backoffMs(c, p))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(nextWait({ checks: 1, elapsedMs: 0, retryAfterMs: 3000, policy: p })).toEqual({ sleepMs: 3000 });
    expect(nextWait({ checks: 4, elapsedMs: 0, retryAfterMs: 10, policy: p })).toEqual({ sleepMs: 800 });
    expect(nextWait({ checks: 1, elapsedMs: 4900, retryAfterMs: 86_400_000, policy: p })).toEqual({ sleepMs: 100 });
    expect(nextWait({ checks: 9, elapsedMs: 5000, policy: p })).toEqual({ timedOut: true });
    expect(pollPolicy()).toEqual({ initialDelayMs: 5000, maxDelayMs: 60000, factor: 2, maxWaitMs: 1_800_000 });
  });
  test('Retry-After: seconds or an HTTP date; anything else ignored', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Thu, 03 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Thu, 03 Dec 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('the log', () => {
  test('issues one line each, capped; a body that is not JSON is undefined', () => {
    expect(parseNotaryLog('<html>')).toBeUndefined();
    const many = { status: 'Invalid', issues: Array.from({ length: 60 }, (_, i) => ({ severity: 'warning', message: `m${i}\nsecond`, path: 'p' })) };
    const lines = findingLines(parseNotaryLog(JSON.stringify(many))!);
    expect(lines).toHaveLength(51);
    expect(lines[0]).toBe('warning: p: m0 second');
    expect(lines[50]).toBe('... and 10 more issues in the log');
    expect(findingLines(parseNotaryLog(JSON.stringify({ issues: [{ severity: 7, message: { x: 1 } }, 'x', null] }))!)).toEqual(['7: ']);
  });
});

describe('the ticket lookup answer', () => {
  const name = '2/2/' + 'ab'.repeat(20);
  const ticket = Buffer.concat([Buffer.from('s8ch'), Buffer.alloc(40, 3)]);
  const answer = (records: unknown) => Buffer.from(JSON.stringify({ records }));
  test('a found record gives its bytes; a missing one says why, safely', () => {
    expect(parseTicketLookup(answer([{ recordName: name, fields: { signedTicket: { type: 'BYTES', value: ticket.toString('base64') } } }]), name)).toEqual({
      ticket,
    });
    expect(parseTicketLookup(answer([{ recordName: name, serverErrorCode: 'NOT_FOUND', reason: 'Record not found\n::error::x' }]), name)).toEqual({
      missing: 'NOT_FOUND: Record not found ::error::x',
    });
    expect(parseTicketLookup(answer([{ recordName: 'other', fields: {} }]), name)).toEqual({ missing: `the ticket service's answer has no record ${name}` });
    expect(parseTicketLookup(answer([{ recordName: name, fields: { signedTicket: { type: 'STRING', value: 'x' } } }]), name)).toHaveProperty('missing');
    expect(
      parseTicketLookup(answer([{ recordName: name, fields: { signedTicket: { type: 'BYTES', value: Buffer.from('<plist/>').toString('base64') } } }]), name),
    ).toEqual({
      missing: 'the signedTicket is not a notarization ticket (no s8ch magic)',
    });
    expect(parseTicketLookup(Buffer.from('nope'), name)).toHaveProperty('missing');
  });
});

describe('storage and service URLs', () => {
  test("Apple's hosts by default; a bucket can only be an S3 bucket name, the key a plain key", () => {
    expect(storageBase('https://{bucket}.s3.us-west-2.amazonaws.com', 'notary-submissions-prod').href).toBe(
      'https://notary-submissions-prod.s3.us-west-2.amazonaws.com/',
    );
    for (const bad of ['evil.com/x', 'a@b', 'x', 'ab..cd', '10.0.0.1', 'Bucket', 'b#', 'a'.repeat(64)])
      expect(() => storageBase('https://{bucket}.s3.us-west-2.amazonaws.com', bad)).toThrow(/refusing/);
    expect(objectKeyProblem('prod/abc/Hello.app.zip')).toBeUndefined();
    for (const bad of ['', '/abs', 'a/../b', 'a/./b', 'a\nb', 'x'.repeat(1025)]) expect(objectKeyProblem(bad)).toBeDefined();
  });
  test('https only (http for a loopback address), no credentials in URLs, a storage template with {bucket}', () => {
    const ok = { api: 'http://127.0.0.1:1/notary/v2', storage: 'http://127.0.0.1:1/s3/{bucket}', region: 'us-west-2', tickets: 'https://x.example/lookup' };
    expect(checkEndpoints(ok).api).toBe(ok.api);
    expect(() => checkEndpoints({ ...ok, api: 'http://example.com/notary/v2' })).toThrow(/^notary API: http is refused for example\.com; give an https URL/);
    expect(() => checkEndpoints({ ...ok, tickets: 'https://u:p@example.com/' })).toThrow(/user:password/);
    expect(() => checkEndpoints({ ...ok, storage: 'https://s3.example.com/' })).toThrow(/no \{bucket\}/);
    expect(() => checkEndpoints({ ...ok, region: 'us-west-2/../x' })).toThrow(/not an AWS region/);
  });
});

describe('httpSend', () => {
  test('a credential goes only to the origin that owns it, and never over plain http to anything but loopback', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(302, { location: 'http://127.0.0.2:9/elsewhere' });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    try {
      await expect(
        httpSend(url, { method: 'GET', headers: { Authorization: 'Bearer t' }, credentialOrigin: 'https://appstoreconnect.apple.com' }),
      ).rejects.toThrow(/refusing to send a credential to http:\/\/127\.0\.0\.1:\d+, which does not own it/);
      await expect(httpSend(url, { method: 'GET', headers: { 'X-Amz-Security-Token': 't' } })).rejects.toThrow(/which does not own it/);
      await expect(
        httpSend('http://example.invalid/x', { method: 'GET', headers: { authorization: 'x' }, credentialOrigin: 'http://example.invalid' }),
      ).rejects.toThrow(/over plain http/);
      expect(hits).toBe(0);
      // A redirect is handed back, not followed.
      const res = await httpSend(url, { method: 'GET', headers: { authorization: 'Bearer t' }, credentialOrigin: new URL(url).origin });
      expect(res.status).toBe(302);
      expect(hits).toBe(1);
    } finally {
      server.close();
    }
  });
});
