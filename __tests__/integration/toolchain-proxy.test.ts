/**
 * The bundled action installing Go through a loopback module proxy (golang.org/toolchain) with
 * a checksum database signed by a test key, and falling back to it from a broken mirror.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFixtures } from '../../scripts/fixtures.mjs';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { startGoProxyServer, type GoProxyFaults, type GoProxyServer } from '../helpers/goproxy-server.js';
import { newRunner, runStep, type Runner } from '../helpers/runner.js';

const fx = ensureFixtures({ quiet: true });
const servers: GoProxyServer[] = [];
let mirror: Mirror;

async function proxy(faults: GoProxyFaults = {}): Promise<GoProxyServer> {
  const s = await startGoProxyServer({
    toolchains: [{ version: fx.version, os: 'linux', arch: 'amd64', zip: fx.zip, h1: fx.h1 }],
    extraListed: ['v0.0.1-go1.26rc1.linux-amd64', 'v0.0.1-go1.24.9.linux-amd64', 'v0.0.1-go1.25.14.darwin-arm64'],
    faults,
  });
  servers.push(s);
  return s;
}

beforeAll(async () => {
  mirror = await startMirror();
});
afterAll(async () => {
  await mirror.close();
  await Promise.all(servers.map((s) => s.close()));
});

const installed = (r: Runner) => {
  const d = join(r.toolCache, 'go');
  return existsSync(d) ? readdirSync(d).flatMap((v) => readdirSync(join(d, v))) : [];
};

test('proxy source: resolves from @v/list, verifies against the checksum database, installs', async () => {
  const srv = await proxy();
  const runner = newRunner('proxy');
  const r = await runStep(runner, {
    inputs: { 'go-version': '^1.25', 'go-download-source': 'proxy' },
    env: { GOPROXY: srv.url, GOSUMDB: srv.verifierKey, GO_DOWNLOAD_BASE_URL: mirror.url, GITHUB_TOKEN: 'ghs_never_sent_anywhere' },
  });
  expect(r.errors).toEqual([]);
  expect(r.code).toBe(0);
  expect(r.outputs['go-version']).toBe(fx.version); // 1.26rc1 is listed but ranges skip prereleases
  expect(r.outputs['go-source']).toBe('proxy');
  expect(r.stdout).toContain(`Verified golang.org/toolchain go${fx.version}: ${fx.h1} (checksum database)`);
  const goroot = r.outputs['go-root'];
  const out = execFileSync(join(goroot, 'bin/go'), ['version'], { env: { PATH: '/usr/bin:/bin', GOTOOLCHAIN: 'local', HOME: runner.home } }).toString();
  expect(out).toContain(`go${fx.version} linux/amd64`);
  // go.mod files restored as the go command restores them, exec bits on the tools
  expect(existsSync(join(goroot, 'src/go.mod'))).toBe(true);
  expect(existsSync(join(goroot, 'src/_go.mod'))).toBe(true);
  const paths = srv.requests.map((q) => q.path);
  expect(paths.some((p) => p.includes('/lookup/golang.org/toolchain@'))).toBe(true);
  expect(paths.some((p) => p.includes('/tile/'))).toBe(true);
  expect(srv.requests.every((q) => !q.headers.authorization && !JSON.stringify(q.headers).includes('ghs_'))).toBe(true);
  expect(mirror.requests).toEqual([]); // proxy only
});

// also 'GOSUMDB=off installs with a warning' (one install for both): the fallback's proxy install runs with GOSUMDB=off
test('auto: a mirror that keeps failing falls back to the proxy, with a warning; GOSUMDB=off installs with a warning', async () => {
  const srv = await proxy();
  mirror.faults = { indexStatus: { status: 502 } };
  const r = await runStep(newRunner('auto'), {
    inputs: { 'go-version': fx.version },
    env: { GOPROXY: srv.url, GOSUMDB: 'off', GO_DOWNLOAD_BASE_URL: mirror.url },
  });
  mirror.faults = {};
  expect(r.code).toBe(0);
  expect(r.outputs['go-source']).toBe('proxy');
  expect(r.warnings.join('\n')).toMatch(/answered 502.*trying the proxy source/s);
  expect(r.warnings.join('\n')).toMatch(/GOSUMDB=off/);
});

test('a record that does not match the zip is a hard error and installs nothing', async () => {
  const srv = await proxy({ wrongHash: true });
  const runner = newRunner('wrong');
  const r = await runStep(runner, { inputs: { 'go-version': fx.version, 'go-download-source': 'proxy' }, env: { GOPROXY: srv.url, GOSUMDB: srv.verifierKey } });
  expect(r.code).toBe(1);
  expect(r.errors[0]).toMatch(/h1/);
  expect(r.errors[0]).toContain(fx.h1);
  expect(installed(runner)).toEqual([]);
});

test('a checksum database signed by another key is refused', async () => {
  const srv = await proxy({ badSignature: true });
  const runner = newRunner('badsig');
  const r = await runStep(runner, { inputs: { 'go-version': fx.version, 'go-download-source': 'proxy' }, env: { GOPROXY: srv.url, GOSUMDB: srv.verifierKey } });
  expect(r.code).toBe(1);
  expect(r.errors[0]).toMatch(/signature/i);
  expect(installed(runner)).toEqual([]);
});
