import { resolve } from 'node:path';
import { Database } from '../db/Database.ts';
import { loadDirectory, type LoadProgress, type LoadSummary } from '../ingest/loadDirectory.ts';
import { inspectInputDirectory } from '../ingest/inspectInputDirectory.ts';
import { claimOrigin } from '../ingest/claimOrigin.ts';
import { originOfDirectory } from '../ingest/originOfDirectory.ts';
import { buildModels, type BuildResult } from '../analytics/buildModels.ts';
import { runRules, type ParameterOverrides, type RuleRunResult } from '../rules/runRules.ts';
import { checkParameterOverrides } from '../rules/checkParameterOverrides.ts';
import { rules as allRules } from '../rules/registry.ts';
import type { Rule } from '../rules/Rule.ts';
import { ensureResultTables } from '../results/ensureResultTables.ts';
import { buildResultViews } from '../results/buildResultViews.ts';
import { buildLeads, type LeadsOutcome } from '../leads/buildLeads.ts';
import { writeRunReport } from '../reports/writeRunReport.ts';
import { loadOcdsInput, type OcdsInputSummary } from '../ingest/ocds/loadOcdsInput.ts';
import { ocdsRecordsAsLoadSummary } from './ocdsRecordsAsLoadSummary.ts';

export interface ScanOptions {
  db: Database;
  /** A directory of `<type>.jsonl`; null scans what the database already holds (after `bidwatch ingest`). */
  input: string | null;
  /** `ocds`: `input` is an OCDS file or directory (docs/ocds-mapping.md); default the record contract. */
  format?: 'records' | 'ocds';
  /** Where the run's reports go (`<out>/<run id>/` and `<out>/latest/`); null writes none. */
  out: string | null;
  runId?: string;
  parameters?: ParameterOverrides;
  rules?: readonly Rule[];
  onLoadProgress?: (progress: LoadProgress) => void;
  /** Files in the input directory that are not read, and the like. */
  onLoadWarning?: (line: string) => void;
  onStage?: (stage: string, seconds: number) => void;
  onRule?: (result: RuleRunResult) => void;
  /**
   * DuckDB's memory_limit while the rules run (default BIDWATCH_RULES_MEMORY_LIMIT, else
   * RULES_MEMORY_LIMIT); null keeps the database's limit.
   */
  rulesMemoryLimit?: string | null;
  /**
   * DuckDB's memory_limit while the reports are written (default BIDWATCH_REPORT_MEMORY_LIMIT, else
   * REPORT_MEMORY_LIMIT); null keeps the database's limit.
   */
  reportMemoryLimit?: string | null;
}

/**
 * The rules stage is where a large scan's memory peaks since the reports were made compact
 * (reports/withCompactHeaps.ts): DuckDB's buffers fill its limit while a graph rule's JavaScript
 * (A5, A7) holds its own heap. Below the database's 2 GB, DuckDB spills sooner instead: on the 10M-bid
 * set the rules stage alone peaked at 3.10 GB instead of 3.78–3.85, for 312 against 283–291 CPU s
 * (one run each); on the 1M set the rules took the same time at either limit (docs/scale.md,
 * "The report stage's memory").
 */
export const RULES_MEMORY_LIMIT = '1.5GB';

/**
 * The report stage reads a few batches of leads and the narrowed context tables from DuckDB, while its JavaScript
 * (lead pages on worker threads, each with a heap of its own) is the largest it has been in the scan. Lowering the
 * limit for it makes DuckDB drop the buffers the rules left cached and give the memory back (Database.withMemoryLimit)
 * before the workers start: measured on the 10M-bid set in docs/scale.md.
 */
export const REPORT_MEMORY_LIMIT = '1GB';

export interface ScanSummary {
  runId: string;
  load: LoadSummary | null;
  /** Releases read, accepted, dead-lettered and what the mapping kept in `_extra` (format `ocds`). */
  ocds?: OcdsInputSummary;
  models: BuildResult;
  rules: RuleRunResult[];
  leads: LeadsOutcome;
  dataGaps: Record<string, number>;
  reportDirectory: string | null;
  seconds: Record<string, number>;
}

