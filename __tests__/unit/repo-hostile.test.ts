/**
 * Issue 18, classes 1 and 3 outside the fan-in: a hostile repository (links, absolute and `..`
 * references, FIFOs, huge files, names that are paths) and hostile write targets (the report, the
 * Windows .syso, links already in output-dir). Every refusal is ONE line that never carries the
 * canary planted outside the workspace; nothing outside the workspace (nor .git) changes.
 */
import { treeSnapshot } from '../helpers/tree-snapshot.js';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskSources, parseConfig, resolveConfig, type Config } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { loadProject } from '../../src/compile/project.js';
import { resolveVersion } from '../../src/release/version.js';
import { withSysoInPackage } from '../../src/release/windows-resource.js';
import { runBuilds } from '../../src/compile/run.js';
import { writeChecksums } from '../../src/release/checksums.js';
import { buildReport, REPORT_SCHEMA, writeReport } from '../../src/report.js';
import { resolveName, type BuildInputs, type BuildPlan, type ProjectInfo } from '../../src/compile/plan.js';

const CANARY = 'CANARY-e1-7f3a9c';
const top = realpathSync(mkdtempSync(join(tmpdir(), 'repo-hostile-')));
const ws = join(top, 'ws');
const outside = join(top, 'outside');
const app = join(ws, 'app');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

mkdirSync(outside);
writeFileSync(join(outside, 'secret.png'), `${CANARY} token=ghs_${CANARY}\n`);
writeFileSync(join(outside, 'go-version'), `${CANARY}\n`);
writeFileSync(join(outside, 'go.mod'), `module ${CANARY}\n\ngo 1.22.3\n`);
writeFileSync(join(outside, 'FyneApp.toml'), `[Details]\nIcon = "Icon.png"\nName = "${CANARY}"\n`);
mkdirSync(join(ws, '.git'), { recursive: true });
writeFileSync(join(ws, '.git', 'config'), `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${CANARY}\n`);
mkdirSync(join(ws, 'assets'));
writeFileSync(join(ws, 'assets', 'icon.png'), PNG);
mkdirSync(app);
writeFileSync(join(app, 'go.mod'), 'module example.com/app\n\ngo 1.22.3\n\nrequire fyne.io/fyne/v2 v2.5.0\n');
writeFileSync(join(app, 'go.sum'), '');
writeFileSync(join(app, 'README.md'), 'readme');
mkdirSync(join(app, 'docs'));
symlinkSync('../../.git/config', join(app, 'docs', 'guide.md'));
symlinkSync(join(outside, 'secret.png'), join(app, 'leak.txt'));
execFileSync('mkfifo', [join(app, 'pipe')]);
writeFileSync(join(app, 'huge.go-version'), Buffer.alloc(2 << 20, 0x20));
symlinkSync(join(outside, 'go-version'), join(app, '.go-version-out'));
symlinkSync('../.git/config', join(app, '.go-version-git'));
mkdirSync(join(app, 'bins'));
writeFileSync(join(app, 'bins', 'hello_darwin_amd64'), 'x');
symlinkSync(join(outside, 'secret.png'), join(app, 'bins', 'hello_darwin_arm64'));

/** Every file outside the workspace and in .git, with its kind and content hash: must not change. */
/** Everything outside the workspace, and its .git. */
const snapshot = () => ({ outside: treeSnapshot(outside), git: treeSnapshot(join(ws, '.git')) });
const before = snapshot();
afterAll(() => expect(snapshot()).toEqual(before));

const ENV = { GITHUB_WORKSPACE: ws, PATH: '/usr/bin:/bin' };

async function load(inputs: Record<string, string>): Promise<Config> {
  const all: Record<string, string> = { 'working-directory': 'app', ...inputs };
  const src = diskSources((n) => all[n] ?? '', ENV, { os: 'linux', arch: 'amd64' }, ws);
  return resolveConfig(parseConfig(src), (p) => realpathSync(p));
}

