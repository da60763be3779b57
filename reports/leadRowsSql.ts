/**
 * The SQL that reads a report's lead rows with their latest review, shared by the active and
 * the inactive leads' batches: `select ${leadRowsSql.columns} from leads ${leadRowsSql.latestReview} where …`.
 */
export const leadRowsSql = {
  columns: `leads.lead_id, title, family, score, company_ids, person_ids, tender_ids, project_codes, detections,
    leads.status, first_seen_run, last_seen_run, active, first_seen_run = $run_id as is_new,
    review.note as review_note, review.reviewer, review.reviewed_at::varchar as reviewed_at`,
  latestReview: `left join (
      select * from lead_reviews qualify row_number() over (partition by lead_id order by reviewed_at desc) = 1
    ) as review on review.lead_id = leads.lead_id`,
  /** A batch's window over an ordered result; none when the batch is unbounded. */
  page: (batchSize: number) => (Number.isFinite(batchSize) ? ' limit $limit offset $offset' : ''),
} as const;
