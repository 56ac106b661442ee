/**
 * A loopback Apple notary service for tests, on 127.0.0.1 only, following Apple's documented
 * Notary API, the S3 PutObject it hands the upload to, and the CloudKit ticket lookup:
 *
 *  POST /notary/v2/submissions          JWT checked (ES256 signature against the test public
 *                                       key, header alg/kid/typ, iss, aud, iat/exp, lifetime
 *                                       <= 20 min); {submissionName, sha256} -> data.id and
 *                                       attributes {awsAccessKeyId, awsSecretAccessKey,
 *                                       awsSessionToken, bucket, object}
 *  PUT  /s3/<bucket>/<object>           S3 PutObject: the SigV4 signature is checked by an
 *                                       independent implementation (Python's hmac/hashlib, from
 *                                       the spec), the session token and x-amz-content-sha256
 *                                       against the body and the sha256 the submission declared
 *  GET  /notary/v2/submissions/<id>     JWT checked; In Progress for `polls` checks, then the
 *                                       verdict (Accepted, Invalid, Rejected) or never one;
 *                                       optional 429s with Retry-After first
 *  GET  /notary/v2/submissions/<id>/logs  JWT checked; developerLogUrl (a presigned-looking URL)
 *  GET  /logs/<id>.json                 the log JSON (no credential expected)
 *  POST /tickets/lookup                 {records: [{recordName}]} -> signedTicket BYTES base64
 *                                       for the records the test says the app has, once Accepted
 *
 * Every request is recorded (method, path, headers, body length, arrival time) for assertions.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NotaryScenario {
  /** Status checks answered In Progress before the verdict (default 0). */
  polls?: number;
  /** The verdict; 'never' stays In Progress (default Accepted). */
  verdict?: 'Accepted' | 'Invalid' | 'Rejected' | 'never';
  /** The log served for the submission (default: a log matching the verdict); {token} and {secret} in it are replaced by the last JWT and the storage secret. */
  log?: unknown;
  /** The first `count` status checks answer 429 with Retry-After: `seconds`. */
  throttle?: { count: number; retryAfter: string };
  /** Bucket and object key the submission names (defaults: notary-submissions-prod, prod/<uuid>.zip). */
  bucket?: string;
  object?: string;
  /** The storage answers PutObject with a 307 to this URL. */
  redirectUploadTo?: string;
  /** Ticket records the app has (2/2/<cdhash>): answered once Accepted. */
  tickets?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  bodyLength: number;
  /** performance.now() at arrival. */
  at: number;
  status?: number;
  /** What the server found wrong with it (an empty list when it was accepted). */
  problems: string[];
}

export interface NotaryServer {
  url: string;
  /** The endpoints to hand notarizeApp. */
  endpoints: { api: string; storage: string; region: string; tickets: string };
  requests: RecordedRequest[];
  /** Secrets the server handed out (to grep for). */
  issued: { secretAccessKey: string; sessionToken: string; accessKeyId: string };
  /** The JWTs it was sent. */
  tokens: string[];
  /** The uploads it stored, by object key. */
  uploads: Map<string, Buffer>;
  /** The tickets it served. */
  ticketsServed: Buffer[];
  close(): Promise<void>;
}

/** An independent SigV4 check (S3 flavour: the path as sent, encoded once), from AWS's spec. */
const SIGV4_PY = String.raw`
import hashlib, hmac, json, sys, urllib.parse
r = json.load(sys.stdin)
auth = r["headers"].get("authorization", "")
if not auth.startswith("AWS4-HMAC-SHA256 "):
    print("no AWS4-HMAC-SHA256 authorization"); sys.exit(0)
parts = dict(p.strip().split("=", 1) for p in auth[len("AWS4-HMAC-SHA256 "):].split(","))
akid, day, region, service, term = parts["Credential"].split("/")
signed = parts["SignedHeaders"].split(";")
problems = []
if akid != r["accessKeyId"]: problems.append("access key id " + akid)
if region != r["region"] or service != "s3" or term != "aws4_request": problems.append("scope " + parts["Credential"])
for need in ("host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"):
    if need not in signed: problems.append(need + " not signed")
path, _, query = r["path"].partition("?")
q = sorted((urllib.parse.quote(urllib.parse.unquote(k), safe="-_.~"), urllib.parse.quote(urllib.parse.unquote(v), safe="-_.~"))
           for k, _, v in (x.partition("=") for x in query.split("&") if x))
canon_headers = "".join(h + ":" + " ".join(str(r["headers"].get(h, "")).strip().split()) + "\n" for h in signed)
creq = "\n".join([r["method"], path, "&".join(k + "=" + v for k, v in q), canon_headers, ";".join(signed), r["headers"].get("x-amz-content-sha256", "")])
amz = r["headers"].get("x-amz-date", "")
if amz[:8] != day: problems.append("date " + amz)
sts = "\n".join(["AWS4-HMAC-SHA256", amz, "/".join([day, region, service, term]), hashlib.sha256(creq.encode()).hexdigest()])
def h(k, m): return hmac.new(k, m.encode(), hashlib.sha256).digest()
key = h(h(h(h(("AWS4" + r["secret"]).encode(), day), region), service), "aws4_request")
want = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
if not hmac.compare_digest(want, parts.get("Signature", "")): problems.append("signature mismatch")
print("\n".join(problems))
`;

