import {
  CS_HASHTYPE_SHA1,
  writePlist
} from "./chunk-LM23WKPA.js";
import {
  ctx,
  derSet,
  forge,
  fromDer,
  int,
  nul,
  octets,
  oid,
  seq,
  set,
  toDer,
  utcTime
} from "./chunk-YYSTWTUX.js";

// src/macho/cms.ts
import { createHash, sign } from "node:crypto";
var OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  timeStampToken: "1.2.840.113549.1.9.16.2.14",
  cdHashesPlist: "1.2.840.113635.100.9.1",
  cdHashes2: "1.2.840.113635.100.9.2",
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  rsaEncryption: "1.2.840.113549.1.1.1"
};
var hashTypeOf = (cd) => cd.readUInt8(37);
var digestOf = (cd) => createHash(hashTypeOf(cd) === CS_HASHTYPE_SHA1 ? "sha1" : "sha256").update(cd).digest();
function cdHashesPlist(codeDirectories) {
  return writePlist({ cdhashes: codeDirectories.map((cd) => digestOf(cd).subarray(0, 20)) });
}
var attribute = (type, ...values) => seq(oid(type), derSet(values));
function signedAttributes(codeDirectories, signingTime) {
  const primary = codeDirectories[0];
  const attrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, utcTime(signingTime)),
    attribute(OID.messageDigest, octets(createHash("sha256").update(primary).digest())),
    attribute(OID.cdHashesPlist, octets(cdHashesPlist(codeDirectories))),
    attribute(OID.cdHashes2, ...codeDirectories.map((cd) => seq(oid(hashTypeOf(cd) === CS_HASHTYPE_SHA1 ? OID.sha1 : OID.sha256), octets(digestOf(cd)))))
  ];
  return attrs.map((n) => ({ n, d: toDer(n) })).sort((a, b) => Buffer.compare(a.d, b.d)).map((x) => x.n);
}
var certNode = (c) => fromDer(c.raw);
function issuerAndSerial(cert) {
  const tbs = certNode(cert).value[0].value;
  const hasVersion = tbs[0].tagClass === forge.asn1.Class.CONTEXT_SPECIFIC;
  return seq(tbs[hasVersion ? 3 : 2], tbs[hasVersion ? 1 : 0]);
}
async function buildCms(codeDirectories, identity, opts = {}) {
  const attrs = signedAttributes(codeDirectories, opts.signingTime ?? /* @__PURE__ */ new Date());
  const toSign = toDer(set(...attrs));
  const signature = sign("sha256", toSign, identity.key);
  const signerInfo = [
    int(1),
    issuerAndSerial(identity.leaf),
    seq(oid(OID.sha256), nul()),
    ctx(0, attrs),
    // [0] IMPLICIT SET OF Attribute
    seq(oid(OID.rsaEncryption), nul()),
    octets(signature)
  ];
  if (opts.timestamp) {
    const token = await opts.timestamp(signature);
    signerInfo.push(ctx(1, [seq(oid(OID.timeStampToken), set(fromDer(token)))]));
  }
  const signedData = seq(
    int(1),
    set(seq(oid(OID.sha256), nul())),
    seq(oid(OID.data)),
    // detached: no eContent
    ctx(0, [identity.leaf, ...identity.chain].map(certNode)),
    set(seq(...signerInfo))
  );
  return toDer(seq(oid(OID.signedData), ctx(0, [signedData])));
}
async function cmsSizeWithoutTimestamp(codeDirectories, identity) {
  return (await buildCms(codeDirectories, identity, { signingTime: /* @__PURE__ */ new Date(0) })).length;
}

export {
  OID,
  buildCms,
  cmsSizeWithoutTimestamp
};
