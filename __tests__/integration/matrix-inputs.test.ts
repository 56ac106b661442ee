/**
 * One `with:` block serves a matrix (issue 19, deliverable 4), through the bundled action in a
 * simulated runner: the same inputs (certificate, password, timestamp server, linux-packages,
 * maintainer, fyne-package) for a Linux-only job and a Windows-only job (pure Go, cgo false).
 * Both succeed; each prints one notice per input it does not use and lists them in the job
 * summary; the requested packages a non-Fyne project cannot have are warnings that say why.
 * Independent judges: osslsigncode verify (the Windows job's exe is really signed and
 * timestamped), the loopback TSA's request count (the Linux job never contacts it), sha256sum -c.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePki, startTsa, type Pki, type Tsa } from '../helpers/authenticode.js';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, ROOT, runStep, type Runner, type StepResult } from '../helpers/runner.js';
import { requireTools } from '../helpers/tools.js';

let pki: Pki;
let tsa: Tsa;
let mirror: Mirror;
let runner: Runner;
let env: Record<string, string>;
let mod: string;
beforeAll(async () => {
  requireTools('openssl', 'osslsigncode', 'sha256sum');
  runner = newRunner('matrix', { preinstalledGo: true });
  pki = makePki(join(runner.dir, 'pki'));
  tsa = await startTsa(pki);
  mirror = await startMirror();
  env = { ...offlineGoEnv(mirror.url), GITHUB_REF: 'refs/tags/v1.2.3', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567' };
  mod = join(runner.dir, 'repo');
  mkdirSync(mod);
  writeFileSync(join(mod, 'go.mod'), 'module example.com/hello\n\ngo 1.21\n');
  writeFileSync(join(mod, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n');
});
afterAll(async () => {
  await tsa.close();
  await mirror.close();
});

/** The workflow's one `with:` block; only `targets` comes from the matrix. */
const withBlock = (): Record<string, string> => ({
  'go-version': mirror.version,
  'working-directory': mod,
  cgo: 'false',
  cache: 'false',
  archive: 'auto',
  'windows-certificate': pki.pfxBase64,
  'windows-certificate-password': pki.password,
  'windows-timestamp-url': tsa.url,
  'linux-packages': 'deb, rpm',
  maintainer: 'Jane Doe <jane@example.org>',
  'fyne-package': 'true',
});

const notices = (r: StepResult): string[] =>
  r.stdout
    .split('\n')
    .filter((l) => l.startsWith('::notice'))
    .map((l) => l.replace(/^::notice[^:]*::/, ''));

/** The job summary's "Not used by this job" items. */
function notUsed(summary: string): string[] {
  const after = summary.split('**Not used by this job**\n\n')[1] ?? '';
  return after
    .split('\n\n')[0]
    .split('\n')
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2));
}

async function job(targets: string): Promise<{ r: StepResult; out: string }> {
  const out = join(mkdtempSync(join(runner.dir, 'job-')), 'dist');
  const r = await runStep(runner, { inputs: { ...withBlock(), targets, 'output-dir': out }, env, cwd: runner.dir });
  return { r, out };
}

describe('one with: block, two jobs of a matrix', () => {
  test('the Linux job: succeeds, tells what it does not use (the signing inputs), warns why no package is made', async () => {
    const before = tsa.requests;
    const { r, out } = await job('linux/amd64');
    writeFileSync(join(ROOT, '.cache', 'matrix-inputs-linux-summary.md'), r.summary); // for the record
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const told = [
      'windows-certificate: this job builds no Windows target, nothing to sign',
      'windows-certificate-password: this job builds no Windows target, nothing to sign',
      'windows-timestamp-url: this job builds no Windows target, nothing to sign',
    ];
    expect(notices(r)).toEqual(told); // once each
    expect(notUsed(r.summary)).toEqual(told); // markdown leaves these lines as they are
    // requested packages that cannot be made for this project: warnings with the why, in the summary too
    expect(r.warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/^fyne-package: .*not a Fyne app/), expect.stringMatching(/^linux-packages: .*not a Fyne app/)]),
    );
    expect(r.summary).toContain('**Warnings**');
    expect(r.summary).toMatch(/^- linux-packages: .*not a Fyne app/m);
    // nothing was signed, no timestamp server contacted, the binary and its checksums are there
    expect(tsa.requests).toBe(before);
    expect(r.stdout).not.toContain('signed with osslsigncode');
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['hello_linux_amd64', 'hello_1.2.3_linux_amd64.tar.gz', 'SHA256SUMS']));
    expect(readdirSync(out).filter((f) => /\.(deb|rpm)$/.test(f))).toEqual([]);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).toMatch(/^hello_linux_amd64: OK$/m);
  });

  test('the Windows job: succeeds, signs and timestamps the exe, tells what it does not use (linux-packages, maintainer)', async () => {
    const before = tsa.requests;
    const { r, out } = await job('windows/amd64');
    writeFileSync(join(ROOT, '.cache', 'matrix-inputs-windows-summary.md'), r.summary);
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const told = ['linux-packages: this job builds no Linux target, nothing to package', 'maintainer: this job builds no Linux target, nothing to package'];
    expect(notices(r)).toEqual(told);
    expect(notUsed(r.summary)).toEqual(told);
    expect(r.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^fyne-package: .*not a Fyne app/)]));
    expect(r.warnings.filter((w) => w.startsWith('linux-packages'))).toEqual([]); // told as unused, not warned about
    const exe = join(out, 'hello_windows_amd64.exe');
    expect(tsa.requests).toBe(before + 1);
    const v = spawnSync('osslsigncode', ['verify', '-CAfile', pki.caPem, '-TSA-CAfile', pki.caPem, '-in', exe], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(`${v.stdout}${v.stderr}`).toMatch(/Signature verification: ok/);
    expect(`${v.stdout}${v.stderr}`).toMatch(/Timestamp verified using/);
    expect(r.summary).toContain('hello_windows_amd64.exe (signed: authenticode)');
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).toMatch(/^hello_windows_amd64\.exe: OK$/m);
    // the password is registered as a mask, and never shows otherwise: not in a notice, the log or the summary
    const shown = `${r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')}${r.stderr}${r.summary}`;
    expect(r.stdout).toContain('::add-mask::');
    expect(shown.includes(pki.password)).toBe(false);
  });

  test('a contradiction inside what the job does stays an error: the password without the certificate', async () => {
    const inputs = { ...withBlock(), targets: 'windows/amd64', 'windows-certificate': '', 'output-dir': join(runner.dir, 'never') };
    const r = await runStep(runner, { inputs, env, cwd: runner.dir });
    expect(r.code).not.toBe(0);
    expect(r.errors).toEqual([
      'input "windows-certificate-password": "***" is set without windows-certificate; set windows-certificate (the base64 .pfx) too, or drop windows-certificate-password',
    ]);
    expect(notices(r)).toEqual([]); // refused before anything is told, downloaded, built or written
    expect(readdirSync(runner.dir)).not.toContain('never');
  });
});