/** The one error line a refusal prints: a UserError, one line, no canary. */
async function refusal(p: Promise<unknown> | (() => unknown)): Promise<string> {
  let msg: string | undefined;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    msg = (e as Error).message;
  }
  if (msg === undefined) throw new Error('accepted');
  if (process.env['E1_DUMP']) writeFileSync(process.env['E1_DUMP'], `${expect.getState().currentTestName ?? ''}\t${msg}\n`, { flag: 'a' });
  expect(msg).not.toContain('\n');
  expect(msg).not.toContain(CANARY);
  return msg;
}

function project(dir: string, toml: string | undefined): string {
  const d = join(ws, dir);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'go.mod'), 'module example.com/p\n\ngo 1.22.3\n\nrequire fyne.io/fyne/v2 v2.5.0\n');
  writeFileSync(join(d, 'main.go'), 'package main\n\nfunc main() {}\n');
  if (toml !== undefined) writeFileSync(join(d, 'FyneApp.toml'), toml);
  return d;
}
const tomlWith = (icon: string) => `[Details]\nIcon = ${JSON.stringify(icon)}\nName = "P"\nID = "com.example.p"\nVersion = "1.0.0"\nBuild = 1\n`;

describe('class 1: FyneApp.toml and its Icon are read inside the workspace only', () => {
  test('Icon = "/proc/self/environ" (absolute) is refused, naming FyneApp.toml and Icon', async () => {
    const d = project('p-abs', tomlWith('/proc/self/environ'));
    const msg = await refusal(loadProject(d, '.', { workspace: ws }));
    expect(msg).toMatch(/^p-abs\/FyneApp\.toml: Details\.Icon "\/proc\/self\/environ" is an absolute path;/);
  });

  test('Icon = "../../outside/secret.png" (climbs out of the workspace) is refused', async () => {
    const d = project('p-up', tomlWith('../../outside/secret.png'));
    const msg = await refusal(loadProject(d, '.', { workspace: ws }));
    expect(msg).toMatch(/^p-up\/FyneApp\.toml: Details\.Icon "\.\.\/\.\.\/outside\/secret\.png" leads outside the repository/);
  });

  test('a symlinked Icon.png leading outside is refused', async () => {
    const d = project('p-link', undefined);
    symlinkSync(join(outside, 'secret.png'), join(d, 'Icon.png'));
    const msg = await refusal(loadProject(d, '.', { workspace: ws }));
    expect(msg).toMatch(/Icon\.png.*link that leads outside the repository/);
  });

  test('Icon = "../.git/config" (into the VCS folder) is refused', async () => {
    const d = project('p-git', tomlWith('../.git/config'));
    const msg = await refusal(loadProject(d, '.', { workspace: ws }));
    expect(msg).toMatch(/^p-git\/FyneApp\.toml: Details\.Icon "\.\.\/\.git\/config" .*version-control folder/);
  });

  test('Icon naming a FIFO is refused (and does not hang)', async () => {
    const d = project('p-fifo', tomlWith('icon.fifo'));
    execFileSync('mkfifo', [join(d, 'icon.fifo')]);
    const msg = await refusal(loadProject(d, '.', { workspace: ws }));
    expect(msg).toMatch(/not a regular file/);
  });

  test('FyneApp.toml itself a link leading outside is refused', async () => {
    const d = project('p-tomllink', undefined);
    symlinkSync(join(outside, 'FyneApp.toml'), join(d, 'FyneApp.toml'));
    const msg = await refusal(loadProject(d, '.', { workspace: ws }));
    expect(msg).toMatch(/FyneApp\.toml.*link that leads outside the repository/);
  });

  test('go.mod a link leading outside is refused', async () => {
    const d = join(ws, 'p-modlink');
    mkdirSync(d);
    symlinkSync(join(outside, 'go.mod'), join(d, 'go.mod'));
    const msg = await refusal(loadProject(d, '.', { workspace: ws }));
    expect(msg).toMatch(/go\.mod.*link that leads outside the repository/);
  });

  test('a monorepo Icon = "../assets/icon.png" inside the workspace is read', async () => {
    const d = project('p-mono', tomlWith('../assets/icon.png'));
    const p = await loadProject(d, '.', { workspace: ws });
    expect(Buffer.from(p.icon?.bytes ?? []).equals(PNG)).toBe(true);
  });

  test('a repository link at a .syso name in the package folder (go build links it in) is refused', async () => {
    const d = project('p-rsrc', undefined);
    symlinkSync(join(outside, 'secret.png'), join(d, 'rsrc_windows_amd64.syso'));
    const msg = await refusal(loadProject(d, '.', { workspace: ws }));
    expect(msg).toMatch(/^a file go build reads from the package folder: "p-rsrc\/rsrc_windows_amd64\.syso" is a link that leads outside the repository/);
  });

  test('a .go source that is a link into .git is refused', async () => {
    const d = project('p-golink', undefined);
    symlinkSync('../.git/config', join(d, 'leak.go'));
    const msg = await refusal(loadProject(d, '.', { workspace: ws }));
    expect(msg).toMatch(/"p-golink\/leak\.go" leads through a link into a version-control folder/);
  });

  test('a package outside the workspace is refused', async () => {
    const msg = await refusal(loadProject(ws, outside, { workspace: ws }));
    expect(msg).toMatch(/^input "main-package": .* outside the workspace/);
  });
});

