/** The thin install of system packages (src/deps/apt.ts): dpkg-query, sudo, apt-get, recorded instead of run. */
import { existsSync } from 'node:fs';
import { UserError } from '../../src/errors.js';
import { defaultExec, ensureDeps, type Exec, type ExecResult } from '../../src/deps/apt.js';
import { planPackages, type DepsPlan } from '../../src/deps/plan.js';
import { onPath } from '../../src/system/process.js';

/** An Exec that records instead of running: `answer` says what each command returns. */
const recorded =
  (answer: (argv: string[], opts?: { input?: string }) => ExecResult): Exec =>
  (argv, opts) =>
    Promise.resolve(answer(argv, opts));

const hasDpkg = existsSync('/usr/bin/dpkg-query');
(hasDpkg ? test : test.skip)("against this machine's real dpkg database: gcc present, a bogus package missing (install-deps false)", async () => {
  const plan: DepsPlan = {
    system: 'apt',
    packages: ['gcc', 'gfa-no-such-package-xyz'],
    foreignArchs: [],
    hostArch: 'amd64',
    reasons: { 'gfa-no-such-package-xyz': ['linux/amd64'] },
    xcode: false,
    commands: {},
  };
  const logs: string[] = [];
  const e = await ensureDeps(plan, { mode: 'false', ci: true, log: (l) => logs.push(l) }).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(UserError);
  expect((e as Error).message).toBe(
    'input "install-deps": "false" and these packages are missing: gfa-no-such-package-xyz (for linux/amd64); install them (sudo apt-get install gfa-no-such-package-xyz) or set install-deps: true',
  );
  const ok = await ensureDeps({ ...plan, packages: ['gcc'] }, { mode: 'false', ci: false, log: (l) => logs.push(l) });
  expect(ok.alreadyPresent).toEqual(['gcc']);
  expect(ok.installed).toEqual([]);
  expect(logs).toContain('system packages present: gcc');
});

test('install path on Ubuntu: add arch, fix sources, one apt-get update, install only the missing, via sudo', async () => {
  // The system boundary (dpkg/apt) is recorded instead of run: tests must not install packages.
  const calls: string[] = [];
  const exec = recorded((argv, opts) => {
    calls.push(argv.join(' ') + (opts?.input ? ` <<${opts.input.split('\n')[0]}` : ''));
    if (argv[0] === 'dpkg-query') return { code: 1, stdout: 'gcc amd64 ii \n', stderr: 'dpkg-query: no packages found matching libx11-dev:arm64\n' };
    return { code: 0, stdout: '', stderr: '' };
  });
  const files: Record<string, string> = {
    '/etc/os-release': 'ID=ubuntu\nVERSION_CODENAME=noble\n',
    '/etc/apt/sources.list.d/ubuntu.sources': 'Types: deb\nURIs: http://azure.archive.ubuntu.com/ubuntu/\nSuites: noble\nComponents: main\n',
  };
  const plan: DepsPlan = {
    system: 'apt',
    packages: ['gcc', 'gcc-aarch64-linux-gnu', 'libx11-dev:arm64'],
    foreignArchs: ['arm64'],
    hostArch: 'amd64',
    reasons: {},
    xcode: false,
    commands: {},
  };
  const logs: string[] = [];
  const r = await ensureDeps(plan, {
    mode: 'auto',
    ci: true,
    isRoot: false,
    exec,
    log: (l) => logs.push(l),
    readText: (f) => files[f],
    sourceFiles: () => ['/etc/apt/sources.list.d/ubuntu.sources'],
  });
  expect(r.installed).toEqual(['gcc-aarch64-linux-gnu', 'libx11-dev:arm64']);
  expect(calls).toEqual([
    'dpkg-query -W -f ${Package} ${Architecture} ${db:Status-Abbrev}\n gcc gcc-aarch64-linux-gnu libx11-dev:arm64',
    'sudo -n true',
    'dpkg --print-foreign-architectures',
    'sudo -n dpkg --add-architecture arm64',
    'sudo -n tee /etc/apt/sources.list.d/ubuntu.sources <<Types: deb',
    'sudo -n tee /etc/apt/sources.list.d/go-fyne-action-arm64.sources <<Types: deb',
    'sudo -n apt-get update -q',
    'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gcc-aarch64-linux-gnu libx11-dev:arm64',
  ]);
  expect(logs.at(-1)).toMatch(/^installed gcc-aarch64-linux-gnu libx11-dev:arm64 in \d+\.\d s$/);
  // said before installing: what, and why
  expect(logs[0]).toBe('installing 2 missing package(s) with apt-get (sudo -n): gcc-aarch64-linux-gnu, libx11-dev:arm64');
  // install-deps auto off CI: no install, a clear error instead
  await expect(ensureDeps(plan, { mode: 'auto', ci: false, exec, log: () => {} })).rejects.toThrow(
    /sudo dpkg --add-architecture arm64 && sudo apt-get install gcc-aarch64-linux-gnu libx11-dev:arm64/,
  );
});

test('not root: no sudo, or sudo wanting a password off a terminal, stops before apt-get with the one command', async () => {
  const plan = planPackages([{ pkg: 'xdotool', role: 'xdotool', for: 'tests' }], { os: 'linux', arch: 'amd64' });
  const run = async (sudoCode: number, interactive: boolean) => {
    const calls: string[] = [];
    const logs: string[] = [];
    const exec = recorded((argv) => {
      calls.push(argv.join(' '));
      if (argv[0] === 'dpkg-query') return { code: 1, stdout: '', stderr: '' };
      if (argv.join(' ') === 'sudo -n true') return { code: sudoCode, stdout: '', stderr: '' };
      return { code: 0, stdout: '', stderr: '' };
    });
    const r = await ensureDeps(plan, { mode: 'true', ci: false, isRoot: false, interactive, exec, log: (l) => logs.push(l) }).catch((e: unknown) => e);
    return { r, calls, logs };
  };
  const none = await run(127, true);
  expect((none.r as Error).message).toBe(
    '1 package(s) are missing: xdotool (xdotool; for tests); installing them needs root and sudo is not installed: run as root: apt-get update && apt-get install -y --no-install-recommends xdotool',
  );
  expect(none.calls.some((c) => c.includes('apt-get'))).toBe(false);
  const password = await run(1, false);
  expect((password.r as Error).message).toMatch(
    /sudo asks for a password: run: sudo apt-get update && sudo apt-get install -y --no-install-recommends xdotool$/,
  );
  expect(password.calls.some((c) => c.includes('apt-get'))).toBe(false);
  const atTerminal = await run(1, true);
  expect(atTerminal.calls.at(-1)).toBe('sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends xdotool');
  expect(atTerminal.logs).toContain('sudo will ask for your password to run apt-get');
});

test('a user compiler missing from PATH is a clear error; defaultExec reports a missing command as 127', async () => {
  const plan: DepsPlan = {
    system: 'apt',
    packages: [],
    foreignArchs: [],
    hostArch: 'amd64',
    reasons: {},
    xcode: false,
    commands: { 'gfa-no-such-cc': 'the "cc" input for linux/arm64 names gfa-no-such-cc, which is not on PATH' },
  };
  await expect(ensureDeps(plan, { mode: 'true', ci: true, log: () => {} })).rejects.toThrow(
    'C compiler gfa-no-such-cc not found on PATH; the "cc" input for linux/arm64 names gfa-no-such-cc, which is not on PATH',
  );
  expect(onPath('node', { PATH: process.env['PATH'] })).toBe(true);
  expect((await defaultExec(['gfa-no-such-command-xyz'])).code).toBe(127);
});
