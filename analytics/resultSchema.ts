import type { Database } from '../ingest/Database.ts';

/**
 * Creates the result tables users read (outputs.md): `runs`, `flags` (the latest scan's hits),
 * `flag_history` (every scan's), `tender_screens`, `leads`, `lead_keys`, `lead_reviews`.
 * Columns are a public interface: add freely, rename or drop only with a migration.
 */
export async function ensureResultSchema(db: Database): Promise<void> {
  await db.run(`create table if not exists runs (
    run_id varchar primary key,
    started_at timestamptz not null,
    finished_at timestamptz,
    input varchar,
    parameters json,
    summary json
  )`);
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
  await db.run(`create table if not exists tender_screens (
    run_id varchar not null,
    tender_id varchar not null,
    market varchar,
    n_bids integer not null,
    cv double, rd double, spd double, diffp double, kurtosis double, skewness double,
    score double
  )`);
  await db.run(`create table if not exists leads (
    lead_id varchar primary key,
    title varchar not null,
    family varchar not null,
    score double not null,
    company_ids varchar[] not null,
    person_ids varchar[] not null,
    tender_ids varchar[] not null,
    project_codes varchar[] not null,
    detections varchar[] not null,
    flag_ids varchar[] not null,
    status varchar not null default 'new',
    first_seen_run varchar not null,
    last_seen_run varchar not null,
    active boolean not null default true,
    summary json
  )`);
  await db.run(`create table if not exists lead_keys (
    lead_id varchar not null,
    case_key varchar not null,
    run_id varchar not null
  )`);
  await db.run(`create table if not exists lead_reviews (
    lead_id varchar not null,
    status varchar not null,
    note varchar,
    reviewer varchar not null,
    reviewed_at timestamptz not null
  )`);
}
