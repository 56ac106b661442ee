/**
 * A fresh runner: the bundled action (dist/main.js on Node 24, install-deps true) in a fresh Debian
 * bookworm root (scripts/lib/fresh-root.mjs: debootstrap minbase, no gcc, no -dev package) installs
 * the system packages itself with apt-get, builds examples/hello-fyne for linux/amd64, and the
 * binary opens its window under Xvfb with only what the root has. Proves the minimal Fyne package
 * set (src/deps/plan.ts FYNE_NATIVE_PACKAGES: pkg-config + one -dev per library the cgo
 * directives link, no xorg-dev) links and runs.
 *
 * Fresh: the root, its system packages (apt-get from Debian's mirror, run by the action), its
 * tool cache (Go: the fixture toolchain extracted into /opt/hostedtoolcache, as on a hosted runner).
 * Shared with the host, to keep this test short: the Go build cache the build tests fill
 * (TEST_GOCACHE, bound read-write; same gcc and headers in the root, so the cgo compiles hit), the
 * module cache (bound read-only, GOPROXY=off), and the .deb files apt-get downloads
 * (~/.cache/go-fyne-action-tests/fresh-root/apt-archives, bound at /var/cache/apt/archives: downloaded once per machine;
 * dpkg still unpacks and configures every package in every run).
 * Needs root (chroot, mount) and Debian's mirror for apt-get update; skipped without root.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFixtures, prefetchModules, TEST_GOCACHE } from '../../scripts/fixtures.mjs';
import { CACHE_DIR, freshRoot, type FreshRoot } from '../../scripts/lib/fresh-root.mjs';
import { parseCommandFile, ROOT } from '../helpers/runner.js';
import { runUnderXvfb } from '../helpers/xvfb.js';

const asRoot = process.getuid?.() === 0;
const WS = '/home/runner/work/app';
const TOOLCACHE = '/opt/hostedtoolcache';
const APP = `${WS}/hello-fyne`;
const OUT = `${APP}/dist`;

let fr: FreshRoot | undefined;
/** The root, once beforeAll made it. */
const root = (): FreshRoot => {
  if (!fr) throw new Error('the fresh root was not made (see beforeAll)');
  return fr;
};
let main: { code: number; stdout: string; stderr: string; outputs: Record<string, string> };

