/**
 * Notarization of a signed .app through Apple's notary REST API, and stapling, from any host
 * (the thin part that acts; what it decides lives in inputs.ts, poll.ts, log.ts, ticket.ts and
 * sigv4.ts, each pure and unit-tested):
 *
 *  1. the ticket record of the .app's main executable is derived first (an unsigned app is
 *     refused before anything is zipped or sent);
 *  2. the .app is zipped as it is released (src/release/app-zip.ts appZipEntries, ditto's
 *     layout) into a private temp folder, and its SHA-256 taken;
 *  3. POST <api>/submissions {submissionName, sha256} with an ES256 JWT (jwt.ts) answers with the
 *     submission id and temporary storage credentials {awsAccessKeyId, awsSecretAccessKey,
 *     awsSessionToken, bucket, object};
 *  4. the zip is PUT to that bucket and key (S3 PutObject, SigV4 with the session token). The
 *     bucket must be an S3 bucket name and the URL is built from the storage template, so the
 *     credentials and the upload go only to the bucket the submission named; a redirect is not
 *     followed;
 *  5. GET <api>/submissions/<id> until the status is not "In Progress", with the back-off of
 *     poll.ts (Retry-After honoured on 429/503), bounded in total;
 *  6. Invalid or Rejected: GET <api>/submissions/<id>/logs gives developerLogUrl, a presigned URL
 *     fetched with no credential; its issues are logged one line each, escaped, and the run
 *     fails with one line;
 *  7. Accepted: the ticket is looked up (no credential) and written into the .app (ticket.ts).
 *
 * Secrets: the .p8 key is only ever a KeyObject here; each JWT and the storage credentials are
 * handed to `secret` (the runtime masks them) and registered so that no child process gets a
 * variable holding them (src/system/process.ts); the JWT goes only to the API's origin and the
 * storage credentials only to the bucket's (src/net/http.ts httpSend refuses anything else);
 * every message passes through a scrubber that replaces them should a server echo one back. The
 * zip is removed at the end, on failure and on a signal. No GitHub token is used here.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { UserError } from '../errors.js';
import { HttpError, httpGetBuffer, httpSend, type SendOptions, type SentResponse } from '../net/http.js';
import { appZipEntries } from '../release/app-zip.js';
import { writeZip } from '../archive/zip-write.js';
import { onAbort } from '../runtime/abort.js';
import { registerSecretValue } from '../system/process.js';
import { mkdtemp, rm, rmSync } from '../system/owned-fs.js';
import { APPLE_ENDPOINTS, checkEndpoints, checkServiceUrl, objectKeyProblem, storageBase, type NotaryCredentials, type NotaryEndpoints } from './inputs.js';
import { TokenSource } from './jwt.js';
import { findingLines, oneLine, parseNotaryLog } from './log.js';
import { nextWait, pollPolicy, retryAfterMs, showDuration, type PollPolicy } from './poll.js';
import { s3Path, signV4 } from './sigv4.js';
import { parseTicketLookup, stapleTicket, ticketLookupBody, ticketRecord, type TicketRecord } from './ticket.js';

export interface NotaryLogger {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export interface NotarizeOptions {
  credentials: NotaryCredentials;
  /** The services (default Apple's); tests point them at 127.0.0.1. */
  endpoints?: NotaryEndpoints;
  /** Waiting for the verdict: back-off and the bound on the whole wait (default 5 s doubling to 60 s, 30 minutes in all). */
  poll?: Partial<PollPolicy>;
  /** The run's private temp folder (RUNNER_TEMP); the zip is made in a 0700 folder under it. */
  tempDir?: string;
  log: NotaryLogger;
  /** Told every secret made or received here (each JWT, the storage secret and session token) before it is used: mask it. */
  secret?: (value: string) => void;
  /** Seconds since the epoch on every zip entry (SOURCE_DATE_EPOCH); default 0 (1980 in the zip). */
  mtime?: number;
  /** Per-request socket time-out (default 60 s; the upload's too). */
  timeoutMs?: number;
  /** Attempts for the submission, the upload and the ticket lookup (default 3, 3, 5). */
  attempts?: { submit?: number; upload?: number; ticket?: number };
  /** Staple the ticket after Accepted (default true). */
  staple?: boolean;
}

export interface NotarizeResult {
  submissionId: string;
  status: 'Accepted';
  record: TicketRecord;
  /** Where the ticket was written (undefined when staple: false). */
  ticketPath?: string;
  /** Status checks made. */
  checks: number;
}

