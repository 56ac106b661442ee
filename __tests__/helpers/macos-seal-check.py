#!/usr/bin/env python3
"""Independent check of an ad hoc sealed macOS .app, written only with the standard library
(plistlib, hashlib, struct): no code shared with the TypeScript signer or verifier.

usage: macos-seal-check.py [--ticket] <App.app> | --macho <file>
Prints a JSON report; exit status 0 when everything matches, 1 otherwise.

Developer ID signatures too: every CodeDirectory (slot 0 and the alternates 0x1000..) is checked in
its own hash type (SHA-1 or SHA-256); each slice reports its cdhashes, flags and team ID, and, when
a CMS blob (slot 0x10000) is present, the cdhashes its Apple CDHashes plist attribute lists (read
from the DER bytes with plistlib, not parsed as CMS) and whether they equal the recomputed ones.

- CodeDirectory versions up to 0x20500: with 0x20500 (hardened runtime) the slice reports its
  `runtime` field (offset 88, the SDK version codesign records) and the header is 96 bytes.
- Contents/CodeResources (a file, not _CodeSignature/CodeResources) is the stapled notarization
  ticket: outside the seal, as codesign leaves it, so it is skipped; `--ticket` requires it and
  checks it starts with the ticket magic `s8ch`.
- CodeResources: every file (and symlink, by its target text) under Contents/ is matched against the *stored* rules2/rules (highest
  weight wins); files2 must hold SHA-1 `hash` and SHA-256 `hash2` of each resource (nested
  Mach-O: the cdhash of its own CodeDirectory), files the SHA-1 of each v1 resource; no extras.
- Every Mach-O slice of the main executable (and of nested code): LC_CODE_SIGNATURE -> SuperBlob
  -> CodeDirectory; page hashes recomputed from the raw bytes; codeLimit == dataoff; special slots
  1 = sha256(Info.plist), 2 = sha256(requirements blob), 3 = sha256(CodeResources); identifier.
"""
import hashlib
import json
import os
import plistlib
import re
import struct
import sys

problems = []
report = {"slices": [], "nested": [], "files2": 0, "files": 0}


def slices_of(data):
    magic = struct.unpack(">I", data[:4])[0]
    if magic == 0xCAFEBABE:
        n = struct.unpack(">I", data[4:8])[0]
        out = []
        for i in range(n):
            cputype, sub, off, size, align = struct.unpack(">IIIII", data[8 + 20 * i: 28 + 20 * i])
            out.append((cputype, data[off: off + size]))
        return out
    return [(struct.unpack("<I", data[4:8])[0], data)]


ARCH = {0x01000007: "x86_64", 0x0100000C: "arm64"}


def check_slice(label, sl, cputype, bind):
    magic, cpu, sub, ftype, ncmds, sizeofcmds, flags, _ = struct.unpack("<IiiIIIII", sl[:32])
    assert magic == 0xFEEDFACF, "not a 64-bit Mach-O"
    off = 32
    sig = None
    linkedit = None
    for _ in range(ncmds):
        cmd, size = struct.unpack("<II", sl[off: off + 8])
        if cmd == 0x1D:
            sig = struct.unpack("<II", sl[off + 8: off + 16])
        if cmd == 0x19 and sl[off + 8: off + 24].rstrip(b"\0") == b"__LINKEDIT":
            linkedit = struct.unpack("<QQQQ", sl[off + 24: off + 56])
        off += size
    name = "%s (%s)" % (label, ARCH.get(cputype, hex(cputype)))
    if sig is None:
        problems.append(name + ": no LC_CODE_SIGNATURE")
        return None
    dataoff, datasize = sig
    if linkedit is None or dataoff + datasize > linkedit[2] + linkedit[3]:
        problems.append(name + ": signature outside __LINKEDIT")
    if dataoff + datasize != len(sl):
        problems.append(name + ": %d bytes follow the signature" % (len(sl) - dataoff - datasize))
    sb = sl[dataoff: dataoff + datasize]
    sbmagic, sblen, count = struct.unpack(">III", sb[:12])
    if sbmagic != 0xFADE0CC0:
        problems.append(name + ": bad SuperBlob magic")
        return None
    blobs = {}
    for i in range(count):
        typ, boff = struct.unpack(">II", sb[12 + 8 * i: 20 + 8 * i])
        bmagic, blen = struct.unpack(">II", sb[boff: boff + 8])
        blobs[typ] = sb[boff: boff + blen]
    cd = blobs.get(0)
    if cd is None or struct.unpack(">I", cd[:4])[0] != 0xFADE0C02:
        problems.append(name + ": no CodeDirectory")
        return None
    cds = [cd] + [blobs[t] for t in sorted(blobs) if 0x1000 <= t < 0x1005]
    infos = [check_cd(name, sl, blobs, c, dataoff, bind) for c in cds]
    if None in infos:
        return None
    (ident, version, cdflags, n_code, n_special, code_limit, team, runtime) = infos[0]
    cdhashes = [HASH[c[37]](c).digest()[:20].hex() for c in cds]
    out = {"arch": ARCH.get(cputype, hex(cputype)), "identifier": ident, "version": hex(version),
           "flags": hex(cdflags), "pages": n_code, "special": n_special, "codeLimit": code_limit,
           "cdhash": cdhashes[0], "cdhashes": cdhashes, "hashTypes": [c[37] for c in cds], "team": team}
    if runtime is not None:
        out["runtime"] = hex(runtime)
    if len({i[7] for i in infos}) != 1:
        problems.append(name + ": the CodeDirectories disagree on the runtime version")
    cms = blobs.get(0x10000)
    if cms is not None and len(cms) > 8:
        der = cms[8:]
        start, end = der.find(b"<?xml"), der.find(b"</plist>")
        if start < 0 or end < 0:
            problems.append(name + ": the CMS has no CDHashes plist")
        else:
            try:
                listed = [h.hex() for h in plistlib.loads(der[start:end + 8]).get("cdhashes", [])]
            except Exception as e:  # a damaged plist (bad base64, bad XML) is a finding, not a crash
                listed = None
                problems.append(name + ": the CMS CDHashes plist does not parse (%s)" % type(e).__name__)
            out["cmsCdhashes"] = listed
            if listed is not None and listed != cdhashes:
                problems.append(name + ": the CMS CDHashes plist differs from the recomputed cdhashes")
    return out


