import type { Database } from '../db/Database.ts';
import { ensureRunsTable } from '../db/ensureRunsTable.ts';
import { ensureFlagTables } from '../rules/ensureFlagTables.ts';
import { ensureLeadTables } from '../leads/ensureLeadTables.ts';

/**
 * Every table a scan leaves (docs/outputs.md), each created by the stage that writes it:
 * `runs` (db/), `flags` `flag_history` `withheld_flags` `tender_screens` (rules/), `leads` `lead_keys` `lead_reviews` (leads/).
 */
export async function ensureResultTables(db: Database): Promise<void> {
  await ensureRunsTable(db);
  await ensureFlagTables(db);
  await ensureLeadTables(db);
}
