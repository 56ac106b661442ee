/**
 * Issue 22 part 3, through the bundled action on Linux: a universal .app (pure-Go darwin binaries
 * given as universal-inputs, fyne-package: true, as app-zip.test.ts) signed with a Developer ID
 * identity from a throwaway CA (__tests__/helpers/devid-pki.ts), timestamped by a loopback RFC 3161
 * server, notarized by the loopback notary, storage and ticket services
 * (__tests__/helpers/notary-server.ts, reached through GO_FYNE_ACTION_NOTARY_URL,
 * GO_FYNE_ACTION_NOTARY_STORAGE_URL and GO_FYNE_ACTION_TICKET_URL), and released as
 * <name>_<version>_darwin_universal.app.zip with the ticket stapled.
 *
 * Checked from the released zip, unpacked by Info-ZIP unzip: each slice's CMS verifies with
 * `openssl cms -verify` over its CodeDirectory against the test root; our verifier and the
 * independent Python check (macos-seal-check.py --ticket) accept the bundle and agree on the
 * cdhashes; the ticket the action asked for is the main executable's record. A rejected
 * submission fails the run with the log's findings; a wrong password fails before anything is
 * built. No secret (the .p12's base64 lines, its password, the .p8's lines, the JWTs the server
 * saw, the storage secret and session token) is in the log, an output, a file under output-dir,
 * the report or the runner's temp folder, or in the environment of a child process (recorded
 * through GOFLAGS=-toolexec, as canary.test.ts does).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactJSON } from '../../src/artifacts/registry.js';
import { verifyBundle } from '../../src/macho/bundle-verify.js';
import { parseEmbeddedSignature } from '../../src/macho/codesign.js';
import { readMachO } from '../../src/macho/read.js';
import { makePki, startTsa, type Tsa } from '../helpers/authenticode.js';
import { offlineGoEnv } from '../helpers/build-env.js';
import { makeDevIdPki, TEAM_ID, type DevIdPki } from '../helpers/devid-pki.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { buildGoHello } from '../helpers/macho-go.js';
import { notaryLog, startNotaryServer, type NotaryScenario, type NotaryServer } from '../helpers/notary-server.js';
import { newRunner, ROOT, runStep, type Runner, type StepResult } from '../helpers/runner.js';
import { requireTools } from '../helpers/tools.js';

const ZIP = 'Hello-Fyne_1.2.3_darwin_universal.app.zip';
const KEY_ID = 'ABCDE12345';
const ISSUER = '57246542-96fe-1a63-e053-0824d011072a';

let mirror: Mirror;
let runner: Runner;
let env: Record<string, string>;
let pki: DevIdPki;
let tsa: Tsa;
let p8: string;
let publicKey: KeyObject;
let app: string;
let recordDir: string;
/** Record names the ticket service was asked for (the scenario's `tickets` list answers every one and keeps it). */
let asked: string[];

/** A ticket list that holds whatever is asked, and remembers what was. */
function anyTicket(): string[] {
  const list: string[] = [];
  return Object.assign(list, {
    includes: (name: string) => {
      asked.push(name);
      return true;
    },
  });
}

