/**
 * .deb and .rpm with desktop integration, planned from FyneApp.toml: the executable in /usr/bin,
 * <ID>.desktop, the icon in hicolor sizes, AppStream metainfo, a copyright file and a Debian
 * changelog; nfpm (github.com/goreleaser/nfpm, pinned in release/go-tool.ts) writes the packages from a
 * generated config. Pure: FyneApp.toml text, the app's facts and the inputs in; file contents and
 * the nfpm config out (src/steps/linux-packages.ts writes and runs them).
 *
 * Nothing from FyneApp.toml may become config keys, shell or a path: the nfpm config is JSON
 * (valid YAML) with every scalar JSON.stringify'd; the ID must be a reverse-DNS id (it names
 * files); single-line fields refuse control characters; ExecParams takes field codes and plain
 * words only; and as nfpm expands $VAR in name, description, homepage, maintainer and version,
 * a `$` in what reaches those fields is refused (nfpm also runs with a minimal environment).
 */
import { gzipSync } from 'node:zlib';
import { inputError, UserError } from '../errors.js';
import { parseToml } from '../compile/fyne.js';

export type LinuxPackageFormat = 'deb' | 'rpm';
const LINUX_PACKAGE_FORMATS: readonly LinuxPackageFormat[] = ['deb', 'rpm'];

/** GOARCH -> [deb, rpm] architecture names (what nfpm writes; we name the files alike). */
const LINUX_PACKAGE_ARCHES: Readonly<Partial<Record<string, readonly [string, string]>>> = {
  amd64: ['amd64', 'x86_64'],
  arm64: ['arm64', 'aarch64'],
  '386': ['i386', 'i386'],
  riscv64: ['riscv64', 'riscv64'],
  ppc64le: ['ppc64el', 'ppc64le'],
  s390x: ['s390x', 's390x'],
  loong64: ['loong64', 'loongarch64'],
};

/** `Name <email>`, as Debian's Maintainer field and rpm's Packager take it. */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const MAINTAINER_RE = /^[^<>,$\x00-\x1f\x7f]*[^<>,$\s\x00-\x1f\x7f] <[^<>@\s$]+@[^<>@\s$]+\.[^<>@\s$]+>$/;

/** The [LinuxAndBSD] table and the top-level fields of FyneApp.toml (fyne.io/tools v1.7.4's metadata.FyneApp). */
export interface LinuxDesktopMeta {
  website?: string;
  description?: string;
  genericName?: string;
  categories: string[];
  comment?: string;
  keywords: string[];
  execParams?: string;
  mimeTypes?: string;
}

export interface LinuxApp {
  /** Details.ID, reverse-DNS. */
  id: string;
  /** Details.Name (display). */
  name: string;
  /** The binary's base name (set.name): the package name derives from it. */
  exeName: string;
  /** Unused: the packages take releaseVersion, the run's one version (FyneApp.toml's Details.Version is one of its sources). */
  appVersion?: string;
  /** Details.Build (>= 1). */
  build: number;
  /** The run's one release version (ctx.version): the packages' version, mapped by packageVersion. */
  releaseVersion: string;
  /** The icon's bytes (PNG), if any. */
  icon?: Uint8Array;
  meta: LinuxDesktopMeta;
}

function fail(file: string, field: string, value: unknown, why: string, accepted: string): never {
  throw new UserError(`${file}: ${field} ${JSON.stringify(value)} ${why}; ${accepted}`);
}

// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL = /[\x00-\x1f\x7f]/;

function oneLine(file: string, field: string, v: string | undefined, noDollar = false): string | undefined {
  if (v === undefined) return undefined;
  if (CONTROL.test(v)) fail(file, field, v, 'holds a line break or control character', 'write it on one line');
  if (noDollar && v.includes('$'))
    fail(file, field, v, 'holds "$", which nfpm would expand as an environment variable in the package metadata', 'leave out "$"');
  if (v.length > 1000) fail(file, field, v.slice(0, 40) + '…', 'is too long', 'keep it under 1000 characters');
  return v.trim() || undefined;
}

