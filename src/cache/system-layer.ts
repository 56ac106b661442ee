/**
 * The system-packages cache layer, the acting part (the deciding part is src/deps/snapshot.ts).
 *
 * dpkg's unpacking and configuring is what an apt-get install costs, so the layer holds what the
 * install left: the packages' files, their info files, their status stanzas, and the links
 * update-alternatives made. First run (miss): dpkg's state before apt-get, the diff after it, the
 * layer written to a folder in the temp dir (layer.json + files.tar through src/archive/), saved
 * by the post step (the end of a CLI run) when the cache policy saves. Warm run (exact key): the
 * backend unpacks the folder with our own tar reader; every entry and stanza is checked, and every
 * package and file against the runner, BEFORE anything is placed; then, as root (`sudo -n` when
 * not root), GNU tar puts the checked archive in place, the stanzas are appended to
 * /var/lib/dpkg/status under dpkg's own locks (a small perl helper: perl-base is Essential on
 * every Debian and Ubuntu), ldconfig runs, and dpkg-query and pkg-config must agree. Any
 * mismatch, conflict or failure: one warning line, and the apt-get path runs as before.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { readTar, type TarEntry } from '../archive/tar-read.js';
import { tarStream, type TarSymlinkEntry } from '../archive/tar-write.js';
import type { ArchiveEntry } from '../archive/entries.js';
import { errorMessage } from '../errors.js';
import { ownRoot, ReadRoot } from '../system/confine.js';
import { forceRemove, writeAtomically, writeChunks } from '../system/fs.js';
import { mkdir, writeFile } from '../system/owned-fs.js';
import { seconds } from '../system/format.js';
import type { Exec, SystemLayerHooks } from '../deps/apt.js';
import { missingPackages } from '../deps/plan.js';
import {
  alternativeLinks,
  ALTERNATIVE_NAME,
  checkStanzas,
  deniedPath,
  diffStates,
  DPKG_STATE_FORMAT,
  entryProblem,
  entryUnderLink,
  fileConflict,
  imageId,
  layerKey,
  LAYER_FORMAT,
  mergeStatus,
  PACKAGE_NAME,
  packageConflicts,
  parseDpkgAnyState,
  parseDpkgState,
  parseStatus,
  pkgId,
  type DpkgPackage,
  type Existing,
  type LayerEntry,
  type LayerScope,
} from '../deps/snapshot.js';
import type { CacheBackend, CacheLog } from './backend.js';

const DPKG = '/var/lib/dpkg';
const INFO = `${DPKG}/info`;
const ALTS = `${DPKG}/alternatives`;
/** No real layer comes near these (the Fyne set: ~9k entries, ~130 MiB). */
const MAX_ENTRIES = 200_000;
const MAX_BYTES = 4 * 2 ** 30;

/** layer.json: what the archive holds, as the record wrote it. */
export interface LayerMeta {
  format: number;
  key: string;
  packages: DpkgPackage[];
  alternatives: string[];
  stanzas: string;
  /** Files and folders under /etc beyond the conffiles, each named by a layer package's .list. */
  etc: string[];
  /** Conffiles left out (where no layer may write): dpkg sees them as removed by the administrator. */
  omitted?: string[];
  entries: number;
  bytes: number;
}

/** What the post step needs (JSON, carried with saveState('syspkg')). */
export interface SystemLayerState {
  v: 1;
  key: string;
  dir: string;
  /** Set when this run recorded a layer worth saving. */
  recorded?: { packages: number; entries: number; bytes: number };
  save: boolean;
  saveWhy: string;
}

export interface SystemLayerReport {
  /** restored: put in place from the cache; installed: apt-get ran (recorded says whether a layer was made); skipped: not used. */
  outcome: 'restored' | 'installed' | 'skipped';
  key: string;
  packages: number;
  ms: number;
  /** Why not restored (a miss, a conflict, a failure). */
  why?: string;
  phases?: Record<string, number>;
}

