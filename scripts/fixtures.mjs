#!/usr/bin/env node
// Prepares the test fixtures once (idempotent):
//  - a real golang.org/toolchain module zip for TEST_GO_VERSION, fetched by the go command
//    through the Go module proxy, which checks it against the checksum database; its h1 hash
//    ("Sum") is recorded as an independent reference for our own dirhash.
//  - the same toolchain repacked in go.dev/dl layout (go/... in a .tar.gz) for the loopback
//    download mirror, with its sha256.
// Tests then serve these on 127.0.0.1 only. Nothing here runs during a test.
//
// Where: the manifest (.cache/fixtures/fixtures.json) is the clone's; the big, derived files
// (the module zip, the repacked tarball) and the tests' Go build cache live in TEST_CACHE, a
// folder of the user's cache shared by every clone on the machine, like Go's own build cache.
// A fresh clone thus costs a manifest and a sha256, not a 70 MB download, a repack and a cold cgo
// build of Fyne (the CI run of a fresh clone spent 800 s in build.test.ts on a cold
// .cache/test-gocache). Every name in it is keyed by what made it (version, repack script), so a
// change makes a new file, never a stale one. `rm -rf "$TEST_CACHE"` measures a cold machine.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEST_GO_VERSION = '1.25.14';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, '.cache', 'fixtures');
const manifest = join(dir, 'fixtures.json');

/** The user's test cache shared by every clone (GO_FYNE_ACTION_TEST_CACHE, else $XDG_CACHE_HOME or ~/.cache, /go-fyne-action-tests). */
export const TEST_CACHE = process.env.GO_FYNE_ACTION_TEST_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'go-fyne-action-tests');
/** The Go build cache the build tests share (concurrency-safe; the action never prunes a GOCACHE the user set). */
export const TEST_GOCACHE = join(TEST_CACHE, 'go-build');

