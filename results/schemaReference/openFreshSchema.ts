import { Database } from '../../db/Database.ts';
import { buildModels } from '../../analytics/buildModels.ts';
import { buildResultViews } from '../buildResultViews.ts';

/**
 * An in-memory database with every table and view a scan creates, and no rows: what the schema
 * reference documents, independent of whatever data/bidwatch.duckdb holds today.
 */
export async function openFreshSchema(): Promise<Database> {
  const db = await Database.open(':memory:');
  try {
    await buildModels(db);
    await buildResultViews(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
