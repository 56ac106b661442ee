import {
  appZipEntries
} from "./chunk-KY7HVE76.js";
import "./chunk-RFMJVKYR.js";
import "./chunk-KFJK2ZES.js";
import {
  writeZip
} from "./chunk-DBNYSC5C.js";
import "./chunk-MRZ3A4BH.js";
import "./chunk-PI4MXL3D.js";
import {
  RAN,
  filesStep
} from "./chunk-6CLW66DV.js";
import {
  controlFree,
  logText
} from "./chunk-PB3ZMGEC.js";
import {
  APPLE_ENDPOINTS,
  checkEndpoints,
  checkServiceUrl,
  objectKeyProblem,
  storageBase
} from "./chunk-ZOKSPSVI.js";
import {
  seconds
} from "./chunk-LHSVOPIB.js";
import "./chunk-ET2PU4VS.js";
import {
  onAbort
} from "./chunk-TP7NBEYG.js";
import {
  artifactFromPath
} from "./chunk-CX7QWEJI.js";
import {
  registerSecretValue
} from "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import {
  readBundleInfo
} from "./chunk-5DMHZ5OM.js";
import "./chunk-LM23WKPA.js";
import {
  parseEmbeddedSignature
} from "./chunk-CLWQRHXC.js";
import {
  readMachO
} from "./chunk-L373MPJF.js";
import {
  ReadRoot,
  WriteRoot,
  mkdtemp,
  open,
  rm,
  rmSync
} from "./chunk-RH66WDZH.js";
import {
  HttpError,
  httpGetBuffer,
  httpSend
} from "./chunk-3FOH5IKW.js";
import {
  UserError
} from "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";

// src/notary/notarize.ts
import { createHash as createHash3 } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

// src/notary/jwt.ts
import { sign } from "node:crypto";
var JWT_AUDIENCE = "appstoreconnect-v1";
var MAX_LIFETIME_S = 20 * 60;
var b64url = (b) => Buffer.from(b).toString("base64url");
function notaryToken(c, nowS, lifetimeS = 15 * 60) {
  const iat = Math.floor(nowS);
  const header = { alg: "ES256", kid: c.keyId, typ: "JWT" };
  const payload = { iss: c.issuer, iat, exp: iat + Math.min(Math.max(1, Math.floor(lifetimeS)), MAX_LIFETIME_S), aud: JWT_AUDIENCE };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign("sha256", Buffer.from(signingInput), { key: c.key, dsaEncoding: "ieee-p1363" });
  return `${signingInput}.${b64url(signature)}`;
}
var TokenSource = class {
  constructor(creds, now, onNew, lifetimeS = 15 * 60) {
    this.creds = creds;
    this.now = now;
    this.onNew = onNew;
    this.lifetimeS = lifetimeS;
  }
  creds;
  now;
  onNew;
  lifetimeS;
  token = "";
  expires = 0;
  get() {
    const nowS = this.now() / 1e3;
    if (this.token === "" || nowS > this.expires - 60) {
      this.token = notaryToken(this.creds, nowS, this.lifetimeS);
      this.expires = Math.floor(nowS) + Math.min(this.lifetimeS, MAX_LIFETIME_S);
      this.onNew(this.token);
    }
    return this.token;
  }
};

