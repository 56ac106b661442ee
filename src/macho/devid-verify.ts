/**
 * Verifies a Developer ID code signature, slice by slice, independently of how it was made:
 * - the page and special-slot hashes of every CodeDirectory (codesign.ts verifySliceSignature);
 * - the CMS (slot 0x10000): SignedData, detached, whose signer's certificate (found by issuer
 *   and serial) signs the DER SET of signed attributes (node:crypto verify); message-digest =
 *   SHA-256 of the primary CodeDirectory; the CDHashes plist lists every CodeDirectory's cdhash
 *   and CDHashes2 every CodeDirectory's full digest, in our recomputation;
 * - the signer's chain: each certificate issued and signed by the next, from the CMS's
 *   certificates, up to one of the given anchors (Apple's root in real use; a test CA in tests),
 *   valid at the signing time;
 * - hardened runtime flag set, not ad hoc; the team ID of every CodeDirectory = the leaf's OU;
 *   the designated requirement is the Developer ID one for this identifier and team;
 * - the timestamp token (unsigned attribute), when present, is over this signature's value.
 * Never throws for a bad signature: it reports problems.
 */
import { createHash, verify, X509Certificate } from 'node:crypto';
import { CS_ADHOC, fileSliceReader, parseEmbeddedSignature, verifySliceSignature, CSSLOT_SIGNATURESLOT } from './codesign.js';
import { CSMAGIC_BLOBWRAPPER, CS_HASHTYPE_SHA1, CS_RUNTIME, CSSLOT_REQUIREMENTS, cdhash } from './adhoc-sign.js';
import { OID } from './cms.js';
import { bytesOf, fromDer, kids, oidOf, set, toDer, forge, type Asn1 } from './forge.js';
import { subjectField } from './p12.js';
import { isPlistDict, parsePlist } from './plist.js';
import { readMachO } from './read.js';
import { developerIdRequirement, requirementSet } from './requirements.js';
import { tokenImprint } from './tsa.js';
import { open } from '../system/owned-fs.js';

export interface DeveloperIdSlice {
  arch: string;
  identifier: string;
  /** cdhash of each CodeDirectory, slot order (primary first), hex. */
  cdhashes: string[];
  hashTypes: string[];
  flags: number;
  /** The hardened runtime version the primary CodeDirectory records (version 0x20500+). */
  runtime?: number;
  teamId?: string;
  signer?: string;
  signingTime?: string;
  timestamped: boolean;
}

export interface DeveloperIdReport {
  path: string;
  ok: boolean;
  slices: DeveloperIdSlice[];
  problems: string[];
}

export interface DeveloperIdExpect {
  /** Trust anchors (PEM or certificates): the chain must end at one. */
  anchors: (string | X509Certificate)[];
  /** The identifier the signature must name (the bundle ID for a main executable). */
  identifier?: string;
  /** Require a timestamp token (Apple's notary does). */
  requireTimestamp?: boolean;
}

const at = (list: Asn1[], i: number): Asn1 | undefined => list[i];
/** Whether `n` is the context-specific [k] tag. */
const isCtx = (n: Asn1, k: number) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && (n.type as number) === k;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();
const cdDigest = (cd: Buffer) =>
  createHash(cd.readUInt8(37) === CS_HASHTYPE_SHA1 ? 'sha1' : 'sha256')
    .update(cd)
    .digest();

function attrValues(attrs: Asn1[], oid: string): Asn1[] | undefined {
  const a = attrs.find((x) => oidOf(at(kids(x), 0)) === oid);
  return a ? kids(at(kids(a), 1)) : undefined;
}

