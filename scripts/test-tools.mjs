#!/usr/bin/env node
// The tools `npm test` runs besides node and go, and the Debian/Ubuntu packages that have them.
// Run as a script (the first thing `npm test` does), it installs what is missing through the
// product's own install path (src/deps/plan.ts decides, src/deps/apt.ts acts: says what and why,
// then apt-get, with sudo when not root), together with the packages the build tests' Fyne
// targets need. Where it can't (no root, no sudo), it names them in one line and the suite goes
// on: each test that needs a missing tool fails at once with its name (__tests__/helpers/tools.ts),
// never by a time-out.
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** command -> package, what it is, which tests use it. */
export const TEST_TOOLS = [
  { cmd: 'git', pkg: 'git', role: 'git', for: 'the build tests (a clean tree after building)' },
  { cmd: 'python3', pkg: 'python3', role: 'python3', for: 'fixtures (repacking the Go toolchain) and zip/plist checks' },
  { cmd: 'xz', pkg: 'xz-utils', role: 'xz', for: 'reading the .tar.xz Fyne packages' },
  { cmd: 'unzip', pkg: 'unzip', role: 'unzip', for: 'checking .zip archives' },
  { cmd: 'zstd', pkg: 'zstd', role: 'zstd', for: 'cache archives (the @actions/cache format)' },
  { cmd: 'readelf', pkg: 'binutils', role: 'readelf', for: 'ELF header checks' },
  { cmd: 'x86_64-w64-mingw32-objdump', pkg: 'binutils-mingw-w64-x86-64', role: 'objdump for PE files', for: 'the Windows build checks' },
  { cmd: 'llvm-lipo-19', pkg: 'llvm-19', role: 'llvm-lipo', for: 'the universal macOS binary checks' },
  { cmd: 'x86_64-w64-mingw32-windres', pkg: 'binutils-mingw-w64-x86-64', role: 'windres', for: 'the signing tests (a resource .syso)' },
  { cmd: 'openssl', pkg: 'openssl', role: 'openssl', for: 'the signing tests (test CA and timestamp authority)' },
  { cmd: 'osslsigncode', pkg: 'osslsigncode', role: 'osslsigncode', for: 'the signing tests (Authenticode)' },
  { cmd: 'dpkg-deb', pkg: 'dpkg', role: 'dpkg-deb', for: 'the .deb package checks' },
  { cmd: 'xvfb-run', pkg: 'xvfb', role: 'a virtual X server', for: 'the Fyne window test' },
  { cmd: 'xauth', pkg: 'xauth', role: 'xauth, which xvfb-run uses', for: 'the Fyne window test' },
  { cmd: 'xdotool', pkg: 'xdotool', role: 'xdotool', for: 'the Fyne window test (find the window, press Quit)' },
  { cmd: 'xwininfo', pkg: 'x11-utils', role: 'xwininfo', for: 'the Fyne window test (is the window mapped)' },
  { cmd: 'lintian', pkg: 'lintian', role: 'lintian', for: 'the .deb checks' },
  { cmd: 'rpm', pkg: 'rpm', role: 'rpm', for: 'the .rpm checks (rpm -qip, -qlp)' },
  { cmd: 'desktop-file-validate', pkg: 'desktop-file-utils', role: 'desktop-file-validate', for: 'the .desktop file checks' },
  { cmd: 'appstreamcli', pkg: 'appstream', role: 'appstreamcli', for: 'the AppStream metainfo checks' },
  { cmd: undefined, pkg: 'libgl1-mesa-dri', role: 'Mesa software OpenGL', for: 'the Fyne window test (OpenGL under Xvfb)' },
];

/** The Fyne targets the build tests build with cgo on a Linux host. */
export const TEST_FYNE_TARGETS = ['linux/amd64', 'windows/amd64'];

const onPath = (cmd) => (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, cmd)));

/** Tools (of those named, or all) that are not on PATH, as `cmd (apt package pkg)`. */
export function missingTools(cmds = TEST_TOOLS.map((t) => t.cmd).filter(Boolean)) {
  return cmds.filter((c) => !onPath(c)).map((c) => `${c} (apt package ${TEST_TOOLS.find((t) => t.cmd === c)?.pkg ?? '?'})`);
}

async function main() {
  if (!onPath('go')) {
    console.error('npm test needs Go on PATH (any recent version: it fetches the test toolchain through the Go module proxy); see https://go.dev/doc/install');
    process.exit(1);
  }
  if (process.platform !== 'linux') {
    const m = missingTools();
    if (m.length) console.error(`test tools missing (their tests will fail, naming them): ${m.join(', ')}`);
    return;
  }
  const { ensureSystemPackages } = await import('./lib/product.mjs');
  try {
    await ensureSystemPackages({
      targets: process.arch === 'x64' ? TEST_FYNE_TARGETS : [],
      extra: TEST_TOOLS.map(({ pkg, role, for: f }) => ({ pkg, role, for: `npm test: ${f}` })),
      log: (line) => console.error(`test tools: ${line}`),
    });
  } catch (err) {
    if (err?.name !== 'UserError') throw err;
    console.error(`test tools: cannot install: ${err.message}; the tests that need them will fail, naming them`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