beforeAll(async () => {
  requireTools('openssl', 'python3', 'unzip');
  mirror = await startMirror();
  runner = newRunner('macos-devid', { preinstalledGo: true });
  pki = makeDevIdPki(join(runner.dir, 'pki'));
  tsa = await startTsa(makePki(join(runner.dir, 'tsa')));
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  p8 = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  publicKey = pair.publicKey;
  app = join(runner.dir, 'hello-fyne-app');
  cpSync(join(ROOT, 'examples/hello-fyne'), app, { recursive: true });
  writeFileSync(join(app, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n');
  writeFileSync(
    join(app, 'app.entitlements'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>com.apple.security.cs.allow-jit</key><true/></dict></plist>\n',
  );
  mkdirSync(join(app, 'bins'));
  const hello = await buildGoHello(mkdtempSync(join(runner.dir, 'darwin-')));
  cpSync(hello.amd64, join(app, 'bins', 'Hello-Fyne_darwin_amd64'));
  cpSync(hello.arm64, join(app, 'bins', 'Hello-Fyne_darwin_arm64'));
  // Every process `go build` starts is recorded with the environment it got (the action's child environment, passed on).
  recordDir = join(runner.dir, 'recorded');
  mkdirSync(recordDir);
  const toolexec = join(runner.dir, 'toolexec');
  writeFileSync(toolexec, `#!/bin/sh\ncat /proc/$$/environ > "${recordDir}/toolexec.$$.$(date +%s%N).env"\nexec "$@"\n`);
  chmodSync(toolexec, 0o755);
  const go = offlineGoEnv(mirror.url);
  env = { ...go, GOFLAGS: `${go.GOFLAGS} -toolexec=${toolexec}` };
}, 300_000);
afterAll(async () => {
  await mirror.close();
  await tsa.close();
});

async function run(scenario: NotaryScenario, over: Record<string, string> = {}): Promise<{ r: StepResult; out: string; server: NotaryServer }> {
  asked = [];
  const server = await startNotaryServer({ publicKey, keyId: KEY_ID, issuer: ISSUER, scenario });
  const out = mkdtempSync(join(app, 'out-'));
  try {
    const r = await runStep(runner, {
      inputs: {
        'go-version': mirror.version,
        'working-directory': app,
        targets: 'linux/amd64',
        'universal-inputs': 'bins/Hello-Fyne_darwin_*',
        'fyne-package': 'true',
        'app-version': '1.2.3',
        archive: 'none',
        cache: 'false',
        'output-dir': out,
        report: join(out, 'report.json'),
        'macos-certificate': pki.p12Base64.replace(/(.{64})/g, '$1\n'), // as a wrapped secret is pasted
        'macos-certificate-password': pki.password,
        'macos-entitlements': 'app.entitlements',
        'macos-timestamp-url': tsa.url,
        'notary-key': p8,
        'notary-key-id': KEY_ID,
        'notary-issuer': ISSUER,
        'notary-timeout': '1',
        ...over,
      },
      env: {
        ...env,
        GO_FYNE_ACTION_NOTARY_URL: server.endpoints.api,
        GO_FYNE_ACTION_NOTARY_STORAGE_URL: server.endpoints.storage,
        GO_FYNE_ACTION_TICKET_URL: server.endpoints.tickets,
      },
      cwd: app,
      timeoutMs: 10 * 60_000,
    });
    return { r, out, server };
  } finally {
    await server.close();
  }
}

/** Every secret of the run, in every form that could leak. */
function secrets(server: NotaryServer): string[] {
  return [
    ...pki.p12Base64.match(/.{1,64}/g)!.filter((l) => l.length >= 16),
    pki.password,
    ...p8.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----')),
    ...server.tokens,
    server.issued.secretAccessKey,
    server.issued.sessionToken,
  ];
}

/** The log without the ::add-mask:: commands (the runner takes those in and never shows them: they are how the values are masked). */
const logOf = (r: StepResult): string =>
  r.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');

/** Where any of `values` shows: the log, the outputs, the files under the folders, the recorded child environments. */
function leaks(r: StepResult, values: string[], dirs: string[]): string[] {
  const found: string[] = [];
  const text = [logOf(r), r.stderr, JSON.stringify(r.outputs), JSON.stringify(r.env), r.summary].join('\n');
  for (const v of values) if (text.includes(v)) found.push(`log/outputs: ${v.slice(0, 12)}...`);
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    const g = spawnSync('grep', ['-rlaF', ...values.flatMap((v) => ['-e', v]), d], { encoding: 'utf8' });
    if (g.status === 2) throw new Error(`grep failed: ${g.stderr}`);
    found.push(...g.stdout.split('\n').filter(Boolean));
  }
  return found;
}

const sh = (cmd: string, args: string[], opts: { cwd?: string } = {}) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });

