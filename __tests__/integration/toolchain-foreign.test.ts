/**
 * `architecture: arm64` on this amd64 machine, through the bundled action: a linux-arm64 Go
 * archive from a loopback go.dev/dl-style mirror (a small real tar.gz: go/VERSION and a bin/go
 * whose ELF header says arm64) is installed and verified by its checksum and bin/go's header,
 * the run says in one line that it cannot run it here and which steps are skipped, and no
 * misleading "cache restore failed: go env failed" warning appears; a build with targets is one
 * refusal before anything is downloaded. The binfmt_misc check reads a fake /proc folder
 * (GO_FYNE_ACTION_BINFMT_DIR): without an emulator, and with a qemu-aarch64 entry as Debian's
 * qemu-user-static registers it (then the toolchain counts as runnable: its go version is run,
 * here a bin/go script the kernel runs without an emulator, standing in for the emulated one).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { newRunner, runStep } from '../helpers/runner.js';

/** A ustar member. */
function tarEntry(name: string, body: Buffer, mode: number, type = '0'): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'utf8');
  h.write(`${mode.toString(8).padStart(7, '0')}\0`, 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write(
    `${Math.floor(Date.now() / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
  );
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([h, body, pad]);
}

function goArchive(version: string, goBin: Buffer): Buffer {
  return gzipSync(
    Buffer.concat([
      tarEntry('go/', Buffer.alloc(0), 0o755, '5'),
      tarEntry('go/VERSION', Buffer.from(`go${version}\ntime 2026-01-01T00:00:00Z\n`), 0o644),
      tarEntry('go/bin/', Buffer.alloc(0), 0o755, '5'),
      tarEntry('go/bin/go', goBin, 0o755),
      Buffer.alloc(1024),
    ]),
  );
}

/** The first bytes of a linux/arm64 Go executable (ELF64 LE, ET_EXEC, EM_AARCH64), padded. */
function arm64Elf(): Buffer {
  const b = Buffer.alloc(4096);
  b.write('\x7fELF', 0, 'latin1');
  b[4] = 2;
  b[5] = 1;
  b[6] = 1;
  b.writeUInt16LE(2, 16);
  b.writeUInt16LE(0xb7, 18);
  b.writeUInt32LE(1, 20);
  return b;
}

const QEMU_AARCH64 =
  'enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: POCF\noffset 0\nmagic 7f454c460201010000000000000000000200b700\nmask ffffffffffffff00fffffffffffffffffeffffff\n';

const ELF_VERSION = '1.25.14'; // bin/go: an arm64 ELF (cannot run here)
const SCRIPT_VERSION = '1.25.13'; // bin/go: a script printing what the emulated go would
const files = new Map<string, Buffer>([
  [`go${ELF_VERSION}.linux-arm64.tar.gz`, goArchive(ELF_VERSION, arm64Elf())],
  [`go${SCRIPT_VERSION}.linux-arm64.tar.gz`, goArchive(SCRIPT_VERSION, Buffer.from(`#!/bin/sh\necho "go version go${SCRIPT_VERSION} linux/arm64"\n`))],
]);
const index = [ELF_VERSION, SCRIPT_VERSION].map((v) => {
  const filename = `go${v}.linux-arm64.tar.gz`;
  const data = files.get(filename)!;
  return {
    version: `go${v}`,
    stable: true,
    files: [
      { filename, os: 'linux', arch: 'arm64', version: `go${v}`, sha256: createHash('sha256').update(data).digest('hex'), size: data.length, kind: 'archive' },
    ],
  };
});

let server: Server;
let base = '';
const requests: string[] = [];
let scratch = '';
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'gfa-foreign-'));
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
    if (url.pathname === '/dl/' || url.pathname === '/dl') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(index));
    const f = files.get(url.pathname.replace(/^\/dl\//, ''));
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': String(f.length) }).end(f);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dl`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => (requests.length = 0));

/** A fake binfmt_misc folder: none (not mounted), or with the given entries. */
function binfmt(name: string, entries?: Record<string, string>): string {
  const d = join(scratch, name);
  if (!entries) return d;
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'status'), 'enabled\n');
  writeFileSync(join(d, 'register'), '');
  for (const [n, t] of Object.entries(entries)) writeFileSync(join(d, n), t);
  return d;
}

const env = (binfmtDir: string) => ({ GO_DOWNLOAD_BASE_URL: base, GOPROXY: 'off', GOSUMDB: '', GO_FYNE_ACTION_BINFMT_DIR: binfmtDir });
const misleading = (lines: string[]) => lines.filter((w) => /cache|go env/i.test(w));