/** Reads [LinuxAndBSD], Description, Website, CanOpen.MimeTypes; field names as fyne.io/tools v1.7.4. */
export function parseLinuxDesktopMeta(tomlText: string | undefined, file = 'FyneApp.toml'): LinuxDesktopMeta {
  const t = tomlText === undefined ? {} : (parseToml(tomlText, file) as Record<string, unknown>);
  const tab = (v: unknown): Record<string, unknown> =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? (v as Record<string, unknown>) : {};
  const str = (v: unknown, field: string): string | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'string') fail(file, field, v, 'is not a string', 'write it as a TOML string');
    return v;
  };
  const list = (v: unknown, field: string, item: RegExp, accepted: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) fail(file, field, v, 'is not an array', 'write it as ["A", "B"]');
    return v.map((x) => {
      if (typeof x !== 'string' || !item.test(x)) fail(file, field, x, 'is not accepted', accepted);
      return x;
    });
  };
  const l = tab(t['LinuxAndBSD']);
  const f = `LinuxAndBSD`;
  const exec = oneLine(file, `${f}.ExecParams`, str(l['ExecParams'], `${f}.ExecParams`));
  if (exec !== undefined && !exec.split(/ +/).every((w) => /^%[fFuU]$/.test(w) || /^[A-Za-z0-9_=.,:/+-]+$/.test(w))) {
    fail(file, `${f}.ExecParams`, exec, 'is not accepted on an Exec line', 'use field codes (%f, %F, %u, %U) and plain words of letters, digits and _=.,:/+-');
  }
  const website = oneLine(file, 'Website', str(t['Website'], 'Website'), true);
  if (website !== undefined && !/^https?:\/\/[^\s"<>\\]+$/.test(website))
    fail(file, 'Website', website, 'is not an http(s) URL', 'use a URL such as https://example.com/app');
  const description = str(t['Description'], 'Description');
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses (a line break and a tab are not)
  if (description !== undefined && /[\x00-\x08\x0b-\x1f\x7f]/.test(description))
    fail(file, 'Description', description, 'holds control characters', 'use plain text (line breaks are fine)');
  const mime = oneLine(file, 'CanOpen.MimeTypes', str(tab(t['CanOpen'])['MimeTypes'], 'CanOpen.MimeTypes'));
  if (mime !== undefined && !/^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+*-]+([;,]\s*[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+*-]+)*[;,]?$/.test(mime)) {
    fail(file, 'CanOpen.MimeTypes', mime, 'is not a list of MIME types', 'use types such as image/png; text/plain');
  }
  return {
    website,
    description: description?.trim() || undefined,
    genericName: oneLine(file, `${f}.GenericName`, str(l['GenericName'], `${f}.GenericName`)),
    comment: oneLine(file, `${f}.Comment`, str(l['Comment'], `${f}.Comment`), true),
    categories: list(l['Categories'], `${f}.Categories`, /^[A-Za-z0-9-]{1,64}$/, 'use freedesktop.org category names such as Utility or Graphics'),
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    keywords: list(l['Keywords'], `${f}.Keywords`, /^[^;\x00-\x1f\x7f]{1,100}$/, 'use words without ";" or line breaks'),
    execParams: exec,
    mimeTypes: mime,
  };
}

/** AppStream / desktop-id rules: reverse-DNS, at least two parts, no path characters. */
export function checkAppId(id: string, file = 'FyneApp.toml'): string {
  if (!id)
    throw new UserError(
      `${file}: Details.ID is not set, and linux-packages names the .desktop and metainfo files after it; set ID = "com.example.myapp" under [Details]`,
    );
  return checkAppIdFormat(id, file);
}

