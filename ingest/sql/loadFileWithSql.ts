import { isUtf8 } from 'node:buffer';
import { statSync } from 'node:fs';
import type { Database } from '../../db/Database.ts';
import type { RecordType } from '../../db/recordSchemas.ts';
import { addOutcome, emptyOutcome, type BatchOutcome } from '../RecordLoader.ts';
import { readLineBuffers } from '../readLineBuffers.ts';
import { MAX_RECORD_BYTES } from '../validateRecord.ts';
import { scanLineLayout } from './scanLineLayout.ts';
import type { JavaScriptLine, SqlLine, SqlRecordLoader } from './SqlRecordLoader.ts';

export interface SqlFileProgress {
  bytesRead: number;
  bytesTotal: number;
  linesRead: number;
}

export interface LoadFileWithSqlOptions {
  /** Lines per SQL batch (one transaction each). Default 1,000,000 for a plain file, 500,000 read line by line. */
  batchSize?: number;
  onProgress?: (progress: SqlFileProgress) => void;
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Loads one `<type>.jsonl` file through the SQL loader. A plain file (scanLineLayout.ts) is read,
 * parsed and checked by DuckDB in one parallel statement (SqlRecordLoader.loadFile), never
 * touching JavaScript but for the lines SQL does not accept; any other file is split into lines by
 * readLineBuffers as before and the text handed to the same SQL. Either way each line keeps its
 * `file:line` and its exact text.
 *
 * @example
 * const outcome = await loadFileWithSql(db, loader, 'bids', 'data/demo/bids.jsonl', 'bids.jsonl');
 */
export async function loadFileWithSql(
  _db: Database,
  loader: SqlRecordLoader,
  type: RecordType,
  path: string,
  fileName: string,
  options: LoadFileWithSqlOptions = {},
): Promise<BatchOutcome> {
  const layout = await scanLineLayout(path, MAX_RECORD_BYTES);
  if (layout.plain) {
    const onChunk = ({ linesDone, lines }: { linesDone: number; lines: number }) =>
      options.onProgress?.({ bytesRead: Math.round((layout.bytes * linesDone) / lines), bytesTotal: layout.bytes, linesRead: linesDone });
    const outcome = await loader.loadFile(type, path, fileName, layout, options.batchSize ?? 1_000_000, onChunk);
    if (outcome) return outcome;
  }
  // Lines held in JavaScript: a smaller batch.
  return loadLineByLine(loader, type, path, fileName, options.batchSize ?? 500_000, options);
}

async function loadLineByLine(
  loader: SqlRecordLoader,
  type: RecordType,
  path: string,
  fileName: string,
  batchSize: number,
  options: LoadFileWithSqlOptions,
): Promise<BatchOutcome> {
  const total = emptyOutcome();
  const bytesTotal = statSync(path).size;
  let lines: SqlLine[] = [];
  let javaScriptLines: JavaScriptLine[] = [];
  let bytesRead = 0;
  let linesRead = 0;
  const flush = async () => {
    const read = lines.length + javaScriptLines.length;
    if (read === 0) return;
    await loader.clearLines();
    await loader.appendLines(lines);
    addOutcome(total, await loader.loadLines(type, read, javaScriptLines));
    lines = [];
    javaScriptLines = [];
    options.onProgress?.({ bytesRead, bytesTotal, linesRead });
  };
  // A line longer than any record is cut while read (readLineBuffers keeps its full size), as in loadDirectory.
  for await (const { line, bytes, size } of readLineBuffers(path, MAX_RECORD_BYTES + 1)) {
    linesRead = line;
    bytesRead += size + 1;
    const source = `${fileName}:${line}`;
    // Bytes that are not UTF-8, or start with a BOM (which the decoder drops), or were cut, stay bytes for validateRecord.
    if (size > MAX_RECORD_BYTES || !isUtf8(bytes) || BOM.every((b, i) => bytes[i] === b)) {
      javaScriptLines.push({ seq: line, item: { raw: bytes, source, ...(size > bytes.length ? { size } : {}) } });
    } else {
      lines.push({ seq: line, source, raw: bytes.toString('utf8') });
    }
    if (lines.length + javaScriptLines.length >= batchSize) await flush();
  }
  await flush();
  return total;
}
