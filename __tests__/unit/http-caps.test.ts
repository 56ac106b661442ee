/**
 * Size caps on every download, against loopback servers: the dl index, the module proxy's
 * version list, checksum database answers, the proxy's module zip and the dl archive. A
 * Content-Length past the cap is refused before a byte of the body is read; an endless body is
 * cut off as it passes the cap. Each is one line naming what and the limit; nothing is left.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startArchiveMirror } from '../helpers/dl-mirror.js';
import { buildToolchainZip, newNoteSigner } from '../helpers/goproxy-server.js';
import { ChecksumError, downloadAndExtract, fetchDlIndex, MAX_ARCHIVE, MAX_DL_INDEX } from '../../src/toolchain/dl-source.js';
import { listToolchainVersions, parseGoProxy } from '../../src/toolchain/goproxy.js';
import { fetchToolchainFromProxy, MAX_MODULE_ZIP } from '../../src/toolchain/proxy-source.js';
import { lookupSumDb, MAX_SUMDB_ANSWER, parseGoSumDb, SumDbError } from '../../src/toolchain/sumdb.js';

const work = mkdtempSync(join(tmpdir(), 'gfa-http-caps-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const log = { info: () => undefined, warning: () => undefined };
const http = { retryDelayMs: 0, attempts: 1 };

const servers: Server[] = [];
afterEach(async () => {
  while (servers.length) {
    const s = servers.pop()!;
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});
async function serve(handler: RequestListener): Promise<{ url: string; sent: () => number }> {
  let sent = 0;
  const server = createServer((req, res) => {
    const write = res.write.bind(res);
    res.write = ((chunk: Buffer | string, ...rest: never[]) => {
      sent += Buffer.byteLength(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent: () => sent };
}

/** Answers with `head` and then filler forever (until the client hangs up). */
const endless =
  (head: string, headers: Record<string, string> = {}): RequestListener =>
  (_req, res) => {
    res.writeHead(200, headers);
    res.write(head);
    const fill = Buffer.alloc(64 << 10, 0x20);
    const more = () => {
      while (!res.destroyed) if (!res.write(fill)) return void res.once('drain', more);
    };
    res.on('close', () => res.destroy());
    more();
  };
/** Declares a huge Content-Length, sends a few bytes, then waits. */
const declares =
  (length: number): RequestListener =>
  (_req, res) => {
    res.writeHead(200, { 'content-length': String(length) });
    res.write('[');
  };

describe('the dl index', () => {
  test('an endless index is cut off at 32 MiB', async () => {
    const s = await serve(endless('['));
    expect(MAX_DL_INDEX).toBe(32 << 20);
    await expect(fetchDlIndex(`${s.url}/dl`, log)).rejects.toThrow(
      new RegExp(
        `^GET ${s.url}/dl/\\?mode=json&include=all: the Go download index is larger than the 33554432 bytes \\(32 MiB\\) allowed; stopped reading it$`,
      ),
    );
    expect(s.sent()).toBeLessThan((32 << 20) + (16 << 20));
  });

  test('a declared Content-Length past the cap is refused before reading', async () => {
    const s = await serve(declares(1 << 30));
    await expect(fetchDlIndex(`${s.url}/dl`, log)).rejects.toThrow(/the Go download index is larger than the 33554432 bytes \(32 MiB\) allowed/);
  });
});

