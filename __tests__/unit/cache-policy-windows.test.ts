/**
 * Windows caches on the fast drive (src/cache/policy.ts, pure): hosted Windows runners have the
 * system drive C: and the work drive D: (GITHUB_WORKSPACE, RUNNER_TEMP); GOCACHE, GOMODCACHE and
 * the toolchain's extraction go to D: when it is not the system drive. Path layouts only: a
 * Windows runner cannot run here (unmeasured; setup-go #495/#515 report 12-15 min restores on
 * C: against ~1 min on D:). And the tool-cache junction, made for real on this machine's files
 * (on Linux a 'junction' link is a symlink: the same layout, resolved the same way).
 */
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastDrive, goCachePlacement } from '../../src/cache/policy.js';
import { installAtomically, installDir, isInstalled } from '../../src/toolchain/toolcache.js';
import { parseGoVersion } from '../../src/toolchain/version.js';
import { writeFile } from '../../src/system/owned-fs.js';
import { ownRoot } from '../../src/system/confine.js';

const hosted = {
  RUNNER_OS: 'Windows',
  RUNNER_ENVIRONMENT: 'github-hosted',
  SystemDrive: 'C:',
  RUNNER_TEMP: 'D:\\a\\_temp',
  GITHUB_WORKSPACE: 'D:\\a\\app\\app',
  RUNNER_TOOL_CACHE: 'C:\\hostedtoolcache\\windows',
};

describe('fastDrive (pure)', () => {
  test('hosted layout: C: system, D: work -> caches and the extraction on D:', () => {
    expect(fastDrive(hosted)).toEqual({
      drive: 'D:',
      gocache: 'D:\\a\\_temp\\go-fyne-action\\go-build',
      gomodcache: 'D:\\a\\_temp\\go-fyne-action\\mod',
      toolCacheOnWorkDrive: 'D:\\hostedtoolcache\\windows',
      why: 'Windows runner: the work drive D: (RUNNER_TEMP) is not the system drive C:; GOCACHE, GOMODCACHE and the Go extraction go to D:',
    });
  });
  test('everything on C: -> nothing moves', () => {
    const f = fastDrive({ ...hosted, RUNNER_TEMP: 'C:\\a\\_temp', GITHUB_WORKSPACE: 'C:\\a\\app\\app' });
    expect(f).toEqual({ why: 'Windows runner: the work drive C: is the system drive; caches stay where they are' });
  });
  test('self-hosted with one drive -> nothing moves', () => {
    const f = fastDrive({ RUNNER_OS: 'Windows', RUNNER_ENVIRONMENT: 'self-hosted', SystemDrive: 'C:', RUNNER_TEMP: 'C:\\actions-runner\\_work\\_temp' });
    expect(f.drive).toBeUndefined();
  });
  test('a work drive given in lowercase is the same drive; a lowercase other drive is still moved to', () => {
    expect(fastDrive({ ...hosted, RUNNER_TEMP: 'c:\\a\\_temp' }).drive).toBeUndefined();
    const f = fastDrive({ ...hosted, RUNNER_TEMP: 'd:\\a\\_temp', SystemDrive: 'c:' });
    expect(f.drive).toBe('D:');
    expect(f.gocache).toBe('d:\\a\\_temp\\go-fyne-action\\go-build');
    expect(f.toolCacheOnWorkDrive).toBe('D:\\hostedtoolcache\\windows');
  });
  test('UNC paths are not drives: nothing moves, and says why', () => {
    expect(fastDrive({ ...hosted, RUNNER_TEMP: '\\\\server\\share\\temp', GITHUB_WORKSPACE: '\\\\server\\share\\ws' })).toEqual({
      why: 'Windows runner: RUNNER_TEMP (\\\\server\\share\\temp) is not on a drive letter; caches stay where they are',
    });
  });
  test('RUNNER_TEMP missing: the workspace tells the work drive', () => {
    expect(fastDrive({ ...hosted, RUNNER_TEMP: undefined }).drive).toBe('D:');
  });
  test('a tool cache already on the work drive (or on a UNC path) is left alone', () => {
    expect(fastDrive({ ...hosted, RUNNER_TOOL_CACHE: 'D:\\tools' }).toolCacheOnWorkDrive).toBeUndefined();
    expect(fastDrive({ ...hosted, RUNNER_TOOL_CACHE: '\\\\server\\tools' }).toolCacheOnWorkDrive).toBeUndefined();
  });
  test('SystemDrive unset: C: is taken as the system drive', () => {
    expect(fastDrive({ ...hosted, SystemDrive: undefined }).drive).toBe('D:');
  });
  test('not Windows: nothing', () => {
    expect(fastDrive({ ...hosted, RUNNER_OS: 'Linux' })).toEqual({});
  });
});

