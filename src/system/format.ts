/**
 * Sizes and durations as people read them, the one copy of each. Two sizes: `humanSize` for the
 * summary table (three figures, bytes below 1 KiB), `logSize` for log lines (fixed decimals per
 * unit: 0 for KiB, 1 for MiB, 2 for GiB; scripts/bench reads these). Pure.
 */

/** What a table shows where there is no value. */
export const DASH = '—';

/** 900 B, 1.5 KiB, 11.8 MiB, 150 MiB, 2.0 GiB. */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** 12 KiB, 901.6 MiB, 1.25 GiB (never bytes: below 1 KiB is `0 KiB`). */
export function logSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

/** Milliseconds as seconds with one decimal: `10.5 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** 450 ms, 12.3 s, 1m 23s; an unknown or invalid duration is a dash. */
export function humanDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return seconds(ms);
  const s = ms / 1000;
  const m = Math.floor(s / 60);
  return `${m}m ${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}
