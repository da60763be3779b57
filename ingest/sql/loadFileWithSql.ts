import { isUtf8 } from 'node:buffer';
import { statSync } from 'node:fs';
import type { Database } from '../../db/Database.ts';
import type { RecordType } from '../../db/recordSchemas.ts';
import { addOutcome, emptyOutcome, type BatchOutcome } from '../RecordLoader.ts';
import { readLineBuffers } from '../readLineBuffers.ts';
import { MAX_RECORD_BYTES } from '../validateRecord.ts';
import { scanLineLayout } from './scanLineLayout.ts';
import { removeOrphanedSpoolFiles, spoolDirectory } from './spool.ts';
import { writeLinePieces } from './writeLinePieces.ts';
import type { JavaScriptLine, SqlLine, SqlRecordLoader } from './SqlRecordLoader.ts';

export interface SqlFileProgress {
  bytesRead: number;
  bytesTotal: number;
  linesRead: number;
}

export interface LoadFileWithSqlOptions {
  /** Lines per SQL batch (one transaction each). Default 1,000,000 for a plain file, 500,000 read line by line. */
  batchSize?: number;
  /**
   * A plain file larger than this is read by DuckDB one piece of `batchSize` lines at a time
   * (writeLinePieces.ts), so no statement works on more than DuckDB's memory holds. Default 1 GiB:
   * half of DuckDB's default memory limit here (db/Database.ts), for the text and its staged
   * columns. Smaller files are read whole: cutting costs a copy of the file (~1 CPU s per GB).
   */
  piecesFromBytes?: number;
  onProgress?: (progress: SqlFileProgress) => void;
}

const BOM = [0xef, 0xbb, 0xbf];
const PIECES_FROM_BYTES = 1 << 30;

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
  const batchSize = options.batchSize ?? 1_000_000;
  if (layout.plain && layout.bytes > (options.piecesFromBytes ?? PIECES_FROM_BYTES) && layout.lines > batchSize) {
    return loadInPieces(loader, type, path, fileName, layout.bytes, batchSize, options);
  }
  if (layout.plain) {
    const onChunk = chunkProgress(options, { bytesBefore: 0, bytes: layout.bytes, linesBefore: 0 }, layout.bytes);
    const outcome = await loader.loadFile(type, path, fileName, layout, batchSize, onChunk);
    if (outcome) return outcome;
  }
  // Lines held in JavaScript: a smaller batch.
  return loadLineByLine(loader, type, path, fileName, options.batchSize ?? 500_000, options);
}

/**
 * A large plain file, one piece at a time: each piece is loaded like a file of its own, its
 * lines numbered from the whole file's start. A piece DuckDB cannot read goes line by line, as
 * a file would.
 */
async function loadInPieces(
  loader: SqlRecordLoader,
  type: RecordType,
  path: string,
  fileName: string,
  bytesTotal: number,
  batchSize: number,
  options: LoadFileWithSqlOptions,
): Promise<BatchOutcome> {
  const total = emptyOutcome();
  const spool = spoolDirectory();
  // Pieces a killed load left behind (in /dev/shm they hold memory until the next boot).
  await removeOrphanedSpoolFiles(spool);
  for await (const piece of writeLinePieces(path, batchSize, spool)) {
    const onChunk = chunkProgress(options, { bytesBefore: piece.bytesBefore, bytes: piece.bytes, linesBefore: piece.firstLine - 1 }, bytesTotal);
    const outcome =
      (await loader.loadFile(type, piece.path, fileName, piece, batchSize, onChunk, piece.firstLine - 1)) ??
      (await loadLineByLine(loader, type, piece.path, fileName, options.batchSize ?? 500_000, options, { linesBefore: piece.firstLine - 1, bytesBefore: piece.bytesBefore, bytesTotal }));
    addOutcome(total, outcome);
  }
  return total;
}

/**
 * The progress of a file read by DuckDB, chunk by chunk: the lines of `part` (the whole file, or
 * one piece of it) done so far, as bytes and lines of the whole file (bytes estimated in proportion).
 */
function chunkProgress(
  options: LoadFileWithSqlOptions,
  part: { bytesBefore: number; bytes: number; linesBefore: number },
  bytesTotal: number,
): (chunk: { linesDone: number; lines: number }) => void {
  return ({ linesDone, lines }) => options.onProgress?.({
    bytesRead: part.bytesBefore + Math.round((part.bytes * linesDone) / lines),
    bytesTotal,
    linesRead: part.linesBefore + linesDone,
  });
}

async function loadLineByLine(
  loader: SqlRecordLoader,
  type: RecordType,
  path: string,
  fileName: string,
  batchSize: number,
  options: LoadFileWithSqlOptions,
  /** When `path` is a piece of the file: the lines and bytes before it, and the file's size. */
  piece: { linesBefore: number; bytesBefore: number; bytesTotal: number } = { linesBefore: 0, bytesBefore: 0, bytesTotal: statSync(path).size },
): Promise<BatchOutcome> {
  const total = emptyOutcome();
  const { linesBefore, bytesTotal } = piece;
  let lines: SqlLine[] = [];
  let javaScriptLines: JavaScriptLine[] = [];
  let bytesRead = piece.bytesBefore;
  let linesRead = linesBefore;
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
  for await (const { line: lineInFile, bytes, size } of readLineBuffers(path, MAX_RECORD_BYTES + 1)) {
    const line = linesBefore + lineInFile;
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