const REPACK_PY = `
import sys, zipfile, tarfile, io, gzip
src, dst, prefix = sys.argv[1], sys.argv[2], sys.argv[3]
zf = zipfile.ZipFile(src)
# byte-for-byte the same on every run (no time or file name in the gzip header): two first runs
# at once, or two machines, make the same file with the same sha256
with open(dst, 'wb') as raw, gzip.GzipFile(filename='', mode='wb', fileobj=raw, compresslevel=6, mtime=0) as gz, tarfile.open(fileobj=gz, mode='w') as tf:
    dirs = set()
    for zi in zf.infolist():
        if not zi.filename.startswith(prefix): continue
        rel = zi.filename[len(prefix):]
        if rel.endswith('/'): continue
        parts = rel.split('/')
        if parts[-1] == '_go.mod': parts[-1] = 'go.mod'
        rel = '/'.join(parts)
        for i in range(1, len(parts)):
            d = 'go/' + '/'.join(parts[:i])
            if d not in dirs:
                dirs.add(d); ti = tarfile.TarInfo(d); ti.type = tarfile.DIRTYPE; ti.mode = 0o755; ti.mtime = 1700000000; tf.addfile(ti)
        data = zf.read(zi)
        ti = tarfile.TarInfo('go/' + rel); ti.size = len(data); ti.mtime = 1700000000
        ti.mode = 0o755 if (rel.startswith('bin/') or rel.startswith('pkg/tool/')) else 0o644
        tf.addfile(ti, io.BytesIO(data))
`;

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function ensureFixtures({ quiet = false } = {}) {
  if (existsSync(manifest)) {
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    if (m.version === TEST_GO_VERSION && m.tarball.startsWith(TEST_CACHE) && existsSync(m.zip) && existsSync(m.tarball)) return m;
  }
  mkdirSync(dir, { recursive: true });
  const shared = join(TEST_CACHE, 'fixtures');
  mkdirSync(shared, { recursive: true });
  const mod = `golang.org/toolchain@v0.0.1-go${TEST_GO_VERSION}.linux-amd64`;
  const env = {
    ...process.env,
    GOMODCACHE: join(shared, 'modcache'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    GO111MODULE: 'on',
  };
  if (!quiet) console.error(`fixtures: go mod download ${mod}`);
  const out = execFileSync('go', ['mod', 'download', '-json', mod], { cwd: dir, env, encoding: 'utf8' });
  const info = JSON.parse(out);
  if (!info.Zip || !info.Sum) throw new Error(`go mod download gave no zip: ${out}`);

  // keyed by the repack script below: a change to it makes a new tarball
  const repackKey = createHash('sha256').update(REPACK_PY).digest('hex').slice(0, 12);
  const tarball = join(shared, `go${TEST_GO_VERSION}.linux-amd64.${repackKey}.tar.gz`);
  if (!existsSync(tarball)) {
    if (!quiet) console.error(`fixtures: repacking as ${tarball}`);
    // Repack in go.dev/dl layout: strip the module prefix, put everything under go/, restore
    // go.mod files (the module zip stores them as _go.mod) and exec bits on bin/ and pkg/tool/.
    const tmp = `${tarball}.${process.pid}`; // two first runs at once do not share a temp file
    execFileSync('python3', ['-c', REPACK_PY, info.Zip, tmp, `${mod}/`], { stdio: 'inherit' });
    renameSync(tmp, tarball);
  }
  const m = {
    version: TEST_GO_VERSION,
    module: 'golang.org/toolchain',
    moduleVersion: `v0.0.1-go${TEST_GO_VERSION}.linux-amd64`,
    zip: info.Zip,
    mod: info.GoMod,
    h1: info.Sum,
    tarball,
    tarballSha256: sha256(tarball),
    tarballSize: readFileSync(tarball).length,
  };
  writeFileSync(`${manifest}.${process.pid}`, JSON.stringify(m, null, 2));
  renameSync(`${manifest}.${process.pid}`, manifest);
  return m;
}

/**
 * Fills the default Go module cache with what the tests build offline (GOPROXY=off): the
 * examples' dependencies and the pinned fyne, goversioninfo and nfpm tools. Marked done per content.
 */
export function prefetchModules({ quiet = false } = {}) {
  const stamp = join(dir, 'modules.stamp');
  const want = ['examples/hello-fyne/go.sum', 'examples/hello/go.mod', 'src/release/fyne-package.ts', 'src/release/windows-resource.ts', 'src/package/linux.ts']
    .map((f) =>
      existsSync(join(root, f))
        ? createHash('sha256')
            .update(readFileSync(join(root, f)))
            .digest('hex')
        : f,
    )
    .join(',');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  mkdirSync(dir, { recursive: true });
  const env = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
  delete env.GOMODCACHE;
  const go = (args, cwd) => {
    if (!quiet) console.error(`fixtures: go ${args.join(' ')} (in ${cwd})`);
    execFileSync('go', args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
  };
  for (const ex of ['hello-fyne', 'hello']) {
    const d = join(root, 'examples', ex);
    if (existsSync(join(d, 'go.mod'))) go(['mod', 'download', 'all'], d);
  }
  // One module per tool, as `go install pkg@version` resolves each on its own (fyne.io/tools
  // v1.7.4 itself requires a newer goversioninfo than the one we pin for the CLI).
  for (const [name, pkg] of [
    ['fyne', 'fyne.io/tools/cmd/fyne@v1.7.4'],
    ['goversioninfo', 'github.com/josephspurrier/goversioninfo/cmd/goversioninfo@v1.4.0'],
    ['nfpm', 'github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2'],
  ]) {
    const tools = join(dir, `tools-module-${name}`);
    rmSync(tools, { recursive: true, force: true });
    mkdirSync(tools, { recursive: true });
    writeFileSync(join(tools, 'go.mod'), `module fixtures.invalid/${name}\n\ngo 1.21\n`);
    go(['get', pkg], tools);
    go(['mod', 'download', 'all'], tools);
  }
  writeFileSync(stamp, want);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const m = ensureFixtures();
  prefetchModules();
  console.log(JSON.stringify(m, null, 2));
}