describe('accepted: a signed, timestamped, notarized and stapled universal .app in the released zip', () => {
  let r: StepResult;
  let out: string;
  let server: NotaryServer;
  let bundle: string;
  beforeAll(async () => {
    ({ r, out, server } = await run({ polls: 1, tickets: anyTicket() }));
    if (r.code !== 0) throw new Error(`the action failed (${r.code}): ${r.errors.join('\n')}\n${r.stdout.slice(-4000)}`);
    const dest = mkdtempSync(join(runner.dir, 'unzip-'));
    sh('unzip', ['-q', join(out, ZIP), '-d', dest]);
    bundle = join(dest, 'Hello Fyne.app');
  }, 10 * 60_000);

  test('the artifacts output: the .app signed developer-id and notarized; the zip released; the server saw one clean submission', () => {
    expect(r.errors).toEqual([]);
    const arts = JSON.parse(r.outputs['artifacts']) as ArtifactJSON[];
    expect(arts.find((a) => a.kind === 'app')).toMatchObject({ target: 'darwin/universal', signed: 'developer-id', notarized: true });
    expect(arts.find((a) => a.path === join(out, ZIP))).toMatchObject({ kind: 'archive', target: 'darwin/universal' });
    expect(server.requests.flatMap((q) => q.problems)).toEqual([]);
    expect(server.requests.filter((q) => q.method === 'POST' && q.path === '/notary/v2/submissions')).toHaveLength(1);
    expect(server.ticketsServed.length).toBeGreaterThan(0);
    expect(tsa.requests).toBeGreaterThanOrEqual(2); // one timestamp per slice
    expect(r.stdout).toMatch(/notarized \(submission [0-9a-f-]+, 2 status check\(s\)\), ticket stapled/);
  });

  test('each slice: openssl cms -verify over its CodeDirectory against the test root', async () => {
    const exe = join(bundle, 'Contents', 'MacOS', 'Hello-Fyne');
    const bytes = readFileSync(exe);
    const file = await readMachO(exe);
    expect(file.slices).toHaveLength(2);
    for (const [i, s] of file.slices.entries()) {
      const lc = s.header.codeSignature!;
      const sig = parseEmbeddedSignature(bytes.subarray(s.offset + lc.dataoff, s.offset + lc.dataoff + lc.datasize));
      const cms = sig.blobs.find((b) => b.type === 0x10000)!;
      const cmsFile = join(runner.dir, `slice${i}.cms`);
      const cdFile = join(runner.dir, `slice${i}.cd`);
      writeFileSync(cmsFile, sig.bytes.subarray(cms.offset + 8, cms.offset + cms.length));
      writeFileSync(cdFile, sig.codeDirectories[0].bytes);
      const v = spawnSync(
        'openssl',
        ['cms', '-verify', '-inform', 'DER', '-in', cmsFile, '-binary', '-content', cdFile, '-CAfile', pki.caPem, '-purpose', 'any', '-out', '/dev/null'],
        { encoding: 'utf8' },
      );
      expect(`${v.status} ${v.stderr.trim()}`).toBe('0 CMS Verification successful');
    }
  });

  test("our verifier and the Python check (ticket required) accept it and agree on the cdhashes; the ticket asked for is the executable's record", async () => {
    const ours = await verifyBundle(bundle, { developerId: { anchors: [readFileSync(pki.caPem, 'utf8')], requireTimestamp: true } });
    expect(ours.problems).toEqual([]);
    expect(ours.ok).toBe(true);
    const theirs = JSON.parse(sh('python3', [join(ROOT, '__tests__/helpers/macos-seal-check.py'), '--ticket', bundle])) as {
      ok: boolean;
      problems: string[];
      slices: { cdhash: string; cdhashes: string[]; cmsCdhashes: string[]; team: string }[];
    };
    expect(theirs.problems).toEqual([]);
    expect(theirs.ok).toBe(true);
    expect(theirs.slices.map((s) => s.cdhash)).toEqual(ours.executable.slices.map((s) => s.cdhash));
    for (const s of ours.executable.slices) expect(s.teamId).toBe(TEAM_ID);
    expect(theirs.slices.map((s) => s.cmsCdhashes)).toEqual(theirs.slices.map((s) => s.cdhashes));
    for (const s of theirs.slices) expect(s.team).toBe(TEAM_ID);
    expect(
      readFileSync(join(bundle, 'Contents', 'CodeResources'))
        .subarray(0, 4)
        .toString('latin1'),
    ).toBe('s8ch');
    expect(asked).toHaveLength(1);
    expect(theirs.slices.flatMap((s) => s.cdhashes)).toContain(asked[0].split('/')[2]);
  });

  test('no secret in the log, outputs, output-dir, report, temp folder, or any child environment', () => {
    const values = secrets(server);
    expect(server.tokens.length).toBeGreaterThan(0);
    const recorded = readdirSync(recordDir);
    expect(recorded.length).toBeGreaterThan(0); // go build's children were recorded
    expect(leaks(r, values, [out, runner.temp, recordDir])).toEqual([]);
    for (const f of recorded) expect(readFileSync(join(recordDir, f), 'utf8')).not.toMatch(/INPUT_MACOS|INPUT_NOTARY/);
  });
});