export interface LayerContext {
  key: string;
  /** The layer's folder: the same path on every run (GitHub's cache versions entries by their paths). */
  dir: string;
  backend: CacheBackend;
  log: CacheLog;
  exec: Exec;
}

/** dpkg's state and the alternatives that exist, before apt-get runs. */
export interface Before {
  state: Map<string, DpkgPackage>;
  alternatives: Set<string>;
}

async function must(exec: Exec, argv: string[], what: string, input?: string): Promise<string> {
  const r = await exec(argv, input === undefined ? {} : { input });
  const prog = argv[0] === 'sudo' ? argv[2] : argv[0];
  if (r.code !== 0) throw new Error(`${what}: ${prog} exited ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' / ')}`);
  return r.stdout;
}

const listDir = (d: string) => readdir(d).catch(() => [] as string[]);

export async function snapshotBefore(exec: Exec): Promise<Before> {
  const state = parseDpkgState(await must(exec, ['dpkg-query', '-W', '-f', DPKG_STATE_FORMAT], 'dpkg state'));
  return { state, alternatives: new Set(await listDir(ALTS)) };
}

// ---------------------------------------------------------------------------------------------
// record (after apt-get, on a miss)

type Recorded = (ArchiveEntry & { abs: string }) | (TarSymlinkEntry & { abs: string });

/** `dir/name` with the folder part resolved (merged /usr: /lib/x -> /usr/lib/x), the name itself kept. */
async function realParent(p: string): Promise<string> {
  const dir = await realpath(path.dirname(p)).catch(() => path.dirname(p));
  return path.join(dir, path.basename(p));
}

async function entryFor(p: string, listed: Set<string>): Promise<Recorded | undefined> {
  const st = await lstat(p).catch(() => undefined);
  if (!st) return undefined; // excluded by dpkg's path-exclude, or a diversion: not on disk
  const abs = await realParent(p);
  const name = abs.slice(1);
  if (st.isSymbolicLink()) {
    // Merged /usr's top-level aliases (/lib -> usr/lib) are base-files', whatever a package lists.
    if (/^\/(?:lib|lib32|lib64|libx32|bin|sbin)$/.test(p)) return undefined;
    // A folder alias that other listed paths lie beneath: not the package's link.
    for (const l of listed) if (l.startsWith(`${p}/`)) return undefined;
    return { abs, name, type: 'symlink', linkname: await readlink(p), mode: 0o777 };
  }
  if (st.isDirectory()) return { abs, name, type: 'dir', mode: st.mode & 0o7777, size: 0 };
  if (st.isFile()) return { abs, name, type: 'file', mode: st.mode & 0o7777, size: st.size, source: abs };
  return undefined;
}

/**
 * After apt-get: the packages it added, their files and dpkg records, written as the layer's
 * folder. Returns why not when the install cannot be a layer (an upgrade, a path a layer may
 * not write): the build goes on, the layer is just not saved.
 */
