/**
 * HTTP GET with bounded retries for transient failures. It never sends credentials: download
 * mirrors and proxies get no Authorization header, a URL carrying user:password is refused, and
 * every URL in a message is redacted.
 *
 * Built on node:http/https rather than fetch: fetch (undici) decodes Content-Encoding on its
 * own, so a mirror serving the .tar.gz with `Content-Encoding: gzip` would have its sha256
 * computed on altered bytes. Here the body is the bytes as served (we also ask for
 * `Accept-Encoding: identity`), redirects are followed by hand so that an https URL that
 * redirects to http is refused, and no redirect ever carries credentials.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

// node:http and node:https are required on first use, not imported: an ESM import of node:http
// reads all of its exports, and on node 24 its WebSocket/CloseEvent/MessageEvent getters then load
// node's own undici, ~100 ms of CPU at the start of every run that imports this file, downloads or
// not (measured with --cpu-prof; scripts/bench/install.mjs). A CommonJS require reads none of them.
const nodeRequire = createRequire(import.meta.url);
type Request = (options: import('node:http').RequestOptions, callback?: (res: IncomingMessage) => void) => import('node:http').ClientRequest;
const httpRequest: Request = (options, callback) => (nodeRequire('node:http') as typeof import('node:http')).request(options, callback);
const httpsRequest: Request = (options, callback) => (nodeRequire('node:https') as typeof import('node:https')).request(options, callback);

export class HttpError extends Error {
  override name = 'HttpError';
  readonly url: string;
  constructor(
    url: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.url = redact(url);
  }
}

export interface GetOptions {
  /** Attempts in all, for 5xx, 429 and network errors (default 3). */
  attempts?: number;
  /** First back-off delay in ms, doubled each retry (default: GO_FYNE_ACTION_RETRY_DELAY_MS in `env`, else 500). */
  retryDelayMs?: number;
  /** The run's environment (the Runtime's), read for GO_FYNE_ACTION_RETRY_DELAY_MS only. */
  env?: NodeJS.ProcessEnv;
  /** Per-attempt time-out, in ms, for the server to go quiet: waiting for headers or mid-body (default 60 s). */
  timeoutMs?: number;
  /** Called before a retry. */
  onRetry?: (message: string) => void;
  headers?: Record<string, string>;
  /** For the *Buffer readers: refuse a body larger than this (default MAX_BODY); named by `what` in the error. */
  maxBytes?: number;
  /** What the body is, for the size error ("the Go download index"). */
  what?: string;
}

/** The default cap on a body read whole into memory (indexes, lists, checksum database answers). */
export const MAX_BODY = 16 << 20;

/** "536870912 bytes (512 MiB)": a limit as the size errors show it. */
export function showLimit(bytes: number): string {
  return bytes >= 1 << 20 ? `${bytes} bytes (${Math.round(bytes / (1 << 20))} MiB)` : `${bytes} bytes`;
}

/** The one-line error for a body past its cap. */
export class TooLargeError extends HttpError {
  override name = 'TooLargeError';
}

export function tooLarge(url: string, what: string, limit: number): TooLargeError {
  return new TooLargeError(url, undefined, `GET ${redact(url)}: ${what} is larger than the ${showLimit(limit)} allowed; stopped reading it`);
}

/**
 * Reads a response body whole, refusing one past `limit` bytes: up front when its Content-Length
 * says so, else as soon as the bytes pass it (the connection is dropped, nothing more is read).
 */
