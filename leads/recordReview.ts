import type { Database } from '../db/Database.ts';

/** The review statuses of outputs.md `leads.status`. */
export const leadStatuses = ['new', 'reviewing', 'confirmed', 'dismissed'] as const;
export type LeadStatus = (typeof leadStatuses)[number];

/** A review that cannot be recorded: which lead, and why. */
export class ReviewError extends Error {
  constructor(
    readonly code: 'unknown_lead' | 'unknown_status' | 'missing_reviewer' | 'no_leads_table',
    message: string,
  ) {
    super(message);
    this.name = 'ReviewError';
  }
}

export interface ReviewInput {
  leadId: string;
  status: string;
  note?: string | null;
  reviewer: string;
  /** When the review was made; defaults to now. */
  at?: Date;
}

export interface RecordedReview {
  leadId: string;
  previousStatus: string;
  status: LeadStatus;
  note: string | null;
  reviewer: string;
  reviewedAt: string;
}

/**
 * Records a reviewer's decision on a lead: appends who, when, status and note to `lead_reviews`
 * (the history is never rewritten) and sets `leads.status`, in one transaction. The next scan
 * keeps the status (buildLeads updates everything but `status`), and every report shows both.
 *
 * @example
 * await recordReview(db, { leadId: 'L-68b6c7adc1', status: 'reviewing', note: '已调取投标文件', reviewer: '王审查' });
 */
export async function recordReview(db: Database, input: ReviewInput): Promise<RecordedReview> {
  if (!(leadStatuses as readonly string[]).includes(input.status)) {
    throw new ReviewError('unknown_status', `unknown status "${input.status}": use one of ${leadStatuses.join(', ')}`);
  }
  const reviewer = input.reviewer.trim();
  if (!reviewer) throw new ReviewError('missing_reviewer', 'a review needs a reviewer name');
  const [table] = await db.query<{ n: number }>("select count(*)::double as n from information_schema.tables where table_name = 'leads'");
  if (!table?.n) throw new ReviewError('no_leads_table', 'this database holds no leads yet: run `bidwatch scan` first');
  const [lead] = await db.query<{ status: string }>('select status from leads where lead_id = $lead_id', { lead_id: input.leadId });
  if (!lead) {
    const similar = await db.query<{ lead_id: string }>(
      'select lead_id from leads order by jaro_winkler_similarity(lead_id, $lead_id) desc limit 3',
      { lead_id: input.leadId },
    );
    const hint = similar.length > 0 ? ` (did you mean ${similar.map((s) => s.lead_id).join(', ')}?)` : '';
    throw new ReviewError('unknown_lead', `no lead "${input.leadId}" in this database${hint}`);
  }
  const reviewedAt = (input.at ?? new Date()).toISOString();
  const note = input.note?.trim() ? input.note.trim() : null;
  await db.transaction(async () => {
    await db.run(
      'insert into lead_reviews (lead_id, status, note, reviewer, reviewed_at) values ($lead_id, $status, cast($note as varchar), $reviewer, cast($at as timestamptz))',
      { lead_id: input.leadId, status: input.status, note, reviewer, at: reviewedAt },
    );
    await db.run('update leads set status = $status where lead_id = $lead_id', { lead_id: input.leadId, status: input.status });
  });
  return { leadId: input.leadId, previousStatus: lead.status, status: input.status as LeadStatus, note, reviewer, reviewedAt };
}
