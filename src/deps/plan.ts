/**
 * System packages the builds need, decided without touching the system: which packages for which
 * targets on which host (and why each one), the foreign dpkg architectures, the apt source
 * rewrite for a foreign architecture on Ubuntu (which files change, which source is added), what
 * dpkg-query says is missing, and every message the install says or fails with. The thin part
 * that runs dpkg, apt-get and sudo is src/deps/apt.ts.
 */
import { fyneAtLeast } from '../compile/fyne.js';
import { debArch, type HostPlatform } from '../compile/compilers.js';
import type { TriState } from '../compile/options.js';
import type { BuildPlan } from '../compile/plan.js';
import { seconds } from '../system/format.js';

/**
 * The -dev packages of exactly what Fyne's cgo directives ask for on Linux (read from go-gl/glfw
 * v3.3 and go-gl/gl v2.1 as Fyne 2.7 pins them): go-gl/gl's `pkg-config: gl` (pkg-config and
 * gl.pc, GL/gl.h: libgl-dev), GLFW's `-lGL -lX11 -lXrandr -lXxf86vm -lXi -lXcursor -lXinerama`
 * (each library's .so link and headers: libgl-dev, libx11-dev, libxrandr-dev, libxxf86vm-dev,
 * libxi-dev, libxcursor-dev, libxinerama-dev; the headers those include, Xext/Xfixes/Xrender and
 * x11proto, come as their dependencies; `gcc -H` over a real build lists nothing else). Not the
 * xorg-dev metapackage (it adds the X server SDK, Xaw, Xt, fonts...): in a fresh bookworm root
 * gcc libc6-dev + this set is 93 packages against 192 (`npm run bench -- fresh --only packages`).
 * Running the app still gets Mesa's GLX driver: libgl-dev pulls libgl1 -> libglx0 -> libglx-mesa0.
 */
export const FYNE_NATIVE_PACKAGES = [
  'pkg-config',
  'libgl-dev',
  'libx11-dev',
  'libxcursor-dev',
  'libxrandr-dev',
  'libxinerama-dev',
  'libxi-dev',
  'libxxf86vm-dev',
];
/**
 * The same for a foreign dpkg architecture, each as name:arch (the minimal set is arch-specific
 * already; xorg-dev, Architecture: all, would have pulled the native libraries). pkg-config is
 * the host's, so it is not in this list (see FYNE_NATIVE_PACKAGES for why each package).
 */
export const FYNE_FOREIGN_PACKAGES = ['libgl-dev', 'libx11-dev', 'libxcursor-dev', 'libxrandr-dev', 'libxinerama-dev', 'libxi-dev', 'libxxf86vm-dev'];
/**
 * Fyne 2.8 picks Wayland or X11 at run time: its GLFW (go-gl/glfw v3.4, built with both
 * -D_GLFW_X11 and -D_GLFW_WAYLAND when no x11/wayland tag is given) links -lwayland-client
 * -lwayland-cursor -lwayland-egl -lxkbcommon, and Fyne's own driver asks `pkg-config:
 * wayland-client`. The protocol headers ship pre-generated inside go-gl/glfw, so neither
 * wayland-protocols nor wayland-scanner is needed. (Read from fyne.io/fyne/v2 v2.8.1 and its
 * go-gl/glfw v3.4 build.go.)
 */
export const FYNE_WAYLAND_PACKAGES = ['libwayland-dev', 'libxkbcommon-dev'];

export interface DepsPlan {
  system: 'apt' | 'macos' | 'windows' | 'none';
  /** apt packages, foreign ones as name:arch, in install order, without duplicates. */
  packages: string[];
  /** dpkg architectures to add (dpkg --add-architecture). */
  foreignArchs: string[];
  /** The host's dpkg architecture. */
  hostArch: string;
  /** Why each package is wanted (target ids), for logs and errors. */
  reasons: Partial<Record<string, string[]>>;
  /** What each package is, in a few words ("C compiler for cgo"), for the log before installing. */
  roles?: Partial<Record<string, string>>;
  /** macOS: Xcode Command Line Tools needed. */
  xcode: boolean;
  /** Commands that must be on PATH (compilers not installed by apt): command -> hint. */
  commands: Record<string, string>;
}

