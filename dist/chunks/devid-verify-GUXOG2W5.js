import {
  subjectField
} from "./chunk-LIABIX5W.js";
import {
  OID
} from "./chunk-YGK6AJOY.js";
import {
  developerIdRequirement,
  requirementSet
} from "./chunk-NVIS2CD6.js";
import {
  CSMAGIC_BLOBWRAPPER,
  CSSLOT_REQUIREMENTS,
  CS_HASHTYPE_SHA1,
  CS_RUNTIME,
  cdhash,
  isDict,
  parsePlist
} from "./chunk-LM23WKPA.js";
import {
  CSSLOT_SIGNATURESLOT,
  CS_ADHOC,
  fileSliceReader,
  parseEmbeddedSignature,
  verifySliceSignature
} from "./chunk-CLWQRHXC.js";
import {
  readMachO
} from "./chunk-L373MPJF.js";
import {
  open
} from "./chunk-RH66WDZH.js";
import {
  tokenImprint
} from "./chunk-2U4BUOEE.js";
import "./chunk-3FOH5IKW.js";
import {
  bytesOf,
  forge,
  fromDer,
  kids,
  oidOf,
  set,
  toDer
} from "./chunk-YYSTWTUX.js";
import "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";

// src/macho/devid-verify.ts
import { createHash, verify, X509Certificate } from "node:crypto";
var at = (list, i) => list[i];
var isCtx = (n, k) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === k;
var sha256 = (b) => createHash("sha256").update(b).digest();
var cdDigest = (cd) => createHash(cd.readUInt8(37) === CS_HASHTYPE_SHA1 ? "sha1" : "sha256").update(cd).digest();
function attrValues(attrs, oid) {
  const a = attrs.find((x) => oidOf(at(kids(x), 0)) === oid);
  return a ? kids(at(kids(a), 1)) : void 0;
}
function checkCms(der, cds, expect, label, problems, out) {
  const bad = (m) => void problems.push(`${label}: ${m}`);
  let ci;
  try {
    ci = fromDer(der);
  } catch {
    return bad("the CMS signature is not DER"), void 0;
  }
  if (oidOf(at(kids(ci), 0)) !== OID.signedData) return bad("the CMS is not SignedData"), void 0;
  const sd = kids(at(kids(at(kids(ci), 1)), 0));
  const encap = kids(at(sd, 2));
  if (oidOf(at(encap, 0)) !== OID.data || encap.length !== 1) bad("the CMS is not detached id-data");
  const certNodes = sd.filter((n) => isCtx(n, 0)).flatMap((n) => kids(n));
  let certs;
  try {
    certs = certNodes.map((n) => new X509Certificate(toDer(n)));
  } catch {
    return bad("a certificate in the CMS does not parse"), void 0;
  }
  const signerInfos = kids(sd[sd.length - 1]);
  if (signerInfos.length !== 1) return bad(`the CMS has ${signerInfos.length} signers, expected 1`), void 0;
  const si = kids(signerInfos[0]);
  const serial = bytesOf(at(kids(at(si, 1)), 1) ?? at(si, 1)).toString("hex").replace(/^0+/, "").toUpperCase();
  const leaf = certs.find((c) => c.serialNumber.replace(/^0+/, "").toUpperCase() === serial);
  if (!leaf) return bad("the CMS signer certificate is not among its certificates"), void 0;
  out.signer = subjectField(leaf, "CN");
  const signedAttrsNode = si.find((n) => isCtx(n, 0));
  if (!signedAttrsNode) return bad("the CMS has no signed attributes"), leaf;
  const attrs = kids(signedAttrsNode);
  const sigIdx = si.indexOf(signedAttrsNode) + 2;
  const signature = bytesOf(si[sigIdx]);
  if (!verify("sha256", toDer(set(...attrs)), leaf.publicKey, signature)) bad("the CMS signature does not verify over its signed attributes");
  const md = attrValues(attrs, OID.messageDigest);
  if (!md?.[0] || !bytesOf(md[0]).equals(sha256(cds[0]))) bad("message-digest is not the SHA-256 of the primary CodeDirectory");
  if (oidOf(attrValues(attrs, OID.contentType)?.[0]) !== OID.data) bad("content-type is not id-data");
  const st = attrValues(attrs, OID.signingTime)?.[0];
  const signingTime = st ? forge.asn1.utcTimeToDate(st.value) : void 0;
  if (signingTime) out.signingTime = signingTime.toISOString();
  const plistAttr = attrValues(attrs, OID.cdHashesPlist)?.[0];
  try {
    const p = plistAttr ? parsePlist(bytesOf(plistAttr)) : void 0;
    const listed = p && isDict(p) && Array.isArray(p.cdhashes) ? p.cdhashes.map((h) => Buffer.isBuffer(h) ? h.toString("hex") : "?") : void 0;
    if (!listed) bad("the CDHashes plist attribute is missing");
    else if (listed.join(",") !== cds.map((cd) => cdhash(cd).toString("hex")).join(","))
      bad("the CDHashes plist attribute does not list these CodeDirectories");
  } catch {
    bad("the CDHashes plist attribute is not a property list");
  }
  const h2 = attrValues(attrs, OID.cdHashes2);
  const want2 = cds.map((cd) => `${cd.readUInt8(37) === CS_HASHTYPE_SHA1 ? OID.sha1 : OID.sha256}:${cdDigest(cd).toString("hex")}`).sort();
  const got2 = (h2 ?? []).map((v) => `${oidOf(at(kids(v), 0))}:${kids(v)[1] ? bytesOf(kids(v)[1]).toString("hex") : ""}`).sort();
  if (got2.join(",") !== want2.join(",")) bad("the CDHashes2 attribute does not hold these CodeDirectories digests");
  const anchors = expect.anchors.map((a) => typeof a === "string" ? new X509Certificate(a) : a);
  const when = signingTime ?? /* @__PURE__ */ new Date();
  let cur = leaf;
  for (let depth = 0; ; depth++) {
    if (new Date(cur.validFrom) > when || new Date(cur.validTo) < when)
      bad(`certificate ${subjectField(cur, "CN") ?? cur.subject} is not valid at the signing time`);
    const anchor = anchors.find((a) => a.fingerprint256 === cur.fingerprint256 || cur.checkIssued(a) && cur.verify(a.publicKey));
    if (anchor) break;
    const next = certs.find((c) => c !== cur && cur.checkIssued(c) && cur.verify(c.publicKey));
    if (!next || depth > 8) {
      bad(`the signer's chain does not reach a trusted anchor (stops at ${subjectField(cur, "CN") ?? cur.subject})`);
      break;
    }
    cur = next;
  }
  const unsigned = si.find((n) => isCtx(n, 1));
  const tokenNode = unsigned ? attrValues(kids(unsigned), OID.timeStampToken)?.[0] : void 0;
  out.timestamped = !!tokenNode;
  if (tokenNode) {
    try {
      if (!tokenImprint(toDer(tokenNode)).imprint.equals(sha256(signature))) bad("the timestamp token is over another signature");
    } catch (err) {
      bad(`the timestamp token is malformed (${err instanceof Error ? err.message : String(err)})`);
    }
  } else if (expect.requireTimestamp) bad("the signature has no secure timestamp");
  return leaf;
}
async function verifyDeveloperIdSignature(path, expect) {
  const report = { path, ok: false, slices: [], problems: [] };
  const file = await readMachO(path);
  const fh = await open(path, "r");
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
        continue;
      }
      const cds = sig.codeDirectories.map((c) => c.bytes);
      const primary = sig.codeDirectories[0];
      const slice = {
        arch: s.arch,
        identifier: primary.identifier,
        cdhashes: cds.map((cd) => cdhash(cd).toString("hex")),
        hashTypes: sig.codeDirectories.map((c) => c.hashName),
        flags: primary.flags,
        runtime: primary.runtime,
        teamId: primary.teamId,
        timestamped: false
      };
      report.slices.push(slice);
      for (const cd of sig.codeDirectories) {
        if (!(cd.flags & CS_RUNTIME)) report.problems.push(`${label}: CodeDirectory (${cd.hashName}) lacks the hardened runtime flag (0x10000)`);
        if (cd.flags & CS_RUNTIME && !cd.runtime)
          report.problems.push(
            `${label}: CodeDirectory (${cd.hashName}) sets the hardened runtime without its runtime version (version 0x${cd.version.toString(16)}, needs 0x20500)`
          );
        if (cd.flags & CS_ADHOC) report.problems.push(`${label}: CodeDirectory (${cd.hashName}) is marked ad hoc`);
        if (cd.teamId !== primary.teamId || cd.identifier !== primary.identifier)
          report.problems.push(`${label}: the CodeDirectories disagree on identifier or team`);
      }
      if (expect.identifier !== void 0 && primary.identifier !== expect.identifier)
        report.problems.push(`${label}: identifier ${JSON.stringify(primary.identifier)} is not ${JSON.stringify(expect.identifier)}`);
      const cmsIdx = sig.blobs.find((b) => b.type === CSSLOT_SIGNATURESLOT);
      if (!cmsIdx || cmsIdx.magic !== CSMAGIC_BLOBWRAPPER || cmsIdx.length <= 8) {
        report.problems.push(`${label}: no CMS signature (slot 0x10000)`);
        continue;
      }
      const leaf = checkCms(sig.bytes.subarray(cmsIdx.offset + 8, cmsIdx.offset + cmsIdx.length), cds, expect, label, report.problems, slice);
      const ou = leaf ? subjectField(leaf, "OU") : void 0;
      if (leaf && primary.teamId !== ou)
        report.problems.push(`${label}: team ID ${JSON.stringify(primary.teamId)} is not the certificate's OU ${JSON.stringify(ou)}`);
      const req = sig.blobs.find((b) => b.type === CSSLOT_REQUIREMENTS);
      const want = primary.teamId ? requirementSet(developerIdRequirement(primary.identifier, primary.teamId)) : void 0;
      if (!req || !want || !sig.bytes.subarray(req.offset, req.offset + req.length).equals(want))
        report.problems.push(`${label}: the designated requirement is not the Developer ID one for this identifier and team`);
    }
  } finally {
    await fh.close();
  }
  report.ok = report.problems.length === 0 && report.slices.length === file.slices.length;
  return report;
}
export {
  verifyDeveloperIdSignature
};