describe('class 1: go-version-file', () => {
  test('a link leading outside is refused without echoing its content', async () => {
    expect(await refusal(load({ 'go-version-file': '.go-version-out' }))).toMatch(/^input "go-version-file": ".go-version-out" .*outside the workspace/);
  });
  test('a link into .git is refused', async () => {
    expect(await refusal(load({ 'go-version-file': '.go-version-git' }))).toMatch(/^input "go-version-file": ".go-version-git" .*version-control folder/);
  });
  test('a path through .git is refused', async () => {
    expect(await refusal(load({ 'go-version-file': '../.git/config' }))).toMatch(/^input "go-version-file": "..\/.git\/config" .*version-control folder/);
  });
  test('a FIFO is refused (and does not hang)', async () => {
    expect(await refusal(load({ 'go-version-file': 'pipe' }))).toMatch(/^input "go-version-file": "pipe" is not a regular file/);
  });
  test('an invalid version in a repository file is shown cut to 40 characters', async () => {
    writeFileSync(join(app, '.go-version-long'), `${'9'.repeat(45)}${CANARY}\n`);
    expect(await refusal(load({ 'go-version-file': '.go-version-long' }))).toMatch(/has "9{40}…" in it, which is not a Go version/);
  });
  test('a huge file is refused', async () => {
    expect(await refusal(load({ 'go-version-file': 'huge.go-version' }))).toMatch(
      /^input "go-version-file": "huge.go-version" is \d+ bytes, over the \d+-byte limit/,
    );
  });
});

describe('class 1: archive-files and universal-inputs', () => {
  test('archive-files: docs/guide.md -> ../.git/config (working-directory at the repository root) is refused', async () => {
    mkdirSync(join(ws, 'docs'));
    symlinkSync('../.git/config', join(ws, 'docs', 'guide.md'));
    expect(await refusal(load({ 'working-directory': '.', 'archive-files': 'docs/guide.md', targets: 'linux/amd64', archive: 'zip' }))).toMatch(
      /^input "archive-files": "docs\/guide.md" leads through a link into a version-control folder/,
    );
  });
  test('archive-files: a glob matching a link out of the working directory into .git is refused', async () => {
    expect(await refusal(load({ 'archive-files': 'docs', targets: 'linux/amd64', archive: 'zip' }))).toMatch(
      /^input "archive-files": "docs\/guide.md" is a link that leads outside the working directory/,
    );
  });
  test('archive-files: a link leaving the workspace is refused', async () => {
    expect(await refusal(load({ 'archive-files': 'leak.txt', targets: 'linux/amd64', archive: 'zip' }))).toMatch(
      /^input "archive-files": "leak.txt" .*outside/,
    );
  });
  test('archive-files: a FIFO is refused', async () => {
    expect(await refusal(load({ 'archive-files': 'pipe', targets: 'linux/amd64', archive: 'zip' }))).toMatch(
      /^input "archive-files": "pipe" is not a regular file/,
    );
  });
  test('archive-files: the release reads the real path', async () => {
    const c = await load({ 'archive-files': 'README.md', targets: 'linux/amd64', archive: 'zip' });
    expect(c.release.archiveFileList).toEqual([{ name: 'README.md', source: join(app, 'README.md') }]);
  });
  test('universal-inputs: a link leaving the workspace is refused', async () => {
    expect(await refusal(load({ universal: 'true', 'universal-inputs': 'bins/*' }))).toMatch(/^input "universal-inputs": "bins\/hello_darwin_arm64" .*outside/);
  });
});

