/**
 * The run report (input `report`, CLI `--report FILE`): one JSON file describing the run for
 * machines (benches, dashboards, a later workflow step): the stages with their timings and skip
 * reasons, each target's build, the Go install, the cache layers' restore and save, the prune,
 * and the artifacts. Written at the end of the main step (success or failure), then completed by
 * the post step (the end of a CLI run) with the cache save. The numbers come from the stages'
 * own result structures, never from log lines. Pure builders, and a thin reader and writer.
 */
import { realpathSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { ArtifactJSON } from './artifacts/registry.js';
import { layerOutcome, type CacheState, type LayerName, type LayerOutcome, type SaveReport } from './cache/layers.js';
import type { TargetResult } from './context.js';
import { readCapped, within, WriteRoot } from './system/confine.js';
import type { ToolchainSource } from './toolchain/index.js';

export const REPORT_SCHEMA = 'go-fyne-action/report@1';

export interface StageReport {
  /** The stage's log group title: 'Install Go', 'Plan builds', 'Restore caches', 'Build', ... */
  name: string;
  status: 'ran' | 'skipped' | 'failed';
  /** Why it skipped, or the error it failed with. */
  reason?: string;
  durationMs: number;
}

export interface LayerReport {
  name: LayerName;
  key: string;
  /** skipped: neither restored nor saved this run, for `reason` (a GOCACHE of the user's beside the CLI's local store). */
  restore: { result: LayerOutcome; reason?: string; matchedKey?: string; bytes?: number; ms?: number };
  /** Added by the post step (the end of a CLI run). */
  save?: { status: SaveReport['action']; reason?: string; bytes?: number; ms?: number };
}

export interface PruneReport {
  /** false: GOCACHE is not this run's to prune (a GOCACHE the user set): nothing removed, every entry kept. */
  pruned: boolean;
  removedEntries: number;
  removedBytes: number;
  keptEntries: number;
  /** Entries this run compiled (what made the build layer worth saving). */
  newEntries?: number;
}

export interface RunReport {
  schema: typeof REPORT_SCHEMA;
  door: 'github' | 'cli';
  /** ISO 8601. */
  startedAt: string;
  /** The main step, from the start to the report (the post step's save is not counted). */
  durationMs: number;
  outcome: 'success' | 'failure';
  error?: string;
  /** Absent when no Go was installed (a fan-in, or a run that failed before). */
  go?: { version: string; source: ToolchainSource; installMs: number };
  /** The Fyne version in go.mod, or 'none'; absent when the run did not get as far as reading it. */
  fyneVersion?: string;
  stages: StageReport[];
  targets: TargetResult[];
  cache: { layers: LayerReport[]; prune?: PruneReport };
  /** The same objects as the `artifacts` output. */
  artifacts: ArtifactJSON[];
}

/** What the main step knows at its end. */
export interface RunFacts {
  door: RunReport['door'];
  startedAt: Date;
  endedAt: Date;
  /** The error the run failed with; undefined when it succeeded. */
  error?: string;
  go?: RunReport['go'];
  fyneVersion?: string;
  stages: StageReport[];
  targets: TargetResult[];
  cache?: CacheState;
  artifacts: ArtifactJSON[];
}

/** Pure: the report of the main step. */
export function buildReport(f: RunFacts): RunReport {
  return {
    schema: REPORT_SCHEMA,
    door: f.door,
    startedAt: f.startedAt.toISOString(),
    durationMs: f.endedAt.getTime() - f.startedAt.getTime(),
    outcome: f.error === undefined ? 'success' : 'failure',
    ...(f.error === undefined ? {} : { error: f.error }),
    ...(f.go ? { go: f.go } : {}),
    ...(f.fyneVersion === undefined ? {} : { fyneVersion: f.fyneVersion }),
    stages: f.stages.map((s) => ({ ...s })),
    targets: f.targets.map((t) => ({ ...t })),
    cache: {
      layers: (f.cache?.layers ?? []).map((l) => ({
        name: l.name,
        key: l.key,
        restore: {
          result: layerOutcome(l),
          ...(l.skipped !== undefined ? { reason: l.skipped } : {}),
          ...(l.matchedKey ? { matchedKey: l.matchedKey } : {}),
          bytes: l.sizeBytes,
          ms: l.ms,
        },
      })),
    },
    artifacts: f.artifacts.map((a) => ({ ...a })),
  };
}

/** Pure: the report with the post step's cache save (and the build layer's prune) added. */
export function withCacheSave(report: RunReport, saves: SaveReport[]): RunReport {
  const layers = report.cache.layers.map((l) => {
    const s = saves.find((x) => x.name === l.name);
    if (!s) return l;
    return { ...l, save: { status: s.action, ...(s.reason ? { reason: s.reason } : {}), bytes: s.sizeBytes, ms: s.ms } };
  });
  const p = saves.find((x) => x.prune)?.prune;
  return { ...report, cache: { ...report.cache, layers, ...(p ? { prune: { ...p } } : {}) } };
}

/** A report is far smaller than this; a larger file at its name is not one. */
const REPORT_CAP = 16 << 20;

/**
 * Writes the report through a WriteRoot on `workspace` (default: the report's folder): its
 * folders are made one level at a time and never through a link, the file is written beside its
 * name and renamed into place (a link at the name is replaced, never followed; a reader never
 * sees half a file). The config check (src/config.ts) has already refused an existing file that
 * is not an earlier report of ours.
 */
export async function writeReport(path: string, report: RunReport, workspace?: string): Promise<void> {
  const inWs = workspace !== undefined && within(workspace, dirname(path));
  const base = inWs ? workspace : dirname(path);
  const root = await WriteRoot.create(inWs ? realpathSync(base) : base, 'report');
  await root.write(relative(base, path), JSON.stringify(report, null, 2) + '\n', { mode: 0o644 });
}

/** Reads a report back (the post step), refusing a file that is not one (or a link, or one too large). */
export async function readReport(path: string): Promise<RunReport> {
  const r = JSON.parse((await readCapped(path, `report ${path}`, REPORT_CAP)).toString('utf8')) as Partial<RunReport>;
  if (r.schema !== REPORT_SCHEMA) throw new Error(`${path} is not a ${REPORT_SCHEMA} run report`);
  return r as RunReport;
}
