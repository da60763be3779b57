import type { Database } from './Database.ts';

/**
 * Creates `runs` (docs/outputs.md): one row per scan with its input, parameters and summary.
 * Every stage stamps its output with the run id, so the table lives on the ground floor.
 */
export async function ensureRunsTable(db: Database): Promise<void> {
  await db.run(`create table if not exists runs (
    run_id varchar primary key,
    started_at timestamptz not null,
    finished_at timestamptz,
    input varchar,
    parameters json,
    summary json
  )`);
}
