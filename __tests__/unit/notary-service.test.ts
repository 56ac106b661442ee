/**
 * Notarization and stapling of a real sealed universal .app (Go hello for darwin amd64 + arm64,
 * merged by our lipo, sealed ad hoc) against the loopback notary service, storage and ticket
 * service of __tests__/helpers/notary-server.ts, which checks the JWT (ES256 against the test
 * public key) and the upload's SigV4 with an independent (Python) implementation.
 *
 * Cases: accepted + stapled (the ticket at Contents/CodeResources, the seal still verifies, the
 * record is the first slice's cdhash as an independent check computes it); rejected with a log
 * (the findings appear, one line each); slow (several polls, back-off observed in the server's
 * arrival times); a time-out bounded by a small max wait (names the submission and how to check
 * it later); 429 with Retry-After honoured; a storage bucket that would lead elsewhere and a
 * storage redirect (both refused, nothing sent elsewhere); a hostile log (control characters,
 * ::workflow commands) printed safely; and the secrets (the .p8 key, every JWT, the AWS secret
 * and session token) grepped for in every log line, error, and file left behind.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile, lstat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sealBundle } from '../../src/macho/bundle-sign.js';
import { verifyBundle } from '../../src/macho/bundle-verify.js';
import { createUniversal } from '../../src/macho/create.js';
import { notarizeApp, type NotarizeOptions } from '../../src/notary/notarize.js';
import { parseNotaryInputs, type NotaryCredentials } from '../../src/notary/inputs.js';
import { stapleTicket, ticketRecord } from '../../src/notary/ticket.js';
import { logText } from '../../src/system/escape.js';
import { buildGoHello } from '../helpers/macho-go.js';
import { notaryLog, startNotaryServer, type NotaryScenario, type NotaryServer } from '../helpers/notary-server.js';

const run = promisify(execFile);
const CHECK_PY = join(process.cwd(), '__tests__', 'helpers', 'macos-seal-check.py');
const KEY_ID = 'ABCDE12345';
const ISSUER = '57246542-96fe-1a63-e053-0824d011072a';
const INFO_PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleExecutable</key>
	<string>hello</string>
	<key>CFBundleIdentifier</key>
	<string>com.example.notary</string>
	<key>CFBundlePackageType</key>
	<string>APPL</string>
</dict>
</plist>
`;

let work: string;
let sealed: string;
let recordName: string;
/** A thin (arm64) sealed app: the cases that are about the protocol, not the binary, zip half as much. */
let thin: string;
let thinRecord: string;
let pem: string;
let publicKey: KeyObject;
let creds: NotaryCredentials;
const servers: NotaryServer[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gfa-notary-'));
  const hello = await buildGoHello(join(work, 'go'));
  sealed = join(work, 'template', 'Hello.app');
  await mkdir(join(sealed, 'Contents', 'MacOS'), { recursive: true });
  await mkdir(join(sealed, 'Contents', 'Resources'), { recursive: true });
  await createUniversal({ inputs: [hello.amd64, hello.arm64], output: join(sealed, 'Contents', 'MacOS', 'hello') });
  await writeFile(join(sealed, 'Contents', 'Info.plist'), INFO_PLIST);
  await writeFile(join(sealed, 'Contents', 'Resources', 'readme.txt'), 'hello\n');
  await sealBundle(sealed);
  // The record as an independent check computes it: the first slice's cdhash (macos-seal-check.py).
  const { stdout } = await run('python3', [CHECK_PY, sealed]);
  const report = JSON.parse(stdout) as { ok: boolean; slices: { cdhash: string }[] };
  expect(report.ok).toBe(true);
  recordName = `2/2/${report.slices[0].cdhash}`;
  thin = join(work, 'thin', 'Hello.app');
  await cp(sealed, thin, { recursive: true });
  await copyFile(hello.arm64, join(thin, 'Contents', 'MacOS', 'hello'));
  await sealBundle(thin);
  const thinReport = JSON.parse((await run('python3', [CHECK_PY, thin])).stdout) as { ok: boolean; slices: { cdhash: string }[] };
  expect(thinReport.ok).toBe(true);
  thinRecord = `2/2/${thinReport.slices[0].cdhash}`;
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  publicKey = pair.publicKey;
  creds = parseNotaryInputs({ key: pem, keyId: KEY_ID, issuer: ISSUER })!;
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

interface Run {
  app: string;
  server: NotaryServer;
  lines: string[];
  masked: string[];
  error?: Error;
  temp: string;
}

let n = 0;
/** A fresh copy of the sealed app, a server for the scenario, and notarizeApp with short waits. */
async function notarize(scenario: NotaryScenario, extra: Partial<NotarizeOptions> = {}, universal = false): Promise<Run> {
  const app = join(work, `run-${++n}`, 'Hello.app');
  await cp(universal ? sealed : thin, app, { recursive: true, verbatimSymlinks: true });
  const server = await startNotaryServer({
    publicKey,
    keyId: KEY_ID,
    issuer: ISSUER,
    scenario: { tickets: [universal ? recordName : thinRecord], ...scenario },
  });
  servers.push(server);
  const temp = await mkdtemp(join(work, `temp-${n}-`));
  const lines: string[] = [];
  const masked: string[] = [];
  const r: Run = { app, server, lines, masked, temp };
  try {
    await notarizeApp(app, {
      credentials: creds,
      endpoints: server.endpoints,
      poll: { initialDelayMs: 10, maxDelayMs: 40, factor: 2, maxWaitMs: 10_000 },
      tempDir: temp,
      log: { info: (m) => lines.push(`info ${m}`), warning: (m) => lines.push(`warning ${m}`), error: (m) => lines.push(`error ${m}`) },
      secret: (v) => masked.push(v),
      timeoutMs: 5_000,
      ...extra,
    });
  } catch (err) {
    r.error = err as Error;
  }
  return r;
}

/** Every file under `dir` (contents), for the secrets grep. */
async function allFiles(dir: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name);
    if (e.isFile()) out.push(await readFile(p));
  }
  return out;
}

