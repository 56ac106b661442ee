/**
 * The notary inputs, checked before anything is zipped or sent (pure apart from node:crypto's
 * key parser): the App Store Connect API key (`notary-key`, the .p8 file's PEM text or base64 of
 * it), its key ID (`notary-key-id`) and the issuer ID (`notary-issuer`); and the three services'
 * base URLs, Apple's by default, any https URL (or http for a loopback address, for tests).
 *
 * Errors name the input and never show its value: a key pasted into the key ID field would
 * otherwise be printed.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { inputError, UserError } from '../errors.js';
import { isLoopbackHost } from '../net/http.js';

export const KEY_INPUT = 'notary-key';
export const KEY_ID_INPUT = 'notary-key-id';
export const ISSUER_INPUT = 'notary-issuer';

/** What an error shows in place of a value. */
const HIDDEN = '***';

export interface NotaryCredentials {
  /** The EC P-256 private key (never leaves this process but as ES256 signatures). */
  key: KeyObject;
  /** The key's ID: the JWT header's kid. */
  keyId: string;
  /** The issuer ID (a UUID): the JWT's iss. */
  issuer: string;
}

export interface NotaryInputs {
  key: string;
  keyId: string;
  issuer: string;
}

const PEM_HEAD = /^-----BEGIN PRIVATE KEY-----/;

/** The PEM text of the key input: as given, or decoded from base64 (wrapped lines allowed). */
export function keyPem(raw: string): string | undefined {
  const text = raw.trim().replace(/\r\n?/g, '\n');
  if (PEM_HEAD.test(text)) return text;
  const b64 = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  const decoded = Buffer.from(b64, 'base64').toString('utf8').trim().replace(/\r\n?/g, '\n');
  return PEM_HEAD.test(decoded) ? decoded : undefined;
}

/** Every form of a secret input that could show up in a log: whole, compacted, and each line of its PEM. */
export function notarySecretForms(raw: string): string[] {
  const forms = new Set<string>();
  const v = raw.trim();
  if (v === '') return [];
  forms.add(v);
  forms.add(v.replace(/\s+/g, ''));
  const pem = keyPem(raw);
  for (const text of [v, pem ?? '']) for (const line of text.split('\n')) if (line.trim().length >= 8 && !line.startsWith('-----')) forms.add(line.trim());
  if (pem) forms.add(pem);
  return [...forms];
}

/**
 * The credentials, checked; undefined when none of the three inputs is set (nothing is
 * notarized). Some but not all set is refused, naming the missing one.
 */
export function parseNotaryInputs(i: NotaryInputs): NotaryCredentials | undefined {
  const key = i.key.trim();
  const keyId = i.keyId.trim();
  const issuer = i.issuer.trim();
  if (key === '' && keyId === '' && issuer === '') return undefined;
  const given = `${[key && KEY_INPUT, keyId && KEY_ID_INPUT, issuer && ISSUER_INPUT].filter(Boolean).join(', ')} set`;
  if (key === '') throw new UserError(`input "${KEY_INPUT}" is empty while ${given}; notarization needs all three (the .p8 key, its key ID and the issuer ID)`);
  if (keyId === '')
    throw new UserError(`input "${KEY_ID_INPUT}" is empty while ${given}; notarization needs all three (the .p8 key, its key ID and the issuer ID)`);
  if (issuer === '')
    throw new UserError(`input "${ISSUER_INPUT}" is empty while ${given}; notarization needs all three (the .p8 key, its key ID and the issuer ID)`);
  if (!/^[A-Z0-9]{10}$/.test(keyId))
    throw inputError(
      KEY_ID_INPUT,
      HIDDEN,
      `is not an App Store Connect key ID (${keyId.length} characters)`,
      'give the 10-character key ID shown beside the key, e.g. 2X9R4HXF34',
    );
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(issuer))
    throw inputError(
      ISSUER_INPUT,
      HIDDEN,
      'is not an issuer ID (a UUID)',
      'give the Issuer ID from App Store Connect > Users and Access > Integrations, e.g. 57246542-96fe-1a63-e053-0824d011072a',
    );
  const pem = keyPem(key);
  const accepted = 'give the AuthKey_<key id>.p8 file as it is (-----BEGIN PRIVATE KEY-----) or base64 of it';
  if (!pem) throw inputError(KEY_INPUT, HIDDEN, 'is neither PEM text nor base64 of PEM text', accepted);
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw inputError(KEY_INPUT, HIDDEN, 'is PEM but not a readable PKCS#8 private key', accepted);
  }
  if (keyObject.asymmetricKeyType !== 'ec' || keyObject.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw inputError(KEY_INPUT, HIDDEN, `is a ${keyObject.asymmetricKeyType ?? 'non-asymmetric'} key, not the EC P-256 key App Store Connect issues`, accepted);
  return { key: keyObject, keyId, issuer };
}