// src/notary/log.ts
var MAX_FINDINGS = 50;
var MAX_FIELD = 500;
var str = (v) => typeof v === "string" ? v : typeof v === "number" ? String(v) : void 0;
function parseNotaryLog(text) {
  let j;
  try {
    j = JSON.parse(text);
  } catch {
    return void 0;
  }
  if (typeof j !== "object" || j === null) return void 0;
  const o = j;
  const issues = Array.isArray(o.issues) ? o.issues : [];
  return {
    status: str(o.status),
    statusSummary: str(o.statusSummary),
    issues: issues.filter((x) => typeof x === "object" && x !== null).map((x) => ({
      severity: str(x.severity) ?? "issue",
      message: str(x.message) ?? "",
      path: str(x.path),
      architecture: str(x.architecture),
      docUrl: str(x.docUrl)
    }))
  };
}
function oneLine(text, max = MAX_FIELD) {
  const flat = controlFree(text).replace(/\n+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}
function findingLines(log) {
  const lines = log.issues.slice(0, MAX_FINDINGS).map((f) => {
    const where = f.path ? ` ${oneLine(f.path, 300)}${f.architecture ? ` (${oneLine(f.architecture, 40)})` : ""}` : "";
    const doc = f.docUrl ? ` [${oneLine(f.docUrl, 200)}]` : "";
    return logText(`${oneLine(f.severity, 20)}:${where}${where ? ":" : ""} ${oneLine(f.message)}${doc}`);
  });
  if (log.issues.length > MAX_FINDINGS) lines.push(`... and ${log.issues.length - MAX_FINDINGS} more issues in the log`);
  return lines;
}

// src/notary/poll.ts
var DEFAULT_POLL = { initialDelayMs: 5e3, maxDelayMs: 6e4, factor: 2, maxWaitMs: 30 * 6e4 };
function pollPolicy(p = {}) {
  const out = {
    initialDelayMs: p.initialDelayMs ?? DEFAULT_POLL.initialDelayMs,
    maxDelayMs: p.maxDelayMs ?? DEFAULT_POLL.maxDelayMs,
    factor: p.factor ?? DEFAULT_POLL.factor,
    maxWaitMs: p.maxWaitMs ?? DEFAULT_POLL.maxWaitMs
  };
  if (!(out.initialDelayMs >= 0 && out.maxDelayMs >= out.initialDelayMs && out.factor >= 1 && out.maxWaitMs > 0))
    throw new Error(`internal: poll policy ${JSON.stringify(out)} is not increasing and bounded`);
  return out;
}
function backoffMs(checks, p) {
  return Math.min(p.maxDelayMs, p.initialDelayMs * p.factor ** Math.max(0, checks - 1));
}
function retryAfterMs(header, nowMs) {
  const v = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!v) return void 0;
  if (/^\d+$/.test(v)) return Number(v) * 1e3;
  const at = Date.parse(v);
  return Number.isNaN(at) ? void 0 : Math.max(0, at - nowMs);
}
function nextWait(o) {
  const left = o.policy.maxWaitMs - o.elapsedMs;
  if (left <= 0) return { timedOut: true };
  const want = Math.max(backoffMs(o.checks, o.policy), o.retryAfterMs ?? 0);
  return { sleepMs: Math.min(want, left) };
}
function showDuration(ms) {
  if (ms >= 12e4) return `${Math.round(ms / 6e4)} minutes`;
  if (ms >= 1e3) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms)} ms`;
}

// src/notary/sigv4.ts
import { createHash, createHmac } from "node:crypto";
function uriEncode(s, keepSlash = false) {
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-._~]/.test(c) || keepSlash && c === "/") out += c;
    else out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
function s3Path(prefix, key) {
  return `${prefix.replace(/\/+$/, "")}/${uriEncode(key, true)}`;
}
function amzDate(d) {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}
var hmac = (key, data) => createHmac("sha256", key).update(data, "utf8").digest();
var sha256Hex = (data) => createHash("sha256").update(data).digest("hex");
function signingKey(secret, day, region, service) {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), "aws4_request");
}
function signV4(i) {
  const stamp = amzDate(i.date);
  const day = stamp.slice(0, 8);
  const all = /* @__PURE__ */ new Map();
  for (const [k, v] of Object.entries(i.headers ?? {})) all.set(k.toLowerCase(), v);
  all.set("host", i.host);
  all.set("x-amz-date", stamp);
  if (i.contentSha256Header) all.set("x-amz-content-sha256", i.payloadHash);
  if (i.credentials.sessionToken) all.set("x-amz-security-token", i.credentials.sessionToken);
  const names = [...all.keys()].sort();
  const canonicalHeaders = names.map((n) => `${n}:${(all.get(n) ?? "").trim().replace(/\s+/g, " ")}