(asRoot ? describe : describe.skip)('fresh runner (debootstrap root)', () => {
  beforeAll(async () => {
    const fx = ensureFixtures({ quiet: true });
    prefetchModules({ quiet: true });
    const gomodcache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
    const debs = join(CACHE_DIR, 'apt-archives');
    mkdirSync(join(debs, 'partial'), { recursive: true });
    mkdirSync(TEST_GOCACHE, { recursive: true });
    fr = await freshRoot(undefined, {
      go: false, // Go comes from the root's own tool cache, as on a runner
      binds: [
        { host: join(ROOT, 'dist'), inside: '/action/dist' },
        { host: join(ROOT, 'package.json'), inside: '/action/package.json' },
        { host: gomodcache, inside: '/gomodcache' },
        { host: TEST_GOCACHE, inside: '/gocache', readOnly: false },
        { host: debs, inside: '/var/cache/apt/archives', readOnly: false },
      ],
    });
    const goDir = root().hostPath(`${TOOLCACHE}/go/${fx.version}/x64`);
    mkdirSync(goDir, { recursive: true });
    execFileSync('tar', ['-xzf', fx.tarball, '-C', goDir, '--strip-components=1']);
    writeFileSync(`${goDir}.complete`, '');
    cpSync(join(ROOT, 'examples/hello-fyne'), root().hostPath(APP), { recursive: true, filter: (s) => !s.startsWith(join(ROOT, 'examples/hello-fyne/dist')) });
    const step = '/home/runner/step';
    mkdirSync(root().hostPath(step), { recursive: true });
    mkdirSync(root().hostPath('/home/runner/work/_temp'), { recursive: true });
    const files = {
      GITHUB_OUTPUT: `${step}/output`,
      GITHUB_ENV: `${step}/env`,
      GITHUB_PATH: `${step}/path`,
      GITHUB_STATE: `${step}/state`,
      GITHUB_STEP_SUMMARY: `${step}/summary`,
    };
    for (const f of Object.values(files)) writeFileSync(root().hostPath(f), '');
    const r = await root().run(['/opt/node24/bin/node', '/action/dist/main.js'], {
      cwd: WS,
      timeoutMs: 8 * 60_000,
      env: {
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        RUNNER_OS: 'Linux',
        RUNNER_ARCH: 'X64',
        RUNNER_TEMP: '/home/runner/work/_temp',
        RUNNER_TOOL_CACHE: TOOLCACHE,
        GITHUB_WORKSPACE: WS,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_RUN_ID: '1',
        GITHUB_RUN_ATTEMPT: '1',
        GOPROXY: 'off',
        GOFLAGS: '-buildvcs=false',
        GOMODCACHE: '/gomodcache',
        GOCACHE: '/gocache',
        ...files,
        'INPUT_GO-VERSION': fx.version,
        'INPUT_WORKING-DIRECTORY': APP,
        INPUT_TARGETS: 'linux/amd64',
        'INPUT_OUTPUT-DIR': OUT,
        'INPUT_INSTALL-DEPS': 'true',
        INPUT_CACHE: 'false',
      },
    });
    main = { ...r, outputs: parseCommandFile(readFileSync(root().hostPath(files.GITHUB_OUTPUT), 'utf8')) };
  }, 10 * 60_000);
  afterAll(async () => {
    if (fr) await fr.dispose();
  });

  const installed = async (): Promise<string[]> =>
    (await root().run(['dpkg-query', '-W', '-f', '${db:Status-Abbrev}${Package}\n'])).stdout
      .split('\n')
      .filter((l) => l.startsWith('ii '))
      .map((l) => l.slice(3).trim());

  test('the action installs the minimal Fyne set itself (no xorg-dev, no libgl1-mesa-dev) and builds', async () => {
    expect(main.stderr.split('\n').filter((l) => /error/i.test(l))).toEqual([]);
    expect({ code: main.code, errors: main.stdout.split('\n').filter((l) => l.startsWith('::error')) }).toEqual({ code: 0, errors: [] });
    expect(main.stdout).toMatch(/installing \d+ missing package\(s\) with apt-get: .*libx11-dev/);
    const pkgs = await installed();
    for (const p of [
      'gcc',
      'libc6-dev',
      'pkg-config',
      'libgl-dev',
      'libx11-dev',
      'libxcursor-dev',
      'libxrandr-dev',
      'libxinerama-dev',
      'libxi-dev',
      'libxxf86vm-dev',
    ])
      expect(pkgs).toContain(p);
    expect(pkgs.filter((p) => ['xorg-dev', 'libgl1-mesa-dev', 'xserver-xorg-dev', 'libxaw7-dev'].includes(p))).toEqual([]);
    const artifacts = JSON.parse(main.outputs.artifacts) as { target: string; kind: string }[];
    expect(artifacts.map((a) => `${a.target} ${a.kind}`)).toContain('linux/amd64 binary');
  });

  test("the binary's libraries resolve in the root, and its window opens under Xvfb with the root's Mesa", async () => {
    const bin = `${OUT}/Hello-Fyne_linux_amd64`;
    const ldd = await root().run(['ldd', bin]);
    expect(ldd.code).toBe(0);
    expect(ldd.stdout).toMatch(/libGL\.so\.1 => \//);
    expect(ldd.stdout).not.toMatch(/not found/);
    // The X server is the host's (xvfb-run); the app runs inside the root (its libGL, its Mesa
    // swrast driver) and reaches the server through X's abstract socket, shared with the chroot.
    const wrapper = join(root().dir, 'in-root.sh');
    writeFileSync(
      wrapper,
      [
        '#!/bin/sh',
        `cp "$XAUTHORITY" "${root().hostPath('/tmp/xauth')}"`,
        `exec chroot "${root().root}" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root DISPLAY="$DISPLAY" XAUTHORITY=/tmp/xauth "${bin}"`,
      ].join('\n'),
      { mode: 0o755 },
    );
    const log = join(root().dir, 'app.log');
    const { code, text } = await runUnderXvfb(wrapper, log, { quit: true });
    expect(text).toMatch(/window=\d+/);
    expect(text).toMatch(/Map State: IsViewable/);
    expect(text).toMatch(/exit=0/);
    expect(code).toBe(0);
  }, 120_000);
});
