/**
 * Nothing left behind: the bundled CLI makes its temp folder (go-fyne-action-* in TMPDIR) during
 * a run and removes it at the end, when the build failed as well as when it worked.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, NODE24, ROOT, type Runner } from '../helpers/runner.js';

let mirror: Mirror;
let runner: Runner;
let cacheRoot: string;
beforeAll(async () => {
  mirror = await startMirror();
  // Go as a developer's second run has it: the test Go, hard-linked into the CLI's tools folder
  // (installing is not this suite's subject; the toolchain-* suites install from the mirror)
  runner = newRunner('cli-temp', { preinstalledGo: true });
  cacheRoot = join(runner.dir, 'gfa-cache');
  mkdirSync(cacheRoot);
  renameSync(runner.toolCache, join(cacheRoot, 'tools'));
});
afterAll(() => mirror.close());

async function cli(project: string, args: string[]): Promise<{ code: number; stderr: string; seen: string[]; left: string[] }> {
  const tmp = mkdtempSync(join(runner.dir, 'tmpdir-'));
  const seen = new Set<string>();
  const watcher = watch(tmp, (_e, name) => name && seen.add(name));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: runner.home,
    TMPDIR: tmp,
    GO_FYNE_ACTION_CACHE: cacheRoot,
    GO_DOWNLOAD_BASE_URL: mirror.url,
    GOPROXY: 'off',
    GOFLAGS: '-buildvcs=false',
  };
  const child = spawn(NODE24, [join(ROOT, 'dist/cli.js'), '--go-version', mirror.version, ...args], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const code: number = await new Promise((res) => child.on('close', (c) => res(c ?? -1)));
  watcher.close();
  return { code, stderr, seen: [...seen], left: readdirSync(tmp) };
}

function project(broken: boolean): string {
  const dir = mkdtempSync(join(runner.dir, 'app-'));
  cpSync(join(ROOT, 'examples/hello'), dir, { recursive: true });
  if (broken) writeFileSync(join(dir, 'broken.go'), 'package main\n\nfunc broken() int { return "not an int" }\n');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  return dir;
}

test(
  "a failed build: exit 1, and the run's temp folder, made during the run, is gone",
  async () => {
    const r = await cli(project(true), ['--targets', 'linux/amd64']);
    expect(r.stderr).toMatch(/target\(s\) failed/);
    expect(r.code).toBe(1);
    expect(r.seen.filter((n) => n.startsWith('go-fyne-action-'))).toHaveLength(1); // it was there
    expect(r.left).toEqual([]);
  },
  10 * 60_000,
);

test(
  'a good build leaves nothing in TMPDIR either',
  async () => {
    const r = await cli(project(false), ['--targets', 'linux/amd64']);
    expect(r.code).toBe(0);
    expect(r.seen.filter((n) => n.startsWith('go-fyne-action-'))).toHaveLength(1);
    expect(r.left).toEqual([]);
  },
  10 * 60_000,
);
