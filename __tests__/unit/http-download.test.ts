/**
 * The edges of a download, against real loopback servers on 127.0.0.1: bytes as served (no
 * content decoding), a size bound, redirects (https never to http, never with credentials),
 * redacted URLs in every message, and the retry of transient failures.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, globalAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startArchiveMirror } from '../helpers/dl-mirror.js';
import { downloadAndExtract, fetchDlIndex } from '../../src/toolchain/dl-source.js';
import { httpGet, httpGetBuffer } from '../../src/net/http.js';
import { installAtomically } from '../../src/toolchain/toolcache.js';
import { parseGoVersion } from '../../src/toolchain/version.js';

const work = mkdtempSync(join(tmpdir(), 'gfa-http-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const log = { info: () => undefined, warning: () => undefined };
const FILE = 'go1.25.14.linux-amd64.tar.gz';
const v = parseGoVersion('1.25.14')!;
const check = { os: 'linux' as const, runnable: true, env: { PATH: process.env.PATH } };

/** A tiny but working "toolchain" .tar.gz (GNU tar): bin/go is a script reporting go1.25.14. */
function tinyToolchain(): Buffer {
  const dir = mkdtempSync(join(work, 'tiny-'));
  execFileSync(
    'sh',
    [
      '-c',
      'mkdir -p go/bin && printf "#!/bin/sh\\necho go version go1.25.14 linux/amd64\\n" > go/bin/go && chmod 755 go/bin/go && echo go1.25.14 > go/VERSION && tar -czf t.tgz go',
    ],
    { cwd: dir },
  );
  return readFileSync(join(dir, 't.tgz'));
}

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
}
async function serve(handler: RequestListener, tls?: { key: string; cert: string }): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const wrapped: RequestListener = (req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    handler(req, res);
  };
  const server: Server = tls ? createHttpsServer(tls, wrapped) : createHttpServer(wrapped);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise((r) => server.close(() => r())) };
}

describe('downloads are hashed on the bytes as served', () => {
  test('a mirror that labels the .tar.gz Content-Encoding: gzip: verified on its bytes, installed', async () => {
    const data = tinyToolchain();
    const mirror = await startArchiveMirror([{ filename: FILE, data, contentEncoding: 'gzip' }]);
    try {
      const root = join(mkdtempSync(join(work, 'gz-')), 'toolcache');
      const dir = await installAtomically(root, v, 'amd64', check, (dest) =>
        downloadAndExtract(mirror.url, mirror.index[FILE], dest, work, log).then(() => undefined),
      );
      expect(readFileSync(join(dir, 'VERSION'), 'utf8')).toBe('go1.25.14\n');
      expect(mirror.requests[0].headers['accept-encoding']).toBe('identity');
      expect(mirror.index[FILE].sha256).toBe(createHash('sha256').update(data).digest('hex'));
    } finally {
      await mirror.close();
    }
  });

  test('an endless body stops as soon as it passes the size the index lists', async () => {
    const data = tinyToolchain();
    const mirror = await startArchiveMirror([{ filename: FILE, data, endless: true }]);
    try {
      const dest = join(mkdtempSync(join(work, 'endless-')), 'go');
      await expect(downloadAndExtract(mirror.url, mirror.index[FILE], dest, work, log)).rejects.toThrow(
        new RegExp(`^download of ${mirror.url}/${FILE.replace(/\./g, '\\.')} is larger than the ${data.length} bytes the index lists; stopped reading it$`),
      );
      expect(mirror.sent.get(FILE)!).toBeLessThan(64 << 20); // the server noticed the hang-up long before its 1 GiB
    } finally {
      await mirror.close();
    }
  });
});

