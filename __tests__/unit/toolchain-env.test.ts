/** Exporting Go to the job (src/toolchain/env.ts): the pure environment, and its apply. */
import { join } from 'node:path';
import type { Runtime } from '../../src/runtime.js';
import { exportGo, goEnvironment } from '../../src/toolchain/env.js';

test('GOROOT, GOTOOLCHAIN=local; GOPATH/bin then GOROOT/bin on PATH; the go command', () => {
  expect(goEnvironment('/t/go/1.25.4/x64', 'linux', {}, '/home/u')).toEqual({
    variables: [
      ['GOROOT', '/t/go/1.25.4/x64'],
      ['GOTOOLCHAIN', 'local'],
    ],
    paths: [join('/home/u', 'go', 'bin'), join('/t/go/1.25.4/x64', 'bin')],
    goBin: join('/t/go/1.25.4/x64', 'bin', 'go'),
  });
});

test('GOPATH: its first entry (";" on Windows), else ~/go', () => {
  expect(goEnvironment('/r', 'linux', { GOPATH: '/a:/b' }, '/h').paths[0]).toBe(join('/a', 'bin'));
  expect(goEnvironment('/r', 'darwin', { GOPATH: '' }, '/h').paths[0]).toBe(join('/h', 'go', 'bin'));
  const win = goEnvironment('C:\\go', 'windows', { GOPATH: 'C:\\a;D:\\b' }, 'C:\\Users\\u');
  expect(win.paths[0]).toBe(join('C:\\a', 'bin'));
  expect(win.goBin).toBe(join('C:\\go', 'bin', 'go.exe'));
});

test('exportGo applies the variables and paths through the Runtime, in order', () => {
  const calls: string[] = [];
  const rt = {
    host: { os: 'linux', arch: 'amd64' },
    env: { GOPATH: '/gp' },
    exportVariable: (n: string, v: string) => calls.push(`${n}=${v}`),
    addPath: (p: string) => calls.push(`PATH+${p}`),
  } as unknown as Runtime;
  expect(exportGo(rt, '/r')).toBe(join('/r', 'bin', 'go'));
  expect(calls).toEqual(['GOROOT=/r', 'GOTOOLCHAIN=local', `PATH+${join('/gp', 'bin')}`, `PATH+${join('/r', 'bin')}`]);
});