/** A set Details.ID must be a reverse-DNS id (it names files: the .desktop, the metainfo, the icons). */
export function checkAppIdFormat(id: string, file = 'FyneApp.toml'): string {
  if (id.length > 255 || !/^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$/.test(id)) {
    fail(file, 'Details.ID', id, 'is not a reverse-DNS application id', 'use letters, digits, "_" and "-" in dot-separated parts, such as com.example.myapp');
  }
  return id;
}

/** Debian/rpm package name from the binary name: lower case, [a-z0-9+.-], starting alphanumeric. */
export function packageName(exeName: string): string {
  const n = exeName
    .toLowerCase()
    .replace(/[^a-z0-9+.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '');
  if (n.length < 2) throw new UserError(`name ${JSON.stringify(exeName)} gives no usable package name; set the name input to letters and digits (e.g. my-app)`);
  return n;
}

/**
 * Upstream version for both formats, from the run's ONE release version (src/release/version.ts):
 * a leading 'v' before a digit goes; a prerelease's "-" becomes "~" (sorts before the release in
 * dpkg and rpm: 2.0.0~rc.1 < 2.0.0); anything but [A-Za-z0-9.+~] becomes ".". A version that does
 * not start with a digit (a commit, 'dev') becomes 0~<it>, which sorts before every release;
 * none at all is fyne's default 0.0.1.
 */
export function packageVersion(version: string): string {
  const v = version.trim().replace(/^v(?=\d)/, '');
  const clean = (s: string) =>
    s
      .replace(/[^A-Za-z0-9.+~]/g, '.')
      .replace(/\.{2,}/g, '.')
      .replace(/[.+~]+$/, '');
  if (v === '') return '0.0.1';
  return (/^\d/.test(v) ? clean(v.replace(/-/, '~')) : `0~${clean(v.replace(/~/g, '.'))}`).slice(0, 100);
}

/** Desktop Entry string value escaping (\\, \n, \t, \r); our values are single-line already. */
function desktopValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
}

function desktopList(items: string[]): string {
  return items.map((i) => desktopValue(i).replace(/;/g, '\\;') + ';').join('');
}

export function desktopFile(app: LinuxApp, exe: string): string {
  const m = app.meta;
  const lines = ['[Desktop Entry]', 'Type=Application', `Name=${desktopValue(app.name)}`];
  if (m.genericName) lines.push(`GenericName=${desktopValue(m.genericName)}`);
  if (m.comment) lines.push(`Comment=${desktopValue(m.comment)}`);
  lines.push(`Exec=${exe}${m.execParams ? ` ${m.execParams}` : ''}`);
  if (app.icon) lines.push(`Icon=${app.id}`);
  lines.push(`Categories=${desktopList(m.categories.length > 0 ? m.categories : ['Utility'])}`);
  if (m.keywords.length > 0) lines.push(`Keywords=${desktopList(m.keywords)}`);
  if (m.mimeTypes) lines.push(`MimeType=${desktopList(m.mimeTypes.split(/[;,]\s*/).filter(Boolean))}`);
  lines.push('Terminal=false', `StartupWMClass=${desktopValue(app.name)}`);
  return lines.join('\n') + '\n';
}

