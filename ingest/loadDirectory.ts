import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Database } from './Database.ts';
import { recordTypeNames, type RecordType } from './recordSchemas.ts';
import { RecordLoader, addOutcome, emptyOutcome, type BatchOutcome } from './RecordLoader.ts';
import type { IncomingRecord } from './validateRecord.ts';

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
}

export type LoadSummary = Record<RecordType, BatchOutcome & { file: string | null }>;

/**
 * Loads a directory of `<type>.jsonl` files (the embedded default, no broker) in the contract's
 * order. A missing file means no records of that type. Bad lines go to the dead letters with
 * `file:line`; the load always continues.
 *
 * @example
 * const summary = await loadDirectory(db, 'data/demo');
 * console.log(summary.bids.accepted, summary.bids.deadLettered);
 */
export async function loadDirectory(db: Database, directory: string, options: LoadDirectoryOptions = {}): Promise<LoadSummary> {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new Error(`input directory not found: ${directory}`);
  }
  const batchSize = options.batchSize ?? 50_000;
  const loader = await RecordLoader.create(db);
  const summary = {} as LoadSummary;
  for (const type of recordTypeNames) {
    const fileName = `${type}.jsonl`;
    const path = join(directory, fileName);
    const total = { ...emptyOutcome(), file: existsSync(path) ? path : null };
    summary[type] = total;
    if (!total.file) continue;

    const bytesTotal = statSync(path).size;
    const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let batch: IncomingRecord[] = [];
    let lineNumber = 0;
    let bytesRead = 0;
    const flush = async () => {
      addOutcome(total, await loader.loadBatch(type, batch));
      batch = [];
      options.onProgress?.({ type, bytesRead, bytesTotal, linesRead: lineNumber });
    };
    for await (const line of lines) {
      lineNumber += 1;
      bytesRead += Buffer.byteLength(line) + 1;
      batch.push({ raw: line, source: `${fileName}:${lineNumber}` });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  }
  return summary;
}
