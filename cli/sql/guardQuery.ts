import { StatementType, VARCHAR, type DuckDBConnection, type DuckDBExtractedStatements } from '@duckdb/node-api';
import { describeDuckDBError } from './describeDuckDBError.ts';
import { SqlError } from './SqlError.ts';

/** What each refused kind of statement would do, and what to do instead. */
const refusals: Partial<Record<StatementType, string>> = {
  [StatementType.INSERT]: 'INSERT writes data',
  [StatementType.UPDATE]: 'UPDATE writes data',
  [StatementType.DELETE]: 'DELETE writes data',
  [StatementType.MERGE_INTO]: 'MERGE writes data',
  [StatementType.CREATE]: 'CREATE changes the schema',
  [StatementType.CREATE_FUNC]: 'CREATE MACRO/FUNCTION changes the schema',
  [StatementType.DROP]: 'DROP changes the schema',
  [StatementType.ALTER]: 'ALTER changes the schema',
  [StatementType.COPY]: 'COPY reads or writes files: to save a result use --format csv|json|parquet|arrow --output FILE',
  [StatementType.COPY_DATABASE]: 'COPY FROM DATABASE writes another database',
  [StatementType.EXPORT]: 'EXPORT DATABASE writes files: use `bidwatch export` for Parquet files of every table',
  [StatementType.ATTACH]: 'ATTACH opens another database: query the bidwatch database only, or open the other one with the DuckDB CLI',
  [StatementType.DETACH]: 'DETACH changes the attached databases',
  [StatementType.LOAD]: 'INSTALL/LOAD adds extensions',
  [StatementType.EXTENSION]: 'extension statements add code',
  [StatementType.UPDATE_EXTENSIONS]: 'UPDATE EXTENSIONS downloads code',
  [StatementType.SET]: 'SET/RESET/USE change the session; its settings are fixed (Beijing time, read-only). Pass values for getvariable() with --var name=value',
  [StatementType.VARIABLE_SET]: 'SET VARIABLE changes the session: pass values for getvariable() with --var name=value',
  [StatementType.PRAGMA]: "PRAGMA statements can change settings: use the table functions instead, e.g. select * from pragma_table_info('v_bids')",
  [StatementType.CALL]: 'CALL runs a procedure: use select * from <function>(…) instead',
  [StatementType.TRANSACTION]: 'transactions are meaningless in a read-only session',
  [StatementType.VACUUM]: 'VACUUM rewrites the database',
  [StatementType.ANALYZE]: 'ANALYZE updates statistics',
  [StatementType.PREPARE]: 'PREPARE/EXECUTE are not supported: pass values with --var name=value',
  [StatementType.EXECUTE]: 'PREPARE/EXECUTE are not supported: pass values with --var name=value',
  [StatementType.EXPLAIN]: 'EXPLAIN [ANALYZE] of a statement that is not a query (EXPLAIN ANALYZE runs it)',
};

/** The leading keyword, for naming a statement DuckDB refused to even bind (e.g. COPY … TO a blocked path). */
const keywordRefusals: Record<string, string> = {
  insert: 'INSERT writes data',
  update: 'UPDATE writes data',
  delete: 'DELETE writes data',
  merge: 'MERGE writes data',
  truncate: 'TRUNCATE writes data',
  create: 'CREATE changes the schema',
  drop: 'DROP changes the schema',
  alter: 'ALTER changes the schema',
  comment: 'COMMENT changes the schema',
  copy: refusals[StatementType.COPY]!,
  export: refusals[StatementType.EXPORT]!,
  import: 'IMPORT DATABASE writes data',
  attach: refusals[StatementType.ATTACH]!,
  detach: refusals[StatementType.DETACH]!,
  install: refusals[StatementType.LOAD]!,
  load: refusals[StatementType.LOAD]!,
  force: refusals[StatementType.LOAD]!,
  set: refusals[StatementType.SET]!,
  reset: refusals[StatementType.SET]!,
  use: refusals[StatementType.SET]!,
  pragma: refusals[StatementType.PRAGMA]!,
  call: refusals[StatementType.CALL]!,
  checkpoint: 'CHECKPOINT writes the database',
  vacuum: refusals[StatementType.VACUUM]!,
};

