/**
 * Windows Authenticode signing, on any runner. The inputs (a base64 PKCS#12 certificate, its
 * password, an RFC 3161 timestamp URL) are checked up front by `parseAuthenticode` (pure); the
 * commands are planned as argv arrays (`osslsigncodeArgv` on Linux and macOS, `signtoolArgv` on
 * Windows with the SDK's signtool, found by `findSigntool`); `signFiles` is the thin effect.
 *
 * Secrets: the certificate and the password are written only into a private folder (0700) under
 * the run's temp folder, each file 0600, and removed when signing ends, fails or is cancelled by
 * a signal. osslsigncode reads the password from that file (-readpass), never from its command
 * line; signtool has no such option, so on Windows it is passed as /p and redacted from errors.
 * The signer's environment is the one every child gets (src/system/process.ts childEnvironment):
 * no INPUT_*, no runner tokens, no secrets; it needs none of them. The signed file replaces the
 * original through WriteRoot (a link at its name is refused, never followed).
 */
import { lstat } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { inputError, UserError } from '../errors.js';
import { onAbort } from '../runtime/abort.js';
import { WriteRoot } from '../system/confine.js';
import { mkdtempSync, rm, rmSync, writeFile } from '../system/owned-fs.js';
import { run, which } from '../system/process.js';

export interface AuthenticodeConfig {
  /** The PKCS#12 (.pfx) bytes, decoded from the input. */
  pfx: Buffer;
  /** '' when the .pfx has no password. */
  password: string;
  /** RFC 3161 timestamp server, or '' for none (offline runs). */
  timestampUrl: string;
}

export const CERT_INPUT = 'windows-certificate';
export const PASSWORD_INPUT = 'windows-certificate-password';
export const TIMESTAMP_INPUT = 'windows-timestamp-url';

/** What an input error shows in place of a secret's value. */
const HIDDEN = '***';

/** The base64 text of a secret as users paste it: wrapped lines, CRLF, spaces. */
function compactBase64(raw: string): string {
  return raw.replace(/\s+/g, '');
}

/** Every form of the secret inputs that could show up in a log (whole, per line, compacted). */
export function secretForms(certificate: string, password: string): string[] {
  const forms = new Set<string>();
  for (const v of [certificate, password]) {
    if (v === '') continue;
    forms.add(v);
    for (const line of v.split(/\r?\n/)) if (line.trim().length >= 8) forms.add(line.trim());
  }
  if (certificate.trim() !== '') forms.add(compactBase64(certificate));
  return [...forms];
}

/** Reads one DER length at `at` (just after the tag): undefined length = indefinite (BER). */
function derLength(b: Buffer, at: number): { len: number | undefined; next: number } | undefined {
  if (at >= b.length) return undefined;
  const first = b[at];
  if (first < 0x80) return { len: first, next: at + 1 };
  if (first === 0x80) return { len: undefined, next: at + 1 };
  const n = first & 0x7f;
  if (n > 4 || at + 1 + n > b.length) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[at + 1 + i];
  return { len, next: at + 1 + n };
}

const OID_DATA = Buffer.from('06092a864886f70d010701', 'hex'); // 1.2.840.113549.1.7.1 (pkcs7-data)
const OID_SIGNED = Buffer.from('06092a864886f70d010702', 'hex'); // 1.2.840.113549.1.7.2 (pkcs7-signedData)

/**
 * Why `der` is not a PKCS#12 PFX (RFC 7292: SEQUENCE { version INTEGER 3, authSafe ContentInfo
 * (data or signedData), macData OPTIONAL }), or undefined when its outer structure is one. The
 * password is not needed for this; a wrong password shows when signing.
 */
