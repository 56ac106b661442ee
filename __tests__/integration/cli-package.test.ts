/**
 * The CLI as a user gets it from npm: `npm pack`, installed into an empty prefix (offline: the
 * package has no runtime dependency, dist/ is self-contained), run from there on Node 20 (this
 * machine's) and Node 24 (the action's): --help, --version, and a pure-Go build of examples/hello with Go
 * from the loopback mirror.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, NODE24, ROOT, type Runner } from '../helpers/runner.js';

let mirror: Mirror;
let runner: Runner;
let prefix: string;
let tarball: string;
beforeAll(async () => {
  mirror = await startMirror();
  runner = newRunner('pack');
  const packDir = join(runner.dir, 'pack');
  mkdirSync(packDir);
  const out = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8' })) as Array<{
    filename: string;
    files: { path: string }[];
  }>;
  tarball = join(packDir, out[0].filename);
  prefix = join(runner.dir, 'prefix');
  mkdirSync(prefix);
  execFileSync('npm', ['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], {
    encoding: 'utf8',
    env: { ...process.env, npm_config_cache: join(runner.dir, 'npm-cache') },
  });
}, 120_000);
afterAll(() => mirror.close());

/**
 * Runs the installed `go-fyne-action` with `node` resolved from PATH as the bin shim does.
 * Asynchronously: the loopback mirror answers from this process's event loop.
 */
async function installed(nodeDir: string, args: string[], extraEnv: Record<string, string> = {}, cwd = runner.dir) {
  const child = spawn(join(prefix, 'bin', 'go-fyne-action'), args, {
    cwd,
    env: { PATH: [nodeDir, join(prefix, 'bin'), '/usr/bin', '/bin'].join(delimiter), HOME: runner.home, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status: number | null = await new Promise((res) => child.on('close', res));
  return { status, stdout, stderr };
}

/**
 * A Node 20 to run the installed CLI with: NODE20 (a path to its `node`), else the first `node`
 * on PATH outside node_modules that says v20 (this machine's; the CI workflow installs one).
 * npm scripts put node_modules/.bin (the bundled Node 24) first, so process.execPath won't do.
 */
function findNode20(): string {
  const candidates = [
    process.env['NODE20'],
    ...(process.env['PATH'] ?? '')
      .split(delimiter)
      .filter((d) => d && !d.includes('node_modules'))
      .map((d) => join(d, 'node')),
  ];
  for (const c of candidates) {
    if (!c || !existsSync(c)) continue;
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stdout is null when c cannot be run, whatever the types say
    if (/^v20\./.test(spawnSync(c, ['--version'], { encoding: 'utf8' }).stdout ?? '')) return dirname(c);
  }
  throw new Error('no Node 20 found: set NODE20 to a Node 20 `node`, or put one on PATH (the packed CLI is tested on Node 20 and 24)');
}

const NODES: Array<[string, () => string]> = [
  ['Node 20', findNode20],
  ['Node 24', () => dirname(NODE24)],
];

test('the package holds dist/, action.yml, README.md, LICENSE and package.json only', () => {
  const all = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  // The bundle's chunks (esbuild splitting: code loaded when a run needs it) are exactly dist/chunks/ of the tree.
  const chunks = all.filter((f) => f.startsWith('package/dist/chunks/'));
  expect(chunks.map((f) => f.slice('package/dist/chunks/'.length)).sort()).toEqual(readdirSync(join(ROOT, 'dist', 'chunks')).sort());
  expect(chunks.every((f) => /^package\/dist\/chunks\/[\w.-]+\.js$/.test(f))).toBe(true);
  const list = all.filter((f) => !chunks.includes(f));
  expect(list).toEqual([
    'package/LICENSE',
    'package/README.md',
    'package/action.yml',
    'package/dist/cli.js',
    'package/dist/main.js',
    'package/dist/post.js',
    'package/package.json',
  ]);
  const pkg = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<string, unknown>;
  expect(pkg['private']).toBeUndefined();
  expect(pkg['dependencies'] ?? {}).toEqual({});
  expect(pkg['bin']).toEqual({ 'go-fyne-action': 'dist/cli.js' });
  expect(readdirSync(join(prefix, 'lib', 'node_modules'))).toEqual(['go-fyne-action']);
});

describe.each(NODES)('installed, on %s', (_label, nodeDirOf) => {
  let nodeDir: string;
  beforeAll(() => {
    nodeDir = nodeDirOf();
  });
  test('--help and --version', async () => {
    const v = spawnSync(join(nodeDir, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(v).toMatch(_label === 'Node 20' ? /^v20\./ : /^v24\./);
    const r = await installed(nodeDir, ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: go-fyne-action \[--input value \.\.\.\]/);
    expect(r.stdout).toContain('--targets');
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await installed(nodeDir, ['--version'])).toEqual({ status: 0, stdout: `go-fyne-action ${version}\n`, stderr: '' });
  });
  test('a pure-Go build of examples/hello', async () => {
    const work = mkdtempSync(join(runner.dir, 'work-'));
    cpSync(join(ROOT, 'examples/hello'), join(work, 'hello'), { recursive: true });
    const env = offlineGoEnv(mirror.url);
    const r = await installed(
      nodeDir,
      [
        '--working-directory',
        'hello',
        '--go-version',
        mirror.version,
        '--targets',
        'linux/amd64',
        '--cache',
        'false',
        '--archive',
        'auto',
        '--archive-files',
        'go.mod',
      ],
      { ...env, GO_FYNE_ACTION_CACHE: join(work, 'cache') },
      work,
    );
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- jest's asymmetric matchers are typed any
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.not.stringMatching(/error/i) });
    const bin = join(work, 'hello', 'dist', 'hello_linux_amd64');
    expect(existsSync(bin)).toBe(true);
    expect(readFileSync(bin).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    expect(execFileSync(bin, [], { encoding: 'utf8' })).toMatch(/hello/i);
    expect(r.stdout).toMatch(/^go-version=/m);
    // stdout holds the outputs only: name=value lines (a value may span lines as JSON does not)
    expect(r.stdout).not.toMatch(/^::/m);
    expect(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .every((l) => /^[a-z-]+=/.test(l) || !l.startsWith(':')),
    ).toBe(true);
  });
});
