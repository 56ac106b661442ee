import {
  buildCms,
  cmsSizeWithoutTimestamp
} from "./chunk-YGK6AJOY.js";
import {
  sealBundle
} from "./chunk-5DMHZ5OM.js";
import {
  developerIdRequirement,
  requirementSet,
  requirementText
} from "./chunk-NVIS2CD6.js";
import {
  CS_HASHTYPE_SHA1,
  CS_HASHTYPE_SHA256,
  CS_RUNTIME,
  PlistReal,
  isDict,
  layoutThin,
  parsePlistDict,
  signMachOFileWith,
  sliceMinos
} from "./chunk-LM23WKPA.js";
import "./chunk-CLWQRHXC.js";
import "./chunk-L373MPJF.js";
import "./chunk-RH66WDZH.js";
import {
  APPLE_TIMESTAMP_URL,
  requestTimestamp
} from "./chunk-2U4BUOEE.js";
import "./chunk-3FOH5IKW.js";
import {
  appl,
  bool,
  ctx,
  int,
  seq,
  toDer,
  utf8
} from "./chunk-YYSTWTUX.js";
import {
  UserError
} from "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";

// src/macho/devid-sign.ts
var ENTITLEMENTS_INPUT = "macos-entitlements";
var SHA256_ONLY_FROM = 10 << 16 | 11 << 8 | 4;
function digestPlan(minos, choice = "auto") {
  if (choice === "sha256") return [CS_HASHTYPE_SHA256];
  if (choice === "sha1+sha256") return [CS_HASHTYPE_SHA1, CS_HASHTYPE_SHA256];
  return minos !== void 0 && minos >= SHA256_ONLY_FROM ? [CS_HASHTYPE_SHA256] : [CS_HASHTYPE_SHA1, CS_HASHTYPE_SHA256];
}
function derValue(v, where) {
  if (typeof v === "boolean") return bool(v);
  if (typeof v === "string") return utf8(v);
  if (typeof v === "number" && Number.isInteger(v)) return int(v);
  if (Array.isArray(v)) return seq(...v.map((x, i) => derValue(x, `${where}[${i}]`)));
  if (isDict(v))
    return ctx(
      16,
      Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).map((k) => seq(utf8(k), derValue(v[k], `${where}.${k}`)))
    );
  const kind = v instanceof PlistReal ? "real" : Buffer.isBuffer(v) ? "data" : typeof v === "number" ? "negative or real number" : typeof v;
  throw new UserError(`input "${ENTITLEMENTS_INPUT}": ${where} is a ${kind}; entitlements hold booleans, strings, integers, arrays and dictionaries`);
}
function entitlementsToDer(xml) {
  let dict;
  try {
    dict = parsePlistDict(xml, "entitlements");
  } catch (err) {
    throw new UserError(
      `input "${ENTITLEMENTS_INPUT}": not an XML property list with a dictionary at the top (${err instanceof Error ? err.message : String(err)}); give an .entitlements file`
    );
  }
  return toDer(appl(16, [int(1), derValue(dict, "entitlements")]));
}
var TOKEN_ROOM = 8192;
async function signSliceDeveloperId(slice, identity, base, opts = {}, what = "Mach-O") {
  const timestampUrl = opts.timestampUrl ?? APPLE_TIMESTAMP_URL;
  const hashTypes = digestPlan(sliceMinos(slice, what), opts.digests);
  const sign = {
    identifier: base.identifier,
    infoPlist: base.infoPlist,
    codeResources: base.codeResources,
    flags: CS_RUNTIME,
    teamId: identity.teamId,
    hashTypes,
    requirements: requirementSet(developerIdRequirement(base.identifier, identity.teamId)),
    entitlements: opts.entitlements,
    entitlementsDer: opts.entitlements ? entitlementsToDer(opts.entitlements) : void 0
  };
  const dummies = hashTypes.map((t) => Buffer.alloc(64, t));
  let room = 8 + await cmsSizeWithoutTimestamp(dummies, identity) + 64 + (timestampUrl ? TOKEN_ROOM : 0);
  for (let attempt = 0; ; attempt++) {
    const laid = layoutThin(slice, { ...sign, cmsReserve: room }, what);
    const cms = await buildCms(laid.codeDirectories, identity, {
      signingTime: opts.signingTime,
      timestamp: timestampUrl ? (sig) => requestTimestamp(timestampUrl, sig, { timeoutMs: opts.timestampTimeoutMs }) : void 0
    });
    if (8 + cms.length <= room) {
      laid.seal(cms);
      return laid;
    }
    if (attempt > 0) throw new Error(`${what}: the CMS signature (${cms.length} bytes) outgrew the room kept for it twice`);
    room = 8 + cms.length + 1024;
  }
}
async function signMachOFileDeveloperId(path, identity, base, opts = {}, root) {
  return signMachOFileWith(path, (slice, what) => signSliceDeveloperId(slice, identity, base, opts, what), root);
}
async function signBundleDeveloperId(appDir, identity, opts = {}) {
  if (opts.entitlements) entitlementsToDer(opts.entitlements);
  const sealed = await sealBundle(appDir, {
    signFile: (path, base, root) => signMachOFileDeveloperId(path, identity, base, { ...opts, entitlements: base.infoPlist ? opts.entitlements : void 0 }, root),
    nestedRequirement: (identifier) => requirementText(developerIdRequirement(identifier, identity.teamId))
  });
  return { ...sealed, teamId: identity.teamId };
}
export {
  ENTITLEMENTS_INPUT,
  digestPlan,
  entitlementsToDer,
  signBundleDeveloperId,
  signMachOFileDeveloperId,
  signSliceDeveloperId
};
