import {
  TooLargeError,
  httpSend,
  showLimit
} from "./chunk-3FOH5IKW.js";
import {
  bool,
  bytesOf,
  forge,
  fromDer,
  int,
  kids,
  nul,
  octets,
  oid,
  oidOf,
  seq,
  toDer
} from "./chunk-YYSTWTUX.js";
import {
  UserError
} from "./chunk-6ZRI6CPZ.js";

// src/macho/tsa.ts
import { createHash, randomBytes } from "node:crypto";
var TIMESTAMP_INPUT = "macos-timestamp-url";
var APPLE_TIMESTAMP_URL = "http://timestamp.apple.com/ts01";
var OID_SHA256 = "2.16.840.1.101.3.4.2.1";
var OID_SIGNED_DATA = "1.2.840.113549.1.7.2";
var OID_TST_INFO = "1.2.840.113549.1.9.16.1.4";
var MAX_REPLY = 1 << 20;
function timestampRequest(imprint, nonce) {
  return toDer(seq(int(1), seq(seq(oid(OID_SHA256), nul()), octets(imprint)), int(BigInt(`0x${nonce.toString("hex")}`)), bool(true)));
}
function intOf(node) {
  const b = node ? bytesOf(node) : Buffer.alloc(0);
  return b.length ? BigInt(`0x${b.toString("hex")}`) : 0n;
}
function tokenFromReply(reply, imprint, nonce) {
  let resp;
  try {
    resp = fromDer(reply);
  } catch {
    throw new Error(`its reply (${reply.length} bytes) is not DER`);
  }
  const at = (list, i) => list[i];
  const top = kids(resp);
  const statusInfo = at(top, 0);
  const token = at(top, 1);
  if (!statusInfo || kids(statusInfo).length === 0) throw new Error("its reply is not a TimeStampResp");
  const status = Number(intOf(at(kids(statusInfo), 0)));
  if (status !== 0 && status !== 1) throw new Error(`it refused the request (PKIStatus ${status})`);
  if (!token || oidOf(at(kids(token), 0)) !== OID_SIGNED_DATA) throw new Error("its reply carries no timestamp token");
  const encap = at(kids(at(kids(at(kids(token), 1)), 0)), 2);
  if (oidOf(at(kids(encap), 0)) !== OID_TST_INFO) throw new Error("its token does not hold a TSTInfo");
  const eContent = at(kids(at(kids(encap), 1)), 0);
  if (!eContent) throw new Error("its token has no TSTInfo content");
  const fields = kids(fromDer(bytesOf(eContent)));
  const mi = kids(at(fields, 2));
  const hashed = at(mi, 1);
  if (oidOf(at(kids(at(mi, 0)), 0)) !== OID_SHA256 || !hashed || !bytesOf(hashed).equals(imprint))
    throw new Error("its token timestamps another message (imprint differs)");
  const nonceNode = fields.slice(5).find((f) => f.tagClass === forge.asn1.Class.UNIVERSAL && f.type === forge.asn1.Type.INTEGER);
  if (!nonceNode || intOf(nonceNode) !== BigInt(`0x${nonce.toString("hex")}`)) throw new Error("its token does not echo our nonce");
  return toDer(token);
}
async function requestTimestamp(url, signature, opts = {}) {
  const timeoutMs = opts.timeoutMs ?? 3e4;
  const imprint = createHash("sha256").update(signature).digest();
  const nonce = randomBytes(8);
  nonce[0] &= 127;
  const shown = url.replace(/\/\/[^/@]*@/, "//");
  const fail = (why) => new UserError(`input "${TIMESTAMP_INPUT}": ${JSON.stringify(shown)}: ${why}; give an RFC 3161 server such as ${APPLE_TIMESTAMP_URL}`);
  let res;
  try {
    res = await httpSend(url, {
      method: "POST",
      headers: { "content-type": "application/timestamp-query" },
      body: timestampRequest(imprint, nonce),
      deadlineMs: timeoutMs,
      // the socket's own idle time-out (60 s) is longer: this bound is the one that speaks
      maxBytes: MAX_REPLY,
      what: "the timestamp reply"
    });
  } catch (err) {
    if (err instanceof TooLargeError) throw fail(`its reply is larger than ${showLimit(MAX_REPLY)}; stopped reading it`);
    const why = err instanceof Error ? err.message.replace(/^POST \S+:? (failed: )?/, "") : String(err);
    throw fail(why.startsWith("no complete answer") ? why : `the timestamp request failed: ${why}`);
  }
  if (res.status !== 200) throw fail(`the timestamp server answered HTTP ${res.status}`);
  try {
    return tokenFromReply(res.body, imprint, nonce);
  } catch (err) {
    throw fail(`not a usable timestamp: ${err instanceof Error && !(err instanceof TypeError) ? err.message : "the reply is malformed"}`);
  }
}
function parseTimestampUrl(raw) {
  let u;
  const accepted = `use the http(s) URL of an RFC 3161 timestamp server (default ${APPLE_TIMESTAMP_URL})`;
  try {
    u = new URL(raw);
  } catch {
    throw new UserError(`input "${TIMESTAMP_INPUT}": ${JSON.stringify(raw)} is not a URL; ${accepted}`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new UserError(`input "${TIMESTAMP_INPUT}": scheme ${u.protocol} is not http(s); ${accepted}`);
  if (u.username || u.password) throw new UserError(`input "${TIMESTAMP_INPUT}": the URL carries user:password; ${accepted}`);
  return raw;
}
function tokenImprint(token) {
  const at = (list, i) => list[i];
  const t = fromDer(token);
  if (oidOf(at(kids(t), 0)) !== OID_SIGNED_DATA) throw new Error("not a SignedData token");
  const encap = at(kids(at(kids(at(kids(t), 1)), 0)), 2);
  const eContent = at(kids(at(kids(encap), 1)), 0);
  if (oidOf(at(kids(encap), 0)) !== OID_TST_INFO || !eContent) throw new Error("no TSTInfo");
  const fields = kids(fromDer(bytesOf(eContent)));
  const hashed = at(kids(at(fields, 2)), 1);
  const gen = at(fields, 4);
  if (!hashed || !gen) throw new Error("malformed TSTInfo");
  return { imprint: bytesOf(hashed), genTime: gen.value };
}

export {
  TIMESTAMP_INPUT,
  APPLE_TIMESTAMP_URL,
  timestampRequest,
  tokenFromReply,
  requestTimestamp,
  parseTimestampUrl,
  tokenImprint
};
