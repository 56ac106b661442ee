/**
 * Each step of src/steps/ through its one shape, `run(ctx)`: why it skips (the typed reason, which
 * the pipeline logs) and what it does when it runs, with a recording Runtime, a real Config from
 * the real parser, a real artifact registry, and a real Go (installed from the loopback mirror)
 * where a step runs go.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactRegistry, artifactFromPath } from '../../src/artifacts/registry.js';
import type { CacheState } from '../../src/cache/layers.js';
import type { BuildSet } from '../../src/compile/plan.js';
import type { Config } from '../../src/config.js';
import type { AppSource, GatheredFiles, Planned, PlannedGather, RunContext, Step } from '../../src/context.js';
import type { FanInPlan } from '../../src/fanin/plan.js';
import { buildStep, systemPackagesStep } from '../../src/steps/build.js';
import { restoreCachesStep } from '../../src/steps/cache.js';
import { linuxPackagesStep } from '../../src/steps/linux-packages.js';
import { fynePackageStep } from '../../src/steps/package.js';
import { planTargets } from '../../src/steps/plan.js';
import { releaseStep, summaryStep } from '../../src/steps/release.js';
import { signStep } from '../../src/steps/sign.js';
import { universalStep } from '../../src/steps/universal.js';
import { installGo, type Toolchain } from '../../src/toolchain/index.js';
import { offlineGoEnv } from '../helpers/build-env.js';
import { startMirror, type Mirror } from '../helpers/dl-mirror.js';
import { fakeRuntime, testConfig, type FakeRuntime } from '../helpers/fake-runtime.js';
import { CPU, syntheticMachO } from '../helpers/macho-synth.js';
import { ROOT } from '../helpers/runner.js';

const NO_TARGETS: Planned = { skip: 'no targets (setup only)', fyneVersion: 'none' };

let mirror: Mirror;
let root: string;
let go: Toolchain;
let goEnv: Record<string, string>;
beforeAll(async () => {
  mirror = await startMirror();
  root = mkdtempSync(join(tmpdir(), 'gfa-steps-'));
  goEnv = offlineGoEnv(mirror.url);
  const rt = fakeRuntime({ tempDir: root, toolCacheDir: join(root, 'tools'), env: { PATH: process.env.PATH, HOME: root, ...goEnv } });
  go = await installGo(rt, (await testConfig(ROOT, { 'go-version': mirror.version }, goEnv)).toolchain);
}, 300_000);
afterAll(async () => {
  await mirror.close();
  rmSync(root, { recursive: true, force: true });
});

/** A workspace holding a copy of examples/hello. */
function workspace(): string {
  const ws = mkdtempSync(join(root, 'ws-'));
  cpSync(join(ROOT, 'examples/hello'), ws, { recursive: true });
  return ws;
}

function runtime(ws: string): FakeRuntime {
  return fakeRuntime({
    tempDir: mkdtempSync(join(ws, '..', 'tmp-')),
    localCacheDir: join(ws, '..', 'cache'),
    env: { PATH: process.env.PATH, HOME: root, ...goEnv },
  });
}

function context(rt: FakeRuntime, config: Config, over: Partial<RunContext> = {}): RunContext {
  return {
    rt,
    config,
    go,
    goTool: () => Promise.resolve(go),
    registry: new ArtifactRegistry(),
    plan: NO_TARGETS,
    name: 'hello',
    version: '',
    gocaches: { set: {}, owned: false, why: 'test' },
    targets: [],
    ...over,
  };
}

/** A build set with only the facts the skip decisions read. */
function setOf(isFyne: boolean): Planned {
  const set = { isFyne, name: 'hello', fyneVersion: isFyne ? 'v2.7.1' : 'none', plans: [], files: [], fingerprint: {} } as unknown as BuildSet;
  return { set, fyneVersion: set.fyneVersion, packageDir: '/nowhere', scratchDir: '/nowhere' };
}

async function addFile(registry: ArtifactRegistry, path: string, target: string, bytes: Buffer | string = 'bin'): Promise<void> {
  writeFileSync(path, bytes, { mode: 0o755 });
  registry.add(await artifactFromPath(path, { target, kind: 'binary' }));
}

describe("steps over the build set skip with the plan's reason when there are no targets", () => {
  test.each<[string, Step]>([
    ['System packages', systemPackagesStep],
    ['Build', buildStep],
    ['Fyne packages', fynePackageStep],
    ['Linux packages', linuxPackagesStep],
  ])('%s', async (name, step) => {
    const ws = workspace();
    const rt = runtime(ws);
    const ctx = context(rt, await testConfig(ws, { 'fyne-package': 'true' }));
    expect(step.name).toBe(name);
    expect(step.needsFiles).toBe(true);
    expect(await step.run(ctx)).toEqual({ skipped: 'no targets (setup only)' });
    expect(rt.lines).toEqual([]); // the pipeline logs it, once
    expect(ctx.registry.list()).toEqual([]);
  });
});