/** Checks the CMS of one slice; pushes problems. */
function checkCms(
  der: Buffer,
  cds: Buffer[],
  expect: DeveloperIdExpect,
  label: string,
  problems: string[],
  out: DeveloperIdSlice,
): X509Certificate | undefined {
  const bad = (m: string) => void problems.push(`${label}: ${m}`);
  let ci: Asn1;
  try {
    ci = fromDer(der);
  } catch {
    return (bad('the CMS signature is not DER'), undefined);
  }
  if (oidOf(at(kids(ci), 0)) !== OID.signedData) return (bad('the CMS is not SignedData'), undefined);
  const sd = kids(at(kids(at(kids(ci), 1)), 0));
  const encap = kids(at(sd, 2));
  if (oidOf(at(encap, 0)) !== OID.data || encap.length !== 1) bad('the CMS is not detached id-data');
  const certNodes = sd.filter((n) => isCtx(n, 0)).flatMap((n) => kids(n));
  let certs: X509Certificate[];
  try {
    certs = certNodes.map((n) => new X509Certificate(toDer(n)));
  } catch {
    return (bad('a certificate in the CMS does not parse'), undefined);
  }
  const signerInfos = kids(sd[sd.length - 1]);
  if (signerInfos.length !== 1) return (bad(`the CMS has ${signerInfos.length} signers, expected 1`), undefined);
  const si = kids(signerInfos[0]);
  const serial = bytesOf(at(kids(at(si, 1)), 1) ?? at(si, 1)!)
    .toString('hex')
    .replace(/^0+/, '')
    .toUpperCase();
  const leaf = certs.find((c) => c.serialNumber.replace(/^0+/, '').toUpperCase() === serial);
  if (!leaf) return (bad('the CMS signer certificate is not among its certificates'), undefined);
  out.signer = subjectField(leaf, 'CN');
  const signedAttrsNode = si.find((n) => isCtx(n, 0));
  if (!signedAttrsNode) return (bad('the CMS has no signed attributes'), leaf);
  const attrs = kids(signedAttrsNode);
  const sigIdx = si.indexOf(signedAttrsNode) + 2;
  const signature = bytesOf(si[sigIdx]);
  if (!verify('sha256', toDer(set(...attrs)), leaf.publicKey, signature)) bad('the CMS signature does not verify over its signed attributes');
  const md = attrValues(attrs, OID.messageDigest);
  if (!md?.[0] || !bytesOf(md[0]).equals(sha256(cds[0]))) bad('message-digest is not the SHA-256 of the primary CodeDirectory');
  if (oidOf(attrValues(attrs, OID.contentType)?.[0]) !== OID.data) bad('content-type is not id-data');
  const st = attrValues(attrs, OID.signingTime)?.[0];
  const signingTime = st ? forge.asn1.utcTimeToDate(st.value as string) : undefined;
  if (signingTime) out.signingTime = signingTime.toISOString();
  const plistAttr = attrValues(attrs, OID.cdHashesPlist)?.[0];
  try {
    const p = plistAttr ? parsePlist(bytesOf(plistAttr)) : undefined;
    const listed = p && isPlistDict(p) && Array.isArray(p.cdhashes) ? p.cdhashes.map((h) => (Buffer.isBuffer(h) ? h.toString('hex') : '?')) : undefined;
    if (!listed) bad('the CDHashes plist attribute is missing');
    else if (listed.join(',') !== cds.map((cd) => cdhash(cd).toString('hex')).join(','))
      bad('the CDHashes plist attribute does not list these CodeDirectories');
  } catch {
    bad('the CDHashes plist attribute is not a property list');
  }
  const h2 = attrValues(attrs, OID.cdHashes2);
  const want2 = cds.map((cd) => `${cd.readUInt8(37) === CS_HASHTYPE_SHA1 ? OID.sha1 : OID.sha256}:${cdDigest(cd).toString('hex')}`).sort();
  const got2 = (h2 ?? []).map((v) => `${oidOf(at(kids(v), 0))}:${kids(v)[1] ? bytesOf(kids(v)[1]).toString('hex') : ''}`).sort();
  if (got2.join(',') !== want2.join(',')) bad('the CDHashes2 attribute does not hold these CodeDirectories digests');
  // Chain to an anchor.
  const anchors = expect.anchors.map((a) => (typeof a === 'string' ? new X509Certificate(a) : a));
  const when = signingTime ?? new Date();
  let cur = leaf;
  for (let depth = 0; ; depth++) {
    if (new Date(cur.validFrom) > when || new Date(cur.validTo) < when)
      bad(`certificate ${subjectField(cur, 'CN') ?? cur.subject} is not valid at the signing time`);
    const anchor = anchors.find((a) => a.fingerprint256 === cur.fingerprint256 || (cur.checkIssued(a) && cur.verify(a.publicKey)));
    if (anchor) break;
    const next = certs.find((c) => c !== cur && cur.checkIssued(c) && cur.verify(c.publicKey));
    if (!next || depth > 8) {
      bad(`the signer's chain does not reach a trusted anchor (stops at ${subjectField(cur, 'CN') ?? cur.subject})`);
      break;
    }
    cur = next;
  }
  // Timestamp.
  const unsigned = si.find((n) => isCtx(n, 1));
  const tokenNode = unsigned ? attrValues(kids(unsigned), OID.timeStampToken)?.[0] : undefined;
  out.timestamped = !!tokenNode;
  if (tokenNode) {
    try {
      if (!tokenImprint(toDer(tokenNode)).imprint.equals(sha256(signature))) bad('the timestamp token is over another signature');
    } catch (err) {
      bad(`the timestamp token is malformed (${err instanceof Error ? err.message : String(err)})`);
    }
  } else if (expect.requireTimestamp) bad('the signature has no secure timestamp');
  return leaf;
}

