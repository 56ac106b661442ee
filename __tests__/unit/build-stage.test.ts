import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildStage } from '../../src/build/stage.js';

const GO = process.env['GO'] ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go');

test('buildStage: examples/hello for two targets, artifacts checked, nothing left in temp', async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gfa-stage-'));
  try {
    const lines: string[] = [];
    const r = await buildStage({
      inputs: {
        targets: [{ os: 'linux', arch: 'amd64' }, { os: 'windows', arch: 'arm64' }], package: '.', name: '', outputDir: path.join(tmp, 'dist'),
        tags: [], ldflags: '', buildmode: 'exe', trimpath: true, strip: true, cgo: 'auto', release: true, windowsSubsystem: 'auto', macosMinVersion: '11.0', cc: {},
      },
      parallel: 2, installDeps: 'false', ci: false, host: { os: 'linux', arch: 'amd64' }, workDir: path.resolve('examples/hello'), tempDir: tmp,
      env: { ...process.env, GOFLAGS: '-buildvcs=false' }, goBin: GO, log: (t, l) => lines.push(`[${t}] ${l}`),
    });
    expect(r.set.isFyne).toBe(false);
    expect(r.set.fyneVersion).toBe('none');
    expect(r.results.map((x) => [x.id, x.ok, x.mismatches])).toEqual([['linux/amd64', true, []], ['windows/arm64', true, []]]);
    expect(readdirSync(path.join(tmp, 'dist')).sort()).toEqual(['hello_linux_amd64', 'hello_windows_arm64.exe']);
    expect(readdirSync(tmp).sort()).toEqual(['dist']);
    expect(lines.some((l) => l.startsWith('[windows/arm64] $ GOOS=windows GOARCH=arm64 CGO_ENABLED=0'))).toBe(true);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
