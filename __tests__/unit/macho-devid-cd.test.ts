/**
 * Issue 22 part 4: the hardened-runtime CodeDirectory (version 0x20500 with the `runtime` field,
 * as codesign and rcodesign write it), the timestamp request through the one HTTP home
 * (src/net/http.ts: whole-exchange bound, 1 MiB cap, no redirects followed), and the Python
 * checker's stapled-ticket handling. Real darwin binaries (examples/hello, pure Go), the
 * openssl CLI, loopback servers only.
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CSSLOT_SIGNATURESLOT, parseEmbeddedSignature } from '../../src/macho/codesign.js';
import { readMachO } from '../../src/macho/read.js';
import { CS_RUNTIME, signMachOFile } from '../../src/macho/adhoc-sign.js';
import { sealBundle } from '../../src/macho/bundle-sign.js';
import { loadIdentity, type SigningIdentity } from '../../src/macho/p12.js';
import { signMachOFileDeveloperId } from '../../src/macho/devid-sign.js';
import { verifyDeveloperIdSignature } from '../../src/macho/devid-verify.js';
import { requestTimestamp } from '../../src/macho/tsa.js';
import { makeDevIdPki, type DevIdPki } from '../helpers/devid-pki.js';

const run = promisify(execFile);
const GO = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
const EXAMPLE = join(process.cwd(), 'examples', 'hello');
const CHECK_PY = join(process.cwd(), '__tests__', 'helpers', 'macos-seal-check.py');

let root: string;
let pki: DevIdPki;
let identity: SigningIdentity;
const bin: Record<string, string> = {};

interface PyReport {
  ok: boolean;
  problems: string[];
  slices: ({ cdhashes: string[]; version: string; runtime?: string; cmsCdhashes?: string[] } | null)[];
  ticket?: { bytes: number };
}
async function py(args: string[]): Promise<PyReport> {
  const r = await run('python3', [CHECK_PY, ...args]).catch((e: unknown) => e as { stdout: string });
  return JSON.parse(r.stdout) as PyReport;
}

/** Offset of LC_BUILD_VERSION in a thin 64-bit slice. */
function buildVersionAt(b: Buffer): number {
  let o = 32;
  for (let i = 0; i < b.readUInt32LE(16); i++) {
    if (b.readUInt32LE(o) === 0x32) return o;
    o += b.readUInt32LE(o + 4);
  }
  throw new Error('no LC_BUILD_VERSION');
}

/** A copy of the arm64 binary with LC_BUILD_VERSION minos/sdk set. */
async function withVersions(name: string, minos: number, sdk: number): Promise<string> {
  const b = await readFile(bin.arm64);
  const at = buildVersionAt(b);
  b.writeUInt32LE(minos, at + 12);
  b.writeUInt32LE(sdk, at + 16);
  const p = join(root, name);
  await writeFile(p, b);
  return p;
}

async function primaryCd(path: string): Promise<{ cd: Buffer; cms?: Buffer }[]> {
  const file = await readMachO(path);
  const bytes = await readFile(path);
  return file.slices.map((s) => {
    const lc = s.header.codeSignature!;
    const sigAt = s.offset + lc.dataoff;
    const sig = parseEmbeddedSignature(bytes.subarray(sigAt, sigAt + lc.datasize));
    const cmsIdx = sig.blobs.find((x) => x.type === CSSLOT_SIGNATURESLOT);
    return { cd: sig.codeDirectories[0].bytes, cms: cmsIdx ? sig.bytes.subarray(cmsIdx.offset + 8, cmsIdx.offset + cmsIdx.length) : undefined };
  });
}