HASH = {1: hashlib.sha1, 2: hashlib.sha256}


def check_cd(name, sl, blobs, cd, dataoff, bind):
    (_, cdlen, version, cdflags, hash_off, ident_off, n_special, n_code, code_limit,
     hash_size, hash_type, _platform, page_log2) = struct.unpack(">IIIIIIIIIBBBB", cd[:40])
    ident = cd[ident_off: cd.index(b"\0", ident_off)].decode()
    team = None
    if version >= 0x20200:
        team_off = struct.unpack(">I", cd[48:52])[0]
        if team_off:
            team = cd[team_off: cd.index(b"\0", team_off)].decode()
    runtime = None
    if version >= 0x20500:
        if cdlen < 96 or ident_off < 96:
            problems.append(name + ": CodeDirectory 0x%x is shorter than its 96-byte header" % version)
            return None
        runtime = struct.unpack(">I", cd[88:92])[0]
        if cdflags & 0x10000 and runtime == 0:
            problems.append(name + ": hardened runtime set with runtime version 0")
    elif cdflags & 0x10000:
        problems.append(name + ": hardened runtime set in a CodeDirectory 0x%x (codesign writes 0x20500 with the runtime version)" % version)
    if (hash_type, hash_size) not in ((2, 32), (1, 20)):
        problems.append(name + ": hash type %d / size %d is neither SHA-256 nor SHA-1" % (hash_type, hash_size))
        return None
    H = HASH[hash_type]
    label = "%s [%s CodeDirectory]" % (name, "sha1" if hash_type == 1 else "sha256")
    if code_limit != dataoff:
        problems.append(label + ": codeLimit %d != dataoff %d" % (code_limit, dataoff))
    page = 1 << page_log2
    bad = 0
    for i in range(n_code):
        want = cd[hash_off + hash_size * i: hash_off + hash_size * (i + 1)]
        got = H(sl[i * page: min(code_limit, (i + 1) * page)]).digest()
        if want != got:
            bad += 1
    if bad:
        problems.append("%s: %d of %d page hashes differ" % (label, bad, n_code))
    if (n_code - 1) * page >= code_limit or n_code * page < code_limit:
        problems.append(label + ": wrong number of code slots")

    def slot(k):
        return cd[hash_off - hash_size * k: hash_off - hash_size * (k - 1)] if k <= n_special else None

    if 2 not in blobs or slot(2) != H(blobs[2]).digest():
        problems.append(label + ": special slot 2 != hash(requirements)")
    for k in (5, 7):
        if k in blobs and slot(k) != H(blobs[k]).digest():
            problems.append(label + ": special slot %d != hash(entitlements blob)" % k)
    if bind is not None:
        info_bytes, cr_bytes, identifier = bind
        if slot(1) != H(info_bytes).digest():
            problems.append(label + ": special slot 1 != hash(Info.plist)")
        if slot(3) != H(cr_bytes).digest():
            problems.append(label + ": special slot 3 != hash(CodeResources)")
        if ident != identifier:
            problems.append(label + ": identifier %r != %r" % (ident, identifier))
    return (ident, version, cdflags, n_code, n_special, code_limit, team, runtime)


