/**
 * GOPROXY handling for the golang.org/toolchain module, following the go command
 * (cmd/go/internal/modfetch/proxy.go: proxyList and TryProxies):
 *  - entries are separated by ',' (try the next entry only when this one answered 404/410) or
 *    '|' (try the next entry after any error); the separator *after* an entry decides;
 *  - blank entries are skipped; `direct` and `off` end the list (later entries are ignored);
 *  - an entry with '.', ':' or '/' but no scheme and not an absolute path gets "https://";
 *  - accepted schemes are https, http and file (file:// is not supported here: we download);
 *  - an empty GOPROXY means the go command's default `https://proxy.golang.org,direct`.
 * `direct` would mean cloning go.googlesource.com/go for golang.org/toolchain, which this action
 * does not do: it counts as a failed entry. `off` stops with "disabled by GOPROXY=off".
 */
import { inputError, errorMessage } from '../errors.js';
import { HttpError, httpGet, MAX_BODY, readBodyCapped, redactUrl, type GetOptions } from '../net/http.js';
import { compareGoVersions as compareVersions, parseGoVersion } from './version.js';

export const GOPROXY_INPUT = 'go-proxy';
export const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';
export const TOOLCHAIN_MODULE = 'golang.org/toolchain';

export type ProxyEntry =
  { kind: 'url'; url: string; fallBackOnError: boolean } | { kind: 'direct'; fallBackOnError: boolean } | { kind: 'off'; fallBackOnError: boolean };

const ACCEPTED = 'use a list of proxy URLs separated by "," or "|", with optional "direct" or "off" (default https://proxy.golang.org,direct)';

/**
 * Parses a GOPROXY value exactly like the go command; `input` names the setting in errors.
 * `fileEntries: 'skip'` accepts file:// entries (valid for the go command's module downloads, as
 * in an environment GOPROXY) and leaves them out; by default they are refused, since the
 * toolchain is fetched over http(s) only.
 */
export function parseGoProxy(value: string, input = GOPROXY_INPUT, fileEntries: 'refuse' | 'skip' = 'refuse'): ProxyEntry[] {
  // Never echo credentials (user:pass@) back in an error message.
  const shown = value.replace(/\/\/[^/@,|]*@/g, '//***@');
  let rest = value.trim() === '' ? DEFAULT_GOPROXY : value;
  const list: ProxyEntry[] = [];
  let skipped = false;
  while (rest !== '') {
    let raw: string;
    let fallBackOnError = false;
    const i = rest.search(/[,|]/);
    if (i >= 0) {
      raw = rest.slice(0, i);
      fallBackOnError = rest[i] === '|';
      rest = rest.slice(i + 1);
    } else {
      raw = rest;
      rest = '';
    }
    let url = raw.trim();
    if (url === '') continue;
    if (url === 'off' || url === 'direct') {
      list.push({ kind: url, fallBackOnError });
      break;
    }
    if (/[.:/]/.test(url) && !url.includes(':/') && !url.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(url)) {
      url = `https://${url}`;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw inputError(input, shown, `has an entry ${JSON.stringify(redactUrl(raw.trim()))} that is not a URL`, ACCEPTED);
    }
    if (parsed.protocol === 'file:') {
      if (fileEntries === 'skip') {
        skipped = true;
        continue;
      }
      throw inputError(input, shown, `has a file:// entry ${JSON.stringify(raw.trim())}, which is not supported for toolchain downloads`, ACCEPTED);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw inputError(
        input,
        shown,
        `has an entry ${JSON.stringify(redactUrl(raw.trim()))} with scheme ${parsed.protocol.replace(/:$/, '')} (must be https or http)`,
        ACCEPTED,
      );
    }
    if (parsed.username || parsed.password) {
      throw inputError(input, shown, 'has an entry with credentials in its URL, which go-fyne-action never sends', ACCEPTED);
    }
    if (parsed.search || parsed.hash) {
      throw inputError(input, shown, `has an entry ${JSON.stringify(redactUrl(raw.trim()))} with a query or fragment`, ACCEPTED);
    }
    list.push({ kind: 'url', url, fallBackOnError });
  }
  if (list.length === 0 && !skipped) throw inputError(input, shown, 'is not empty but contains no entries', ACCEPTED);
  return list;
}

