import { BOOLEAN, INTEGER, VARCHAR } from '@duckdb/node-api';
import { appendColumns } from '../../db/appendColumns.ts';
import type { Database } from '../../db/Database.ts';
import { recordTypeNames, type RecordType } from '../../db/recordSchemas.ts';
import { RecordLoader, type BatchOutcome, type PreparedBatch } from '../RecordLoader.ts';
import { rawTableColumns } from '../rawTableColumns.ts';
import type { IncomingRecord } from '../validateRecord.ts';
import { recordCheckSql } from './recordCheckSql.ts';

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

const LINES_TABLE = 'sql_incoming_lines';

/**
 * Loads records with DuckDB doing the parsing and checking (recordCheckSql.ts): lines go into a
 * scratch table, one SQL statement per record type stages the ones certainly valid straight into
 * RecordLoader's scratch table, and only the rest, usually the bad lines, are read by
 * validateRecord, which writes their dead letters with the same codes and reasons as ever and
 * accepts the few valid lines SQL left to it. RecordLoader's upsert then merges both in one
 * transaction. The outcome is the JavaScript loader's, row for row and dead letter for dead letter.
 *
 * @example
 * const loader = await SqlRecordLoader.create(db);
 * await loader.appendLines([{ seq: 1, source: 'bids.jsonl:1', raw: line }]);
 * const outcome = await loader.loadLines('bids', 1, []);
 */
export class SqlRecordLoader {
  /** Lines decided each way since create(), for the bench and the tests. */
  readonly counts: SqlLoadCounts = { acceptedInSql: 0, decidedInJavaScript: 0 };

  private constructor(
    private readonly db: Database,
    private readonly records: RecordLoader,
    private readonly stagingSql: Record<RecordType, string>,
  ) {}

  static async create(db: Database): Promise<SqlRecordLoader> {
    // Generated before anything is read: a schema step without a SQL counterpart fails here.
    const stagingSql = Object.fromEntries(recordTypeNames.map((type) => [type, recordCheckSql(type, LINES_TABLE)])) as Record<RecordType, string>;
    const records = await RecordLoader.create(db);
    await db.run(`create temp table if not exists ${LINES_TABLE} (seq integer, source varchar, raw varchar, msg_key varchar, has_key boolean)`);
    return new SqlRecordLoader(db, records, stagingSql);
  }

  /** The scratch table the lines go to; the file loader fills it with DuckDB's CSV reader directly. */
  get linesTable(): string {
    return LINES_TABLE;
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
   * lines: the raw table and the dead letters change in one transaction.
   */
  async loadLines(type: RecordType, read: number, javaScriptLines: readonly JavaScriptLine[]): Promise<BatchOutcome> {
    return this.finish(await this.stage(type, javaScriptLines), read);
  }

  /**
   * The first half of loadLines: stages the lines SQL accepts in RecordLoader's scratch table and
   * has validateRecord decide the rest (and `javaScriptLines`). Returns what JavaScript decided,
   * its dead letters included, so a Kafka consumer can publish them before anything commits.
   */
  async stage(type: RecordType, javaScriptLines: readonly JavaScriptLine[]): Promise<PreparedBatch> {
    await this.records.clearIncoming(type);
    await this.db.run(`create or replace temp table sql_staged as ${this.stagingSql[type]}`);
    const columns = ['_seq', ...rawTableColumns[type].map((c) => `"${c.name}"`), '_extra', '_source'];
    await this.db.run(`insert into incoming_${type} (${columns.join(', ')})
      select seq, ${columns.slice(1).join(', ')} from sql_staged where _fast`);

    const left = await this.db.query<{ seq: number; source: string; raw: string | null; msg_key: string | null; has_key: boolean }>(
      `select lines.seq, lines.source, lines.raw, lines.msg_key, lines.has_key
       from sql_staged as staged
       inner join ${LINES_TABLE} as lines on lines.seq = staged.seq
       where not staged._fast
       order by lines.seq`,
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
    const [staged] = await this.db.query<{ n: number }>('select count(*)::integer as n from sql_staged');
    this.counts.decidedInJavaScript += decided.length;
    this.counts.acceptedInSql += (staged?.n ?? 0) + javaScriptLines.length - decided.length;
    return prepared;
  }

  /** The second half of loadLines: appends what JavaScript accepted and merges it all in one transaction. */
  async finish(prepared: PreparedBatch, read: number): Promise<BatchOutcome> {
    await this.records.appendPrepared(prepared);
    return this.records.mergeIncoming(prepared.type, read);
  }
}
