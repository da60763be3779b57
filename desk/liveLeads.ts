import type { ReportLead, ReportReview } from '../reports/loadRunReport.ts';
import type { LeadContext } from '../reports/loadLeadContext.ts';
import { leadPlaces } from '../reports/html/renderIndexPage.ts';
import type { DeskReview } from '../leads/DeskReviewLog.ts';

/** A lead as the desk shows it: the snapshot's lead with its live status and assignee. */
export interface LiveLead {
  lead: ReportLead;
  status: string;
  assignee: string | null;
  regions: string[];
}

/** DuckDB prints `2026-12-07 12:30:55.123+08`; Date.parse wants ISO with a full offset. */
export const epochOf = (timestamp: string): number =>
  Date.parse(timestamp.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));

/**
 * Merges the snapshot (the latest scan, whose `lead_reviews` holds every review merged so far)
 * with the desk's own reviews: a lead's status is its latest review, desk or command line.
 */
export function liveLeads(
  leads: readonly ReportLead[],
  context: LeadContext,
  latest: ReadonlyMap<string, { status: string; assignee: string | null; reviewed_at: string }>,
): LiveLead[] {
  return leads.map((lead) => {
    const desk = latest.get(lead.lead_id);
    const snapshotAt = lead.reviewed_at ? epochOf(lead.reviewed_at) : -Infinity;
    const status = desk && Date.parse(desk.reviewed_at) >= snapshotAt ? desk.status : lead.status;
    return { lead, status, assignee: desk?.assignee ?? null, regions: leadPlaces(lead, context).regions };
  });
}

/** One entry of a lead's review history at the desk. */
export interface HistoryEntry {
  reviewed_at: string;
  reviewer: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  assignee: string | null;
}

/** The desk's reviews and the command line's (`bidwatch review`, in the snapshot), newest first, each once. */
export function reviewHistory(deskReviews: readonly DeskReview[], snapshotReviews: readonly ReportReview[]): HistoryEntry[] {
  const key = (reviewer: string, at: number, status: string) => `${reviewer}|${at}|${status}`;
  const fromDesk = new Set(deskReviews.map((r) => key(r.reviewer, Date.parse(r.reviewed_at), r.to_status)));
  const entries: HistoryEntry[] = [
    ...deskReviews.map((r) => ({ ...r })),
    ...snapshotReviews
      .filter((r) => !fromDesk.has(key(r.reviewer, epochOf(r.reviewed_at), r.status)))
      .map((r) => ({ reviewed_at: new Date(epochOf(r.reviewed_at)).toISOString(), reviewer: r.reviewer, from_status: null, to_status: r.status, note: r.note, assignee: null })),
  ];
  return entries.sort((a, b) => Date.parse(b.reviewed_at) - Date.parse(a.reviewed_at));
}