/** Module path escaping (golang.org/x/mod/module.EscapePath): each upper-case letter -> '!' + lower. */
export function escapeModulePath(path: string): string {
  if (!/^[\x21-\x7e]+$/.test(path) || path.includes('!')) throw new Error(`invalid module path ${JSON.stringify(path)}`);
  return path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** Version escaping uses the same rule as paths (module.EscapeVersion). */
export function escapeModuleVersion(version: string): string {
  if (!/^[\x21-\x7e]+$/.test(version) || version.includes('!') || version.includes('/')) {
    throw new Error(`invalid module version ${JSON.stringify(version)}`);
  }
  return version.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** `v0.0.1-go1.25.14.linux-amd64` for go version `1.25.14` (the go command's gotoolchainVersion). */
export function toolchainModuleVersion(goVersion: string, os: string, arch: string): string {
  return `v0.0.1-go${goVersion.replace(/^go/, '')}.${os}-${arch}`;
}

/** `<proxy>/<escaped module>/@v/<suffix>`, keeping any path the proxy URL has. */
export function proxyModuleUrl(proxy: string, modulePath: string, suffix: string): string {
  return `${proxy.replace(/\/+$/, '')}/${escapeModulePath(modulePath)}/@v/${suffix}`;
}

/** A failure to get something through the GOPROXY list; `notFound` when every entry said so. */
export class ProxyFetchError extends Error {
  override name = 'ProxyFetchError';
  constructor(
    message: string,
    readonly notFound: boolean,
  ) {
    super(message);
  }
}

/** Thrown by an attempt to say "this proxy does not have it" (the go command's fs.ErrNotExist). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export const directUnsupported = () =>
  `GOPROXY entry "direct" would clone golang.org/toolchain from its source repository, which go-fyne-action does not do (set ${GOPROXY_INPUT} to a module proxy)`;
export const offMessage = () => `module downloads are disabled by GOPROXY=off (input ${GOPROXY_INPUT})`;

/**
 * Runs `attempt` against each proxy URL in order, with the go command's fall-back rules:
 * after an entry followed by ',' only a NotFoundError (404/410) moves on; after '|' any error
 * does. `direct` fails (see directUnsupported); `off` stops. The error lists every attempt.
 */
export async function tryProxies<T>(entries: ProxyEntry[], what: string, attempt: (proxyUrl: string) => Promise<T>): Promise<T> {
  const failures: string[] = [];
  let allNotFound = true;
  for (const entry of entries) {
    if (entry.kind === 'off') {
      failures.push(offMessage());
      allNotFound = false;
      break;
    }
    if (entry.kind === 'direct') {
      failures.push(directUnsupported());
      break;
    }
    try {
      return await attempt(entry.url);
    } catch (err) {
      const notFound = err instanceof NotFoundError;
      failures.push(errorMessage(err));
      if (!notFound) allNotFound = false;
      if (!entry.fallBackOnError && !notFound) break;
    }
  }
  throw new ProxyFetchError(`${what}: ${failures.join('; ')}`, allNotFound);
}

/** GET through httpGet (retries, no credentials); 404/410 become NotFoundError, other non-2xx HttpError. */
export async function proxyGet(url: string, opts: GetOptions = {}) {
  const res = await httpGet(url, opts);
  if (res.status === 404 || res.status === 410) {
    res.discard();
    throw new NotFoundError(`GET ${redactUrl(url)} answered ${res.status} (not found)`);
  }
  if (res.status < 200 || res.status > 299) {
    res.discard();
    throw new HttpError(url, res.status, `GET ${redactUrl(url)} answered ${res.status}`);
  }
  return res;
}

export async function proxyGetBuffer(url: string, opts: GetOptions = {}): Promise<Buffer> {
  const res = await proxyGet(url, opts);
  return readBodyCapped(res, url, opts.maxBytes ?? MAX_BODY, opts.what ?? 'the response');
}

const TOOLCHAIN_VERSION_RE = /^v0\.0\.1-go(\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)\.([a-z0-9]+)-([a-z0-9]+)$/;

/** Pure: the go versions for os/arch in a golang.org/toolchain `@v/list` body, oldest first. */
export function toolchainVersionsFromList(body: string, os: string, arch: string): string[] {
  const seen = new Set<string>();
  for (const line of body.split('\n')) {
    const field = line.trim().split(/\s+/)[0] ?? '';
    const m = TOOLCHAIN_VERSION_RE.exec(field);
    if (m && m[2] === os && m[3] === arch) seen.add(m[1]);
  }
  return [...seen].sort(compareGoVersions);
}

/** Orders go versions as version.ts does: 1.21rc1 < 1.21.0 < 1.21.1 < 1.22beta1. */
export function compareGoVersions(a: string, b: string): number {
  return compareVersions(parseGoVersion(a) ?? parseGoVersion('0')!, parseGoVersion(b) ?? parseGoVersion('0')!);
}

export type ListOptions = GetOptions;

/**
 * The go versions (e.g. '1.23.4', '1.25rc1') that the first answering proxy offers for os/arch,
 * read from `<proxy>/golang.org/toolchain/@v/list`.
 */
/** The cap on a module proxy's @v/list answer (every golang.org/toolchain version is a few hundred KiB). */
export const MAX_VERSION_LIST = 16 << 20;

export async function listToolchainVersions(proxies: ProxyEntry[] | string, os: string, arch: string, opts: ListOptions = {}): Promise<string[]> {
  const entries = typeof proxies === 'string' ? parseGoProxy(proxies) : proxies;
  return tryProxies(entries, `listing ${TOOLCHAIN_MODULE} versions`, async (proxy) => {
    const url = proxyModuleUrl(proxy, TOOLCHAIN_MODULE, 'list');
    const body = await proxyGetBuffer(url, { ...opts, maxBytes: MAX_VERSION_LIST, what: `the ${TOOLCHAIN_MODULE} version list` });
    return toolchainVersionsFromList(body.toString('utf8'), os, arch);
  });
}
