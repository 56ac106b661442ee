/**
 * RFC 3161 secure timestamp for a Developer ID signature: a TimeStampReq (SHA-256 imprint of the
 * CMS signature value, a random nonce, certReq) POSTed to the timestamp URL; the reply's status
 * must be granted, and its token's TSTInfo must carry our imprint and nonce. The token (a CMS
 * ContentInfo) goes into the signer's unsigned attributes (cms.ts).
 *
 * The POST goes through the HTTP home (src/net/http.ts `httpSend`): one request, no redirect
 * followed (a 3xx is an answer like any other non-200), the wait bounded for the whole exchange
 * (`timeoutMs`, connect to last byte: a server trickling bytes is cut too) and the reply capped
 * (1 MiB). The request carries nothing secret: a hash of a public signature.
 */
import { createHash, randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';
import { httpSend, showLimit, TooLargeError, type SentResponse } from '../net/http.js';
import { bool, bytesOf, forge, fromDer, int, kids, nul, octets, oid, oidOf, seq, toDer, type Asn1 } from './forge.js';

export const TIMESTAMP_INPUT = 'macos-timestamp-url';
export const APPLE_TIMESTAMP_URL = 'http://timestamp.apple.com/ts01';
const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const MAX_REPLY = 1 << 20;

export interface TimestampOptions {
  /** Whole exchange, connect to last byte (default 30 s). */
  timeoutMs?: number;
}

/** The TimeStampReq DER for `imprint` (a SHA-256 digest). */
export function timestampRequest(imprint: Buffer, nonce: Buffer): Buffer {
  return toDer(seq(int(1), seq(seq(oid(OID_SHA256), nul()), octets(imprint)), int(BigInt(`0x${nonce.toString('hex')}`)), bool(true)));
}

/** The INTEGER's value as a bigint. */
function intOf(node: Asn1 | undefined): bigint {
  const b = node ? bytesOf(node) : Buffer.alloc(0);
  return b.length ? BigInt(`0x${b.toString('hex')}`) : 0n;
}

/** Checks a TimeStampResp and returns its token (ContentInfo DER); throws a plain Error saying what is wrong. */
export function tokenFromReply(reply: Buffer, imprint: Buffer, nonce: Buffer): Buffer {
  let resp: Asn1;
  try {
    resp = fromDer(reply);
  } catch {
    throw new Error(`its reply (${reply.length} bytes) is not DER`);
  }
  const at = (list: Asn1[], i: number): Asn1 | undefined => list[i];
  const top = kids(resp);
  const statusInfo = at(top, 0);
  const token = at(top, 1);
  if (!statusInfo || kids(statusInfo).length === 0) throw new Error('its reply is not a TimeStampResp');
  const status = Number(intOf(at(kids(statusInfo), 0)));
  if (status !== 0 && status !== 1) throw new Error(`it refused the request (PKIStatus ${status})`);
  if (!token || oidOf(at(kids(token), 0)) !== OID_SIGNED_DATA) throw new Error('its reply carries no timestamp token');
  const encap = at(kids(at(kids(at(kids(token), 1)), 0)), 2);
  if (oidOf(at(kids(encap), 0)) !== OID_TST_INFO) throw new Error('its token does not hold a TSTInfo');
  const eContent = at(kids(at(kids(encap), 1)), 0);
  if (!eContent) throw new Error('its token has no TSTInfo content');
  const fields = kids(fromDer(bytesOf(eContent)));
  const mi = kids(at(fields, 2));
  const hashed = at(mi, 1);
  if (oidOf(at(kids(at(mi, 0)), 0)) !== OID_SHA256 || !hashed || !bytesOf(hashed).equals(imprint))
    throw new Error('its token timestamps another message (imprint differs)');
  const nonceNode = fields.slice(5).find((f) => f.tagClass === forge.asn1.Class.UNIVERSAL && f.type === forge.asn1.Type.INTEGER);
  if (!nonceNode || intOf(nonceNode) !== BigInt(`0x${nonce.toString('hex')}`)) throw new Error('its token does not echo our nonce');
  return toDer(token);
}

/** A timestamp token over `signature` (the CMS SignerInfo's signature value) from `url`. */
export async function requestTimestamp(url: string, signature: Buffer, opts: TimestampOptions = {}): Promise<Buffer> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const imprint = createHash('sha256').update(signature).digest();
  const nonce = randomBytes(8);
  nonce[0] &= 0x7f;
  const shown = url.replace(/\/\/[^/@]*@/, '//');
  const fail = (why: string) =>
    new UserError(`input "${TIMESTAMP_INPUT}": ${JSON.stringify(shown)}: ${why}; give an RFC 3161 server such as ${APPLE_TIMESTAMP_URL}`);
  let res: SentResponse;
  try {
    res = await httpSend(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: timestampRequest(imprint, nonce),
      deadlineMs: timeoutMs, // the socket's own idle time-out (60 s) is longer: this bound is the one that speaks
      maxBytes: MAX_REPLY,
      what: 'the timestamp reply',
    });
  } catch (err) {
    if (err instanceof TooLargeError) throw fail(`its reply is larger than ${showLimit(MAX_REPLY)}; stopped reading it`);
    // httpSend's messages start with "POST <url>"; the URL is already shown once.
    const why = err instanceof Error ? err.message.replace(/^POST \S+:? (failed: )?/, '') : String(err);
    throw fail(why.startsWith('no complete answer') ? why : `the timestamp request failed: ${why}`);
  }
  if (res.status !== 200) throw fail(`the timestamp server answered HTTP ${res.status}`);
  try {
    return tokenFromReply(res.body, imprint, nonce);
  } catch (err) {
    // A TypeError is a reply whose structure is not the one expected.
    throw fail(`not a usable timestamp: ${err instanceof Error && !(err instanceof TypeError) ? err.message : 'the reply is malformed'}`);
  }
}

/** The URL checked as the input: http(s), no credentials. */
export function parseTimestampUrl(raw: string): string {
  let u: URL;
  const accepted = `use the http(s) URL of an RFC 3161 timestamp server (default ${APPLE_TIMESTAMP_URL})`;
  try {
    u = new URL(raw);
  } catch {
    throw new UserError(`input "${TIMESTAMP_INPUT}": ${JSON.stringify(raw)} is not a URL; ${accepted}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UserError(`input "${TIMESTAMP_INPUT}": scheme ${u.protocol} is not http(s); ${accepted}`);
  if (u.username || u.password) throw new UserError(`input "${TIMESTAMP_INPUT}": the URL carries user:password; ${accepted}`);
  return raw;
}

/** The SHA-256 imprint a timestamp token (ContentInfo DER) vouches for, and its genTime text; throws when it is not one. */
export function tokenImprint(token: Buffer): { imprint: Buffer; genTime: string } {
  const at = (list: Asn1[], i: number): Asn1 | undefined => list[i];
  const t = fromDer(token);
  if (oidOf(at(kids(t), 0)) !== OID_SIGNED_DATA) throw new Error('not a SignedData token');
  const encap = at(kids(at(kids(at(kids(t), 1)), 0)), 2);
  const eContent = at(kids(at(kids(encap), 1)), 0);
  if (oidOf(at(kids(encap), 0)) !== OID_TST_INFO || !eContent) throw new Error('no TSTInfo');
  const fields = kids(fromDer(bytesOf(eContent)));
  const hashed = at(kids(at(fields, 2)), 1);
  const gen = at(fields, 4);
  if (!hashed || !gen) throw new Error('malformed TSTInfo');
  return { imprint: bytesOf(hashed), genTime: gen.value as string };
}
