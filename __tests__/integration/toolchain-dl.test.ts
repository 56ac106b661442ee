/**
 * The bundled action (dist/main.js under Node 24) installing Go from a loopback go.dev/dl
 * mirror that serves a real toolchain archive.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, runStep, type Runner } from '../helpers/runner.js';

let mirror: Mirror;
/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}
beforeAll(async () => {
  mirror = await startMirror();
});
afterAll(() => mirror.close());
beforeEach(() => {
  mirror.faults = {};
  mirror.requests.length = 0;
});

const base = () => ({ GO_DOWNLOAD_BASE_URL: mirror.url, GOPROXY: 'off', GOSUMDB: 'off' });
const goVersion = (goroot: string) =>
  execFileSync(join(goroot, 'bin/go'), ['version'], { env: { PATH: '/usr/bin:/bin', GOTOOLCHAIN: 'local', HOME: '/tmp' } }).toString();
const leftovers = (r: Runner) => {
  const d = join(r.toolCache, 'go');
  if (!existsSync(d)) return [];
  return readdirSync(d).flatMap((v) => readdirSync(join(d, v)).map((e) => `${v}/${e}`));
};

describe('install from a go.dev/dl mirror', () => {
  let runner: Runner;
  beforeAll(() => {
    runner = newRunner('dl');
  });

  test('resolves a minor line, verifies the sha256, installs, exports', async () => {
    const r = await runStep(runner, { inputs: { 'go-version': '1.25' }, env: base() });
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.outputs['go-version']).toBe(mirror.version);
    expect(r.outputs['go-source']).toBe('dl');
    const goroot = r.outputs['go-root'];
    expect(goroot).toBe(join(runner.toolCache, 'go', mirror.version, 'x64'));
    expect(existsSync(`${goroot}.complete`)).toBe(true);
    expect(goVersion(goroot)).toContain(`go${mirror.version} linux/amd64`);
    expect(r.env.GOROOT).toBe(goroot);
    expect(r.env.GOTOOLCHAIN).toBe('local');
    expect(r.path).toContain(join(goroot, 'bin'));
    expect(r.path).toContain(join(runner.home, 'go', 'bin'));
    expect(r.stdout).toContain(`sha256 ${mirror.sha256}`);
    expect(r.stdout).toMatch(/::add-matcher::.*matcher\.json/);
    expect(mirror.requests.filter((q) => q.endsWith('.tar.gz'))).toHaveLength(1);
  });

  test('a second run is a tool-cache hit and downloads nothing', async () => {
    const r = await runStep(runner, { inputs: { 'go-version': mirror.version }, env: base() });
    expect(r.code).toBe(0);
    expect(r.outputs['go-source']).toBe('tool-cache');
    expect(mirror.requests).toEqual([]);
  });

  test('check-latest asks the index but still takes the cached copy', async () => {
    const r = await runStep(runner, { inputs: { 'go-version': '^1.24', 'check-latest': 'true' }, env: base() });
    expect(r.code).toBe(0);
    expect(r.outputs['go-source']).toBe('tool-cache');
    expect(mirror.requests).toEqual(['/dl/?mode=json&include=all']);
  });

  test('go-version-file: a toolchain line in go.mod', async () => {
    const mod = join(runner.dir, 'mod');
    mkdirSync(mod, { recursive: true });
    writeFileSync(join(mod, 'go.mod'), `module example.com/m\n\ngo 1.24\n\ntoolchain go${mirror.version}\n`);
    const r = await runStep(runner, { inputs: { 'go-version-file': 'go.mod', 'working-directory': mod }, env: base() });
    expect(r.code).toBe(0);
    expect(r.outputs['go-version']).toBe(mirror.version);
  });
});

describe('failures leave nothing a later run would take as installed', () => {
  // also 'transient 500s are retried' (one install for both): the index answers 500 once and the
  // archive 503 twice on the way to the reinstall, and "stable" resolves past the rc
  test('a tool-cache entry whose go version is wrong is reported, removed and installed again; transient 500s are retried', async () => {
    const runner = newRunner('broken-hit');
    const goroot = join(runner.toolCache, 'go', mirror.version, 'x64');
    mkdirSync(join(goroot, 'bin'), { recursive: true });
    writeFileSync(join(goroot, 'bin', 'go'), '#!/bin/sh\necho "go version go1.2 linux/amd64"\n', { mode: 0o755 });
    writeFileSync(`${goroot}.complete`, '');
    mirror.faults = { indexStatus: { status: 500, times: 1 }, fileStatus: { status: 503, times: 2 } };
    const r = await runStep(runner, { inputs: { 'go-version': 'stable', 'go-download-source': 'dl' }, env: base() });
    expect(r.code).toBe(0);
    expect(r.outputs['go-version']).toBe(mirror.version); // stable skips the rc
    expect(r.warnings.join('\n')).toMatch(/answered 503.*retrying/);
    expect(r.warnings.join('\n')).toContain(
      `the tool-cache entry ${goroot} fails its check: ${goroot}/bin/go version reports "go version go1.2 linux/amd64", expected go${mirror.version}; removing it and installing Go ${mirror.version} again`,
    );
    expect(r.outputs['go-source']).toBe('dl');
    expect(goVersion(goroot)).toContain(`go${mirror.version} linux/amd64`);
  });

  test('checksum mismatch names both hashes', async () => {
    const runner = newRunner('corrupt');
    mirror.faults = { corrupt: true };
    const r = await runStep(runner, { inputs: { 'go-version': mirror.version, 'go-download-source': 'dl' }, env: base() });
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(new RegExp(`checksum mismatch .* lists sha256 ${mirror.sha256}, the download has [0-9a-f]{64}$`));
    expect(leftovers(runner)).toEqual([]);
    expect(r.outputs['go-root']).toBeUndefined();
  });

  test('truncated download', async () => {
    const runner = newRunner('trunc');
    mirror.faults = { truncateAt: 5_000_000 };
    const r = await runStep(runner, { inputs: { 'go-version': mirror.version, 'go-download-source': 'dl' }, env: base() });
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toMatch(/truncated/);
    expect(leftovers(runner)).toEqual([]);
  });

  test('404 names the URL and the input that sets it', async () => {
    const runner = newRunner('404');
    mirror.faults = { fileStatus: { status: 404 } };
    const r = await runStep(runner, { inputs: { 'go-version': mirror.version, 'go-download-source': 'dl' }, env: base() });
    expect(r.code).toBe(1);
    expect(r.errors[0]).toContain(`${mirror.url}/go${mirror.version}.linux-amd64.tar.gz answered 404`);
    expect(r.errors[0]).toContain('go-download-base-url');
    expect(leftovers(runner)).toEqual([]);
  });

  test('unknown version lists the nearest', async () => {
    const r = await runStep(newRunner('unknown'), { inputs: { 'go-version': '1.25.99' }, env: base() });
    expect(r.code).toBe(1);
    expect(r.errors[0]).toMatch(/^input "go-version": no Go release matches "1.25.99" .* nearest available: .*1\.25\.14/);
  });

  test('unreachable mirror: says which source failed and how to point elsewhere', async () => {
    const port = await closedPort();
    const r = await runStep(newRunner('down'), {
      inputs: { 'go-version': '1.25', 'go-download-source': 'dl' },
      env: { ...base(), GO_DOWNLOAD_BASE_URL: `http://127.0.0.1:${port}/dl` },
    });
    expect(r.code).toBe(1);
    expect(r.errors[0]).toMatch(new RegExp(`Go download index at http://127\\.0\\.0\\.1:${port}/dl .*ECONNREFUSED.*go-download-base-url`));
  });

  test('bad inputs fail before anything is written', async () => {
    const runner = newRunner('bad');
    for (const [inputs, re] of [
      [{ 'go-version': '1.x.y' }, /^input "go-version": "1.x.y" is not a version or range/],
      [{ 'go-version': '1.25', architecture: 'mips' }, /^input "architecture": "mips"/],
      [{ 'go-version': '1.25', 'go-version-file': 'go.mod' }, /both set/],
      [{ 'go-version': '1.25', 'go-download-source': 'git' }, /^input "go-download-source": "git" is not accepted; use one of auto, dl, proxy/],
    ] as [Record<string, string>, RegExp][]) {
      const r = await runStep(runner, { inputs, env: base() });
      expect(r.code).toBe(1);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatch(re);
    }
    expect(mirror.requests).toEqual([]);
    expect(readdirSync(runner.toolCache)).toEqual([]);
  });
});