/** Verifies the Developer ID signature of every slice of a Mach-O file. */
export async function verifyDeveloperIdSignature(path: string, expect: DeveloperIdExpect): Promise<DeveloperIdReport> {
  const report: DeveloperIdReport = { path, ok: false, slices: [], problems: [] };
  const file = await readMachO(path);
  const fh = await open(path, 'r');
  try {
    for (const s of file.slices) {
      const label = `${path} (${s.arch})`;
      const read = fileSliceReader(fh, s.offset);
      const lc = s.header.codeSignature;
      if (!lc) {
        report.problems.push(`${label}: not signed`);
        continue;
      }
      const pages = await verifySliceSignature(s.header, s.size, read);
      for (const p of pages.problems) report.problems.push(`${label}: ${p}`);
      let sig;
      try {
        sig = parseEmbeddedSignature(await read(lc.dataoff, lc.datasize));
      } catch {
        continue; // reported by verifySliceSignature
      }
      const cds = sig.codeDirectories.map((c) => c.bytes);
      const primary = sig.codeDirectories[0];
      const slice: DeveloperIdSlice = {
        arch: s.arch,
        identifier: primary.identifier,
        cdhashes: cds.map((cd) => cdhash(cd).toString('hex')),
        hashTypes: sig.codeDirectories.map((c) => c.hashName),
        flags: primary.flags,
        runtime: primary.runtime,
        teamId: primary.teamId,
        timestamped: false,
      };
      report.slices.push(slice);
      for (const cd of sig.codeDirectories) {
        if (!(cd.flags & CS_RUNTIME)) report.problems.push(`${label}: CodeDirectory (${cd.hashName}) lacks the hardened runtime flag (0x10000)`);
        // codesign records the runtime version with the flag (CodeDirectory 0x20500); without it the hardened runtime is incomplete.
        if (cd.flags & CS_RUNTIME && !cd.runtime)
          report.problems.push(
            `${label}: CodeDirectory (${cd.hashName}) sets the hardened runtime without its runtime version (version 0x${cd.version.toString(16)}, needs 0x20500)`,
          );
        if (cd.flags & CS_ADHOC) report.problems.push(`${label}: CodeDirectory (${cd.hashName}) is marked ad hoc`);
        if (cd.teamId !== primary.teamId || cd.identifier !== primary.identifier)
          report.problems.push(`${label}: the CodeDirectories disagree on identifier or team`);
      }
      if (expect.identifier !== undefined && primary.identifier !== expect.identifier)
        report.problems.push(`${label}: identifier ${JSON.stringify(primary.identifier)} is not ${JSON.stringify(expect.identifier)}`);
      const cmsIdx = sig.blobs.find((b) => b.type === CSSLOT_SIGNATURESLOT);
      if (!cmsIdx || cmsIdx.magic !== CSMAGIC_BLOBWRAPPER || cmsIdx.length <= 8) {
        report.problems.push(`${label}: no CMS signature (slot 0x10000)`);
        continue;
      }
      const leaf = checkCms(sig.bytes.subarray(cmsIdx.offset + 8, cmsIdx.offset + cmsIdx.length), cds, expect, label, report.problems, slice);
      const ou = leaf ? subjectField(leaf, 'OU') : undefined;
      if (leaf && primary.teamId !== ou)
        report.problems.push(`${label}: team ID ${JSON.stringify(primary.teamId)} is not the certificate's OU ${JSON.stringify(ou)}`);
      const req = sig.blobs.find((b) => b.type === CSSLOT_REQUIREMENTS);
      const want = primary.teamId ? requirementSet(developerIdRequirement(primary.identifier, primary.teamId)) : undefined;
      if (!req || !want || !sig.bytes.subarray(req.offset, req.offset + req.length).equals(want))
        report.problems.push(`${label}: the designated requirement is not the Developer ID one for this identifier and team`);
    }
  } finally {
    await fh.close();
  }
  report.ok = report.problems.length === 0 && report.slices.length === file.slices.length;
  return report;
}
