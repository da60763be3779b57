import { DuckDBDataChunk, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { Database } from './Database.ts';

/** DuckDB's standard vector size: the most rows one data chunk carries. */
const CHUNK_ROWS = 2048;

/**
 * Bulk-appends column-major data to a table through DuckDB's appender, one data chunk per
 * 2,048 rows: a handful of native calls per chunk instead of one per value.
 *
 * @example
 * await appendColumns(db, 'scratch', [VARCHAR, DOUBLE], [['a', 'b'], [1, 2]]);
 */
export async function appendColumns(db: Database, table: string, types: readonly DuckDBType[], columns: readonly DuckDBValue[][]): Promise<void> {
  const rowCount = columns[0]?.length ?? 0;
  if (rowCount === 0) return;
  const appender = await db.connection.createAppender(table);
  try {
    for (let start = 0; start < rowCount; start += CHUNK_ROWS) {
      const end = Math.min(start + CHUNK_ROWS, rowCount);
      const chunk = DuckDBDataChunk.create(types, end - start);
      columns.forEach((values, index) => chunk.setColumnValues(index, values.slice(start, end)));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
