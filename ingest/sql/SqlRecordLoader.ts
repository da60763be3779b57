import { BOOLEAN, INTEGER, VARCHAR } from '@duckdb/node-api';
import { appendColumns } from '../../db/appendColumns.ts';
import type { Database } from '../../db/Database.ts';
import { recordTypeNames, type RecordType } from '../../db/recordSchemas.ts';
import { RecordLoader, addOutcome, emptyOutcome, type BatchOutcome, type PreparedBatch } from '../RecordLoader.ts';
import { rawTableColumns } from '../rawTableColumns.ts';
import { MAX_RECORD_BYTES, type IncomingRecord } from '../validateRecord.ts';
import { recordCheckSql } from './recordCheckSql.ts';
import { LINE_CHECKSUM_MODULUS } from './scanLineLayout.ts';

/** A line or message the SQL step reads: its position (line number, or index in a Kafka batch) and text. */
export interface SqlLine {
  seq: number;
  source: string;
  raw: string;
  /** The Kafka message key; undefined for file lines (files have no keys). */
  key?: string | null;
}

/** Something only JavaScript can read (bytes that are not UTF-8, a line cut for its size), with its position. */
export interface JavaScriptLine {
  seq: number;
  item: IncomingRecord;
}

/** How many lines one load took each way: SQL accepted, or JavaScript decided (accepted or dead-lettered). */
export interface SqlLoadCounts {
  acceptedInSql: number;
  decidedInJavaScript: number;
}

/** Where a file load stands after each chunk of lines is merged. */
export interface SqlFileChunk {
  linesDone: number;
  lines: number;
}

/** A range of staged lines (`seq` in (from, to]); the whole staged table when absent. */
interface SeqRange {
  from: number;
  to: number;
}

/**
 * A table recordCheckSql filled, and how to read each line's position and source in it (the
 * columns of the lines table; for a file read by DuckDB, the source is made from the position).
 */
interface Staged {
  type: RecordType;
  table: string;
  seq: string;
  source: string;
}

/** What stage/decide hand on to finish. */
interface StagedBatch {
  staged: Staged;
  range?: SeqRange;
}

const LINES_TABLE = 'sql_incoming_lines';
/** A file's lines as DuckDB's CSV reader gives them, in file order (loadFile). */
const FILE_LINES_TABLE = 'sql_file_lines';

/**
 * Loads records with DuckDB doing the parsing and checking (recordCheckSql.ts): one SQL statement
 * per record type reads the lines (straight from the file with DuckDB's CSV reader, or from a
 * scratch table a Kafka batch was appended to) and stages every line with its verdict; only the
 * lines SQL does not accept, usually the bad ones, are read by validateRecord, which writes their
 * dead letters with the same codes and reasons as ever and accepts the few valid lines SQL left to
 * it. RecordLoader's upsert then merges the accepted staged rows and JavaScript's in one
 * transaction, reading the staged table in place. The outcome is the JavaScript loader's, row for
 * row and dead letter for dead letter.
 *
 * @example
 * const loader = await SqlRecordLoader.create(db);
 * await loader.appendLines([{ seq: 1, source: 'bids.jsonl:1', raw: line }]);
 * const outcome = await loader.loadLines('bids', 1, []);
 */
/** Where a staged batch comes from besides the lines table and what JavaScript decided. */
export interface StageSources {
  /**
   * The lines read from elsewhere than the lines table: a parenthesised query with an alias and
   * its columns (SqlBatchLoader's file of Kafka messages, read in parallel by DuckDB's CSV reader).
   */
  lines?: string;
  /** Rows already checked against the contract (loadLines' `checked`): staged as accepted, beside the lines. */
  checked?: string;
}

export class SqlRecordLoader {
  /** Lines decided each way since create(), for the bench and the tests. */
  readonly counts: SqlLoadCounts = { acceptedInSql: 0, decidedInJavaScript: 0 };
  /** The staged lines a prepared batch came from (kept between stage and finish). */
  private readonly stagedOf = new WeakMap<PreparedBatch, StagedBatch>();

  private constructor(
    private readonly db: Database,
    private readonly records: RecordLoader,
    private readonly linesTableSql: Record<RecordType, string>,
  ) {}

  static async create(db: Database): Promise<SqlRecordLoader> {
    // Generated before anything is read: a schema step without a SQL counterpart fails here.
    const linesTableSql = Object.fromEntries(recordTypeNames.map((type) => [type, recordCheckSql(type, LINES_TABLE)])) as Record<RecordType, string>;
    const records = await RecordLoader.create(db);
    await db.run(`create temp table if not exists ${LINES_TABLE} (seq integer, source varchar, raw varchar, msg_key varchar, has_key boolean)`);
    return new SqlRecordLoader(db, records, linesTableSql);
  }