/** Adds `pkg` once, with one more reason (a target id, a test) and its role if it has none yet. */
function addPackage(plan: DepsPlan, pkg: string, why: string, role: string): void {
  if (!plan.packages.includes(pkg)) plan.packages.push(pkg);
  const reasons = (plan.reasons[pkg] ??= []);
  if (!reasons.includes(why)) reasons.push(why);
  (plan.roles ??= {})[pkg] ??= role;
}

/** What planDeps reads of a build plan (the demo and the test setup plan from targets alone). */
export type DepsTarget = Pick<BuildPlan, 'id' | 'target' | 'cgo' | 'compiler'>;

/** Packages for the plans on this host. Plans with a user `cc` bring their own toolchain. */
export function planDeps(plans: DepsTarget[], host: HostPlatform, isFyne: boolean, fyneVersion = 'none'): DepsPlan {
  const wayland = isFyne && fyneAtLeast(fyneVersion, 2, 8);
  const hostArch = debArch(host.arch);
  const plan: DepsPlan = {
    system: host.os === 'linux' ? 'apt' : host.os === 'darwin' ? 'macos' : host.os === 'windows' ? 'windows' : 'none',
    packages: [],
    foreignArchs: [],
    hostArch,
    reasons: {},
    roles: {},
    xcode: false,
    commands: {},
  };
  const add = (pkg: string, why: string, role: string): void => addPackage(plan, pkg, why, role);
  for (const b of plans) {
    const c = b.compiler;
    if (!b.cgo || !c) continue;
    const firstWord = (c.cc ?? '').trim().split(/\s+/)[0] ?? '';
    if (c.source === 'user') {
      if (firstWord) plan.commands[firstWord] = `the "cc" input for ${b.id} names ${firstWord}, which is not on PATH`;
      continue;
    }
    if (host.os === 'darwin') {
      plan.xcode = true;
      if (c.cc) plan.commands[firstWord] = c.hint;
      continue;
    }
    if (host.os === 'windows') {
      plan.commands[firstWord || 'gcc'] = c.hint;
      continue;
    }
    if (host.os !== 'linux') continue;
    for (const p of c.debPackages)
      add(p, b.id, p.startsWith('libc') ? 'C library headers' : c.source === 'cross' ? 'C cross compiler for cgo' : 'C compiler for cgo');
    if (b.target.os !== 'linux') continue; // e.g. windows via MinGW: no system libraries
    const arch = c.debArch && c.debArch !== hostArch ? c.debArch : undefined;
    const glfw = 'X11/OpenGL headers that Fyne (GLFW) compiles against';
    if (arch) {
      if (!plan.foreignArchs.includes(arch)) plan.foreignArchs.push(arch);
      add(`libc6-dev:${arch}`, b.id, `C library headers for ${arch}`);
      if (isFyne) for (const p of FYNE_FOREIGN_PACKAGES) add(`${p}:${arch}`, b.id, `${glfw}, for ${arch}`);
      if (wayland) for (const p of FYNE_WAYLAND_PACKAGES) add(`${p}:${arch}`, b.id, `Wayland headers that Fyne 2.8 compiles against, for ${arch}`);
    } else if (isFyne) {
      for (const p of FYNE_NATIVE_PACKAGES) add(p, b.id, glfw);
      if (wayland) for (const p of FYNE_WAYLAND_PACKAGES) add(p, b.id, 'Wayland headers that Fyne 2.8 compiles against');
    }
    if (wayland) add('pkg-config', b.id, 'pkg-config, which Fyne 2.8 asks for wayland-client');
  }
  return plan;
}

/**
 * A plan for named apt packages, each with why it is wanted (e.g. the tools a test suite runs),
 * on top of `base` (e.g. a build's plan) when given, so that one apt-get run installs both.
 */
