/**
 * Whether a Go toolchain for `arch` can run on this host: natively, or under an emulator the
 * system runs it with (binfmt_misc on Linux, Rosetta 2 on an Apple silicon Mac, Windows on
 * Arm's x64 emulation). `architecture: arm64` on an amd64 runner installs a good arm64
 * toolchain; when it cannot run here it is verified by its checksum and bin/go's header
 * (toolcache.ts checkGo), and the steps that would run it skip or refuse, saying why.
 *
 * Pure part: decideRunnable (host, arch, facts). Thin part: emulationFacts reads binfmt_misc
 * (a folder given as a parameter, so tests use a fake /proc) or Rosetta's presence.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GoArch, GoOS, Host } from '../host.js';

export type Runnability = { runnable: boolean; why: string };

/** One registered binfmt_misc handler, as /proc/sys/fs/binfmt_misc/<name> shows it (magic entries only). */
export interface BinfmtEntry {
  name: string;
  enabled: boolean;
  interpreter: string;
  offset: number;
  magic: Buffer;
  mask: Buffer;
}

export interface EmulationFacts {
  /** Linux: what binfmt_misc has registered. */
  binfmt?: { dir: string; mounted: boolean; enabled?: boolean; entries: BinfmtEntry[] };
  /** macOS: Rosetta 2 is installed. */
  rosetta?: boolean;
}

/** Where the kernel shows binfmt_misc; the environment variable points the check elsewhere (tests). */
export const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';
export const BINFMT_DIR_ENV = 'GO_FYNE_ACTION_BINFMT_DIR';
const ROSETTA = '/Library/Apple/usr/share/rosetta/rosetta';

/** Parses an entry file; undefined for an extension entry or one that cannot be read. */
export function parseBinfmtEntry(name: string, text: string): BinfmtEntry | undefined {
  const lines = text.split('\n').map((l) => l.trim());
  const field = (k: string) => lines.find((l) => l.startsWith(`${k} `))?.slice(k.length + 1);
  const hex = (s: string | undefined) => (s !== undefined && /^(?:[0-9a-f]{2})+$/i.test(s) ? Buffer.from(s, 'hex') : undefined);
  const magic = hex(field('magic'));
  if (!magic) return undefined;
  const mask = hex(field('mask')) ?? Buffer.alloc(magic.length, 0xff);
  const offset = Number(field('offset') ?? '0');
  if (!Number.isInteger(offset) || offset < 0 || mask.length !== magic.length) return undefined;
  return { name, enabled: lines[0] === 'enabled', interpreter: field('interpreter') ?? '', offset, magic, mask };
}

const ELF_MACHINE: Record<GoArch, number> = { amd64: 0x3e, arm64: 0xb7 };

/** The first bytes of a Go executable for linux/arch: ELF64, little-endian, ET_EXEC (what the kernel matches). */
function elfExecHeader(arch: GoArch): Buffer {
  const b = Buffer.alloc(64);
  b.write('\x7fELF', 0, 'latin1');
  b[4] = 2;
  b[5] = 1;
  b[6] = 1;
  b.writeUInt16LE(2, 16);
  b.writeUInt16LE(ELF_MACHINE[arch], 18);
  b.writeUInt32LE(1, 20);
  return b;
}

/** True when the kernel would hand a linux/arch Go executable to this entry. */
export function matchesBinfmt(e: BinfmtEntry, os: GoOS, arch: GoArch): boolean {
  if (os !== 'linux') return false;
  const head = elfExecHeader(arch);
  if (e.offset + e.magic.length > head.length) return false;
  for (let i = 0; i < e.magic.length; i++) if ((head[e.offset + i] & e.mask[i]) !== (e.magic[i] & e.mask[i])) return false;
  return true;
}

/** Whether Go for `arch` runs on `host`, and why (pure). */
export function decideRunnable(host: Host, arch: GoArch, facts: EmulationFacts): Runnability {
  if (arch === host.arch) return { runnable: true, why: 'native' };
  const target = `${host.os}/${arch}`;
  if (host.os === 'darwin') {
    if (host.arch === 'amd64') return { runnable: false, why: 'an Intel Mac cannot run arm64 programs' };
    return facts.rosetta ? { runnable: true, why: 'under Rosetta 2' } : { runnable: false, why: `Rosetta 2 is not installed (${ROSETTA})` };
  }
  if (host.os === 'windows') {
    if (host.arch === 'arm64') return { runnable: true, why: 'under Windows on Arm x64 emulation' };
    return { runnable: false, why: 'x64 Windows cannot run arm64 programs' };
  }
  const b = facts.binfmt;
  if (!b?.mounted) return { runnable: false, why: `no emulator for ${target} is registered (${b?.dir ?? BINFMT_DIR} is not mounted)` };
  if (b.enabled === false) return { runnable: false, why: `no emulator for ${target} is registered (binfmt_misc is disabled in ${join(b.dir, 'status')})` };
  const match = b.entries.find((e) => e.enabled && matchesBinfmt(e, host.os, arch));
  if (match) return { runnable: true, why: `under the emulator ${match.name} registered in ${b.dir} (${match.interpreter})` };
  const others = b.entries.filter((e) => e.enabled).map((e) => e.name);
  return {
    runnable: false,
    why: `no emulator for ${target} is registered in ${b.dir}${others.length > 0 ? ` (${others.join(', ')} match${others.length === 1 ? 'es' : ''} other machines)` : ''}`,
  };
}

export interface ProbeOptions {
  /** binfmt_misc's folder (default /proc/sys/fs/binfmt_misc). */
  binfmtDir?: string;
  /** Rosetta's runtime (default its installed path). */
  rosettaPath?: string;
}

/** What decideRunnable needs, read from the system; nothing is read for the host's own arch. */
export async function emulationFacts(host: Host, arch: GoArch, o: ProbeOptions = {}): Promise<EmulationFacts> {
  if (arch === host.arch) return {};
  if (host.os === 'darwin') return { rosetta: existsSync(o.rosettaPath ?? ROSETTA) };
  if (host.os !== 'linux') return {};
  const dir = o.binfmtDir ?? BINFMT_DIR;
  let names: string[];
  let status: string;
  try {
    status = (await readFile(join(dir, 'status'), 'utf8')).trim();
    names = await readdir(dir);
  } catch {
    return { binfmt: { dir, mounted: false, entries: [] } };
  }
  const entries: BinfmtEntry[] = [];
  for (const n of names.sort()) {
    if (n === 'status' || n === 'register') continue;
    const text = await readFile(join(dir, n), 'utf8').catch(() => '');
    const e = parseBinfmtEntry(n, text.slice(0, 4096));
    if (e) entries.push(e);
  }
  return { binfmt: { dir, mounted: true, enabled: status === 'enabled', entries } };
}

/** Whether Go for `arch` can run here (reads binfmt_misc or Rosetta's presence when it is not the host's arch). */
export async function toolchainRunnability(host: Host, arch: GoArch, o: ProbeOptions = {}): Promise<Runnability> {
  return decideRunnable(host, arch, await emulationFacts(host, arch, o));
}

/** The probe options a run uses: the binfmt folder from the environment when set (tests point it at a fake /proc). */
export function probeOptions(env: NodeJS.ProcessEnv): ProbeOptions {
  return env[BINFMT_DIR_ENV] ? { binfmtDir: env[BINFMT_DIR_ENV] } : {};
}