  /** The scratch table appendLines fills. */
  get linesTable(): string {
    return LINES_TABLE;
  }

  /** The table `stage` fills for a type (recordCheckSql's columns), kept until the type's next stage. */
  stagedTableOf(type: RecordType): string {
    return stagedTable(type);
  }

  async clearLines(): Promise<void> {
    await this.db.run(`delete from ${LINES_TABLE}`);
  }

  /** Appends lines (text already decoded) to the scratch table. */
  async appendLines(lines: readonly SqlLine[]): Promise<void> {
    await appendColumns(this.db, LINES_TABLE, [INTEGER, VARCHAR, VARCHAR, VARCHAR, BOOLEAN], [
      lines.map((l) => l.seq),
      lines.map((l) => l.source),
      lines.map((l) => l.raw),
      lines.map((l) => l.key ?? null),
      lines.map((l) => l.key !== undefined),
    ]);
  }

  /**
   * Checks and loads what the lines table holds, plus `javaScriptLines`, as one batch of `read`
   * lines: the raw table and the dead letters change in one transaction. `checked`: a query of
   * rows already checked against the contract (the staged table's columns by name: `seq`,
   * `_fast` true, contract columns, `_extra`, `_source`), merged in the same batch.
   */
  async loadLines(type: RecordType, read: number, javaScriptLines: readonly JavaScriptLine[], checked?: string): Promise<BatchOutcome> {
    return this.finish(await this.stage(type, javaScriptLines, { checked }), read);
  }

  /**
   * The first half of loadLines: stages the lines table and has validateRecord decide the lines
   * SQL does not accept (and `javaScriptLines`). Returns what JavaScript decided, its dead letters
   * included, so a Kafka consumer can publish them before anything commits. See StageSources
   * for `from`.
   */
  async stage(type: RecordType, javaScriptLines: readonly JavaScriptLine[], from: StageSources = {}): Promise<PreparedBatch> {
    const staged: Staged = { type, table: stagedTable(type), seq: 'seq', source: '_source' };
    await this.db.run(`create or replace temp table ${staged.table} as ${from.lines === undefined ? this.linesTableSql[type] : recordCheckSql(type, from.lines)}`);
    // Records a caller built and checked as typed columns (the OCDS mapping): staged as accepted, beside the lines.
    if (from.checked) await this.db.run(`insert into ${staged.table} by name ${from.checked}`);
    return this.decide(staged, javaScriptLines);
  }

  /** Lets `copy` (a batch given `original`'s values and dead letters) be finished as `original` would be. */
  carryStaging(original: PreparedBatch, copy: PreparedBatch): void {
    const staged = this.stagedOf.get(original);
    if (staged) this.stagedOf.set(copy, staged);
  }

  /** The second half of loadLines: appends what JavaScript accepted and merges it all in one transaction. */
  async finish(prepared: PreparedBatch, read: number): Promise<BatchOutcome> {
    const type = prepared.type;
    const from = this.stagedOf.get(prepared);
    await this.records.clearIncoming(type);
    await this.records.appendPrepared(prepared);
    if (!from) return this.records.mergeIncoming(type, read);
    const { staged, range } = from;
    // The staged rows SQL accepted, read in place, and JavaScript's, as one relation for the upsert.
    const columns = rawTableColumns[type];
    const names = columns.map((c) => `"${c.name}"`).join(', ');
    const fromJavaScript = columns.map((c) => (c.sqlType === 'JSON' ? `cast("${c.name}" as json) as "${c.name}"` : `"${c.name}"`)).join(', ');
    await this.db.run(`create or replace temp view sql_accepted_${type} as
      select ${names}, _extra, ${staged.source} as _source, ${staged.seq} as _seq
      from ${staged.table}
      where _fast ${inRange(staged, range)}
      union all
      select ${fromJavaScript}, cast(_extra as json) as _extra, _source, _seq from incoming_${type}`);
    return this.records.mergeIncoming(type, read, `sql_accepted_${type}`);
  }

