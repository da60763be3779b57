import { DuckDBInstance, DuckDBTypeId, VARCHAR, type DuckDBResult, type DuckDBType } from '@duckdb/node-api';

export type DuckDBFileFormat = 'csv' | 'json' | 'parquet';

const copyOptions: Record<DuckDBFileFormat, string> = {
  csv: '(format csv, header true)',
  // A JSON array of row objects: valid JSON for jq and JSON.parse, one row a line.
  json: '(format json, array true)',
  parquet: '(format parquet, compression zstd)',
};

/**
 * Writes a query result to `path` with DuckDB's own CSV, JSON or Parquet writer. The result's
 * chunks are appended to a table in a SEPARATE in-memory DuckDB that has never seen the
 * analyst's SQL; only that instance may write files. The analyst's session keeps external
 * access off, so the query itself can never COPY anywhere.
 *
 * Times with time zone are written in Beijing time (+08), as the session shows them; a JSON
 * column stays JSON (nested in the JSON output, text in CSV).
 *
 * @returns rows written
 * @example
 * const rows = await writeWithDuckDB(result, 'parquet', '/tmp/bids.parquet');
 */
export async function writeWithDuckDB(result: DuckDBResult, format: DuckDBFileFormat, path: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("set TimeZone = 'Asia/Shanghai'");
    const names = result.deduplicatedColumnNames();
    const types = result.columnTypes();
    const columns = names.map((name, i) => `${quoteIdentifier(name)} ${sqlType(types[i]!)}`);
    await connection.run(`create table result (${columns.join(', ')})`);
    const appender = await connection.createAppender('result');
    let rows = 0;
    try {
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        appender.appendDataChunk(chunk);
        rows += chunk.rowCount;
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    await connection.run(`copy result to $path ${copyOptions[format]}`, { path }, { path: VARCHAR });
    return rows;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The column type as DDL; JSON is an alias DuckDB keeps only on the top-level type. */
function sqlType(type: DuckDBType): string {
  if (type.typeId === DuckDBTypeId.VARCHAR && type.alias === 'JSON') return 'JSON';
  // A bare NULL column has type "NULL" in results, which a table cannot have.
  if (type.typeId === DuckDBTypeId.SQLNULL) return 'INTEGER';
  return type.toString();
}