/** No secret in any log line, the error, or any file under the app and the temp folder; the temp folder is empty. */
async function expectNoSecrets(r: Run): Promise<void> {
  const pemBody = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
  const secrets = [
    ...pemBody,
    pem.replace(/\s+/g, ''),
    Buffer.from(pem).toString('base64'),
    ...r.server.tokens,
    r.server.issued.secretAccessKey,
    r.server.issued.sessionToken,
  ];
  expect(secrets.length).toBeGreaterThan(4);
  const texts = [...r.lines, r.error?.message ?? '', r.error?.stack ?? ''];
  const files = [...(await allFiles(r.app)), ...(await allFiles(r.temp))];
  for (const s of secrets) {
    for (const t of texts) expect(t.includes(s)).toBe(false);
    for (const f of files) expect(f.includes(Buffer.from(s))).toBe(false);
  }
  expect(await readdir(r.temp)).toEqual([]);
  // What was handed out is what the runtime was told to mask.
  for (const t of r.server.tokens) expect(r.masked).toContain(t);
  if (r.server.requests.some((q) => q.method === 'PUT')) {
    expect(r.masked).toContain(r.server.issued.secretAccessKey);
    expect(r.masked).toContain(r.server.issued.sessionToken);
  }
}

const routes = (s: NotaryServer) =>
  s.requests.map(
    (q) =>
      `${q.method} ${q.path
        .replace(/\/[0-9a-f-]{36}/g, '/<id>')
        .replace(/\?.*$/, '')
        .replace(/\/s3\/.*$/, '/s3/<object>')}`,
  );

