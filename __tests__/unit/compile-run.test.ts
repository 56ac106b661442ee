import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkArtifact } from '../../src/compile/inspect.js';
import { planBuilds, type BuildPlan } from '../../src/compile/plan.js';
import { describeCommand, firstErrorLine, runBuilds } from '../../src/compile/run.js';
import { buildInputs, targetsOf } from '../helpers/build-inputs.js';

const GO = process.env['GO'] ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go');
const NODE = process.execPath;
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gfa-run-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nodePlan(id: string, script: string): BuildPlan {
  const [o, a] = id.split('/') as [string, string];
  return {
    target: { os: o, arch: a },
    id,
    argv: [NODE, '-e', script],
    cwd: dir,
    env: { GFA_ID: id },
    output: path.join(dir, 'out', id.replace('/', '_')),
    cgo: false,
    expect: { os: o, arch: a, buildmode: 'exe' },
    fingerprint: {},
  };
}

test('each line is logged with its target; env is passed; a failure does not stop the others', async () => {
  const lines: string[] = [];
  const results = await runBuilds(
    [
      nodePlan('linux/amd64', 'console.log("a1 " + process.env.GFA_ID); process.stdout.write("a2 no newline")'),
      nodePlan('windows/amd64', 'console.error("# some/pkg"); console.error("main.go:3:2: undefined: x"); process.exit(2)'),
      nodePlan('darwin/arm64', 'console.log("c1")'),
    ],
    { parallel: 2, log: (t, l) => lines.push(`[${t}] ${l}`) },
  );
  expect(results.map((r) => [r.id, r.ok, r.exitCode])).toEqual([
    ['linux/amd64', true, 0],
    ['windows/amd64', false, 2],
    ['darwin/arm64', true, 0],
  ]);
  expect(results[0].log).toBe('a1 linux/amd64\na2 no newline');
  expect(results[1].firstError).toBe('main.go:3:2: undefined: x');
  expect(results[1].log).toBe('# some/pkg\nmain.go:3:2: undefined: x');
  expect(lines).toContain('[linux/amd64] a1 linux/amd64');
  expect(lines).toContain('[windows/amd64] main.go:3:2: undefined: x');
  expect(lines.some((l) => l.startsWith('[windows/amd64] FAILED in '))).toBe(true);
  expect(results.every((r) => r.durationMs >= 0)).toBe(true);
  expect(existsSync(path.join(dir, 'out'))).toBe(true); // output directory created
});

test('parallel builds really overlap: two plans that wait for each other both finish with parallel=2', async () => {
  const rendezvous = (me: string, other: string): string => `
    const fs = require('fs'), p = require('path'), d = ${JSON.stringify(dir)};
    fs.writeFileSync(p.join(d, ${JSON.stringify(me)}), '');
    const give = Date.now() + 60000; // guard against a hang only
    (function wait() { if (fs.existsSync(p.join(d, ${JSON.stringify(other)}))) { console.log('met'); return; }
      if (Date.now() > give) process.exit(3); setTimeout(wait, 20); })();`;
  const results = await runBuilds([nodePlan('linux/amd64', rendezvous('a.flag', 'b.flag')), nodePlan('linux/arm64', rendezvous('b.flag', 'a.flag'))], {
    parallel: 2,
  });
  expect(results.map((r) => r.log)).toEqual(['met', 'met']);
});

test('a command that cannot start is a failed result, not a throw', async () => {
  const p = nodePlan('linux/amd64', '');
  const [r] = await runBuilds([{ ...p, argv: [path.join(dir, 'no-such-go'), 'build'] }], { parallel: 1 });
  expect(r.ok).toBe(false);
  expect(r.firstError).toMatch(/^cannot start .*no-such-go: .*no-such-go does not exist or is not executable$/);
});

test('firstErrorLine skips progress lines', () => {
  expect(firstErrorLine('go: downloading x v1\n# pkg\n\ncgo: C compiler "x86_64-w64-mingw32-gcc" not found\n', 1)).toBe(
    'cgo: C compiler "x86_64-w64-mingw32-gcc" not found',
  );
  expect(firstErrorLine('', 2)).toBe('exit code 2');
});

test('real go builds of examples/hello from a plan; planned files are written, then removed', async () => {
  const scratch = path.join(dir, 'scratch');
  const inputs = buildInputs({ targets: targetsOf('linux/arm64', 'windows/amd64', 'darwin/arm64'), outputDir: path.join(dir, 'dist') });
  const hello = path.resolve('examples/hello');
  const set = planBuilds(
    inputs,
    { workDir: hello, packageDir: hello, modulePath: 'github.com/gofyneaction/examples/hello', fyneVersion: 'none' },
    { host: { os: 'linux', arch: 'amd64' }, env: process.env, scratchDir: scratch, goBin: GO },
  );
  const files = [{ path: path.join(scratch, 'probe.txt'), content: 'x' }];
  const bad = {
    ...set.plans[2],
    id: 'darwin/arm64',
    argv: set.plans[2].argv.map((a) => (a === '-ldflags' ? '-ldflags=-bogusflag' : a)).filter((a) => a !== '-s -w'),
  };
  expect(describeCommand(set.plans[0])).toBe(
    `GOOS=linux GOARCH=arm64 CGO_ENABLED=0 ${GO} build -trimpath -ldflags '-s -w' -o ${path.join(dir, 'dist', 'hello_linux_arm64')} .`,
  );
  const results = await runBuilds([set.plans[0], set.plans[1], bad], { parallel: 3, files, baseEnv: { ...process.env, GOFLAGS: '-buildvcs=false' } });
  expect(results.map((r) => r.ok)).toEqual([true, true, false]);
  expect(results[2].firstError).toMatch(/bogusflag/);
  for (const [i, r] of results.slice(0, 2).entries()) expect(await checkArtifact(r.output, set.plans[i].expect)).toEqual([]);
  expect(readdirSync(scratch)).toEqual([]);
  expect(readdirSync(path.join(dir, 'dist')).sort()).toEqual(['hello_linux_arm64', 'hello_windows_amd64.exe']);
});