export async function readBodyCapped(res: HttpResponse, url: string, limit: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    res.discard();
    throw tooLarge(url, what, limit);
  }
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res.body) {
    n += (c as Buffer).length;
    if (n > limit) {
      res.discard();
      throw tooLarge(url, what, limit);
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as a Node stream. Consume it or call `discard()`. */
  body: Readable;
  discard(): void;
}

const TRANSIENT = (status: number) => status === 429 || status >= 500;

/** The URL without user:password (for every message that shows a URL). */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

/** A failure that retrying will not fix. */
class Refused extends HttpError {}

/** One request, no redirects. The socket time-out covers the wait for headers and body stalls. */
function requestOnce(u: URL, headers: Record<string, string>, timeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    // Options built from the parts, so user:password in the URL can never become an auth header.
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
      {
        protocol: u.protocol,
        hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: u.port || undefined,
        path: u.pathname + u.search,
        headers,
        timeout: timeoutMs,
      },
      resolve,
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

/** GET following redirects (http or https only; never from https to http). */
async function follow(url: string, headers: Record<string, string>, timeoutMs: number): Promise<IncomingMessage> {
  let u = new URL(url);
  for (let hop = 0; ; hop++) {
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
      throw new Refused(url, undefined, `GET ${redact(url)}: ${u.protocol.replace(/:$/, '')} URLs are not supported (use https)`);
    if (u.username || u.password) {
      throw new Refused(url, undefined, `GET ${redact(u.href)}: the URL carries user:password, which go-fyne-action never sends; remove it`);
    }
    const res = await requestOnce(u, headers, timeoutMs);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return res;
    res.resume();
    if (hop >= MAX_REDIRECTS) throw new Refused(url, res.statusCode, `GET ${redact(url)} redirected more than ${MAX_REDIRECTS} times`);
    let next: URL;
    try {
      next = new URL(location, u);
    } catch {
      throw new Refused(url, res.statusCode, `GET ${redact(u.href)} redirected to an invalid URL`);
    }
    if (u.protocol === 'https:' && next.protocol !== 'https:') {
      throw new Refused(
        url,
        res.statusCode,
        `GET ${redact(u.href)} redirected to ${redact(next.href)}: an https download may not continue over ${next.protocol.replace(/:$/, '')}; refused`,
      );
    }
    u = next;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GO_FYNE_ACTION_RETRY_DELAY_MS when set to a number >= 0 (tests set it low), else 500. */
function defaultDelay(env: NodeJS.ProcessEnv = {}): number {
  const raw = env.GO_FYNE_ACTION_RETRY_DELAY_MS;
  const ms = Number(raw);
  return raw !== undefined && raw.trim() !== '' && Number.isFinite(ms) && ms >= 0 ? ms : 500;
}

/**
 * GETs `url`. Resolves with any non-transient status (the caller decides what 404 means);
 * retries transient statuses and network errors, then throws HttpError.
 */
export async function httpGet(url: string, opts: GetOptions = {}): Promise<HttpResponse> {
  const attempts = Math.max(1, opts.attempts ?? 3);
  let delay = opts.retryDelayMs ?? defaultDelay(opts.env);
  let last: HttpError | undefined;
  for (let i = 1; i <= attempts; i++) {
    try {
      const given: Record<string, string> = { 'user-agent': 'go-fyne-action', ...(opts.headers ?? {}), 'accept-encoding': 'identity' };
      const headers = Object.fromEntries(Object.entries(given).filter(([k]) => k.toLowerCase() !== 'authorization'));
      const res = await follow(url, headers, opts.timeoutMs ?? 60_000);
      const status = res.statusCode ?? 0;
      if (TRANSIENT(status)) {
        res.resume();
        last = new HttpError(url, status, `GET ${redact(url)} answered ${status} ${res.statusMessage ?? ''}`.trim());
      } else {
        return { status, headers: res.headers, body: res, discard: () => res.destroy() };
      }
    } catch (err) {
      if (err instanceof Refused) throw err;
      const detail = (err as { code?: string }).code ?? (err as Error).message;
      last = new HttpError(url, undefined, `GET ${redact(url)} failed: ${detail === 'ETIMEDOUT' ? 'timed out' : detail}`);
      if (detail === 'ENOTFOUND') break; // a name that does not resolve will not resolve in a second either
    }
    if (i < attempts) {
      opts.onRetry?.(`${last.message}; retrying (${i}/${attempts - 1})`);
      await sleep(delay);
      delay *= 2;
    }
  }
  throw last!;
}

/** GETs `url` and returns the body as a Buffer; non-2xx is an HttpError. */
export async function httpGetBuffer(url: string, opts: GetOptions = {}): Promise<Buffer> {
  const res = await httpGet(url, opts);
  if (res.status < 200 || res.status > 299) {
    res.discard();
    throw new HttpError(url, res.status, `GET ${redact(url)} answered ${res.status}`);
  }
  return readBodyCapped(res, url, opts.maxBytes ?? MAX_BODY, opts.what ?? 'the response');
}

export { redact as redactUrl };

// ---- Requests that carry a credential (the notary service, its storage) ------------------------

/** A loopback host: the only place plain http may carry a credential (tests' servers). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === 'localhost' || h === '::1';
}

/** Header names that carry a credential: sent only to the origin the caller names as their owner. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'x-amz-security-token', 'cookie', 'proxy-authorization']);

export interface SendOptions {
  method: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  /** The body: bytes, or a stream made on demand with its length (a file being uploaded). */
  body?: Buffer | { length: number; open: () => Readable };
  /**
   * The origin (scheme://host:port) that owns the credential in `headers`. A request carrying
   * Authorization or X-Amz-Security-Token to any other origin is refused before it is sent, and
   * so is one over plain http to anything but a loopback address.
   */
  credentialOrigin?: string;
  /** Socket time-out: the wait for headers or a stall mid-body (default 60 s). */
  timeoutMs?: number;
  /**
   * A bound on the whole exchange, connect to the last byte of the answer: a server that
   * trickles bytes (never idle long enough for `timeoutMs`) is cut here. Unset: no such bound.
   */
  deadlineMs?: number;
  /** Refuse a response body larger than this (default MAX_BODY), named by `what`. */
  maxBytes?: number;
  what?: string;
}

export interface SentResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One request, no retries and no redirects followed (a 3xx is returned to the caller, who decides;
 * a credential never travels on to wherever a Location points). The response body is read whole,
 * capped. Messages name the method and the redacted URL, never a header.
 */
export async function httpSend(url: string, o: SendOptions): Promise<SentResponse> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Refused(url, undefined, `${o.method} ${redact(url)}: not a URL`);
  }
  const shown = `${o.method} ${redact(url)}`;
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new Refused(url, undefined, `${shown}: ${u.protocol.replace(/:$/, '')} URLs are not supported (use https)`);
  if (u.username || u.password) throw new Refused(url, undefined, `${shown}: the URL carries user:password, which go-fyne-action never sends; remove it`);
  const headers: Record<string, string> = { 'user-agent': 'go-fyne-action', 'accept-encoding': 'identity' };
  for (const [k, v] of Object.entries(o.headers ?? {})) headers[k.toLowerCase()] = v;
  const credentialed = Object.keys(headers).some((k) => CREDENTIAL_HEADERS.has(k));
  if (credentialed) {
    if (o.credentialOrigin === undefined || o.credentialOrigin !== u.origin)
      throw new Refused(url, undefined, `${shown}: refusing to send a credential to ${u.origin}, which does not own it`);
    if (u.protocol !== 'https:' && !isLoopbackHost(u.hostname))
      throw new Refused(url, undefined, `${shown}: refusing to send a credential over plain http (https only, http for a loopback address)`);
  }
  const body = o.body;
  if (body !== undefined) headers['content-length'] = String(body.length);
  // The whole-exchange bound: one timer, destroying the request (and so its response) when it fires.
  let cut: (() => void) | undefined;
  const state = { late: false };
  const deadline =
    o.deadlineMs === undefined
      ? undefined
      : setTimeout(() => {
          state.late = true;
          cut?.();
        }, o.deadlineMs);
  const lateError = () => new HttpError(url, undefined, `${shown}: no complete answer within ${o.deadlineMs} ms`);
  try {
    return await sendOnce(u, url, shown, o, headers, body, (c) => (cut = c));
  } catch (err) {
    if (state.late) throw lateError();
    throw err;
  } finally {
    if (deadline) clearTimeout(deadline);
  }
}

async function sendOnce(
  u: URL,
  url: string,
  shown: string,
  o: SendOptions,
  headers: Record<string, string>,
  body: SendOptions['body'],
  onCut: (cut: () => void) => void,
): Promise<SentResponse> {
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
      {
        protocol: u.protocol,
        hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: u.port || undefined,
        path: u.pathname + u.search,
        method: o.method,
        headers,
        timeout: o.timeoutMs ?? 60_000,
      },
      resolve,
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    onCut(() => req.destroy(new Error('deadline')));
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      const src = body.open();
      src.on('error', (err) => req.destroy(err));
      src.pipe(req);
    }
  }).catch((err: unknown) => {
    const detail = (err as { code?: string }).code ?? (err as Error).message;
    throw new HttpError(url, undefined, `${shown} failed: ${detail === 'ETIMEDOUT' ? 'timed out' : detail}`);
  });
  onCut(() => res.destroy(new Error('deadline')));
  const status = res.statusCode ?? 0;
  const wrapped: HttpResponse = { status, headers: res.headers, body: res, discard: () => res.destroy() };
  const bytes = await readBodyCapped(wrapped, url, o.maxBytes ?? MAX_BODY, o.what ?? 'the response');
  return { status, headers: res.headers, body: bytes };
}