/** Replaces every registered secret in a text (a server may echo what it was sent). */
class Scrubber {
  private readonly values = new Set<string>();
  add(v: string): void {
    if (v.length >= 8) this.values.add(v);
  }
  scrub(text: string): string {
    let out = text;
    for (const v of this.values) out = out.split(v).join('***');
    return out;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface SubmissionCreds {
  id: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  bucket: string;
  object: string;
}

/** The JSON body of a response, or a UserError naming what answered what. */
function json(res: SentResponse, what: string): Record<string, unknown> {
  try {
    const j = JSON.parse(res.body.toString('utf8')) as unknown;
    if (typeof j === 'object' && j !== null) return j as Record<string, unknown>;
  } catch {
    /* below */
  }
  throw new UserError(`${what}: the answer (${res.status}) is not a JSON object`);
}

const field = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), o);

/** Why a server refused, from its body (Apple's errors[].detail, S3's <Code>), one safe line. */
function serverReason(res: SentResponse): string {
  const text = res.body.toString('utf8');
  try {
    const j = JSON.parse(text) as unknown;
    const e = field(j, 'errors');
    if (Array.isArray(e) && e.length > 0) {
      const first = e[0] as Record<string, unknown>;
      return oneLine([first.title, first.detail].filter((x) => typeof x === 'string').join(': '), 300);
    }
  } catch {
    /* not JSON */
  }
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1];
  return code ? oneLine(code, 100) : oneLine(text, 200);
}

/**
 * Notarizes the signed .app at `app` and staples its ticket. Throws a one-line UserError on a
 * refusal, an Invalid/Rejected verdict (after logging the findings) or a time-out (naming the
 * submission so it can be checked later).
 */