export async function recordLayer(before: Before, ctx: LayerContext): Promise<{ meta: LayerMeta } | { refused: string }> {
  const after = parseDpkgState(await must(ctx.exec, ['dpkg-query', '-W', '-f', DPKG_STATE_FORMAT], 'dpkg state'));
  const diff = diffStates(before.state, after);
  if ('refused' in diff) return diff;
  if (diff.added.length === 0) return { refused: 'apt-get added no package' };
  const ids = new Set(diff.added.map(pkgId));
  const stanzas = parseStatus(await readFile(`${DPKG}/status`, 'utf8')).filter((s) => ids.has(`${s.name}:${s.arch}`));
  const stanzaText = stanzas.map((s) => s.text).join('\n\n');
  // New alternatives (update-alternatives in postinst): their admin files, /etc/alternatives links (master and slaves), and the links to those.
  const masters = (await listDir(ALTS)).filter((a) => !before.alternatives.has(a) && ALTERNATIVE_NAME.test(a)).sort();
  const altLinks: { name: string; link: string }[] = [];
  for (const a of masters)
    for (const l of alternativeLinks(await readFile(path.join(ALTS, a), 'utf8').catch(() => ''))) altLinks.push({ name: l.name || a, link: l.link });
  const alternatives = [...new Set([...masters, ...altLinks.map((l) => l.name).filter((n) => ALTERNATIVE_NAME.test(n))])].sort();
  const scope: LayerScope = { binaries: diff.added.map((p) => p.binary), alternatives, conffiles: stanzas.flatMap((s) => s.conffiles) };

  const etc = new Set<string>();
  for (const p of diff.added) {
    for (const l of (await readFile(path.join(INFO, `${p.binary}.list`), 'utf8').catch(() => '')).split('\n')) {
      if (l.startsWith('/etc/') && !l.startsWith('/etc/alternatives/')) etc.add(l);
    }
  }
  scope.conffiles = [...new Set([...scope.conffiles, ...etc])];
  const byAbs = new Map<string, Recorded>();
  const add = (e: Recorded | undefined) => {
    if (e && !byAbs.has(e.abs)) byAbs.set(e.abs, e);
  };
  const infoNames = await listDir(INFO);
  for (const p of diff.added) {
    const listed = (await readFile(path.join(INFO, `${p.binary}.list`), 'utf8').catch(() => '')).split('\n').filter((l) => l.startsWith('/') && l !== '/.');
    const set = new Set(listed);
    for (const l of listed) add(await entryFor(l, set));
    for (const n of infoNames) if (n.startsWith(`${p.binary}.`)) add(await entryFor(path.join(INFO, n), new Set()));
  }
  for (const a of masters) add(await entryFor(path.join(ALTS, a), new Set()));
  for (const l of altLinks) {
    if (!ALTERNATIVE_NAME.test(l.name)) continue;
    add(await entryFor(path.join('/etc/alternatives', l.name), new Set()));
    add(await entryFor(l.link, new Set()));
  }
  const entries: Recorded[] = [];
  // A conffile where no layer may write (x11-common's /etc/init.d script) is left out: dpkg then
  // sees it as a conffile the administrator removed, which it keeps removed; nothing a build reads.
  const declared = new Set(stanzas.flatMap((s) => s.conffiles));
  const omitted: string[] = [];
  for (const e of byAbs.values()) {
    if (e.type !== 'dir' && declared.has(e.abs) && deniedPath(e.abs)) {
      omitted.push(e.abs);
      continue;
    }
    const problem = entryProblem({ name: e.name, type: e.type, mode: e.mode, linkname: e.type === 'symlink' ? e.linkname : '' }, scope);
    if (problem === undefined) entries.push(e);
    else if (e.type !== 'dir') return { refused: `the install wrote ${e.type} ${problem}` };
    // a folder outside the layer's places (/etc/X11, /var/lib/...): it exists on any runner or is made as a parent
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const under = entryUnderLink(entries);
  if (under) return { refused: under };

  await forceRemove(ctx.dir);
  ownRoot(ctx.dir);
  await mkdir(ctx.dir, { recursive: true });
  await writeAtomically(path.join(ctx.dir, 'files.tar'), 0o600, writeChunks(tarStream(entries, { mtime: 0 })));
  const bytes = entries.reduce((n, e) => n + (e.type === 'file' ? e.size : 0), 0);
  // Every /etc entry (folders too: /etc/gss, /etc/X11/xorg.conf.d) a package's .list names.
  const etcFiles = entries.filter((e) => e.name.startsWith('etc/') && !e.name.startsWith('etc/alternatives/') && etc.has(e.abs)).map((e) => e.abs);
  const meta: LayerMeta = {
    format: LAYER_FORMAT,
    key: ctx.key,
    packages: diff.added,
    alternatives,
    stanzas: stanzaText,
    etc: etcFiles,
    omitted,
    entries: entries.length,
    bytes,
  };
  await writeFile(path.join(ctx.dir, 'layer.json'), JSON.stringify(meta));
  return { meta };
}

// ---------------------------------------------------------------------------------------------
// restore (before apt-get, on a hit)

/** The layer folder's files, read through a ReadRoot (a cache entry controls them). */
async function readMeta(dir: string): Promise<LayerMeta> {
  const root = await ReadRoot.open(dir, 'system-packages cache layer');
  const raw = JSON.parse(await root.readText('layer.json', 'layer.json', { maxBytes: 16 << 20 })) as Partial<LayerMeta>;
  if (raw.format !== LAYER_FORMAT) throw new Error(`layer format ${String(raw.format)}, this action reads ${LAYER_FORMAT}`);
  if (!Array.isArray(raw.packages) || raw.packages.length === 0) throw new Error('layer.json lists no packages');
  for (const p of raw.packages as unknown[]) {
    const q = p as Partial<DpkgPackage>;
    if (typeof q.name !== 'string' || typeof q.arch !== 'string' || typeof q.version !== 'string' || typeof q.binary !== 'string')
      throw new Error('layer.json: a package without name, arch, version');
    if (!PACKAGE_NAME.test(q.name) || !PACKAGE_NAME.test(q.binary) || !/^[a-z0-9-]+$/.test(q.arch) || !/^[A-Za-z0-9.+~:-]+$/.test(q.version)) {
      throw new Error(`layer.json: bad package ${JSON.stringify(q).slice(0, 120)}`);
    }
    if (q.binary !== q.name && q.binary !== `${q.name}:${q.arch}`) throw new Error(`layer.json: ${q.binary} is not ${q.name}'s info name`);
    if (q.replaces !== undefined && (typeof q.replaces !== 'string' || !/^[A-Za-z0-9.+~:-]+$/.test(q.replaces)))
      throw new Error(`layer.json: bad replaced version for ${q.name}`);
  }
  const alts = Array.isArray(raw.alternatives) ? (raw.alternatives as unknown[]) : [];
  if (!alts.every((a) => typeof a === 'string' && ALTERNATIVE_NAME.test(a))) throw new Error('layer.json: bad alternative name');
  if (typeof raw.stanzas !== 'string') throw new Error('layer.json: no status stanzas');
  const etc = Array.isArray(raw.etc) ? (raw.etc as unknown[]) : [];
  if (!etc.every((e) => typeof e === 'string' && e.startsWith('/etc/'))) throw new Error('layer.json: bad /etc file list');
  return {
    format: LAYER_FORMAT,
    key: String(raw.key),
    packages: raw.packages,
    alternatives: alts as string[],
    stanzas: raw.stanzas,
    etc: etc as string[],
    entries: Number(raw.entries),
    bytes: Number(raw.bytes),
  };
}

async function sha256File(p: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(p)) h.update(c as Buffer);
  return h.digest('hex');
}