function xml(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** One line that says what the app is: Comment, else GenericName, else "<Name> desktop application". */
function summaryLine(app: LinuxApp): string {
  const s = app.meta.comment || app.meta.genericName || `${app.name} desktop application`;
  return s.replace(/[.\s]+$/, '');
}

/** The package's long description: Description's first paragraph, else a sentence from the name. */
function extendedDescription(app: LinuxApp): string {
  const first = app.meta.description
    ?.split(/\n\s*\n/)[0]!
    .replace(/\s+/g, ' ')
    .trim();
  return first || `${app.name} is a desktop application made with the Fyne toolkit.`;
}

/** AppStream metainfo (desktop-application). `date`: YYYY-MM-DD of the release. */
export function metainfoXml(app: LinuxApp, o: { version: string; date: string; maintainer: string; exe: string; license?: string }): string {
  const paras = (app.meta.description || extendedDescription(app))
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const dev = o.maintainer.replace(/\s*<.*$/, '');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<component type="desktop-application">',
    `  <id>${xml(app.id)}</id>`,
    '  <metadata_license>CC0-1.0</metadata_license>',
    ...(o.license ? [`  <project_license>${xml(o.license)}</project_license>`] : []),
    `  <name>${xml(app.name)}</name>`,
    `  <summary>${xml(summaryLine(app))}</summary>`,
    `  <developer id="${xml(app.id.split('.').slice(0, -1).join('.'))}">`,
    `    <name>${xml(dev)}</name>`,
    '  </developer>',
    '  <description>',
    ...paras.map((p) => `    <p>${xml(p)}</p>`),
    '  </description>',
    `  <launchable type="desktop-id">${xml(app.id)}.desktop</launchable>`,
    ...(app.meta.website ? [`  <url type="homepage">${xml(app.meta.website)}</url>`] : []),
    ...(app.meta.categories.length > 0 ? ['  <categories>', ...app.meta.categories.map((c) => `    <category>${xml(c)}</category>`), '  </categories>'] : []),
    ...(app.meta.keywords.length > 0 ? ['  <keywords>', ...app.meta.keywords.map((k) => `    <keyword>${xml(k)}</keyword>`), '  </keywords>'] : []),
    '  <content_rating type="oars-1.1"/>',
    '  <releases>',
    `    <release version="${xml(o.version)}" date="${o.date}"/>`,
    '  </releases>',
    `  <provides><binary>${xml(o.exe)}</binary></provides>`,
    '</component>',
  ];
  return lines.join('\n') + '\n';
}

/** A file the package holds: from disk (`source`) or made here (`content`). */
export interface PackageFile {
  /** Absolute path in the installed system, e.g. /usr/bin/hello-fyne. */
  dst: string;
  source?: string;
  content?: Uint8Array | string;
  mode: number;
  /** Only in these formats (default: both). */
  only?: LinuxPackageFormat;
}

export interface LinuxPackageJob {
  format: LinuxPackageFormat;
  target: string;
  /** The architecture name of the format (amd64 / x86_64 ...). */
  arch: string;
  /** Output file name: <pkg>_<version>-<release>_<arch>.deb, <pkg>-<version>-<release>.<arch>.rpm. */
  fileName: string;
}

export interface LinuxPackagePlan {
  packageName: string;
  version: string;
  release: string;
  /** Files shared by every target, apart from the executable (added per target). */
  files: PackageFile[];
  jobs: LinuxPackageJob[];
  /** Targets skipped, with why. */
  skipped: string[];
}

/** Debian changelog entry (lintian wants one in every non-native package), RFC 2822 date. */
function debianChangelog(pkg: string, version: string, release: string, maintainer: string, when: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  const date = `${days[when.getUTCDay()]}, ${p(when.getUTCDate())} ${months[when.getUTCMonth()]} ${when.getUTCFullYear()} ${p(when.getUTCHours())}:${p(when.getUTCMinutes())}:${p(when.getUTCSeconds())} +0000`;
  return `${pkg} (${version}-${release}) unstable; urgency=medium\n\n  * Release ${version}, packaged by go-fyne-action.\n\n -- ${maintainer}  ${date}\n`;
}

/** A machine-readable debian/copyright (DEP-5) naming the maintainer; the license is the project's. */
function copyrightFile(app: LinuxApp, maintainer: string, license: string | undefined, year: number): string {
  const lic = license || 'other';
  return [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
    `Upstream-Name: ${app.name}`,
    ...(app.meta.website ? [`Source: ${app.meta.website}`] : []),
    '',
    'Files: *',
    `Copyright: ${year} ${maintainer}`,
    `License: ${lic}`,
    ...(license ? [] : [' The license of this software is given by its project' + (app.meta.website ? ` (${app.meta.website}).` : '.')]),
    '',
  ].join('\n');
}

