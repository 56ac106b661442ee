/**
 * The input contract through the bundled action and the bundled CLI: a malformed input is one
 * ::error line (one stderr line for the CLI) and exit 1, before anything is downloaded (the
 * loopback mirror sees no request), built or written (no output folder, empty tool cache), and
 * no credential from an input reaches the log.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, NODE24, ROOT, runStep, type Runner } from '../helpers/runner.js';

let mirror: Mirror;
let runner: Runner;
let mod: string;
beforeAll(async () => {
  mirror = await startMirror();
  runner = newRunner('inputs');
  mod = mkdtempSync(join(runner.dir, 'app-'));
  cpSync(join(ROOT, 'examples/hello'), mod, { recursive: true });
});
afterAll(() => mirror.close());

const CASES: Array<[Record<string, string>, RegExp]> = [
  [{ 'working-directory': 'does-not-exist' }, /^input "working-directory": "does-not-exist" does not exist/],
  [{ cache: 'yes' }, /^input "cache": "yes" is not a boolean; use true or false/],
  [{ universal: 'yes' }, /^input "universal": "yes" is not a boolean; use true or false/],
  [{ targets: 'windows/x86_64' }, /^input "targets": "windows\/x86_64" .*closest: windows\/amd64/],
  [{ targets: 'linux/amd64', 'output-dir': '/' }, /^input "output-dir": "\/" resolves to \/, outside the workspace/],
  [{ targets: 'linux/amd64', 'app-version': '../x', archive: 'auto' }, /^input "app-version": "..\/x" has a path separator/],
  [{ targets: 'linux/amd64', archive: 'zip', 'archive-files': '/etc/passwd' }, /^input "archive-files": "\/etc\/passwd" is absolute/],
  [{ 'go-proxy': 'ftp://x' }, /^input "go-proxy": "ftp:\/\/x"/],
  [
    { 'go-download-base-url': 'https://ci:Pa55w0rd@mirror.example.com/dl' },
    /^input "go-download-base-url": "https:\/\/mirror.example.com\/dl" carries user:password/,
  ],
  [{ targets: 'windows/amd64', cc: 'windows/amd64=no-such-gcc' }, /^input "cc": "windows\/amd64=no-such-gcc" names no-such-gcc, which is not on PATH/],
  [{ 'cache-dependency-path': 'nothing/go.sum' }, /^input "cache-dependency-path": "nothing\/go.sum" names no file/],
  [{ report: '/etc/report.json' }, /^input "report": "\/etc\/report.json" resolves to \/etc\/report.json, outside the workspace/],
];

describe('the action refuses bad inputs before any work', () => {
  test.each(CASES.map(([i, re]) => [JSON.stringify(i), i, re] as const))('%s', async (_label, inputs, re) => {
    const out = join(mod, 'out');
    const r = await runStep(runner, {
      inputs: { 'working-directory': mod, 'output-dir': out, ...inputs },
      env: { GO_DOWNLOAD_BASE_URL: mirror.url },
    });
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(re);
    expect(mirror.requests).toEqual([]);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(runner.toolCache)).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain('Pa55w0rd');
  });
  test('GOSUMDB from the environment is parsed up front too', async () => {
    const r = await runStep(runner, { inputs: { 'working-directory': mod }, env: { GO_DOWNLOAD_BASE_URL: mirror.url, GOSUMDB: 'garbage!!' } });
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([expect.stringMatching(/^env GOSUMDB: "garbage!!" is not a known database/)]);
    expect(mirror.requests).toEqual([]);
  });
});

describe('the CLI refuses the same way', () => {
  const cli = (args: string[]) =>
    spawnSync(NODE24, [join(ROOT, 'dist/cli.js'), ...args], {
      cwd: runner.dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: runner.home, GO_FYNE_ACTION_CACHE: join(runner.dir, 'cli-cache'), GO_DOWNLOAD_BASE_URL: mirror.url },
    });
  test.each([
    [['--cache', 'yes'], /^go-fyne-action: input "cache": "yes" is not a boolean; use true or false/],
    [['--targets', 'LINUX/AMD46'], /^go-fyne-action: input "targets": "LINUX\/AMD46" .*closest: linux\/amd64/],
    [['--output-dir', '/', '--targets', 'linux/amd64'], /^go-fyne-action: input "output-dir": "\/" resolves to \/, outside the workspace/],
  ])('%j', (args, re) => {
    const r = cli(['--working-directory', mod, ...args]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(re);
    expect(mirror.requests).toEqual([]);
    expect(existsSync(join(runner.dir, 'cli-cache', 'tools'))).toBe(false);
  });
});