function opensslVerify(cms: Buffer, content: Buffer, tag: string): boolean {
  const c = join(root, `${tag}.cms`);
  const d = join(root, `${tag}.cd`);
  writeFileSync(c, cms);
  writeFileSync(d, content);
  try {
    execFileSync(
      'openssl',
      ['cms', '-verify', '-inform', 'DER', '-in', c, '-binary', '-content', d, '-CAfile', pki.caPem, '-purpose', 'any', '-out', '/dev/null'],
      {
        stdio: 'pipe',
      },
    );
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'devid-cd-'));
  const env = { ...process.env, CGO_ENABLED: '0', GOOS: 'darwin', GOFLAGS: '-buildvcs=false', GOPROXY: 'off', GOTOOLCHAIN: 'local' };
  for (const arch of ['amd64', 'arm64'] as const) {
    bin[arch] = join(root, `hello-${arch}`);
    await run(GO, ['build', '-o', bin[arch], '.'], { cwd: EXAMPLE, env: { ...env, GOARCH: arch } });
  }
  pki = makeDevIdPki(join(root, 'pki'));
  identity = loadIdentity(pki.p12Base64, pki.password);
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('hardened-runtime CodeDirectory (0x20500)', () => {
  test('Developer ID: version 0x20500, runtime = the SDK version, header 96 bytes; openssl, ours and Python agree on cdhashes', async () => {
    const p = join(root, 'devid-arm64');
    await copyFile(bin.arm64, p);
    const b = await readFile(p);
    const sdk = b.readUInt32LE(buildVersionAt(b) + 16);
    await signMachOFileDeveloperId(p, identity, { identifier: 'com.example.hello' }, { timestampUrl: '' });
    const [{ cd, cms }] = await primaryCd(p);
    expect(cd.readUInt32BE(8).toString(16)).toBe('20500');
    expect(cd.readUInt32BE(88)).toBe(sdk); // runtime
    expect(cd.readUInt32BE(92)).toBe(0); // preEncryptOffset
    expect(cd.readUInt32BE(20)).toBe(96); // identOffset follows the 0x20500 header
    expect(opensslVerify(cms!, cd, 'cd20500')).toBe(true);
    const ours = await verifyDeveloperIdSignature(p, { anchors: [await readFile(pki.caPem, 'utf8')] });
    expect(ours.problems).toEqual([]);
    expect(ours.slices[0].runtime).toBe(sdk);
    const theirs = await py(['--macho', p]);
    expect(theirs.problems).toEqual([]);
    expect(theirs.slices[0]!.version).toBe('0x20500');
    expect(theirs.slices[0]!.runtime).toBe(`0x${sdk.toString(16)}`);
    expect(theirs.slices[0]!.cdhashes).toEqual(ours.slices[0].cdhashes);
    expect(theirs.slices[0]!.cmsCdhashes).toEqual(ours.slices[0].cdhashes);
  }, 30_000);

  test.each([
    ['the SDK when LC_BUILD_VERSION has one', 0x0b0000, 0x0e0200, 0x0e0200],
    ['the minos when the SDK field is 0', 0x0b0000, 0, 0x0b0000],
  ])('runtime is %s', async (_what, minos, sdk, want) => {
    const p = await withVersions(`v-${minos}-${sdk}`, minos, sdk);
    await signMachOFileDeveloperId(p, identity, { identifier: 'v' }, { timestampUrl: '' });
    const [{ cd }] = await primaryCd(p);
    expect(cd.readUInt32BE(88)).toBe(want);
    const theirs = await py(['--macho', p]);
    expect(theirs.problems).toEqual([]);
    expect(theirs.slices[0]!.runtime).toBe(`0x${want.toString(16)}`);
  });

  test('the SHA-1 + SHA-256 pair: both CodeDirectories are 0x20500 with the runtime; cdhashes agree', async () => {
    const p = join(root, 'dual');
    await copyFile(bin.amd64, p);
    await signMachOFileDeveloperId(p, identity, { identifier: 'dual' }, { timestampUrl: '', digests: 'sha1+sha256' });
    const ours = await verifyDeveloperIdSignature(p, { anchors: [await readFile(pki.caPem, 'utf8')] });
    expect(ours.problems).toEqual([]);
    const theirs = await py(['--macho', p]);
    expect(theirs.problems).toEqual([]);
    expect(theirs.slices[0]!.cdhashes).toEqual(ours.slices[0].cdhashes);
    const file = await readFile(p);
    const s = (await readMachO(p)).slices[0].header.codeSignature!;
    const sig = parseEmbeddedSignature(file.subarray(s.dataoff, s.dataoff + s.datasize));
    expect(sig.codeDirectories.map((c) => [c.version, c.runtime])).toEqual([
      [0x20500, ours.slices[0].runtime],
      [0x20500, ours.slices[0].runtime],
    ]);
  });

  test('a hardened-runtime CodeDirectory without its runtime version is a finding for ours and for Python', async () => {
    const p = join(root, 'runtime-zero');
    await copyFile(bin.arm64, p);
    await signMachOFile(p, { identifier: 'rt0', flags: CS_RUNTIME, runtime: 0 });
    const ours = await verifyDeveloperIdSignature(p, { anchors: [await readFile(pki.caPem, 'utf8')] });
    expect(ours.problems.join('\n')).toMatch(/sets the hardened runtime without its runtime version/);
    const theirs = await py(['--macho', p]);
    expect(theirs.problems.join('\n')).toMatch(/hardened runtime set with runtime version 0/);
  });

  test('ad hoc output is unchanged: 0x20400, 88-byte header, no runtime', async () => {
    const p = join(root, 'adhoc-arm64');
    await copyFile(bin.arm64, p);
    await signMachOFile(p, { identifier: 'adhoc' });
    const [{ cd, cms }] = await primaryCd(p);
    expect(cd.readUInt32BE(8).toString(16)).toBe('20400');
    expect(cd.readUInt32BE(20)).toBe(88);
    expect(cms).toBeUndefined();
    const theirs = await py(['--macho', p]);
    expect(theirs.problems).toEqual([]);
    expect(theirs.slices[0]!.runtime).toBeUndefined();
  });
});

