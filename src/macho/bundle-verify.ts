/**
 * Verifies an ad hoc sealed .app by recomputing every hash, independently of how it was made:
 * - the main executable, each slice: the signature lies at the end of __LINKEDIT and codeLimit
 *   is its dataoff; every code page hash; the CodeDirectory identifier is CFBundleIdentifier;
 *   special slot 1 = SHA-256 of Info.plist, 2 = SHA-256 of the requirements blob, 3 = SHA-256
 *   of _CodeSignature/CodeResources;
 * - CodeResources: its rules are codesign's defaults, and files/files2 list exactly the files the
 *   rules cover, with matching SHA-1 / SHA-256 (nested code: the cdhash and requirement of its
 *   own, itself verified, signature).
 * Any added, removed or changed file is a problem.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { open } from '../system/owned-fs.js';
import { join } from 'node:path';
import { CS_ADHOC, fileSliceReader, parseEmbeddedSignature, verifySliceSignature, type CodeDirectory } from './codesign.js';
import { CSSLOT_INFOSLOT, CSSLOT_REQUIREMENTS, CSSLOT_RESOURCEDIR, CS_RUNTIME, PAGE_SIZE_LOG2, cdhash } from './adhoc-sign.js';
import type { DeveloperIdExpect } from './devid-verify.js';
import { developerIdRequirement, requirementText } from './requirements.js';
import { RULES_V1, RULES_V2, adhocRequirement, fileHashes, matchRule, rulesPlist, sealItems } from './code-resources.js';
import { readBundleInfo } from './bundle-sign.js';
import { isPlistDict, parsePlistDict, writePlist, type PlistDict, type PlistValue } from './plist.js';
import { readMachO } from './read.js';

export interface SliceCheck {
  arch: string;
  identifier: string;
  cdhash: string;
  flags: number;
  teamId?: string;
  codeLimit: number;
  pages: number;
  specialSlots: number;
}

export interface CodeCheck {
  path: string;
  slices: SliceCheck[];
  problems: string[];
}

export interface BundleReport {
  path: string;
  ok: boolean;
  identifier: string;
  executable: CodeCheck;
  /** files2 entries checked. */
  resources: number;
  /** files (v1) entries checked. */
  resourcesV1: number;
  nested: BundleReport[];
  nestedCode: CodeCheck[];
  problems: string[];
}

/** Special slot `n`'s hash in a CodeDirectory, or undefined when it has fewer special slots. */
export function specialSlot(cd: CodeDirectory, n: number): Buffer | undefined {
  if (n > cd.nSpecialSlots) return undefined;
  const at = cd.hashOffset - n * cd.hashSize;
  return cd.bytes.subarray(at, at + cd.hashSize);
}

/**
 * Verifies the signature of every slice of a Mach-O file. With `bind`, also checks the identifier
 * and the special slots against the given Info.plist and CodeResources bytes.
 */