describe('redirects and credentials', () => {
  let key = '';
  let cert = '';
  beforeAll(() => {
    const dir = mkdtempSync(join(work, 'tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'k.pem',
        '-out',
        'c.pem',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    key = readFileSync(join(dir, 'k.pem'), 'utf8');
    cert = readFileSync(join(dir, 'c.pem'), 'utf8');
    globalAgent.options.ca = cert; // trust the test certificate (node:https requests use the global agent)
  });

  test('an https mirror that redirects to http is refused, in one line, before any http request', async () => {
    const plain = await serve((_req, res) => res.end('plain'));
    const secure = await serve((_req, res) => res.writeHead(302, { location: `${plain.url}/dl/${FILE}` }).end(), { key, cert });
    try {
      expect((await httpGetBuffer(`${plain.url}/x`)).toString()).toBe('plain'); // the http server itself works
      plain.seen.length = 0;
      const err = await httpGet(`${secure.url}/dl/${FILE}`, { retryDelayMs: 0 }).catch((e: unknown) => e);
      expect((err as Error).message).toBe(
        `GET ${secure.url}/dl/${FILE} redirected to ${plain.url}/dl/${FILE}: an https download may not continue over http; refused`,
      );
      expect(plain.seen).toEqual([]);
      expect(secure.seen).toHaveLength(1); // refused, not retried
    } finally {
      await plain.close();
      await secure.close();
    }
  });

  test('https to https redirects, and relative ones, are followed', async () => {
    const secure = await serve((req, res) => (req.url === '/new' ? res.end('moved here') : res.writeHead(301, { location: '/new' }).end()), { key, cert });
    try {
      expect((await httpGetBuffer(`${secure.url}/old`)).toString()).toBe('moved here');
    } finally {
      await secure.close();
    }
  });

  test('a URL with user:password is refused without sending anything or printing the password', async () => {
    const mirror = await startArchiveMirror([{ filename: FILE, data: tinyToolchain() }]);
    try {
      const withCreds = mirror.url.replace('http://', 'http://gopher:s3cret@');
      const dest = join(mkdtempSync(join(work, 'creds-')), 'go');
      const errs = [
        await downloadAndExtract(withCreds, mirror.index[FILE], dest, work, log).catch((e: unknown) => e),
        await fetchDlIndex(withCreds, log).catch((e: unknown) => e),
      ];
      for (const e of errs) {
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toMatch(/carries user:password, which go-fyne-action never sends/);
        expect((e as Error).message).not.toMatch(/s3cret|gopher/);
        expect((e as Error).message).not.toContain('\n');
      }
      expect(mirror.requests).toEqual([]);
    } finally {
      await mirror.close();
    }
  });

  test('a redirect that adds user:password is refused; no request ever carries credentials', async () => {
    const target = await serve((_req, res) => res.end('should not be reached'));
    const hop = await serve((_req, res) => res.writeHead(302, { location: target.url.replace('http://', 'http://gopher:s3cret@') + '/x' }).end());
    try {
      const err = (await httpGet(`${hop.url}/a`, { headers: { Authorization: 'Bearer token' } }).catch((e: unknown) => e)) as Error;
      expect(err.message).toBe(`GET ${target.url}/x: the URL carries user:password, which go-fyne-action never sends; remove it`);
      expect(target.seen).toEqual([]);
      expect(hop.seen.every((s) => s.headers.authorization === undefined)).toBe(true);
    } finally {
      await target.close();
      await hop.close();
    }
  });
});

describe('retries', () => {
  test('a transient 503 is retried, then the body is returned', async () => {
    let n = 0;
    const s = await serve((_req, res) => (++n === 1 ? res.writeHead(503).end() : res.end('ok')));
    const retries: string[] = [];
    try {
      expect((await httpGetBuffer(`${s.url}/f`, { retryDelayMs: 1, onRetry: (m) => retries.push(m) })).toString()).toBe('ok');
      expect(retries).toEqual([`GET ${s.url}/f answered 503 Service Unavailable; retrying (1/2)`]);
    } finally {
      await s.close();
    }
  });

  test('GO_FYNE_ACTION_RETRY_DELAY_MS in the env it is given sets the first delay (default 500 ms)', async () => {
    let n = 0;
    const s = await serve((_req, res) => (++n <= 2 ? res.writeHead(503).end() : res.end('ok')));
    try {
      const started = Date.now();
      expect((await httpGetBuffer(`${s.url}/f`, { env: { GO_FYNE_ACTION_RETRY_DELAY_MS: '0' } })).toString()).toBe('ok');
      expect(Date.now() - started).toBeLessThan(450); // the default would wait 500 + 1000 ms
      expect(n).toBe(3);
    } finally {
      await s.close();
    }
  });

  test('a server that never answers times out, and the message says so', async () => {
    const s = await serve(() => undefined);
    try {
      await expect(httpGet(`${s.url}/f`, { attempts: 1, timeoutMs: 200 })).rejects.toThrow(`GET ${s.url}/f failed: timed out`);
    } finally {
      await s.close();
    }
  });
});
