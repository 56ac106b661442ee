/**
 * The resource seal of a macOS bundle: Contents/_CodeSignature/CodeResources.
 *
 * An XML plist with four dictionaries, as Apple's codesign writes them by default:
 * - `rules` / `files`: the version 1 seal (only Resources/ and version.plist), each file's SHA-1.
 * - `rules2` / `files2`: the version 2 seal (everything under Contents/ except the main
 *   executable, Info.plist, _CodeSignature and .DS_Store), each file as { hash: SHA-1,
 *   hash2: SHA-256 }, nested code as { cdhash, requirement }, symlinks as { symlink }.
 * Paths are relative to Contents/. A file takes the matching rule with the highest weight.
 * Both the signer and the verifier build the expected seal with sealEntries().
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { open } from '../system/owned-fs.js';
import { join } from 'node:path';
import { PlistReal, type PlistDict, type PlistValue } from './plist.js';

export interface ResourceRule {
  pattern: string;
  weight: number;
  omit?: boolean;
  optional?: boolean;
  nested?: boolean;
}

/** codesign's default version 1 rules (the `rules` dictionary). */
export const RULES_V1: readonly ResourceRule[] = [
  { pattern: '^Resources/', weight: 1 },
  { pattern: '^Resources/.*\\.lproj/', weight: 1000, optional: true },
  { pattern: '^Resources/.*\\.lproj/locversion.plist$', weight: 1100, omit: true },
  { pattern: '^Resources/Base\\.lproj/', weight: 1010 },
  { pattern: '^version.plist$', weight: 1 },
];

/** codesign's default version 2 rules (the `rules2` dictionary). */
export const RULES_V2: readonly ResourceRule[] = [
  { pattern: '.*\\.dSYM($|/)', weight: 11 },
  { pattern: '^(.*/)?\\.DS_Store$', weight: 2000, omit: true },
  { pattern: '^(Frameworks|SharedFrameworks|PlugIns|Plug-ins|XPCServices|Helpers|MacOS|Library/(Automator|Spotlight|LoginItems))/', weight: 10, nested: true },
  { pattern: '^.*', weight: 1 },
  { pattern: '^Info\\.plist$', weight: 20, omit: true },
  { pattern: '^PkgInfo$', weight: 20, omit: true },
  { pattern: '^Resources/', weight: 20 },
  { pattern: '^Resources/.*\\.lproj/', weight: 1000, optional: true },
  { pattern: '^Resources/.*\\.lproj/locversion.plist$', weight: 1100, omit: true },
  { pattern: '^Resources/Base\\.lproj/', weight: 1010 },
  { pattern: '^[^/]+$', weight: 10, nested: true },
  { pattern: '^embedded\\.provisionprofile$', weight: 20 },
  { pattern: '^version\\.plist$', weight: 20 },
];

const compiled = new Map<string, RegExp>();
function re(pattern: string): RegExp {
  let r = compiled.get(pattern);
  if (!r) compiled.set(pattern, (r = new RegExp(pattern)));
  return r;
}

/** The rule that applies to a Contents-relative path: the matching one with the highest weight. */
export function matchRule(rules: readonly ResourceRule[], rel: string): ResourceRule | undefined {
  let best: ResourceRule | undefined;
  for (const r of rules) if (re(r.pattern).test(rel) && (!best || r.weight > best.weight)) best = r;
  return best;
}

/** The rules as the plist dictionary codesign writes (`true` for a plain weight-1 rule). */
export function rulesPlist(rules: readonly ResourceRule[]): PlistDict {
  const d: PlistDict = {};
  for (const r of rules) {
    if (r.weight === 1 && !r.omit && !r.optional && !r.nested) {
      d[r.pattern] = true;
      continue;
    }
    const e: PlistDict = {};
    if (r.nested) e.nested = true;
    if (r.omit) e.omit = true;
    if (r.optional) e.optional = true;
    e.weight = new PlistReal(r.weight);
    d[r.pattern] = e;
  }
  return d;
}

/** Bundle extensions sealed as one nested code entry rather than file by file. */
export const NESTED_BUNDLE_EXT = /\.(app|framework|appex|xpc|bundle|plugin|kext|systemextension)$/;