describe('goCachePlacement on Windows runners', () => {
  test('hosted C:/D: -> GOCACHE and GOMODCACHE set on D:, owned (the job owns its VM)', () => {
    const p = goCachePlacement({ env: hosted, cacheEnabled: true });
    expect(p.set).toEqual({ GOCACHE: 'D:\\a\\_temp\\go-fyne-action\\go-build', GOMODCACHE: 'D:\\a\\_temp\\go-fyne-action\\mod' });
    expect(p.owned).toBe(true);
    expect(p.why).toContain('D:');
  });
  test('a GOCACHE or GOMODCACHE the user set is never moved', () => {
    const p = goCachePlacement({ env: { ...hosted, GOCACHE: 'C:\\mine', GOMODCACHE: 'C:\\mod' }, cacheEnabled: true });
    expect(p.set).toEqual({});
  });
  test('everything on C: -> as before (nothing set)', () => {
    expect(goCachePlacement({ env: { ...hosted, RUNNER_TEMP: 'C:\\t', GITHUB_WORKSPACE: 'C:\\w' }, cacheEnabled: true }).set).toEqual({});
  });
  test('after its own exports, the same decision (owned)', () => {
    const p = goCachePlacement({ env: hosted, cacheEnabled: true });
    const again = goCachePlacement({ env: { ...hosted, ...p.set }, cacheEnabled: true });
    expect(again.owned).toBe(true);
    expect(again.set).toEqual({});
  });
});

describe('the tool cache entry on C: is a junction to the extraction on D: (real files)', () => {
  test('installAtomically with a work-drive root: the tree is on "D:", the entry on "C:" links to it and is complete', async () => {
    const base = mkdtempSync(join(tmpdir(), 'gfa-drives-'));
    ownRoot(base);
    try {
      const c = join(base, 'C', 'hostedtoolcache');
      const d = join(base, 'D', 'hostedtoolcache');
      mkdirSync(c, { recursive: true });
      const v = parseGoVersion('1.25.14')!;
      const dir = await installAtomically(
        c,
        v,
        'amd64',
        { os: 'linux', runnable: false, env: {} },
        async (tmp) => {
          mkdirSync(join(tmp, 'bin'), { recursive: true });
          await writeFile(join(tmp, 'bin', 'go'), 'x');
        },
        d,
      );
      expect(dir).toBe(installDir(c, v, 'amd64'));
      expect(readlinkSync(dir)).toBe(installDir(d, v, 'amd64'));
      expect(existsSync(join(installDir(d, v, 'amd64'), 'bin', 'go'))).toBe(true);
      expect(isInstalled(c, v, 'amd64', 'linux')).toBe(true);
      // Installed again (a broken entry replaced): the link is replaced, not followed into.
      await installAtomically(
        c,
        v,
        'amd64',
        { os: 'linux', runnable: false, env: {} },
        async (tmp) => {
          mkdirSync(join(tmp, 'bin'), { recursive: true });
          await writeFile(join(tmp, 'bin', 'go'), 'y');
        },
        d,
      );
      expect(readlinkSync(dir)).toBe(installDir(d, v, 'amd64'));
      expect(isInstalled(c, v, 'amd64', 'linux')).toBe(true);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