describe('class 1: the version becomes a file name part only when it is one', () => {
  test.each(['../x', '1.0/evil', '..', '-rf', 'a\nb', 'v1 2'])('input app-version %j is refused', async (v) => {
    const msg = await refusal(() => resolveVersion({ input: v }));
    expect(msg).toMatch(/^input "app-version": /);
  });
  test.each(['refs/tags/../../etc', 'refs/tags/release/1.0', 'refs/tags/..', 'refs/tags/v1.0\n::set-output', 'refs/tags/' + 'x'.repeat(300)])(
    'tag %j never becomes a path',
    (ref) => {
      const v = resolveVersion({ input: '', ref, sha: 'abcdef0123456789' }).version;
      expect(v).not.toMatch(/[/\\\n]/);
      expect(v).not.toMatch(/^\.|\.\./);
      expect(Buffer.byteLength(v)).toBeLessThanOrEqual(200);
    },
  );
});

describe('class 1: the app name from FyneApp.toml becomes a file name only when it is one', () => {
  test.each(['..', '-rf', 'CON', 'a.'])('Details.Name %j is refused', async (n) => {
    const msg = await refusal(() => resolveName({ name: '' } as BuildInputs, { fyneApp: { details: { name: n } } } as ProjectInfo));
    expect(msg).toMatch(/^FyneApp\.toml Details\.Name: /);
  });
  test.each(['../../escape', 'Hello\n::warning title=X::pwned'])('Details.Name %j is refused as written, before spaces become dashes', async (n) => {
    const msg = await refusal(() => resolveName({ name: '' } as BuildInputs, { fyneApp: { details: { name: n } } } as ProjectInfo));
    expect(msg).toMatch(/^FyneApp\.toml Details\.Name: .* (has a path separator|has a control character)/);
  });
  test('a display name with spaces still becomes a dashed file name', () => {
    expect(resolveName({ name: '' } as BuildInputs, { fyneApp: { details: { name: 'Hello Fyne' } } } as ProjectInfo)).toBe('Hello-Fyne');
  });
});

describe('class 3: the report', () => {
  test('report: go.mod is refused at config time, go.mod unchanged', async () => {
    const was = readFileSync(join(app, 'go.mod'));
    expect(await refusal(load({ report: 'go.mod' }))).toMatch(/^input "report": "go.mod" exists and is not a go-fyne-action run report/);
    expect(readFileSync(join(app, 'go.mod')).equals(was)).toBe(true);
  });
  test('report: a link is refused', async () => {
    symlinkSync(join(outside, 'secret.png'), join(app, 'report-link.json'));
    expect(await refusal(load({ report: 'report-link.json' }))).toMatch(/^input "report": "report-link.json" /);
  });
  test('report: inside .git is refused', async () => {
    expect(await refusal(load({ report: '../.git/report.json' }))).toMatch(/^input "report": "..\/.git\/report.json" .*version-control folder/);
  });
  test('output-dir inside .git is refused', async () => {
    expect(await refusal(load({ 'output-dir': '../.git/hooks' }))).toMatch(/^input "output-dir": "..\/.git\/hooks" .*version-control folder/);
  });
  test('an earlier run report is replaced; a new one is written', async () => {
    const r = buildReport({ door: 'cli', startedAt: new Date(0), endedAt: new Date(1), stages: [], targets: [], artifacts: [] });
    writeFileSync(join(app, 'old-report.json'), JSON.stringify({ ...r, schema: REPORT_SCHEMA }));
    const c = await load({ report: 'old-report.json' });
    await writeReport(c.report, r, c.workspace);
    expect(JSON.parse(readFileSync(join(app, 'old-report.json'), 'utf8'))).toMatchObject({ schema: REPORT_SCHEMA });
    const c2 = await load({ report: 'reports/new.json' });
    await writeReport(c2.report, r, c2.workspace);
    expect(existsSync(join(app, 'reports', 'new.json'))).toBe(true);
  });
  test('a link in the report path (a folder link) is refused at write time', async () => {
    symlinkSync(outside, join(app, 'out-link'));
    const r = buildReport({ door: 'cli', startedAt: new Date(0), endedAt: new Date(1), stages: [], targets: [], artifacts: [] });
    await expect(writeReport(join(app, 'out-link', 'r.json'), r, ws)).rejects.toThrow(/out-link is a link where a folder is needed/);
  });
});

