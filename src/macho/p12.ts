/**
 * The Developer ID signing identity, from the inputs `macos-certificate` (a base64 PKCS#12, the
 * "Developer ID Application" certificate exported with its private key) and
 * `macos-certificate-password`: the private key (a node:crypto KeyObject), the leaf certificate
 * and the chain the .p12 carries, all in memory; no file is written.
 *
 * Refused, each in one line naming the input: not base64, not a PKCS#12, a password that does not
 * open it, no private key or no certificate for it, a key other than RSA (Apple issues Developer
 * ID certificates with RSA-2048 keys), a leaf without the Code Signing extended key usage, a
 * subject without a Team ID (OU, ten letters and digits), a certificate expired or not yet valid.
 * Neither the password nor the key is ever part of a message: errors from the parser are
 * replaced by fixed texts.
 */
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { inputError } from '../errors.js';
import { forge, fromDer, toDer, type Asn1 } from './forge.js';

export const CERT_INPUT = 'macos-certificate';
export const PASSWORD_INPUT = 'macos-certificate-password';
const HIDDEN = '***';
const OID_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';

export interface SigningIdentity {
  /** The private key, for node:crypto's sign(). */
  key: KeyObject;
  leaf: X509Certificate;
  /** The other certificates in the .p12 (intermediates, maybe the root), DER. */
  chain: X509Certificate[];
  /** The leaf's subject OU: Apple's Team ID. */
  teamId: string;
  /** The leaf's subject CN ("Developer ID Application: Name (TEAMID)"). */
  commonName: string;
}

/** One field of an X509Certificate subject ("CN=...\nOU=..."), or undefined. */
export function subjectField(cert: X509Certificate, field: string): string | undefined {
  for (const line of cert.subject.split('\n')) if (line.startsWith(`${field}=`)) return line.slice(field.length + 1);
  return undefined;
}

/** Why `cert` cannot sign Developer ID code at `now`, or undefined. */
export function leafProblem(cert: X509Certificate, now: Date): string | undefined {
  const eku = cert.keyUsage as string[] | undefined;
  if (!eku?.includes(OID_CODE_SIGNING)) return 'is a certificate without the Code Signing extended key usage (1.3.6.1.5.5.7.3.3)';
  const ou = subjectField(cert, 'OU');
  if (ou === undefined || !/^[A-Z0-9]{10}$/.test(ou))
    return `is a certificate whose subject has no Team ID (OU of ten capital letters and digits; found ${ou === undefined ? 'no OU' : JSON.stringify(ou)})`;
  if (new Date(cert.validTo).getTime() < now.getTime()) return `is a certificate that expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}`;
  if (new Date(cert.validFrom).getTime() > now.getTime()) return `is a certificate not valid before ${new Date(cert.validFrom).toISOString().slice(0, 10)}`;
  return undefined;
}

const ACCEPT = 'export the "Developer ID Application" certificate with its private key as .p12 and give it base64-encoded (base64 -w0 cert.p12)';

/** Opens the .p12; every refusal is one line naming the input, never showing a secret. */
export function loadIdentity(certificate: string, password: string, now = new Date()): SigningIdentity {
  const b64 = certificate.replace(/\s+/g, '');
  if (b64 === '') throw inputError(CERT_INPUT, '', 'is empty', ACCEPT);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) throw inputError(CERT_INPUT, HIDDEN, `is not base64 (${b64.length} characters)`, ACCEPT);
  let asn: Asn1;
  try {
    asn = fromDer(Buffer.from(b64, 'base64'));
  } catch {
    throw inputError(CERT_INPUT, HIDDEN, 'is base64 but not DER (not a PKCS#12 file)', ACCEPT);
  }
  let p12: ReturnType<typeof forge.pkcs12.pkcs12FromAsn1>;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn, false, password);
  } catch (err) {
    const msg = err instanceof Error ? err.message : '';
    if (/MAC could not be verified|Invalid password/i.test(msg))
      throw inputError(
        PASSWORD_INPUT,
        HIDDEN,
        `does not open ${CERT_INPUT} (the PKCS#12 integrity check failed)`,
        'give the password the .p12 was exported with',
      );
    if (/OID is not RSA|not RSA|Unknown OID|Unsupported/i.test(msg))
      throw inputError(CERT_INPUT, HIDDEN, 'holds a key or encryption this signer does not read (RSA keys, PBES2/AES or 3DES .p12 files are read)', ACCEPT);
    throw inputError(CERT_INPUT, HIDDEN, 'is not a PKCS#12 file this signer can open', ACCEPT);
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const keyBag = keyBags.find((b) => b.key);
  // node-forge leaves `key` unset for a key it cannot read (EC, Ed25519): only RSA is.
  if (!keyBag?.key && keyBags.length > 0)
    throw inputError(CERT_INPUT, HIDDEN, 'holds a private key that is not RSA (Apple issues Developer ID certificates for RSA keys)', ACCEPT);
  if (!keyBag?.key) throw inputError(CERT_INPUT, HIDDEN, 'holds no private key', ACCEPT);
  const pkcs8 = toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)));
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  pkcs8.fill(0);
  const certs = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
    .filter((b) => b.cert)
    .map((b) => new X509Certificate(toDer(forge.pki.certificateToAsn1(b.cert!))));
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const leaf = certs.find((c) => c.publicKey.export({ format: 'der', type: 'spki' }).equals(spki));
  if (!leaf) throw inputError(CERT_INPUT, HIDDEN, 'holds no certificate for its private key', ACCEPT);
  const problem = leafProblem(leaf, now);
  if (problem)
    throw inputError(
      CERT_INPUT,
      HIDDEN,
      problem,
      'give a valid "Developer ID Application" certificate (Apple issues it with the Code Signing usage and your Team ID as OU)',
    );
  return {
    key,
    leaf,
    chain: certs.filter((c) => c !== leaf),
    teamId: subjectField(leaf, 'OU')!,
    commonName: subjectField(leaf, 'CN') ?? '',
  };
}