export function planPackages(wanted: { pkg: string; role: string; for: string }[], host: HostPlatform, base?: DepsPlan): DepsPlan {
  const plan: DepsPlan = base
    ? {
        ...base,
        packages: [...base.packages],
        reasons: Object.fromEntries(Object.entries(base.reasons).map(([k, v = []]) => [k, [...v]])),
        roles: { ...base.roles },
      }
    : {
        system: host.os === 'linux' ? 'apt' : 'none',
        packages: [],
        foreignArchs: [],
        hostArch: debArch(host.arch),
        reasons: {},
        roles: {},
        xcode: false,
        commands: {},
      };
  for (const w of wanted) addPackage(plan, w.pkg, w.for, w.role);
  return plan;
}

/** `gcc (C compiler for cgo; for linux/amd64), xorg-dev (...)`: what is installed and why. */
export function describePackages(plan: DepsPlan, pkgs: string[]): string {
  return pkgs
    .map((p) => {
      const why = [plan.roles?.[p], plan.reasons[p]?.length ? `for ${plan.reasons[p].join(', ')}` : undefined].filter(Boolean).join('; ');
      return why ? `${p} (${why})` : p;
    })
    .join(', ');
}

/** The one command that installs `missing` as root (with `sudo ` in front when asked). */
export function aptInstallCommand(plan: Pick<DepsPlan, 'foreignArchs'>, missing: string[], sudo = ''): string {
  const arch = plan.foreignArchs.map((a) => `${sudo}dpkg --add-architecture ${a} && `).join('');
  return `${arch}${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${missing.join(' ')}`;
}

// ---------------------------------------------------------------------------------------------
// apt sources for a foreign architecture on Ubuntu (pure text transforms)

export interface OsRelease {
  id: string;
  idLike: string[];
  codename: string;
}

export function parseOsRelease(text: string): OsRelease {
  const kv: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) kv[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return {
    id: kv['ID'] ?? '',
    idLike: (kv['ID_LIKE'] ?? '').split(/\s+/).filter(Boolean),
    codename: kv['VERSION_CODENAME'] || kv['UBUNTU_CODENAME'] || '',
  };
}

export function isUbuntu(os: OsRelease): boolean {
  return os.id === 'ubuntu' || (os.idLike.includes('ubuntu') && os.id !== 'debian');
}

/** Ubuntu splits its archive: amd64/i386 on archive.ubuntu.com, everything else on ports.ubuntu.com. */
export function ubuntuMirror(dpkgArch: string): string {
  return dpkgArch === 'amd64' || dpkgArch === 'i386' ? 'http://archive.ubuntu.com/ubuntu' : 'http://ports.ubuntu.com/ubuntu-ports';
}

const UBUNTU_URI = /^(https?|mirror\+\S+):\/\/([a-z0-9.-]*\.)?(archive|security|ports)\.ubuntu\.com\//i;
/** GitHub's Ubuntu images point apt at `mirror+file:/etc/apt/apt-mirrors.txt` (a list of Ubuntu mirrors). */
const isUbuntuUri = (uri: string): boolean => UBUNTU_URI.test(uri) || /^mirror\+file:/.test(uri) || /(azure|ec2)\.archive\.ubuntu\.com/.test(uri);

/**
 * deb822 (.sources): adds `Architectures: <arch>` to stanzas pointing at Ubuntu's archive that
 * have none, so apt stops asking them for the foreign architecture (they would 404).
 */
export function restrictDeb822(text: string, hostArch: string): string {
  return text
    .split(/(\n[ \t]*\n)/)
    .map((part) => {
      if (/^\n[ \t]*\n$/.test(part)) return part;
      const uris = /^URIs:\s*(.+)$/im.exec(part)?.[1]?.split(/\s+/) ?? [];
      if (!uris.some(isUbuntuUri) || /^Architectures:/im.test(part)) return part;
      return part.replace(/^(URIs:.*)$/im, `$1\nArchitectures: ${hostArch}`);
    })
    .join('');
}

