/**
 * The notary service's log of a submission (the JSON at developerLogUrl): its status summary and
 * issues[] ({severity, code, path, message, docUrl, architecture}). Everything in it is untrusted
 * text: each finding becomes exactly one log line, control characters made visible and nothing
 * able to act as a workflow command (src/system/escape.ts), and lengths are capped.
 */
import { controlFree, logText } from '../system/escape.js';

export interface NotaryFinding {
  severity: string;
  message: string;
  path?: string;
  architecture?: string;
  docUrl?: string;
}

export interface NotaryLog {
  status?: string;
  statusSummary?: string;
  issues: NotaryFinding[];
}

/** Findings shown at most (the rest are counted). */
export const MAX_FINDINGS = 50;
const MAX_FIELD = 500;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** The log, read tolerantly: a field of the wrong type is left out, a body that is not JSON is undefined. */
export function parseNotaryLog(text: string): NotaryLog | undefined {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof j !== 'object' || j === null) return undefined;
  const o = j as Record<string, unknown>;
  const issues = Array.isArray(o.issues) ? o.issues : [];
  return {
    status: str(o.status),
    statusSummary: str(o.statusSummary),
    issues: issues
      .filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
      .map((x) => ({
        severity: str(x.severity) ?? 'issue',
        message: str(x.message) ?? '',
        path: str(x.path),
        architecture: str(x.architecture),
        docUrl: str(x.docUrl),
      })),
  };
}

/** Untrusted text as part of one log line: visible controls, newlines as spaces, capped. */
export function oneLine(text: string, max = MAX_FIELD): string {
  const flat = controlFree(text).replace(/\n+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}

/** One line per finding: `error: <path> (<arch>): <message> [<docUrl>]`, safe to print. */
export function findingLines(log: NotaryLog): string[] {
  const lines = log.issues.slice(0, MAX_FINDINGS).map((f) => {
    const where = f.path ? ` ${oneLine(f.path, 300)}${f.architecture ? ` (${oneLine(f.architecture, 40)})` : ''}` : '';
    const doc = f.docUrl ? ` [${oneLine(f.docUrl, 200)}]` : '';
    return logText(`${oneLine(f.severity, 20)}:${where}${where ? ':' : ''} ${oneLine(f.message)}${doc}`);
  });
  if (log.issues.length > MAX_FINDINGS) lines.push(`... and ${log.issues.length - MAX_FINDINGS} more issues in the log`);
  return lines;
}