export async function verifyCode(
  path: string,
  bind?: { identifier: string; infoPlist: Buffer; codeResources: Buffer | undefined },
  signedBy: 'adhoc' | 'developer-id' = 'adhoc',
): Promise<CodeCheck> {
  const check: CodeCheck = { path, slices: [], problems: [] };
  const file = await readMachO(path);
  const fh = await open(path, 'r');
  try {
    for (const s of file.slices) {
      const label = `${path} (${s.arch})`;
      const read = fileSliceReader(fh, s.offset);
      const lc = s.header.codeSignature;
      if (!lc) {
        check.problems.push(`${label}: not signed (no LC_CODE_SIGNATURE)`);
        continue;
      }
      const rep = await verifySliceSignature(s.header, s.size, read);
      for (const p of rep.problems) check.problems.push(`${label}: ${p}`);
      if (!rep.signed) continue;
      const sig = parseEmbeddedSignature(await read(lc.dataoff, lc.datasize));
      const cd = sig.codeDirectories[0];
      const sha = (b: Buffer) =>
        createHash(cd.hashName === 'sha1' ? 'sha1' : 'sha256')
          .update(b)
          .digest();
      const linkedit = s.header.segments.find((g) => g.name === '__LINKEDIT');
      if (!linkedit || lc.dataoff < linkedit.fileoff || lc.dataoff + lc.datasize > linkedit.fileoff + linkedit.filesize)
        check.problems.push(`${label}: the signature does not lie inside __LINKEDIT`);
      if (lc.dataoff + lc.datasize !== s.size) check.problems.push(`${label}: ${s.size - lc.dataoff - lc.datasize} bytes follow the signature`);
      if (cd.codeLimit !== lc.dataoff) check.problems.push(`${label}: codeLimit ${cd.codeLimit} is not the signature offset ${lc.dataoff}`);
      const devid = signedBy === 'developer-id';
      if ((cd.hashName !== 'sha256' && !(devid && cd.hashName === 'sha1')) || cd.pageSizeLog2 !== PAGE_SIZE_LOG2)
        check.problems.push(`${label}: expected SHA-256 over 4096-byte pages, got ${cd.hashName} / 2^${cd.pageSizeLog2}`);
      if (!devid && !(cd.flags & CS_ADHOC)) check.problems.push(`${label}: CodeDirectory flags 0x${cd.flags.toString(16)} lack adhoc (0x2)`);
      if (devid && !(cd.flags & CS_RUNTIME))
        check.problems.push(`${label}: CodeDirectory flags 0x${cd.flags.toString(16)} lack the hardened runtime (0x10000)`);
      const reqBlob = sig.blobs.find((b) => b.type === CSSLOT_REQUIREMENTS);
      const reqSlot = specialSlot(cd, CSSLOT_REQUIREMENTS);
      if (!reqBlob || !reqSlot) check.problems.push(`${label}: no requirements blob bound in special slot 2`);
      else if (!sha(sig.bytes.subarray(reqBlob.offset, reqBlob.offset + reqBlob.length)).equals(reqSlot))
        check.problems.push(`${label}: special slot 2 does not match the requirements blob`);
      if (bind) {
        if (cd.identifier !== bind.identifier)
          check.problems.push(`${label}: identifier ${JSON.stringify(cd.identifier)} is not the bundle ID ${JSON.stringify(bind.identifier)}`);
        const info = specialSlot(cd, CSSLOT_INFOSLOT);
        if (!info || !sha(bind.infoPlist).equals(info)) check.problems.push(`${label}: special slot 1 does not match Info.plist`);
        const res = specialSlot(cd, CSSLOT_RESOURCEDIR);
        if (!res || !bind.codeResources || !sha(bind.codeResources).equals(res))
          check.problems.push(`${label}: special slot 3 does not match _CodeSignature/CodeResources`);
      }
      check.slices.push({
        arch: s.arch,
        identifier: cd.identifier,
        cdhash: cdhash(cd.bytes).toString('hex'),
        flags: cd.flags,
        teamId: cd.teamId,
        codeLimit: cd.codeLimit,
        pages: cd.nCodeSlots,
        specialSlots: cd.nSpecialSlots,
      });
    }
  } finally {
    await fh.close();
  }
  return check;
}

const same = (a: PlistValue | undefined, b: PlistValue): boolean => writePlist(a ?? '').equals(writePlist(b));

export interface VerifyBundleOptions {
  /** Verify a Developer ID seal (devid-verify.ts on the executable and nested code) instead of an ad hoc one. */
  developerId?: DeveloperIdExpect;
}

/** Verifies a sealed .app bundle; never throws for a bad seal, reports it. */
export async function verifyBundle(app: string, opts: VerifyBundleOptions = {}): Promise<BundleReport> {
  const signedBy = opts.developerId ? 'developer-id' : 'adhoc';
  const info = await readBundleInfo(app);
  const report: BundleReport = {
    path: app,
    ok: false,
    identifier: info.identifier,
    executable: { path: info.executablePath, slices: [], problems: [] },
    resources: 0,
    resourcesV1: 0,
    nested: [],
    nestedCode: [],
    problems: [],
  };
  const crPath = join(info.contents, '_CodeSignature', 'CodeResources');
  const crBytes = await readFile(crPath).catch(() => undefined);
  report.executable = await verifyCode(info.executablePath, { identifier: info.identifier, infoPlist: info.infoPlist, codeResources: crBytes }, signedBy);
  // Loaded only for a Developer ID check: an ad hoc run never loads node-forge (its own bundle chunk).
  const devid = opts.developerId ? await import('./devid-verify.js') : undefined;
  if (opts.developerId && devid) {
    const d = await devid.verifyDeveloperIdSignature(info.executablePath, { ...opts.developerId, identifier: info.identifier });
    report.executable.problems.push(...d.problems);
  }
  if (!crBytes) {
    report.problems.push(`${crPath}: missing; the bundle's resources are not sealed`);
  } else {
    let cr: PlistDict | undefined;
    try {
      cr = parsePlistDict(crBytes, crPath);
    } catch (err) {
      report.problems.push(err instanceof Error ? err.message : String(err));
    }
    if (cr) await checkResources(info, cr, report, opts);
  }
  report.ok =
    report.problems.length === 0 &&
    report.executable.problems.length === 0 &&
    report.nested.every((n) => n.ok) &&
    report.nestedCode.every((c) => c.problems.length === 0);
  return report;
}