describe('packaging steps say why they skip', () => {
  test('fyne packages: off, not a Fyne app, nothing to package', async () => {
    const ws = workspace();
    const rt = runtime(ws);
    expect(await fynePackageStep.run(context(rt, await testConfig(ws), { plan: setOf(true) }))).toEqual({ skipped: 'fyne-package is false' });
    const on = await testConfig(ws, { 'fyne-package': 'true', targets: 'linux/amd64' });
    expect(await fynePackageStep.run(context(rt, on, { plan: setOf(false) }))).toEqual({ skipped: 'not a Fyne app' });
    expect(rt.lines).toContain('warning: fyne-package: no package is made: this project is not a Fyne app (its go.mod does not require fyne.io/fyne/v2)');
    const ctx = context(rt, on, { plan: setOf(true) });
    await addFile(ctx.registry, join(ws, 'hello_windows_amd64.exe'), 'windows/amd64');
    expect(await fynePackageStep.run(ctx)).toEqual({ skipped: 'no linux or darwin binaries to package' });
  });
  test('linux packages: none asked, not a Fyne app, no linux binary', async () => {
    const ws = workspace();
    const rt = runtime(ws);
    expect(await linuxPackagesStep.run(context(rt, await testConfig(ws), { plan: setOf(true) }))).toEqual({ skipped: 'linux-packages is empty' });
    const deb = await testConfig(ws, { targets: 'linux/amd64 windows/amd64', 'linux-packages': 'deb', maintainer: 'Jane Doe <jane@example.org>' });
    expect(await linuxPackagesStep.run(context(rt, deb, { plan: setOf(false) }))).toEqual({ skipped: 'not a Fyne app' });
    const ctx = context(rt, deb, { plan: setOf(true) });
    await addFile(ctx.registry, join(ws, 'hello_windows_amd64.exe'), 'windows/amd64');
    expect(await linuxPackagesStep.run(ctx)).toEqual({ skipped: 'no linux binaries were built' });
  });
  test('signing: no certificate, or no Windows executable', async () => {
    const ws = workspace();
    const rt = runtime(ws);
    const config = await testConfig(ws);
    expect(await signStep.run(context(rt, config))).toEqual({ skipped: 'no windows-certificate' });
    const ctx = context(rt, { ...config, signing: { authenticode: {} as NonNullable<Config['signing']['authenticode']> } });
    await addFile(ctx.registry, join(ws, 'hello_linux_amd64'), 'linux/amd64');
    expect(await signStep.run(ctx)).toEqual({ skipped: 'no Windows executable was built' });
  });
});

describe('universal', () => {
  test('skips when off or without both darwin slices', async () => {
    const ws = workspace();
    const rt = runtime(ws);
    expect(await universalStep.run(context(rt, await testConfig(ws, { universal: 'false' })))).toEqual({ skipped: 'universal is false' });
    const ctx = context(rt, await testConfig(ws));
    await addFile(ctx.registry, join(ws, 'hello_darwin_arm64'), 'darwin/arm64', syntheticMachO({ cputype: CPU.arm64 }));
    expect(await universalStep.run(ctx)).toEqual({ skipped: 'the targets do not include both darwin/amd64 and darwin/arm64' });
  });
  test("merges this run's two darwin binaries into <name>_darwin_universal in output-dir, verified and registered", async () => {
    const ws = workspace();
    const rt = runtime(ws);
    const config = await testConfig(ws, { lipo: 'builtin' });
    mkdirSync(config.outputDir);
    const ctx = context(rt, config);
    await addFile(ctx.registry, join(ws, 'a'), 'darwin/amd64', syntheticMachO({ cputype: CPU.x86_64 }));
    await addFile(ctx.registry, join(ws, 'b'), 'darwin/arm64', syntheticMachO({ cputype: CPU.arm64 }));
    expect(await universalStep.run(ctx)).toEqual({ ran: true });
    const u = ctx.registry.list('binary').find((a) => a.target === 'darwin/universal');
    expect(u?.path).toBe(join(config.outputDir, 'hello_darwin_universal'));
    expect(rt.lines.join('\n')).toMatch(/Universal binary .*hello_darwin_universal \(x86_64 \+ arm64\) with the builtin lipo, verified/);
  });
});

