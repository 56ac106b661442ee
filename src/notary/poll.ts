/**
 * How long to wait between status checks (pure): exponential back-off from `initialDelayMs`,
 * multiplied by `factor` after each check and capped at `maxDelayMs`; a server's Retry-After
 * (429, 503) lengthens the next wait, never shortens it; the whole wait is bounded by
 * `maxWaitMs`, and the last sleep is cut to what is left of it, so a hostile Retry-After cannot
 * hold the run past its bound.
 */

export interface PollPolicy {
  /** First wait between checks (default 5 s). */
  initialDelayMs: number;
  /** Longest wait between checks (default 60 s). */
  maxDelayMs: number;
  /** Growth of the wait after each check (default 2). */
  factor: number;
  /** The whole wait for a verdict, from the upload on (default 30 minutes). */
  maxWaitMs: number;
}

export const DEFAULT_POLL: PollPolicy = { initialDelayMs: 5_000, maxDelayMs: 60_000, factor: 2, maxWaitMs: 30 * 60_000 };

/** The policy with defaults filled in and nonsense refused (a programming error, not a user's). */
export function pollPolicy(p: Partial<PollPolicy> = {}): PollPolicy {
  const out: PollPolicy = {
    initialDelayMs: p.initialDelayMs ?? DEFAULT_POLL.initialDelayMs,
    maxDelayMs: p.maxDelayMs ?? DEFAULT_POLL.maxDelayMs,
    factor: p.factor ?? DEFAULT_POLL.factor,
    maxWaitMs: p.maxWaitMs ?? DEFAULT_POLL.maxWaitMs,
  };
  if (!(out.initialDelayMs >= 0 && out.maxDelayMs >= out.initialDelayMs && out.factor >= 1 && out.maxWaitMs > 0))
    throw new Error(`internal: poll policy ${JSON.stringify(out)} is not increasing and bounded`);
  return out;
}

/** The back-off wait after `checks` checks so far (1 -> initialDelayMs). */
export function backoffMs(checks: number, p: PollPolicy): number {
  return Math.min(p.maxDelayMs, p.initialDelayMs * p.factor ** Math.max(0, checks - 1));
}

/** Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, nowMs: number): number | undefined {
  const v = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export type WaitDecision = { sleepMs: number } | { timedOut: true };

/** What to do after a check: sleep (the back-off or Retry-After, cut to the time left) or give up. */
export function nextWait(o: { checks: number; elapsedMs: number; retryAfterMs?: number; policy: PollPolicy }): WaitDecision {
  const left = o.policy.maxWaitMs - o.elapsedMs;
  if (left <= 0) return { timedOut: true };
  const want = Math.max(backoffMs(o.checks, o.policy), o.retryAfterMs ?? 0);
  return { sleepMs: Math.min(want, left) };
}

/** "30 minutes", "45 s", "150 ms": a duration as messages show it. */
export function showDuration(ms: number): string {
  if (ms >= 120_000) return `${Math.round(ms / 60_000)} minutes`;
  if (ms >= 1_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms)} ms`;
}
