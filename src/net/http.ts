/**
 * HTTP GET with bounded retries for transient failures. It never sends credentials: download
 * mirrors and proxies get no Authorization header, whatever the environment holds.
 */
import { Readable } from 'node:stream';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly url: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface GetOptions {
  /** Attempts in all, for 5xx, 429 and network errors (default 3). */
  attempts?: number;
  /** First back-off delay in ms, doubled each retry (default 500; env GFA_RETRY_DELAY_MS). */
  retryDelayMs?: number;
  /** Per-attempt time-out for headers to arrive, in ms (default 60 s). */
  timeoutMs?: number;
  /** Called before a retry. */
  onRetry?: (message: string) => void;
  headers?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The body as a Node stream. Consume it or call `discard()`. */
  body: Readable;
  discard(): void;
}

const TRANSIENT = (status: number) => status === 429 || status >= 500;

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
    }
    return u.toString();
  } catch {
    return url;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function defaultDelay(): number {
  const env = Number(process.env.GFA_RETRY_DELAY_MS);
  return Number.isFinite(env) && env >= 0 && process.env.GFA_RETRY_DELAY_MS !== undefined ? env : 500;
}

/**
 * GETs `url`. Resolves with any non-transient status (the caller decides what 404 means);
 * retries transient statuses and network errors, then throws HttpError.
 */
export async function httpGet(url: string, opts: GetOptions = {}): Promise<HttpResponse> {
  const attempts = Math.max(1, opts.attempts ?? 3);
  let delay = opts.retryDelayMs ?? defaultDelay();
  let last: HttpError | undefined;
  for (let i = 1; i <= attempts; i++) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), opts.timeoutMs ?? 60_000);
    try {
      const headers: Record<string, string> = { 'user-agent': 'go-fyne-action', ...(opts.headers ?? {}) };
      for (const k of Object.keys(headers)) if (k.toLowerCase() === 'authorization') delete headers[k];
      const res = await fetch(url, { headers, redirect: 'follow', signal: ctl.signal });
      clearTimeout(timer);
      if (TRANSIENT(res.status)) {
        await res.body?.cancel().catch(() => undefined);
        last = new HttpError(url, res.status, `GET ${redact(url)} answered ${res.status} ${res.statusText}`.trim());
      } else {
        const body = res.body ? Readable.fromWeb(res.body as import('node:stream/web').ReadableStream) : Readable.from([]);
        return { status: res.status, headers: res.headers, body, discard: () => body.destroy() };
      }
    } catch (err) {
      clearTimeout(timer);
      const why = (err as { cause?: { code?: string; message?: string } })?.cause;
      const detail = why?.code ?? why?.message ?? (err as Error).message;
      last = new HttpError(url, undefined, `GET ${redact(url)} failed: ${ctl.signal.aborted ? 'timed out' : detail}`);
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
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export { redact as redactUrl };
