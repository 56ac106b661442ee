/**
 * src/pipeline.ts in-process, with a recording Runtime and a real Go (from the loopback mirror,
 * then the tool cache): the stages in order, a skip logged once, a failed target failing the run
 * only at the end, and the run report written on success and on failure, then completed by the
 * post step.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain, runPost } from '../../src/pipeline.js';
import { REPORT_SCHEMA, type RunReport } from '../../src/report.js';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { fakeRuntime, type FakeRuntime } from '../helpers/fake-runtime.js';
import { ROOT } from '../helpers/runner.js';

const STAGES = [
  'Install Go',
  'Plan builds',
  'Restore caches',
  'System packages',
  'Build',
  'Sign Windows binaries',
  'Universal macOS binary',
  'Fyne packages',
  'Notarize macOS .app',
  'Linux packages',
  'Release files',
  'Summary',
];

let mirror: Mirror;
let root: string;
let goEnv: Record<string, string>;
beforeAll(async () => {
  mirror = await startMirror();
  root = mkdtempSync(join(tmpdir(), 'gfa-pipeline-'));
  goEnv = offlineGoEnv(mirror.url);
});
afterAll(async () => {
  await mirror.close();
  rmSync(root, { recursive: true, force: true });
});

/** A workspace with examples/hello, and a CLI-like runtime whose tool cache is shared by the suite. */
function setup(inputs: Record<string, string>, env: Record<string, string | undefined> = {}): { ws: string; rt: FakeRuntime } {
  const ws = mkdtempSync(join(root, 'ws-'));
  cpSync(join(ROOT, 'examples/hello'), ws, { recursive: true });
  const rt = fakeRuntime({
    tempDir: mkdtempSync(join(root, 'tmp-')),
    toolCacheDir: join(root, 'tools'),
    localCacheDir: mkdtempSync(join(root, 'cache-')),
    env: { PATH: process.env.PATH, HOME: root, ...goEnv, GITHUB_WORKSPACE: ws, ...env },
    inputs: { 'go-version': mirror.version, 'working-directory': ws, ...inputs },
  });
  return { ws, rt };
}

const report = (ws: string): RunReport => JSON.parse(readFileSync(join(ws, 'report.json'), 'utf8')) as RunReport;

test('a bad input fails before anything is written: no report', async () => {
  const { ws, rt } = setup({ cache: 'yes', report: 'report.json' });
  await expect(runMain(rt)).rejects.toThrow(/^input "cache": "yes" is not a boolean/);
  expect(existsSync(join(ws, 'report.json'))).toBe(false);
  expect(rt.lines).toEqual([]);
});