/** Pure: what to package for which Linux targets and formats. `icons`: hicolor size -> PNG bytes. */
export function planLinuxPackages(o: {
  app: LinuxApp;
  formats: LinuxPackageFormat[];
  targets: string[];
  maintainer: string;
  icons: Map<number, Uint8Array>;
  now: Date;
}): LinuxPackagePlan {
  const app = { ...o.app, id: checkAppId(o.app.id) };
  oneLine('FyneApp.toml', 'Details.Name', app.name, true);
  const pkg = packageName(app.exeName);
  const version = packageVersion(app.releaseVersion);
  const release = String(app.build > 0 ? Math.floor(app.build) : 1);
  const doc = `/usr/share/doc/${pkg}`;
  const files: PackageFile[] = [
    { dst: `/usr/share/applications/${app.id}.desktop`, content: desktopFile({ ...app, icon: o.icons.size > 0 ? app.icon : undefined }, pkg), mode: 0o644 },
    {
      dst: `/usr/share/metainfo/${app.id}.metainfo.xml`,
      content: metainfoXml(app, { version, date: o.now.toISOString().slice(0, 10), maintainer: o.maintainer, exe: pkg }),
      mode: 0o644,
    },
    ...[...o.icons].map(([size, png]): PackageFile => ({ dst: `/usr/share/icons/hicolor/${size}x${size}/apps/${app.id}.png`, content: png, mode: 0o644 })),
    { dst: `${doc}/copyright`, content: copyrightFile(app, o.maintainer, undefined, o.now.getUTCFullYear()), mode: 0o644 },
    {
      dst: `${doc}/changelog.Debian.gz`,
      content: gzipSync(debianChangelog(pkg, version, release, o.maintainer, o.now), { level: 9 }),
      mode: 0o644,
      only: 'deb',
    },
  ];
  const jobs: LinuxPackageJob[] = [];
  const skipped: string[] = [];
  for (const target of o.targets) {
    const [os, goarch = ''] = target.split('/');
    const names = LINUX_PACKAGE_ARCHES[goarch];
    if (os !== 'linux' || !names) {
      skipped.push(`${target}: no .deb/.rpm architecture name for ${goarch}`);
      continue;
    }
    for (const format of o.formats) {
      const arch = format === 'deb' ? names[0] : names[1];
      const fileName = format === 'deb' ? `${pkg}_${version}-${release}_${arch}.deb` : `${pkg}-${version}-${release}.${arch}.rpm`;
      jobs.push({ format, target, arch, fileName });
    }
  }
  return { packageName: pkg, version, release, files, jobs, skipped };
}

/** Where the binary goes in the package. */
function exePath(plan: LinuxPackagePlan): string {
  return `/usr/bin/${plan.packageName}`;
}

/**
 * The nfpm config as JSON text (valid YAML: nfpm parses it with yaml.v3 and KnownFields). Every
 * value is a JSON scalar; file sources are absolute paths the step staged; globbing is off.
 */
