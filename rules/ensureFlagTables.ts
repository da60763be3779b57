import type { Database } from '../db/Database.ts';

/**
 * Creates the tables the rules write (docs/outputs.md): `flags` (the latest scan's hits),
 * `flag_history` (every earlier scan's), `withheld_flags` (hits of a rule that flagged more of a
 * market than its ceiling: kept for inspection, never flags, never leads) and `tender_screens`
 * (A5's per-tender screens).
 * Columns are a public interface: add freely, rename or drop only with a migration.
 */
export async function ensureFlagTables(db: Database): Promise<void> {
  const flagColumns = `
    run_id varchar not null,
    flag_id varchar not null,
    rule_id varchar not null,
    detection varchar not null,
    family varchar not null,
    tender_id varchar,
    tender_ids varchar[] not null,
    project_code varchar,
    company_ids varchar[] not null,
    person_ids varchar[] not null,
    record_ids varchar[] not null,
    score double not null,
    evidence json not null,
    case_key varchar,
    lead_id varchar`;
  await db.run(`create table if not exists flags (${flagColumns})`);
  await db.run(`create table if not exists flag_history (${flagColumns})`);
  await db.run(`create table if not exists withheld_flags (${flagColumns})`);
  await db.run(`create table if not exists tender_screens (
    run_id varchar not null,
    tender_id varchar not null,
    market varchar,
    n_bids integer not null,
    cv double, rd double, spd double, diffp double, kurtosis double, skewness double,
    score double,
    b1c double
  )`);
  // Databases created before b1c (lowest valid bid / ceiling price) existed get it here.
  await db.run('alter table tender_screens add column if not exists b1c double');
}
