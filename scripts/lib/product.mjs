// The product's own system-package code (src/deps/index.ts: the plan and the apt install;
// src/compile/compilers.ts) for the scripts that prepare a machine (npm run demo, npm test):
// bundled from src/ with esbuild on first use, so they install exactly the way the action does.
// No copy of that logic lives here.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** @returns {Promise<typeof import('../../src/deps/index.ts') & typeof import('../../src/compile/compilers.ts') & { UserError: typeof import('../../src/errors.ts').UserError }>} */
export async function loadProduct() {
  const out = join(root, '.cache', 'scripts', 'product-deps.mjs');
  mkdirSync(dirname(out), { recursive: true });
  await build({
    stdin: {
      contents: [
        "export * from './src/deps/index.ts';",
        "export { compilerFor } from './src/compile/compilers.ts';",
        "export { UserError } from './src/errors.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(out).href}?${Date.now()}`);
}

/** The host as the product names it (Go's GOOS/GOARCH). */
export function hostPlatform() {
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm', riscv64: 'riscv64', ppc64: 'ppc64le', s390x: 's390x' }[process.arch] ?? process.arch;
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return { os, arch };
}

/**
 * Installs what a Fyne build of `targets` needs on this host (plus `extra` packages, each with
 * why), through the product's ensureDeps: it says what it installs and why before installing,
 * and without root or sudo throws a UserError naming the one command to run.
 */
export async function ensureSystemPackages({ targets, extra = [], log }) {
  const p = await loadProduct();
  const host = hostPlatform();
  const plans = targets.map((id) => {
    const [os, arch] = id.split('/');
    const target = { os, arch };
    return { id, target, cgo: true, compiler: p.compilerFor(host, target) };
  });
  const plan = p.planPackages(extra, host, p.planDeps(plans, host, true));
  return p.ensureDeps(plan, { mode: 'true', ci: false, interactive: Boolean(process.stdin.isTTY), log });
}