describe('timestamp request through src/net/http.ts', () => {
  let server: Server;
  let base: string;
  const mode = { now: 'big' as 'big' | 'trickle' | 'redirect', hits: 0 };
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      if (req.url === '/elsewhere') {
        mode.hits++;
        return void res.writeHead(500).end();
      }
      if (mode.now === 'redirect') return void res.writeHead(302, { location: '/elsewhere' }).end();
      if (mode.now === 'big') {
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
        const chunk = Buffer.alloc(64 * 1024, 0x30);
        let sent = 0;
        const more = (): void => {
          while (sent < 4 << 20) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          res.end();
        };
        return more();
      }
      // trickle: a byte every 50 ms, forever: never idle long enough for a socket time-out.
      res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
      const t = setInterval(() => res.write('0'), 50);
      res.on('close', () => clearInterval(t));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  });

  test('a reply past 1 MiB is refused in one line, reading stops', async () => {
    mode.now = 'big';
    const err = (await requestTimestamp(`${base}/ts`, Buffer.alloc(256, 1), { timeoutMs: 5000 }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^input "macos-timestamp-url": "http:\/\/127\.0\.0\.1:\d+\/ts": .*larger than 1048576 bytes \(1 MiB\)/);
    expect(err.message).not.toMatch(/\bGET\b/);
    expect(err.message).not.toContain('\n');
  });

  test('a server that trickles bytes forever is cut at the whole-exchange bound', async () => {
    mode.now = 'trickle';
    const err = (await requestTimestamp(`${base}/ts`, Buffer.alloc(256, 1), { timeoutMs: 400 }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^input "macos-timestamp-url": .*no complete answer within 400 ms/);
  });

  test('a redirect is not followed', async () => {
    mode.now = 'redirect';
    mode.hits = 0;
    const err = (await requestTimestamp(`${base}/ts`, Buffer.alloc(256, 1), { timeoutMs: 2000 }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/answered HTTP 302/);
    expect(mode.hits).toBe(0);
  });
});

describe('macos-seal-check.py and a stapled ticket', () => {
  let app: string;
  beforeAll(async () => {
    app = join(root, 'Hello.app');
    await mkdir(join(app, 'Contents', 'MacOS'), { recursive: true });
    await mkdir(join(app, 'Contents', 'Resources'), { recursive: true });
    await writeFile(
      join(app, 'Contents', 'Info.plist'),
      `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleExecutable</key>
	<string>hello</string>
	<key>CFBundleIdentifier</key>
	<string>com.example.hello</string>
</dict>
</plist>
`,
    );
    await copyFile(bin.arm64, join(app, 'Contents', 'MacOS', 'hello'));
    await writeFile(join(app, 'Contents', 'Resources', 'icon.png'), 'not really a png');
    await sealBundle(app);
  });

  test('--ticket without a ticket is a problem; the seal itself is fine', async () => {
    expect((await py([app])).ok).toBe(true);
    const r = await py(['--ticket', app]);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/Contents\/CodeResources: no stapled ticket/);
  });

  test('a stapled ticket (s8ch...) is left out of the seal check and passes --ticket', async () => {
    await writeFile(join(app, 'Contents', 'CodeResources'), Buffer.concat([Buffer.from('s8ch'), Buffer.alloc(60, 7)]));
    const plain = await py([app]);
    expect(plain.problems).toEqual([]);
    const r = await py(['--ticket', app]);
    expect(r.problems).toEqual([]);
    expect(r.ticket).toEqual({ bytes: 64 });
  });

  test('--ticket refuses a Contents/CodeResources that is not a ticket', async () => {
    await writeFile(join(app, 'Contents', 'CodeResources'), '<?xml version="1.0"?><plist/>');
    const r = await py(['--ticket', app]);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/Contents\/CodeResources: not a notarization ticket \(does not start with s8ch\)/);
  });
});