function checkSigV4(req: { method: string; path: string; headers: Record<string, unknown> }, secret: string, accessKeyId: string, region: string): string[] {
  const out = execFileSync('python3', ['-c', SIGV4_PY], {
    input: JSON.stringify({ ...req, secret, accessKeyId, region }),
    encoding: 'utf8',
  });
  return out.split('\n').filter(Boolean);
}

/** Problems with a bearer JWT, checked as App Store Connect documents it. */
export function checkJwt(auth: string | undefined, publicKey: KeyObject, keyId: string, issuer: string): string[] {
  const m = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(auth ?? '');
  if (!m) return ['no bearer JWT'];
  const problems: string[] = [];
  const header = JSON.parse(Buffer.from(m[1], 'base64url').toString()) as Record<string, unknown>;
  const payload = JSON.parse(Buffer.from(m[2], 'base64url').toString()) as Record<string, unknown>;
  if (header.alg !== 'ES256' || header.kid !== keyId || header.typ !== 'JWT') problems.push(`header ${JSON.stringify(header)}`);
  if (payload.iss !== issuer) problems.push('iss');
  if (payload.aud !== 'appstoreconnect-v1') problems.push('aud');
  const now = Date.now() / 1000;
  const iat = Number(payload.iat);
  const exp = Number(payload.exp);
  if (!(iat <= now + 5 && exp > now && exp - iat <= 1200)) problems.push(`iat/exp ${iat}/${exp}`);
  const sig = Buffer.from(m[3], 'base64url');
  if (sig.length !== 64 || !verify('sha256', Buffer.from(`${m[1]}.${m[2]}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig))
    problems.push('ES256 signature');
  return problems;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A log like the notary service's for a verdict. */
export function notaryLog(id: string, status: string, issues: unknown[]): unknown {
  return {
    logFormatVersion: 1,
    jobId: id,
    status,
    statusSummary: status === 'Accepted' ? 'Ready for distribution' : 'Archive contains critical validation errors',
    statusCode: status === 'Accepted' ? 0 : 4000,
    archiveFilename: 'Hello.app.zip',
    uploadDate: '2026-12-03T12:00:00.000Z',
    sha256: '0'.repeat(64),
    ticketContents: null,
    issues,
  };
}

export async function startNotaryServer(o: { publicKey: KeyObject; keyId: string; issuer: string; scenario: NotaryScenario }): Promise<NotaryServer> {
  const sc = o.scenario;
  const region = 'us-west-2';
  const issued = {
    accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(120).toString('base64')}`,
  };
  const requests: RecordedRequest[] = [];
  const tokens: string[] = [];
  const uploads = new Map<string, Buffer>();
  const ticketsServed: Buffer[] = [];
  const subs = new Map<string, { sha256: string; checks: number; uploaded: boolean }>();
  const bucket = sc.bucket ?? 'notary-submissions-prod';
  const object = sc.object ?? `prod/${randomUUID()}.zip`;
  let base = '';

  const handle = async (req: IncomingMessage, res: ServerResponse, rec: RecordedRequest): Promise<void> => {
    const body = await readBody(req);
    rec.bodyLength = body.length;
    const url = new URL(req.url ?? '/', base);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      res.writeHead(status, { 'content-type': typeof payload === 'string' ? 'application/xml' : 'application/json', ...headers });
      res.end(text);
    };
    const jwtOk = (): boolean => {
      const auth = req.headers.authorization;
      if (auth?.startsWith('Bearer ')) tokens.push(auth.slice(7));
      rec.problems.push(...checkJwt(auth, o.publicKey, o.keyId, o.issuer));
      if (rec.problems.length > 0)
        send(401, { errors: [{ status: '401', code: 'NOT_AUTHORIZED', title: 'Authentication credentials are missing or invalid.' }] });
      return rec.problems.length === 0;
    };
    const p = url.pathname;
    if (req.method === 'POST' && p === '/notary/v2/submissions') {
      if (!jwtOk()) return;
      const j = JSON.parse(body.toString()) as { submissionName?: string; sha256?: string };
      if (typeof j.submissionName !== 'string' || !/^[0-9a-f]{64}$/.test(j.sha256 ?? '')) {
        send(400, { errors: [{ title: 'bad request' }] });
        return;
      }
      const id = randomUUID();
      subs.set(id, { sha256: j.sha256!, checks: 0, uploaded: false });
      send(200, {
        data: {
          type: 'newSubmissions',
          id,
          attributes: { awsAccessKeyId: issued.accessKeyId, awsSecretAccessKey: issued.secretAccessKey, awsSessionToken: issued.sessionToken, bucket, object },
        },
        meta: {},
      });
      return;
    }
    if (req.method === 'PUT' && p.startsWith('/s3/')) {
      rec.problems.push(...checkSigV4({ method: 'PUT', path: req.url ?? '', headers: req.headers }, issued.secretAccessKey, issued.accessKeyId, region));
      if (req.headers['x-amz-security-token'] !== issued.sessionToken) rec.problems.push('session token');
      const sha = createHash('sha256').update(body).digest('hex');
      if (req.headers['x-amz-content-sha256'] !== sha) rec.problems.push('x-amz-content-sha256 is not the body hash');
      const sub = [...subs.values()].find((s) => s.sha256 === sha);
      if (!sub) rec.problems.push('no submission declared this sha256');
      const key = decodeURIComponent(p.slice(`/s3/${bucket}/`.length));
      if (!p.startsWith(`/s3/${bucket}/`) || key !== object) rec.problems.push(`wrong bucket/key ${p}`);
      if (rec.problems.length > 0) {
        send(403, '<Error><Code>SignatureDoesNotMatch</Code></Error>');
        return;
      }
      if (sc.redirectUploadTo) {
        send(307, '', { location: sc.redirectUploadTo });
        return;
      }
      uploads.set(key, body);
      sub!.uploaded = true;
      send(200, '');
      return;
    }
    const m = /^\/notary\/v2\/submissions\/([^/]+)(\/logs)?$/.exec(p);
    if (req.method === 'GET' && m) {
      if (!jwtOk()) return;
      const sub = subs.get(m[1]);
      if (!sub) {
        send(404, { errors: [{ status: '404', title: 'not found' }] });
        return;
      }
      if (m[2]) {
        send(200, { data: { type: 'submissionsLog', id: m[1], attributes: { developerLogUrl: `${base}/logs/${m[1]}.json?X-Amz-Signature=abc` } } });
        return;
      }
      sub.checks++;
      if (sc.throttle && sub.checks <= sc.throttle.count) {
        send(429, { errors: [{ status: '429', title: 'rate limited' }] }, { 'retry-after': sc.throttle.retryAfter });
        return;
      }
      const answered = sub.checks - (sc.throttle?.count ?? 0);
      const verdict = sc.verdict ?? 'Accepted';
      const status = !sub.uploaded ? 'In Progress' : verdict === 'never' || answered <= (sc.polls ?? 0) ? 'In Progress' : verdict;
      send(200, { data: { type: 'submissions', id: m[1], attributes: { status, name: 'Hello.app.zip', createdDate: '2026-12-03T12:00:00.000Z' } } });
      return;
    }
    const lm = /^\/logs\/([^/]+)\.json$/.exec(p);
    if (req.method === 'GET' && lm) {
      if (req.headers.authorization) rec.problems.push('a credential was sent to the log URL');
      const verdict = sc.verdict ?? 'Accepted';
      // A server that echoes what it was given: {token} and {secret} in the log become the last JWT and the storage secret.
      const echo = (v: unknown): unknown =>
        v === undefined
          ? undefined
          : JSON.parse(
              JSON.stringify(v)
                .split('{token}')
                .join(tokens.at(-1) ?? '')
                .split('{secret}')
                .join(issued.secretAccessKey),
            );
      send(
        200,
        echo(sc.log) ??
          notaryLog(
            lm[1],
            verdict,
            verdict === 'Accepted'
              ? []
              : [{ severity: 'error', message: 'The binary is not signed.', path: 'Hello.app.zip/Hello.app/Contents/MacOS/hello', architecture: 'x86_64' }],
          ),
      );
      return;
    }
    if (req.method === 'POST' && p === '/tickets/lookup') {
      if (req.headers.authorization) rec.problems.push('a credential was sent to the ticket service');
      const j = JSON.parse(body.toString()) as { records: { recordName: string }[] };
      const accepted = [...subs.values()].some((s) => s.uploaded) && (sc.verdict ?? 'Accepted') === 'Accepted';
      send(200, {
        records: j.records.map(({ recordName }) => {
          if (!accepted || !(sc.tickets ?? []).includes(recordName)) return { recordName, reason: 'Record not found', serverErrorCode: 'NOT_FOUND' };
          const ticket = Buffer.concat([Buffer.from('s8ch'), Buffer.from([1, 0, 0, 0]), randomBytes(600)]);
          ticketsServed.push(ticket);
          return {
            recordName,
            recordType: 'DeveloperIDTicket',
            fields: { signedTicket: { type: 'BYTES', value: ticket.toString('base64') } },
            deleted: false,
            recordChangeTag: 'x',
            created: { timestamp: 1, userRecordName: 'u', deviceID: 'd' },
            modified: { timestamp: 1, userRecordName: 'u', deviceID: 'd' },
          };
        }),
      });
      return;
    }
    send(404, { errors: [{ title: `no route ${req.method ?? ''} ${p}` }] });
  };

  const server: Server = createServer((req, res) => {
    const rec: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: { ...req.headers },
      bodyLength: 0,
      at: performance.now(),
      problems: [],
    };
    requests.push(rec);
    handle(req, res, rec).catch((err: unknown) => {
      rec.problems.push(String(err));
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    endpoints: { api: `${base}/notary/v2`, storage: `${base}/s3/{bucket}`, region, tickets: `${base}/tickets/lookup` },
    requests,
    issued,
    tokens,
    uploads,
    ticketsServed,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