export function nfpmConfig(o: {
  plan: LinuxPackagePlan;
  job: LinuxPackageJob;
  app: LinuxApp;
  maintainer: string;
  /** Staged source for each dst (absolute, no "$"). */
  sources: Map<string, string>;
  binary: string;
  /** Depends (deb) / Requires (rpm): src/package/elf-needed.ts. */
  depends: { deb: string[]; rpm: string[] };
  mtime?: Date;
}): string {
  const goarch = o.job.target.split('/')[1];
  for (const p of [o.binary, ...o.sources.values(), ...o.depends.deb, ...o.depends.rpm])
    if (p.includes('$')) throw new Error(`${p} holds "$", which nfpm would expand`);
  const summary = summaryLine(o.app);
  const body = extendedDescription(o.app);
  if (body.includes('$')) oneLine('FyneApp.toml', 'Description', body, true);
  const contents = [
    { src: o.binary, dst: exePath(o.plan), type: 'file', file_info: { mode: 0o755 } },
    ...o.plan.files
      .filter((f) => !f.only || f.only === o.job.format)
      .map((f) => ({ src: o.sources.get(f.dst)!, dst: f.dst, type: 'file', file_info: { mode: f.mode } })),
  ];
  const config: Record<string, unknown> = {
    name: o.plan.packageName,
    arch: goarch,
    platform: 'linux',
    version: o.plan.version,
    version_schema: 'none',
    release: o.plan.release,
    section: 'misc',
    priority: 'optional',
    maintainer: o.maintainer,
    description: `${summary}\n${body}`,
    vendor: o.maintainer.replace(/\s*<.*$/, ''),
    ...(o.app.meta.website ? { homepage: o.app.meta.website } : {}),
    license: 'Unknown',
    disable_globbing: true,
    umask: 0o022,
    contents,
    overrides: { deb: { depends: o.depends.deb }, rpm: { depends: o.depends.rpm } },
    rpm: { summary, group: 'Applications/System', packager: o.maintainer, compression: 'gzip' },
    deb: { compression: 'xz' },
  };
  if (o.mtime) config['mtime'] = o.mtime.toISOString();
  return JSON.stringify(config, null, 2) + '\n';
}

/** The inputs linux-packages and maintainer, checked up front (config.ts). */
export function parseLinuxPackageInputs(o: {
  formats: string[];
  maintainer: string;
  targets: string[];
  fanIn: boolean;
  /** Told about an input this job does not use (one `with:` block serving a matrix): then no package is planned. */
  notice?: (input: string, why: string) => void;
}): {
  linuxPackages: LinuxPackageFormat[];
  maintainer: string;
} {
  const shown = o.formats.join(', ');
  const formats: LinuxPackageFormat[] = [];
  for (const f of o.formats) {
    const v = f.toLowerCase();
    if (!(LINUX_PACKAGE_FORMATS as readonly string[]).includes(v))
      throw inputError('linux-packages', f, 'is not a package format', 'use deb, rpm or both (deb, rpm)');
    if (!formats.includes(v as LinuxPackageFormat)) formats.push(v as LinuxPackageFormat);
  }
  const maintainer = o.maintainer.trim();
  if (maintainer && !MAINTAINER_RE.test(maintainer)) {
    throw inputError(
      'maintainer',
      maintainer,
      'is not a name and an address',
      'write it as Name <email>, e.g. Jane Doe <jane@example.org>, without "$" or ","',
    );
  }
  if (formats.length === 0) {
    if (maintainer) o.notice?.('maintainer', 'linux-packages is empty, this job makes no .deb or .rpm to name it in');
    return { linuxPackages: [], maintainer };
  }
  // One `with:` block serves a matrix: a job with nothing to package is told, not failed.
  const linux = o.targets.filter((t) => t.startsWith('linux/'));
  const unknown = linux.filter((t) => !LINUX_PACKAGE_ARCHES[t.slice('linux/'.length)]);
  // A fan-in packages the linux binaries the jobs released: which they are is known once they are gathered.
  const why = o.fanIn
    ? undefined
    : linux.length === 0
      ? 'this job builds no Linux target, nothing to package'
      : unknown.length === linux.length
        ? `this job's Linux targets (${unknown.join(', ')}) have no .deb/.rpm architecture, nothing to package`
        : undefined;
  if (why !== undefined) {
    o.notice?.('linux-packages', why);
    if (maintainer) o.notice?.('maintainer', why);
    return { linuxPackages: [], maintainer };
  }
  if (!maintainer)
    throw inputError(
      'linux-packages',
      shown,
      'needs maintainer, which is empty',
      'set maintainer: Name <email> (the Maintainer of the .deb, the Packager of the .rpm)',
    );
  return { linuxPackages: formats, maintainer };
}
