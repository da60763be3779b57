import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { readLineBuffers } from './readLineBuffers.ts';
import type { Database } from '../db/Database.ts';
import { recordTypeNames, type RecordType } from '../db/recordSchemas.ts';
import { RecordLoader, addOutcome, emptyOutcome, type BatchOutcome, type PreparedBatch } from './RecordLoader.ts';
import { MAX_RECORD_BYTES, type IncomingRecord } from './validateRecord.ts';
import { describeUnknown, inspectInputDirectory } from './inspectInputDirectory.ts';
import { claimOrigin } from './claimOrigin.ts';
import { originOfDirectory } from './originOfDirectory.ts';
import { loadFileWithSql } from './sql/loadFileWithSql.ts';
import { SqlRecordLoader } from './sql/SqlRecordLoader.ts';
import { withRawWriteSettings } from './sql/withRawWriteSettings.ts';

export interface LoadProgress {
  type: RecordType;
  bytesRead: number;
  bytesTotal: number;
  linesRead: number;
}

export interface LoadDirectoryOptions {
  /** Lines per batch (one appender flush and one transaction each). */
  batchSize?: number;
  onProgress?: (progress: LoadProgress) => void;
  /** Things worth a line on stderr that do not stop the load (files in the directory that are not read). */
  onWarning?: (line: string) => void;
  /** `sql` (default; BIDWATCH_LOADER=js switches): DuckDB parses and checks (ingest/sql/); `js`: validateRecord reads every line. */
  loader?: 'sql' | 'js';
}

export type LoadSummary = Record<RecordType, BatchOutcome & { file: string | null }>;

/**
 * Loads a directory of `<type>.jsonl` files (the embedded default, no broker) in the contract's
 * order. A missing file means no records of that type. Bad lines go to the dead letters with
 * `file:line`; the load always continues.
 *
 * Before anything is written it checks that there is something to load (else an InputError that
 * names what it found) and that the directory's origin (generated demo or real records) matches
 * what the database holds (claimOrigin.ts). Files it does not read are reported to `onWarning`.
 *
 * @example
 * const summary = await loadDirectory(db, 'data/demo');
 * console.log(summary.bids.accepted, summary.bids.deadLettered);
 */
export async function loadDirectory(db: Database, directory: string, options: LoadDirectoryOptions = {}): Promise<LoadSummary> {
  const input = inspectInputDirectory(directory);
  await claimOrigin(db, { origin: originOfDirectory(directory), source: resolve(directory) });
  if (input.unknown.length > 0) {
    options.onWarning?.(`not read from ${directory}: ${describeUnknown(input.unknown)} (only <type>.jsonl files are loaded)`);
  }
  return withRawWriteSettings(db, () => loadFiles(db, input.files, options));
}

async function loadFiles(db: Database, files: Record<RecordType, string | null>, options: LoadDirectoryOptions): Promise<LoadSummary> {
  const batchSize = options.batchSize ?? 50_000;
  const loader = await RecordLoader.create(db);
  const sqlLoader = (options.loader ?? (process.env.BIDWATCH_LOADER === 'js' ? 'js' : 'sql')) === 'sql' ? await SqlRecordLoader.create(db) : null;
  const summary = {} as LoadSummary;
  for (const type of recordTypeNames) {
    const path = files[type];
    const fileName = path ? basename(path) : `${type}.jsonl`;
    const total = { ...emptyOutcome(), file: path };
    summary[type] = total;
    if (!path) continue;
    if (sqlLoader) {
      const onProgress = options.onProgress && ((p: { bytesRead: number; bytesTotal: number; linesRead: number }) => options.onProgress!({ type, ...p }));
      addOutcome(total, await loadFileWithSql(db, sqlLoader, type, path, fileName, { batchSize: options.batchSize, onProgress }));
      continue;
    }

    const bytesTotal = statSync(path).size;
    let batch: IncomingRecord[] = [];
    let lineNumber = 0;
    let bytesRead = 0;
    // While DuckDB merges one batch (on its own threads), the next one is read and validated.
    let merging: Promise<void> = Promise.resolve();
    let mergeFailure: unknown = null;
    const flush = async () => {
      if (batch.length === 0) return;
      const prepared: PreparedBatch = loader.prepare(type, batch);
      batch = [];
      await merging;
      if (mergeFailure) throw mergeFailure;
      const progress = { type, bytesRead, bytesTotal, linesRead: lineNumber };
      merging = loader.commit(prepared).then(
        (outcome) => {
          addOutcome(total, outcome);
          options.onProgress?.(progress);
        },
        (error: unknown) => {
          mergeFailure = error;
        },
      );
    };
    // A line longer than any record is cut while read (and rejected as too large), so a file
    // without line breaks cannot take the memory.
    for await (const { line, bytes, size } of readLineBuffers(path, MAX_RECORD_BYTES + 1)) {
      lineNumber = line;
      bytesRead += size + 1;
      batch.push({ raw: bytes, source: `${fileName}:${line}`, ...(size > bytes.length ? { size } : {}) });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await merging;
    if (mergeFailure) throw mergeFailure;
  }
  return summary;
}
