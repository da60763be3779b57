import { VARCHAR, type DuckDBResult } from '@duckdb/node-api';
import type { Database } from '../../db/Database.ts';
import { guardQuery } from './guardQuery.ts';
import { openReadOnly } from './openReadOnly.ts';
import { SqlError } from './SqlError.ts';

/** A `--var name=value` for getvariable('name') in the query. */
export type QueryVariables = Record<string, string>;

/**
 * The session an analyst's query runs in. Three walls keep it from changing anything:
 * 1. the file is opened with DuckDB `access_mode = READ_ONLY` (no write can reach it);
 * 2. every statement must be a query by DuckDB's own parser (`guardQuery`);
 * 3. `enable_external_access = false` (no file, URL or other database can be read or
 *    written: no COPY TO, ATTACH, read_csv('/etc/…'), INSTALL) and then
 *    `lock_configuration = true`, so no statement can turn those settings back.
 *
 * @example
 * const session = await ReadOnlySession.open('data/bidwatch.duckdb');
 * try { for await (const result of session.run('select count(*) from v_bids')) console.log(await result.getRowsJson()); }
 * finally { session.close(); }
 */
export class ReadOnlySession {
  private constructor(private readonly db: Database) {}

  static async open(path: string, variables: QueryVariables = {}): Promise<ReadOnlySession> {
    const db = await openReadOnly(path);
    try {
      const connection = db.connection;
      // Positions in errors come back as JSON fields, so the caret can point at the right place.
      await connection.run('set errors_as_json = true');
      await connection.run('set autoinstall_known_extensions = false');
      await connection.run('set autoload_known_extensions = false');
      await connection.run('set enable_external_access = false');
      for (const [name, value] of Object.entries(variables)) {
        if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new SqlError('syntax', `bad --var name "${name}": use letters, digits and _`);
        // The name is an identifier (checked above); the value is bound, never spliced in.
        await connection.run(`set variable ${name} = $value`, { value }, { value: VARCHAR });
      }
      await connection.run('set lock_configuration = true');
      return new ReadOnlySession(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** How many statements `sql` holds, after the guard has let it through. */
  async check(sql: string): Promise<number> {
    return guardQuery(this.db.connection, sql);
  }

  /**
   * Runs each statement of `sql` in turn, yielding its streaming result; read a result fully
   * before asking for the next. Refused or failing SQL throws `SqlError`.
   */
  async *run(sql: string): AsyncGenerator<DuckDBResult> {
    await guardQuery(this.db.connection, sql);
    // Extracted afresh: a statement the guard prepared to learn its type cannot be prepared again.
    const statements = await this.db.connection.extractStatements(sql);
    for (let index = 0; index < statements.count; index += 1) {
      let result: DuckDBResult;
      try {
        const prepared = await statements.prepare(index);
        result = await prepared.stream();
      } catch (error) {
        throw SqlError.fromQuery(error, sql, index);
      }
      yield result;
    }
  }

  close(): void {
    this.db.close();
  }
}
