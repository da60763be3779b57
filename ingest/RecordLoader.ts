import { BLOB, DOUBLE, BIGINT, INTEGER, VARCHAR, DuckDBBlobValue, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { appendColumns } from '../db/appendColumns.ts';
import type { Database } from '../db/Database.ts';
import { recordTypes, type RecordType } from '../db/recordSchemas.ts';
import { rawTableColumns, rawTableName, type RawColumn } from './rawTableColumns.ts';
import { ensureRawSchema } from './rawSchema.ts';
import { validateRecord, type IncomingRecord } from './validateRecord.ts';

/** What one batch did: read = accepted + deadLettered; accepted = inserted + updated + unchanged. */
export interface BatchOutcome {
  read: number;
  accepted: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deadLettered: number;
}

export function emptyOutcome(): BatchOutcome {
  return { read: 0, accepted: 0, inserted: 0, updated: 0, unchanged: 0, deadLettered: 0 };
}

export function addOutcome(total: BatchOutcome, batch: BatchOutcome): void {
  for (const key of Object.keys(batch) as (keyof BatchOutcome)[]) total[key] += batch[key];
}

const duckTypeOf: Record<RawColumn['kind'], DuckDBType> = { string: VARCHAR, number: DOUBLE, integer: BIGINT, json: VARCHAR };

/**
 * Loads batches of incoming records (from files or Kafka) into the raw tables: validates each
 * against the contract, bulk-appends the valid ones through DuckDB's appender in data chunks,
 * then upserts them in one transaction together with the batch's dead letters.
 *
 * Upsert rule (records.md): latest `updated_at` wins; an older or equal version changes nothing,
 * so redelivery and replays are idempotent. Within a batch the same rule picks one version.
 *
 * @example
 * const loader = await RecordLoader.create(db);
 * const outcome = await loader.loadBatch('bids', [{ raw: line, source: 'bids.jsonl:1' }]);
 */
export class RecordLoader {
  private constructor(private readonly db: Database) {}

  static async create(db: Database): Promise<RecordLoader> {
    await ensureRawSchema(db);
    // Scratch tables in append order: contract columns (JSON as text), `_extra`, `_source`, `_seq`.
    for (const type of Object.keys(recordTypes) as RecordType[]) {
      const columns = rawTableColumns[type].map((c) => `"${c.name}" ${c.sqlType === 'JSON' ? 'VARCHAR' : c.sqlType}`);
      await db.run(`create temp table if not exists incoming_${type} (${columns.join(', ')}, _extra varchar, _source varchar, _seq integer)`);
    }
    await db.run(`create temp table if not exists incoming_dead_letters (
      source varchar, record_type varchar, reason_code varchar, reason varchar, raw varchar, raw_bytes blob, received_at varchar
    )`);
    return new RecordLoader(db);
  }

  /**
   * Validates and loads one batch of one record type. The raw tables and the dead letters change
   * in one transaction, so a caller (the Kafka consumer) may commit its offsets once this resolves.
   */
  async loadBatch(type: RecordType, items: readonly IncomingRecord[]): Promise<BatchOutcome> {
    return this.commit(this.prepare(type, items));
  }

  /**
   * Validates a batch in memory (no database work), column by column as the appender wants it.
   * Split from `commit` so a file load can validate the next batch while DuckDB merges this one.
   */
  prepare(type: RecordType, items: readonly IncomingRecord[]): PreparedBatch {
    const columns = rawTableColumns[type];
    const values: DuckDBValue[][] = [...columns.map(() => []), [], [], []];
    const deadLetters: DuckDBValue[][] = [[], [], [], [], [], [], []];
    const receivedAt = new Date().toISOString();
    const extraColumn = columns.length;
    items.forEach((item, seq) => {
      const result = validateRecord(type, item);
      if (result.ok) {
        const record = result.record as Record<string, unknown>;
        columns.forEach((column, index) => values[index]!.push(toColumnValue(column, record[column.name])));
        values[extraColumn]!.push(result.extra === null ? null : JSON.stringify(result.extra));
        values[extraColumn + 1]!.push(item.source);
        values[extraColumn + 2]!.push(seq);
      } else {
        const bytes = typeof item.raw === 'string' || item.raw === null ? null : item.raw;
        const rawText = typeof item.raw === 'string' ? item.raw : bytes ? Buffer.from(bytes).toString('utf8') : null;
        // Keep the exact bytes when the text cannot represent them (invalid UTF-8).
        const rawBytes = bytes && result.code === 'bad_encoding' ? new DuckDBBlobValue(new Uint8Array(bytes)) : null;
        [item.source, type, result.code, result.reason, rawText, rawBytes, receivedAt].forEach((v, i) => deadLetters[i]!.push(v));
      }
    });
    return { type, read: items.length, values, deadLetters };
  }

  /** Appends a prepared batch to the scratch tables and upserts it, with its dead letters, in one transaction. */
  async commit(batch: PreparedBatch): Promise<BatchOutcome> {
    await this.clearIncoming(batch.type);
    await this.appendPrepared(batch);
    return this.mergeIncoming(batch.type, batch.read);
  }

  /** Empties the scratch tables of one record type (other loaders fill them too: ingest/sql/). */
  async clearIncoming(type: RecordType): Promise<void> {
    await this.db.run(`delete from incoming_${type}`);
    await this.db.run('delete from incoming_dead_letters');
  }

  /** Appends a prepared batch's records and dead letters to the scratch tables. */
  async appendPrepared(batch: PreparedBatch): Promise<void> {
    const columns = rawTableColumns[batch.type];
    await appendColumns(this.db, `incoming_${batch.type}`, [...columns.map((c) => duckTypeOf[c.kind]), VARCHAR, VARCHAR, INTEGER], batch.values);
    await appendColumns(this.db, 'incoming_dead_letters', [VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, BLOB, VARCHAR], batch.deadLetters);
  }

  /**
   * Upserts what the scratch tables hold (`incoming_<type>`, `incoming_dead_letters`) in one
   * transaction; `read` is the number of lines or messages they came from. `incoming` names
   * another table or view with the scratch table's columns to take the records from instead
   * (the SQL loader's staged rows: ingest/sql/).
   */
  async mergeIncoming(type: RecordType, read: number, incoming = `incoming_${type}`): Promise<BatchOutcome> {
    const columns = rawTableColumns[type];
    const [sizes] = await this.db.query<{ accepted: number; deadLettered: number }>(
      `select (select count(*) from ${incoming})::integer as accepted, (select count(*) from incoming_dead_letters)::integer as "deadLettered"`,
    );
    const accepted = sizes?.accepted ?? 0;
    const deadLettered = sizes?.deadLettered ?? 0;

    const counts = await this.db.transaction(async () => {
      const columnList = columns.map((c) => `"${c.name}"`).join(', ');
      const key = recordTypes[type].key;
      const table = rawTableName(type);
      // One version per id from the batch (latest updated_at as an instant, first seen on ties),
      // kept only when strictly newer than the stored one. The choice runs on narrow columns, and
      // only its outcome is kept (the line, the instant, whether it replaces a row): the wide rows
      // go once, straight from the batch into the raw table.
      await this.db.run(`create or replace temp table winning_${type} as
        with versions as (
            select "${key}" as record_key, _seq, cast(updated_at as timestamptz) as _updated_at
            from ${incoming}
        ),

        batch_latest as (
            select * from versions
            qualify row_number() over (partition by record_key order by _updated_at desc, _seq) = 1
        )

        select batch_latest.record_key, batch_latest._seq, batch_latest._updated_at, existing._updated_at is not null as replaces_existing
        from batch_latest
        left join ${table} as existing on existing."${key}" = batch_latest.record_key
        where existing._updated_at is null or batch_latest._updated_at > existing._updated_at`);
      const [row] = await this.db.query<{ inserted: number; updated: number }>(
        `select count(*) filter (where not replaces_existing)::integer as inserted,
                count(*) filter (where replaces_existing)::integer as updated
         from winning_${type}`,
      );
      if ((row?.updated ?? 0) > 0) {
        await this.db.run(`delete from ${table} where "${key}" in (select record_key from winning_${type} where replaces_existing)`);
      }
      await this.db.run(`insert into ${table} (${columnList}, _updated_at, _extra, _source, _loaded_at)
        select ${columns.map((c) => `incoming."${c.name}"`).join(', ')}, winning._updated_at, incoming._extra::json, incoming._source, now()
        from winning_${type} as winning
        inner join ${incoming} as incoming on incoming._seq = winning._seq`);
      if (deadLettered > 0) {
        // A redelivered or reloaded bad record is already on file: keep one entry per source and content,
        // so loading the same input twice changes nothing here either.
        await this.db.run(`insert into dead_letters
          select incoming.* replace (cast(incoming.received_at as timestamptz) as received_at)
          from incoming_dead_letters as incoming
          where not exists (
            select 1 from dead_letters as known
            where known.source = incoming.source and known.reason_code = incoming.reason_code
              and known.raw is not distinct from incoming.raw and known.raw_bytes is not distinct from incoming.raw_bytes
          )`);
      }
      return row ?? { inserted: 0, updated: 0 };
    });

    return {
      read,
      accepted,
      inserted: counts.inserted,
      updated: counts.updated,
      unchanged: accepted - counts.inserted - counts.updated,
      deadLettered,
    };
  }
}

/** A validated batch, column-major, ready for the appender. */
export interface PreparedBatch {
  type: RecordType;
  read: number;
  /** Contract columns, then `_extra`, `_source`, `_seq`. */
  values: DuckDBValue[][];
  /** source, record_type, reason_code, reason, raw, raw_bytes, received_at. */
  deadLetters: DuckDBValue[][];
}

function toColumnValue(column: RawColumn, value: unknown): DuckDBValue {
  if (value === undefined || value === null) return null;
  switch (column.kind) {
    case 'json':
      return JSON.stringify(value);
    case 'integer':
      return BigInt(value as number);
    case 'number':
      return value as number;
    default:
      return String(value);
  }
}
