import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DOUBLE, DuckDBInstance, LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBResult, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';

/**
 * Named parameters. Besides DuckDB values, a JS array binds as a typed list (`VARCHAR[]`, or
 * `DOUBLE[]` when all numbers) and a plain object or a list of them (a parameter table) as JSON
 * text (read it with `cast($p as json)`),
 * so rule parameters such as `methods: ['open', 'invited']` bind as they are.
 */
export type SqlParams = Record<string, unknown>;

export interface OpenOptions {
  readOnly?: boolean;
}

/**
 * The bidwatch DuckDB database: one file every stage and every analyst reads.
 * Dates are judged in Beijing time (all sources publish +08:00), so the session time zone is
 * fixed to Asia/Shanghai: `bid_deadline::date` is the calendar day the bidders saw.
 *
 * @example
 * const db = await Database.open('data/bidwatch.duckdb');
 * try { const rows = await db.query('select count(*) as n from raw_bids'); } finally { db.close(); }
 */
export class Database {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    /** DuckDB's memory_limit as opened (BIDWATCH_MEMORY_LIMIT or 2GB): what withMemoryLimit puts back. */
    readonly memoryLimit: string,
    /** False for a connection made by connectAgain: closing it leaves the database open. */
    private readonly ownsInstance = true,
  ) {}

  static async open(path: string, options: OpenOptions = {}): Promise<Database> {
    if (path !== ':memory:' && !options.readOnly) mkdirSync(dirname(path), { recursive: true });
    // DuckDB's buffer pool defaults to 80% of RAM; on a shared 24 GB machine the nightly scan
    // keeps it to 2 GB (spilling to disk beyond; BIDWATCH_MEMORY_LIMIT overrides): a 1M-bid scan then
    // peaks at 2.6 GB RSS instead of 4.7 GB, at the same speed.
    const memoryLimit = process.env.BIDWATCH_MEMORY_LIMIT ?? '2GB';
    const config: Record<string, string> = { memory_limit: memoryLimit };
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    const instance = await DuckDBInstance.create(path, config);
    return new Database(path, instance, await connectInBeijingTime(instance), memoryLimit);
  }

  /**
   * Another connection to the same open database: its own transactions and temp tables, the same
   * data and settings, so two statements can run at once (the file loader stages one record type
   * while another is merged). Close it before the database it came from.
   */
  async connectAgain(): Promise<Database> {
    return new Database(this.path, this.instance, await connectInBeijingTime(this.instance), this.memoryLimit, false);
  }

  /** Runs a statement with named `$param`s; parameters the SQL does not use are ignored. */
  async run(sql: string, params: SqlParams = {}): Promise<void> {
    const { values, types } = bindable(sql, params);
    await this.connection.run(sql, values, types);
  }

  /** Rows as plain JS objects (BIGINT as bigint, dates as DuckDB values converted to JSON-safe forms). */
  async query<T = Record<string, unknown>>(sql: string, params: SqlParams = {}): Promise<T[]> {
    const { values, types } = bindable(sql, params);
    const reader = await this.connection.runAndReadAll(sql, values, types);
    return rowObjects(reader.deduplicatedColumnNames(), reader.getColumnsJson()) as T[];
  }

  /**
   * The result of a query as a stream of chunks (`fetchChunk()`), for results too large to hold
   * as JS objects at once: the caller keeps what it needs of each chunk, DuckDB holds one chunk.
   */
  async stream(sql: string, params: SqlParams = {}): Promise<DuckDBResult> {
    const { values, types } = bindable(sql, params);
    return this.connection.stream(sql, values, types);
  }

  /** Runs `work` inside one transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.connection.run('begin transaction');
    try {
      const result = await work();
      await this.connection.run('commit');
      return result;
    } catch (error) {
      await this.connection.run('rollback');
      throw error;
    }
  }

  /**
   * Runs `work` with DuckDB settings changed (`{ preserve_insertion_order: 'false' }`), then puts each
   * back as it was, also when `work` throws. Names and values are code, not input: they are spliced.
   */
  async withSettings<T>(settings: Record<string, string>, work: () => Promise<T>): Promise<T> {
    const previous: [string, string][] = [];
    for (const [name, value] of Object.entries(settings)) {
      const [row] = await this.query<{ value: string | null }>(`select current_setting('${name}')::varchar as value`);
      previous.push([name, row?.value ?? '']);
      await this.connection.run(`set ${name} = '${value.replaceAll("'", "''")}'`);
    }
    try {
      return await work();
    } finally {
      for (const [name, value] of previous.reverse()) await this.connection.run(`set ${name} = '${value.replaceAll("'", "''")}'`);
    }
  }

  /**
   * Runs `work` with DuckDB's memory_limit at `limit` (never above the limit the database was opened with), then puts
   * that limit back, also when `work` throws. Setting the limit evicts cached buffers above it and hands what the
   * allocator holds free back to the system (DuckDB's BufferPool::SetLimit ends with Allocator::FlushAll: jemalloc's
   * arenas purged, malloc_trim): a stage that needs little of DuckDB leaves room for its own JavaScript that way.
   */
  async withMemoryLimit<T>(limit: string, work: () => Promise<T>): Promise<T> {
    const lower = (byteSize(limit) ?? 0) < (byteSize(this.memoryLimit) ?? Number.POSITIVE_INFINITY) ? limit : this.memoryLimit;
    await this.connection.run(`set memory_limit = '${lower.replaceAll("'", "''")}'`);
    try {
      return await work();
    } finally {
      await this.connection.run(`set memory_limit = '${this.memoryLimit.replaceAll("'", "''")}'`);
    }
  }

  close(): void {
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

/** Bytes of a size as DuckDB's memory_limit takes it ('2GB', '512 MiB'); null when not such a size. */
function byteSize(size: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?\s*$/i.exec(size);
  if (!match) return null;
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = unit === 'b' ? 1 : unit.endsWith('ib') ? 1024 ** ' kmgt'.indexOf(unit[0]!) : 1000 ** ' kmgt'.indexOf(unit[0]!);
  return Number(match[1]) * factor;
}

/** The time zone is a setting of each connection, not of the database. */
async function connectInBeijingTime(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  await connection.run("set TimeZone = 'Asia/Shanghai'");
  return connection;
}

/** DuckDB rejects bound parameters the statement does not use, so bind only those it does. */
function bindable(sql: string, params: SqlParams): { values?: Record<string, DuckDBValue>; types?: Record<string, DuckDBType> } {
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType> = {};
  let any = false;
  for (const [name, value] of Object.entries(params)) {
    if (!new RegExp(`\\$${name}\\b`).test(sql)) continue;
    any = true;
    const isPlainObject = (v: unknown) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
    if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) {
      // A parameter table (list of rows) binds as JSON text, like an object.
      values[name] = JSON.stringify(value);
      types[name] = VARCHAR;
    } else if (Array.isArray(value)) {
      const numeric = value.length > 0 && value.every((v) => typeof v === 'number');
      values[name] = listValue(value as DuckDBValue[]);
      types[name] = LIST(numeric ? DOUBLE : VARCHAR);
    } else if (isPlainObject(value)) {
      values[name] = JSON.stringify(value);
      types[name] = VARCHAR;
    } else {
      values[name] = (value ?? null) as DuckDBValue;
    }
  }
  return any ? { values, types: Object.keys(types).length > 0 ? types : undefined } : {};
}

/**
 * The rows of a result as objects, from its columns: what DuckDB's `getRowObjectsJson` gives, with
 * the same converter, but converted a column at a time. `getRowObjectsJson` looks up each value's
 * column type again, which made it ten times slower: 18k rows of four strings (R003's candidates
 * on 100k releases) took 42–80 ms against 3 ms (scratch measurement, 2026-12-08).
 */
function rowObjects(names: readonly string[], columns: readonly (readonly unknown[])[]): Record<string, unknown>[] {
  const count = columns[0]?.length ?? 0;
  const rows: Record<string, unknown>[] = new Array(count);
  for (let row = 0; row < count; row += 1) {
    const object: Record<string, unknown> = {};
    for (let column = 0; column < names.length; column += 1) object[names[column]!] = columns[column]![row];
    rows[row] = object;
  }
  return rows;
}