export function pkcs12Problem(der: Buffer): string | undefined {
  if (der.length < 16) return `${der.length} bytes is too short`;
  if (der[0] !== 0x30) return 'it does not start with an ASN.1 SEQUENCE';
  const outer = derLength(der, 1);
  if (!outer) return 'its ASN.1 length is malformed';
  if (outer.len !== undefined && outer.next + outer.len !== der.length)
    return `its ASN.1 SEQUENCE says ${outer.len} bytes where ${der.length - outer.next} follow`;
  let at = outer.next;
  if (der[at] !== 0x02 || der[at + 1] !== 0x01 || der[at + 2] !== 0x03) return 'it has no PFX version 3';
  at += 3;
  if (der[at] !== 0x30) return 'it has no authSafe ContentInfo';
  const ci = derLength(der, at + 1);
  if (!ci) return 'its ContentInfo length is malformed';
  const oid = der.subarray(ci.next, ci.next + OID_DATA.length);
  if (!oid.equals(OID_DATA) && !oid.equals(OID_SIGNED)) return 'its authSafe is neither PKCS#7 data nor signedData';
  return undefined;
}

/** The timestamp server: http or https (RFC 3161 over plain http is the norm), no credentials. */
export function parseTimestampUrl(raw: string): string {
  const accepted = 'use the http(s) URL of an RFC 3161 timestamp server, such as http://timestamp.digicert.com';
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw inputError(TIMESTAMP_INPUT, raw, 'is not a URL', accepted);
  }
  const shown = raw.replace(/\/\/[^/@]*@/, '//');
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw inputError(TIMESTAMP_INPUT, shown, `has scheme ${u.protocol.replace(/:$/, '')}`, accepted);
  if (u.username || u.password) throw inputError(TIMESTAMP_INPUT, shown, 'carries user:password', 'use a timestamp server URL without credentials');
  return raw;
}

export interface AuthenticodeInputs {
  certificate: string;
  password: string;
  timestampUrl: string;
  /** The Windows targets being built ('windows/amd64', ...). */
  windowsTargets: string[];
  /** All targets being built, for the message. */
  targets: string[];
  /** A fan-in step (release-inputs) signs the Windows exes the build jobs made. */
  fanIn: boolean;
  host: 'linux' | 'darwin' | 'windows';
  onPath(command: string): boolean;
  /**
   * Told about an input this job does not use (one `with:` block serving a matrix): a
   * certificate in a job that builds no Windows target, a timestamp server without a
   * certificate (a pull request from a fork gets no secrets). Never given a secret's value.
   */
  notice?(input: string, why: string): void;
}

/**
 * The signing inputs, checked; undefined when nothing is signed: no certificate, or no Windows
 * target in this job (a notice). A malformed value is refused either way; a password without a
 * certificate is a contradiction and refused.
 */
export function parseAuthenticode(i: AuthenticodeInputs): AuthenticodeConfig | undefined {
  const certificate = i.certificate.trim();
  const timestamp = i.timestampUrl.trim();
  if (certificate === '') {
    if (i.password !== '')
      throw inputError(PASSWORD_INPUT, HIDDEN, `is set without ${CERT_INPUT}`, `set ${CERT_INPUT} (the base64 .pfx) too, or drop ${PASSWORD_INPUT}`);
    if (timestamp !== '') {
      parseTimestampUrl(timestamp);
      i.notice?.(TIMESTAMP_INPUT, `no ${CERT_INPUT} is given to this job, nothing to sign`);
    }
    return undefined;
  }
  const b64 = compactBase64(certificate);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) {
    throw inputError(
      CERT_INPUT,
      HIDDEN,
      `is not base64 (${b64.length} characters)`,
      'give the .pfx file base64-encoded, e.g. base64 -w0 cert.pfx stored in a secret',
    );
  }
  const pfx = Buffer.from(b64, 'base64');
  const problem = pkcs12Problem(pfx);
  if (problem)
    throw inputError(
      CERT_INPUT,
      HIDDEN,
      `is base64 but not a PKCS#12 (.pfx) file: ${problem}`,
      'export the code-signing certificate with its private key as .pfx (openssl pkcs12 -export) and base64 that',
    );
  if (i.windowsTargets.length === 0 && !i.fanIn) {
    if (timestamp !== '') parseTimestampUrl(timestamp);
    const why = 'this job builds no Windows target, nothing to sign';
    i.notice?.(CERT_INPUT, why);
    if (i.password !== '') i.notice?.(PASSWORD_INPUT, why);
    if (timestamp !== '') i.notice?.(TIMESTAMP_INPUT, why);
    return undefined;
  }
  if (i.host === 'darwin' && !i.onPath('osslsigncode')) {
    throw inputError(
      CERT_INPUT,
      HIDDEN,
      'needs osslsigncode to sign on macOS, which is not on PATH',
      'install it in a step before (brew install osslsigncode)',
    );
  }
  const timestampUrl = timestamp === '' ? '' : parseTimestampUrl(timestamp);
  return { pfx, password: i.password, timestampUrl };
}