/** One-line format (.list): `deb http://archive.ubuntu.com/...` -> `deb [arch=amd64] http://...`. */
export function restrictOneLine(text: string, hostArch: string): string {
  return text
    .split('\n')
    .map((line) => {
      const m = /^(\s*deb(?:-src)?\s+)(\[[^\]]*\]\s+)?(\S+)(.*)$/.exec(line);
      if (!m || !isUbuntuUri(m[3])) return line;
      const opts = m[2];
      if (opts && /\barch=/.test(opts)) return line;
      const newOpts = opts ? opts.replace(/^\[\s*/, `[arch=${hostArch} `) : `[arch=${hostArch}] `;
      return `${m[1]}${newOpts}${m[3]}${m[4]}`;
    })
    .join('\n');
}

/** A deb822 source for `arch` from the right Ubuntu mirror. */
export function ubuntuForeignSource(codename: string, arch: string): string {
  const suites = [codename, `${codename}-updates`, `${codename}-backports`, `${codename}-security`].join(' ');
  return [
    'Types: deb',
    `URIs: ${ubuntuMirror(arch)}`,
    `Suites: ${suites}`,
    'Components: main restricted universe multiverse',
    `Architectures: ${arch}`,
    'Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg',
    '',
  ].join('\n');
}

/** Parses `dpkg-query -W -f '${Package} ${Architecture} ${db:Status-Abbrev}\n'` and returns what is missing. */
export function missingPackages(wanted: string[], dpkgOutput: string, hostArch: string): string[] {
  const installed = new Set<string>();
  for (const line of dpkgOutput.split(/\r?\n/)) {
    const [pkg, arch, status = ''] = line.trim().split(/\s+/);
    if (!pkg || !arch || !status.startsWith('ii')) continue;
    installed.add(`${pkg}:${arch}`);
  }
  return wanted.filter((w) => {
    const [name, arch] = w.includes(':') ? (w.split(':') as [string, string]) : [w, hostArch];
    return !installed.has(`${name}:${arch}`) && !installed.has(`${name}:all`);
  });
}

// ---------------------------------------------------------------------------------------------
// the apt commands for foreign architectures (dpkg --add-architecture, source rewrites)

/** One command of the install, with the text it reads on stdin (tee writes a file). */
export interface AptCommand {
  argv: string[];
  input?: string;
}

/** The foreign architectures whose packages come from another Ubuntu mirror than the host's. */
export function archsOnOtherMirror(plan: Pick<DepsPlan, 'foreignArchs' | 'hostArch'>, osRelease: OsRelease): string[] {
  if (!isUbuntu(osRelease)) return [];
  return plan.foreignArchs.filter((a) => ubuntuMirror(a) !== ubuntuMirror(plan.hostArch));
}

/** Our own apt source for a foreign architecture. */
export const foreignSourceFile = (arch: string): string => `/etc/apt/sources.list.d/go-fyne-action-${arch}.sources`;

export interface ForeignArchFacts {
  /** dpkg --print-foreign-architectures. */
  have: string[];
  osRelease: OsRelease;
  /** The apt source files and their text (read only when archsOnOtherMirror is not empty). */
  sources: [file: string, text: string][];
  /** Whether a file exists (our own source from an earlier run). */
  present: (file: string) => boolean;
}

/**
 * Per foreign architecture, in order: add it to dpkg unless there; then, when Ubuntu serves it
 * from another mirror, restrict the host's Ubuntu sources to the host architecture (they would
 * 404 for it) and add our own source for it from the right mirror, unless an earlier run did.
 */
