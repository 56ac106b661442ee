import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import {
  NotFoundError,
  ProxyFetchError,
  compareGoVersions,
  escapeModulePath,
  listToolchainVersions,
  parseGoProxy,
  proxyModuleUrl,
  toolchainModuleVersion,
  toolchainVersionsFromList,
  tryProxies,
} from '../../src/toolchain/goproxy.js';
import { buildToolchainZip, startGoProxyServer, type GoProxyServer } from '../helpers/goproxy-server.js';

describe('parseGoProxy', () => {
  test('empty is the go command default', () => {
    expect(parseGoProxy('')).toEqual([
      { kind: 'url', url: 'https://proxy.golang.org', fallBackOnError: false },
      { kind: 'direct', fallBackOnError: false },
    ]);
  });

  test('"," and "|" set the fall-back of the entry before them; blanks are skipped', () => {
    expect(parseGoProxy(' https://a.example | https://b.example/p/ ,, http://c.example ')).toEqual([
      { kind: 'url', url: 'https://a.example', fallBackOnError: true },
      { kind: 'url', url: 'https://b.example/p/', fallBackOnError: false },
      { kind: 'url', url: 'http://c.example', fallBackOnError: false },
    ]);
  });

  test('direct and off end the list; hosts without scheme get https://', () => {
    expect(parseGoProxy('proxy.example.com|direct,https://ignored.example')).toEqual([
      { kind: 'url', url: 'https://proxy.example.com', fallBackOnError: true },
      { kind: 'direct', fallBackOnError: false },
    ]);
    expect(parseGoProxy('off')).toEqual([{ kind: 'off', fallBackOnError: false }]);
  });

  test.each([
    ['ftp://x.example', /scheme ftp/],
    ['file:///srv/proxy', /file:\/\/ entry/],
    ['noscheme', /not a URL/],
    [',,', /contains no entries/],
    ['https://x.example/?a=b', /query or fragment/],
  ])('%s is refused with one line naming go-proxy', (value, re) => {
    expect(() => parseGoProxy(value)).toThrow(UserError);
    expect(() => parseGoProxy(value)).toThrow(re);
    expect(() => parseGoProxy(value)).toThrow(/^input "go-proxy": /);
  });

  test('credentials are refused and never echoed', () => {
    expect(() => parseGoProxy('https://user:s3cret@proxy.example')).toThrow(/credentials/);
    try {
      parseGoProxy('https://user:s3cret@proxy.example,ftp://x');
    } catch (e) {
      expect((e as Error).message).not.toContain('s3cret');
    }
  });
});

describe('module paths and versions', () => {
  test('case-encoding and toolchain versions', () => {
    expect(escapeModulePath('github.com/Azure/Go-SDK')).toBe('github.com/!azure/!go-!s!d!k');
    expect(escapeModulePath('golang.org/toolchain')).toBe('golang.org/toolchain');
    expect(toolchainModuleVersion('1.25.14', 'darwin', 'arm64')).toBe('v0.0.1-go1.25.14.darwin-arm64');
    expect(proxyModuleUrl('https://p.example/sub/', 'github.com/Azure/x', 'list')).toBe('https://p.example/sub/github.com/!azure/x/@v/list');
  });

  test('versions for one os/arch from a list body, oldest first', () => {
    const body = [
      'v0.0.1-go1.25.14.linux-amd64',
      'v0.0.1-go1.25rc1.linux-amd64',
      'v0.0.1-go1.21.0.linux-amd64',
      'v0.0.1-go1.25.14.darwin-arm64',
      'v0.0.1-go1.22beta1.linux-amd64 extra fields',
      'garbage',
      '',
    ].join('\n');
    expect(toolchainVersionsFromList(body, 'linux', 'amd64')).toEqual(['1.21.0', '1.22beta1', '1.25rc1', '1.25.14']);
    expect(compareGoVersions('1.21rc2', '1.21.0')).toBeLessThan(0);
  });
});

describe('tryProxies (separator semantics)', () => {
  const attempt =
    (outcomes: Record<string, Error | string>) =>
    (url: string): Promise<string> => {
      const o = outcomes[url];
      return o instanceof Error ? Promise.reject(o) : Promise.resolve(o);
    };

  test('"," moves on after not-found only', async () => {
    const list = parseGoProxy('https://a.example,https://b.example');
    await expect(tryProxies(list, 'x', attempt({ 'https://a.example': new NotFoundError('a: 404'), 'https://b.example': 'B' }))).resolves.toBe('B');
    await expect(tryProxies(list, 'x', attempt({ 'https://a.example': new Error('a: 500'), 'https://b.example': 'B' }))).rejects.toThrow(/^x: a: 500$/);
  });

  test('"|" moves on after any error', async () => {
    const list = parseGoProxy('https://a.example|https://b.example');
    await expect(tryProxies(list, 'x', attempt({ 'https://a.example': new Error('a: 500'), 'https://b.example': 'B' }))).resolves.toBe('B');
  });

  test('direct is a failed entry with a clear message; off stops', async () => {
    const err = (await tryProxies(parseGoProxy('https://a.example,direct'), 'x', attempt({ 'https://a.example': new NotFoundError('a: 404') })).catch(
      (e: unknown) => e,
    )) as ProxyFetchError;
    expect(err).toBeInstanceOf(ProxyFetchError);
    expect(err.message).toMatch(/a: 404; GOPROXY entry "direct" would clone golang.org\/toolchain/);
    expect(err.notFound).toBe(true);
    const off = (await tryProxies(parseGoProxy('off'), 'x', attempt({})).catch((e: unknown) => e)) as ProxyFetchError;
    expect(off.message).toMatch(/disabled by GOPROXY=off/);
    expect(off.notFound).toBe(false);
  });
});

describe('listToolchainVersions against a loopback proxy', () => {
  let dir: string;
  let missing: GoProxyServer;
  let good: GoProxyServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gfa-goproxy-'));
    const zip = join(dir, 't.zip');
    writeFileSync(zip, buildToolchainZip('1.99.1', 'linux', 'amd64'));
    const toolchains = [{ version: '1.99.1', os: 'linux', arch: 'amd64', zip }];
    missing = await startGoProxyServer({ toolchains, faults: { notFound: true }, fillerRecords: 3 });
    good = await startGoProxyServer({ toolchains, extraListed: ['v0.0.1-go1.98.0.linux-amd64', 'v0.0.1-go1.99.1.windows-arm64'], fillerRecords: 3 });
  });
  afterAll(async () => {
    await missing.close();
    await good.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('falls back past a 404 proxy on ","', async () => {
    expect(await listToolchainVersions(`${missing.url},${good.url}`, 'linux', 'amd64', { retryDelayMs: 0 })).toEqual(['1.98.0', '1.99.1']);
    expect(missing.requests.map((r) => r.path)).toContain('/golang.org/toolchain/@v/list');
  });

  test('reports every attempt when nothing has it', async () => {
    await expect(listToolchainVersions(`${missing.url},direct`, 'linux', 'amd64', { retryDelayMs: 0 })).rejects.toThrow(
      /answered 404 \(not found\); GOPROXY entry "direct"/,
    );
  });
});