test('accepted: submits, uploads (SigV4 checked by Python), polls, staples the ticket into Contents/CodeResources', async () => {
  const r = await notarize({ polls: 2 }, {}, true);
  expect(r.error).toBeUndefined();
  expect(r.server.requests.flatMap((q) => q.problems)).toEqual([]);
  expect(routes(r.server)).toEqual([
    'POST /notary/v2/submissions',
    'PUT /s3/<object>',
    'GET /notary/v2/submissions/<id>',
    'GET /notary/v2/submissions/<id>',
    'GET /notary/v2/submissions/<id>',
    'POST /tickets/lookup',
  ]);
  // The upload is the .app zip: unzip lists the bundle.
  const [upload] = [...r.server.uploads.values()];
  const zipFile = join(work, `upload-${n}.zip`);
  await writeFile(zipFile, upload);
  const { stdout } = await run('unzip', ['-Z1', zipFile]);
  expect(stdout.split('\n')).toEqual(
    expect.arrayContaining(['Hello.app/', 'Hello.app/Contents/MacOS/hello', 'Hello.app/Contents/_CodeSignature/CodeResources']),
  );
  // The ticket is where stapler puts it, byte for byte, and the seal still verifies.
  const ticket = await readFile(join(r.app, 'Contents', 'CodeResources'));
  expect(ticket.equals(r.server.ticketsServed[0])).toBe(true);
  expect(ticket.subarray(0, 4).toString()).toBe('s8ch');
  const lookup = r.server.requests.find((q) => q.path === '/tickets/lookup')!;
  expect(lookup.headers.authorization).toBeUndefined();
  const report = await verifyBundle(r.app);
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
  expect(r.lines.some((l) => l.includes(recordName.slice(4)))).toBe(true);
  // Credentials went only where they belong.
  for (const q of r.server.requests) {
    if (q.path.startsWith('/notary/v2/')) expect(String(q.headers.authorization)).toMatch(/^Bearer /);
    else if (q.method === 'PUT') expect(String(q.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 /);
    else expect(q.headers.authorization).toBeUndefined();
    if (q.method !== 'PUT') expect(q.headers['x-amz-security-token']).toBeUndefined();
  }
  await expectNoSecrets(r);
}, 60_000);

test('rejected: the log is fetched without a credential and its findings fail the run, one line each', async () => {
  const issues = [
    {
      severity: 'error',
      code: null,
      path: 'Hello.app.zip/Hello.app/Contents/MacOS/hello',
      message: 'The binary is not signed with a valid Developer ID certificate.',
      docUrl: 'https://developer.apple.com/x',
      architecture: 'x86_64',
    },
    {
      severity: 'error',
      code: null,
      path: 'Hello.app.zip/Hello.app/Contents/MacOS/hello',
      message: 'The executable does not have the hardened runtime enabled.',
      architecture: 'arm64',
    },
  ];
  const r = await notarize({ polls: 1, verdict: 'Invalid', log: notaryLog('x', 'Invalid', issues) });
  expect(r.error?.name).toBe('UserError');
  expect(r.error?.message).toMatch(
    /^notarization of Hello\.app: Apple's verdict is Invalid \(submission [0-9a-f-]{36}\): Archive contains critical validation errors; 2 issues in its log \(listed above; first: error: /,
  );
  expect(r.error?.message.split('\n')).toHaveLength(1);
  const errors = r.lines.filter((l) => l.startsWith('error '));
  expect(errors).toEqual([
    'error error: Hello.app.zip/Hello.app/Contents/MacOS/hello (x86_64): The binary is not signed with a valid Developer ID certificate. [https://developer.apple.com/x]',
    'error error: Hello.app.zip/Hello.app/Contents/MacOS/hello (arm64): The executable does not have the hardened runtime enabled.',
  ]);
  expect(routes(r.server)).toEqual([
    'POST /notary/v2/submissions',
    'PUT /s3/<object>',
    'GET /notary/v2/submissions/<id>',
    'GET /notary/v2/submissions/<id>',
    'GET /notary/v2/submissions/<id>/logs',
    'GET /logs/<id>.json',
  ]);
  expect(r.server.requests.flatMap((q) => q.problems)).toEqual([]);
  await expect(lstat(join(r.app, 'Contents', 'CodeResources'))).rejects.toThrow(/ENOENT/);
  await expectNoSecrets(r);
}, 60_000);

test('a hostile log: control characters, ::workflow commands and ##[ in findings are printed as text, one line each', async () => {
  const issues = [
    {
      severity: 'error\n::error::forged',
      path: 'a\r\n::set-output name=x::y',
      message: 'm1\u001b[31mred\u0007\n::add-mask::oops\n##[error]old form',
      architecture: 'x\u202e',
    },
    { severity: '::warning::sev', message: '::stop-commands::token' },
    { severity: 'error', message: 'echoed: Bearer {token} and {secret}' },
  ];
  const r = await notarize({ verdict: 'Rejected', log: notaryLog('x', 'Rejected', issues) });
  expect(r.error?.message).toMatch(/verdict is Rejected/);
  const all = [...r.lines, r.error?.message ?? ''];
  for (const l of all) {
    // eslint-disable-next-line no-control-regex -- what must not be printed raw
    expect(l).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
    for (const sub of l.split('\n')) expect(sub.trimStart().startsWith('::')).toBe(false);
    expect(l).not.toContain('##[');
  }
  const errors = r.lines.filter((l) => l.startsWith('error '));
  expect(errors).toHaveLength(3);
  for (const e of errors) expect(e.split('\n')).toHaveLength(1);
  expect(errors[2]).toBe('error error: echoed: Bearer *** and ***');
  expect(errors[0]).toContain('\\x1b[31mred\\x07');
  // Printing them through the runtime's escaper changes nothing more: they are already safe.
  for (const e of errors) expect(logText(e)).toBe(e);
  await expectNoSecrets(r);
}, 60_000);

test('slow: several polls, the waits grow (back-off) and are capped, as the server saw them arrive', async () => {
  const r = await notarize({ polls: 6 });
  expect(r.error).toBeUndefined();
  const polls = r.server.requests.filter((q) => q.method === 'GET');
  expect(polls).toHaveLength(7);
  const planned = r.lines.filter((l) => l.includes('next check in')).map((l) => Number(/next check in (\d+) ms/.exec(l)![1]));
  expect(planned).toEqual([10, 20, 40, 40, 40, 40]);
  // Each check arrived no sooner than the wait planned before it (a lower bound: sleeping never ends early).
  for (let i = 1; i < polls.length; i++) expect(polls[i].at - polls[i - 1].at).toBeGreaterThanOrEqual(planned[i - 1] - 1);
}, 60_000);

test('time-out: bounded by the max wait; one line names the submission and how to check it later', async () => {
  const r = await notarize({ verdict: 'never' }, { poll: { initialDelayMs: 10, maxDelayMs: 20, factor: 2, maxWaitMs: 150 } });
  expect(r.error?.name).toBe('UserError');
  const id = /submission ([0-9a-f-]{36})/.exec(r.error!.message)![1];
  expect(r.error?.message).toBe(
    `notarization of Hello.app: no verdict from Apple within 150 ms (submission ${id}, last status In Progress); it goes on at Apple: check it later with \`xcrun notarytool info ${id}\` (or GET ${r.server.endpoints.api}/submissions/${id}) and staple the ticket once it is Accepted`,
  );
  const polls = r.server.requests.filter((q) => q.method === 'GET').length;
  expect(polls).toBeGreaterThanOrEqual(2);
  expect(polls).toBeLessThanOrEqual(16); // 150 ms at >= 10 ms a wait
  await expectNoSecrets(r);
}, 60_000);

test('429 with Retry-After: the next check waits at least that long, then goes on', async () => {
  const r = await notarize(
    { polls: 1, throttle: { count: 1, retryAfter: '1' } },
    { poll: { initialDelayMs: 10, maxDelayMs: 40, factor: 2, maxWaitMs: 10_000 } },
  );
  expect(r.error).toBeUndefined();
  const polls = r.server.requests.filter((q) => q.method === 'GET');
  expect(polls.map((q) => q.status)).toEqual([429, 200, 200]);
  expect(r.lines.filter((l) => /answered 429, retry after 1 s/.test(l))).toHaveLength(1);
  // 1 s from Retry-After, where the back-off alone would have waited 10 ms; then the back-off again.
  expect(r.lines.filter((l) => l.includes('next check in'))).toEqual([
    expect.stringContaining('next check in 1 s'),
    expect.stringContaining('next check in 20 ms'),
  ]);
  expect(polls[1].at - polls[0].at).toBeGreaterThanOrEqual(999);
}, 60_000);

test('a Retry-After past the max wait is cut to it: the run still ends at its bound', async () => {
  const r = await notarize(
    { verdict: 'never', throttle: { count: 100, retryAfter: '86400' } },
    { poll: { initialDelayMs: 10, maxDelayMs: 20, factor: 2, maxWaitMs: 100 } },
  );
  expect(r.error?.message).toMatch(/no verdict from Apple within 100 ms/);
  expect(r.server.requests.filter((q) => q.method === 'GET').length).toBeLessThanOrEqual(3);
}, 60_000);

async function elsewhere(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const s: Server = createServer((_req, res) => {
    hits++;
    res.end('ok');
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/steal`,
    hits: () => hits,
    close: () => new Promise<void>((r) => s.close(() => r())),
  };
}

test('a storage bucket that would lead elsewhere is refused before anything is uploaded', async () => {
  for (const bucket of ['evil.example.com:1@127.0.0.1', 'a/../../notary/v2', '127.0.0.1']) {
    const r = await notarize({ bucket });
    expect(r.error?.message).toMatch(/^the notary service named the storage bucket .* which (is not an S3 bucket name|is an IP address)/);
    expect(r.server.requests.map((q) => q.method)).toEqual(['POST']);
    await expectNoSecrets(r);
  }
  const key = await notarize({ object: '../../notary/v2/submissions' });
  expect(key.error?.message).toMatch(/storage key .* has a leading \/ or a \. or \.\. segment; refusing to upload/);
}, 60_000);

test('a storage redirect is not followed: the upload and its credentials go to the named bucket only', async () => {
  const other = await elsewhere();
  try {
    const r = await notarize({ redirectUploadTo: other.url });
    expect(r.error?.message).toMatch(/^notary upload: the storage at 127\.0\.0\.1:\d+ answered 307 \(a redirect to 127\.0\.0\.1:\d+\); .* refused$/);
    expect(other.hits()).toBe(0);
    expect(r.server.requests.map((q) => q.method)).toEqual(['POST', 'PUT']);
    await expectNoSecrets(r);
  } finally {
    await other.close();
  }
}, 60_000);

test('a stapling target that is a link is replaced, never followed', async () => {
  const outside = join(work, 'outside.txt');
  await writeFile(outside, 'untouched');
  const app = join(work, 'linked', 'Hello.app');
  await cp(sealed, app, { recursive: true });
  const record = await ticketRecord(app);
  expect(record.recordName).toBe(recordName);
  await symlink(outside, join(app, 'Contents', 'CodeResources'));
  const ticket = Buffer.concat([Buffer.from('s8ch'), Buffer.alloc(100, 1)]);
  await stapleTicket(app, ticket, record);
  expect(await readFile(outside, 'utf8')).toBe('untouched');
  expect((await lstat(join(app, 'Contents', 'CodeResources'))).isFile()).toBe(true);
  expect((await readFile(join(app, 'Contents', 'CodeResources'))).equals(ticket)).toBe(true);
  // Not a ticket: refused, nothing written.
  await expect(stapleTicket(app, Buffer.from('<plist>not a ticket</plist>'), record)).rejects.toThrow(/no s8ch magic/);
  expect((await readFile(join(app, 'Contents', 'CodeResources'))).equals(ticket)).toBe(true);
});

test('an unsigned app is refused before anything is sent', async () => {
  const app = join(work, 'unsigned', 'Hello.app');
  await mkdir(join(app, 'Contents', 'MacOS'), { recursive: true });
  await writeFile(join(app, 'Contents', 'Info.plist'), INFO_PLIST);
  const hello = join(work, 'go', 'hello-amd64'); // Go leaves darwin/amd64 unsigned
  await copyFile(hello, join(app, 'Contents', 'MacOS', 'hello'));
  const server = await startNotaryServer({ publicKey, keyId: KEY_ID, issuer: ISSUER, scenario: {} });
  servers.push(server);
  await expect(
    notarizeApp(app, { credentials: creds, endpoints: server.endpoints, log: { info: () => undefined, warning: () => undefined, error: () => undefined } }),
  ).rejects.toThrow(/hello \(x86_64\) is not signed; sign the \.app before notarizing it/);
  expect(server.requests).toEqual([]);
}, 60_000);

test('a key the service does not know: one line, no retry storm, nothing uploaded', async () => {
  const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const r = await notarize({}, { credentials: parseNotaryInputs({ key: other, keyId: KEY_ID, issuer: ISSUER })! });
  expect(r.error?.message).toMatch(
    /^notary submission: the notary service refused the API key \(401: Authentication credentials are missing or invalid\.\); check notary-key, notary-key-id and notary-issuer/,
  );
  expect(r.server.requests.map((q) => q.method)).toEqual(['POST']);
}, 60_000);