test('no emulator: installed and verified by checksum and ELF header; one line says it cannot run here; restore skipped, no cache warning', async () => {
  const runner = newRunner('foreign');
  const r = await runStep(runner, {
    inputs: { 'go-version': ELF_VERSION, architecture: 'arm64', 'go-download-source': 'dl' },
    env: env(binfmt('none')),
    timeoutMs: 60_000,
  });
  expect(r.errors).toEqual([]);
  expect(r.code).toBe(0);
  expect(r.outputs['go-version']).toBe(ELF_VERSION);
  expect(r.outputs['go-root']).toBe(join(runner.toolCache, 'go', ELF_VERSION, 'arm64'));
  const line = r.stdout.split('\n').filter((l) => l.startsWith('Go ') && l.includes('cannot run on this linux/amd64 runner'));
  expect(line).toEqual([
    `Go ${ELF_VERSION} for linux/arm64 cannot run on this linux/amd64 runner (no emulator for linux/arm64 is registered (${binfmt('none')} is not mounted)): it was verified by its download's checksum and bin/go's ELF header, not by running it; skipped here: its go version check, the cache restore and save (they run go env); a build (targets) is refused`,
  ]);
  expect(r.stdout).toContain('skipped: Go for linux/arm64 cannot run on this linux/amd64 runner');
  expect(misleading(r.warnings)).toEqual([]);
  expect(r.state).not.toHaveProperty('cache'); // nothing for the post step to save
  // The same run again: a tool-cache hit, checked by its header again, no download.
  const again = await runStep(runner, { inputs: { 'go-version': ELF_VERSION, architecture: 'arm64' }, env: env(binfmt('none')), timeoutMs: 60_000 });
  expect(again.code).toBe(0);
  expect(again.outputs['go-source']).toBe('tool-cache');
  expect(requests.filter((p) => p.endsWith('.tar.gz'))).toHaveLength(1);
  expect(misleading(again.warnings)).toEqual([]);
});

test('no emulator and targets: one refusal before anything is downloaded', async () => {
  const runner = newRunner('foreign-build');
  const r = await runStep(runner, {
    inputs: { 'go-version': ELF_VERSION, architecture: 'arm64', targets: 'linux/amd64' },
    env: env(binfmt('none')),
    timeoutMs: 60_000,
  });
  expect(r.code).toBe(1);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]).toMatch(
    /^input "architecture": Go for linux\/arm64 cannot run on this linux\/amd64 runner \(no emulator for linux\/arm64 is registered .*\), and targets asks for builds, which runs go; leave architecture empty/,
  );
  expect(requests).toEqual([]);
});

test('a tampered bin/go header (amd64 in an arm64 archive) is refused, nothing installed', async () => {
  // Served under the arm64 name with its own checksum: the header check is what catches it.
  const v = '1.25.12';
  const amd64 = arm64Elf();
  amd64.writeUInt16LE(0x3e, 18);
  const data = goArchive(v, amd64);
  files.set(`go${v}.linux-arm64.tar.gz`, data);
  index.push({
    version: `go${v}`,
    stable: true,
    files: [
      {
        filename: `go${v}.linux-arm64.tar.gz`,
        os: 'linux',
        arch: 'arm64',
        version: `go${v}`,
        sha256: createHash('sha256').update(data).digest('hex'),
        size: data.length,
        kind: 'archive',
      },
    ],
  });
  const runner = newRunner('foreign-bad');
  const r = await runStep(runner, {
    inputs: { 'go-version': v, architecture: 'arm64', 'go-download-source': 'dl' },
    env: env(binfmt('none')),
    timeoutMs: 60_000,
  });
  expect(r.code).toBe(1);
  expect(r.errors.join('\n')).toMatch(/bin\/go is elf amd64 \(executable\), expected elf arm64/);
});

test('with qemu-aarch64 registered: runnable, its go version is run, one line says it is emulated, no cannot-run line', async () => {
  const runner = newRunner('foreign-emu');
  const dir = binfmt('emu', { 'qemu-aarch64': QEMU_AARCH64 });
  const r = await runStep(runner, {
    inputs: { 'go-version': SCRIPT_VERSION, architecture: 'arm64', 'go-download-source': 'dl', cache: 'false' },
    env: env(dir),
    timeoutMs: 60_000,
  });
  expect(r.errors).toEqual([]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(
    `Go for linux/arm64 runs on this linux/amd64 runner under the emulator qemu-aarch64 registered in ${dir} (/usr/libexec/qemu-binfmt/aarch64-binfmt-P); every go command is emulated (slower)`,
  );
  expect(r.stdout).not.toContain('cannot run');
  expect(misleading(r.warnings)).toEqual([]);
});
