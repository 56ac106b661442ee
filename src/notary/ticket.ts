/**
 * Stapling: the notarization ticket of an .app, looked up in Apple's ticket service and written
 * into the bundle where stapler puts it.
 *
 * - The record: `2/<hash type>/<digest>` where the digest is the hash (by the CodeDirectory's own
 *   hash type: 2 = SHA-256) of the primary CodeDirectory (slot 0) of the bundle's main
 *   executable, truncated to 20 bytes (the cdhash), lowercase hex; for a universal executable the
 *   first slice's. That is what stapler and rcodesign (apple-codesign's stapling.rs,
 *   bundle_signing.rs) ask for; the ticket names the cdhashes of every slice.
 * - The lookup: POST {records: [{recordName}]} to CloudKit's public
 *   com.apple.gk.ticket-delivery database; a found record carries fields.signedTicket
 *   {type: BYTES, value: base64}; a missing one {serverErrorCode, reason}.
 * - Where: an .app's ticket is the raw ticket bytes in `Contents/CodeResources` (a file beside
 *   _CodeSignature, which the resource seal leaves out, so stapling does not break the seal).
 *   A ticket starts with the magic "s8ch".
 */
import { createHash } from 'node:crypto';
import { ReadRoot, WriteRoot } from '../system/confine.js';
import { open } from '../system/owned-fs.js';
import { UserError } from '../errors.js';
import { readBundleInfo } from '../macho/bundle-sign.js';
import { parseEmbeddedSignature } from '../macho/codesign.js';
import { readMachO } from '../macho/read.js';
import { oneLine } from './log.js';

export const TICKET_MAGIC = Buffer.from('s8ch', 'latin1');
/** Where stapler puts an .app's ticket, relative to the .app. */
export const BUNDLE_TICKET_PATH = 'Contents/CodeResources';
/** A ticket is a few KB; refuse anything past this. */
export const MAX_TICKET = 1 << 20;

const DIGESTS: Record<number, string> = { 1: 'sha1', 2: 'sha256', 3: 'sha256', 4: 'sha384' };

export interface TicketRecord {
  recordName: string;
  /** The 20-byte cdhash, hex. */
  cdhash: string;
  arch: string;
  executable: string;
}

/** The ticket record name of an .app: from the primary CodeDirectory of its main executable's first slice. */
export async function ticketRecord(app: string): Promise<TicketRecord> {
  const info = await readBundleInfo(app);
  const file = await readMachO(info.executablePath);
  const s = file.slices[0];
  const lc = s.header.codeSignature;
  if (!lc) throw new UserError(`${info.executablePath} (${s.arch}) is not signed; sign the .app before notarizing it`);
  const buf = Buffer.alloc(lc.datasize);
  const fh = await open(info.executablePath, 'r');
  try {
    await fh.read(buf, 0, lc.datasize, s.offset + lc.dataoff);
  } finally {
    await fh.close();
  }
  const cd = parseEmbeddedSignature(buf).codeDirectories.find((c) => c.slot === 0);
  if (!cd) throw new UserError(`${info.executablePath} (${s.arch}) has no CodeDirectory; sign the .app before notarizing it`);
  const algorithm = DIGESTS[cd.hashType];
  if (!algorithm) throw new UserError(`${info.executablePath} (${s.arch}): CodeDirectory hash type ${cd.hashType} is not one a ticket is issued for`);
  const cdhash = createHash(algorithm).update(cd.bytes).digest().subarray(0, 20).toString('hex');
  return { recordName: `2/${cd.hashType}/${cdhash}`, cdhash, arch: s.arch, executable: info.executablePath };
}

/** The lookup request body. */
export function ticketLookupBody(recordName: string): string {
  return JSON.stringify({ records: [{ recordName }] });
}

export type TicketAnswer = { ticket: Buffer } | { missing: string };

/** Reads the lookup answer for `recordName` (pure): the ticket bytes, or why there is none (safe to print). */
export function parseTicketLookup(body: Buffer, recordName: string): TicketAnswer {
  let j: unknown;
  try {
    j = JSON.parse(body.toString('utf8'));
  } catch {
    return { missing: 'the ticket service answered something that is not JSON' };
  }
  const records = (j as { records?: unknown }).records;
  if (!Array.isArray(records)) return { missing: 'the ticket service answered without records' };
  const rec = records.find(
    (r): r is Record<string, unknown> => typeof r === 'object' && r !== null && (r as { recordName?: unknown }).recordName === recordName,
  );
  if (!rec) return { missing: `the ticket service's answer has no record ${recordName}` };
  const field = (rec.fields as Record<string, { type?: unknown; value?: unknown }> | undefined)?.signedTicket;
  if (!field) {
    const code = typeof rec.serverErrorCode === 'string' ? rec.serverErrorCode : 'no ticket';
    const reason = typeof rec.reason === 'string' ? `: ${rec.reason}` : '';
    return { missing: oneLine(`${code}${reason}`, 200) };
  }
  if (field.type !== 'BYTES' || typeof field.value !== 'string') return { missing: 'the ticket record holds no BYTES signedTicket' };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(field.value) || field.value.length > (MAX_TICKET * 4) / 3 + 4)
    return { missing: 'the signedTicket is not base64 or too large' };
  const ticket = Buffer.from(field.value, 'base64');
  const problem = ticketProblem(ticket);
  return problem ? { missing: problem } : { ticket };
}

/** Why bytes are not a ticket, or undefined. */
export function ticketProblem(ticket: Buffer): string | undefined {
  if (ticket.length > MAX_TICKET) return `the ticket is ${ticket.length} bytes, over the ${MAX_TICKET}-byte limit`;
  if (ticket.length < 8 || !ticket.subarray(0, 4).equals(TICKET_MAGIC)) return 'the signedTicket is not a notarization ticket (no s8ch magic)';
  return undefined;
}

/**
 * Writes the ticket to <app>/Contents/CodeResources through a WriteRoot on the .app (a temp file
 * renamed into place: a link already there is replaced, never followed; Contents must be a real
 * folder), then reads it back through a ReadRoot and compares, and re-derives the record name from
 * the executable (the executable the ticket was issued for is the one in the bundle). Returns the
 * ticket's path.
 */
export async function stapleTicket(app: string, ticket: Buffer, record: TicketRecord): Promise<string> {
  const problem = ticketProblem(ticket);
  if (problem) throw new UserError(`stapling ${app}: ${problem}`);
  const root = await WriteRoot.create(app, 'the .app');
  const path = await root.write(BUNDLE_TICKET_PATH, ticket, { mode: 0o644 });
  const back = await (await ReadRoot.open(app, 'the .app')).read(BUNDLE_TICKET_PATH, 'the stapled ticket', { maxBytes: MAX_TICKET });
  if (!back.equals(ticket)) throw new UserError(`stapling ${app}: ${BUNDLE_TICKET_PATH} does not read back as the ticket written`);
  const again = await ticketRecord(app);
  if (again.recordName !== record.recordName)
    throw new UserError(`stapling ${app}: the main executable changed while it was notarized (cdhash ${again.cdhash}, the ticket is for ${record.cdhash})`);
  return path;
}
