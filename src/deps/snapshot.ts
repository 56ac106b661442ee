/**
 * The system-packages cache layer, the pure part: what apt-get installed (a diff of dpkg's state
 * before and after), the layer's key, and every check a restored layer must pass before anything
 * of it is put in place (entry paths and types, dpkg status stanzas, conflicts with what the
 * runner already has). A cache entry is hostile input: nothing here trusts a field of it.
 * The acting part is src/cache/system-layer.ts.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';

/** Bumped when the layer's layout or meaning changes: an older entry is then never restored. */
export const LAYER_FORMAT = 1;

/** dpkg-query -W -f: the package as dpkg names its info files, then name, arch, version, status. */
export const DPKG_STATE_FORMAT = '${binary:Package}\\t${Package}\\t${Architecture}\\t${Version}\\t${db:Status-Abbrev}\\n';

export interface DpkgPackage {
  /** `libx11-6:amd64` for a Multi-Arch: same package, else the plain name: the name of its info files. */
  binary: string;
  name: string;
  arch: string;
  version: string;
  /**
   * In a layer: the version apt-get upgraded (a dependency that needed a newer one, such as
   * zlib1g for zlib1g-dev on an image older than the mirror). The layer then replaces exactly
   * that version, and nothing else.
   */
  replaces?: string;
}

/** `name:arch`: one package of dpkg's database (a name may be installed for several architectures). */
export const pkgId = (p: Pick<DpkgPackage, 'name' | 'arch'>) => `${p.name}:${p.arch}`;

/** Pure: the packages dpkg-query lists as installed (`ii`), by pkgId. Other states (rc, un, half-installed) are left out. */
export function parseDpkgState(text: string): Map<string, DpkgPackage> {
  const out = new Map<string, DpkgPackage>();
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    if (f.length < 5 || !f[4].startsWith('ii')) continue;
    const p = { binary: f[0], name: f[1], arch: f[2], version: f[3] };
    out.set(pkgId(p), p);
  }
  return out;
}

/** Every package in any state but not-installed, by pkgId, with its two-letter state (for conflicts: `rc` leaves files behind). */
export function parseDpkgAnyState(text: string): Map<string, DpkgPackage & { state: string }> {
  const out = new Map<string, DpkgPackage & { state: string }>();
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    if (f.length < 5) continue;
    const state = f[4].slice(0, 2);
    if (state[1] === 'n') continue; // not installed: nothing of it on disk
    const p = { binary: f[0], name: f[1], arch: f[2], version: f[3], state };
    out.set(pkgId(p), p);
  }
  return out;
}

export type InstallDiff = { added: DpkgPackage[] } | { refused: string };

/**
 * Pure: what apt-get added or upgraded between two states (an upgrade carries the version it
 * replaced). A removal during the install refuses the layer: restoring cannot undo a package.
 */
export function diffStates(before: Map<string, DpkgPackage>, after: Map<string, DpkgPackage>): InstallDiff {
  const added: DpkgPackage[] = [];
  for (const [id, p] of after) {
    const b = before.get(id);
    if (!b) added.push(p);
    else if (b.version !== p.version) added.push({ ...p, replaces: b.version });
  }
  for (const id of before.keys()) if (!after.has(id)) return { refused: `apt-get removed ${id}; a layer only adds or upgrades packages` };
  added.sort((a, b) => (pkgId(a) < pkgId(b) ? -1 : 1));
  return { added };
}

/** What the runner image is, as the key needs it. */
export interface ImageFacts {
  env: NodeJS.ProcessEnv;
  /** /etc/os-release text ('' if absent). */
  osRelease: string;
  /** dpkg --print-architecture */
  arch: string;
  /** dpkg --print-foreign-architectures (any order). */
  foreign: string[];
}

const keySafe = (s: string) => s.replace(/[^A-Za-z0-9._+~]+/g, '_') || 'none';

