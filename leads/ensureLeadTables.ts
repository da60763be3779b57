import type { Database } from '../db/Database.ts';

/**
 * Creates the tables the lead stage writes (../shared/spec/outputs.md): `leads`, `lead_keys` (the case
 * keys that carry a lead id across scans) and `lead_reviews` (reviewers' decisions).
 * Columns are a public interface: add freely, rename or drop only with a migration.
 */
export async function ensureLeadTables(db: Database): Promise<void> {
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
  // Reviews made at the desk (desk/, merged by mergeDeskReviews.ts) carry their id, the status
  // they left and whom they assigned the lead to; a `bidwatch review` row leaves them null.
  await db.run('alter table lead_reviews add column if not exists review_id varchar');
  await db.run('alter table lead_reviews add column if not exists from_status varchar');
  await db.run('alter table lead_reviews add column if not exists assignee varchar');
}
