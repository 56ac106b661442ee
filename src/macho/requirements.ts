/**
 * Apple's binary code requirement format (Security framework, requirement.h / reqmaker): a
 * Requirement blob (magic 0xfade0c00, length, kind 1 = expression) holding an expression in
 * prefix form of big-endian 32-bit opcodes. A binary `and`/`or` is written as the opcode then its
 * two operands, chained to the left as Apple's parser does (`a and b and c` = and(and(a, b), c)).
 * Data (strings, OIDs) is a 32-bit length, the bytes, zero padding to 4. A requirement set
 * (magic 0xfade0c01) indexes requirements by type; the designated requirement is type 3.
 *
 * Only the opcodes a Developer ID designated requirement needs are encoded; the encoder is
 * checked against a requirement compiled by Apple's csreq, published in a public repository.
 */
export const CSMAGIC_REQUIREMENT = 0xfade0c00;
export const CSMAGIC_REQUIREMENTS = 0xfade0c01;
export const DESIGNATED_REQUIREMENT = 3;

const OP = { ident: 2, and: 6, or: 7, certField: 11, certGeneric: 14, appleGenericAnchor: 15 } as const;
const MATCH = { exists: 0, equal: 1 } as const;
/** Certificate slots: 0 = leaf, 1 = its issuer, ..., -1 = the anchor (root). */
export const LEAF = 0;

export type Expr =
  | { op: 'ident'; id: string }
  | { op: 'appleGenericAnchor' }
  | { op: 'and' | 'or'; left: Expr; right: Expr }
  | { op: 'certField'; slot: number; field: string; equals: string }
  | { op: 'certGeneric'; slot: number; oid: string };

/** The DER content bytes of a dotted OID (no tag, no length), as opCertGeneric stores them. */
export function oidBytes(dotted: string): Buffer {
  const arcs = dotted.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw new Error(`${dotted}: not a dotted OID`);
    return BigInt(a);
  });
  if (arcs.length < 2 || arcs[0] > 2n) throw new Error(`${dotted}: not a dotted OID`);
  const out: number[] = [];
  const base128 = (v: bigint) => {
    const bytes = [Number(v & 0x7fn)];
    for (v >>= 7n; v > 0n; v >>= 7n) bytes.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...bytes);
  };
  base128(arcs[0] * 40n + arcs[1]);
  for (const a of arcs.slice(2)) base128(a);
  return Buffer.from(out);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n | 0, 0);
  return b;
}

function data(bytes: Buffer): Buffer {
  return Buffer.concat([u32(bytes.length), bytes, Buffer.alloc((4 - (bytes.length % 4)) % 4)]);
}

/** The expression in Apple's binary (prefix) form. */
export function encodeExpr(e: Expr): Buffer {
  switch (e.op) {
    case 'ident':
      return Buffer.concat([u32(OP.ident), data(Buffer.from(e.id, 'utf8'))]);
    case 'appleGenericAnchor':
      return u32(OP.appleGenericAnchor);
    case 'and':
    case 'or':
      return Buffer.concat([u32(OP[e.op]), encodeExpr(e.left), encodeExpr(e.right)]);
    case 'certField':
      return Buffer.concat([u32(OP.certField), u32(e.slot), data(Buffer.from(e.field, 'utf8')), u32(MATCH.equal), data(Buffer.from(e.equals, 'utf8'))]);
    case 'certGeneric':
      return Buffer.concat([u32(OP.certGeneric), u32(e.slot), data(oidBytes(e.oid)), u32(MATCH.exists)]);
  }
}

/** `a and b and c ...` chained to the left, as Apple's requirement parser builds it. */
export function and(...terms: Expr[]): Expr {
  return terms.reduce((left, right) => ({ op: 'and', left, right }));
}

/** A Requirement blob (kind 1, expression form). */
export function requirementBlob(e: Expr): Buffer {
  const body = encodeExpr(e);
  const head = Buffer.alloc(12);
  head.writeUInt32BE(CSMAGIC_REQUIREMENT, 0);
  head.writeUInt32BE(12 + body.length, 4);
  head.writeUInt32BE(1, 8);
  return Buffer.concat([head, body]);
}

/** A requirement set holding the designated requirement only (what codesign writes when signing with an identity). */
export function requirementSet(designated: Expr): Buffer {
  const req = requirementBlob(designated);
  const head = Buffer.alloc(20);
  head.writeUInt32BE(CSMAGIC_REQUIREMENTS, 0);
  head.writeUInt32BE(20 + req.length, 4);
  head.writeUInt32BE(1, 8);
  head.writeUInt32BE(DESIGNATED_REQUIREMENT, 12);
  head.writeUInt32BE(20, 16);
  return Buffer.concat([head, req]);
}

/** Apple's Developer ID intermediate marker (certificate 1) and Developer ID Application leaf marker. */
export const OID_DEVID_INTERMEDIATE = '1.2.840.113635.100.6.2.6';
export const OID_DEVID_APPLICATION = '1.2.840.113635.100.6.1.13';

/**
 * codesign's designated requirement for Developer ID Application signed code:
 * identifier "<id>" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6]
 * and certificate leaf[field.1.2.840.113635.100.6.1.13] and certificate leaf[subject.OU] = "<TEAM>"
 */
export function developerIdRequirement(identifier: string, teamId: string): Expr {
  return and(
    { op: 'ident', id: identifier },
    { op: 'appleGenericAnchor' },
    { op: 'certGeneric', slot: 1, oid: OID_DEVID_INTERMEDIATE },
    { op: 'certGeneric', slot: LEAF, oid: OID_DEVID_APPLICATION },
    { op: 'certField', slot: LEAF, field: 'subject.OU', equals: teamId },
  );
}

/** The requirement's text, as codesign -d -r- prints it (for CodeResources' nested-code entries). */
export function requirementText(e: Expr): string {
  const q = (s: string) => (/^[A-Za-z0-9_.-]+$/.test(s) && !/^\d/.test(s) ? s : JSON.stringify(s));
  const slot = (n: number) => (n === LEAF ? 'leaf' : n === -1 ? 'root' : String(n));
  switch (e.op) {
    case 'ident':
      return `identifier ${JSON.stringify(e.id)}`;
    case 'appleGenericAnchor':
      return 'anchor apple generic';
    case 'and':
    case 'or': {
      const side = (x: Expr) => (x.op === 'or' && e.op === 'and' ? `(${requirementText(x)})` : requirementText(x));
      return `${side(e.left)} ${e.op} ${side(e.right)}`;
    }
    case 'certField':
      return `certificate ${slot(e.slot)}[${e.field}] = ${q(e.equals)}`;
    case 'certGeneric':
      return `certificate ${slot(e.slot)}[field.${e.oid}] /* exists */`;
  }
}
