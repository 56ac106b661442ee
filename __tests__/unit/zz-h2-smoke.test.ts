import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMirror } from '../helpers/dl-mirror.js';
import { newRunner, NODE24, parseCommandFile, ROOT } from '../helpers/runner.js';
import { offlineGoEnv } from '../helpers/build-env.js';

test('smoke: github door main + post with report', async () => {
  const mirror = await startMirror();
  const runner = newRunner('h2smoke');
  const ws = join(runner.dir, 'ws');
  cpSync(join(ROOT, 'examples/hello'), ws, { recursive: true });
  const goenv = offlineGoEnv(mirror.url);
  const run = async (entry: string, extra: Record<string, string>) => {
    const step = mkdtempSync(join(runner.dir, 'step-'));
    const files = { GITHUB_OUTPUT: join(step, 'o'), GITHUB_ENV: join(step, 'e'), GITHUB_PATH: join(step, 'p'), GITHUB_STATE: join(step, 's'), GITHUB_STEP_SUMMARY: join(step, 'sum') };
    for (const f of Object.values(files)) writeFileSync(f, '');
    const env = { PATH: process.env.PATH!, HOME: runner.home, RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64', RUNNER_TEMP: runner.temp, RUNNER_TOOL_CACHE: runner.toolCache, GITHUB_WORKSPACE: ws, GITHUB_ACTIONS: 'true', CI: 'true', ACTIONS_CACHE_URL: 'http://127.0.0.1:9/', ...goenv, GOMODCACHE: join(runner.dir, 'mod'), ...files, ...extra };
    const child = spawn(NODE24, [`/tmp/h2/dist/${entry}.js`], { cwd: ws, env });
    let stdout = ''; let stderr = '';
    child.stdout.on('data', (d) => (stdout += d)); child.stderr.on('data', (d) => (stderr += d));
    const status: number = await new Promise((res) => child.on('close', (c) => res(c ?? -1)));
    const r = { status, stdout, stderr };
    return { ...r, state: parseCommandFile(readFileSync(files.GITHUB_STATE, 'utf8')), summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), outputs: parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')) };
  };
  const m = await run('main', { 'INPUT_GO-VERSION': mirror.version, INPUT_TARGETS: 'linux/amd64', INPUT_CGO: 'false', INPUT_REPORT: 'report.json', 'INPUT_WORKING-DIRECTORY': '.', 'INPUT_OUTPUT-DIR': 'dist', INPUT_CACHE: 'true' });
  console.log(m.status, m.stdout.slice(-3000), m.stderr.slice(-2000), m.summary, JSON.stringify(m.state).slice(0, 300));
  const rep1 = readFileSync(join(ws, 'report.json'), 'utf8');
  const stateEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.state)) stateEnv[`STATE_${k}`] = v;
  const p = await run('post', stateEnv);
  console.log(p.status, p.stdout.slice(-2000), p.stderr.slice(-1000));
  console.log(rep1, readFileSync(join(ws, 'report.json'), 'utf8'));
  await mirror.close();
}, 300000);
