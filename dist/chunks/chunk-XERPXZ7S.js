import {
  RULES_V1,
  RULES_V2,
  adhocRequirement,
  fileHashes,
  matchRule,
  readBundleInfo,
  rulesPlist,
  sealItems
} from "./chunk-5DMHZ5OM.js";
import {
  developerIdRequirement,
  requirementText
} from "./chunk-NVIS2CD6.js";
import {
  CSSLOT_INFOSLOT,
  CSSLOT_REQUIREMENTS,
  CSSLOT_RESOURCEDIR,
  CS_RUNTIME,
  PAGE_SIZE_LOG2,
  cdhash,
  isDict,
  parsePlistDict,
  writePlist
} from "./chunk-LM23WKPA.js";
import {
  CS_ADHOC,
  fileSliceReader,
  parseEmbeddedSignature,
  verifySliceSignature
} from "./chunk-CLWQRHXC.js";
import {
  readMachO
} from "./chunk-L373MPJF.js";
import {
  open
} from "./chunk-RH66WDZH.js";

// src/macho/bundle-verify.ts
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
function specialSlot(cd, n) {
  if (n > cd.nSpecialSlots) return void 0;
  const at = cd.hashOffset - n * cd.hashSize;
  return cd.bytes.subarray(at, at + cd.hashSize);
}
async function verifyCode(path, bind, signedBy = "adhoc") {
  const check = { path, slices: [], problems: [] };
  const file = await readMachO(path);
  const fh = await open(path, "r");
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
      const sha = (b) => createHash(cd.hashName === "sha1" ? "sha1" : "sha256").update(b).digest();
      const linkedit = s.header.segments.find((g) => g.name === "__LINKEDIT");
      if (!linkedit || lc.dataoff < linkedit.fileoff || lc.dataoff + lc.datasize > linkedit.fileoff + linkedit.filesize)
        check.problems.push(`${label}: the signature does not lie inside __LINKEDIT`);
      if (lc.dataoff + lc.datasize !== s.size) check.problems.push(`${label}: ${s.size - lc.dataoff - lc.datasize} bytes follow the signature`);
      if (cd.codeLimit !== lc.dataoff) check.problems.push(`${label}: codeLimit ${cd.codeLimit} is not the signature offset ${lc.dataoff}`);
      const devid = signedBy === "developer-id";
      if (cd.hashName !== "sha256" && !(devid && cd.hashName === "sha1") || cd.pageSizeLog2 !== PAGE_SIZE_LOG2)
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
        cdhash: cdhash(cd.bytes).toString("hex"),
        flags: cd.flags,
        teamId: cd.teamId,
        codeLimit: cd.codeLimit,
        pages: cd.nCodeSlots,
        specialSlots: cd.nSpecialSlots
      });
    }
  } finally {
    await fh.close();
  }
  return check;
}
var same = (a, b) => writePlist(a ?? "").equals(writePlist(b));
async function verifyBundle(app, opts = {}) {
  const signedBy = opts.developerId ? "developer-id" : "adhoc";
  const info = await readBundleInfo(app);
  const report = {
    path: app,
    ok: false,
    identifier: info.identifier,
    executable: { path: info.executablePath, slices: [], problems: [] },
    resources: 0,
    resourcesV1: 0,
    nested: [],
    nestedCode: [],
    problems: []
  };
  const crPath = join(info.contents, "_CodeSignature", "CodeResources");
  const crBytes = await readFile(crPath).catch(() => void 0);
  report.executable = await verifyCode(info.executablePath, { identifier: info.identifier, infoPlist: info.infoPlist, codeResources: crBytes }, signedBy);
  const devid = opts.developerId ? await import("./devid-verify-GUXOG2W5.js") : void 0;
  if (opts.developerId && devid) {
    const d = await devid.verifyDeveloperIdSignature(info.executablePath, { ...opts.developerId, identifier: info.identifier });
    report.executable.problems.push(...d.problems);
  }
  if (!crBytes) {
    report.problems.push(`${crPath}: missing; the bundle's resources are not sealed`);
  } else {
    let cr;
    try {
      cr = parsePlistDict(crBytes, crPath);
    } catch (err) {
      report.problems.push(err instanceof Error ? err.message : String(err));
    }
    if (cr) await checkResources(info, cr, report, opts);
  }
  report.ok = report.problems.length === 0 && report.executable.problems.length === 0 && report.nested.every((n) => n.ok) && report.nestedCode.every((c) => c.problems.length === 0);
  return report;
}
async function checkResources(info, cr, report, opts) {
  if (!same(cr.rules, rulesPlist(RULES_V1)) || !same(cr.rules2, rulesPlist(RULES_V2)))
    report.problems.push("CodeResources: rules/rules2 are not codesign's defaults; only default rules are verified");
  const files = isDict(cr.files) ? cr.files : void 0;
  const files2 = isDict(cr.files2) ? cr.files2 : void 0;
  if (!files || !files2) return void report.problems.push("CodeResources: files or files2 is missing");
  const seen2 = /* @__PURE__ */ new Set();
  const seen1 = /* @__PURE__ */ new Set();
  for (const it of await sealItems(info.contents, `MacOS/${info.executable}`)) {
    const got = files2[it.rel];
    seen2.add(it.rel);
    if (got === void 0) {
      report.problems.push(`${it.rel}: file added after sealing (not in CodeResources)`);
      continue;
    }
    report.resources++;
    let want;
    if (it.kind === "symlink") want = { symlink: it.target };
    else if (it.kind === "bundle" || it.macho) {
      let cdhashes;
      let identifier;
      if (it.kind === "bundle") {
        const inner = await verifyBundle(it.path, opts);
        report.nested.push(inner);
        cdhashes = inner.executable.slices.map((s) => s.cdhash);
        identifier = inner.identifier;
      } else {
        const code = await verifyCode(it.path, void 0, opts.developerId ? "developer-id" : "adhoc");
        if (opts.developerId) code.problems.push(...(await (await import("./devid-verify-GUXOG2W5.js")).verifyDeveloperIdSignature(it.path, opts.developerId)).problems);
        report.nestedCode.push(code);
        cdhashes = code.slices.map((s) => s.cdhash);
        identifier = code.slices[0]?.identifier;
      }
      if (cdhashes.length === 0) {
        report.problems.push(`${it.rel}: nested code is not signed`);
        continue;
      }
      const team = opts.developerId ? report.executable.slices[0]?.teamId : void 0;
      const requirement = opts.developerId && team && identifier ? requirementText(developerIdRequirement(identifier, team)) : adhocRequirement(cdhashes.map((h) => Buffer.from(h, "hex")));
      want = { cdhash: Buffer.from(cdhashes[0], "hex"), requirement };
    } else {
      const { sha1, sha256: h2 } = await fileHashes(it.path);
      want = it.optional ? { hash: sha1, hash2: h2, optional: true } : { hash: sha1, hash2: h2 };
      const v1 = matchRule(RULES_V1, it.rel);
      if (v1 && !v1.omit) {
        seen1.add(it.rel);
        report.resourcesV1++;
        const want1 = v1.optional ? { hash: sha1, optional: true } : sha1;
        if (files[it.rel] === void 0) report.problems.push(`${it.rel}: missing from CodeResources files`);
        else if (!same(files[it.rel], want1)) report.problems.push(`${it.rel}: modified (SHA-1 in CodeResources files differs)`);
      }
    }
    if (!same(got, want)) report.problems.push(`${it.rel}: modified (its CodeResources files2 entry differs)`);
  }
  for (const k of Object.keys(files2)) if (!seen2.has(k)) report.problems.push(`${k}: sealed in CodeResources but missing from the bundle`);
  for (const k of Object.keys(files)) if (!seen1.has(k)) report.problems.push(`${k}: in CodeResources files but not a sealed v1 resource`);
}
function formatBundleReport(r, indent = "") {
  const lines = [`${indent}${r.path}: ${r.ok ? "valid" : "INVALID"} ad hoc seal, identifier ${r.identifier}`];
  for (const s of r.executable.slices)
    lines.push(
      `${indent}  ${s.arch}: cdhash ${s.cdhash}, flags 0x${s.flags.toString(16)}, ${s.pages} page hashes over ${s.codeLimit} bytes, ${s.specialSlots} special slots checked`
    );
  lines.push(`${indent}  CodeResources: ${r.resources} files2 entries, ${r.resourcesV1} files entries re-hashed`);
  for (const c of r.nestedCode) lines.push(`${indent}  nested ${c.path}: ${c.slices.map((s) => `${s.arch} cdhash ${s.cdhash}`).join(", ")}`);
  for (const n of r.nested) lines.push(...formatBundleReport(n, `${indent}  `));
  for (const p of [...r.executable.problems, ...r.nestedCode.flatMap((c) => c.problems), ...r.problems]) lines.push(`${indent}  problem: ${p}`);
  return lines;
}

export {
  verifyBundle,
  formatBundleReport
};