test("no targets: set up only; the plan's skip is logged once, every stage recorded in order, the report completed by the post step", async () => {
  const { ws, rt } = setup({ report: 'report.json' }, { GOMODCACHE: undefined }); // the CLI's own, empty, module cache
  await runMain(rt);
  expect(rt.lines.filter((l) => l.startsWith('skipped: '))).toEqual([
    'skipped: no targets (setup only)',
    'skipped: no windows-certificate',
    'skipped: the targets do not include both darwin/amd64 and darwin/arm64',
    'skipped: nothing was built',
  ]);
  // groups in order; the steps over the build set open none
  expect(rt.lines.filter((l) => l.startsWith('▸ '))).toEqual([
    '▸ Install Go',
    '▸ Plan builds',
    '▸ Restore caches',
    '▸ Sign Windows binaries',
    '▸ Universal macOS binary',
    '▸ Release files',
  ]);
  expect(rt.outputs).toMatchObject({ 'go-version': mirror.version, 'fyne-version': 'none', artifacts: '[]', 'cache-hit': 'false' });

  const r = report(ws);
  expect(r).toMatchObject({ schema: REPORT_SCHEMA, door: 'cli', outcome: 'success', fyneVersion: 'none', targets: [], artifacts: [] });
  expect(r.error).toBeUndefined();
  expect(r.go?.version).toBe(mirror.version);
  expect(['dl', 'tool-cache']).toContain(r.go?.source);
  expect(r.stages.map((s) => s.name)).toEqual(STAGES);
  expect(Object.fromEntries(r.stages.map((s) => [s.name, s.reason ?? s.status]))).toEqual({
    'Install Go': 'ran',
    'Plan builds': 'no targets (setup only)',
    'Restore caches': 'ran',
    'System packages': 'no targets (setup only)',
    Build: 'no targets (setup only)',
    'Sign Windows binaries': 'no windows-certificate',
    'Universal macOS binary': 'the targets do not include both darwin/amd64 and darwin/arm64',
    'Fyne packages': 'no targets (setup only)',
    'Notarize macOS .app': 'no targets (setup only)',
    'Linux packages': 'no targets (setup only)',
    'Release files': 'nothing was built',
    Summary: 'ran',
  });
  expect(r.go!.installMs).toBe(r.stages[0].durationMs);
  expect(r.cache.layers.map((l) => [l.name, l.restore.result, l.save])).toEqual([
    ['modules', 'miss', undefined],
    ['build', 'skipped', undefined], // the user's GOCACHE beside the local store
  ]);
  expect(rt.state['report']).toBe(join(ws, 'report.json'));

  await runPost(rt);
  const after = report(ws);
  expect(after.cache.layers.map((l) => [l.name, l.save?.status])).toEqual([
    ['modules', 'skipped'],
    ['build', 'skipped'],
  ]);
  expect(after.cache.layers[0].save!.reason).toMatch(/^nothing to save/);
  expect({ ...after, cache: undefined }).toEqual({ ...r, cache: undefined }); // the rest as main wrote it
});

test('a failed target: the others still run, and the run fails at the end with the report saying so', async () => {
  const { ws, rt } = setup({ targets: 'linux/amd64 windows/amd64', cgo: 'false', cache: 'false', report: 'report.json' });
  writeFileSync(join(ws, 'broken_windows.go'), 'package main\n\nfunc broken() int { return "not an int" }\n');
  await expect(runMain(rt)).rejects.toThrow(/^1 target\(s\) failed: windows\/amd64: .*broken_windows\.go/);
  expect(rt.outputs['checksums']).toBe(join(ws, 'dist', 'SHA256SUMS')); // release files and summary still made
  expect(rt.summaries).toHaveLength(1);
  const r = report(ws);
  expect(r.outcome).toBe('failure');
  expect(r.error).toMatch(/^1 target\(s\) failed: windows\/amd64: /);
  expect(r.stages.map((s) => s.name)).toEqual(STAGES);
  expect(r.stages.find((s) => s.name === 'Build')).toMatchObject({ status: 'ran' });
  expect(r.stages.find((s) => s.name === 'Restore caches')).toMatchObject({ status: 'skipped', reason: 'cache is false' });
  expect(r.targets.map((t) => [t.target, t.ok])).toEqual(
    expect.arrayContaining([
      ['linux/amd64', true],
      ['windows/amd64', false],
    ]),
  );
  expect(r.artifacts.map((a) => [a.target, a.kind])).toEqual([
    ['linux/amd64', 'binary'],
    ['', 'checksums'],
  ]);
  expect(r.cache).toEqual({ layers: [] });
});

test('a stage that fails stops the run: recorded as failed, later stages absent, the report written', async () => {
  const { ws, rt } = setup({ targets: 'linux/amd64', 'main-package': './nope', cache: 'false', report: 'out/report.json' });
  await expect(runMain(rt)).rejects.toThrow();
  const r = JSON.parse(readFileSync(join(ws, 'out', 'report.json'), 'utf8')) as RunReport;
  expect(r.outcome).toBe('failure');
  expect(r.stages.map((s) => [s.name, s.status])).toEqual([
    ['Install Go', 'ran'],
    ['Plan builds', 'failed'],
  ]);
  expect(r.stages[1].reason).toBe(r.error);
});