`).join("");
  const signedHeaders = names.join(";");
  const path = (i.pathEncoding ?? "s3") === "double" ? i.path.split("/").map((s) => uriEncode(s)).join("/") : i.path;
  const query = [...i.query ?? []].map(([k, v]) => [uriEncode(k), uriEncode(v)]).sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0).map(([k, v]) => `${k}=${v}`).join("&");
  const canonicalRequest = [i.method, path || "/", query, canonicalHeaders, signedHeaders, i.payloadHash].join("\n");
  const scope = `${day}/${i.region}/${i.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, sha256Hex(canonicalRequest)].join("\n");
  const signature = createHmac("sha256", signingKey(i.credentials.secretAccessKey, day, i.region, i.service)).update(stringToSign, "utf8").digest("hex");
  const headers = {
    authorization: `AWS4-HMAC-SHA256 Credential=${i.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    "x-amz-date": stamp
  };
  if (i.contentSha256Header) headers["x-amz-content-sha256"] = i.payloadHash;
  if (i.credentials.sessionToken) headers["x-amz-security-token"] = i.credentials.sessionToken;
  for (const [k, v] of all) if (k !== "host" && !(k in headers)) headers[k] = v;
  return { headers, canonicalRequest, stringToSign, signature, signedHeaders };
}

// src/notary/ticket.ts
import { createHash as createHash2 } from "node:crypto";
var TICKET_MAGIC = Buffer.from("s8ch", "latin1");
var BUNDLE_TICKET_PATH = "Contents/CodeResources";
var MAX_TICKET = 1 << 20;
var DIGESTS = { 1: "sha1", 2: "sha256", 3: "sha256", 4: "sha384" };
async function ticketRecord(app) {
  const info = await readBundleInfo(app);
  const file = await readMachO(info.executablePath);
  const s = file.slices[0];
  const lc = s.header.codeSignature;
  if (!lc) throw new UserError(`${info.executablePath} (${s.arch}) is not signed; sign the .app before notarizing it`);
  const buf = Buffer.alloc(lc.datasize);
  const fh = await open(info.executablePath, "r");
  try {
    await fh.read(buf, 0, lc.datasize, s.offset + lc.dataoff);
  } finally {
    await fh.close();
  }
  const cd = parseEmbeddedSignature(buf).codeDirectories.find((c) => c.slot === 0);
  if (!cd) throw new UserError(`${info.executablePath} (${s.arch}) has no CodeDirectory; sign the .app before notarizing it`);
  const algorithm = DIGESTS[cd.hashType];
  if (!algorithm) throw new UserError(`${info.executablePath} (${s.arch}): CodeDirectory hash type ${cd.hashType} is not one a ticket is issued for`);
  const cdhash = createHash2(algorithm).update(cd.bytes).digest().subarray(0, 20).toString("hex");
  return { recordName: `2/${cd.hashType}/${cdhash}`, cdhash, arch: s.arch, executable: info.executablePath };
}
function ticketLookupBody(recordName) {
  return JSON.stringify({ records: [{ recordName }] });
}
function parseTicketLookup(body, recordName) {
  let j;
  try {
    j = JSON.parse(body.toString("utf8"));
  } catch {
    return { missing: "the ticket service answered something that is not JSON" };
  }
  const records = j.records;
  if (!Array.isArray(records)) return { missing: "the ticket service answered without records" };
  const rec = records.find(
    (r) => typeof r === "object" && r !== null && r.recordName === recordName
  );
  if (!rec) return { missing: `the ticket service's answer has no record ${recordName}` };
  const field2 = rec.fields?.signedTicket;
  if (!field2) {
    const code = typeof rec.serverErrorCode === "string" ? rec.serverErrorCode : "no ticket";
    const reason = typeof rec.reason === "string" ? `: ${rec.reason}` : "";
    return { missing: oneLine(`${code}${reason}`, 200) };
  }
  if (field2.type !== "BYTES" || typeof field2.value !== "string") return { missing: "the ticket record holds no BYTES signedTicket" };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(field2.value) || field2.value.length > MAX_TICKET * 4 / 3 + 4)
    return { missing: "the signedTicket is not base64 or too large" };
  const ticket = Buffer.from(field2.value, "base64");
  const problem = ticketProblem(ticket);
  return problem ? { missing: problem } : { ticket };
}
function ticketProblem(ticket) {
  if (ticket.length > MAX_TICKET) return `the ticket is ${ticket.length} bytes, over the ${MAX_TICKET}-byte limit`;
  if (ticket.length < 8 || !ticket.subarray(0, 4).equals(TICKET_MAGIC)) return "the signedTicket is not a notarization ticket (no s8ch magic)";
  return void 0;
}
async function stapleTicket(app, ticket, record) {
  const problem = ticketProblem(ticket);
  if (problem) throw new UserError(`stapling ${app}: ${problem}`);
  const root = await WriteRoot.create(app, "the .app");
  const path = await root.write(BUNDLE_TICKET_PATH, ticket, { mode: 420 });
  const back = await (await ReadRoot.open(app, "the .app")).read(BUNDLE_TICKET_PATH, "the stapled ticket", { maxBytes: MAX_TICKET });
  if (!back.equals(ticket)) throw new UserError(`stapling ${app}: ${BUNDLE_TICKET_PATH} does not read back as the ticket written`);
  const again = await ticketRecord(app);
  if (again.recordName !== record.recordName)
    throw new UserError(`stapling ${app}: the main executable changed while it was notarized (cdhash ${again.cdhash}, the ticket is for ${record.cdhash})`);
  return path;
}