  /**
   * Loads a plain file (scanLineLayout.ts) read by DuckDB's CSV reader as one text column into a
   * table, staged from there in one parallel statement, then merged in chunks of `chunkLines`
   * lines (one transaction each). A line's number is its row's place (`rowid`) in that table:
   * DuckDB keeps a file's order when it copies it into a table (preserve_insertion_order, on by
   * default), and reading in parallel needs that (`with ordinality` numbers rows in a window that
   * keeps the whole pipeline on one thread). The staging query itself does not keep order (seen
   * on the 1M tenders), so it carries the number as a column. `layout` is what scanLineLayout
   * saw; the table must hold as many lines with the same position-weighted checksum of their
   * lengths, or nothing is written and null returned (as when DuckDB cannot read the file): the
   * caller then reads it line by line. `linesBefore`: the file is a piece of a larger one
   * (writeLinePieces.ts) that starts after that many lines; line numbers and sources count from
   * the larger file's start (the layout is the piece's own).
   */
  async loadFile(
    type: RecordType,
    path: string,
    fileName: string,
    layout: { lines: number; checksum: number },
    chunkLines: number,
    onChunk?: (chunk: SqlFileChunk) => void,
    linesBefore = 0,
  ): Promise<BatchOutcome | null> {
    const lines = `(
      select (rowid + ${linesBefore + 1})::integer as seq, null::varchar as source, raw, null::varchar as msg_key, false as has_key
      from ${FILE_LINES_TABLE}
    ) as lines`;
    const staged: Staged = { type, table: stagedTable(type), seq: 'seq', source: `${sqlText(`${fileName}:`)} || seq` };
    try {
      await this.db.run(
        `create or replace temp table ${FILE_LINES_TABLE} as
         select raw
         from read_csv($path, columns = {'raw': 'VARCHAR'}, delim = '\x01', quote = '', escape = '', header = false,
                       auto_detect = false, new_line = '\\n', strict_mode = false, max_line_size = ${MAX_RECORD_BYTES * 2 + 16})`,
        { path },
      );
      const [row] = await this.db.query<{ n: number; checksum: number }>(
        `select count(*)::integer as n, coalesce(sum(((rowid + 1) * strlen(raw)) % ${LINE_CHECKSUM_MODULUS}) % ${LINE_CHECKSUM_MODULUS}, 0)::bigint as checksum
         from ${FILE_LINES_TABLE}`,
      );
      if (row?.n !== layout.lines || Number(row.checksum) !== layout.checksum) throw new Error(`DuckDB read ${row?.n} lines (checksum ${row?.checksum}), expected ${layout.lines} (${layout.checksum})`);
      await this.db.run(`create or replace temp table ${staged.table} as ${recordCheckSql(type, lines)}`);
    } catch {
      await this.db.run(`drop table if exists ${staged.table}`);
      return null;
    } finally {
      await this.db.run(`drop table if exists ${FILE_LINES_TABLE}`);
    }
    const total = emptyOutcome();
    try {
      for (let from = 0; from < layout.lines; from += chunkLines) {
        const to = Math.min(from + chunkLines, layout.lines);
        const range = { from: linesBefore + from, to: linesBefore + to };
        addOutcome(total, await this.finish(await this.decide(staged, [], range), to - from));
        onChunk?.({ linesDone: to, lines: layout.lines });
      }
    } finally {
      await this.db.run(`drop table if exists ${staged.table}`);
    }
    return total;
  }

  /** Has validateRecord decide the staged lines SQL did not accept (in `range`), and `javaScriptLines`. */
  private async decide(staged: Staged, javaScriptLines: readonly JavaScriptLine[], range?: SeqRange): Promise<PreparedBatch> {
    const type = staged.type;
    const left = await this.db.query<{ seq: number; source: string; raw: string | null; msg_key: string | null; has_key: boolean }>(
      `select ${staged.seq} as seq, ${staged.source} as source, _raw as raw, _msg_key as msg_key, _has_key as has_key
       from ${staged.table}
       where not _fast ${inRange(staged, range)}
       order by seq`,
    );
    const decided: JavaScriptLine[] = [
      ...javaScriptLines,
      ...left.map((row) => ({
        seq: Number(row.seq),
        // As bytes, the way the line arrived: validateRecord keeps a dead letter's bytes for some codes.
        item: { raw: Buffer.from(row.raw ?? '', 'utf8'), source: row.source, ...(row.has_key ? { key: row.msg_key } : {}) },
      })),
    ].sort((a, b) => a.seq - b.seq);
    const prepared = this.records.prepare(type, decided.map((d) => d.item));
    // prepare() numbers its records by position in the list; the upsert's tie-break needs the line's.
    const seqColumn = prepared.values.length - 1;
    prepared.values[seqColumn] = prepared.values[seqColumn]!.map((index) => decided[Number(index)]!.seq);
    const [count] = await this.db.query<{ n: number }>(`select count(*)::integer as n from ${staged.table} where true ${inRange(staged, range)}`);
    this.counts.decidedInJavaScript += decided.length;
    this.counts.acceptedInSql += (count?.n ?? 0) + javaScriptLines.length - decided.length;
    this.stagedOf.set(prepared, { staged, ...(range ? { range } : {}) });
    return prepared;
  }
}

const stagedTable = (type: RecordType) => `sql_staged_${type}`;

const inRange = (staged: Staged, range: SeqRange | undefined) => (range ? `and ${staged.seq} > ${range.from} and ${staged.seq} <= ${range.to}` : '');

/** A SQL string literal (the file name goes into a view, where parameters cannot). */
const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;
