import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFixtures } from '../../scripts/fixtures.mjs';
import { fetchToolchainFromProxy, ProxyFetchError, type FetchToolchainOptions } from '../../src/toolchain/proxy-source.js';
import { buildToolchainZip, startGoProxyServer, type GoProxyFaults, type GoProxyServer } from '../helpers/goproxy-server.js';

const VERSION = '1.99.1';
let work: string;
let smallZip: string;
let n = 0;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'gfa-proxy-src-'));
  smallZip = join(work, 'small.zip');
  writeFileSync(smallZip, buildToolchainZip(VERSION, 'linux', 'amd64'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const servers: GoProxyServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

async function serve(faults: GoProxyFaults = {}, zip = smallZip, version = VERSION, h1?: string) {
  const s = await startGoProxyServer({ toolchains: [{ version, os: 'linux', arch: 'amd64', zip, ...(h1 ? { h1 } : {}) }], faults });
  servers.push(s);
  return s;
}

/** A fresh parent directory per case, so "nothing left behind" can be checked exactly. */
function place() {
  const parent = join(work, `case-${++n}`);
  const temp = join(work, `tmp-${n}`);
  mkdirSync(parent);
  mkdirSync(temp);
  return { parent, temp, dest: join(parent, 'go') };
}

function opts(srv: GoProxyServer, p: ReturnType<typeof place>, more: Partial<FetchToolchainOptions> = {}) {
  const warnings: string[] = [];
  const o: FetchToolchainOptions = {
    version: VERSION,
    os: 'linux',
    arch: 'amd64',
    proxy: srv.url,
    sumdb: srv.verifierKey,
    destDir: p.dest,
    tempDir: p.temp,
    log: { info: () => undefined, warning: (m) => warnings.push(m) },
    http: { retryDelayMs: 0, attempts: 3 },
    ...more,
  };
  return { o, warnings };
}

function expectNothingLeft(p: ReturnType<typeof place>) {
  expect(readdirSync(p.parent)).toEqual([]);
  expect(readdirSync(p.temp)).toEqual([]);
}

describe('fetchToolchainFromProxy', () => {
  test('the real Go 1.25.14 module: downloaded, proved in the checksum database, extracted, runs', async () => {
    const m = ensureFixtures({ quiet: true });
    const srv = await serve({}, m.zip, m.version, m.h1);
    const p = place();
    const { o } = opts(srv, p, { version: m.version });
    const r = await fetchToolchainFromProxy(o);
    expect(r).toEqual({ url: `${srv.url}/golang.org/toolchain/@v/${m.moduleVersion}.zip`, h1: m.h1, sumdbVerified: true });
    expect(readdirSync(p.parent)).toEqual(['go']);
    expect(readdirSync(p.temp)).toEqual([]);
    const env: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: 'local', GOENV: 'off' };
    delete env.GOROOT;
    expect(execFileSync(join(p.dest, 'bin', 'go'), ['version'], { env, encoding: 'utf8' }).trim()).toBe('go version go1.25.14 linux/amd64');
    const paths = srv.requests.map((q) => q.path);
    expect(paths).toContain(`/sumdb/${srv.sumdbName}/supported`);
    expect(paths).toContain(`/sumdb/${srv.sumdbName}/lookup/golang.org/toolchain@${m.moduleVersion}`);
    expect(paths.some((x) => x.startsWith(`/sumdb/${srv.sumdbName}/tile/8/`))).toBe(true);
    expect(srv.requests.every((q) => q.headers.authorization === undefined)).toBe(true);
  });

  test('falls back past a 404 proxy with ","', async () => {
    // The first proxy serves neither the module nor the database: both fall through to the next.
    const missing = await serve({ notFound: true, noSumdbProxy: true });
    const good = await serve();
    const p = place();
    const { o } = opts(good, p, { proxy: `${missing.url},${good.url}` });
    const r = await fetchToolchainFromProxy(o);
    expect(r.url.startsWith(good.url)).toBe(true);
    expect(r.sumdbVerified).toBe(true);
    expect(missing.requests.map((q) => q.path)).toContain(`/sumdb/${missing.sumdbName}/supported`);
    expect(execFileSync(join(p.dest, 'bin', 'go'), { encoding: 'utf8' }).trim()).toBe(`go version go${VERSION} linux/amd64`);
    expect(statSync(join(p.dest, 'pkg', 'tool', 'linux_amd64', 'compile')).mode & 0o777).toBe(0o755);
    expect(existsSync(join(p.dest, 'src', 'go.mod'))).toBe(true);
  });

  test('not found anywhere: a ProxyFetchError with notFound, naming the URL and go-proxy', async () => {
    const missing = await serve({ notFound: true });
    const p = place();
    const err = (await fetchToolchainFromProxy(opts(missing, p).o).catch((e: unknown) => e)) as ProxyFetchError;
    expect(err).toBeInstanceOf(ProxyFetchError);
    expect(err.notFound).toBe(true);
    expect(err.message).toContain(`Go ${VERSION} for linux/amd64 is not available through go-proxy`);
    expect(err.message).toContain(`${missing.url}/golang.org/toolchain/@v/v0.0.1-go${VERSION}.linux-amd64.zip answered 404`);
    expectNothingLeft(p);
  });

  test('a 500 that clears up is retried', async () => {
    const srv = await serve({ zip500: 2 });
    const p = place();
    const { o, warnings } = opts(srv, p);
    const r = await fetchToolchainFromProxy(o);
    expect(r.sumdbVerified).toBe(true);
    expect(warnings.filter((w) => /answered 500.*retrying/.test(w))).toHaveLength(2);
  });

  test('a proxy serving a database signed by another key is used, and its note is refused', async () => {
    // Like the go command: the first proxy whose /sumdb/<name>/supported answers serves the database.
    const impostor = await serve({ notFound: true });
    const good = await serve();
    const p = place();
    const err = (await fetchToolchainFromProxy(opts(good, p, { proxy: `${impostor.url},${good.url}` }).o).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/note has no verified signature from sum\.test\.invalid/);
    expectNothingLeft(p);
  });

  test('a 500 that persists fails with the URL and does not fall back on ","', async () => {
    const bad = await serve({ zip500: 100 });
    const good = await serve();
    const p = place();
    const err = (await fetchToolchainFromProxy(opts(bad, p, { proxy: `${bad.url},${good.url}` }).o).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/answered 500/);
    expect(err.message).toContain(bad.url);
    expect(err.message).toContain('go-proxy');
    expect(good.requests).toHaveLength(0);
    expectNothingLeft(p);
  });

  test('a 500 that persists falls back on "|"', async () => {
    const bad = await serve({ zip500: 100, noSumdbProxy: true });
    const good = await serve();
    const p = place();
    const r = await fetchToolchainFromProxy(opts(good, p, { proxy: `${bad.url}|${good.url}` }).o);
    expect(r.url.startsWith(good.url)).toBe(true);
  });

  test.each<[string, GoProxyFaults, RegExp]>([
    ['truncated zip', { truncateZip: true }, /is not a valid module zip: .*(not a valid zip file|end of central directory)/],
    ['corrupted zip bytes', { corruptZip: true }, /is not a valid module zip: .*(CRC-32 mismatch|cannot inflate)/],
    [
      'wrong h1 in the checksum database',
      { wrongHash: true },
      /SECURITY ERROR: .* has h1:.* but checksum database sum\.test\.invalid \(env GOSUMDB\) says h1:/,
    ],
    ['bad tree signature', { badSignature: true }, /checksum database sum\.test\.invalid .*set by env GOSUMDB.*invalid signature/],
    ['record not in the signed tree', { tamperedRecord: true }, /set by env GOSUMDB.*not in the signed tree/],
  ])('%s: the right error, nothing left behind', async (_what, faults, re) => {
    const srv = await serve(faults);
    const p = place();
    const err = (await fetchToolchainFromProxy(opts(srv, p).o).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(re);
    if (faults.truncateZip || faults.corruptZip || faults.wrongHash) expect(err.message).toContain(srv.url);
    expectNothingLeft(p);
  });

  test('GOSUMDB=off installs but warns and reports sumdbVerified: false', async () => {
    const srv = await serve({ wrongHash: true });
    const p = place();
    const { o, warnings } = opts(srv, p, { sumdb: 'off' });
    const r = await fetchToolchainFromProxy(o);
    expect(r.sumdbVerified).toBe(false);
    expect(warnings.join('\n')).toMatch(/GOSUMDB=off: .* was not checked against the Go checksum database/);
    expect(srv.requests.some((q) => q.path.startsWith('/sumdb/'))).toBe(false);
  });

  test('GOSUMDB "<key> <url>" reaches the database directly when the proxy does not serve it', async () => {
    const srv = await serve({ noSumdbProxy: true });
    const p = place();
    const r = await fetchToolchainFromProxy(opts(srv, p, { sumdb: `${srv.verifierKey} ${srv.sumdbUrl}` }).o);
    expect(r.sumdbVerified).toBe(true);
    expect(srv.requests.some((q) => q.path.endsWith('/supported'))).toBe(false);
  });

  test('an existing destination is refused before any download', async () => {
    const srv = await serve();
    const p = place();
    mkdirSync(p.dest);
    await expect(fetchToolchainFromProxy(opts(srv, p).o)).rejects.toThrow(/already exists/);
    expect(srv.requests).toHaveLength(0);
  });
});