async function existing(abs: string): Promise<Existing> {
  const st = await lstat(abs).catch(() => undefined);
  if (!st) return { type: 'absent' };
  if (st.isSymbolicLink()) return { type: 'symlink', target: await readlink(abs) };
  if (st.isDirectory()) return { type: 'dir' };
  if (st.isFile()) return { type: 'file', sha256: await sha256File(abs) };
  return { type: 'other' };
}

/** The runner's files of the package versions the layer upgrades (checked already to be exactly the versions it replaces). */
async function replaceableFiles(upgrades: DpkgPackage[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (upgrades.length === 0) return out;
  const infoNames = await listDir(INFO);
  for (const p of upgrades) {
    const listed = (await readFile(path.join(INFO, `${p.binary}.list`), 'utf8').catch(() => '')).split('\n').filter((l) => l.startsWith('/') && l !== '/.');
    for (const l of listed) out.add(await realParent(l));
    for (const n of infoNames) if (n.startsWith(`${p.binary}.`)) out.add(path.join(INFO, n));
  }
  return out;
}

/** Reads files.tar with our own reader: every entry checked (path, type, mode, link, conflict with the runner), files hashed. */
export async function checkArchive(
  tarFile: string,
  meta: LayerMeta,
  scope: LayerScope,
  onRunner: (abs: string) => Promise<Existing> = existing,
  /** Files of the versions the layer upgrades (their .list and info files): replaced, not conflicts. */
  replaceable: ReadonlySet<string> = new Set(),
): Promise<LayerEntry[]> {
  const entries: (LayerEntry & { sha256?: string })[] = [];
  let bytes = 0;
  let hash: ReturnType<typeof createHash> | undefined;
  /** The layer's own .list files: every /etc file beyond the conffiles must be named in one. */
  const listed = new Set<string>();
  let list: Buffer[] | undefined;
  const finish = () => {
    if (hash) entries[entries.length - 1].sha256 = hash.digest('hex');
    if (list) for (const l of Buffer.concat(list).toString('utf8').split('\n')) listed.add(l);
    hash = undefined;
    list = undefined;
  };
  for await (const item of readTar(createReadStream(tarFile) as AsyncIterable<Buffer>)) {
    if ('chunk' in item) {
      hash?.update(item.chunk);
      list?.push(Buffer.from(item.chunk));
      continue;
    }
    finish();
    const e: TarEntry = item.entry;
    const le: LayerEntry = { name: e.name.replace(/^\.\//, '').replace(/\/$/, ''), type: e.type, mode: e.mode, linkname: e.linkname };
    const problem = entryProblem(le, scope);
    if (problem) throw new Error(problem);
    if (entries.length >= MAX_ENTRIES || (bytes += e.size) > MAX_BYTES) throw new Error(`more than ${MAX_ENTRIES} entries or ${MAX_BYTES} bytes`);
    entries.push(le);
    if (e.type === 'file') hash = createHash('sha256');
    if (e.type === 'file' && /^var\/lib\/dpkg\/info\/[^/]+\.list$/.test(le.name) && e.size < 64 << 20) list = [];
  }
  finish();
  const etcClaimed = new Set(meta.etc);
  for (const e of entries) {
    if (!etcClaimed.has(`/${e.name}`)) continue;
    if (!listed.has(`/${e.name}`)) throw new Error(`/${e.name}: in /etc, but no package of the layer lists it`);
  }
  if (entries.length !== meta.entries) throw new Error(`files.tar has ${entries.length} entries, layer.json says ${meta.entries}`);
  const under = entryUnderLink(entries);
  if (under) throw new Error(under);
  const conflicts: string[] = [];
  for (const e of entries) {
    if (e.type !== 'dir' && replaceable.has(`/${e.name}`)) continue;
    const c = fileConflict(e, await onRunner(`/${e.name}`));
    if (c) conflicts.push(c);
    if (conflicts.length >= 3) break;
  }
  if (conflicts.length) throw new Error(`conflict with this runner: ${conflicts.join('; ')}`);
  return entries;
}

/**
 * Appends the stanzas under dpkg's locks: lock-frontend, then lock (fcntl, as apt and dpkg take
 * them; flock(1) would not exclude them), refuses when dpkg's journal (updates/) is not empty or
 * the status changed since it was read, then writes status-new, syncs it and renames it over status.
 * struct flock on LP64 Linux: short type, short whence, (pad), off_t start, off_t len, pid_t pid.
 */
export const STATUS_WRITER = String.raw`
use strict; use Fcntl; use IO::Handle;
my ($dir, $old, $new) = @ARGV;
sub lk { my $f = shift; sysopen(my $h, "$dir/$f", O_RDWR|O_CREAT, 0640) or die "open $f: $!\n";
  my $fl = pack('ssx4qqlx4', F_WRLCK, 0, 0, 0, 0); fcntl($h, F_SETLK, $fl) or do { print STDERR "dpkg is busy ($f held by another process)\n"; exit 75 }; return $h }
my $a = lk('lock-frontend'); my $b = lk('lock');
opendir(my $u, "$dir/updates") or die "updates: $!\n"; for (readdir $u) { if (/^\d+$/) { print STDERR "dpkg has pending updates (run dpkg --configure -a)\n"; exit 76 } }
sub slurp { my $p = shift; open(my $h, '<:raw', $p) or die "$p: $!\n"; local $/; my $s = <$h>; return defined $s ? $s : '' }
if (slurp("$dir/status") ne slurp($old)) { print STDERR "dpkg's status changed meanwhile\n"; exit 77 }
my $text = slurp($new);
open(my $o, '>:raw', "$dir/status-new") or die "status-new: $!\n"; print $o $text or die "write: $!\n"; $o->flush; $o->sync or die "sync: $!\n"; close($o) or die "close: $!\n";
chmod(0644, "$dir/status-new"); rename("$dir/status-new", "$dir/status") or die "rename: $!\n";
`;

export interface RestoreOutcome {
  restored: boolean;
  /** Why not (one line) when not restored; `miss` marks a plain first run. */
  why?: string;
  miss?: boolean;
  packages: number;
  ms: number;
  /** Milliseconds per phase: fetch (the backend's restore), check, place (tar), status, ldconfig, verify. */
  phases: Record<string, number>;
}

/**
 * Before apt-get: restore the layer of `key` when there is one and it fits this runner. Never
 * throws: any problem is the reason apt-get runs.
 */
export async function restoreLayer(
  ctx: LayerContext,
  missing: string[],
  sudo: string[],
  hostArch: string,
  now: () => number = Date.now,
): Promise<RestoreOutcome> {
  const t0 = now();
  const phases: Record<string, number> = {};
  let mark = t0;
  const phase = (name: string) => {
    const t = now();
    phases[name] = t - mark;
    mark = t;
  };
  const out = (o: Omit<RestoreOutcome, 'ms' | 'phases'>): RestoreOutcome => ({ ...o, ms: now() - t0, phases });
  try {
    await forceRemove(ctx.dir);
    ownRoot(ctx.dir);
    const r = await ctx.backend.restore([ctx.dir], ctx.key, []);
    if (r.failure) return out({ restored: false, why: `the layer's restore failed: ${r.failure}`, packages: 0 });
    if (r.matchedKey !== ctx.key) return out({ restored: false, miss: true, why: 'no layer for this runner image and package set yet', packages: 0 });
    phase('fetch');
    const meta = await readMeta(ctx.dir);
    if (meta.key !== ctx.key) throw new Error(`layer.json is for ${meta.key}`);
    const stanzas = checkStanzas(meta.stanzas, meta.packages);
    const names = new Set(meta.packages.flatMap((p) => [p.name, pkgId(p)]));
    const uncovered = missing.filter((m) => !names.has(m) && !names.has(`${m}:${hostArch}`));
    if (uncovered.length) throw new Error(`the layer lacks ${uncovered.join(' ')}`);
    const runner = parseDpkgAnyState(await must(ctx.exec, ['dpkg-query', '-W', '-f', DPKG_STATE_FORMAT], 'dpkg state'));
    const pc = packageConflicts(meta.packages, runner);
    if (pc.length) throw new Error(`conflict with this runner: ${pc.slice(0, 3).join('; ')}`);
    const scope: LayerScope = {
      binaries: meta.packages.map((p) => p.binary),
      alternatives: meta.alternatives,
      conffiles: [...stanzas.flatMap((s) => s.conffiles), ...meta.etc],
    };
    const tarFile = path.join(ctx.dir, 'files.tar');
    const upgrades = meta.packages.filter((p) => p.replaces !== undefined);
    const entries = await checkArchive(tarFile, meta, scope, existing, await replaceableFiles(upgrades));
    // dpkg's status as it is now, and what it becomes: computed before anything is placed.
    const statusNow = await readFile(`${DPKG}/status`, 'utf8');
    const merged = mergeStatus(statusNow, stanzas, new Map(upgrades.map((p) => [pkgId(p), p.replaces ?? ''])));
    await writeFile(path.join(ctx.dir, 'status.old'), statusNow, { mode: 0o600 });
    await writeFile(path.join(ctx.dir, 'status.new'), merged, { mode: 0o600 });
    phase('check');

    // Checked: now in place, as root. Files first, dpkg's status last (the commit point: until
    // it is written dpkg owns none of these files, and apt-get would simply install over them).
    await must(
      ctx.exec,
      [...sudo, 'tar', '-x', '-f', tarFile, '-C', '/', '--no-overwrite-dir', '--keep-directory-symlink', '--same-owner', '--same-permissions'],
      'placing the files',
    );
    phase('place');
    await must(
      ctx.exec,
      [...sudo, 'perl', '-e', STATUS_WRITER, DPKG, path.join(ctx.dir, 'status.old'), path.join(ctx.dir, 'status.new')],
      "updating dpkg's status",
    );
    phase('status');
    await must(ctx.exec, [...sudo, 'ldconfig'], 'ldconfig');
    phase('ldconfig');

    // Verify: dpkg says every planned package is installed; every .pc file of the layer resolves.
    const q = await ctx.exec(['dpkg-query', '-W', '-f', '${Package} ${Architecture} ${db:Status-Abbrev}\n', ...missing]);
    const still = missingPackages(missing, q.stdout, hostArch);
    if (still.length) throw new Error(`after the restore dpkg does not see ${still.join(' ')} as installed`);
    const pcs = [...new Set(entries.filter((e) => e.type !== 'dir' && /\/pkgconfig\/[^/]+\.pc$/.test(e.name)).map((e) => path.basename(e.name, '.pc')))];
    if (pcs.length) {
      const p = await ctx.exec(['pkg-config', '--exists', '--print-errors', ...pcs]);
      if (p.code !== 0 && p.code !== 127)
        throw new Error(`pkg-config cannot resolve the layer's .pc files: ${p.stderr.trim().split('\n').slice(0, 2).join(' / ')}`);
    }
    phase('verify');
    return out({ restored: true, packages: meta.packages.length });
  } catch (err) {
    return out({ restored: false, why: errorMessage(err), packages: 0 });
  } finally {
    await forceRemove(ctx.dir).catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// save (post step, end of a CLI run)

export interface SystemSave {
  action: 'saved' | 'exists' | 'skipped' | 'failed';
  reason: string;
  key: string;
  ms: number;
}

/** Saves a recorded layer; never throws. */
export async function saveSystemLayer(state: SystemLayerState, backend: CacheBackend, log: CacheLog, now: () => number = Date.now): Promise<SystemSave> {
  const t0 = now();
  const rep: SystemSave = { action: 'skipped', reason: '', key: state.key, ms: 0 };
  try {
    if (!state.recorded) rep.reason = 'nothing recorded this run';
    else if (!state.save) rep.reason = state.saveWhy;
    else {
      ownRoot(state.dir);
      const r = await backend.save([state.dir], state.key);
      rep.action = r.status;
      rep.reason = r.message ?? `${state.recorded.packages} packages, ${state.recorded.entries} entries`;
    }
  } catch (err) {
    rep.action = 'failed';
    rep.reason = errorMessage(err);
  } finally {
    await forceRemove(state.dir).catch(() => undefined);
  }
  rep.ms = now() - t0;
  const line = `cache system packages: ${rep.action}${rep.reason ? ` (${rep.reason})` : ''}; key ${state.key} in ${seconds(rep.ms)}`;
  if (rep.action === 'failed') log.warning(line);
  else log.info(line);
  return rep;
}

// ---------------------------------------------------------------------------------------------
// the hooks ensureDeps calls (src/deps/apt.ts)

export interface HookOptions {
  log: CacheLog;
  env: NodeJS.ProcessEnv;
  /** The layer's folder (a fixed name in RUNNER_TEMP or the run's temp dir). */
  dir: string;
  keyPrefix: string;
  save: { save: boolean; why: string };
  /** The cache store, made when first needed. */
  backend: () => Promise<CacheBackend>;
  /** Keeps the state for the post step (rt.saveState('syspkg', ...)). */
  saveState: (json: string) => void;
  /** Reads /etc/os-release (injectable for tests). */
  osRelease?: () => Promise<string>;
  now?: () => number;
}

/** The key for `missing` on this runner: image (GitHub's, else os-release), dpkg architectures, the sorted package list. */
export async function keyFor(o: Pick<HookOptions, 'env' | 'keyPrefix' | 'osRelease'>, exec: Exec, missing: string[]): Promise<string> {
  const arch = (await must(exec, ['dpkg', '--print-architecture'], 'dpkg architecture')).trim();
  const foreign = (await must(exec, ['dpkg', '--print-foreign-architectures'], 'dpkg architectures')).split(/\s+/).filter(Boolean);
  const osRelease = await (o.osRelease ?? (() => readFile('/etc/os-release', 'utf8').catch(() => '')))();
  return layerKey(o.keyPrefix, imageId({ env: o.env, osRelease, arch, foreign }), missing);
}

/** ensureDeps' hooks for the layer, and the outcome the stage reports. */
export function systemLayerHooks(o: HookOptions): { hooks: SystemLayerHooks; outcome: () => SystemLayerReport | undefined } {
  const now = o.now ?? Date.now;
  let ctx: LayerContext | undefined;
  let before: Before | undefined;
  let report: SystemLayerReport | undefined;
  let hostArch = '';
  const hooks: SystemLayerHooks = {
    async restore(missing, sudo, exec) {
      const t0 = now();
      try {
        const key = await keyFor(o, exec, missing);
        hostArch = (await must(exec, ['dpkg', '--print-architecture'], 'dpkg architecture')).trim();
        ctx = { key, dir: o.dir, backend: await o.backend(), log: o.log, exec };
      } catch (err) {
        report = { outcome: 'skipped', key: '', packages: 0, ms: now() - t0, why: `no cache layer: ${errorMessage(err)}` };
        o.log.warning(`system packages: ${report.why}; installing with apt-get`);
        return false;
      }
      const r = await restoreLayer(ctx, missing, sudo, hostArch, now);
      report = {
        outcome: r.restored ? 'restored' : 'installed',
        key: ctx.key,
        packages: r.packages,
        ms: r.ms,
        phases: r.phases,
        ...(r.why ? { why: r.why } : {}),
      };
      o.log.debug(`system packages: restore phases (ms) ${JSON.stringify(r.phases)}`);
      if (r.restored) o.log.info(`System packages: restored ${r.packages} packages from the cache in ${seconds(r.ms)} (key ${ctx.key})`);
      else if (r.miss) o.log.info(`System packages: not from the cache: ${r.why} (key ${ctx.key}); installing with apt-get`);
      else o.log.warning(`System packages: the cache layer was not used, installing with apt-get: ${r.why}`);
      return r.restored;
    },
    async beforeInstall(exec) {
      if (!ctx) return;
      try {
        before = await snapshotBefore(exec);
      } catch (err) {
        o.log.debug(`system packages: no snapshot before apt-get (${errorMessage(err)}): nothing will be saved`);
      }
    },
    async afterInstall(exec) {
      if (!ctx || !before) return;
      if (!o.save.save) {
        o.log.info(`System packages: the layer is not recorded (cache save: ${o.save.why})`);
        return;
      }
      const t0 = now();
      try {
        const r = await recordLayer(before, { ...ctx, exec });
        if ('refused' in r) {
          o.log.info(`System packages: no cache layer made: ${r.refused}`);
          return;
        }
        const state: SystemLayerState = {
          v: 1,
          key: ctx.key,
          dir: ctx.dir,
          recorded: { packages: r.meta.packages.length, entries: r.meta.entries, bytes: r.meta.bytes },
          save: o.save.save,
          saveWhy: o.save.why,
        };
        o.saveState(JSON.stringify(state));
        o.log.info(
          `System packages: recorded ${r.meta.packages.length} packages (${r.meta.entries} entries) for the cache in ${seconds(now() - t0)}; saved after the run`,
        );
        if (r.meta.omitted?.length)
          o.log.info(`System packages: the layer leaves out ${r.meta.omitted.join(' ')} (conffiles where no layer may write; dpkg sees them as removed)`);
      } catch (err) {
        o.log.warning(`System packages: the cache layer was not recorded: ${errorMessage(err)}`);
      }
    },
  };
  return { hooks, outcome: () => report };
}
