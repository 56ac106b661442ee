/**
 * The CLI's main path in-process (src/cli-main.ts main(argv, io)): --help, a bad input as one
 * stderr line and exit 1, and a setup-only run that prints its outputs as name=value lines and
 * writes the run report, completed by the in-process post step.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli-main.js';
import type { RunReport } from '../../src/report.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { ROOT } from '../helpers/runner.js';

let mirror: Mirror;
let root: string;
let ws: string;
const cwd = process.cwd();
beforeAll(async () => {
  mirror = await startMirror();
  root = mkdtempSync(join(tmpdir(), 'gfa-cli-main-'));
  ws = mkdtempSync(join(root, 'ws-'));
  cpSync(join(ROOT, 'examples/hello'), ws, { recursive: true });
  process.chdir(ws); // the CLI's workspace is its current directory
});
afterAll(async () => {
  process.chdir(cwd);
  await mirror.close();
  rmSync(root, { recursive: true, force: true });
});

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    GO_FYNE_ACTION_CACHE: join(root, 'gfa-cache'),
    GO_DOWNLOAD_BASE_URL: mirror.url,
    GOPROXY: 'off',
    GOFLAGS: '-buildvcs=false',
  };
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env });
  return { code, stdout, stderr };
}

test('--help: the usage with every input as a flag, exit 0', async () => {
  const r = await cli(['--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Usage: go-fyne-action/);
  expect(r.stdout).toContain('--report');
  expect(r.stderr).toBe('');
});

test("--version: the CLI's version (package.json's, bundled in) on stdout, exit 0, nothing else done", async () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(version).toMatch(/^\d+\.\d+\.\d+/);
  const r = await cli(['--version']);
  expect(r).toEqual({ code: 0, stdout: `go-fyne-action ${version}\n`, stderr: '' });
  expect(mirror.requests).toEqual([]);
  expect(existsSync(join(ws, 'dist'))).toBe(false);
});

test('a bad input: one line on stderr, exit 1, nothing downloaded', async () => {
  const r = await cli(['--cache', 'yes', '--report', 'report.json']);
  expect(r.code).toBe(1);
  expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^go-fyne-action: input "cache": "yes" is not a boolean; use true or false/)]);
  expect(r.stdout).toBe('');
  expect(mirror.requests).toEqual([]);
  expect(existsSync(join(ws, 'report.json'))).toBe(false);
});

test('the report is confined like output-dir: inside the workspace, and not the workspace itself', async () => {
  for (const [arg, why] of [
    ['../outside.json', /resolves to .*outside\.json, outside the workspace/],
    ['.', /is the workspace itself/],
  ] as const) {
    const r = await cli(['--report', arg]);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^go-fyne-action: input "report": "${arg.replace(/\./g, '\\.')}" ${why.source}`)),
    ]);
  }
  expect(mirror.requests).toEqual([]);
});

test('no targets: Go set up, the outputs as name=value lines, the summary, and the report with the cache save', async () => {
  const r = await cli(['--go-version', mirror.version, '--report', 'report.json']);
  expect(r.stderr).not.toMatch(/go-fyne-action: /);
  expect(r.code).toBe(0);
  const outputs = Object.fromEntries(
    r.stdout
      .split('\n')
      .filter((l) => /^[a-z-]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  expect(outputs).toMatchObject({ 'go-version': mirror.version, 'go-source': 'dl', 'fyne-version': 'none', artifacts: '[]', 'cache-hit': 'false' });
  expect(r.stdout).toContain(`Go ${mirror.version}`); // the summary, as text
  expect(r.stderr).toContain('skipped: no targets (setup only)');
  const report = JSON.parse(readFileSync(join(ws, 'report.json'), 'utf8')) as RunReport;
  expect(report).toMatchObject({ door: 'cli', outcome: 'success', go: { version: mirror.version, source: 'dl' } });
  expect(report.cache.layers.map((l) => [l.name, l.restore.result, l.save?.status])).toEqual([
    ['modules', 'miss', 'skipped'], // nothing in the CLI's own module cache yet
    ['build', 'miss', 'skipped'], // nothing new compiled
  ]);
  expect(report.cache.prune).toMatchObject({ pruned: true, removedEntries: 0, newEntries: 0 });
});
