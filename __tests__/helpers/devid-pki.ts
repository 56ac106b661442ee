/**
 * A throwaway Developer-ID-like PKI made with the openssl CLI (argv arrays, never a shell):
 * root CA -> intermediate carrying Apple's Developer ID intermediate marker
 * (1.2.840.113635.100.6.2.6) -> leaf "Developer ID Application: Test (TEAMID)" with the Code
 * Signing EKU, OU = the team ID and Apple's Developer ID Application marker
 * (1.2.840.113635.100.6.1.13), exported with its key as a password-protected .p12 (OpenSSL 3's
 * default PBES2/AES, or -legacy). Variants for the refusals: no EKU, no OU, an RSA key with
 * another cert, an EC key.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TEAM_ID = 'AB12CD34EF';
export const DEVID_PASSWORD = 'p12 Pa55;w0rd"$(x)`\'';

export interface DevIdPki {
  dir: string;
  /** The root CA (the trust anchor in tests), PEM path. */
  caPem: string;
  /** The leaf .p12, base64. */
  p12Base64: string;
  password: string;
  /** The leaf's private key, PEM (to grep for). */
  keyPem: string;
  /** Other .p12 files (base64, same password): the refusals. */
  variants: { noEku: string; noOu: string; legacy: string; ec: string };
}

const openssl = (args: string[], cwd: string): string => execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function leaf(dir: string, name: string, subj: string, ext: string, keyArgs = ['-newkey', 'rsa:2048']): void {
  openssl(['req', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj], dir);
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'int.pem',
      '-CAkey',
      'int.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    ],
    dir,
  );
}

function p12(dir: string, name: string, extra: string[] = []): string {
  openssl(
    ['pkcs12', '-export', '-out', `${name}.p12`, '-inkey', `${name}.key`, '-in', `${name}.pem`, '-certfile', 'int.pem', '-passout', 'file:pass.txt', ...extra],
    dir,
  );
  return readFileSync(join(dir, `${name}.p12`)).toString('base64');
}

export function makeDevIdPki(dir: string, password = DEVID_PASSWORD): DevIdPki {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pass.txt'), password);
  const ca = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3', '-subj', '/CN=Test Root CA', ...ca], dir);
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=Test Developer ID Certification Authority/OU=Test'],
    dir,
  );
  writeFileSync(join(dir, 'int.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n1.2.840.113635.100.6.2.6=ASN1:NULL\n');
  openssl(
    ['x509', '-req', '-in', 'int.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'int.pem', '-days', '3', '-extfile', 'int.ext'],
    dir,
  );
  const devid = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n1.2.840.113635.100.6.1.13=ASN1:NULL\n';
  const subj = `/CN=Developer ID Application: Test (${TEAM_ID})/OU=${TEAM_ID}/O=Test/C=US`;
  leaf(dir, 'leaf', subj, `${devid}extendedKeyUsage=critical,codeSigning\n`);
  leaf(dir, 'noeku', subj, devid);
  leaf(dir, 'noou', `/CN=Developer ID Application: Test/O=Test/C=US`, `${devid}extendedKeyUsage=critical,codeSigning\n`);
  leaf(dir, 'ec', subj, `${devid}extendedKeyUsage=critical,codeSigning\n`, ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  return {
    dir,
    caPem: join(dir, 'ca.pem'),
    p12Base64: p12(dir, 'leaf'),
    password,
    keyPem: readFileSync(join(dir, 'leaf.key'), 'utf8'),
    variants: { noEku: p12(dir, 'noeku'), noOu: p12(dir, 'noou'), legacy: p12(dir, 'leaf', ['-legacy']), ec: p12(dir, 'ec') },
  };
}