// src/notary/notarize.ts
var Scrubber = class {
  values = /* @__PURE__ */ new Set();
  add(v) {
    if (v.length >= 8) this.values.add(v);
  }
  scrub(text) {
    let out = text;
    for (const v of this.values) out = out.split(v).join("***");
    return out;
  }
};
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function json(res, what) {
  try {
    const j = JSON.parse(res.body.toString("utf8"));
    if (typeof j === "object" && j !== null) return j;
  } catch {
  }
  throw new UserError(`${what}: the answer (${res.status}) is not a JSON object`);
}
var field = (o, ...path) => path.reduce((v, k) => typeof v === "object" && v !== null ? v[k] : void 0, o);
function serverReason(res) {
  const text = res.body.toString("utf8");
  try {
    const j = JSON.parse(text);
    const e = field(j, "errors");
    if (Array.isArray(e) && e.length > 0) {
      const first = e[0];
      return oneLine([first.title, first.detail].filter((x) => typeof x === "string").join(": "), 300);
    }
  } catch {
  }
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1];
  return code ? oneLine(code, 100) : oneLine(text, 200);
}
async function notarizeApp(app, o) {
  const endpoints = checkEndpoints(o.endpoints ?? APPLE_ENDPOINTS);
  const policy = pollPolicy(o.poll);
  const scrubber = new Scrubber();
  const keep = (v) => {
    scrubber.add(v);
    registerSecretValue(v);
    o.secret?.(v);
  };
  const log = {
    info: (m) => o.log.info(scrubber.scrub(m)),
    warning: (m) => o.log.warning(scrubber.scrub(m)),
    error: (m) => o.log.error(scrubber.scrub(m))
  };
  const tokens = new TokenSource(o.credentials, Date.now, keep);
  const apiOrigin = new URL(endpoints.api).origin;
  const name = basename(app);
  const timeoutMs = o.timeoutMs ?? 6e4;
  const record = await ticketRecord(app);
  const work = await mkdtemp(join(o.tempDir ?? tmpdir(), "notary-"));
  const release = onAbort(() => rmSync(work, { recursive: true, force: true }));
  try {
    const zip = join(work, `${name}.zip`);
    await writeZip(zip, await appZipEntries(app), { mtime: o.mtime ?? 0 });
    const size = (await stat(zip)).size;
    const hash = createHash3("sha256");
    for await (const chunk of createReadStream(zip)) hash.update(chunk);
    const sha256 = hash.digest("hex");
    log.info(`Notarizing ${name}: ${size} bytes, sha256 ${sha256}`);
    const api = async (what, method, path2, body, attempts = 1) => {
      return withRetries(
        what,
        attempts,
        policy,
        log,
        () => httpSend(`${endpoints.api}${path2}`, {
          method,
          headers: {
            authorization: `Bearer ${tokens.get()}`,
            accept: "application/json",
            ...body === void 0 ? {} : { "content-type": "application/json" }
          },
          body: body === void 0 ? void 0 : Buffer.from(JSON.stringify(body)),
          credentialOrigin: apiOrigin,
          timeoutMs
        })
      );
    };
    const refusedKey = (res, what) => new UserError(
      `${what}: the notary service refused the API key (${res.status}: ${serverReason(res)}); check notary-key, notary-key-id and notary-issuer, and that the key's role may notarize (Developer or above)`
    );
    const created = await api("notary submission", "POST", "/submissions", { submissionName: `${name}.zip`, sha256 }, o.attempts?.submit ?? 3);
    if (created.status === 401 || created.status === 403) throw refusedKey(created, "notary submission");
    if (created.status < 200 || created.status > 299)
      throw new UserError(`notary submission of ${name}: answered ${created.status} (${serverReason(created)})`);
    const sub = submissionCreds(json(created, "notary submission"));
    for (const v of [sub.secretAccessKey, sub.sessionToken]) keep(v);
    log.info(`Notary submission ${sub.id} created`);
    const base = storageBase(endpoints.storage, sub.bucket);
    const keyProblem = objectKeyProblem(sub.object);
    if (keyProblem)
      throw new UserError(`the notary service named the storage key ${JSON.stringify(oneLine(sub.object, 80))}, which ${keyProblem}; refusing to upload`);
    const path = s3Path(base.pathname === "/" ? "" : base.pathname, sub.object);
    const putUrl = `${base.origin}${path}`;
    const put = await withRetries("notary upload", o.attempts?.upload ?? 3, policy, log, () => {
      const signed = signV4({
        method: "PUT",
        host: base.host,
        path,
        headers: { "content-type": "application/zip" },
        payloadHash: sha256,
        contentSha256Header: true,
        region: endpoints.region,
        service: "s3",
        date: /* @__PURE__ */ new Date(),
        credentials: { accessKeyId: sub.accessKeyId, secretAccessKey: sub.secretAccessKey, sessionToken: sub.sessionToken }
      });
      const opts = {
        method: "PUT",
        headers: signed.headers,
        body: { length: size, open: () => createReadStream(zip) },
        credentialOrigin: base.origin,
        timeoutMs
      };
      return httpSend(putUrl, opts);
    });
    if (put.status >= 300 && put.status < 400)
      throw new UserError(
        `notary upload: the storage at ${base.host} answered ${put.status} (a redirect${typeof put.headers.location === "string" ? ` to ${oneLine(new URL(put.headers.location, putUrl).host, 100)}` : ""}); the upload and its credentials go only to the bucket the submission named; refused`
      );
    if (put.status < 200 || put.status > 299) throw new UserError(`notary upload to ${base.host}: answered ${put.status} (${serverReason(put)})`);
    log.info(`Uploaded ${name}.zip for submission ${sub.id}; waiting up to ${showDuration(policy.maxWaitMs)} for Apple's verdict`);
    const started = Date.now();
    let checks = 0;
    let status = "In Progress";
    for (; ; ) {
      let res;
      let retryAfter;
      try {
        res = await httpSend(`${endpoints.api}/submissions/${sub.id}`, {
          method: "GET",
          headers: { authorization: `Bearer ${tokens.get()}`, accept: "application/json" },
          credentialOrigin: apiOrigin,
          timeoutMs
        });
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        log.info(`Status check of ${sub.id} failed (${err.message}); trying again`);
      }
      checks++;
      if (res) {
        if (res.status === 401 || res.status === 403) throw refusedKey(res, `status of submission ${sub.id}`);
        if (res.status === 429 || res.status >= 500) {
          retryAfter = retryAfterMs(res.headers["retry-after"], Date.now());
          log.info(`Status check of ${sub.id} answered ${res.status}${retryAfter !== void 0 ? `, retry after ${showDuration(retryAfter)}` : ""}`);
        } else if (res.status < 200 || res.status > 299) {
          throw new UserError(`status of notary submission ${sub.id}: answered ${res.status} (${serverReason(res)})`);
        } else {
          const s = field(json(res, `status of submission ${sub.id}`), "data", "attributes", "status");
          status = typeof s === "string" ? oneLine(s, 40) : "unknown";
          if (status !== "In Progress") break;
        }
      }
      const next = nextWait({ checks, elapsedMs: Date.now() - started, retryAfterMs: retryAfter, policy });
      if ("timedOut" in next)
        throw new UserError(
          `notarization of ${name}: no verdict from Apple within ${showDuration(policy.maxWaitMs)} (submission ${sub.id}, last status ${status}); it goes on at Apple: check it later with \`xcrun notarytool info ${sub.id}\` (or GET ${endpoints.api}/submissions/${sub.id}) and staple the ticket once it is Accepted`
        );
      log.info(`Submission ${sub.id}: ${status}; next check in ${showDuration(next.sleepMs)}`);
      await sleep(next.sleepMs);
    }
    if (status !== "Accepted") {
      const summary = await findings(endpoints, sub.id, api, log);
      throw new UserError(`notarization of ${name}: Apple's verdict is ${status} (submission ${sub.id})${summary}`);
    }
    log.info(`Submission ${sub.id}: Accepted after ${checks} status checks`);
    if (o.staple === false) return { submissionId: sub.id, status: "Accepted", record, checks };
    const ticket = await lookupTicket(endpoints.tickets, record, o.attempts?.ticket ?? 5, policy, log, timeoutMs);
    const ticketPath = await stapleTicket(app, ticket, record);
    log.info(`Stapled the notarization ticket (${ticket.length} bytes, cdhash ${record.cdhash}) to ${name}/Contents/CodeResources`);
    return { submissionId: sub.id, status: "Accepted", record, ticketPath, checks };
  } catch (err) {
    if (err instanceof Error) err.message = scrubber.scrub(err.message);
    throw err;
  } finally {
    release();
    await rm(work, { recursive: true, force: true });
  }
}
function submissionCreds(j) {
  const id = field(j, "data", "id");
  const a = (k) => field(j, "data", "attributes", k);
  const out = {
    id,
    accessKeyId: a("awsAccessKeyId"),
    secretAccessKey: a("awsSecretAccessKey"),
    sessionToken: a("awsSessionToken"),
    bucket: a("bucket"),
    object: a("object")
  };
  const missing = Object.entries(out).filter(([, v]) => typeof v !== "string" || v === "").map(([k]) => k);
  if (missing.length > 0) throw new UserError(`notary submission: the answer lacks ${missing.join(", ")}`);
  const s = out;
  if (!/^[A-Za-z0-9-]{1,100}$/.test(s.id)) throw new UserError("notary submission: the submission id is not a UUID-like name; refusing to put it in a URL");
  return s;
}
async function findings(endpoints, id, api, log) {
  try {
    const res = await api(`log of submission ${id}`, "GET", `/submissions/${id}/logs`, void 0, 3);
    if (res.status < 200 || res.status > 299) return `; its log could not be had (${res.status})`;
    const url = field(json(res, `log of submission ${id}`), "data", "attributes", "developerLogUrl");
    if (typeof url !== "string") return "; the service gave no log URL";
    checkServiceUrl(url.split("?")[0], "the notary log URL");
    const text = (await httpGetBuffer(url, { attempts: 3, maxBytes: 4 << 20, what: "the notary log" })).toString("utf8");
    const parsed = parseNotaryLog(text);
    if (!parsed) return "; its log is not JSON";
    const lines = findingLines(parsed);
    for (const l of lines) log.error(l);
    const summary = parsed.statusSummary ? `: ${oneLine(parsed.statusSummary, 200)}` : "";
    return `${summary}; ${parsed.issues.length} issue${parsed.issues.length === 1 ? "" : "s"} in its log${lines.length ? ` (listed above; first: ${lines[0]})` : ""}`;
  } catch (err) {
    if (err instanceof UserError || err instanceof HttpError) return `; its log could not be read (${oneLine(err.message, 200)})`;
    throw err;
  }
}
async function lookupTicket(url, record, attempts, policy, log, timeoutMs) {
  let why = "";
  for (let i = 1; i <= attempts; i++) {
    try {
      const res = await httpSend(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: Buffer.from(ticketLookupBody(record.recordName)),
        timeoutMs,
        what: "the ticket lookup answer"
      });
      if (res.status >= 200 && res.status < 300) {
        const answer = parseTicketLookup(res.body, record.recordName);
        if ("ticket" in answer) return answer.ticket;
        why = answer.missing;
      } else why = `answered ${res.status}`;
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      why = err.message;
    }
    if (i < attempts) {
      log.info(`Ticket for ${record.recordName} not there yet (${why}); asking again`);
      await sleep(Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (i - 1)));
    }
  }
  throw new UserError(
    `stapling: no notarization ticket for ${record.recordName} after ${attempts} lookups (${why}); the app is notarized but not stapled: staple it later with \`xcrun stapler staple\``
  );
}
async function withRetries(what, attempts, policy, log, once) {
  for (let i = 1; ; i++) {
    let wait = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (i - 1));
    try {
      const res = await once();
      if (!(res.status === 429 || res.status >= 500) || i >= attempts) return res;
      const ra = retryAfterMs(res.headers["retry-after"], Date.now());
      if (ra !== void 0) wait = Math.min(policy.maxDelayMs, Math.max(wait, ra));
      log.info(`${what}: answered ${res.status}; trying again in ${showDuration(wait)} (${i}/${attempts - 1})`);
    } catch (err) {
      if (!(err instanceof HttpError) || err.constructor !== HttpError || i >= attempts)
        throw err instanceof HttpError ? new UserError(`${what}: ${err.message}`) : err;
      log.info(`${what}: ${err.message}; trying again in ${showDuration(wait)} (${i}/${attempts - 1})`);
    }
    await sleep(wait);
  }
}

