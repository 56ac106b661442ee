/**
 * The bundled action installing Go from a custom go.dev/dl mirror (loopback) that does not vouch
 * for itself: the real toolchain archive is checked against the checksum database's h1 for
 * golang.org/toolchain (a loopback proxy with a test-key-signed tree holding the real module's
 * h1), a self-consistent tampered archive is refused, and an unverifiable one warns loudly.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFixtures } from '../../scripts/fixtures.mjs';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { startGoProxyServer, type GoProxyServer } from '../helpers/goproxy-server.js';
import { newRunner, runStep, type Runner } from '../helpers/runner.js';

const fx = ensureFixtures({ quiet: true });
const CANARY = 'ghp_canary0123456789abcdefghijklmnopqrstu';
let mirror: Mirror;
let srv: GoProxyServer;

beforeAll(async () => {
  mirror = await startMirror();
  srv = await startGoProxyServer({ toolchains: [{ version: fx.version, os: 'linux', arch: 'amd64', zip: fx.zip, h1: fx.h1 }] });
});
afterAll(async () => {
  await mirror.close();
  await srv.close();
});
beforeEach(() => {
  mirror.faults = {};
  mirror.requests.length = 0;
  srv.requests.length = 0;
});

const installed = (r: Runner) => {
  const d = join(r.toolCache, 'go');
  return existsSync(d) ? readdirSync(d).flatMap((v) => readdirSync(join(d, v)).map((e) => `${v}/${e}`)) : [];
};
const env = (more: Record<string, string> = {}) => ({
  GO_DOWNLOAD_BASE_URL: mirror.url,
  GOPROXY: srv.url,
  GOSUMDB: srv.verifierKey,
  GITHUB_TOKEN: CANARY,
  ...more,
});

test('the real archive from a custom mirror is verified against the checksum database', async () => {
  const runner = newRunner('mirror-ok');
  const r = await runStep(runner, { inputs: { 'go-version': fx.version, 'go-download-source': 'dl' }, env: env() });
  expect(r.errors).toEqual([]);
  expect(r.code).toBe(0);
  expect(r.outputs['go-source']).toBe('dl');
  expect(r.stdout).toContain(`files ${fx.h1} (checksum database)`);
  expect(r.warnings.filter((w) => w.includes('vouches'))).toEqual([]);
  expect(srv.requests.some((q) => q.path.includes('/lookup/golang.org/toolchain@'))).toBe(true);
  expect(JSON.stringify([mirror.requests, srv.requests, r.stdout, r.stderr])).not.toContain(CANARY);
});

test('a mirror whose index lists its own tampered archive is refused; nothing is installed', async () => {
  const runner = newRunner('mirror-bad');
  mirror.faults = { tamperConsistently: true };
  const r = await runStep(runner, { inputs: { 'go-version': fx.version, 'go-download-source': 'dl' }, env: env() });
  expect(r.code).toBe(1);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]).toMatch(
    /^SECURITY ERROR: go1\.25\.14\.linux-amd64\.tar\.gz from http:\/\/127\.0\.0\.1:\d+\/dl\/go1\.25\.14\.linux-amd64\.tar\.gz \(go-download-base-url\) extracts to files that hash to h1:\S+, but checksum database sum\.test\.invalid \(env GOSUMDB\) lists h1:\S+ for golang\.org\/toolchain@v0\.0\.1-go1\.25\.14\.linux-amd64; nothing was installed$/,
  );
  expect(installed(runner)).toEqual([]);
  expect(readdirSync(runner.temp).filter((n) => n.endsWith('.part'))).toEqual([]);
  expect(JSON.stringify([mirror.requests, srv.requests, r.stdout, r.stderr])).not.toContain(CANARY);
});

test('GOPROXY=off and no GOSUMDB URL: installs from the mirror with one loud warning, no traffic to any database', async () => {
  const runner = newRunner('mirror-warn');
  const r = await runStep(runner, { inputs: { 'go-version': fx.version }, env: env({ GOPROXY: 'off', GOSUMDB: '' }) });
  expect(r.code).toBe(0);
  const loud = r.warnings.filter((w) => w.includes('vouches'));
  expect(loud).toHaveLength(1);
  expect(loud[0]).toMatch(
    /only the mirror http:\/\/127\.0\.0\.1:\d+\/dl \(go-download-base-url\) vouches for go1\.25\.14\.linux-amd64\.tar\.gz: .*\(GOPROXY=off and GOSUMDB names no URL, so the checksum database was not asked\); for an independent check/,
  );
  expect(srv.requests).toEqual([]);
  expect(installed(runner)).toEqual(['1.25.14/x64', '1.25.14/x64.complete']);
});
