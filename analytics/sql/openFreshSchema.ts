import { Database } from '../../ingest/Database.ts';
import { buildModels } from '../buildModels.ts';
import { ensureResultSchema } from '../resultSchema.ts';

/**
 * An in-memory database with every table and view a scan creates, and no rows: what the schema
 * reference documents, independent of whatever data/bidwatch.duckdb holds today.
 */
export async function openFreshSchema(): Promise<Database> {
  const db = await Database.open(':memory:');
  try {
    await ensureResultSchema(db);
    await buildModels(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