describe('the module proxy and the checksum database', () => {
  test('an endless @v/list is cut off at 16 MiB', async () => {
    const s = await serve(endless('v0.0.1-go1.25.0.linux-amd64\n'));
    await expect(listToolchainVersions(s.url, 'linux', 'amd64', http)).rejects.toThrow(
      /the golang\.org\/toolchain version list is larger than the 16777216 bytes \(16 MiB\) allowed; stopped reading it/,
    );
  });

  test('an oversized lookup answer is a hard error (the database answered wrongly), not "unreachable"', async () => {
    const signer = newNoteSigner('sum.test.invalid');
    const s = await serve(endless('1\n'));
    const cfg = parseGoSumDb(`${signer.verifierKey} ${s.url}`);
    if (cfg.off) throw new Error('unreachable');
    expect(MAX_SUMDB_ANSWER).toBe(64 << 10);
    const err = await lookupSumDb(cfg, parseGoProxy('off'), 'golang.org/toolchain', 'v0.0.1-go1.25.0.linux-amd64', http).then(
      () => undefined,
      (e: unknown) => e as SumDbError,
    );
    expect(err?.message).toMatch(
      /^checksum database sum\.test\.invalid \(.*\/lookup\/golang\.org\/toolchain@v0\.0\.1-go1\.25\.0\.linux-amd64, set by env GOSUMDB\): GET .*: the checksum database lookup is larger than the 65536 bytes allowed; stopped reading it$/,
    );
    expect(err?.unreachable).toBe(false);
  });

  function place() {
    const d = mkdtempSync(join(work, 'proxy-'));
    mkdirSync(join(d, 'tmp'));
    return { d, dest: join(d, 'go'), temp: join(d, 'tmp') };
  }

  test('a module zip declared past 500 MiB is refused before reading; nothing is left', async () => {
    const s = await serve(declares(600 << 20));
    const p = place();
    expect(MAX_MODULE_ZIP).toBe(500 << 20);
    await expect(
      fetchToolchainFromProxy({ version: '1.25.0', os: 'linux', arch: 'amd64', proxy: s.url, sumdb: 'off', destDir: p.dest, tempDir: p.temp, http }),
    ).rejects.toThrow(
      /: GET http:\/\/127\.0\.0\.1:\d+\/golang\.org\/toolchain\/@v\/v0\.0\.1-go1\.25\.0\.linux-amd64\.zip: the module zip is larger than the 524288000 bytes \(500 MiB\) allowed; stopped reading it$/,
    );
    expect(readdirSync(p.d)).toEqual(['tmp']);
    expect(readdirSync(p.temp)).toEqual([]);
  });

  test('an endless module zip is cut off at the cap; nothing is left', async () => {
    const zip = buildToolchainZip('1.25.0', 'linux', 'amd64');
    const s = await serve(endless(zip.toString('latin1')));
    const p = place();
    await expect(
      fetchToolchainFromProxy({
        version: '1.25.0',
        os: 'linux',
        arch: 'amd64',
        proxy: s.url,
        sumdb: 'off',
        destDir: p.dest,
        tempDir: p.temp,
        http,
        maxZipBytes: 4 << 20,
      }),
    ).rejects.toThrow(/the module zip is larger than the 4194304 bytes \(4 MiB\) allowed; stopped reading it$/);
    expect(readdirSync(p.d)).toEqual(['tmp']);
    expect(readdirSync(p.temp)).toEqual([]);
  });
});

describe('the dl archive', () => {
  const FILE = 'go1.25.14.linux-amd64.tar.gz';
  test('an index that lists no size: a Content-Length past 512 MiB is refused before reading', async () => {
    const s = await serve(declares(600 << 20));
    const dest = join(mkdtempSync(join(work, 'dl-')), 'go');
    const file = { filename: FILE, os: 'linux', arch: 'amd64', version: 'go1.25.14', sha256: 'a'.repeat(64), size: 0, kind: 'archive' };
    expect(MAX_ARCHIVE).toBe(512 << 20);
    await expect(downloadAndExtract(`${s.url}/dl`, file, dest, work, log)).rejects.toThrow(
      new ChecksumError(`download of ${s.url}/dl/${FILE} is larger than the 536870912 bytes (512 MiB) allowed for a Go archive; stopped reading it`),
    );
  });

  test('an index that lists a size larger than 512 MiB does not raise the cap', async () => {
    const mirror = await startArchiveMirror([{ filename: FILE, data: Buffer.alloc(16), endless: true, size: 4 << 30 }]);
    try {
      const dest = join(mkdtempSync(join(work, 'dl-')), 'go');
      await expect(downloadAndExtract(mirror.url, mirror.index[FILE], dest, work, log)).rejects.toThrow(
        /is larger than the 536870912 bytes \(512 MiB\) allowed for a Go archive; stopped reading it$/,
      );
      expect(mirror.sent.get(FILE)).toBeLessThan((512 << 20) + (64 << 20));
    } finally {
      await mirror.close();
    }
  });
});
