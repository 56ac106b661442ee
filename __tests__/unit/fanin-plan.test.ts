/**
 * The pure half of the fan-in (src/fanin/plan.ts): which jobs, which file each made, what goes
 * into the release, and every refusal (tampered, missing, unlisted, conflicting), with no I/O.
 */
import { createHash } from 'node:crypto';
import { UserError } from '../../src/errors.js';
import { buildManifest, jobKey, manifestFileName, MANIFEST_SCHEMA, parseManifest, renderManifest, type JobManifest } from '../../src/fanin/manifest.js';
import { planFanIn, type ScannedFile } from '../../src/fanin/plan.js';
import type { ArtifactKind } from '../../src/artifacts/registry.js';
import { renderSummaryMarkdown, renderSummaryText } from '../../src/release/summary.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

interface Made {
  path: string;
  target: string;
  kind: ArtifactKind;
  content: string;
}

/** One job's output-dir as download-artifact leaves it: the files, SHA256SUMS, the manifest. */
function job(folder: string, id: string, runner: 'linux' | 'darwin', made: Made[], version = '1.2.3'): { files: ScannedFile[]; manifest: JobManifest } {
  const at = (p: string) => (folder ? `${folder}/${p}` : p);
  const sums = made
    .map((m) => `${sha(m.content)}  ${m.path}\n`)
    .sort()
    .join('');
  const targets = [...new Set(made.filter((m) => m.kind === 'binary').map((m) => m.target))].sort();
  const manifest: JobManifest = {
    schema: MANIFEST_SCHEMA,
    name: 'hello',
    version,
    job: { key: jobKey(id, { os: runner, arch: 'amd64' }, targets), id, runner: { os: runner, arch: 'amd64' }, targets, run: { id: '1', attempt: '1' } },
    files: [
      ...made.map((m) => ({
        path: m.path,
        target: m.target,
        os: m.target.split('/')[0],
        arch: m.target.split('/')[1],
        kind: m.kind,
        size: m.content.length,
        sha256: sha(m.content),
      })),
      { path: 'SHA256SUMS', target: '', os: '', arch: '', kind: 'checksums' as const, size: sums.length, sha256: sha(sums) },
    ],
  };
  const text = renderManifest(manifest);
  return {
    manifest,
    files: [
      ...made.map((m) => ({ name: at(m.path), size: m.content.length, sha256: sha(m.content) })),
      { name: at('SHA256SUMS'), size: sums.length, sha256: sha(sums), text: sums },
      { name: at(manifestFileName('hello', manifest.job.key)), size: text.length, sha256: sha(text), text },
    ],
  };
}

const bin = (target: string, content = `bin ${target}`): Made => ({
  path: `hello_${target.replace('/', '_')}${target.startsWith('windows') ? '.exe' : ''}`,
  target,
  kind: 'binary',
  content,
});
const tgz = (target: string): Made => ({ path: `hello_1.2.3_${target.replace('/', '_')}.tar.gz`, target, kind: 'archive', content: `tgz ${target}` });

const A = (folder: string) => job(folder, 'build', 'linux', [bin('linux/amd64'), bin('windows/amd64'), tgz('linux/amd64')]);
const B = (folder: string) => job(folder, 'build', 'darwin', [bin('darwin/amd64'), tgz('darwin/amd64')]);
const C = (folder: string) => job(folder, 'build', 'darwin', [bin('darwin/arm64'), tgz('darwin/arm64')]);
const OPTS = { universal: true, name: '', version: '' };

/** merge-multiple: every job in one folder, the last SHA256SUMS wins. */
function merged(...jobs: ReturnType<typeof job>[]): ScannedFile[] {
  const byName = new Map<string, ScannedFile>();
  for (const j of jobs) for (const f of j.files) byName.set(f.name, f);
  return [...byName.values()];
}

