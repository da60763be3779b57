import type { Database } from '../db/Database.ts';
import { DeskReviewLog } from './DeskReviewLog.ts';

/**
 * Copies the review desk's decisions (DeskReviewLog, a SQLite file beside the database) into
 * `lead_reviews`, each once (by review id), and sets every reviewed lead's `status` to its latest
 * review, whether made at the desk or with `bidwatch review`. Runs in the scan's lead stage, so
 * a review made while the scan held the database appears in this scan's report. Returns how
 * many reviews were new to the database; 0 when no desk has run beside it.
 */
export async function mergeDeskReviews(db: Database, storePath: string = DeskReviewLog.pathFor(db.path)): Promise<number> {
  if (db.path === ':memory:' && storePath === DeskReviewLog.pathFor(db.path)) return 0;
  const log = DeskReviewLog.openForReading(storePath);
  if (!log) return 0;
  let reviews;
  try {
    reviews = log.all();
  } finally {
    log.close();
  }
  if (reviews.length === 0) return 0;
  const [before] = await db.query<{ n: number }>('select count(*)::double as n from lead_reviews where review_id is not null');
  await db.run(`insert into lead_reviews (lead_id, status, note, reviewer, reviewed_at, review_id, from_status, assignee)
    select r.lead_id, r.to_status, r.note, r.reviewer, cast(r.reviewed_at as timestamptz), r.review_id, r.from_status, r.assignee
    from (select unnest(cast(cast($reviews as json) as struct(lead_id varchar, to_status varchar, note varchar, reviewer varchar,
      reviewed_at varchar, review_id varchar, from_status varchar, assignee varchar)[]), recursive := true)) as r
    where r.review_id not in (select review_id from lead_reviews where review_id is not null)`, { reviews });
  await db.run(`update leads set status = latest.status
    from (select lead_id, status from lead_reviews
          qualify row_number() over (partition by lead_id order by reviewed_at desc, review_id desc nulls last) = 1) as latest
    where leads.lead_id = latest.lead_id and leads.status <> latest.status`);
  const [after] = await db.query<{ n: number }>('select count(*)::double as n from lead_reviews where review_id is not null');
  return (after?.n ?? 0) - (before?.n ?? 0);
}
