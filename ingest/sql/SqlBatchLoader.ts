import { isUtf8 } from 'node:buffer';
import type { Database } from '../../db/Database.ts';
import type { RecordType } from '../../db/recordSchemas.ts';
import type { BatchOutcome, PreparedBatch } from '../RecordLoader.ts';
import { MAX_RECORD_BYTES, type IncomingRecord } from '../validateRecord.ts';
import { SqlRecordLoader, type JavaScriptLine, type SqlLine } from './SqlRecordLoader.ts';

const BOM = [0xef, 0xbb, 0xbf];

/**
 * The SQL loader behind the Kafka consumer's batch interface (ingestTopics' BatchLoader):
 * `prepare` only sorts the messages into text for SQL and bytes for JavaScript (no database
 * work, as the consumer expects); `settle` runs the SQL step and validateRecord, filling the
 * batch's dead letters so the consumer can publish them before the DuckDB commit; `commit`
 * merges. A message's `seq` is its place in the batch; its source and key are checked as in
 * RecordLoader (`key_mismatch`).
 *
 * @example
 * const loader = await SqlBatchLoader.create(db);
 * const batch = loader.prepare('bids', messages);
 * await loader.settle(batch); // batch.deadLetters now filled
 * const outcome = await loader.commit(batch);
 */
export class SqlBatchLoader {
  private readonly pending = new WeakMap<PreparedBatch, { lines: SqlLine[]; javaScriptLines: JavaScriptLine[] }>();

  private constructor(private readonly sql: SqlRecordLoader) {}

  static async create(db: Database): Promise<SqlBatchLoader> {
    return new SqlBatchLoader(await SqlRecordLoader.create(db));
  }

  prepare(type: RecordType, items: readonly IncomingRecord[]): PreparedBatch {
    const lines: SqlLine[] = [];
    const javaScriptLines: JavaScriptLine[] = [];
    items.forEach((item, seq) => {
      const raw = item.raw;
      const bytes = typeof raw === 'string' ? null : raw;
      // Tombstones, text handed over as a string (tests), bytes that are not UTF-8 or start with a BOM, and over-long messages: JavaScript.
      if (raw === null || typeof raw === 'string' || (item.size ?? raw.byteLength) > MAX_RECORD_BYTES || !isUtf8(raw) || BOM.every((b, i) => bytes![i] === b)) {
        javaScriptLines.push({ seq, item });
      } else {
        lines.push({ seq, source: item.source, raw: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'), ...(item.key !== undefined ? { key: item.key } : {}) });
      }
    });
    const prepared: PreparedBatch = { type, read: items.length, values: [], deadLetters: [[], [], [], [], [], [], []] };
    this.pending.set(prepared, { lines, javaScriptLines });
    return prepared;
  }

  /** Runs the checks: afterwards the batch holds its dead letters. Idempotent. */
  async settle(prepared: PreparedBatch): Promise<void> {
    const pending = this.pending.get(prepared);
    if (!pending) return;
    this.pending.delete(prepared);
    await this.sql.clearLines();
    await this.sql.appendLines(pending.lines);
    const decided = await this.sql.stage(prepared.type, pending.javaScriptLines);
    prepared.values = decided.values;
    prepared.deadLetters = decided.deadLetters;
    this.sql.carryStaging(decided, prepared);
  }

  async commit(prepared: PreparedBatch): Promise<BatchOutcome> {
    await this.settle(prepared);
    return this.sql.finish(prepared, prepared.read);
  }
}
