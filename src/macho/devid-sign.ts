/**
 * Developer ID signing of Mach-O files and .app bundles, on any host (issue 22).
 *
 * Per slice, what `codesign --sign "Developer ID Application: ..." --options runtime --timestamp`
 * writes:
 * - the CodeDirectory the ad hoc seal makes (adhoc-sign.ts), with flags CS_RUNTIME (hardened
 *   runtime) instead of CS_ADHOC and the team ID (the certificate's OU) at teamOffset;
 * - its digests chosen as codesign chooses them by the slice's minimum macOS version: SHA-256
 *   only from macOS 10.11.4 on (Go 1.22+ links minos 11 or later, so Go apps get SHA-256 only),
 *   else a SHA-1 primary CodeDirectory plus a SHA-256 alternate (slot 0x1000), which older
 *   systems need; `digests` forces either;
 * - the designated requirement (requirements.ts), entitlements when given, as the XML blob
 *   (0xfade7171, slot 5, read by every macOS) and Apple's DER form (0xfade7172, slot 7, which
 *   macOS 12+ prefers; Go 1.25+ links minos 12): both, as codesign has written since Xcode 13;
 * - the CMS signature over the CodeDirectories with the CDHashes attributes and an RFC 3161
 *   timestamp (cms.ts, tsa.ts).
 * The CMS is made after the CodeDirectories are final and needs a server's answer, so the
 * signature keeps room for it (its size without the token, measured, plus room for a token);
 * a larger answer lays the slice out once more with the room it needs.
 */
import { UserError } from '../errors.js';
import {
  CS_HASHTYPE_SHA1,
  CS_HASHTYPE_SHA256,
  CS_RUNTIME,
  layoutThin,
  signMachOFileWith,
  sliceMinos,
  type SignedFile,
  type SignedSlice,
  type SignOptions,
} from './adhoc-sign.js';
import { sealBundle, type SealedBundle } from './bundle-sign.js';
import { buildCms, cmsSizeWithoutTimestamp } from './cms.js';
import { appl, bool, ctx, int, seq, toDer, utf8, type Asn1 } from './forge.js';
import type { SigningIdentity } from './p12.js';
import { isPlistDict, parsePlistDict, PlistReal, type PlistValue } from './plist.js';
import { developerIdRequirement, requirementSet, requirementText } from './requirements.js';
import { APPLE_TIMESTAMP_URL, requestTimestamp } from './tsa.js';
import type { WriteRoot } from '../system/confine.js';

export const ENTITLEMENTS_INPUT = 'macos-entitlements';

export interface DeveloperIdOptions {
  /** Entitlements, an XML plist (the repository's file, read through a ReadRoot by the caller); main executable only. */
  entitlements?: Buffer;
  /** RFC 3161 server; default Apple's. '' = no timestamp (offline tests; Apple's notary refuses such a signature). */
  timestampUrl?: string;
  /** Bound on each timestamp exchange (default 30 s). */
  timestampTimeoutMs?: number;
  /** CodeDirectory digests: by the slice's minimum macOS version (default), or forced. */
  digests?: 'auto' | 'sha256' | 'sha1+sha256';
  /** The CMS signing-time attribute (default now). */
  signingTime?: Date;
}

/** minos as 0xXXXXYYZZ: macOS 10.11.4 is the first that checks SHA-256 CodeDirectories alone. */
const SHA256_ONLY_FROM = (10 << 16) | (11 << 8) | 4;

/** The CodeDirectory hash types, primary first, for a slice whose minimum macOS is `minos`. */
export function digestPlan(minos: number | undefined, choice: DeveloperIdOptions['digests'] = 'auto'): number[] {
  if (choice === 'sha256') return [CS_HASHTYPE_SHA256];
  if (choice === 'sha1+sha256') return [CS_HASHTYPE_SHA1, CS_HASHTYPE_SHA256];
  return minos !== undefined && minos >= SHA256_ONLY_FROM ? [CS_HASHTYPE_SHA256] : [CS_HASHTYPE_SHA1, CS_HASHTYPE_SHA256];
}