/**
 * Pure: the image part of the key: ImageOS + ImageVersion on a GitHub-hosted runner (their images
 * change weekly, and every change may move a package's version), else os-release ID + VERSION_ID.
 * Both with dpkg's architecture and the foreign ones (they change what apt-get picks).
 */
export function imageId(f: ImageFacts): string {
  const rel: Partial<Record<string, string>> = {};
  for (const line of f.osRelease.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) rel[m[1]] = m[2].replace(/^["']|["']$/g, '');
  }
  const base = f.env.ImageOS && f.env.ImageVersion ? `${f.env.ImageOS}-${f.env.ImageVersion}` : `${rel.ID ?? 'unknown'}${rel.VERSION_ID ?? ''}`;
  const foreign = [...new Set(f.foreign)].sort().join('+');
  return [base, f.arch, foreign].filter(Boolean).map(keySafe).join('-');
}

/** Pure: `<prefix>-syspkg-v<format>-<image>-<sha16 of the sorted plan>`; exact match only (no restore-keys: another plan's layer is another set). */
export function layerKey(prefix: string, image: string, packages: string[]): string {
  const plan = [...new Set(packages)].sort().join('\n');
  return `${prefix}-syspkg-v${LAYER_FORMAT}-${image}-${createHash('sha256').update(plan).digest('hex').slice(0, 16)}`;
}

// ---------------------------------------------------------------------------------------------
// what a layer may hold

/** One entry of the layer's file archive, as our tar reader reports it (name relative to /). */
export interface LayerEntry {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  mode: number;
  linkname: string;
}

/**
 * Where a layer may put anything. /usr: what packages ship (not /usr/local, which no package
 * owns); /etc/alternatives: the links update-alternatives makes in postinst (symlinks only);
 * /var/lib/dpkg/info and /var/lib/dpkg/alternatives: dpkg's own records of the packages (named
 * after them, regular files only). /etc beyond that only for the conffiles the layer's status
 * stanzas declare, never the sensitive ones below.
 */
const PREFIXES = ['usr/', 'etc/alternatives/', 'var/lib/dpkg/info/', 'var/lib/dpkg/alternatives/'];
/** Never, whatever a stanza declares: who may log in or become root, what every process loads, how apt and the boot run. */
const DENIED =
  /^(?:usr\/local(?:\/|$)|etc\/(?:sudoers|sudoers\.d|shadow|gshadow|passwd|group|ld\.so\.preload|ld\.so\.conf|ld\.so\.conf\.d|profile|profile\.d|environment|bash\.bashrc|security|pam\.d|cron[^/]*|systemd|init\.d|rc\d\.d|apt|ssh|ssl|ca-certificates|default|modprobe\.d|udev|polkit-1|dpkg|update-motd\.d)(?:\/|$))/;
/** Pure: a path (absolute) no layer may write, whatever a package or stanza says. */
export const deniedPath = (abs: string) => DENIED.test(abs.replace(/^\/+/, ''));

/** Merged /usr: /lib, /bin, /sbin, /lib64 are links into /usr, so a link may point through them. */
const MERGED = /^(?:lib|lib32|lib64|libx32|bin|sbin)(?:\/|$)/;
const INFO_EXT = new Set(['list', 'md5sums', 'conffiles', 'preinst', 'postinst', 'prerm', 'postrm', 'config', 'templates', 'shlibs', 'symbols', 'triggers']);

/** Pure: the segments of an entry name, or a reason it is no clean relative path. */
function segmentsOf(name: string): string[] | string {
  const n = name.replace(/^\.\//, '').replace(/\/$/, '');
  if (n === '' || n.startsWith('/') || n.includes('\0') || n.includes('\\')) return `bad path ${JSON.stringify(name)}`;
  const segs = n.split('/');
  if (segs.some((s) => s === '' || s === '.' || s === '..')) return `path ${JSON.stringify(name)} is not clean (empty, . or .. segment)`;
  return segs;
}

/** What the layer says about itself, which the entry checks hold it to. */
export interface LayerScope {
  /** Info-file names of the layer's packages (DpkgPackage.binary). */
  binaries: string[];
  /** Alternative names the layer records (files under /var/lib/dpkg/alternatives, links in /etc/alternatives). */
  alternatives: string[];
  /**
   * Files under /etc the layer may write: the conffiles its status stanzas declare, and the
   * other files its packages' .list files name there (fontconfig's conf.d links): checked against
   * the layer's own .list files by the reader (system-layer.ts checkArchive).
   */
  conffiles: string[];
}

/** Pure: why `e` must not be restored, or undefined when it may. */
export function entryProblem(e: LayerEntry, scope: LayerScope): string | undefined {
  const segs = segmentsOf(e.name);
  if (typeof segs === 'string') return segs;
  const rel = segs.join('/');
  const abs = `/${rel}`;
  const type: string = e.type; // a hostile archive may carry any type the reader knows (device, fifo)
  if (type === 'hardlink') return `${abs}: a hard link`;
  if (type !== 'file' && type !== 'dir' && type !== 'symlink') return `${abs}: not a file, folder or symbolic link`;
  if (e.mode & 0o6000) return `${abs}: setuid or setgid bit (mode ${(e.mode & 0o7777).toString(8)})`;
  if (e.mode & 0o002 && e.type !== 'symlink') return `${abs}: writable by anyone (mode ${(e.mode & 0o7777).toString(8)})`;
  if (DENIED.test(rel)) return `${abs}: a path no package layer may write`;
  const within = (p: string) => PREFIXES.some((x) => `${p}/`.startsWith(x));
  const isConffile = scope.conffiles.includes(abs);
  const parentOfConffile = e.type === 'dir' && scope.conffiles.some((c) => c.startsWith(`${abs}/`));
  if (!within(rel) && !isConffile && !parentOfConffile) {
    if (e.type === 'dir' && PREFIXES.some((x) => x.startsWith(`${rel}/`))) return undefined; // usr, var/lib/dpkg...: the way to a prefix
    return `${abs}: outside the places a package layer may write (/usr, /etc/alternatives, /var/lib/dpkg/info, /var/lib/dpkg/alternatives, declared conffiles)`;
  }
  if (rel.startsWith('etc/alternatives/')) {
    if (e.type === 'dir' && segs.length === 2) return undefined;
    if (e.type !== 'symlink' || segs.length !== 3 || !scope.alternatives.includes(segs[2]))
      return `${abs}: /etc/alternatives holds only links of the layer's alternatives`;
  }
  if (rel.startsWith('var/lib/dpkg/')) {
    if (e.type === 'dir' && segs.length === 4) return undefined;
    if (e.type !== 'file' || segs.length !== 5) return `${abs}: dpkg's folders hold only the layer's own files`;
    if (segs[3] === 'alternatives' && !scope.alternatives.includes(segs[4])) return `${abs}: an alternative the layer does not record`;
    if (segs[3] === 'info') {
      const dot = segs[4].lastIndexOf('.');
      const owner = segs[4].slice(0, dot);
      if (dot <= 0 || !scope.binaries.includes(owner) || !INFO_EXT.has(segs[4].slice(dot + 1))) return `${abs}: not an info file of the layer's packages`;
    }
  }
  if (e.type === 'symlink') return linkProblem(abs, e.linkname);
  return undefined;
}

/** Pure: a link must stay where a layer may write or point into the merged-/usr aliases, and never through `..` past /. */
export function linkProblem(abs: string, linkname: string): string | undefined {
  if (linkname === '' || linkname.includes('\0')) return `${abs}: empty link target`;
  const resolved = path.posix.normalize(linkname.startsWith('/') ? linkname : path.posix.join(path.posix.dirname(abs), linkname));
  const up = linkname.startsWith('/') ? 0 : linkname.split('/').filter((s) => s === '..').length;
  if (up >= abs.split('/').length - 1) return `${abs}: link ${JSON.stringify(linkname)} climbs past /`;
  const rel = resolved.replace(/^\/+/, '');
  if (DENIED.test(rel)) return `${abs}: link to ${resolved}, a path no package layer may point at`;
  // Pointing into /etc is reading it (fontconfig's conf.d -> conf.avail); the denied paths are refused above.
  const ok = (rel.startsWith('usr/') && !rel.startsWith('usr/local/')) || rel.startsWith('etc/') || MERGED.test(rel);
  if (!ok) return `${abs}: link to ${resolved}, outside /usr and /etc`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// dpkg's status stanzas

export interface Stanza {
  name: string;
  arch: string;
  version: string;
  status: string;
  conffiles: string[];
  text: string;
}

/** Pure: splits status text into stanzas (deb822: `Field: value`, continuation lines start with a space). Throws on anything else. */
export function parseStatus(text: string): Stanza[] {
  const out: Stanza[] = [];
  for (const block of text.replace(/\r/g, '').split(/\n{2,}/)) {
    if (block.trim() === '') continue;
    const fields = new Map<string, string>();
    let last = '';
    for (const line of block.split('\n')) {
      if (line === '') continue;
      if (/^[ \t]/.test(line)) {
        if (!last) throw new Error(`status: a continuation line with no field: ${JSON.stringify(line.slice(0, 60))}`);
        fields.set(last, `${fields.get(last) ?? ''}\n${line}`);
        continue;
      }
      const m = /^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]?(.*)$/.exec(line);
      if (!m) throw new Error(`status: not a field: ${JSON.stringify(line.slice(0, 60))}`);
      last = m[1].toLowerCase();
      if (fields.has(last)) throw new Error(`status: field ${m[1]} twice in one stanza`);
      fields.set(last, m[2]);
    }
    const name = fields.get('package');
    if (!name) throw new Error('status: a stanza without Package');
    const conffiles = (fields.get('conffiles') ?? '')
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[0] ?? '')
      .filter((p) => p.startsWith('/'));
    out.push({
      name,
      arch: fields.get('architecture') ?? '',
      version: fields.get('version') ?? '',
      status: fields.get('status') ?? '',
      conffiles,
      text: block.trim(),
    });
  }
  return out;
}

/**
 * Pure: the layer's stanzas checked against its own package list: exactly one stanza per
 * package, same name, architecture and version, status `install ok installed`, nothing else (a
 * stanza that smuggles in a second package, or a package the list does not name, is refused).
 */
export function checkStanzas(text: string, packages: DpkgPackage[]): Stanza[] {
  const stanzas = parseStatus(text);
  const want = new Map(packages.map((p) => [pkgId(p), p]));
  const seen = new Set<string>();
  for (const s of stanzas) {
    const id = `${s.name}:${s.arch}`;
    const p = want.get(id);
    if (!p) throw new Error(`status stanza for ${id}, which the layer does not list`);
    if (seen.has(id)) throw new Error(`two status stanzas for ${id}`);
    seen.add(id);
    if (s.version !== p.version) throw new Error(`status stanza for ${id} says version ${s.version}, the layer ${p.version}`);
    if (s.status !== 'install ok installed') throw new Error(`status stanza for ${id} says ${JSON.stringify(s.status)}, not "install ok installed"`);
  }
  for (const id of want.keys()) if (!seen.has(id)) throw new Error(`no status stanza for ${id}`);
  return stanzas;
}

/**
 * Pure: dpkg's status with the layer's stanzas added. A package the status already has in any
 * state but not-installed is a conflict (dpkg's database would then say two things); a
 * not-installed stanza (left by a purge, or a selection) is replaced.
 */
export function mergeStatus(current: string, stanzas: Stanza[], replaces: ReadonlyMap<string, string> = new Map()): string {
  const ids = new Set(stanzas.map((s) => `${s.name}:${s.arch}`));
  const keep: string[] = [];
  for (const s of parseStatus(current)) {
    const id = `${s.name}:${s.arch}`;
    if (ids.has(id)) {
      const upgrade = replaces.get(id);
      const ok = / not-installed$/.test(s.status) || (upgrade !== undefined && s.status === 'install ok installed' && s.version === upgrade);
      if (!ok) throw new Error(`dpkg already has ${id} (${s.status}, version ${s.version || 'none'})`);
      continue;
    }
    keep.push(s.text);
  }
  return [...keep, ...stanzas.map((s) => s.text)].join('\n\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// conflicts with what the runner has

/** Pure: packages of the layer that the runner has in another version or in a half state. */
export function packageConflicts(layer: DpkgPackage[], runner: Map<string, DpkgPackage & { state: string }>): string[] {
  const out: string[] = [];
  for (const p of layer) {
    const r = runner.get(pkgId(p));
    if (!r) {
      if (p.replaces !== undefined) out.push(`${pkgId(p)} is not installed, the layer upgrades it from ${p.replaces}`);
      continue;
    }
    if (r.state !== 'ii') out.push(`${pkgId(p)} is ${r.state} on this runner`);
    else if (r.version === p.version) out.push(`${pkgId(p)} ${r.version} is installed already`);
    else if (r.version !== p.replaces)
      out.push(`${pkgId(p)} ${r.version} is installed, the layer holds ${p.version}${p.replaces ? ` (upgrading ${p.replaces})` : ''}`);
  }
  return out;
}

/** What is at a path on the runner (lstat), as far as a conflict check needs it. */
export type Existing = { type: 'absent' } | { type: 'dir' } | { type: 'file'; sha256: string } | { type: 'symlink'; target: string } | { type: 'other' };

/** Pure: whether placing `e` (with its content hash for a file) over what exists would change something that is there. */
export function fileConflict(e: LayerEntry & { sha256?: string }, there: Existing): string | undefined {
  const abs = `/${e.name.replace(/^\.\//, '').replace(/\/$/, '')}`;
  if (there.type === 'absent') return undefined;
  if (e.type === 'dir') return there.type === 'dir' || there.type === 'symlink' ? undefined : `${abs} exists and is not a folder`;
  if (there.type !== e.type) return `${abs} exists as a ${there.type}, the layer has a ${e.type}`;
  if (there.type === 'file' && there.sha256 !== e.sha256) return `${abs} exists with other content`;
  if (there.type === 'symlink' && there.target !== e.linkname) return `${abs} links to ${there.target}, the layer to ${e.linkname}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// update-alternatives' admin files

/**
 * Pure: the links an alternative's admin file (/var/lib/dpkg/alternatives/<name>) names: the
 * master link, then each slave's. Format: mode line, master link, then `name` / `link` pairs up
 * to an empty line, then the choices.
 */
export function alternativeLinks(adminText: string): { name: string; link: string }[] {
  const lines = adminText.split('\n');
  const out: { name: string; link: string }[] = [];
  if (lines.length < 2 || !lines[1].startsWith('/')) return out;
  out.push({ name: '', link: lines[1] });
  for (let i = 2; i + 1 < lines.length && lines[i] !== ''; i += 2) out.push({ name: lines[i], link: lines[i + 1] });
  return out;
}

/** Pure: an entry that lies beneath a link the layer itself makes (the link would carry it elsewhere), or undefined. */
export function entryUnderLink(entries: Pick<LayerEntry, 'name' | 'type'>[]): string | undefined {
  const links = new Set(entries.filter((e) => e.type === 'symlink').map((e) => e.name.replace(/\/$/, '')));
  for (const e of entries) {
    const segs = e.name.replace(/\/$/, '').split('/');
    for (let i = 1; i < segs.length; i++)
      if (links.has(segs.slice(0, i).join('/'))) return `/${e.name}: beneath /${segs.slice(0, i).join('/')}, a link of the layer`;
  }
  return undefined;
}

/** A Debian package name, optionally with :arch (Debian policy 5.6.1). */
export const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+(?::[a-z0-9-]+)?$/;
/** An alternative's name (update-alternatives refuses names with / or blanks). */
export const ALTERNATIVE_NAME = /^[A-Za-z0-9][A-Za-z0-9+._@-]*$/;
