/**
 * Authenticode test fixtures, made with the openssl CLI (argv arrays) in a temp dir: a throwaway
 * CA, a code-signing certificate exported with its key to a password-protected PKCS#12 (.pfx),
 * a TSA certificate; a loopback RFC 3161 timestamp server on 127.0.0.1 that answers each
 * TimeStampReq with `openssl ts -reply`; a Windows exe with icon and version resources built by
 * Go (pure Go, a .syso made by windres); and PE header readers.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { errorMessage } from '../../src/errors.js';
import { ROOT } from './runner.js';

export interface Pki {
  dir: string;
  caPem: string;
  pfx: string;
  pfxBase64: string;
  password: string;
  tsaCnf: string;
}

const openssl = (args: string[], cwd: string): string => execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** CA -> code-signing leaf (EKU codeSigning) and TSA leaf (EKU timeStamping, critical). */
export function makePki(dir: string, password = 'Pa55 w0rd"with;shell$chars'): Pki {
  mkdirSync(dir, { recursive: true });
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '3',
      '-subj',
      '/CN=go-fyne-action Test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  const leaf = (name: string, cn: string, ext: string): void => {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
      ],
      dir,
    );
  };
  leaf('cs', 'go-fyne-action Test Code Signing', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n');
  leaf('tsa', 'go-fyne-action Test TSA', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n');
  writeFileSync(join(dir, 'pass.txt'), password);
  openssl(['pkcs12', '-export', '-out', 'cs.pfx', '-inkey', 'cs.key', '-in', 'cs.pem', '-certfile', 'ca.pem', '-passout', 'file:pass.txt'], dir);
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  const tsaCnf = join(dir, 'tsa.cnf');
  writeFileSync(
    tsaCnf,
    [
      '[ tsa ]',
      'default_tsa = tsa1',
      '[ tsa1 ]',
      `dir = ${dir}`,
      'serial = $dir/tsaserial',
      'crypto_device = builtin',
      'signer_cert = $dir/tsa.pem',
      'certs = $dir/ca.pem',
      'signer_key = $dir/tsa.key',
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha1, sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  const pfx = join(dir, 'cs.pfx');
  return { dir, caPem: join(dir, 'ca.pem'), pfx, pfxBase64: readFileSync(pfx).toString('base64'), password, tsaCnf };
}

export interface Tsa {
  url: string;
  /** TimeStampReqs answered. */
  requests: number;
  close(): Promise<void>;
}

/** An RFC 3161 server on 127.0.0.1: POST application/timestamp-query -> `openssl ts -reply`. */
export async function startTsa(pki: Pki): Promise<Tsa> {
  let n = 0;
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = ++n;
      const q = join(pki.dir, `q${id}.tsq`);
      const r = join(pki.dir, `r${id}.tsr`);
      writeFileSync(q, Buffer.concat(chunks));
      promisify(execFile)('openssl', ['ts', '-reply', '-config', pki.tsaCnf, '-queryfile', q, '-out', r])
        .then(() => {
          state.requests++;
          res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
          res.end(readFileSync(r));
        })
        .catch((e: unknown) => {
          res.writeHead(500);
          res.end(errorMessage(e));
        });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    get requests() {
      return state.requests;
    },
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/** examples/hello copied to `dir` with a .syso holding an icon (Icon.png of hello-fyne) and VERSIONINFO. */
export function helloWithResources(dir: string): string {
  cpSync(join(ROOT, 'examples/hello'), dir, { recursive: true });
  const png = readFileSync(join(ROOT, 'examples/hello-fyne/Icon.png'));
  // An ICO holding one PNG image (Vista+ format): header, one directory entry, the PNG.
  const ico = Buffer.alloc(22);
  ico.writeUInt16LE(1, 2);
  ico.writeUInt16LE(1, 4);
  ico.writeUInt16LE(1, 10); // planes
  ico.writeUInt16LE(32, 12); // bpp
  ico.writeUInt32LE(png.length, 14);
  ico.writeUInt32LE(22, 18);
  writeFileSync(join(dir, 'app.ico'), Buffer.concat([ico, png]));
  writeFileSync(
    join(dir, 'app.rc'),
    [
      '1 ICON "app.ico"',
      '1 VERSIONINFO',
      'FILEVERSION 1,2,3,0',
      'PRODUCTVERSION 1,2,3,0',
      'BEGIN',
      '  BLOCK "StringFileInfo"',
      '  BEGIN',
      '    BLOCK "040904B0"',
      '    BEGIN',
      '      VALUE "ProductName", "hello"',
      '      VALUE "FileVersion", "1.2.3"',
      '    END',
      '  END',
      '  BLOCK "VarFileInfo"',
      '  BEGIN',
      '    VALUE "Translation", 0x409, 1200',
      '  END',
      'END',
      '',
    ].join('\n'),
  );
  execFileSync('x86_64-w64-mingw32-windres', ['-O', 'coff', '-F', 'pe-x86-64', '-i', 'app.rc', '-o', 'rsrc_windows_amd64.syso'], { cwd: dir });
  return dir;
}

export interface PeInfo {
  /** Optional header Subsystem: 2 = Windows GUI, 3 = console. */
  subsystem: number;
  /** File offsets of the CheckSum field and the Certificate Table directory entry. */
  checksumAt: number;
  securityDirAt: number;
  /** Resource table (data directory 2): RVA and size. */
  resources: { rva: number; size: number };
  /** Certificate table (data directory 4): file offset and size. */
  certificates: { offset: number; size: number };
}

export function readPe(b: Buffer): PeInfo {
  if (b.toString('latin1', 0, 2) !== 'MZ') throw new Error('not MZ');
  const pe = b.readUInt32LE(0x3c);
  if (b.toString('latin1', pe, pe + 4) !== 'PE\0\0') throw new Error('not PE');
  const opt = pe + 24;
  const magic = b.readUInt16LE(opt);
  const dirs = opt + (magic === 0x20b ? 112 : 96);
  return {
    subsystem: b.readUInt16LE(opt + 68),
    checksumAt: opt + 64,
    securityDirAt: dirs + 4 * 8,
    resources: { rva: b.readUInt32LE(dirs + 2 * 8), size: b.readUInt32LE(dirs + 2 * 8 + 4) },
    certificates: { offset: b.readUInt32LE(dirs + 4 * 8), size: b.readUInt32LE(dirs + 4 * 8 + 4) },
  };
}

/**
 * Whether `signed` is `unsigned` plus a certificate table: every byte of the unsigned file the
 * same except the CheckSum and the Certificate Table entry (so sections, subsystem and resources
 * are untouched), and the table after it (8-byte aligned).
 */
export function onlySignatureAdded(unsigned: Buffer, signed: Buffer): boolean {
  const u = readPe(unsigned);
  const s = readPe(signed);
  if (s.certificates.offset < unsigned.length || s.certificates.offset + s.certificates.size !== signed.length) return false;
  const a = Buffer.from(unsigned);
  const b = Buffer.from(signed.subarray(0, unsigned.length));
  for (const [at, len] of [
    [u.checksumAt, 4],
    [u.securityDirAt, 8],
  ] as const) {
    a.fill(0, at, at + len);
    b.fill(0, at, at + len);
  }
  return a.equals(b) && signed.subarray(unsigned.length, s.certificates.offset).every((x) => x === 0);
}
