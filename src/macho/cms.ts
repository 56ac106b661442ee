/**
 * The CMS signature (RFC 5652 SignedData, DER) a Developer ID code signature carries in slot
 * 0x10000, as codesign makes it:
 * - detached: the signed content is the primary CodeDirectory's bytes (eContentType id-data, no
 *   eContent); digest SHA-256; signer = the leaf by issuer and serial number;
 * - certificates: the leaf and the chain from the .p12;
 * - signed attributes: content-type, signing-time, message-digest (SHA-256 of the primary
 *   CodeDirectory), Apple's CDHashes plist (1.2.840.113635.100.9.1: an XML plist
 *   { cdhashes: [each CodeDirectory's cdhash, 20 bytes] }) and CDHashes2
 *   (1.2.840.113635.100.9.2: per CodeDirectory, SEQUENCE { digest algorithm, full digest }),
 *   which bind every CodeDirectory, not only the one the CMS digests;
 * - the signature: RSA PKCS#1 v1.5 with SHA-256 by node:crypto over the DER SET of attributes;
 * - unsigned attribute id-aa-timeStampToken: an RFC 3161 token over the signature value (tsa.ts).
 * node-forge builds and parses the ASN.1 (forge.ts says why that library).
 */
import { createHash, sign } from 'node:crypto';
import type { X509Certificate } from 'node:crypto';
import { CS_HASHTYPE_SHA1 } from './adhoc-sign.js';
import { ctx, derSet, forge, fromDer, int, nul, octets, oid, seq, set, toDer, utcTime, type Asn1 } from './forge.js';
import { writePlist } from './plist.js';
import type { SigningIdentity } from './p12.js';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  cdHashesPlist: '1.2.840.113635.100.9.1',
  cdHashes2: '1.2.840.113635.100.9.2',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

/** A CodeDirectory's hash type from its header (byte 37). */
const hashTypeOf = (cd: Buffer) => cd.readUInt8(37);
const digestOf = (cd: Buffer) =>
  createHash(hashTypeOf(cd) === CS_HASHTYPE_SHA1 ? 'sha1' : 'sha256')
    .update(cd)
    .digest();

/** The CDHashes plist attribute's value: an XML plist { cdhashes: [20-byte cdhash of each CodeDirectory] }. */
export function cdHashesPlist(codeDirectories: readonly Buffer[]): Buffer {
  return writePlist({ cdhashes: codeDirectories.map((cd) => digestOf(cd).subarray(0, 20)) });
}

const attribute = (type: string, ...values: Asn1[]): Asn1 => seq(oid(type), derSet(values));

/** The signed attributes, each a SEQUENCE { type, SET OF value }, in DER order. */
export function signedAttributes(codeDirectories: readonly Buffer[], signingTime: Date): Asn1[] {
  const primary = codeDirectories[0];
  const attrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, utcTime(signingTime)),
    attribute(OID.messageDigest, octets(createHash('sha256').update(primary).digest())),
    attribute(OID.cdHashesPlist, octets(cdHashesPlist(codeDirectories))),
    attribute(OID.cdHashes2, ...codeDirectories.map((cd) => seq(oid(hashTypeOf(cd) === CS_HASHTYPE_SHA1 ? OID.sha1 : OID.sha256), octets(digestOf(cd))))),
  ];
  return attrs
    .map((n) => ({ n, d: toDer(n) }))
    .sort((a, b) => Buffer.compare(a.d, b.d))
    .map((x) => x.n);
}

export interface CmsOptions {
  signingTime?: Date;
  /** Fetches an RFC 3161 token over the signature value; none = no timestamp. */
  timestamp?: (signature: Buffer) => Promise<Buffer>;
}

const certNode = (c: X509Certificate) => fromDer(c.raw);

/** IssuerAndSerialNumber of `cert`, from its own DER (tbsCertificate: [0] version, serial, sigAlg, issuer). */
function issuerAndSerial(cert: X509Certificate): Asn1 {
  const tbs = (certNode(cert).value as Asn1[])[0].value as Asn1[];
  const hasVersion = tbs[0].tagClass === forge.asn1.Class.CONTEXT_SPECIFIC;
  return seq(tbs[hasVersion ? 3 : 2], tbs[hasVersion ? 1 : 0]); // SEQUENCE { issuer, serialNumber }
}

/** The DER ContentInfo (SignedData) over the CodeDirectories. */
export async function buildCms(codeDirectories: readonly Buffer[], identity: SigningIdentity, opts: CmsOptions = {}): Promise<Buffer> {
  const attrs = signedAttributes(codeDirectories, opts.signingTime ?? new Date());
  const toSign = toDer(set(...attrs)); // signed over the SET OF encoding (RFC 5652 5.4)
  const signature = sign('sha256', toSign, identity.key);
  const signerInfo: Asn1[] = [
    int(1),
    issuerAndSerial(identity.leaf),
    seq(oid(OID.sha256), nul()),
    ctx(0, attrs), // [0] IMPLICIT SET OF Attribute
    seq(oid(OID.rsaEncryption), nul()),
    octets(signature),
  ];
  if (opts.timestamp) {
    const token = await opts.timestamp(signature);
    signerInfo.push(ctx(1, [seq(oid(OID.timeStampToken), set(fromDer(token)))]));
  }
  const signedData = seq(
    int(1),
    set(seq(oid(OID.sha256), nul())),
    seq(oid(OID.data)), // detached: no eContent
    ctx(0, [identity.leaf, ...identity.chain].map(certNode)),
    set(seq(...signerInfo)),
  );
  return toDer(seq(oid(OID.signedData), ctx(0, [signedData])));
}

/** An upper bound of the CMS size without its timestamp token (for the room the signature keeps). */
export async function cmsSizeWithoutTimestamp(codeDirectories: readonly Buffer[], identity: SigningIdentity): Promise<number> {
  return (await buildCms(codeDirectories, identity, { signingTime: new Date(0) })).length;
}
