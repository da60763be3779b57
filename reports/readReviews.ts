import type { Database } from '../db/Database.ts';
import type { ReportReview } from './loadRunReport.ts';

/** The review history of `leadIds`, newest first, by lead. */
export async function readReviews(db: Database, leadIds: string[]): Promise<Map<string, ReportReview[]>> {
  const reviews = await db.query<ReportReview & { lead_id: string }>(
    `select lead_id, status, note, reviewer, reviewed_at::varchar as reviewed_at from lead_reviews
     where lead_id in (select unnest($ids)) order by reviewed_at desc, lead_id`,
    { ids: leadIds },
  );
  const byLead = new Map<string, ReportReview[]>();
  for (const { lead_id: leadId, ...review } of reviews) {
    const list = byLead.get(leadId);
    if (list) list.push(review);
    else byLead.set(leadId, [review]);
  }
  return byLead;
}