/** Apple's DER entitlements value: dict = [16] { SEQUENCE { UTF8String key, value } ... } by key, array = SEQUENCE. */
function derValue(v: PlistValue, where: string): Asn1 {
  if (typeof v === 'boolean') return bool(v);
  if (typeof v === 'string') return utf8(v);
  if (typeof v === 'number' && Number.isInteger(v)) return int(v);
  if (Array.isArray(v)) return seq(...v.map((x, i) => derValue(x, `${where}[${i}]`)));
  if (isPlistDict(v))
    return ctx(
      16,
      Object.keys(v)
        .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
        .map((k) => seq(utf8(k), derValue(v[k] as PlistValue, `${where}.${k}`))),
    );
  const kind = v instanceof PlistReal ? 'real' : Buffer.isBuffer(v) ? 'data' : typeof v === 'number' ? 'negative or real number' : typeof v;
  throw new UserError(`input "${ENTITLEMENTS_INPUT}": ${where} is a ${kind}; entitlements hold booleans, strings, integers, arrays and dictionaries`);
}

/** Checks the entitlements plist and returns its DER form. */
export function entitlementsToDer(xml: Buffer): Buffer {
  let dict;
  try {
    dict = parsePlistDict(xml, 'entitlements');
  } catch (err) {
    throw new UserError(
      `input "${ENTITLEMENTS_INPUT}": not an XML property list with a dictionary at the top (${err instanceof Error ? err.message : String(err)}); give an .entitlements file`,
    );
  }
  return toDer(appl(16, [int(1), derValue(dict, 'entitlements')]));
}

/** Room for an RFC 3161 token (Apple's are 2-5 KB with their certificates). */
const TOKEN_ROOM = 8192;

/** Signs one thin slice with the identity. `base` holds what the seal decides (identifier, Info.plist, CodeResources). */
export async function signSliceDeveloperId(
  slice: Buffer,
  identity: SigningIdentity,
  base: SignOptions,
  opts: DeveloperIdOptions = {},
  what = 'Mach-O',
): Promise<SignedSlice> {
  const timestampUrl = opts.timestampUrl ?? APPLE_TIMESTAMP_URL;
  const hashTypes = digestPlan(sliceMinos(slice, what), opts.digests);
  const sign: SignOptions = {
    identifier: base.identifier,
    infoPlist: base.infoPlist,
    codeResources: base.codeResources,
    flags: CS_RUNTIME,
    teamId: identity.teamId,
    hashTypes,
    requirements: requirementSet(developerIdRequirement(base.identifier, identity.teamId)),
    entitlements: opts.entitlements,
    entitlementsDer: opts.entitlements ? entitlementsToDer(opts.entitlements) : undefined,
  };
  const dummies = hashTypes.map((t) => Buffer.alloc(64, t));
  let room = 8 + (await cmsSizeWithoutTimestamp(dummies, identity)) + 64 + (timestampUrl ? TOKEN_ROOM : 0);
  for (let attempt = 0; ; attempt++) {
    const laid = layoutThin(slice, { ...sign, cmsReserve: room }, what);
    const cms = await buildCms(laid.codeDirectories, identity, {
      signingTime: opts.signingTime,
      timestamp: timestampUrl ? (sig) => requestTimestamp(timestampUrl, sig, { timeoutMs: opts.timestampTimeoutMs }) : undefined,
    });
    if (8 + cms.length <= room) {
      laid.seal(cms);
      return laid;
    }
    if (attempt > 0) throw new Error(`${what}: the CMS signature (${cms.length} bytes) outgrew the room kept for it twice`);
    room = 8 + cms.length + 1024;
  }
}

/** Signs a thin or universal Mach-O file in place with the identity (every slice). */
export async function signMachOFileDeveloperId(
  path: string,
  identity: SigningIdentity,
  base: SignOptions,
  opts: DeveloperIdOptions = {},
  root?: WriteRoot,
): Promise<SignedFile> {
  return signMachOFileWith(path, (slice, what) => signSliceDeveloperId(slice, identity, base, opts, what), root);
}

export interface DeveloperIdBundle extends SealedBundle {
  teamId: string;
}

/**
 * Seals `appDir` with the identity: nested code first (its designated requirement recorded in
 * CodeResources), then the main executable bound to Info.plist and CodeResources, with the
 * entitlements. The bundle is changed in place, through a WriteRoot on it (bundle-sign.ts).
 */
export async function signBundleDeveloperId(appDir: string, identity: SigningIdentity, opts: DeveloperIdOptions = {}): Promise<DeveloperIdBundle> {
  if (opts.entitlements) entitlementsToDer(opts.entitlements); // refused before anything is written
  const sealed = await sealBundle(appDir, {
    signFile: (path, base, root) =>
      signMachOFileDeveloperId(path, identity, base, { ...opts, entitlements: base.infoPlist ? opts.entitlements : undefined }, root),
    nestedRequirement: (identifier) => requirementText(developerIdRequirement(identifier, identity.teamId)),
  });
  return { ...sealed, teamId: identity.teamId };
}