describe('class 3: the Windows .syso and the build outputs', () => {
  test('an existing file at the .syso name is refused and left as it was', async () => {
    const pkg = project('p-syso', undefined);
    const syso = join(top, 'x.syso');
    writeFileSync(syso, 'SYSO');
    writeFileSync(join(pkg, 'zz_gofyneaction_windows_amd64.syso'), 'MINE');
    let ran = false;
    const msg = await refusal(
      withSysoInPackage(pkg, 'amd64', syso, () => {
        ran = true;
        return Promise.resolve();
      }),
    );
    expect(msg).toMatch(/zz_gofyneaction_windows_amd64\.syso already exists; refusing to replace it/);
    expect(ran).toBe(false);
    expect(readFileSync(join(pkg, 'zz_gofyneaction_windows_amd64.syso'), 'utf8')).toBe('MINE');
  });

  test('a link at the .syso name is refused, never written through', async () => {
    const pkg = project('p-syso-link', undefined);
    const syso = join(top, 'y.syso');
    writeFileSync(syso, 'SYSO');
    symlinkSync(join(outside, 'secret.png'), join(pkg, 'zz_gofyneaction_windows_arm64.syso'));
    await refusal(withSysoInPackage(pkg, 'arm64', syso, () => Promise.resolve()));
    expect(lstatSync(join(pkg, 'zz_gofyneaction_windows_arm64.syso')).isSymbolicLink()).toBe(true);
  });

  test('a .syso placed for the build is gone afterwards', async () => {
    const pkg = project('p-syso-ok', undefined);
    const syso = join(top, 'z.syso');
    writeFileSync(syso, 'SYSO');
    const seen = await withSysoInPackage(pkg, '386', syso, () => Promise.resolve(readFileSync(join(pkg, 'zz_gofyneaction_windows_386.syso'), 'utf8')));
    expect(seen).toBe('SYSO');
    expect(existsSync(join(pkg, 'zz_gofyneaction_windows_386.syso'))).toBe(false);
  });

  test('go build -o never writes through a link already in output-dir', async () => {
    const out = join(app, 'dist-link');
    mkdirSync(out);
    symlinkSync(join(outside, 'go-version'), join(out, 'hello'));
    const plan: BuildPlan = {
      target: { os: 'linux', arch: 'amd64' },
      id: 'linux/amd64',
      argv: ['/bin/sh', '-c', 'printf built > "$0"', join(out, 'hello')],
      cwd: app,
      env: {},
      output: join(out, 'hello'),
      cgo: false,
      expect: { os: 'linux', arch: 'amd64', buildmode: 'exe' },
      fingerprint: {},
    };
    const [r] = await runBuilds([plan], { parallel: 1, outputDir: out });
    expect(r.ok).toBe(true);
    expect(lstatSync(join(out, 'hello')).isFile()).toBe(true);
    expect(readFileSync(join(out, 'hello'), 'utf8')).toBe('built');
  });

  test('SHA256SUMS: a link already at the name is replaced, never followed', async () => {
    const out = join(app, 'dist-sums');
    mkdirSync(out);
    writeFileSync(join(out, 'a'), 'a');
    symlinkSync(join(outside, 'go-version'), join(out, 'SHA256SUMS'));
    await writeChecksums(out, [{ target: 'linux/amd64', os: 'linux', arch: 'amd64', path: join(out, 'a'), name: 'a', size: 1, sha256: '', kind: 'binary' }]);
    expect(lstatSync(join(out, 'SHA256SUMS')).isFile()).toBe(true);
  });
});