export type SealItem =
  | { kind: 'file'; rel: string; path: string; optional: boolean; macho: boolean; nested: boolean }
  | { kind: 'symlink'; rel: string; path: string; target: string }
  | { kind: 'bundle'; rel: string; path: string };

const MACHO_MAGICS = new Set([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe, 0xcafebabf]);

export async function isMachOFile(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(8);
    const { bytesRead } = await fh.read(b, 0, 8, 0);
    if (bytesRead < 8) return false;
    const m = b.readUInt32BE(0);
    if (!MACHO_MAGICS.has(m)) return false;
    // 0xcafebabe is also a Java class file: a fat header has a small arch count
    return m !== 0xcafebabe || b.readUInt32BE(4) < 43;
  } finally {
    await fh.close();
  }
}

/**
 * What the version 2 seal covers under `contents` (a bundle's Contents/ folder): every file,
 * symlink and nested bundle, by Contents-relative path, bytewise sorted, minus the main
 * executable, _CodeSignature/ and what the rules omit.
 */
export async function sealItems(contents: string, mainExecutableRel: string): Promise<SealItem[]> {
  const items: SealItem[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const ent of await readdir(dir, { withFileTypes: true })) {
      const rel = prefix + ent.name;
      const path = join(dir, ent.name);
      if (rel === '_CodeSignature' || rel === mainExecutableRel || rel === 'CodeResources') continue;
      const st = await lstat(path);
      const rule = matchRule(RULES_V2, rel);
      if (st.isDirectory()) {
        if (rule?.nested && NESTED_BUNDLE_EXT.test(ent.name)) items.push({ kind: 'bundle', rel, path });
        else await walk(path, `${rel}/`);
        continue;
      }
      if (!rule || rule.omit) continue;
      if (st.isSymbolicLink()) items.push({ kind: 'symlink', rel, path, target: await readlink(path) });
      else if (st.isFile())
        items.push({ kind: 'file', rel, path, optional: !!rule.optional, nested: !!rule.nested, macho: !!rule.nested && (await isMachOFile(path)) });
    }
  };
  await walk(contents, '');
  return items.sort((a, b) => Buffer.compare(Buffer.from(a.rel), Buffer.from(b.rel)));
}

export interface NestedCode {
  /** 20-byte cdhash of each slice's CodeDirectory, in file order. */
  cdhashes: Buffer[];
  /** Its designated requirement's text (Developer ID); default: the ad hoc cdhash requirement. */
  requirement?: string;
}

/** The designated requirement codesign records for ad hoc nested code: its cdhash(es). */
export function adhocRequirement(cdhashes: readonly Buffer[]): string {
  return cdhashes.map((h) => `cdhash H"${h.toString('hex')}"`).join(' or ');
}

export async function fileHashes(path: string): Promise<{ sha1: Buffer; sha256: Buffer }> {
  const data = await readFile(path);
  return { sha1: createHash('sha1').update(data).digest(), sha256: createHash('sha256').update(data).digest() };
}

/**
 * The CodeResources dictionary for the items, with nested code already signed: `nested` maps a
 * nested item's rel path to its cdhashes.
 */
export async function buildCodeResources(items: readonly SealItem[], nested: ReadonlyMap<string, NestedCode>): Promise<PlistDict> {
  const files: PlistDict = {};
  const files2: PlistDict = {};
  for (const it of items) {
    if (it.kind === 'symlink') {
      files2[it.rel] = { symlink: it.target };
      continue;
    }
    const code = nested.get(it.rel);
    if (it.kind === 'bundle' || code) {
      if (!code) throw new Error(`${it.rel}: nested code was not signed before the resource seal`);
      files2[it.rel] = { cdhash: code.cdhashes[0], requirement: code.requirement ?? adhocRequirement(code.cdhashes) };
      continue;
    }
    const { sha1, sha256 } = await fileHashes(it.path);
    const e2: PlistDict = { hash: sha1, hash2: sha256 };
    if (it.optional) e2.optional = true;
    files2[it.rel] = e2;
    const v1 = matchRule(RULES_V1, it.rel);
    if (v1 && !v1.omit) files[it.rel] = v1.optional ? { hash: sha1, optional: true } : sha1;
  }
  const root: Record<string, PlistValue> = { files, files2, rules: rulesPlist(RULES_V1), rules2: rulesPlist(RULES_V2) };
  return root;
}
