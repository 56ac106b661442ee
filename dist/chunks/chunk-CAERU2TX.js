import {
  onAbort
} from "./chunk-TP7NBEYG.js";
import {
  run,
  which
} from "./chunk-AYZTICSL.js";
import {
  WriteRoot,
  mkdtempSync,
  rm,
  rmSync,
  writeFile
} from "./chunk-RH66WDZH.js";
import {
  UserError,
  inputError
} from "./chunk-6ZRI6CPZ.js";

// src/sign/authenticode.ts
import { lstat } from "node:fs/promises";
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
var CERT_INPUT = "windows-certificate";
var PASSWORD_INPUT = "windows-certificate-password";
var TIMESTAMP_INPUT = "windows-timestamp-url";
var HIDDEN = "***";
function compactBase64(raw) {
  return raw.replace(/\s+/g, "");
}
function secretForms(certificate, password) {
  const forms = /* @__PURE__ */ new Set();
  for (const v of [certificate, password]) {
    if (v === "") continue;
    forms.add(v);
    for (const line of v.split(/\r?\n/)) if (line.trim().length >= 8) forms.add(line.trim());
  }
  if (certificate.trim() !== "") forms.add(compactBase64(certificate));
  return [...forms];
}
function derLength(b, at) {
  if (at >= b.length) return void 0;
  const first = b[at];
  if (first < 128) return { len: first, next: at + 1 };
  if (first === 128) return { len: void 0, next: at + 1 };
  const n = first & 127;
  if (n > 4 || at + 1 + n > b.length) return void 0;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[at + 1 + i];
  return { len, next: at + 1 + n };
}
var OID_DATA = Buffer.from("06092a864886f70d010701", "hex");
var OID_SIGNED = Buffer.from("06092a864886f70d010702", "hex");
function pkcs12Problem(der) {
  if (der.length < 16) return `${der.length} bytes is too short`;
  if (der[0] !== 48) return "it does not start with an ASN.1 SEQUENCE";
  const outer = derLength(der, 1);
  if (!outer) return "its ASN.1 length is malformed";
  if (outer.len !== void 0 && outer.next + outer.len !== der.length)
    return `its ASN.1 SEQUENCE says ${outer.len} bytes where ${der.length - outer.next} follow`;
  let at = outer.next;
  if (der[at] !== 2 || der[at + 1] !== 1 || der[at + 2] !== 3) return "it has no PFX version 3";
  at += 3;
  if (der[at] !== 48) return "it has no authSafe ContentInfo";
  const ci = derLength(der, at + 1);
  if (!ci) return "its ContentInfo length is malformed";
  const oid = der.subarray(ci.next, ci.next + OID_DATA.length);
  if (!oid.equals(OID_DATA) && !oid.equals(OID_SIGNED)) return "its authSafe is neither PKCS#7 data nor signedData";
  return void 0;
}
function parseTimestampUrl(raw) {
  const accepted = "use the http(s) URL of an RFC 3161 timestamp server, such as http://timestamp.digicert.com";
  let u;
  try {
    u = new URL(raw);
  } catch {
    throw inputError(TIMESTAMP_INPUT, raw, "is not a URL", accepted);
  }
  const shown = raw.replace(/\/\/[^/@]*@/, "//");
  if (u.protocol !== "http:" && u.protocol !== "https:") throw inputError(TIMESTAMP_INPUT, shown, `has scheme ${u.protocol.replace(/:$/, "")}`, accepted);
  if (u.username || u.password) throw inputError(TIMESTAMP_INPUT, shown, "carries user:password", "use a timestamp server URL without credentials");
  return raw;
}
function parseAuthenticode(i) {
  const certificate = i.certificate.trim();
  const timestamp = i.timestampUrl.trim();
  if (certificate === "") {
    if (i.password !== "")
      throw inputError(PASSWORD_INPUT, HIDDEN, `is set without ${CERT_INPUT}`, `set ${CERT_INPUT} (the base64 .pfx) too, or drop ${PASSWORD_INPUT}`);
    if (timestamp !== "") {
      parseTimestampUrl(timestamp);
      i.notice?.(TIMESTAMP_INPUT, `no ${CERT_INPUT} is given to this job, nothing to sign`);
    }
    return void 0;
  }
  const b64 = compactBase64(certificate);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) {
    throw inputError(
      CERT_INPUT,
      HIDDEN,
      `is not base64 (${b64.length} characters)`,
      "give the .pfx file base64-encoded, e.g. base64 -w0 cert.pfx stored in a secret"
    );
  }
  const pfx = Buffer.from(b64, "base64");
  const problem = pkcs12Problem(pfx);
  if (problem)
    throw inputError(
      CERT_INPUT,
      HIDDEN,
      `is base64 but not a PKCS#12 (.pfx) file: ${problem}`,
      "export the code-signing certificate with its private key as .pfx (openssl pkcs12 -export) and base64 that"
    );
  if (i.windowsTargets.length === 0 && !i.fanIn) {
    if (timestamp !== "") parseTimestampUrl(timestamp);
    const why = "this job builds no Windows target, nothing to sign";
    i.notice?.(CERT_INPUT, why);
    if (i.password !== "") i.notice?.(PASSWORD_INPUT, why);
    if (timestamp !== "") i.notice?.(TIMESTAMP_INPUT, why);
    return void 0;
  }
  if (i.host === "darwin" && !i.onPath("osslsigncode")) {
    throw inputError(
      CERT_INPUT,
      HIDDEN,
      "needs osslsigncode to sign on macOS, which is not on PATH",
      "install it in a step before (brew install osslsigncode)"
    );
  }
  const timestampUrl = timestamp === "" ? "" : parseTimestampUrl(timestamp);
  return { pfx, password: i.password, timestampUrl };
}
function signatureDescription(name, version) {
  const n = name?.trim() ?? "";
  const v = version?.trim() ?? "";
  if (v === "") return n || void 0;
  if (n === "") return v;
  return n.split(/\s+/).includes(v) ? n : `${n} ${v}`;
}
function isSignable(path) {
  return /\.(exe|dll)$/i.test(path);
}
function osslsigncodeArgv(o) {
  return [
    o.exe,
    "sign",
    "-pkcs12",
    o.pfx,
    ...o.passFile ? ["-readpass", o.passFile] : [],
    "-h",
    "sha256",
    ...o.description ? ["-n", o.description] : [],
    ...o.timestampUrl ? ["-ts", o.timestampUrl] : [],
    "-in",
    o.input,
    "-out",
    o.output
  ];
}
function signtoolArgv(o) {
  return [
    o.exe,
    "sign",
    "/fd",
    "SHA256",
    "/f",
    o.pfx,
    ...o.password ? ["/p", o.password] : [],
    ...o.description ? ["/d", o.description] : [],
    ...o.timestampUrl ? ["/tr", o.timestampUrl, "/td", "SHA256"] : [],
    o.file
  ];
}
function redactArgv(argv) {
  return argv.map((a, i) => i > 0 && /^[/-]p$/i.test(argv[i - 1]) ? HIDDEN : a);
}
function byVersionDesc(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pb[i] ?? 0) - (pa[i] ?? 0);
  return 0;
}
function findSigntool(o) {
  const found = o.onPath("signtool.exe") ?? o.onPath("signtool");
  if (found) return found;
  const pf = o.env["ProgramFiles(x86)"] || o.env["ProgramFiles"] || "C:\\Program Files (x86)";
  const bin = `${pf}\\Windows Kits\\10\\bin`;
  const hostDir = o.arch === "arm64" ? "arm64" : "x64";
  const versions = o.listDir(bin).filter((d) => /^\d+(\.\d+)+$/.test(d)).sort(byVersionDesc);
  for (const v of versions) {
    for (const a of [hostDir, "x64", "x86"]) {
      const p = `${bin}\\${v}\\${a}\\signtool.exe`;
      if (o.exists(p)) return p;
    }
  }
  const flat = `${bin}\\${hostDir}\\signtool.exe`;
  return o.exists(flat) ? flat : void 0;
}
function signerTool(o) {
  if (o.host !== "windows") return { kind: "osslsigncode", exe: which("osslsigncode", o.env) };
  const exe = findSigntool({
    env: o.env,
    arch: o.arch,
    onPath: (c) => which(c, o.env, "win32"),
    listDir: (d) => {
      try {
        return readdirSync(d);
      } catch {
        return [];
      }
    },
    exists: (p) => which(p, o.env, "win32") !== void 0
  });
  return { kind: "signtool", exe };
}
async function signFiles(files, cfg, o, log) {
  if (files.length === 0) return;
  const tool = signerTool(o);
  if (!tool.exe) {
    throw new UserError(
      tool.kind === "signtool" ? "signtool.exe was not found on PATH or in the Windows SDK (Program Files (x86)\\Windows Kits\\10\\bin); install the Windows SDK signing tools" : "osslsigncode was not found on PATH; install it (apt-get install osslsigncode, brew install osslsigncode) or set install-deps: true"
    );
  }
  const dir = mkdtempSync(join(o.tempDir, "authenticode-"));
  const release = onAbort(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const pfx = join(dir, "certificate.pfx");
    await writeFile(pfx, cfg.pfx, { mode: 384, flag: "wx" });
    let passFile;
    if (cfg.password !== "" && tool.kind === "osslsigncode") {
      passFile = join(dir, "password");
      await writeFile(passFile, cfg.password, { mode: 384, flag: "wx" });
    }
    for (const file of files) {
      const out = join(dir, `signed-${basename(file)}`);
      const description = signatureDescription(o.description, o.version);
      const argv = tool.kind === "osslsigncode" ? osslsigncodeArgv({ exe: tool.exe, input: file, output: out, pfx, passFile, timestampUrl: cfg.timestampUrl, description }) : signtoolArgv({ exe: tool.exe, file, pfx, password: cfg.password, timestampUrl: cfg.timestampUrl, description });
      const st = await lstat(file);
      if (!st.isFile()) throw new UserError(`${file} is ${st.isSymbolicLink() ? "a link" : "not a regular file"}; refusing to sign it`);
      const r = await run(argv, { env: o.env });
      if (r.code !== 0) {
        const tail = (r.stderr || r.stdout).trim().split("\n").slice(-10).join("\n");
        throw new UserError(`signing ${basename(file)} with ${tool.kind} failed (exit ${r.code}): ${redactArgv(argv).join(" ")}${tail ? `
${tail}` : ""}`);
      }
      if (tool.kind === "osslsigncode") {
        const root = await WriteRoot.create(dirname(file), "signing");
        await root.copyFrom(out, basename(file), { mode: st.mode & 511 });
        await rm(out, { force: true });
      }
      log(`${basename(file)}: signed with ${tool.kind} (Authenticode, SHA-256${cfg.timestampUrl ? `, timestamped by ${cfg.timestampUrl}` : ", no timestamp"})`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    release();
  }
}

export {
  CERT_INPUT,
  PASSWORD_INPUT,
  TIMESTAMP_INPUT,
  secretForms,
  parseAuthenticode,
  isSignable,
  signFiles
};