// ---- plans (pure) ----

/**
 * The signature's description (osslsigncode -n, signtool /d; Windows shows it in the UAC prompt
 * and the file's Digital Signatures tab): "<App name> <release version>", the run's one version
 * (ctx.version) added unless the name already holds it as a word. Either may be missing.
 */
export function signatureDescription(name: string | undefined, version: string | undefined): string | undefined {
  const n = name?.trim() ?? '';
  const v = version?.trim() ?? '';
  if (v === '') return n || undefined;
  if (n === '') return v;
  return n.split(/\s+/).includes(v) ? n : `${n} ${v}`;
}

/** Whether a Windows artifact carries Authenticode: executables and DLLs (not c-archive .a files). */
export function isSignable(path: string): boolean {
  return /\.(exe|dll)$/i.test(path);
}

/**
 * osslsigncode: SHA-256 digest, the password from a file (-readpass), an RFC 3161 timestamp
 * (-ts) when a server is given. It writes a new file (`output`), which then replaces the input.
 */
export function osslsigncodeArgv(o: {
  exe: string;
  input: string;
  output: string;
  pfx: string;
  passFile?: string;
  timestampUrl: string;
  description?: string;
}): string[] {
  return [
    o.exe,
    'sign',
    '-pkcs12',
    o.pfx,
    ...(o.passFile ? ['-readpass', o.passFile] : []),
    '-h',
    'sha256',
    ...(o.description ? ['-n', o.description] : []),
    ...(o.timestampUrl ? ['-ts', o.timestampUrl] : []),
    '-in',
    o.input,
    '-out',
    o.output,
  ];
}

/** signtool (Windows SDK): signs in place; /fd and /td SHA256, /tr for RFC 3161. */
export function signtoolArgv(o: { exe: string; file: string; pfx: string; password: string; timestampUrl: string; description?: string }): string[] {
  return [
    o.exe,
    'sign',
    '/fd',
    'SHA256',
    '/f',
    o.pfx,
    ...(o.password ? ['/p', o.password] : []),
    ...(o.description ? ['/d', o.description] : []),
    ...(o.timestampUrl ? ['/tr', o.timestampUrl, '/td', 'SHA256'] : []),
    o.file,
  ];
}

/** argv for messages: signtool's /p value replaced. */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((a, i) => (i > 0 && /^[/-]p$/i.test(argv[i - 1]) ? HIDDEN : a));
}

/** Windows SDK version folders, newest first ('10.0.22621.0' > '10.0.19041.0'). */
function byVersionDesc(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pb[i] ?? 0) - (pa[i] ?? 0);
  return 0;
}

/**
 * signtool.exe: on PATH, else the newest Windows 10/11 SDK's under Program Files (x86)\Windows
 * Kits\10\bin\<version>\<x64|arm64>, where GitHub's Windows images have it.
 */
export function findSigntool(o: {
  env: NodeJS.ProcessEnv;
  arch: 'amd64' | 'arm64';
  onPath: (c: string) => string | undefined;
  listDir: (dir: string) => string[];
  exists: (p: string) => boolean;
}): string | undefined {
  const found = o.onPath('signtool.exe') ?? o.onPath('signtool');
  if (found) return found;
  const pf = o.env['ProgramFiles(x86)'] || o.env['ProgramFiles'] || 'C:\\Program Files (x86)';
  const bin = `${pf}\\Windows Kits\\10\\bin`;
  const hostDir = o.arch === 'arm64' ? 'arm64' : 'x64';
  const versions = o
    .listDir(bin)
    .filter((d) => /^\d+(\.\d+)+$/.test(d))
    .sort(byVersionDesc);
  for (const v of versions) {
    for (const a of [hostDir, 'x64', 'x86']) {
      const p = `${bin}\\${v}\\${a}\\signtool.exe`;
      if (o.exists(p)) return p;
    }
  }
  const flat = `${bin}\\${hostDir}\\signtool.exe`; // older SDK layout
  return o.exists(flat) ? flat : undefined;
}