function refusal(files: ScannedFile[], opts = OPTS): string {
  try {
    planFanIn(files, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('the manifest', () => {
  test('the job key: job id, runner, targets; unique per matrix job', () => {
    expect(jobKey('build', { os: 'linux', arch: 'amd64' }, ['linux/amd64', 'windows/amd64'])).toBe('build_linux-amd64_linux-amd64+windows-amd64');
    expect(jobKey('build', { os: 'windows', arch: 'amd64' }, ['windows/amd64'])).not.toBe(jobKey('build', { os: 'linux', arch: 'amd64' }, ['windows/amd64']));
    const many = Array.from({ length: 20 }, (_, i) => `linux/arch${i}`);
    expect(jobKey('build', { os: 'linux', arch: 'amd64' }, many)).toMatch(/^build_linux-amd64_20-targets-[0-9a-f]{12}$/);
    expect(manifestFileName('hello', 'build_linux-amd64_linux-amd64')).toBe('hello_build_linux-amd64_linux-amd64.manifest.json');
  });
  test('built from the artifacts: paths relative to output-dir, the job identity from the env', () => {
    const m = buildManifest({
      name: 'hello',
      version: '1.2.3',
      env: { GITHUB_JOB: 'build', GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '2' },
      host: { os: 'darwin', arch: 'arm64' },
      outputDir: '/w/dist',
      artifacts: [
        {
          target: 'darwin/arm64',
          os: 'darwin',
          arch: 'arm64',
          path: '/w/dist/hello_darwin_arm64',
          name: 'hello_darwin_arm64',
          size: 3,
          sha256: sha('abc'),
          kind: 'binary',
          buildMs: 5,
        },
        { target: '', os: '', arch: '', path: '/w/dist/SHA256SUMS', name: 'SHA256SUMS', size: 1, sha256: sha('x'), kind: 'checksums' },
      ],
    });
    expect(m.job).toEqual({
      key: 'build_darwin-arm64_darwin-arm64',
      id: 'build',
      runner: { os: 'darwin', arch: 'arm64' },
      targets: ['darwin/arm64'],
      run: { id: '7', attempt: '2' },
    });
    expect(m.files.map((f) => f.path)).toEqual(['hello_darwin_arm64', 'SHA256SUMS']);
    expect(parseManifest(renderManifest(m), 'x')).toEqual(m);
  });
  test('a manifest that is not one, or climbs out, is refused naming the file', () => {
    expect(() => parseManifest('nope', 'dl/a.manifest.json')).toThrow(/^release-inputs: dl\/a.manifest.json is not a go-fyne-action job manifest \(not JSON\)/);
    const m = A('').manifest;
    const evil = { ...m, files: [{ ...m.files[0], path: '../../etc/passwd' }] };
    expect(() => parseManifest(JSON.stringify(evil), 'm.json')).toThrow(
      'release-inputs: m.json: file path: "../../etc/passwd" has a part ".." that is a relative folder name; give a relative path of plain names',
    );
    const absolute = { ...m, files: [{ ...m.files[0], path: '/etc/passwd' }] };
    expect(() => parseManifest(JSON.stringify(absolute), 'm.json')).toThrow(
      /^release-inputs: m\.json: file path: "\/etc\/passwd" has a part "" that is empty;/,
    );
    const noRun = { ...m, job: { ...m.job, run: undefined } };
    expect(() => parseManifest(JSON.stringify(noRun), 'm.json')).toThrow(/not a go-fyne-action job manifest \(no workflow run\)/);
  });
});

describe('planning', () => {
  test('merged folder: three jobs, every file once, universal planned', () => {
    const plan = planFanIn(merged(A('dl'), B('dl'), C('dl')), OPTS);
    expect(plan.name).toBe('hello');
    expect(plan.version).toBe('1.2.3');
    expect(plan.jobs.map((j) => j.label).sort()).toEqual([
      'build_darwin-amd64_darwin-amd64',
      'build_darwin-amd64_darwin-arm64',
      'build_linux-amd64_linux-amd64+windows-amd64',
    ]);
    expect(plan.items.map((i) => `${i.target} ${i.kind} ${i.dest} <- ${i.source}`)).toEqual([
      'darwin/amd64 binary hello_darwin_amd64 <- dl/hello_darwin_amd64',
      'darwin/amd64 archive hello_1.2.3_darwin_amd64.tar.gz <- dl/hello_1.2.3_darwin_amd64.tar.gz',
      'darwin/arm64 binary hello_darwin_arm64 <- dl/hello_darwin_arm64',
      'darwin/arm64 archive hello_1.2.3_darwin_arm64.tar.gz <- dl/hello_1.2.3_darwin_arm64.tar.gz',
      'linux/amd64 binary hello_linux_amd64 <- dl/hello_linux_amd64',
      'linux/amd64 archive hello_1.2.3_linux_amd64.tar.gz <- dl/hello_1.2.3_linux_amd64.tar.gz',
      'windows/amd64 binary hello_windows_amd64.exe <- dl/hello_windows_amd64.exe',
    ]);
    expect(plan.items.find((i) => i.target === 'windows/amd64')!.jobs).toEqual(['build_linux-amd64_linux-amd64+windows-amd64']);
    expect('skip' in plan.universal).toBe(false);
    if (!('skip' in plan.universal)) expect([plan.universal.amd64.dest, plan.universal.arm64.dest]).toEqual(['hello_darwin_amd64', 'hello_darwin_arm64']);
  });

  test('one folder per job: the same plan, sources in each folder', () => {
    const plan = planFanIn([...A('dl/a').files, ...B('dl/b').files, ...C('dl/c').files], OPTS);
    expect(plan.items.map((i) => i.source)).toContain('dl/b/hello_darwin_amd64');
    expect(plan.items).toHaveLength(7);
  });

  test('the same bytes from two jobs are one file; universal off or already made is skipped', () => {
    const again = job('dl/d', 'build', 'darwin', [bin('linux/amd64')]);
    const plan = planFanIn([...A('dl/a').files, ...again.files], OPTS);
    expect(plan.items.find((i) => i.dest === 'hello_linux_amd64')!.jobs).toEqual([
      'build_linux-amd64_linux-amd64+windows-amd64',
      'build_darwin-amd64_linux-amd64',
    ]);
    expect(plan.universal).toEqual({ skip: 'skipped: the jobs did not build both darwin/amd64 and darwin/arm64' });
    const mac = job('m', 'build', 'darwin', [bin('darwin/amd64'), bin('darwin/arm64'), bin('darwin/universal')]);
    expect(planFanIn(mac.files, OPTS).universal).toEqual({
      skip: 'skipped: job build_darwin-amd64_darwin-amd64+darwin-arm64+darwin-universal already made darwin/universal',
    });
    expect(planFanIn([...B('b').files, ...C('c').files], { ...OPTS, universal: false }).universal).toEqual({ skip: 'skipped: universal is false' });
  });

  test('the inputs name and app-version win over the manifests', () => {
    const plan = planFanIn(A('').files, { universal: true, name: 'other', version: '9' });
    expect([plan.name, plan.version]).toEqual(['other', '9']);
  });
});

describe('refusals name the file and the job', () => {
  test('a tampered file', () => {
    const files = merged(A('dl'), B('dl'), C('dl')).map((f) => (f.name === 'dl/hello_linux_amd64' ? { ...f, sha256: sha('evil') } : f));
    expect(refusal(files)).toMatch(
      /^release-inputs: dl\/hello_linux_amd64 \(job build_linux-amd64_linux-amd64\+windows-amd64\) does not match the job's manifest: sha256 [0-9a-f]{12}… \(\d+ bytes\) on disk, [0-9a-f]{12}… \(\d+ bytes\) listed$/,
    );
  });
  test('a tampered file and its SHA256SUMS line, but not the manifest: both caught', () => {
    const a = A('a');
    const files = a.files.map((f) => (f.name === 'a/hello_windows_amd64.exe' ? { ...f, sha256: sha('evil') } : f));
    const msg = refusal(files);
    expect(msg).toMatch(/^release-inputs: 2 problems: a\/hello_windows_amd64.exe \(job build_linux-amd64_linux-amd64\+windows-amd64\) does not match/);
    expect(msg).toContain("a/hello_windows_amd64.exe (job build_linux-amd64_linux-amd64+windows-amd64) fails the job's SHA256SUMS");
  });
  test('a SHA256SUMS that no manifest lists', () => {
    const files = A('a').files.map((f) => (f.name === 'a/SHA256SUMS' ? { ...f, sha256: sha('other'), text: '' } : f));
    expect(refusal(files)).toBe("release-inputs: a/SHA256SUMS is not the SHA256SUMS any job's manifest in a lists (changed after the build?)");
  });
  test('a missing file', () => {
    const files = B('b').files.filter((f) => f.name !== 'b/hello_1.2.3_darwin_amd64.tar.gz');
    expect(refusal(files)).toBe(
      "release-inputs: b/hello_1.2.3_darwin_amd64.tar.gz (job build_darwin-amd64_darwin-amd64) is listed in the job's manifest but missing",
    );
  });
  test('an unlisted file', () => {
    const files = [...A('a').files, { name: 'a/hello_linux_arm64', size: 1, sha256: sha('x') }];
    expect(refusal(files)).toBe("release-inputs: a/hello_linux_arm64 is listed by no job's manifest (jobs there: build_linux-amd64_linux-amd64+windows-amd64)");
    expect(refusal([...A('a').files, { name: 'z/x', size: 1, sha256: sha('x') }])).toBe(
      "release-inputs: z/x is listed by no job's manifest (no manifest in z)",
    );
  });
  test('the same target from two jobs with different bytes, in both layouts', () => {
    const other = job('dl/d', 'build', 'darwin', [bin('linux/amd64', 'other bytes')]);
    const msg = refusal([...A('dl/a').files, ...other.files]);
    expect(msg).toMatch(
      /^release-inputs: jobs build_linux-amd64_linux-amd64\+windows-amd64 and build_darwin-amd64_linux-amd64 both produced linux\/amd64 as hello_linux_amd64 with different bytes/,
    );
    const flat = refusal(merged(A('dl'), job('dl', 'build', 'darwin', [bin('linux/amd64', 'other bytes')])));
    expect(flat).toContain('jobs build_linux-amd64_linux-amd64+windows-amd64 and build_darwin-amd64_linux-amd64 both produced linux/amd64');
  });
  test('no manifest at all; two versions', () => {
    expect(refusal([{ name: 'x', size: 1, sha256: sha('x') }])).toMatch(/^release-inputs: found no job manifest \(\*\.manifest\.json\) among 1 file\(s\)/);
    const old = job('c', 'build', 'darwin', [bin('darwin/arm64')], '1.2.2');
    expect(refusal([...B('b').files, ...old.files])).toBe(
      'release-inputs: jobs build_darwin-amd64_darwin-amd64 and build_darwin-amd64_darwin-arm64 name different versions (1.2.3, 1.2.2); rebuild them from one commit or tag',
    );
  });
});

describe('the fan-in summary', () => {
  const data = {
    goVersion: '',
    lead: ['Fan-in 2 job(s), 2 file(s) verified and merged', 'release 1.2.3'],
    rows: [
      { target: 'linux/amd64', file: 'hello_linux_amd64', size: 2048, job: 'build_linux-amd64_linux-amd64', sha256: sha('a') },
      { target: 'darwin/universal', file: 'hello_darwin_universal', size: 4096, job: 'fan-in', sha256: sha('b') },
    ],
    cache: [],
  };
  test('one table of target, file, size, job and sha256; no Go line, no cache columns', () => {
    const md = renderSummaryMarkdown(data);
    expect(md).toContain('**Fan-in** 2 job(s), 2 file(s) verified and merged · **release** 1.2.3');
    expect(md).not.toContain('**Go**');
    expect(md).toContain('| Target | File | Size | Job | SHA-256 |\n| --- | --- | ---: | --- | --- |');
    expect(md).toContain(`| linux/amd64 | hello_linux_amd64 | 2.0 KiB | build_linux-amd64_linux-amd64 | ${sha('a')} |`);
    const txt = renderSummaryText(data);
    expect(txt.split('\n')[0]).toBe('Fan-in 2 job(s), 2 file(s) verified and merged, release 1.2.3');
    expect(txt).toMatch(/^darwin\/universal {2}hello_darwin_universal {2}4\.0 KiB {2}fan-in {25}[0-9a-f]{64}$/m);
  });
});
