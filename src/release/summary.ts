/**
 * The run summary: ONE table (target, file, size, build time, then one column per cache layer),
 * headed by the Go and Fyne versions; under it, when there are any, the inputs this job does not
 * use ("Not used by this job": a matrix's shared `with:` block) and the run's warnings (a requested
 * package that could not be made says why). Markdown for the job summary, aligned plain text for the CLI.
 * Pure: data in, string out. Every cell and version may come from an untrusted source (a file
 * name from the repository, a job name and hash from another job's manifest): the markdown
 * escapes each (src/system/escape.ts markdownText: no HTML, links, code spans or table breaks),
 * the text makes control characters visible and keeps each cell on one line.
 */
import { basename } from 'node:path';
import type { Artifact } from '../artifacts/registry.js';
import { controlFree, markdownText } from '../system/escape.js';
import { DASH, humanDuration, humanSize } from '../system/format.js';

/** skipped: the layer was neither restored nor saved (a GOCACHE of the user's beside the CLI's local store). */
export type CacheResult = 'hit' | 'prefix' | 'miss' | 'skipped';

/** One cache layer's result; it applies to every row. */
export interface CacheLayerResult {
  /** Layer name as shown in the column header: 'modules', 'build'. */
  layer: string;
  result: CacheResult;
}

export interface SummaryRow {
  target: string;
  /** File name as released (relative to the output directory). */
  file: string;
  /** Bytes. */
  size: number;
  buildMs?: number;
  /** Fan-in: the job that made the file, and its sha256 (rows with a job make the fan-in table). */
  job?: string;
  sha256?: string;
}

export interface SummaryData {
  goVersion: string;
  /** fyne.io/fyne/v2 version the app builds with; omitted or '' when unknown / not a Fyne app. */
  fyneVersion?: string;
  /** Version of the release (file names), if any. */
  releaseVersion?: string;
  rows: SummaryRow[];
  cache: CacheLayerResult[];
  /** Replaces the versions line (e.g. a fan-in, which installs no Go): "Word rest" parts. */
  lead?: string[];
  /** The notices of the run, one line each (`<input>: <why this job does not use it>`): listed as "Not used by this job". */
  notices?: string[];
  /** The warnings of the run, one line each. */
  warnings?: string[];
}

/** What a Runtime told the user during the run, for the summary (src/runtime/*). */
export interface Told {
  notices: string[];
  warnings: string[];
}

/** `data` with the run's notices and warnings, unless it carries its own; each line once, in the order told. */
export function withTold(data: SummaryData, told: Told): SummaryData {
  return { ...data, notices: [...new Set(data.notices ?? told.notices)], warnings: [...new Set(data.warnings ?? told.warnings)] };
}

/** The lists under the table: a heading and its lines, for each that has any. */
function lists(data: SummaryData): { heading: string; items: string[] }[] {
  return [
    { heading: 'Not used by this job', items: data.notices ?? [] },
    { heading: 'Warnings', items: data.warnings ?? [] },
  ].filter((l) => l.items.length > 0);
}

/** A list item's text: escaped, and a leading character that would start a block (heading, quote, list) shown as itself. */
function mdItem(text: string): string {
  return markdownText(text)
    .replace(/^([#>+\-=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Layer names in first-seen order. */
function layers(data: SummaryData): string[] {
  return [...new Set(data.cache.map((c) => c.layer))];
}

function cacheCell(data: SummaryData, layer: string): string {
  return data.cache.find((c) => c.layer === layer)?.result ?? DASH;
}

/** The table as header + rows of cells (shared by both renderers). */
function summaryTable(data: SummaryData): { header: string[]; rows: string[][] } {
  if (data.rows.some((r) => r.job !== undefined)) {
    return {
      header: ['Target', 'File', 'Size', 'Job', 'SHA-256'],
      rows: data.rows.map((r) => [r.target || DASH, r.file, humanSize(r.size), r.job ?? DASH, r.sha256 ?? DASH]),
    };
  }
  const ls = layers(data);
  const header = ['Target', 'File', 'Size', 'Build time', ...ls.map((l) => `Cache: ${l}`)];
  const rows = data.rows.map((r) => [r.target || DASH, r.file, humanSize(r.size), humanDuration(r.buildMs), ...ls.map((l) => cacheCell(data, l))]);
  if (rows.length === 0 && ls.length > 0) rows.push([DASH, DASH, DASH, DASH, ...ls.map((l) => cacheCell(data, l))]);
  return { header, rows };
}

function versionsLine(data: SummaryData): string[] {
  if (data.lead) return data.lead;
  const parts = [`Go ${data.goVersion || 'unknown'}`, `Fyne ${data.fyneVersion || 'not used'}`];
  if (data.releaseVersion) parts.push(`release ${data.releaseVersion}`);
  return parts;
}

const rightAligned = (header: string): boolean => header === 'Size' || header === 'Build time';

const mdCell = markdownText;

export function renderSummaryMarkdown(data: SummaryData): string {
  const { header, rows } = summaryTable(data);
  const lines = [
    '### go-fyne-action',
    '',
    versionsLine(data)
      .map((p) => `**${mdCell(p.replace(/ .*/, ''))}** ${mdCell(p.replace(/^\S+ /, ''))}`)
      .join(' · '),
    '',
    `| ${header.map(mdCell).join(' | ')} |`,
    `| ${header.map((h) => (rightAligned(h) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
    '',
  ];
  for (const l of lists(data)) lines.push(`**${l.heading}**`, '', ...l.items.map((i) => `- ${mdItem(i)}`), '');
  return lines.join('\n');
}

export function renderSummaryText(data: SummaryData): string {
  const { header, rows } = summaryTable(data);
  const text = (s: string): string => controlFree(s).replace(/\n+/g, ' ').replace(DASH, '-');
  const all = [header, ...rows].map((r) => r.map(text));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const fmt = (r: string[]): string =>
    r
      .map((c, i) => (rightAligned(header[i]) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const below = lists(data).flatMap((l) => ['', `${l.heading}:`, ...l.items.map((i) => `  - ${text(i)}`)]);
  return [versionsLine(data).join(', '), '', fmt(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(fmt), ...below, ''].join('\n');
}

/** Rows for the released files: every artifact but the checksum file, file names only. */
export function rowsFromArtifacts(artifacts: Artifact[]): SummaryRow[] {
  return artifacts
    .filter((a) => a.kind !== 'checksums')
    .map((a) => {
      const row: SummaryRow = {
        target: a.target,
        file: `${a.name || basename(a.path)}${a.signed ? ` (signed: ${a.signed}${a.notarized ? ', notarized' : ''})` : ''}`,
        size: a.size,
      };
      if (a.buildMs !== undefined) row.buildMs = a.buildMs;
      return row;
    });
}