describe('release files and summary', () => {
  test('nothing built: skipped; else SHA256SUMS and the manifest in output-dir, with their outputs', async () => {
    const ws = workspace();
    const rt = runtime(ws);
    const config = await testConfig(ws);
    expect(await releaseStep.run(context(rt, config))).toEqual({ skipped: 'nothing was built' });
    const ctx = context(rt, config);
    mkdirSync(config.outputDir);
    await addFile(ctx.registry, join(config.outputDir, 'hello_linux_amd64'), 'linux/amd64', 'an elf, say');
    expect(await releaseStep.run(ctx)).toEqual({ ran: true });
    expect(rt.outputs['checksums']).toBe(join(config.outputDir, 'SHA256SUMS'));
    expect(readFileSync(rt.outputs['checksums'], 'utf8')).toMatch(/^[0-9a-f]{64} {2}hello_linux_amd64\n$/);
    expect(existsSync(rt.outputs['manifest'])).toBe(true);
    expect(ctx.registry.list('checksums')).toHaveLength(1);
  });
  test('the summary: the artifacts output, and the data the Runtime renders', async () => {
    const ws = workspace();
    const rt = runtime(ws);
    const ctx = context(rt, await testConfig(ws), { version: '1.2.3' });
    await addFile(ctx.registry, join(ws, 'hello_linux_amd64'), 'linux/amd64');
    expect(await summaryStep.run(ctx)).toEqual({ ran: true });
    expect(summaryStep.group).toBe(false);
    expect(JSON.parse(rt.outputs['artifacts'])).toEqual(ctx.registry.toJSON());
    expect(rt.summaries).toEqual([
      expect.objectContaining({
        goVersion: go.version.text,
        fyneVersion: '',
        releaseVersion: '1.2.3',
        rows: [expect.objectContaining({ target: 'linux/amd64', file: 'hello_linux_amd64' })],
        cache: [],
      }),
    ]);
  });
  test('the summary shows each cache layer as restored, a skipped one as skipped', async () => {
    const ws = workspace();
    const rt = runtime(ws);
    const layer = { key: 'k', restoreKeys: [], hitPrefix: 'k', paths: [], sizeBytes: 0, ms: 0 };
    const cache = {
      layers: [
        { ...layer, name: 'modules', result: 'prefix' },
        { ...layer, name: 'build', result: 'miss', skipped: 'GOCACHE is set (/g): used as is and never pruned' },
      ],
    } as unknown as CacheState;
    const ctx = { ...context(rt, await testConfig(ws), { version: '' }), cache };
    await summaryStep.run(ctx);
    expect(rt.summaries[0]?.cache).toEqual([
      { layer: 'modules', result: 'prefix' },
      { layer: 'build', result: 'skipped' },
    ]);
  });
});

describe('restore caches', () => {
  test('cache false: skipped, nothing restored', async () => {
    const ws = workspace();
    const rt = runtime(ws);
    const ctx = context(rt, await testConfig(ws, { cache: 'false' }));
    expect(await restoreCachesStep.run(ctx)).toEqual({ skipped: 'cache is false' });
    expect(ctx.cache).toBeUndefined();
    expect(rt.state).toEqual({});
  });
  test('a first run against an empty local store: both layers miss; the state goes to ctx and to the post step', async () => {
    const ws = workspace();
    const rt = runtime(ws);
    rt.env.GOCACHE = join(ws, '..', 'gocache');
    rt.env.GOMODCACHE = join(ws, '..', 'gomodcache');
    const ctx = context(rt, await testConfig(ws), { gocaches: { set: {}, owned: true, why: "the CLI's own" } });
    expect(await restoreCachesStep.run(ctx)).toEqual({ ran: true });
    expect(ctx.cache?.layers.map((l) => [l.name, l.result])).toEqual([
      ['modules', 'miss'],
      ['build', 'miss'],
    ]);
    expect(JSON.parse(rt.state['cache']) as CacheState).toEqual(ctx.cache);
    expect(rt.outputs['cache-hit']).toBe('false');
    expect(rt.lines.join('\n')).toMatch(/cache build: miss; key /);
  });
});

describe('build', () => {
  test('every target is built; a failing one is recorded and does not stop the others', async () => {
    const ws = workspace();
    writeFileSync(join(ws, 'broken_windows.go'), 'package main\n\nfunc broken() int { return "not an int" }\n');
    const rt = runtime(ws);
    const config = await testConfig(ws, { targets: 'linux/amd64 windows/amd64', cgo: 'false', parallel: '2' }, goEnv);
    const plan = await planTargets(rt, config, go);
    const ctx = context(rt, config, { plan });
    expect(buildStep.group).toBe(false); // each target is a group of its own
    expect(await buildStep.run(ctx)).toEqual({ ran: true });
    const byTarget = Object.fromEntries(ctx.targets.map((t) => [t.target, t]));
    expect(byTarget['linux/amd64']).toMatchObject({ ok: true });
    expect(byTarget['windows/amd64'].ok).toBe(false);
    expect(byTarget['windows/amd64'].error).toMatch(/broken_windows\.go/);
    expect(ctx.targets.every((t) => t.durationMs > 0)).toBe(true);
    expect(ctx.registry.list('binary').map((a) => a.target)).toEqual(['linux/amd64']);
    expect(rt.lines).toContain('Building 2 target(s), 2 at a time');
    expect(rt.lines).toContain('▸ windows/amd64: FAILED');
  });
});

