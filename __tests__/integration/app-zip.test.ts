/**
 * Issue 19, deliverable 2, through the bundled action: the sealed darwin/universal .app made on
 * Linux (pure-Go darwin binaries as universal-inputs, `fyne-package: true`) leaves the job as
 * `<name>_<version>_darwin_universal.app.zip`, listed in SHA256SUMS (`sha256sum -c`), in the job
 * manifest and in the `artifacts` output; unpacked by independent tools (python3 zipfile with the
 * modes and links applied, and Info-ZIP unzip) it is a sealed app (macos-seal-check.py) whose
 * executable is 0755. The project is a copy of examples/hello-fyne (a Fyne app by its go.mod)
 * whose main.go is a plain Go program, so its own linux/amd64 build (cgo, as Fyne requires) is
 * quick.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactJSON } from '../../src/artifacts/registry.js';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { newRunner, ROOT, runStep, type Runner, type StepResult } from '../helpers/runner.js';
import { requireTools } from '../helpers/tools.js';
import { buildGoHello } from '../helpers/macho-go.js';

let mirror: Mirror;
let runner: Runner;
let env: Record<string, string>;
beforeAll(async () => {
  mirror = await startMirror();
  runner = newRunner('app-zip', { preinstalledGo: true });
  env = offlineGoEnv(mirror.url);
});
afterAll(() => mirror.close());

const sh = (cmd: string, args: string[], opts: { cwd?: string } = {}) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
const ZIP = 'Hello-Fyne_1.2.3_darwin_universal.app.zip';

describe('fyne-package with universal-inputs: the .app leaves the job as a zip', () => {
  let out: string;
  let r: StepResult;
  beforeAll(async () => {
    const app = join(runner.dir, 'hello-fyne-app');
    cpSync(join(ROOT, 'examples/hello-fyne'), app, { recursive: true });
    writeFileSync(join(app, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n');
    mkdirSync(join(app, 'bins'));
    const hello = await buildGoHello(mkdtempSync(join(runner.dir, 'darwin-')));
    cpSync(hello.amd64, join(app, 'bins', 'Hello-Fyne_darwin_amd64'));
    cpSync(hello.arm64, join(app, 'bins', 'Hello-Fyne_darwin_arm64'));
    out = mkdtempSync(join(runner.dir, 'out-'));
    r = await runStep(runner, {
      inputs: {
        'go-version': mirror.version,
        'working-directory': app,
        targets: 'linux/amd64',
        'universal-inputs': 'bins/Hello-Fyne_darwin_*',
        'fyne-package': 'true',
        'app-version': '1.2.3',
        archive: 'none',
        cache: 'false',
        'output-dir': out,
      },
      env,
      timeoutMs: 30 * 60_000,
    });
    if (r.code !== 0) throw new Error(`the action failed (${r.code}): ${r.errors.join('\n')}\n${r.stdout.slice(-4000)}`);
  }, 30 * 60_000);

  test('the zip is in the artifacts output, SHA256SUMS (sha256sum -c passes) and the job manifest; the .app folder stays', () => {
    expect(r.errors).toEqual([]);
    const arts = JSON.parse(r.outputs['artifacts']) as ArtifactJSON[];
    const zip = arts.find((a) => a.path === join(out, ZIP));
    expect(zip).toMatchObject({ kind: 'archive', target: 'darwin/universal', os: 'darwin', arch: 'universal' });
    expect(zip!.sha256).toBe(sh('sha256sum', [join(out, ZIP)]).split(' ')[0]);
    expect(arts.find((a) => a.kind === 'app')).toMatchObject({ path: join(out, 'Hello Fyne.app'), target: 'darwin/universal' });
    const sums = readFileSync(join(out, 'SHA256SUMS'), 'utf8');
    expect(sums).toContain(`${zip!.sha256}  ${ZIP}\n`);
    expect(sh('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out })).toContain(`${ZIP}: OK`);
    const manifest = JSON.parse(readFileSync(r.outputs['manifest'], 'utf8')) as { files: { path: string; kind: string; sha256: string; target: string }[] };
    expect(manifest.files).toContainEqual(expect.objectContaining({ path: ZIP, kind: 'archive', target: 'darwin/universal', sha256: zip!.sha256 }));
    expect(r.stdout).toContain(`archive: ${join(out, ZIP)}`);
  });

  test('python3 zipfile (modes and links applied) unpacks a sealed app whose executable is 0755', () => {
    requireTools('python3');
    const dest = mkdtempSync(join(runner.dir, 'py-'));
    // The standard library's zipfile extracts bytes only: apply the st_mode and make the links as an unzipper that honours them does.
    const listing = sh('python3', [
      '-c',
      `import os,sys,json,zipfile,stat
z=zipfile.ZipFile(sys.argv[1]); d=sys.argv[2]; rows=[]
for i in z.infolist():
    m=i.external_attr>>16; p=os.path.join(d,i.filename)
    rows.append([i.filename, oct(m)])
    if stat.S_ISLNK(m): os.symlink(z.read(i).decode(), p.rstrip('/'))
    elif stat.S_ISDIR(m): os.makedirs(p, exist_ok=True)
    else:
        z.extract(i, d); os.chmod(p, stat.S_IMODE(m))
print(json.dumps(rows))`,
      join(out, ZIP),
      dest,
    ]);
    const rows = JSON.parse(listing) as [string, string][];
    expect(rows[0]).toEqual(['Hello Fyne.app/', '0o40755']);
    expect(rows).toContainEqual(['Hello Fyne.app/Contents/MacOS/Hello-Fyne', '0o100755']);
    const bundle = join(dest, 'Hello Fyne.app');
    expect(lstatSync(join(bundle, 'Contents', 'MacOS', 'Hello-Fyne')).mode & 0o7777).toBe(0o755);
    const check = JSON.parse(sh('python3', [join(ROOT, '__tests__/helpers/macos-seal-check.py'), bundle])) as {
      ok: boolean;
      problems: string[];
      slices: unknown[];
    };
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.slices).toHaveLength(2); // both slices of the universal executable
    // byte for byte the bundle the job left in output-dir
    expect(
      readFileSync(join(bundle, 'Contents', 'MacOS', 'Hello-Fyne')).equals(readFileSync(join(out, 'Hello Fyne.app', 'Contents', 'MacOS', 'Hello-Fyne'))),
    ).toBe(true);
  });

  test('Info-ZIP unzip: no errors, and the extracted app passes the independent seal check with its executable 0755', () => {
    requireTools('unzip');
    expect(sh('unzip', ['-t', join(out, ZIP)])).toMatch(/No errors detected/);
    const dest = mkdtempSync(join(runner.dir, 'unzip-'));
    sh('unzip', ['-q', join(out, ZIP), '-d', dest]);
    const bundle = join(dest, 'Hello Fyne.app');
    expect(existsSync(join(dest, '__MACOSX'))).toBe(false);
    expect(lstatSync(join(bundle, 'Contents', 'MacOS', 'Hello-Fyne')).mode & 0o7777).toBe(0o755);
    expect((JSON.parse(sh('python3', [join(ROOT, '__tests__/helpers/macos-seal-check.py'), bundle])) as { ok: boolean }).ok).toBe(true);
  });
});