test(
  "rejected: the run fails with the log's findings, nothing is stapled, no secret shows",
  async () => {
    const issues = [
      {
        severity: 'error',
        path: 'Hello Fyne.app/Contents/MacOS/Hello-Fyne',
        message: 'The binary is not signed with a valid Developer ID certificate.',
        architecture: 'x86_64',
      },
    ];
    const { r, out, server } = await run({ verdict: 'Rejected', log: notaryLog('x', 'Rejected', issues) });
    expect(r.code).not.toBe(0);
    expect(server.requests.filter((q) => q.method === 'POST' && q.path === '/notary/v2/submissions')).toHaveLength(1); // it was submitted
    expect(r.stdout).toContain('The binary is not signed with a valid Developer ID certificate.');
    expect(r.errors.join('\n')).toMatch(/Rejected/);
    expect(existsSync(join(out, ZIP))).toBe(false); // the release step never ran
    expect(existsSync(join(out, 'Hello Fyne.app', 'Contents', 'CodeResources'))).toBe(false);
    expect(leaks(r, secrets(server), [out, runner.temp])).toEqual([]);
  },
  10 * 60_000,
);

test(
  'a wrong password fails before anything is built: one line naming the input, no password, no request',
  async () => {
    const { r, out, server } = await run({}, { 'macos-certificate-password': 'not the password' });
    expect(r.code).not.toBe(0);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/input "macos-certificate-password".*does not open macos-certificate/);
    expect(r.errors[0]).not.toContain('not the password');
    expect(logOf(r)).not.toContain('not the password');
    expect(r.stdout).toContain('::add-mask::not the password'); // masked from the first line
    expect(server.requests).toEqual([]);
    expect(readdirSync(out)).toEqual([]);
    expect(r.stdout).not.toMatch(/Install Go|Build/);
  },
  5 * 60_000,
);

test(
  "fan-in: the universal .app made from a job's files is signed with the Developer ID, notarized and stapled before it is zipped",
  async () => {
    // The build job: the universal binary from universal-inputs, no package (the fan-in makes the .app).
    const jobOut = join(app, 'jobs', 'mac');
    const job = await runStep(runner, {
      inputs: {
        'go-version': mirror.version,
        'working-directory': app,
        targets: 'linux/amd64',
        'universal-inputs': 'bins/Hello-Fyne_darwin_*',
        'app-version': '1.2.3',
        cache: 'false',
        'output-dir': jobOut,
      },
      env: { ...env, GITHUB_JOB: 'mac' },
      cwd: app,
      timeoutMs: 10 * 60_000,
    });
    expect(job.errors).toEqual([]);
    const { r, out, server } = await run({ tickets: anyTicket() }, { targets: '', 'universal-inputs': '', 'release-inputs': 'jobs/*' });
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const arts = JSON.parse(r.outputs['artifacts']) as ArtifactJSON[];
    expect(arts.find((a) => a.kind === 'app')).toMatchObject({ target: 'darwin/universal', signed: 'developer-id', notarized: true });
    const dest = mkdtempSync(join(runner.dir, 'fanin-unzip-'));
    sh('unzip', ['-q', join(out, ZIP), '-d', dest]);
    const check = JSON.parse(sh('python3', [join(ROOT, '__tests__/helpers/macos-seal-check.py'), '--ticket', join(dest, 'Hello Fyne.app')])) as {
      ok: boolean;
      problems: string[];
    };
    expect(check.problems).toEqual([]);
    expect(asked).toHaveLength(1);
    expect(leaks(r, secrets(server), [out, runner.temp])).toEqual([]);
  },
  10 * 60_000,
);