// ---- effect ----

export interface SignOptions {
  host: 'linux' | 'darwin' | 'windows';
  arch: 'amd64' | 'arm64';
  /** The run's temp folder (RUNNER_TEMP): the only place the secrets are written. */
  tempDir: string;
  env: NodeJS.ProcessEnv;
  /** The app name, shown by Windows in the signature's description. */
  description?: string;
  /** The run's one release version: added to the description (signatureDescription). */
  version?: string;
}

/** What the signer is and how it found, for the log. */
export function signerTool(o: Pick<SignOptions, 'host' | 'arch' | 'env'>): { kind: 'osslsigncode' | 'signtool'; exe: string | undefined } {
  if (o.host !== 'windows') return { kind: 'osslsigncode', exe: which('osslsigncode', o.env) };
  const exe = findSigntool({
    env: o.env,
    arch: o.arch,
    onPath: (c) => which(c, o.env, 'win32'),
    listDir: (d) => {
      try {
        return readdirSync(d);
      } catch {
        return [];
      }
    },
    exists: (p) => which(p, o.env, 'win32') !== undefined,
  });
  return { kind: 'signtool', exe };
}

/**
 * Signs every file in place. The certificate (and password file) live in a private folder under
 * tempDir only while this runs: removed at the end, on failure and on SIGINT/SIGTERM/SIGHUP.
 */
export async function signFiles(files: string[], cfg: AuthenticodeConfig, o: SignOptions, log: (line: string) => void): Promise<void> {
  if (files.length === 0) return;
  const tool = signerTool(o);
  if (!tool.exe) {
    throw new UserError(
      tool.kind === 'signtool'
        ? 'signtool.exe was not found on PATH or in the Windows SDK (Program Files (x86)\\Windows Kits\\10\\bin); install the Windows SDK signing tools'
        : 'osslsigncode was not found on PATH; install it (apt-get install osslsigncode, brew install osslsigncode) or set install-deps: true',
    );
  }
  const dir = mkdtempSync(join(o.tempDir, 'authenticode-')); // 0700
  const release = onAbort(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const pfx = join(dir, 'certificate.pfx');
    await writeFile(pfx, cfg.pfx, { mode: 0o600, flag: 'wx' });
    let passFile: string | undefined;
    if (cfg.password !== '' && tool.kind === 'osslsigncode') {
      passFile = join(dir, 'password');
      await writeFile(passFile, cfg.password, { mode: 0o600, flag: 'wx' });
    }
    for (const file of files) {
      const out = join(dir, `signed-${basename(file)}`);
      const description = signatureDescription(o.description, o.version);
      const argv =
        tool.kind === 'osslsigncode'
          ? osslsigncodeArgv({ exe: tool.exe, input: file, output: out, pfx, passFile, timestampUrl: cfg.timestampUrl, description })
          : signtoolArgv({ exe: tool.exe, file, pfx, password: cfg.password, timestampUrl: cfg.timestampUrl, description });
      const st = await lstat(file);
      if (!st.isFile()) throw new UserError(`${file} is ${st.isSymbolicLink() ? 'a link' : 'not a regular file'}; refusing to sign it`);
      const r = await run(argv, { env: o.env }); // the one child environment: no inputs, tokens or secrets
      if (r.code !== 0) {
        const tail = (r.stderr || r.stdout).trim().split('\n').slice(-10).join('\n');
        throw new UserError(`signing ${basename(file)} with ${tool.kind} failed (exit ${r.code}): ${redactArgv(argv).join(' ')}${tail ? `\n${tail}` : ''}`);
      }
      if (tool.kind === 'osslsigncode') {
        const root = await WriteRoot.create(dirname(file), 'signing');
        await root.copyFrom(out, basename(file), { mode: st.mode & 0o777 }); // replaces the original, its mode kept
        await rm(out, { force: true });
      }
      log(`${basename(file)}: signed with ${tool.kind} (Authenticode, SHA-256${cfg.timestampUrl ? `, timestamped by ${cfg.timestampUrl}` : ', no timestamp'})`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    release();
  }
}