export function foreignArchCommands(plan: Pick<DepsPlan, 'foreignArchs' | 'hostArch'>, facts: ForeignArchFacts): AptCommand[] {
  const out: AptCommand[] = [];
  const texts = new Map(facts.sources);
  const other = archsOnOtherMirror(plan, facts.osRelease);
  for (const arch of plan.foreignArchs) {
    if (!facts.have.includes(arch)) out.push({ argv: ['dpkg', '--add-architecture', arch] });
    if (!other.includes(arch)) continue;
    for (const [file, text] of texts) {
      const next = file.endsWith('.sources') ? restrictDeb822(text, plan.hostArch) : restrictOneLine(text, plan.hostArch);
      if (next === text) continue;
      out.push({ argv: ['tee', file], input: next });
      texts.set(file, next);
    }
    const own = foreignSourceFile(arch);
    if (!facts.present(own)) out.push({ argv: ['tee', own], input: ubuntuForeignSource(facts.osRelease.codename, arch) });
  }
  return out;
}

/** apt-get update, then the install of what is missing (noninteractive, no recommends). */
export function aptGetCommands(missing: string[]): AptCommand[] {
  return [
    { argv: ['apt-get', 'update', '-q'] },
    { argv: ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing] },
  ];
}

// ---------------------------------------------------------------------------------------------
// what the install says, and the errors it stops with

/** install-deps: true installs; auto installs on CI only; false only checks. */
export function installAllowed(mode: TriState, ci: boolean): boolean {
  return mode === 'true' || (mode === 'auto' && ci);
}

export const XCODE_MISSING =
  'cgo builds on macOS need the Xcode Command Line Tools, which are missing; run: xcode-select --install (GitHub macOS runners have them)';

export function dpkgQueryMissingMessage(plan: Pick<DepsPlan, 'packages'>): string {
  return `dpkg-query not found: cannot check ${plan.packages.join(' ')} (Debian/Ubuntu names); checking compilers only`;
}

/** install-deps does not allow installing: the missing packages, why, and the command. */
export function notAllowedMessage(plan: DepsPlan, missing: string[], mode: TriState): string {
  const why = missing.map((m) => `${m} (for ${plan.reasons[m]?.join(', ')})`).join(', ');
  const arch = plan.foreignArchs.length ? `sudo dpkg --add-architecture ${plan.foreignArchs.join(' ')} && ` : '';
  return `input "install-deps": ${JSON.stringify(mode)} and these packages are missing: ${why}; install them (${arch}sudo apt-get install ${missing.join(' ')}) or set install-deps: true`;
}

/** Not root, and sudo is not installed or wants a password off a terminal: the one command to run. */
export function needsRootMessage(plan: DepsPlan, missing: string[], sudo: 'not-installed' | 'asks-password'): string {
  const what = `${missing.length} package(s) are missing: ${describePackages(plan, missing)}`;
  return sudo === 'not-installed'
    ? `${what}; installing them needs root and sudo is not installed: run as root: ${aptInstallCommand(plan, missing)}`
    : `${what}; installing them needs root and sudo asks for a password: run: ${aptInstallCommand(plan, missing, 'sudo ')}`;
}

export const SUDO_ASKS = 'sudo will ask for your password to run apt-get';

export function installingMessage(plan: DepsPlan, missing: string[], sudo: string[]): string {
  return `installing ${missing.length} missing package(s) with apt-get${sudo.length ? ` (${sudo.join(' ')})` : ''}: ${describePackages(plan, missing)}`;
}

export function installFailedMessage(argv: string[], code: number, stdout: string, stderr: string): string {
  const last = (stderr.trim() || stdout.trim()).split('\n').pop() ?? '';
  return `installing build dependencies failed: ${argv.join(' ')} exited ${code}: ${last}`;
}

export function compilerMissingMessage(cmd: string, hint: string): string {
  return `C compiler ${cmd} not found on PATH; ${hint}`;
}

/** The last line of a check: what was installed and how long it took, or what was present. */
export function doneMessage(plan: Pick<DepsPlan, 'packages'>, installed: string[], durationMs: number): string | undefined {
  if (installed.length) return `installed ${installed.join(' ')} in ${seconds(durationMs)}`;
  if (plan.packages.length) return `system packages present: ${plan.packages.join(' ')}`;
  return undefined;
}
