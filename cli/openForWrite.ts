import { Database } from '../db/Database.ts';
import { CliError } from './CliError.ts';

/** Opens the database for a command that writes (scan, load, ingest, review, report, eval), turning DuckDB's lock error into advice. */
export async function openForWrite(path: string): Promise<Database> {
  try {
    return await Database.open(path);
  } catch (error) {
    const message = (error as Error).message;
    if (/lock/i.test(message)) throw new CliError(`database ${path} is in use by another process (a scan or an open DuckDB CLI): ${message}`);
    throw error;
  }
}
