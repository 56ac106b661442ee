/**
 * Developer ID signing from Linux (issue 22): a throwaway Developer-ID-like PKI (openssl), the
 * loopback RFC 3161 TSA of the Authenticode tests, real darwin binaries (examples/hello, pure Go)
 * and a universal one from our lipo. Each slice's CMS is checked by `openssl cms -verify` with
 * the CodeDirectory as the detached content, by our verifier and by the independent Python check
 * (cdhashes, page hashes, the CMS's CDHashes plist); tampering breaks them.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { existsSync, writeFileSync } from 'node:fs';
import { CSSLOT_SIGNATURESLOT, parseEmbeddedSignature } from '../../src/macho/codesign.js';
import { createUniversal } from '../../src/macho/create.js';
import { readMachO } from '../../src/macho/read.js';
import { loadIdentity, type SigningIdentity } from '../../src/macho/p12.js';
import { signBundleDeveloperId, signMachOFileDeveloperId, entitlementsToDer } from '../../src/macho/devid-sign.js';
import { verifyDeveloperIdSignature } from '../../src/macho/devid-verify.js';
import { verifyBundle, formatBundleReport } from '../../src/macho/bundle-verify.js';
import { makeDevIdPki, TEAM_ID, type DevIdPki } from '../helpers/devid-pki.js';
import { makePki, startTsa, type Tsa } from '../helpers/authenticode.js';

const run = promisify(execFile);
const GO = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
const EXAMPLE = join(process.cwd(), 'examples', 'hello');
const CHECK_PY = join(process.cwd(), '__tests__', 'helpers', 'macos-seal-check.py');

let root: string;
let pki: DevIdPki;
let tsa: Tsa;
let identity: SigningIdentity;
const bin: Record<string, string> = {};

interface PySlice {
  arch: string;
  cdhash: string;
  cdhashes: string[];
  cmsCdhashes?: string[];
  team: string | null;
  flags: string;
  hashTypes: number[];
}
interface PyReport {
  ok: boolean;
  problems: string[];
  slices: (PySlice | null)[];
}

async function py(args: string[]): Promise<PyReport> {
  const r = await run('python3', [CHECK_PY, ...args]).catch((e: unknown) => e as { stdout: string });
  return JSON.parse(r.stdout) as PyReport;
}

/** Each slice's primary CodeDirectory and CMS DER. */
async function slicesOf(path: string): Promise<{ arch: string; cd: Buffer; cms: Buffer; sliceAt: number; sigAt: number; cmsAt: number; cdAt: number }[]> {
  const file = await readMachO(path);
  const bytes = await readFile(path);
  return file.slices.map((s) => {
    const lc = s.header.codeSignature!;
    const sigAt = s.offset + lc.dataoff;
    const sig = parseEmbeddedSignature(bytes.subarray(sigAt, sigAt + lc.datasize));
    const cmsIdx = sig.blobs.find((b) => b.type === CSSLOT_SIGNATURESLOT)!;
    const cdIdx = sig.blobs.find((b) => b.type === 0)!;
    return {
      arch: s.arch,
      cd: sig.codeDirectories[0].bytes,
      cms: sig.bytes.subarray(cmsIdx.offset + 8, cmsIdx.offset + cmsIdx.length),
      sliceAt: s.offset,
      sigAt,
      cmsAt: sigAt + cmsIdx.offset + 8,
      cdAt: sigAt + cdIdx.offset,
    };
  });
}

/** `openssl cms -verify` of a detached CMS over `content` against the test root; true when it verifies. */
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
  } catch (e) {
    if (process.env.DEVID_DEBUG) console.log(tag, (e as { stderr: Buffer }).stderr.toString());
    return false;
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'devid-'));
  const env = { ...process.env, CGO_ENABLED: '0', GOOS: 'darwin', GOFLAGS: '-buildvcs=false', GOPROXY: 'off', GOTOOLCHAIN: 'local' };
  for (const arch of ['amd64', 'arm64'] as const) {
    bin[arch] = join(root, `hello-${arch}`);
    await run(GO, ['build', '-o', bin[arch], '.'], { cwd: EXAMPLE, env: { ...env, GOARCH: arch } });
  }
  bin.universal = join(root, 'hello-universal');
  await createUniversal({ inputs: [bin.amd64, bin.arm64], output: bin.universal });
  pki = makeDevIdPki(join(root, 'pki'));
  tsa = await startTsa(makePki(join(root, 'tsa')));
  identity = loadIdentity(pki.p12Base64, pki.password);
}, 120_000);

afterAll(async () => {
  await tsa.close();
  await rm(root, { recursive: true, force: true });
});