async function checkResources(info: Awaited<ReturnType<typeof readBundleInfo>>, cr: PlistDict, report: BundleReport, opts: VerifyBundleOptions): Promise<void> {
  if (!same(cr.rules, rulesPlist(RULES_V1)) || !same(cr.rules2, rulesPlist(RULES_V2)))
    report.problems.push("CodeResources: rules/rules2 are not codesign's defaults; only default rules are verified");
  const files = isPlistDict(cr.files) ? cr.files : undefined;
  const files2 = isPlistDict(cr.files2) ? cr.files2 : undefined;
  if (!files || !files2) return void report.problems.push('CodeResources: files or files2 is missing');
  const seen2 = new Set<string>();
  const seen1 = new Set<string>();
  for (const it of await sealItems(info.contents, `MacOS/${info.executable}`)) {
    const got = files2[it.rel];
    seen2.add(it.rel);
    if (got === undefined) {
      report.problems.push(`${it.rel}: file added after sealing (not in CodeResources)`);
      continue;
    }
    report.resources++;
    let want: PlistValue;
    if (it.kind === 'symlink') want = { symlink: it.target };
    else if (it.kind === 'bundle' || it.macho) {
      let cdhashes: string[];
      let identifier: string | undefined;
      if (it.kind === 'bundle') {
        const inner = await verifyBundle(it.path, opts);
        report.nested.push(inner);
        cdhashes = inner.executable.slices.map((s) => s.cdhash);
        identifier = inner.identifier;
      } else {
        const code = await verifyCode(it.path, undefined, opts.developerId ? 'developer-id' : 'adhoc');
        if (opts.developerId) code.problems.push(...(await (await import('./devid-verify.js')).verifyDeveloperIdSignature(it.path, opts.developerId)).problems);
        report.nestedCode.push(code);
        cdhashes = code.slices.map((s) => s.cdhash);
        identifier = code.slices[0]?.identifier;
      }
      if (cdhashes.length === 0) {
        report.problems.push(`${it.rel}: nested code is not signed`);
        continue;
      }
      const team = opts.developerId ? report.executable.slices[0]?.teamId : undefined;
      const requirement =
        opts.developerId && team && identifier
          ? requirementText(developerIdRequirement(identifier, team))
          : adhocRequirement(cdhashes.map((h) => Buffer.from(h, 'hex')));
      want = { cdhash: Buffer.from(cdhashes[0], 'hex'), requirement };
    } else {
      const { sha1, sha256: h2 } = await fileHashes(it.path);
      want = it.optional ? { hash: sha1, hash2: h2, optional: true } : { hash: sha1, hash2: h2 };
      const v1 = matchRule(RULES_V1, it.rel);
      if (v1 && !v1.omit) {
        seen1.add(it.rel);
        report.resourcesV1++;
        const want1: PlistValue = v1.optional ? { hash: sha1, optional: true } : sha1;
        if (files[it.rel] === undefined) report.problems.push(`${it.rel}: missing from CodeResources files`);
        else if (!same(files[it.rel], want1)) report.problems.push(`${it.rel}: modified (SHA-1 in CodeResources files differs)`);
      }
    }
    if (!same(got, want)) report.problems.push(`${it.rel}: modified (its CodeResources files2 entry differs)`);
  }
  for (const k of Object.keys(files2)) if (!seen2.has(k)) report.problems.push(`${k}: sealed in CodeResources but missing from the bundle`);
  for (const k of Object.keys(files)) if (!seen1.has(k)) report.problems.push(`${k}: in CodeResources files but not a sealed v1 resource`);
}

/** Human-readable lines for logs and the CLI. */
export function formatBundleReport(r: BundleReport, indent = ''): string[] {
  const lines = [`${indent}${r.path}: ${r.ok ? 'valid' : 'INVALID'} ad hoc seal, identifier ${r.identifier}`];
  for (const s of r.executable.slices)
    lines.push(
      `${indent}  ${s.arch}: cdhash ${s.cdhash}, flags 0x${s.flags.toString(16)}, ${s.pages} page hashes over ${s.codeLimit} bytes, ${s.specialSlots} special slots checked`,
    );
  lines.push(`${indent}  CodeResources: ${r.resources} files2 entries, ${r.resourcesV1} files entries re-hashed`);
  for (const c of r.nestedCode) lines.push(`${indent}  nested ${c.path}: ${c.slices.map((s) => `${s.arch} cdhash ${s.cdhash}`).join(', ')}`);
  for (const n of r.nested) lines.push(...formatBundleReport(n, `${indent}  `));
  for (const p of [...r.executable.problems, ...r.nestedCode.flatMap((c) => c.problems), ...r.problems]) lines.push(`${indent}  problem: ${p}`);
  return lines;
}
