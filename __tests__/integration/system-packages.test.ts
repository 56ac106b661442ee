/**
 * The system-packages cache layer in fresh Debian roots (scripts/lib/fresh-root.mjs), with the
 * stage's real code (system-packages.driver.ts, bundled here) and a real local cache store shared
 * between the roots: run 1 installs with apt-get and saves the layer; run 2, in a NEW root,
 * restores it, and dpkg, apt-get, pkg-config, gcc (through the cc alternative) and a cgo build
 * linking -lXrandr must all see the packages; run 3, in a root where one of the layer's files
 * exists with other content, must fall back to apt-get with one line saying why.
 * The .deb files apt-get downloads are shared with the host and every root
 * (~/.cache/go-fyne-action-tests/fresh-root/apt-archives at /var/cache/apt/archives, as
 * fresh-runner.test.ts binds it): downloaded once per machine; dpkg still unpacks and configures
 * every package in every root that installs, and the layer never holds that folder. The cgo check
 * uses the host's test Go build cache too (TEST_GOCACHE, bound read-write as fresh-runner.test.ts
 * does; the same gcc as the host, so the standard library and runtime/cgo hit), with a program
 * made new in each run (a nonce in its source): its cgo compile against Xrandr.h and its link with
 * -lXrandr never come from the cache, they run against what the layer restored.
 * Needs root (chroot, mounts) and the Debian mirror (apt-get in the roots).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { build } from 'esbuild';
import { TEST_GOCACHE } from '../../scripts/fixtures.mjs';
import { CACHE_DIR, freshRoot } from '../../scripts/lib/fresh-root.mjs';
import { ROOT } from '../helpers/runner.js';

const PACKAGES = ['gcc', 'libc6-dev', 'pkg-config', 'libxrandr-dev'];
const asRoot = process.getuid?.() === 0;
const maybe = asRoot ? describe : describe.skip;

interface DriverResult {
  restored: string[];
  installed: string[];
  outcome?: { outcome: string; packages: number; ms: number; why?: string };
  save?: { action: string };
}

let tmp: string;
let driver: string;
let store: string;
let debs: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'gfa-syspkg-'));
  driver = path.join(tmp, 'driver.mjs');
  store = path.join(tmp, 'store');
  mkdirSync(store);
  debs = path.join(CACHE_DIR, 'apt-archives');
  mkdirSync(path.join(debs, 'partial'), { recursive: true });
  mkdirSync(TEST_GOCACHE, { recursive: true });
  await build({
    entryPoints: [path.join(ROOT, '__tests__/integration/system-packages.driver.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: driver,
    banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Root = Awaited<ReturnType<typeof freshRoot>>;

async function withRoot<T>(fn: (r: Root) => Promise<T>): Promise<T> {
  const r = await freshRoot(undefined, {
    binds: [
      { host: driver, inside: '/opt/driver.mjs' },
      { host: store, inside: '/store', readOnly: false },
      { host: debs, inside: '/var/cache/apt/archives', readOnly: false },
      { host: TEST_GOCACHE, inside: '/gocache', readOnly: false },
    ],
  });
  try {
    return await fn(r);
  } finally {
    await r.dispose();
  }
}

async function stage(r: Root): Promise<{ result: DriverResult; log: string }> {
  const out = await r.run(['node', '/opt/driver.mjs', '/store', ...PACKAGES], { env: { TMPDIR: '/tmp' }, timeoutMs: 300_000 });
  const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (out.code !== 0 || !line) throw new Error(`driver exited ${out.code}: ${out.stderr.slice(-2000)}\n${out.stdout.slice(-2000)}`);
  return { result: JSON.parse(line.slice('RESULT '.length)) as DriverResult, log: out.stdout };
}

maybe('system-packages layer in fresh roots', () => {
  test('run 1 installs and saves; run 2 in a new root restores; dpkg, apt-get, pkg-config, cc and cgo see the packages', async () => {
    const first = await withRoot(async (r) => (await stage(r)).result);
    expect(first.installed).toEqual(PACKAGES);
    expect(first.save?.action).toBe('saved');

    await withRoot(async (r) => {
      const { result, log } = await stage(r);
      expect(result.restored).toEqual(PACKAGES);
      expect(result.installed).toEqual([]);
      expect(log).toMatch(/System packages: restored \d+ packages from the cache in [\d.]+ s/);
      expect(log).not.toMatch(/apt-get install/);

      const s = await r.run(['dpkg-query', '-W', '-f', '${Package} ${db:Status-Abbrev}\n', ...PACKAGES]);
      expect(s.stdout.split('\n').filter(Boolean).sort()).toEqual(PACKAGES.map((p) => `${p} ii `).sort());
      // dpkg's own check of every restored file against the packages' md5sums, and of the database.
      const verify = await r.run(['dpkg', '--verify']);
      expect(`${verify.stdout}${verify.stderr}`).toBe('');
      expect(verify.code).toBe(0);
      expect((await r.run(['dpkg', '--audit'])).stdout).toBe('');
      expect((await r.run(['apt-get', 'check'])).code).toBe(0);

      const pc = await r.run(['pkg-config', '--cflags', '--libs', 'xrandr']);
      expect(pc.code).toBe(0);
      expect(pc.stdout).toMatch(/-lXrandr/);
      // cc is an alternative gcc's postinst made: its links came with the layer.
      expect((await r.run(['cc', '--version'])).code).toBe(0);
      expect((await r.run(['update-alternatives', '--query', 'cc'])).stdout).toMatch(/Value: \/usr\/bin\/gcc/);

      // The nonce: this program, its cgo compile and its link are new to the shared build cache.
      writeFileSync(
        path.join(r.root, 'tmp/x.go'),
        `package main\n\n// #cgo pkg-config: xrandr\n// #include <X11/extensions/Xrandr.h>\n// static void *f(void) { return (void *)XRRQueryExtension; }\n// static const char *nonce(void) { return "${randomUUID()}"; }\nimport "C"\n\nimport "fmt"\n\nfunc main() { fmt.Println("linked", C.f() != nil, C.nonce() != nil) }\n`,
      );
      const go = await r.run(['go', 'run', '/tmp/x.go'], {
        env: { GOCACHE: '/gocache', GOPATH: '/tmp/gopath', GOFLAGS: '-mod=mod', GO111MODULE: 'off', CGO_ENABLED: '1' },
        timeoutMs: 300_000,
      });
      expect(`${go.code} ${go.stdout}${go.stderr}`).toMatch(/^0 linked true/);

      const again = await r.run(['apt-get', 'install', '-y', '--no-install-recommends', ...PACKAGES], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/libxrandr-dev is already the newest version/);
      expect(again.stdout).toMatch(/0 upgraded, 0 newly installed/);
    });
  });

  test('a layer file on the runner with other content: apt-get runs instead, saying why in one line', async () => {
    await withRoot(async (r) => {
      const h = path.join(r.root, 'usr/include/X11/extensions/Xrandr.h');
      mkdirSync(path.dirname(h), { recursive: true });
      writeFileSync(h, '/* not the package header */\n');
      const { result, log } = await stage(r);
      expect(result.restored).toEqual([]);
      expect(result.installed).toEqual(PACKAGES);
      expect(result.outcome?.why).toMatch(/conflict with this runner: \/usr\/include\/X11\/extensions\/Xrandr.h exists with other content/);
      expect(log.split('\n').filter((l) => l.startsWith('WARNING: System packages: the cache layer was not used'))).toHaveLength(1);
      expect((await r.run(['dpkg-query', '-W', '-f', '${db:Status-Abbrev}', 'libxrandr-dev'])).stdout).toBe('ii ');
    });
  });
});