export interface NotaryEndpoints {
  /** The notary API: <api>/submissions. */
  api: string;
  /** The storage location of a submission: a URL template where {bucket} stands for the bucket the submission names. */
  storage: string;
  /** The storage region (SigV4 scope). */
  region: string;
  /** The ticket lookup (CloudKit records/lookup). */
  tickets: string;
}

/** Apple's documented hosts. */
export const APPLE_ENDPOINTS: NotaryEndpoints = {
  api: 'https://appstoreconnect.apple.com/notary/v2',
  storage: 'https://{bucket}.s3.us-west-2.amazonaws.com',
  region: 'us-west-2',
  tickets: 'https://api.apple-cloudkit.com/database/1/com.apple.gk.ticket-delivery/production/public/records/lookup',
};

/** A service base URL: https, or http for a loopback address; no user:password, query or fragment. */
export function checkServiceUrl(raw: string, what: string): string {
  let u: URL;
  try {
    u = new URL(raw.replace('{bucket}', 'bucket'));
  } catch {
    throw new UserError(`${what}: ${JSON.stringify(raw)} is not a URL; give an https URL`);
  }
  if (u.username || u.password) throw new UserError(`${what}: the URL carries user:password; give it without credentials`);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname)))
    throw new UserError(`${what}: ${u.protocol.replace(/:$/, '')} is refused for ${u.host}; give an https URL (http only for a loopback address)`);
  if (u.search || u.hash) throw new UserError(`${what}: the URL has a query or fragment; give the base URL`);
  return raw.replace(/\/+$/, '');
}

export function checkEndpoints(e: NotaryEndpoints): NotaryEndpoints {
  if (!e.storage.includes('{bucket}'))
    throw new UserError('notary storage: the URL template has no {bucket}; give e.g. https://{bucket}.s3.us-west-2.amazonaws.com');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(e.region)) throw new UserError(`notary storage: ${JSON.stringify(e.region)} is not an AWS region name`);
  return {
    api: checkServiceUrl(e.api, 'notary API'),
    storage: checkServiceUrl(e.storage, 'notary storage'),
    region: e.region,
    tickets: checkServiceUrl(e.tickets, 'notary tickets'),
  };
}

/** S3's bucket naming rules: 3-63 of a-z 0-9 . -, a letter or digit at each end, no "..", not an IPv4 address. */
export function bucketProblem(bucket: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) return 'is not an S3 bucket name (3-63 of a-z 0-9 . -)';
  if (bucket.includes('..') || bucket.includes('.-') || bucket.includes('-.')) return 'is not an S3 bucket name (empty label)';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return 'is an IP address, not an S3 bucket name';
  return undefined;
}

/** An object key the upload may use: 1-1024 bytes, no control characters, no leading '/', no '.' or '..' segment. */
export function objectKeyProblem(key: string): string | undefined {
  if (key === '' || Buffer.byteLength(key) > 1024) return 'is empty or longer than 1024 bytes';
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\x00-\x1f\x7f]/.test(key)) return 'has control characters';
  if (key.startsWith('/') || key.split('/').some((s) => s === '.' || s === '..')) return 'has a leading / or a . or .. segment';
  return undefined;
}

/** The URL of the bucket the submission named: the storage template with {bucket} in place. */
export function storageBase(template: string, bucket: string): URL {
  const problem = bucketProblem(bucket);
  if (problem)
    throw new UserError(`the notary service named the storage bucket ${JSON.stringify(bucket.slice(0, 80))}, which ${problem}; refusing to upload there`);
  const u = new URL(template.replace('{bucket}', bucket));
  const expected = new URL(template.replace('{bucket}', 'b'));
  // The bucket may only change the host's first label (virtual-hosted style) or the path (path style).
  if (u.origin !== expected.origin && u.host !== expected.host.replace(/^b\./, `${bucket}.`))
    throw new UserError(`the storage bucket ${JSON.stringify(bucket)} would send the upload to ${u.host}; refusing`);
  return u;
}