describe('a fan-in: the same steps over gathered files', () => {
  /** A gather plan over files already in output-dir, each registered as a job's. */
  async function gathered(config: Config, files: { name: string; target: string; kind: 'binary' | 'archive'; bytes: string | Buffer }[], app: AppSource) {
    mkdirSync(config.outputDir, { recursive: true });
    const registry = new ArtifactRegistry();
    const fromJobs: GatheredFiles['fromJobs'] = new Map();
    for (const f of files) {
      const path = join(config.outputDir, f.name);
      writeFileSync(path, f.bytes, { mode: 0o755 });
      const a = registry.add(await artifactFromPath(path, { target: f.target, kind: f.kind }));
      fromJobs.set(path, { jobs: `job-${f.target.replace('/', '-')}`, sha256: a.sha256 });
    }
    const plan = {
      name: 'hello',
      version: '1.2.3',
      jobs: [{}, {}],
      items: files.map((f) => ({ dest: f.name, kind: f.kind, os: f.target.split('/')[0], target: f.target })),
      universal: { skip: 'skipped: the jobs did not build both darwin/amd64 and darwin/arm64' },
    } as unknown as FanInPlan;
    const plannedGather: PlannedGather = { gathered: { plan, fromJobs, app }, fyneVersion: 'none' };
    return { registry, plan: plannedGather };
  }
  const noToml: AppSource = { skip: 'no FyneApp.toml in the checkout', why: 'the fan-in job has no FyneApp.toml in .; check out the repository' };

  test("release files: only what the fan-in made is archived, the jobs' archives are kept, one SHA256SUMS, no manifest; the summary names each file's job", async () => {
    const ws = workspace();
    const rt = runtime(ws);
    const config = await testConfig(ws, { archive: 'auto' });
    const g = await gathered(
      config,
      [
        { name: 'hello_linux_amd64', target: 'linux/amd64', kind: 'binary', bytes: 'linux elf' },
        { name: 'hello_1.2.3_linux_amd64.tar.gz', target: 'linux/amd64', kind: 'archive', bytes: "the job's archive" },
      ],
      noToml,
    );
    const ctx = context(rt, config, { ...g, version: '1.2.3' });
    // a file the fan-in made itself (as the universal step would)
    await addFile(ctx.registry, join(config.outputDir, 'hello_darwin_universal'), 'darwin/universal', syntheticMachO({ cputype: CPU.arm64 }));
    expect(await universalStep.run(ctx)).toEqual({ skipped: 'the jobs did not build both darwin/amd64 and darwin/arm64' });
    expect(await fynePackageStep.run(context(rt, { ...config, release: { ...config.release, fynePackage: true } }, g))).toEqual({
      skipped: 'no FyneApp.toml in the checkout',
    });
    expect(rt.lines).toContain('warning: fyne-package: no package is made: the fan-in job has no FyneApp.toml in .; check out the repository');
    expect(await releaseStep.run(ctx)).toEqual({ ran: true });
    expect(readFileSync(join(config.outputDir, 'hello_1.2.3_linux_amd64.tar.gz'), 'utf8')).toBe("the job's archive"); // kept as the job made it
    expect(existsSync(join(config.outputDir, 'hello_1.2.3_darwin_universal.tar.gz'))).toBe(true);
    expect(rt.outputs['manifest']).toBeUndefined();
    expect(
      readFileSync(join(config.outputDir, 'SHA256SUMS'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.slice(66))
        .sort(),
    ).toEqual(['hello_1.2.3_darwin_universal.tar.gz', 'hello_1.2.3_linux_amd64.tar.gz', 'hello_darwin_universal', 'hello_linux_amd64']);
    expect(await summaryStep.run(ctx)).toEqual({ ran: true });
    const arts = JSON.parse(rt.outputs['artifacts']) as { target: string; kind: string }[];
    expect(arts.map((a) => `${a.target} ${a.kind}`)).toEqual([
      'darwin/universal binary',
      'darwin/universal archive',
      'linux/amd64 binary',
      'linux/amd64 archive',
      ' checksums',
    ]);
    const rows = rt.summaries[0].rows.map((x) => `${x.file} ${x.job}`);
    expect(rows).toEqual([
      'hello_darwin_universal fan-in',
      'hello_1.2.3_darwin_universal.tar.gz fan-in',
      'hello_linux_amd64 job-linux-amd64',
      'hello_1.2.3_linux_amd64.tar.gz job-linux-amd64',
    ]);
    expect(rt.summaries[0].lead).toEqual(['Fan-in 2 job(s), 4 file(s) verified and merged', 'release 1.2.3']);
  });
});