// src/steps/notarize.ts
function notarizePlan(config, artifacts) {
  if (!config.signing.notary) return { skipped: "no notary-key" };
  const apps = artifacts.filter((a) => a.kind === "app");
  const signed = apps.filter((a) => a.signed === "developer-id" && !a.notarized);
  if (signed.length === 0)
    return { skipped: apps.length === 0 ? "no .app was made here, nothing to notarize" : "no .app here is signed with macos-certificate, nothing to notarize" };
  return { apps: signed };
}
var notarizeStep = filesStep("Notarize macOS .app", async (ctx) => {
  const { rt, config, registry } = ctx;
  const plan = notarizePlan(config, registry.list());
  if ("skipped" in plan) return plan;
  const notary = config.signing.notary;
  const mtime = Number(rt.env.SOURCE_DATE_EPOCH);
  for (const app of plan.apps) {
    const started = Date.now();
    const r = await notarizeApp(app.path, {
      credentials: notary.credentials,
      endpoints: notary.endpoints,
      poll: { maxWaitMs: notary.maxWaitMs },
      tempDir: rt.tempDir,
      log: { info: (m) => rt.info(m), warning: (m) => rt.warning(m), error: (m) => rt.error(m) },
      secret: (v) => rt.secret(v),
      ...Number.isSafeInteger(mtime) && mtime > 0 ? { mtime } : {}
    });
    registry.add({ ...await artifactFromPath(app.path, { target: app.target, kind: "app" }), signed: "developer-id", notarized: true });
    rt.info(
      `${app.target}: ${app.path} notarized (submission ${r.submissionId}, ${r.checks} status check(s)), ticket stapled in ${seconds(Date.now() - started)}`
    );
  }
  return RAN;
});
export {
  notarizePlan,
  notarizeStep
};
