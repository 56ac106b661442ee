
// src/macho/requirements.ts
var CSMAGIC_REQUIREMENT = 4208856064;
var CSMAGIC_REQUIREMENTS = 4208856065;
var DESIGNATED_REQUIREMENT = 3;
var OP = { ident: 2, and: 6, or: 7, certField: 11, certGeneric: 14, appleGenericAnchor: 15 };
var MATCH = { exists: 0, equal: 1 };
var LEAF = 0;
function oidBytes(dotted) {
  const arcs = dotted.split(".").map((a) => {
    if (!/^\d+$/.test(a)) throw new Error(`${dotted}: not a dotted OID`);
    return BigInt(a);
  });
  if (arcs.length < 2 || arcs[0] > 2n) throw new Error(`${dotted}: not a dotted OID`);
  const out = [];
  const base128 = (v) => {
    const bytes = [Number(v & 0x7fn)];
    for (v >>= 7n; v > 0n; v >>= 7n) bytes.unshift(Number(v & 0x7fn) | 128);
    out.push(...bytes);
  };
  base128(arcs[0] * 40n + arcs[1]);
  for (const a of arcs.slice(2)) base128(a);
  return Buffer.from(out);
}
function u32(n) {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n | 0, 0);
  return b;
}
function data(bytes) {
  return Buffer.concat([u32(bytes.length), bytes, Buffer.alloc((4 - bytes.length % 4) % 4)]);
}
function encodeExpr(e) {
  switch (e.op) {
    case "ident":
      return Buffer.concat([u32(OP.ident), data(Buffer.from(e.id, "utf8"))]);
    case "appleGenericAnchor":
      return u32(OP.appleGenericAnchor);
    case "and":
    case "or":
      return Buffer.concat([u32(OP[e.op]), encodeExpr(e.left), encodeExpr(e.right)]);
    case "certField":
      return Buffer.concat([u32(OP.certField), u32(e.slot), data(Buffer.from(e.field, "utf8")), u32(MATCH.equal), data(Buffer.from(e.equals, "utf8"))]);
    case "certGeneric":
      return Buffer.concat([u32(OP.certGeneric), u32(e.slot), data(oidBytes(e.oid)), u32(MATCH.exists)]);
  }
}
function and(...terms) {
  return terms.reduce((left, right) => ({ op: "and", left, right }));
}
function requirementBlob(e) {
  const body = encodeExpr(e);
  const head = Buffer.alloc(12);
  head.writeUInt32BE(CSMAGIC_REQUIREMENT, 0);
  head.writeUInt32BE(12 + body.length, 4);
  head.writeUInt32BE(1, 8);
  return Buffer.concat([head, body]);
}
function requirementSet(designated) {
  const req = requirementBlob(designated);
  const head = Buffer.alloc(20);
  head.writeUInt32BE(CSMAGIC_REQUIREMENTS, 0);
  head.writeUInt32BE(20 + req.length, 4);
  head.writeUInt32BE(1, 8);
  head.writeUInt32BE(DESIGNATED_REQUIREMENT, 12);
  head.writeUInt32BE(20, 16);
  return Buffer.concat([head, req]);
}
var OID_DEVID_INTERMEDIATE = "1.2.840.113635.100.6.2.6";
var OID_DEVID_APPLICATION = "1.2.840.113635.100.6.1.13";
function developerIdRequirement(identifier, teamId) {
  return and(
    { op: "ident", id: identifier },
    { op: "appleGenericAnchor" },
    { op: "certGeneric", slot: 1, oid: OID_DEVID_INTERMEDIATE },
    { op: "certGeneric", slot: LEAF, oid: OID_DEVID_APPLICATION },
    { op: "certField", slot: LEAF, field: "subject.OU", equals: teamId }
  );
}
function requirementText(e) {
  const q = (s) => /^[A-Za-z0-9_.-]+$/.test(s) && !/^\d/.test(s) ? s : JSON.stringify(s);
  const slot = (n) => n === LEAF ? "leaf" : n === -1 ? "root" : String(n);
  switch (e.op) {
    case "ident":
      return `identifier ${JSON.stringify(e.id)}`;
    case "appleGenericAnchor":
      return "anchor apple generic";
    case "and":
    case "or": {
      const side = (x) => x.op === "or" && e.op === "and" ? `(${requirementText(x)})` : requirementText(x);
      return `${side(e.left)} ${e.op} ${side(e.right)}`;
    }
    case "certField":
      return `certificate ${slot(e.slot)}[${e.field}] = ${q(e.equals)}`;
    case "certGeneric":
      return `certificate ${slot(e.slot)}[field.${e.oid}] /* exists */`;
  }
}

export {
  requirementSet,
  developerIdRequirement,
  requirementText
};
