
// src/net/http.ts
import { createRequire } from "node:module";
var nodeRequire = createRequire(import.meta.url);
var httpRequest = (options, callback) => nodeRequire("node:http").request(options, callback);
var httpsRequest = (options, callback) => nodeRequire("node:https").request(options, callback);
var HttpError = class extends Error {
  constructor(url, status, message) {
    super(message);
    this.status = status;
    this.url = redact(url);
  }
  status;
  name = "HttpError";
  url;
};
var MAX_BODY = 16 << 20;
function showLimit(bytes) {
  return bytes >= 1 << 20 ? `${bytes} bytes (${Math.round(bytes / (1 << 20))} MiB)` : `${bytes} bytes`;
}
var TooLargeError = class extends HttpError {
  name = "TooLargeError";
};
function tooLarge(url, what, limit) {
  return new TooLargeError(url, void 0, `GET ${redact(url)}: ${what} is larger than the ${showLimit(limit)} allowed; stopped reading it`);
}
async function readBodyCapped(res, url, limit, what) {
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    res.discard();
    throw tooLarge(url, what, limit);
  }
  const chunks = [];
  let n = 0;
  for await (const c of res.body) {
    n += c.length;
    if (n > limit) {
      res.discard();
      throw tooLarge(url, what, limit);
    }
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}
var TRANSIENT = (status) => status === 429 || status >= 500;
function redact(url) {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, "//");
  }
}
var REDIRECTS = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
var MAX_REDIRECTS = 10;
var Refused = class extends HttpError {
};
function requestOnce(u, headers, timeoutMs) {
  return new Promise((resolve, reject) => {
    const req = (u.protocol === "https:" ? httpsRequest : httpRequest)(
      {
        protocol: u.protocol,
        hostname: u.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: u.port || void 0,
        path: u.pathname + u.search,
        headers,
        timeout: timeoutMs
      },
      resolve
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end();
  });
}
async function follow(url, headers, timeoutMs) {
  let u = new URL(url);
  for (let hop = 0; ; hop++) {
    if (u.protocol !== "https:" && u.protocol !== "http:")
      throw new Refused(url, void 0, `GET ${redact(url)}: ${u.protocol.replace(/:$/, "")} URLs are not supported (use https)`);
    if (u.username || u.password) {
      throw new Refused(url, void 0, `GET ${redact(u.href)}: the URL carries user:password, which go-fyne-action never sends; remove it`);
    }
    const res = await requestOnce(u, headers, timeoutMs);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return res;
    res.resume();
    if (hop >= MAX_REDIRECTS) throw new Refused(url, res.statusCode, `GET ${redact(url)} redirected more than ${MAX_REDIRECTS} times`);
    let next;
    try {
      next = new URL(location, u);
    } catch {
      throw new Refused(url, res.statusCode, `GET ${redact(u.href)} redirected to an invalid URL`);
    }
    if (u.protocol === "https:" && next.protocol !== "https:") {
      throw new Refused(
        url,
        res.statusCode,
        `GET ${redact(u.href)} redirected to ${redact(next.href)}: an https download may not continue over ${next.protocol.replace(/:$/, "")}; refused`
      );
    }
    u = next;
  }
}
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function defaultDelay(env = {}) {
  const raw = env.GO_FYNE_ACTION_RETRY_DELAY_MS;
  const ms = Number(raw);
  return raw !== void 0 && raw.trim() !== "" && Number.isFinite(ms) && ms >= 0 ? ms : 500;
}
async function httpGet(url, opts = {}) {
  const attempts = Math.max(1, opts.attempts ?? 3);
  let delay = opts.retryDelayMs ?? defaultDelay(opts.env);
  let last;
  for (let i = 1; i <= attempts; i++) {
    try {
      const given = { "user-agent": "go-fyne-action", ...opts.headers ?? {}, "accept-encoding": "identity" };
      const headers = Object.fromEntries(Object.entries(given).filter(([k]) => k.toLowerCase() !== "authorization"));
      const res = await follow(url, headers, opts.timeoutMs ?? 6e4);
      const status = res.statusCode ?? 0;
      if (TRANSIENT(status)) {
        res.resume();
        last = new HttpError(url, status, `GET ${redact(url)} answered ${status} ${res.statusMessage ?? ""}`.trim());
      } else {
        return { status, headers: res.headers, body: res, discard: () => res.destroy() };
      }
    } catch (err) {
      if (err instanceof Refused) throw err;
      const detail = err.code ?? err.message;
      last = new HttpError(url, void 0, `GET ${redact(url)} failed: ${detail === "ETIMEDOUT" ? "timed out" : detail}`);
      if (detail === "ENOTFOUND") break;
    }
    if (i < attempts) {
      opts.onRetry?.(`${last.message}; retrying (${i}/${attempts - 1})`);
      await sleep(delay);
      delay *= 2;
    }
  }
  throw last;
}
async function httpGetBuffer(url, opts = {}) {
  const res = await httpGet(url, opts);
  if (res.status < 200 || res.status > 299) {
    res.discard();
    throw new HttpError(url, res.status, `GET ${redact(url)} answered ${res.status}`);
  }
  return readBodyCapped(res, url, opts.maxBytes ?? MAX_BODY, opts.what ?? "the response");
}
function isLoopbackHost(hostname) {
  const h = hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === "localhost" || h === "::1";
}
var CREDENTIAL_HEADERS = /* @__PURE__ */ new Set(["authorization", "x-amz-security-token", "cookie", "proxy-authorization"]);
async function httpSend(url, o) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new Refused(url, void 0, `${o.method} ${redact(url)}: not a URL`);
  }
  const shown = `${o.method} ${redact(url)}`;
  if (u.protocol !== "https:" && u.protocol !== "http:")
    throw new Refused(url, void 0, `${shown}: ${u.protocol.replace(/:$/, "")} URLs are not supported (use https)`);
  if (u.username || u.password) throw new Refused(url, void 0, `${shown}: the URL carries user:password, which go-fyne-action never sends; remove it`);
  const headers = { "user-agent": "go-fyne-action", "accept-encoding": "identity" };
  for (const [k, v] of Object.entries(o.headers ?? {})) headers[k.toLowerCase()] = v;
  const credentialed = Object.keys(headers).some((k) => CREDENTIAL_HEADERS.has(k));
  if (credentialed) {
    if (o.credentialOrigin === void 0 || o.credentialOrigin !== u.origin)
      throw new Refused(url, void 0, `${shown}: refusing to send a credential to ${u.origin}, which does not own it`);
    if (u.protocol !== "https:" && !isLoopbackHost(u.hostname))
      throw new Refused(url, void 0, `${shown}: refusing to send a credential over plain http (https only, http for a loopback address)`);
  }
  const body = o.body;
  if (body !== void 0) headers["content-length"] = String(body.length);
  let cut;
  const state = { late: false };
  const deadline = o.deadlineMs === void 0 ? void 0 : setTimeout(() => {
    state.late = true;
    cut?.();
  }, o.deadlineMs);
  const lateError = () => new HttpError(url, void 0, `${shown}: no complete answer within ${o.deadlineMs} ms`);
  try {
    return await sendOnce(u, url, shown, o, headers, body, (c) => cut = c);
  } catch (err) {
    if (state.late) throw lateError();
    throw err;
  } finally {
    if (deadline) clearTimeout(deadline);
  }
}
async function sendOnce(u, url, shown, o, headers, body, onCut) {
  const res = await new Promise((resolve, reject) => {
    const req = (u.protocol === "https:" ? httpsRequest : httpRequest)(
      {
        protocol: u.protocol,
        hostname: u.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: u.port || void 0,
        path: u.pathname + u.search,
        method: o.method,
        headers,
        timeout: o.timeoutMs ?? 6e4
      },
      resolve
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    onCut(() => req.destroy(new Error("deadline")));
    if (body === void 0) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      const src = body.open();
      src.on("error", (err) => req.destroy(err));
      src.pipe(req);
    }
  }).catch((err) => {
    const detail = err.code ?? err.message;
    throw new HttpError(url, void 0, `${shown} failed: ${detail === "ETIMEDOUT" ? "timed out" : detail}`);
  });
  onCut(() => res.destroy(new Error("deadline")));
  const status = res.statusCode ?? 0;
  const wrapped = { status, headers: res.headers, body: res, discard: () => res.destroy() };
  const bytes = await readBodyCapped(wrapped, url, o.maxBytes ?? MAX_BODY, o.what ?? "the response");
  return { status, headers: res.headers, body: bytes };
}

export {
  HttpError,
  MAX_BODY,
  showLimit,
  TooLargeError,
  tooLarge,
  readBodyCapped,
  redact,
  httpGet,
  httpGetBuffer,
  isLoopbackHost,
  httpSend
};