describe('signing identity (.p12)', () => {
  test('opens the OpenSSL 3 default and -legacy .p12: key, leaf, chain, team ID', () => {
    expect(identity.teamId).toBe(TEAM_ID);
    expect(identity.commonName).toBe(`Developer ID Application: Test (${TEAM_ID})`);
    expect(identity.chain.map((c) => c.subject)).toEqual([expect.stringContaining('Test Developer ID Certification Authority')]);
    expect(identity.key.asymmetricKeyType).toBe('rsa');
    expect(loadIdentity(pki.variants.legacy, pki.password).leaf.fingerprint256).toBe(identity.leaf.fingerprint256);
  });

  test('refusals are one line naming the input, never showing the password or the key', () => {
    const later = new Date(Date.now() + 30 * 86400_000);
    const cases: [() => unknown, RegExp][] = [
      [() => loadIdentity(pki.p12Base64, 'wrong password'), /^input "macos-certificate-password": "\*\*\*" does not open macos-certificate/],
      [() => loadIdentity(pki.variants.noEku, pki.password), /^input "macos-certificate": .*without the Code Signing extended key usage/],
      [() => loadIdentity(pki.variants.noOu, pki.password), /^input "macos-certificate": .*no Team ID \(OU/],
      [() => loadIdentity(pki.p12Base64, pki.password, later), /^input "macos-certificate": .*expired on \d{4}-\d\d-\d\d/],
      [() => loadIdentity(pki.variants.ec, pki.password), /^input "macos-certificate": .*not RSA/],
      [() => loadIdentity('not base64 at all!', pki.password), /^input "macos-certificate": "\*\*\*" is not base64/],
      [() => loadIdentity(Buffer.from('hello world, not DER').toString('base64'), pki.password), /^input "macos-certificate": .*not DER/],
    ];
    const keyLines = pki.keyPem.split('\n').filter((l) => l.length > 20);
    for (const [f, want] of cases) {
      let msg = '';
      try {
        f();
      } catch (e) {
        msg = (e as Error).message;
      }
      expect(msg).toMatch(want);
      expect(msg).not.toContain('\n');
      expect(msg).not.toContain(pki.password);
      for (const l of keyLines) expect(msg).not.toContain(l);
      expect(msg).not.toContain(pki.p12Base64.slice(0, 40));
    }
  });
});

describe('Developer ID signature of a universal Go binary', () => {
  let signed: string;
  beforeAll(async () => {
    signed = join(root, 'signed-universal');
    await copyFile(bin.universal, signed);
    await signMachOFileDeveloperId(signed, identity, { identifier: 'com.example.hello' }, { timestampUrl: tsa.url });
  }, 60_000);

  test('each slice: openssl cms -verify over its CodeDirectory; our verifier and the Python check agree on the cdhashes', async () => {
    const slices = await slicesOf(signed);
    expect(slices.map((s) => s.arch)).toEqual(['x86_64', 'arm64']);
    for (const s of slices) expect(opensslVerify(s.cms, s.cd, `ok-${s.arch}`)).toBe(true);
    const ours = await verifyDeveloperIdSignature(signed, {
      anchors: [await readFile(pki.caPem, 'utf8')],
      identifier: 'com.example.hello',
      requireTimestamp: true,
    });
    expect(ours.problems).toEqual([]);
    expect(ours.ok).toBe(true);
    const theirs = await py(['--macho', signed]);
    expect(theirs.problems).toEqual([]);
    expect(theirs.slices.map((s) => s!.cdhashes)).toEqual(ours.slices.map((s) => s.cdhashes));
    expect(theirs.slices.map((s) => s!.cmsCdhashes)).toEqual(ours.slices.map((s) => s.cdhashes));
    for (const s of ours.slices) {
      expect(s.teamId).toBe(TEAM_ID);
      expect(s.flags).toBe(0x10000);
      expect(s.timestamped).toBe(true);
      expect(s.hashTypes).toEqual(['sha256']); // Go links minos >= 11: SHA-256 only, as codesign
      expect(s.signer).toBe(`Developer ID Application: Test (${TEAM_ID})`);
    }
    expect(tsa.requests).toBeGreaterThanOrEqual(2);
  });

  test.each([
    ['a code page byte', 'page'],
    ['a CodeDirectory byte', 'cd'],
    ['a byte of the CMS signature value', 'sig'],
    ['a byte of the CDHashes attribute', 'attr'],
  ])('tampering %s breaks verification', async (_what, where) => {
    const bytes = await readFile(signed);
    const [s] = await slicesOf(signed);
    let at: number;
    if (where === 'page') at = s.sliceAt + 0x2000;
    else if (where === 'cd')
      at = s.cdAt + s.cd.length - 5; // the last code page hash
    else if (where === 'sig')
      at = s.cmsAt + s.cms.indexOf(Buffer.from([0x04, 0x82, 0x01, 0x00])) + 10; // the 256-byte RSA signature
    else at = s.cmsAt + s.cms.indexOf(Buffer.from('<data>')) + 12; // inside the plist's first cdhash
    expect(at).toBeGreaterThan(s.sliceAt);
    bytes[at] ^= where === 'attr' ? 0x01 : 0xff;
    const t = join(root, `tampered-${where}`);
    await writeFile(t, bytes);
    const ours = await verifyDeveloperIdSignature(t, { anchors: [await readFile(pki.caPem, 'utf8')] });
    expect(ours.ok).toBe(false);
    const [after] = await slicesOf(t);
    expect(opensslVerify(after.cms, after.cd, `bad-${where}`)).toBe(where === 'page'); // openssl sees CD and CMS, not the pages
    const theirs = await py(['--macho', t]);
    // Python recomputes page hashes, cdhashes and compares the CMS's CDHashes plist; it does not verify RSA.
    if (where !== 'sig') expect(theirs.ok).toBe(false);
  });

  test('a signature that does not chain to the given anchor is refused by our verifier', async () => {
    const other = makePki(join(root, 'other-ca'));
    const r = await verifyDeveloperIdSignature(signed, { anchors: [await readFile(other.caPem, 'utf8')] });
    expect(r.problems.join('\n')).toMatch(/does not reach a trusted anchor/);
  });
});

test('forced SHA-1 + SHA-256 CodeDirectories: both bound by CDHashes attributes; openssl, ours and Python agree', async () => {
  const p = join(root, 'dual-amd64');
  await copyFile(bin.amd64, p);
  await signMachOFileDeveloperId(p, identity, { identifier: 'dual' }, { timestampUrl: '', digests: 'sha1+sha256' });
  const [s] = await slicesOf(p);
  expect(opensslVerify(s.cms, s.cd, 'dual')).toBe(true);
  const ours = await verifyDeveloperIdSignature(p, { anchors: [await readFile(pki.caPem, 'utf8')] });
  expect(ours.problems).toEqual([]);
  expect(ours.slices[0].hashTypes).toEqual(['sha1', 'sha256']);
  expect(ours.slices[0].timestamped).toBe(false);
  const theirs = await py(['--macho', p]);
  expect(theirs.problems).toEqual([]);
  expect(theirs.slices[0]!.hashTypes).toEqual([1, 2]);
  expect(theirs.slices[0]!.cdhashes).toEqual(ours.slices[0].cdhashes);
  expect(theirs.slices[0]!.cmsCdhashes).toEqual(ours.slices[0].cdhashes);
  const req = await verifyDeveloperIdSignature(p, { anchors: [await readFile(pki.caPem, 'utf8')], requireTimestamp: true });
  expect(req.problems.join('\n')).toMatch(/no secure timestamp/);
});

describe('timestamp server trouble: one line, bounded wait', () => {
  let server: Server;
  let url: string;
  const mode = { now: 'garbage' as 'garbage' | 'silent' | '500' };
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      if (mode.now === 'silent') return; // never answers
      if (mode.now === '500') return void res.writeHead(500).end('busy');
      res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.from('this is not DER at all'));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ts`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  });

  test.each([
    [
      'garbage',
      /^input "macos-timestamp-url": "http:\/\/127\.0\.0\.1:\d+\/ts": not a usable timestamp: its reply \(22 bytes\) is not DER; give an RFC 3161 server/,
    ],
    ['500', /^input "macos-timestamp-url": .*answered HTTP 500/],
    ['silent', /^input "macos-timestamp-url": .*no complete answer within 300 ms/],
  ] as const)('%s', async (m, want) => {
    mode.now = m;
    const p = join(root, `tsa-${m}`);
    await copyFile(bin.arm64, p);
    const before = await readFile(p);
    const err = await signMachOFileDeveloperId(p, identity, { identifier: 'x' }, { timestampUrl: url, timestampTimeoutMs: 300 }).catch(
      (e: unknown) => e as Error,
    );
    expect((err as Error).message).toMatch(want);
    expect((err as Error).message).not.toContain('\n');
    expect((await readFile(p)).equals(before)).toBe(true); // nothing written
  });
});

describe('Developer ID .app', () => {
  const ENTITLEMENTS = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>com.apple.security.cs.allow-jit</key>
	<true/>
	<key>com.apple.security.network.client</key>
	<true/>
</dict>
</plist>
`;
  test('nested code first, then the main executable: our seal + Developer ID verifier, Python and openssl agree; no secret left behind', async () => {
    const app = join(root, 'Hello.app');
    await mkdir(join(app, 'Contents', 'MacOS'), { recursive: true });
    await mkdir(join(app, 'Contents', 'Resources'), { recursive: true });
    await writeFile(
      join(app, 'Contents', 'Info.plist'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>CFBundleExecutable</key>\n\t<string>hello</string>\n\t<key>CFBundleIdentifier</key>\n\t<string>com.example.devid</string>\n</dict>\n</plist>\n`,
    );
    await copyFile(bin.universal, join(app, 'Contents', 'MacOS', 'hello'));
    await copyFile(bin.amd64, join(app, 'Contents', 'MacOS', 'helper'));
    await writeFile(join(app, 'Contents', 'Resources', 'notes.txt'), 'hello');
    const privateTmp = await mkdtemp(join(root, 'tmp-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    let sealed;
    try {
      sealed = await signBundleDeveloperId(app, identity, { timestampUrl: tsa.url, entitlements: Buffer.from(ENTITLEMENTS) });
    } finally {
      process.env.TMPDIR = saved;
    }
    expect(sealed.teamId).toBe(TEAM_ID);
    const anchors = [await readFile(pki.caPem, 'utf8')];
    const report = await verifyBundle(app, { developerId: { anchors, requireTimestamp: true } });
    expect(formatBundleReport(report).filter((l) => l.includes('problem'))).toEqual([]);
    expect(report.ok).toBe(true);
    const theirs = await py([app]);
    expect(theirs.problems).toEqual([]);
    expect(theirs.slices.map((s) => s!.cdhash)).toEqual(sealed.slices.map((s) => s.cdhash));
    for (const s of await slicesOf(join(app, 'Contents', 'MacOS', 'hello'))) expect(opensslVerify(s.cms, s.cd, `app-${s.arch}`)).toBe(true);
    const cr = await readFile(join(app, 'Contents', '_CodeSignature', 'CodeResources'), 'utf8');
    expect(cr).toContain(
      `<string>identifier "helper" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = ${TEAM_ID}</string>`,
    );
    // Entitlements: XML (slot 5) and DER (slot 7) blobs are bound.
    const main = parseEmbeddedSignature(
      await slicesOf(join(app, 'Contents', 'MacOS', 'hello')).then(async (x) => (await readFile(join(app, 'Contents', 'MacOS', 'hello'))).subarray(x[0].sigAt)),
    );
    expect(main.blobs.map((b) => b.type)).toEqual([0, 2, 5, 7, 0x10000]);
    expect(main.codeDirectories[0].nSpecialSlots).toBe(7);
    // Secrets: nothing in the private temp folder (slices only, removed), in the bundle, or in the report.
    expect(await readdir(privateTmp)).toEqual([]);
    // grep exits 1 when nothing matches (2 would be an error): neither the password nor a line of the key anywhere.
    const grep = spawnSync('grep', ['-rlaF', '-e', pki.password, '-e', pki.keyPem.split('\n')[1], app, root], { encoding: 'utf8' });
    expect(grep.stdout).toContain(join(pki.dir, 'pass.txt')); // the search works: it finds the fixture's own copy
    expect(grep.stdout.split('\n').filter((l) => l && !l.startsWith(pki.dir))).toEqual([]);
    expect(JSON.stringify(report)).not.toContain(pki.password);
  }, 60_000);

  test('entitlements: DER form as Apple encodes it; a real number or data is refused in one line', () => {
    // The empty dictionary as a published encoder (apple-platform-rs) encodes it: 70 05 02 01 01 b0 00.
    expect(entitlementsToDer(Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict/>\n</plist>\n')).toString('hex')).toBe(
      '7005020101b000',
    );
    const der = entitlementsToDer(Buffer.from(ENTITLEMENTS));
    // [APPLICATION 16] { INTEGER 1, [16] { SEQUENCE { UTF8String key, BOOLEAN true } ... } }
    expect(der.subarray(0, 2).toString('hex')).toBe('70' + (der.length - 2).toString(16).padStart(2, '0'));
    expect(der.subarray(2, 5).toString('hex')).toBe('020101');
    expect(der[5]).toBe(0xb0);
    expect(der.includes(Buffer.from('0c1f636f6d2e6170706c652e73656375726974792e63732e616c6c6f772d6a69740101ff', 'hex'))).toBe(true);
    expect(() => entitlementsToDer(Buffer.from(ENTITLEMENTS.replace('<true/>', '<real>1.5</real>')))).toThrow(
      /^input "macos-entitlements": entitlements\.com\.apple\.security\.cs\.allow-jit is a real; entitlements hold booleans/,
    );
    expect(() => entitlementsToDer(Buffer.from('<plist><array/></plist>'))).toThrow(/^input "macos-entitlements": not an XML property list with a dictionary/);
  });
});
