/**
 * The C flags `fyne build` gives cgo, as fyne.io/tools v1.7.4 does (cmd/fyne/internal/commands/
 * build.go applyCAndLDFlags, hardening_flags.go, util/detect_compiler.go), read from that
 * version's source and followed here. Pure: the `--version` text of the C compiler comes in.
 *
 * - CGO_CFLAGS: `-O3 -pipe` for release builds (else `-O2 -g -fexceptions
 *   -fasynchronous-unwind-tables -pipe`), then the hardening flags its table picks for the
 *   detected compiler, os and arch, then `-mmacosx-version-min` on darwin and
 *   `-mbranch-protection=bti+pac-ret` on arm64.
 * - CGO_LDFLAGS: `-Wl,-z,relro,-z,now -Wl,--as-needed` on Linux; `-Wl,-dead_strip_dylibs` and
 *   the minimum version on darwin.
 *
 * Two deliberate differences: the darwin minimum is our `macos-min-version` input (fyne hard-codes
 * 10.13), and these flags come BEFORE the user's own CGO_CFLAGS/CGO_LDFLAGS (fyne appends them
 * after), so a flag the user sets wins.
 */

const BASE_RELEASE = '-O3 -pipe';
const BASE_REGULAR = '-O2 -g -fexceptions -fasynchronous-unwind-tables -pipe';
const HARDENING_DEFAULT = '-D_FORTIFY_SOURCE=3 -fcf-protection -fstack-protector-strong';
const LD_LINUX = '-Wl,-z,relro,-z,now -Wl,--as-needed';
const LD_DARWIN = '-Wl,-dead_strip_dylibs';

export interface CompilerInfo {
  name: 'gcc' | 'clang';
  version: string;
  /** The distribution or os the compiler names (ubuntu, debian, darwin, ...), else the target os. */
  os: string;
}

const RX_CLANG = /(?:(\S+)\s+)?clang\s+version\s+([0-9.]+)/;
const RX_GCC = /\bcc(\.exe)?\s+\(([^)]+)\)\s+([0-9.]+)/;
const RX_BUILT_BY = /built\s+by\s+(\S+)/;

/** Go's semver.IsValid for "v" + a dotted number: 1 to 3 numeric parts, no leading zeros. */
function validVersion(v: string): boolean {
  return /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){0,2}$/.test(v);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** util.DetectCompiler: the compiler behind a `cc --version` text, or undefined when unknown. */
export function detectCompiler(versionText: string, goos: string): CompilerInfo | undefined {
  const osname = (s: string | undefined): string => (s === 'apple' ? 'darwin' : !s ? goos : s);
  const text = versionText.toLowerCase();
  const clang = RX_CLANG.exec(text);
  if (clang) return validVersion(clang[2]) ? { name: 'clang', version: clang[2], os: osname(clang[1]) } : undefined;
  const gcc = RX_GCC.exec(text);
  if (!gcc) return undefined;
  const [, exe, inParens = '', version = ''] = gcc;
  if (!validVersion(version)) return undefined;
  if (exe === '.exe') {
    const by = RX_BUILT_BY.exec(inParens);
    if (by) return { name: 'gcc', version, os: osname(by[1]) };
  }
  if (inParens === '' || inParens === 'gcc') return { name: 'gcc', version, os: osname('') };
  const first =
    inParens
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .trim()
      .split(/\s+/)[0] ?? '';
  return { name: 'gcc', version, os: osname(first) };
}

interface HardeningRow {
  os: string;
  arch: string;
  cc: string;
  minVer: string;
  maxVer: string;
  cflags: string;
}

/** hardeningFlagsTable, specific rows first. */
const HARDENING_TABLE: readonly HardeningRow[] = [
  { os: 'ubuntu', arch: 'amd64', cc: 'gcc', minVer: '*', maxVer: '*', cflags: '-fcf-protection -fstack-protector-strong' }, // Ubuntu's gcc defines _FORTIFY_SOURCE itself
  { os: 'windows', arch: '*', cc: 'gcc', minVer: '*', maxVer: '*', cflags: '-D_FORTIFY_SOURCE=3 -fstack-protector-strong' }, // MinGW has no -fcf-protection
  { os: '*', arch: 'arm64', cc: '*', minVer: '*', maxVer: '*', cflags: '-D_FORTIFY_SOURCE=3 -fstack-protector-strong' }, // no -fcf-protection on arm64
];

/**
 * The compiler a command will be, when it cannot be asked yet (install-deps installs it after
 * planning): the host's `cc` on Linux is the distribution's gcc (ID from /etc/os-release), on
 * macOS Apple's clang. Anything else stays unknown, as fyne's own detection leaves cross
 * compilers (`x86_64-w64-mingw32-gcc (GCC) ...` does not match its pattern). So a first run on a
 * bare machine and a second run after the install plan the same flags and share a cache key.
 */
export function guessCompiler(command: string, hostOs: string, osReleaseId: string | undefined): CompilerInfo | undefined {
  if (command !== 'cc') return undefined;
  if (hostOs === 'linux') return { name: 'gcc', version: '0.0.0', os: osReleaseId?.toLowerCase() || 'linux' };
  if (hostOs === 'darwin') return { name: 'clang', version: '0.0.0', os: 'darwin' };
  return undefined;
}

/** The ID= line of /etc/os-release text. */
export function osReleaseId(text: string): string | undefined {
  const m = /^ID=("?)([^"\n]*)\1\s*$/m.exec(text);
  return m?.[2] || undefined;
}

/** hardeningCFlagsLookup: '' when the compiler is not recognised. */
export function hardeningCFlags(info: CompilerInfo | undefined, goarch: string): string {
  if (!info) return '';
  for (const e of HARDENING_TABLE) {
    if (e.cc !== '*' && e.cc !== info.name) continue;
    if (e.os !== '*' && e.os !== info.os) continue;
    if (e.arch !== '*' && e.arch !== goarch) continue;
    if (e.minVer !== '*' && compareVersions(info.version, e.minVer) < 0) continue;
    if (e.maxVer !== '*' && compareVersions(info.version, e.maxVer) > 0) continue;
    return e.cflags;
  }
  return HARDENING_DEFAULT;
}

export interface FyneCgoFlags {
  cflags: string;
  ldflags: string;
}

/** The CGO_CFLAGS and CGO_LDFLAGS `fyne build [--release]` adds for a target. */
export function fyneCgoFlags(o: { release: boolean; goos: string; goarch: string; compiler: CompilerInfo | undefined; macosMinVersion: string }): FyneCgoFlags {
  const cflags = [o.release ? BASE_RELEASE : BASE_REGULAR];
  const hardening = hardeningCFlags(o.compiler, o.goarch);
  if (hardening) cflags.push(hardening);
  const ldflags: string[] = [];
  if (o.goos === 'linux') ldflags.push(LD_LINUX);
  if (o.goos === 'darwin') {
    ldflags.push(LD_DARWIN);
    cflags.push(`-mmacosx-version-min=${o.macosMinVersion}`);
    ldflags.push(`-mmacosx-version-min=${o.macosMinVersion}`);
  }
  if (o.goarch === 'arm64') cflags.push('-mbranch-protection=bti+pac-ret');
  return { cflags: cflags.join(' '), ldflags: ldflags.join(' ') };
}

/** Ours first, then the user's, so that a flag the user set wins. */
export function withUserFlags(ours: string, user: string | undefined): string {
  return [ours, user?.trim() ?? ''].filter(Boolean).join(' ');
}
