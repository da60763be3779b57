import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { readLineBuffers } from './readLineBuffers.ts';
import type { Database } from '../db/Database.ts';
import { settleAll } from '../db/settleAll.ts';
import { recordTypeNames, type RecordType } from '../db/recordSchemas.ts';
import { RecordLoader, addOutcome, emptyOutcome, type BatchOutcome, type PreparedBatch } from './RecordLoader.ts';
import { MAX_RECORD_BYTES, type IncomingRecord } from './validateRecord.ts';
import { describeUnknown, inspectInputDirectory } from './inspectInputDirectory.ts';
import { claimOrigin } from './claimOrigin.ts';
import { originOfDirectory } from './originOfDirectory.ts';
import { loadFileWithSql, type LoadFileWithSqlOptions, type SqlFileProgress } from './sql/loadFileWithSql.ts';
import { SqlRecordLoader } from './sql/SqlRecordLoader.ts';
import { withRawWriteSettings } from './sql/withRawWriteSettings.ts';

/** One file's progress (bytesRead, bytesTotal, linesRead), its type, and the totals over all files. */
export interface LoadProgress extends SqlFileProgress {
  type: RecordType;
  /** Bytes read so far of all the files the load reads (files load two at a time with the SQL loader). */
  allBytesRead: number;
  allBytesTotal: number;
}

export interface LoadDirectoryOptions {
  /** Lines per batch (one appender flush and one transaction each). */
  batchSize?: number;
  onProgress?: (progress: LoadProgress) => void;
  /** Things worth a line on stderr that do not stop the load (files in the directory that are not read). */
  onWarning?: (line: string) => void;
  /** `sql` (default; BIDWATCH_LOADER=js switches): DuckDB parses and checks (ingest/sql/); `js`: validateRecord reads every line. */
  loader?: 'sql' | 'js';
  /** SQL loader: files larger than this are read in pieces of `batchSize` lines (LoadFileWithSqlOptions). */
  piecesFromBytes?: number;
}

/** Where one file's load stands, with its type (loadFiles adds the totals over all files). */
type FileProgressSink = (type: RecordType, progress: SqlFileProgress) => void;

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
  const summary = {} as LoadSummary;
  for (const type of recordTypeNames) summary[type] = { ...emptyOutcome(), file: files[type] };
  const present = recordTypeNames.filter((type) => files[type] !== null);
  const bytesOf = Object.fromEntries(present.map((type) => [type, statSync(files[type]!).size])) as Record<RecordType, number>;
  const allBytesTotal = present.reduce((sum, type) => sum + bytesOf[type], 0);
  const bytesDone = new Map<RecordType, number>();
  const report = options.onProgress && ((type: RecordType, p: SqlFileProgress) => {
    bytesDone.set(type, p.bytesRead);
    let allBytesRead = 0;
    for (const done of bytesDone.values()) allBytesRead += done;
    options.onProgress!({ type, ...p, allBytesRead, allBytesTotal });
  });
  if ((options.loader ?? (process.env.BIDWATCH_LOADER === 'js' ? 'js' : 'sql')) === 'sql') {
    await loadFilesWithSql(db, files, summary, inLanes(present, bytesOf), { batchSize: options.batchSize, piecesFromBytes: options.piecesFromBytes }, report);
  } else {
    const loader = await RecordLoader.create(db);
    for (const type of present) await loadFileWithJavaScript(loader, type, files[type]!, summary[type], options.batchSize ?? 50_000, report);
  }
  return summary;
}

/**
 * The files in two lanes of about equal bytes, each in the contract's order: the largest file
 * (bids, a third to two thirds of a province) alone when it is at least half of the bytes.
 */
function inLanes(types: RecordType[], bytesOf: Record<RecordType, number>): RecordType[][] {
  const lanes: RecordType[][] = [[], []];
  const laneBytes = [0, 0];
  for (const type of [...types].sort((a, b) => bytesOf[b] - bytesOf[a])) {
    const lane = laneBytes[0]! <= laneBytes[1]! ? 0 : 1;
    lanes[lane]!.push(type);
    laneBytes[lane]! += bytesOf[type];
  }
  return lanes.filter((lane) => lane.length > 0).map((lane) => recordTypeNames.filter((type) => lane.includes(type)));
}

/**
 * The SQL loader, two files at a time on two connections. Most of a file's load runs on both
 * cores (DuckDB's parallel read and checks), but not all of it: the upsert's insert, the
 * commit, the line scan in JavaScript are one thread each (a 1M load used 26 CPU s in 16.6 s on
 * 2 cores). Two files in flight fill some of those gaps: 3–8 % off the load stage at 1M, measured
 * against one file at a time in alternated runs (docs/scale.md, section 1). Record types are independent (an upsert touches its own raw table; dead letters are
 * only appended), each connection has its own scratch tables, and a file's rows and dead letters
 * are those of a load one file at a time.
 */
async function loadFilesWithSql(
  db: Database,
  files: Record<RecordType, string | null>,
  summary: LoadSummary,
  lanes: RecordType[][],
  sizes: Pick<LoadFileWithSqlOptions, 'batchSize' | 'piecesFromBytes'>,
  report: FileProgressSink | undefined,
): Promise<void> {
  const connections = [db];
  try {
    // One after the other: the first creates the raw tables (two creates at once conflict in DuckDB's catalog).
    const loaders: SqlRecordLoader[] = [];
    for (let index = 0; index < lanes.length; index += 1) {
      if (index > 0) connections.push(await db.connectAgain());
      loaders.push(await SqlRecordLoader.create(connections[index]!));
    }
    // Both lanes are settled before anything is thrown, so no statement outlives its connection.
    await settleAll(
      lanes.map(async (lane, index) => {
        const connection = connections[index]!;
        const sqlLoader = loaders[index]!;
        for (const type of lane) {
          const path = files[type]!;
          const onProgress = report && ((p: SqlFileProgress) => report(type, p));
          addOutcome(summary[type], await loadFileWithSql(connection, sqlLoader, type, path, basename(path), { ...sizes, onProgress }));
        }
      }),
    );
  } finally {
    for (const connection of connections.slice(1)) connection.close();
  }
}

/** The JavaScript loader (BIDWATCH_LOADER=js): validateRecord reads every line, a file at a time. */
async function loadFileWithJavaScript(
  loader: RecordLoader,
  type: RecordType,
  path: string,
  total: BatchOutcome,
  batchSize: number,
  report: FileProgressSink | undefined,
): Promise<void> {
  const fileName = basename(path);
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
    const progress = { bytesRead, bytesTotal, linesRead: lineNumber };
    merging = loader.commit(prepared).then(
      (outcome) => {
        addOutcome(total, outcome);
        report?.(type, progress);
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
