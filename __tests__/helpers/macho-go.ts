/** Builds a tiny Go hello program for darwin/amd64 and darwin/arm64 (CGO off) with the `go` on PATH. */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, delimiter } from 'node:path';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';

const run = promisify(execFile);

export interface GoHello {
  amd64: string;
  arm64: string;
}

export async function buildGoHello(dir: string): Promise<GoHello> {
  const src = join(dir, 'src');
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'go.mod'), 'module hello\n\ngo 1.22\n');
  await writeFile(join(src, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello, universal") }\n');
  const path = process.env.PATH ?? '';
  const env = {
    ...process.env,
    PATH: existsSync('/usr/local/go/bin') ? `${path}${delimiter}/usr/local/go/bin` : path,
    CGO_ENABLED: '0',
    GOOS: 'darwin',
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-mod=mod',
  };
  const out: Record<string, string> = {};
  for (const arch of ['amd64', 'arm64']) {
    out[arch] = join(dir, `hello-${arch}`);
    await run('go', ['build', '-o', out[arch], '.'], { cwd: src, env: { ...env, GOARCH: arch } });
  }
  return { amd64: out.amd64, arm64: out.arm64 };
}

/** llvm-lipo on this machine, or undefined. */
export function findLlvmLipo(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).concat(['/usr/bin', '/usr/local/bin']))
    for (const name of ['llvm-lipo-19', 'llvm-lipo']) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}
