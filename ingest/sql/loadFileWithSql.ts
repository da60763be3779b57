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
  /** Lines per SQL batch (one transaction each). Default 500,000. */
  batchSize?: number;
  onProgress?: (progress: SqlFileProgress) => void;
}

const FILE_LINES_TABLE = 'sql_file_lines';
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Loads one `<type>.jsonl` file through the SQL loader. A plain file (scanLineLayout.ts) is read
 * by DuckDB's CSV reader as one text column numbered by `with ordinality`, in parallel, never
 * touching JavaScript; any other file is split into lines by readLineBuffers as before and the
 * text handed to the same SQL. Either way each line keeps its `file:line` and its exact text.
 *
 * @example
 * const outcome = await loadFileWithSql(db, loader, 'bids', 'data/demo/bids.jsonl', 'bids.jsonl');
 */
export async function loadFileWithSql(
  db: Database,
  loader: SqlRecordLoader,
  type: RecordType,
  path: string,
  fileName: string,
  options: LoadFileWithSqlOptions = {},
): Promise<BatchOutcome> {
  const batchSize = options.batchSize ?? 500_000;
  const layout = await scanLineLayout(path, MAX_RECORD_BYTES);
  if (layout.plain && (await readPlainFile(db, path, layout.lines))) {
    const total = emptyOutcome();
    try {
      for (let from = 0; from < layout.lines; from += batchSize) {
        const to = Math.min(from + batchSize, layout.lines);
        await loader.clearLines();
        await db.run(
          `insert into ${loader.linesTable}
           select line_no, $file || ':' || line_no, raw, null, false from ${FILE_LINES_TABLE}
           where line_no > $from and line_no <= $to`,
          { file: fileName, from, to },
        );
        addOutcome(total, await loader.loadLines(type, to - from, []));
        options.onProgress?.({ bytesRead: Math.round((layout.bytes * to) / layout.lines), bytesTotal: layout.bytes, linesRead: to });
      }
    } finally {
      await db.run(`drop table if exists ${FILE_LINES_TABLE}`);
    }
    return total;
  }
  return loadLineByLine(loader, type, path, fileName, batchSize, options);
}

/** Reads the whole file into the numbered lines table; false (and nothing kept) when DuckDB's count differs. */
async function readPlainFile(db: Database, path: string, expectedLines: number): Promise<boolean> {
  try {
    await db.run(
      `create or replace temp table ${FILE_LINES_TABLE} as
       select ordinality::integer as line_no, raw
       from read_csv($path, columns = {'raw': 'VARCHAR'}, delim = '\x01', quote = '', escape = '', header = false,
                     auto_detect = false, new_line = '\\n', strict_mode = false, max_line_size = ${MAX_RECORD_BYTES * 2 + 16})
            with ordinality`,
      { path },
    );
  } catch {
    await db.run(`drop table if exists ${FILE_LINES_TABLE}`);
    return false;
  }
  const [row] = await db.query<{ n: number }>(`select count(*)::integer as n from ${FILE_LINES_TABLE}`);
  if (row?.n === expectedLines) return true;
  await db.run(`drop table if exists ${FILE_LINES_TABLE}`);
  return false;
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