const allowedHint = 'bidwatch sql runs queries only (select, with … select, from, values, describe, show, summarize, explain select).';

/**
 * Lets through a query only if DuckDB's own parser says every statement in it is a query:
 * `json_serialize_sql` serializes SELECT statements (incl. DESCRIBE, SHOW, SUMMARIZE, FROM-first,
 * VALUES) and refuses every other kind, so no regular expression decides what is a write.
 * EXPLAIN [ANALYZE] is allowed when what it explains passes the same test. A refused statement
 * is named from the type DuckDB gives its prepared form (or, when DuckDB cannot even bind it,
 * from its first keyword — that only words the message, it decides nothing).
 *
 * This is the first of three walls: the database is also opened with access_mode READ_ONLY and
 * the session has external access disabled and its configuration locked.
 *
 * @returns the number of statements in `sql`
 * @example
 * const count = await guardQuery(connection, 'select count(*) from v_bids');
 */
export async function guardQuery(connection: DuckDBConnection, sql: string): Promise<number> {
  let statements: DuckDBExtractedStatements;
  try {
    statements = await connection.extractStatements(sql);
  } catch (error) {
    const described = describeDuckDBError(error, sql);
    throw new SqlError('syntax', described.message, { position: described.position });
  }
  if (statements.count === 0) throw new SqlError('syntax', 'the query holds no SQL statement');
  if (await allQueries(connection, sql)) return statements.count;

  for (let index = 0; index < statements.count; index += 1) {
    const which = statements.count > 1 ? `statement ${index + 1} of ${statements.count}: ` : '';
    let type: StatementType;
    try {
      const prepared = await statements.prepare(index);
      type = prepared.statementType;
      prepared.destroySync();
    } catch {
      // DuckDB could not bind it (a write to a missing table, COPY to a path external access
      // forbids, ...): it is not a query either way, since queries passed json_serialize_sql.
      const keyword = statements.count === 1 ? firstKeyword(sql) : '';
      const reason = keywordRefusals[keyword] ?? 'this is not a query';
      throw new SqlError('refused', `refused (${which}${reason}). ${allowedHint}`, { statement: index });
    }
    if (type === StatementType.SELECT) continue;
    if (type === StatementType.EXPLAIN && statements.count === 1 && (await explainsAQuery(connection, sql))) continue;
    const reason = refusals[type] ?? `${StatementType[type] ?? 'this'} statements are not queries`;
    throw new SqlError('refused', `refused (${which}${reason}). ${allowedHint}`, { statement: index });
  }
  return statements.count;
}

async function allQueries(connection: DuckDBConnection, sql: string): Promise<boolean> {
  const reader = await connection.runAndReadAll('select json_serialize_sql(cast($sql as varchar)) as ast', { sql }, { sql: VARCHAR });
  const ast = JSON.parse(String(reader.getRowObjectsJson()[0]?.ast ?? '{"error": true}')) as { error: boolean };
  return ast.error === false;
}

/** `explain [analyze] <query>`: the part after the keywords must itself be a query. */
async function explainsAQuery(connection: DuckDBConnection, sql: string): Promise<boolean> {
  const match = /^explain(\s+analy[sz]e)?\s/i.exec(stripLeadingComments(sql));
  if (!match) return false;
  const inner = stripLeadingComments(sql).slice(match[0].length);
  return allQueries(connection, inner);
}

function stripLeadingComments(sql: string): string {
  let rest = sql.trimStart();
  for (;;) {
    if (rest.startsWith('--')) rest = rest.slice(rest.indexOf('\n') === -1 ? rest.length : rest.indexOf('\n') + 1).trimStart();
    else if (rest.startsWith('/*') && rest.includes('*/')) rest = rest.slice(rest.indexOf('*/') + 2).trimStart();
    else return rest;
  }
}

function firstKeyword(sql: string): string {
  return /^[a-z]+/i.exec(stripLeadingComments(sql))?.[0]?.toLowerCase() ?? '';
}
