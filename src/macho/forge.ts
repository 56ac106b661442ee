/**
 * The CMS/ASN.1/PKCS#12 library: node-forge, chosen for the Developer ID signer (issue 22).
 *
 * Why node-forge, measured on 2026-12-03 (esbuild --bundle --minify --platform=node, a one-line
 * entry importing what the signer needs):
 * - node-forge, only lib/forge + asn1 + pkcs12 + pki:        213 KB (56 KB gzip); whole package 298 KB;
 * - @peculiar/asn1-cms + asn1-x509 + asn1-schema:            216 KB (51 KB gzip), but schemas only:
 *   no PKCS#12 decryption (no @peculiar/asn1-pkcs12 on the registry this project reaches), so
 *   the PBES2/PKCS#12-KDF/MAC code would be hand-written here;
 * - pkijs:                                                   415 KB (90 KB gzip), WebCrypto-based.
 * node-forge is the one that opens a password-protected .p12 as `openssl pkcs12 -export` writes
 * it (OpenSSL 3's PBES2/AES-256/SHA-256 MAC and the -legacy 3DES/RC2 form, both tested) AND
 * gives the ASN.1 builder/parser the CMS needs, for the same size as the schema-only option.
 * Its own RSA is never used to sign: node:crypto does that (cms.ts); forge only parses and
 * encodes. Only the sub-modules are imported (not 'node-forge'), which keeps 85 KB of ciphers,
 * TLS and SSH code out of dist/.
 */
import type nodeForge from 'node-forge';
import forgeLib from 'node-forge/lib/forge.js';
import 'node-forge/lib/asn1.js';
import 'node-forge/lib/pkcs12.js';
import 'node-forge/lib/pki.js';

export const forge = forgeLib as typeof nodeForge;
export type Asn1 = nodeForge.asn1.Asn1;

/** DER bytes of an ASN.1 node. */
export function toDer(node: Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}

/** Parses DER bytes (strict: the whole input must be one value). */
export function fromDer(der: Buffer): Asn1 {
  // node-forge 1.x takes an options object here; its types still say boolean.
  const options = { strict: true, parseAllBytes: true, decodeBitStrings: false } as unknown as boolean;
  return forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')), options);
}

const { Class, Type } = forge.asn1;
const create = (cls: nodeForge.asn1.Class, type: nodeForge.asn1.Type | number, constructed: boolean, value: Asn1[] | string): Asn1 =>
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- context/application tag numbers are not UNIVERSAL Type members
  forge.asn1.create(cls, type, constructed, value);

export const seq = (...items: Asn1[]): Asn1 => create(Class.UNIVERSAL, Type.SEQUENCE, true, items);
export const set = (...items: Asn1[]): Asn1 => create(Class.UNIVERSAL, Type.SET, true, items);
export const oid = (dotted: string): Asn1 => create(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(dotted).getBytes());
export const octets = (b: Buffer): Asn1 => create(Class.UNIVERSAL, Type.OCTETSTRING, false, b.toString('binary'));
export const nul = (): Asn1 => create(Class.UNIVERSAL, Type.NULL, false, '');
export const bool = (v: boolean): Asn1 => create(Class.UNIVERSAL, Type.BOOLEAN, false, v ? '\xff' : '\x00');
export const utf8 = (s: string): Asn1 => create(Class.UNIVERSAL, Type.UTF8, false, forge.util.encodeUtf8(s));
export const utcTime = (d: Date): Asn1 => create(Class.UNIVERSAL, Type.UTCTIME, false, forge.asn1.dateToUtcTime(d));
/** A context-specific [n] wrapper (explicit when `inner` is one node; implicit SET/SEQUENCE when a list). */
export const ctx = (n: number, inner: Asn1[]): Asn1 => create(Class.CONTEXT_SPECIFIC, n, true, inner);
export const appl = (n: number, inner: Asn1[]): Asn1 => create(Class.APPLICATION, n, true, inner);

/** A DER INTEGER from a non-negative bigint. */
export function int(v: bigint | number): Asn1 {
  let hex = BigInt(v).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return create(Class.UNIVERSAL, Type.INTEGER, false, Buffer.from(hex, 'hex').toString('binary'));
}

/** A node's primitive value as bytes. */
export const bytesOf = (node: Asn1): Buffer => Buffer.from(node.value as string, 'binary');
/** A node's children (empty for a primitive). */
export const kids = (node: Asn1 | undefined): Asn1[] => (node && Array.isArray(node.value) ? node.value : []);
/** A dotted OID from an OID node, or '' when it is not one. */
export const oidOf = (node: Asn1 | undefined): string =>
  node && node.tagClass === Class.UNIVERSAL && node.type === Type.OID ? forge.asn1.derToOid(forge.util.createBuffer(node.value as string)) : '';
/** A SET OF in DER order (its elements sorted by their encodings). */
export function derSet(items: Asn1[]): Asn1 {
  return set(
    ...items
      .map((n) => ({ n, d: toDer(n) }))
      .sort((a, b) => Buffer.compare(a.d, b.d))
      .map((x) => x.n),
  );
}