/** `run-20261122T013005123Z`: sortable, so "the previous scan" is the one before in order. */
export function newRunId(now = new Date()): string {
  return `run-${now.toISOString().replace(/[-:.]/g, '')}`;
}

/**
 * The nightly job: files → raw tables → models → rules → flags → leads → reports.
 * Each stage reads only what the stage before it wrote.
 */
export async function runScan(options: ScanOptions): Promise<ScanSummary> {
  const { db } = options;
  const runId = options.runId ?? newRunId();
  const seconds: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    seconds[stage] = (performance.now() - started) / 1000;
    options.onStage?.(stage, seconds[stage]!);
    return result;
  };

  // A misspelt parameter fails here, before a line is loaded (issue 11.5), not after the models.
  checkParameterOverrides(options.parameters ?? {}, options.rules ?? allRules, allRules);
  if (options.input) {
    // Refuse an input that cannot be loaded before the run is recorded (the loaders check again as they write).
    const ocdsInput = options.format === 'ocds';
    if (!ocdsInput) inspectInputDirectory(options.input);
    await claimOrigin(db, { origin: ocdsInput ? 'records' : originOfDirectory(options.input), source: resolve(options.input) }, 'check');
  }
  await ensureResultTables(db);
  await db.run(`insert into runs (run_id, started_at, input, parameters) values ($run_id, now(), $input, cast($parameters as json))`, {
    run_id: runId,
    input: options.input,
    parameters: JSON.stringify(options.parameters ?? {}),
  });
  const ocds = options.input && options.format === 'ocds' ? await timed('load', () => loadOcdsInput(db, options.input!)) : undefined;
  const load = ocds
    ? ocdsRecordsAsLoadSummary(ocds)
    : options.input
      ? await timed('load', () => loadDirectory(db, options.input!, { onProgress: options.onLoadProgress, onWarning: options.onLoadWarning }))
      : null;
  const models = await timed('models', () => buildModels(db));
  const runAll = () => runRules(db, runId, options.rules ?? allRules, options.parameters ?? {}, options.onRule);
  const ruleResults = await timed('rules', () => withStageMemoryLimit(db, options.rulesMemoryLimit, 'BIDWATCH_RULES_MEMORY_LIMIT', RULES_MEMORY_LIMIT, runAll));
  const leads = await timed('leads', () => buildLeads(db, runId));
  await timed('results', () => buildResultViews(db));
  const gapRows = await db.query<{ gap_kind: string; n: number }>('select gap_kind, count(*)::double as n from mart_data_gaps group by gap_kind order by gap_kind');
  const dataGaps = Object.fromEntries(gapRows.map((row) => [row.gap_kind, row.n]));

  const summary: ScanSummary = { runId, load, ...(ocds ? { ocds } : {}), models, rules: ruleResults, leads, dataGaps, reportDirectory: null, seconds };
  await db.run('update runs set finished_at = now(), summary = cast($summary as json) where run_id = $run_id', {
    run_id: runId,
    summary: JSON.stringify({ ...summary, models: { checks: models.checks, rows: Object.fromEntries(models.models.map((m) => [m.name, m.rows])) } }),
  });
  if (options.out) {
    const write = () => writeRunReport(db, runId, options.out!);
    summary.reportDirectory = await timed('reports', () => withStageMemoryLimit(db, options.reportMemoryLimit, 'BIDWATCH_REPORT_MEMORY_LIMIT', REPORT_MEMORY_LIMIT, write));
  }
  return summary;
}

/** Runs a stage under DuckDB's memory_limit as the caller's option, else the environment variable, else the default says (null: the database's own). */
function withStageMemoryLimit<T>(db: Database, option: string | null | undefined, variable: string, fallback: string, work: () => Promise<T>): Promise<T> {
  const limit = option === undefined ? (process.env[variable] ?? fallback) : option;
  return limit === null ? work() : db.withMemoryLimit(limit, work);
}
