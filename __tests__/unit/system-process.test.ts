/** The one process runner (src/system/process.ts, over @actions/exec), with real programs. */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnvironment, onPath, registerSecretValue, run, runOk, which } from '../../src/system/process.js';

const dir = mkdtempSync(join(tmpdir(), 'process-test-'));
const script = join(dir, 'tool');
writeFileSync(script, '#!/bin/sh\nprintf "a\\nb"\nprintf "é\\nlast" >&2\nexit ${CODE:-0}\n');
chmodSync(script, 0o755);

test('argv, env, exit code, both streams, and every line (a last line without newline too)', async () => {
  const lines: string[] = [];
  const r = await run([script], { env: { PATH: '/usr/bin:/bin', CODE: '3' }, onLine: (l, s) => lines.push(`${s}:${l}`) });
  expect(r).toEqual({ code: 3, stdout: 'a\nb', stderr: 'é\nlast' });
  expect(lines.sort()).toEqual(['stderr:last', 'stderr:é', 'stdout:a', 'stdout:b']);
});

test('arguments are never a shell string', async () => {
  expect((await run(['printf', '%s|', 'a b', '$(id)', ';rm -rf x'])).stdout).toBe('a b|$(id)|;rm -rf x|');
});

test('the program is found on the PATH of the environment it runs with', async () => {
  expect(which('tool', { PATH: dir })).toBe(script);
  expect(onPath('tool', { PATH: '/usr/bin' })).toBe(false);
  expect((await run(['tool'], { env: { PATH: `${dir}:/usr/bin:/bin` } })).stdout).toBe('a\nb');
  await expect(run(['tool'], { env: { PATH: '/usr/bin' } })).rejects.toThrow(/^tool was not found on PATH$/);
});

test('runOk: stdout, or an error naming what failed with the output tail', async () => {
  expect(await runOk([script], 'the tool', { env: { PATH: '/usr/bin:/bin' } })).toBe('a\nb');
  await expect(runOk([script], 'the tool', { env: { PATH: '/usr/bin:/bin', CODE: '1' } })).rejects.toThrow(/^the tool failed \(exit 1\): .*tool\né\nlast$/);
});

test('input reaches stdin, which then ends; a program that exits without reading a large input does not kill this process (EPIPE)', async () => {
  expect(await run(['cat'], { input: 'one\ntwo\n' })).toEqual({ code: 0, stdout: 'one\ntwo\n', stderr: '' });
  expect((await run(['sh', '-c', 'read -r line; echo "[$line]"; read -r more || echo eof'], { input: '' })).stdout).toBe('[]\neof\n'); // a prompt reads end of file
  const big = Buffer.alloc(4 * 1024 * 1024, 0x61); // larger than a pipe buffer
  for (let i = 0; i < 50; i++) expect((await run(['true'], { input: big })).code).toBe(0);
});

describe('the one child environment: no inputs, no runner tokens, no secrets', () => {
  const env = (): NodeJS.ProcessEnv => ({
    PATH: '/usr/bin:/bin',
    GOFLAGS: '-buildvcs=false',
    CGO_CFLAGS: '-O2',
    SSH_AUTH_SOCK: '/tmp/agent.sock',
    GIT_ASKPASS: '/bin/false',
    'INPUT_WINDOWS-CERTIFICATE-PASSWORD': 'canary-input-password',
    'INPUT_GO-VERSION': '1.23',
    ACTIONS_RUNTIME_TOKEN: 'canary-runtime-token',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'canary-oidc-token',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1/oidc',
    GITHUB_TOKEN: 'canary-github-token',
    NPM_AUTH_TOKEN: 'canary-npm',
    MY_SERVICE_PASSWORD: 'canary-service',
    AWS_SECRET_ACCESS_KEY: 'canary-aws',
    DEPLOY_PRIVATE_KEY: 'canary-key',
    GO_FYNE_ACTION_WINDOWS_CERTIFICATE: 'canary-cli-cert',
    GO_FYNE_ACTION_WINDOWS_CERTIFICATE_PASSWORD: 'canary-cli-password',
    GO_FYNE_ACTION_MACOS_CERTIFICATE: 'canary-cli-macos-cert',
    GO_FYNE_ACTION_MACOS_CERTIFICATE_PASSWORD: 'canary-cli-macos-password',
    GO_FYNE_ACTION_NOTARY_KEY: 'canary-cli-notary-key',
    UNRELATED_NAME: 'canary-registered-secret',
  });
  const childEnv = async (e: NodeJS.ProcessEnv, o: { passEnv?: string[] } = {}): Promise<Record<string, string>> => {
    const r = await run(['sh', '-c', 'env -0'], { env: e, ...o });
    return Object.fromEntries(
      r.stdout
        .split('\0')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  };

  test('run() gives every child the filtered environment by default', async () => {
    registerSecretValue('canary-registered-secret');
    const got = await childEnv(env());
    expect(JSON.stringify(got)).not.toMatch(/canary/);
    expect(got).toMatchObject({
      PATH: '/usr/bin:/bin',
      GOFLAGS: '-buildvcs=false',
      CGO_CFLAGS: '-O2',
      SSH_AUTH_SOCK: '/tmp/agent.sock',
      GIT_ASKPASS: '/bin/false',
    });
    expect(Object.keys(got).filter((k) => k.startsWith('INPUT_'))).toEqual([]);
  });

  test('a tool that needs one passes it by name; the user keeps one with GO_FYNE_ACTION_PASS_ENV', async () => {
    expect((await childEnv(env(), { passEnv: ['GITHUB_TOKEN'] })).GITHUB_TOKEN).toBe('canary-github-token');
    const got = await childEnv({ ...env(), GO_FYNE_ACTION_PASS_ENV: 'NPM_AUTH_TOKEN, MY_SERVICE_PASSWORD' });
    expect(got).toMatchObject({ NPM_AUTH_TOKEN: 'canary-npm', MY_SERVICE_PASSWORD: 'canary-service' });
    expect(got.GITHUB_TOKEN).toBeUndefined();
    // never the action's own inputs or the runner's tokens, whatever the user lists
    const forced = await childEnv({ ...env(), GO_FYNE_ACTION_PASS_ENV: 'INPUT_WINDOWS-CERTIFICATE-PASSWORD,ACTIONS_RUNTIME_TOKEN' });
    expect(JSON.stringify(forced)).not.toMatch(/canary-input|canary-runtime/);
  });

  test('childEnvironment is the same filter, for callers that spawn by other means', () => {
    const e = childEnvironment(env());
    expect(Object.values(e).join('\n')).not.toMatch(/canary/);
    expect(e.PATH).toBe('/usr/bin:/bin');
  });
});