def check_code(label, path, bind):
    data = open(path, "rb").read()
    return [check_slice(label, sl, cpu, bind) for cpu, sl in slices_of(data)]


def rule_for(rules, rel):
    best, best_w = None, -1
    for pat, val in rules.items():
        if re.search(pat, rel):
            w = val.get("weight", 1) if isinstance(val, dict) else 1
            if w > best_w:
                best, best_w = (val if isinstance(val, dict) else {}), w
    return best


def is_macho(path):
    head = open(path, "rb").read(8)
    return len(head) == 8 and struct.unpack(">I", head[:4])[0] in (0xFEEDFACF, 0xCFFAEDFE, 0xCAFEBABE)


TICKET = "CodeResources"  # Contents/CodeResources: where stapler puts the notarization ticket


def main(app, want_ticket=False):
    contents = os.path.join(app, "Contents")
    info_bytes = open(os.path.join(contents, "Info.plist"), "rb").read()
    info = plistlib.loads(info_bytes)
    exe = info["CFBundleExecutable"]
    identifier = info.get("CFBundleIdentifier", exe)
    cr_bytes = open(os.path.join(contents, "_CodeSignature", "CodeResources"), "rb").read()
    cr = plistlib.loads(cr_bytes)
    files, files2 = cr["files"], cr["files2"]
    seen = set()
    for root, dirs, names in os.walk(contents):
        dirs.sort()
        # os.walk lists a link to a folder among the folders and does not enter it: it is sealed as a link.
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        dirs[:] = [d for d in dirs if d not in links]
        for n in sorted(names + links):
            full = os.path.join(root, n)
            rel = os.path.relpath(full, contents).replace(os.sep, "/")
            if rel.startswith("_CodeSignature/") or rel == "MacOS/" + exe or rel == TICKET:
                continue
            rule = rule_for(cr["rules2"], rel)
            if rule is None or rule.get("omit"):
                continue
            seen.add(rel)
            entry = files2.get(rel)
            if entry is None:
                problems.append(rel + ": not in files2")
                continue
            report["files2"] += 1
            if os.path.islink(full):
                # A symlink is sealed by its target text (files2: {symlink: target}), never followed.
                if not isinstance(entry, dict) or entry.get("symlink") != os.readlink(full):
                    problems.append(rel + ": files2 does not record this link's target")
                report["links"] = report.get("links", 0) + 1
                continue
            if rule.get("nested") and is_macho(full):
                nested = check_code(rel, full, None)
                report["nested"].append({"path": rel, "slices": nested})
                if nested[0] is None or entry.get("cdhash") != bytes.fromhex(nested[0]["cdhash"]):
                    problems.append(rel + ": files2 cdhash differs from the nested code's CodeDirectory")
                continue
            data = open(full, "rb").read()
            if entry.get("hash2") != hashlib.sha256(data).digest():
                problems.append(rel + ": files2 hash2 (sha256) differs")
            if entry.get("hash") != hashlib.sha1(data).digest():
                problems.append(rel + ": files2 hash (sha1) differs")
            r1 = rule_for(cr["rules"], rel)
            if r1 is not None and not r1.get("omit"):
                e1 = files.get(rel)
                h1 = e1.get("hash") if isinstance(e1, dict) else e1
                report["files"] += 1
                if h1 != hashlib.sha1(data).digest():
                    problems.append(rel + ": files (v1) sha1 differs")
    for k in files2:
        if k not in seen:
            problems.append(k + ": in files2 but not in the bundle")
    ticket = os.path.join(contents, TICKET)
    if want_ticket:
        if not os.path.isfile(ticket) or os.path.islink(ticket):
            problems.append("Contents/CodeResources: no stapled ticket")
        else:
            data = open(ticket, "rb").read()
            if not data.startswith(b"s8ch"):
                problems.append("Contents/CodeResources: not a notarization ticket (does not start with s8ch)")
            else:
                report["ticket"] = {"bytes": len(data)}
    report["slices"] = check_code("MacOS/" + exe, os.path.join(contents, "MacOS", exe), (info_bytes, cr_bytes, identifier))
    report["problems"] = problems
    report["ok"] = not problems
    print(json.dumps(report, indent=1))
    return 0 if not problems else 1


def main_macho(path):
    report["slices"] = check_code(os.path.basename(path), path, None)
    report["problems"] = problems
    report["ok"] = not problems and None not in report["slices"]
    print(json.dumps(report, indent=1))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    if sys.argv[1] == "--macho":
        sys.exit(main_macho(sys.argv[2]))
    if sys.argv[1] == "--ticket":
        sys.exit(main(sys.argv[2], want_ticket=True))
    sys.exit(main(sys.argv[1]))