export async function notarizeApp(app: string, o: NotarizeOptions): Promise<NotarizeResult> {
  const endpoints = checkEndpoints(o.endpoints ?? APPLE_ENDPOINTS);
  const policy = pollPolicy(o.poll);
  const scrubber = new Scrubber();
  const keep = (v: string) => {
    scrubber.add(v);
    registerSecretValue(v);
    o.secret?.(v);
  };
  const log: NotaryLogger = {
    info: (m) => o.log.info(scrubber.scrub(m)),
    warning: (m) => o.log.warning(scrubber.scrub(m)),
    error: (m) => o.log.error(scrubber.scrub(m)),
  };
  const tokens = new TokenSource(o.credentials, Date.now, keep);
  const apiOrigin = new URL(endpoints.api).origin;
  const name = basename(app);
  const timeoutMs = o.timeoutMs ?? 60_000;

  const record = await ticketRecord(app);
  const work = await mkdtemp(join(o.tempDir ?? tmpdir(), 'notary-'));
  const release = onAbort(() => rmSync(work, { recursive: true, force: true }));
  try {
    // 2. The zip, as the release ships it.
    const zip = join(work, `${name}.zip`);
    await writeZip(zip, await appZipEntries(app), { mtime: o.mtime ?? 0 });
    const size = (await stat(zip)).size;
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(zip)) hash.update(chunk as Buffer);
    const sha256 = hash.digest('hex');
    log.info(`Notarizing ${name}: ${size} bytes, sha256 ${sha256}`);

    /** A request to the notary API with a fresh-enough token; transient answers retried up to `attempts`. */
    const api = async (what: string, method: 'GET' | 'POST', path: string, body?: unknown, attempts = 1): Promise<SentResponse> => {
      return withRetries(what, attempts, policy, log, () =>
        httpSend(`${endpoints.api}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${tokens.get()}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
          credentialOrigin: apiOrigin,
          timeoutMs,
        }),
      );
    };
    const refusedKey = (res: SentResponse, what: string) =>
      new UserError(
        `${what}: the notary service refused the API key (${res.status}: ${serverReason(res)}); check notary-key, notary-key-id and notary-issuer, and that the key's role may notarize (Developer or above)`,
      );

    // 3. The submission.
    const created = await api('notary submission', 'POST', '/submissions', { submissionName: `${name}.zip`, sha256 }, o.attempts?.submit ?? 3);
    if (created.status === 401 || created.status === 403) throw refusedKey(created, 'notary submission');
    if (created.status < 200 || created.status > 299)
      throw new UserError(`notary submission of ${name}: answered ${created.status} (${serverReason(created)})`);
    const sub = submissionCreds(json(created, 'notary submission'));
    for (const v of [sub.secretAccessKey, sub.sessionToken]) keep(v);
    log.info(`Notary submission ${sub.id} created`);

    // 4. The upload, to the bucket the submission named and nowhere else.
    const base = storageBase(endpoints.storage, sub.bucket);
    const keyProblem = objectKeyProblem(sub.object);
    if (keyProblem)
      throw new UserError(`the notary service named the storage key ${JSON.stringify(oneLine(sub.object, 80))}, which ${keyProblem}; refusing to upload`);
    const path = s3Path(base.pathname === '/' ? '' : base.pathname, sub.object);
    const putUrl = `${base.origin}${path}`;
    const put = await withRetries('notary upload', o.attempts?.upload ?? 3, policy, log, () => {
      const signed = signV4({
        method: 'PUT',
        host: base.host,
        path,
        headers: { 'content-type': 'application/zip' },
        payloadHash: sha256,
        contentSha256Header: true,
        region: endpoints.region,
        service: 's3',
        date: new Date(),
        credentials: { accessKeyId: sub.accessKeyId, secretAccessKey: sub.secretAccessKey, sessionToken: sub.sessionToken },
      });
      const opts: SendOptions = {
        method: 'PUT',
        headers: signed.headers,
        body: { length: size, open: () => createReadStream(zip) },
        credentialOrigin: base.origin,
        timeoutMs,
      };
      return httpSend(putUrl, opts);
    });
    if (put.status >= 300 && put.status < 400)
      throw new UserError(
        `notary upload: the storage at ${base.host} answered ${put.status} (a redirect${typeof put.headers.location === 'string' ? ` to ${oneLine(new URL(put.headers.location, putUrl).host, 100)}` : ''}); the upload and its credentials go only to the bucket the submission named; refused`,
      );
    if (put.status < 200 || put.status > 299) throw new UserError(`notary upload to ${base.host}: answered ${put.status} (${serverReason(put)})`);
    log.info(`Uploaded ${name}.zip for submission ${sub.id}; waiting up to ${showDuration(policy.maxWaitMs)} for Apple's verdict`);

    // 5. The verdict.
    const started = Date.now();
    let checks = 0;
    let status = 'In Progress';
    for (;;) {
      let res: SentResponse | undefined;
      let retryAfter: number | undefined;
      try {
        res = await httpSend(`${endpoints.api}/submissions/${sub.id}`, {
          method: 'GET',
          headers: { authorization: `Bearer ${tokens.get()}`, accept: 'application/json' },
          credentialOrigin: apiOrigin,
          timeoutMs,
        });
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        log.info(`Status check of ${sub.id} failed (${err.message}); trying again`);
      }
      checks++;
      if (res) {
        if (res.status === 401 || res.status === 403) throw refusedKey(res, `status of submission ${sub.id}`);
        if (res.status === 429 || res.status >= 500) {
          retryAfter = retryAfterMs(res.headers['retry-after'], Date.now());
          log.info(`Status check of ${sub.id} answered ${res.status}${retryAfter !== undefined ? `, retry after ${showDuration(retryAfter)}` : ''}`);
        } else if (res.status < 200 || res.status > 299) {
          throw new UserError(`status of notary submission ${sub.id}: answered ${res.status} (${serverReason(res)})`);
        } else {
          const s = field(json(res, `status of submission ${sub.id}`), 'data', 'attributes', 'status');
          status = typeof s === 'string' ? oneLine(s, 40) : 'unknown';
          if (status !== 'In Progress') break;
        }
      }
      const next = nextWait({ checks, elapsedMs: Date.now() - started, retryAfterMs: retryAfter, policy });
      if ('timedOut' in next)
        throw new UserError(
          `notarization of ${name}: no verdict from Apple within ${showDuration(policy.maxWaitMs)} (submission ${sub.id}, last status ${status}); it goes on at Apple: check it later with \`xcrun notarytool info ${sub.id}\` (or GET ${endpoints.api}/submissions/${sub.id}) and staple the ticket once it is Accepted`,
        );
      log.info(`Submission ${sub.id}: ${status}; next check in ${showDuration(next.sleepMs)}`);
      await sleep(next.sleepMs);
    }

    if (status !== 'Accepted') {
      // 6. The findings.
      const summary = await findings(endpoints, sub.id, api, log);
      throw new UserError(`notarization of ${name}: Apple's verdict is ${status} (submission ${sub.id})${summary}`);
    }
    log.info(`Submission ${sub.id}: Accepted after ${checks} status checks`);

    // 7. The ticket.
    if (o.staple === false) return { submissionId: sub.id, status: 'Accepted', record, checks };
    const ticket = await lookupTicket(endpoints.tickets, record, o.attempts?.ticket ?? 5, policy, log, timeoutMs);
    const ticketPath = await stapleTicket(app, ticket, record);
    log.info(`Stapled the notarization ticket (${ticket.length} bytes, cdhash ${record.cdhash}) to ${name}/Contents/CodeResources`);
    return { submissionId: sub.id, status: 'Accepted', record, ticketPath, checks };
  } catch (err) {
    if (err instanceof Error) err.message = scrubber.scrub(err.message);
    throw err;
  } finally {
    release();
    await rm(work, { recursive: true, force: true });
  }
}

/** The submission answer's id and storage credentials, checked. */
function submissionCreds(j: Record<string, unknown>): SubmissionCreds {
  const id = field(j, 'data', 'id');
  const a = (k: string) => field(j, 'data', 'attributes', k);
  const out = {
    id,
    accessKeyId: a('awsAccessKeyId'),
    secretAccessKey: a('awsSecretAccessKey'),
    sessionToken: a('awsSessionToken'),
    bucket: a('bucket'),
    object: a('object'),
  };
  const missing = Object.entries(out)
    .filter(([, v]) => typeof v !== 'string' || v === '')
    .map(([k]) => k);
  if (missing.length > 0) throw new UserError(`notary submission: the answer lacks ${missing.join(', ')}`);
  const s = out as SubmissionCreds;
  if (!/^[A-Za-z0-9-]{1,100}$/.test(s.id)) throw new UserError('notary submission: the submission id is not a UUID-like name; refusing to put it in a URL');
  return s;
}

/** The log's findings, logged one line each; returns the tail of the failure's one line. */
async function findings(
  endpoints: NotaryEndpoints,
  id: string,
  api: (what: string, method: 'GET', path: string, body?: undefined, attempts?: number) => Promise<SentResponse>,
  log: NotaryLogger,
): Promise<string> {
  try {
    const res = await api(`log of submission ${id}`, 'GET', `/submissions/${id}/logs`, undefined, 3);
    if (res.status < 200 || res.status > 299) return `; its log could not be had (${res.status})`;
    const url = field(json(res, `log of submission ${id}`), 'data', 'attributes', 'developerLogUrl');
    if (typeof url !== 'string') return '; the service gave no log URL';
    checkServiceUrl(url.split('?')[0], 'the notary log URL');
    // A presigned URL: fetched with no credential of ours (httpGetBuffer sends none).
    const text = (await httpGetBuffer(url, { attempts: 3, maxBytes: 4 << 20, what: 'the notary log' })).toString('utf8');
    const parsed = parseNotaryLog(text);
    if (!parsed) return '; its log is not JSON';
    const lines = findingLines(parsed);
    for (const l of lines) log.error(l);
    const summary = parsed.statusSummary ? `: ${oneLine(parsed.statusSummary, 200)}` : '';
    return `${summary}; ${parsed.issues.length} issue${parsed.issues.length === 1 ? '' : 's'} in its log${lines.length ? ` (listed above; first: ${lines[0]})` : ''}`;
  } catch (err) {
    if (err instanceof UserError || err instanceof HttpError) return `; its log could not be read (${oneLine(err.message, 200)})`;
    throw err;
  }
}

/** The ticket for the record; a record not there yet (Apple's ticket service lags a little) is asked again. */
async function lookupTicket(url: string, record: TicketRecord, attempts: number, policy: PollPolicy, log: NotaryLogger, timeoutMs: number): Promise<Buffer> {
  let why = '';
  for (let i = 1; i <= attempts; i++) {
    try {
      const res = await httpSend(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: Buffer.from(ticketLookupBody(record.recordName)),
        timeoutMs,
        what: 'the ticket lookup answer',
      });
      if (res.status >= 200 && res.status < 300) {
        const answer = parseTicketLookup(res.body, record.recordName);
        if ('ticket' in answer) return answer.ticket;
        why = answer.missing;
      } else why = `answered ${res.status}`;
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      why = err.message;
    }
    if (i < attempts) {
      log.info(`Ticket for ${record.recordName} not there yet (${why}); asking again`);
      await sleep(Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (i - 1)));
    }
  }
  throw new UserError(
    `stapling: no notarization ticket for ${record.recordName} after ${attempts} lookups (${why}); the app is notarized but not stapled: staple it later with \`xcrun stapler staple\``,
  );
}

/** Runs `once` up to `attempts` times while it answers 429/5xx or fails on the network; Retry-After honoured (capped at the policy's longest wait). */
async function withRetries(what: string, attempts: number, policy: PollPolicy, log: NotaryLogger, once: () => Promise<SentResponse>): Promise<SentResponse> {
  for (let i = 1; ; i++) {
    let wait = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (i - 1));
    try {
      const res = await once();
      if (!(res.status === 429 || res.status >= 500) || i >= attempts) return res;
      const ra = retryAfterMs(res.headers['retry-after'], Date.now());
      if (ra !== undefined) wait = Math.min(policy.maxDelayMs, Math.max(wait, ra));
      log.info(`${what}: answered ${res.status}; trying again in ${showDuration(wait)} (${i}/${attempts - 1})`);
    } catch (err) {
      if (!(err instanceof HttpError) || err.constructor !== HttpError || i >= attempts)
        throw err instanceof HttpError ? new UserError(`${what}: ${err.message}`) : err;
      log.info(`${what}: ${err.message}; trying again in ${showDuration(wait)} (${i}/${attempts - 1})`);
    }
    await sleep(wait);
  }
}
