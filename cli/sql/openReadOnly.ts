import { existsSync, statSync } from 'node:fs';
import { Database } from '../../db/Database.ts';
import { SqlError } from './SqlError.ts';

/**
 * Opens a bidwatch database read-only (DuckDB `access_mode = READ_ONLY`), turning DuckDB's
 * failures into advice: a missing file, or the lock a running scan holds (DuckDB lets one
 * process write a file, and a read-only open still needs a shared lock it cannot get then).
 *
 * @example
 * const db = await openReadOnly('data/bidwatch.duckdb');
 */
export async function openReadOnly(path: string): Promise<Database> {
  if (!existsSync(path)) {
    throw new SqlError('missing_database', `database not found: ${path}\nRun \`bidwatch scan\` first (it creates data/bidwatch.duckdb), or pass --db FILE.`);
  }
  if (statSync(path).isDirectory()) throw new SqlError('missing_database', `${path} is a directory, not a DuckDB database file`);
  try {
    return await Database.open(path, { readOnly: true });
  } catch (error) {
    const message = (error as Error).message;
    if (/Could not set lock|Conflicting lock/i.test(message)) {
      throw new SqlError(
        'locked',
        `database ${path} is locked by another process, most likely a running \`bidwatch scan\` (DuckDB allows one writing process, and readers cannot open the file while it writes).\n` +
          `Retry when the scan has finished, or query a copy: cp ${path} /tmp/bidwatch-copy.duckdb && bidwatch sql --db /tmp/bidwatch-copy.duckdb "…"\n` +
          `DuckDB said: ${message}`,
      );
    }
    if (/not a valid DuckDB database|Unable to open database|database file .* is not/i.test(message)) {
      throw new SqlError('not_a_database', `${path} is not a DuckDB database file: ${message}`);
    }
    throw error;
  }
}
