import type { Database } from '../db/Database.ts';
import type { Evidence } from '../rules/Rule.ts';
import { loadRunHeader } from './loadRunHeader.ts';
import { readLeadBatches } from './readLeadBatches.ts';
import { readInactiveLeadBatches } from './readInactiveLeadBatches.ts';

export interface ReportFlag {
  flag_id: string;
  rule_id: string;
  detection: string;
  family: string;
  tender_id: string | null;
  tender_ids: string[];
  project_code: string | null;
  company_ids: string[];
  person_ids: string[];
  record_ids: string[];
  score: number;
  evidence: Evidence & { parameters?: Record<string, unknown> };
  lead_id: string | null;
}

/** One entry of a lead's review history (`lead_reviews`), newest first. */
export interface ReportReview {
  status: string;
  note: string | null;
  reviewer: string;
  reviewed_at: string;
}

export interface ReportLead {
  lead_id: string;
  title: string;
  family: string;
  score: number;
  company_ids: string[];
  person_ids: string[];
  tender_ids: string[];
  project_codes: string[];
  detections: string[];
  status: string;
  first_seen_run: string;
  last_seen_run: string;
  active: boolean;
  is_new: boolean;
  review_note: string | null;
  reviewer: string | null;
  reviewed_at: string | null;
  reviews: ReportReview[];
  flags: ReportFlag[];
}

export interface LoadRunReportOptions {
  /**
   * Keep account and certificate numbers in full. Only the review desk asks for this: it masks
   * at render time and shows a number only on a reviewer's explicit, audited "show".
   */
  unmasked?: boolean;
}

export interface RunReport {
  run: { run_id: string; started_at: string; finished_at: string | null; input: string | null; summary: Record<string, unknown> };
  previousRunId: string | null;
  leads: ReportLead[];
  inactiveLeads: Omit<ReportLead, 'flags'>[];
  companies: Record<string, string>;
  counts: { detection: string; rule_id: string; hits: number }[];
}

/**
 * Reads everything a report shows for one run, in memory: the run, its leads (ranked by score)
 * with their flags and review history, and the names of the companies involved. Reports read;
 * they do not query marts (the pictures' records come from loadLeadContext.ts, by id). The
 * review desk reads this way; writeRunReport.ts streams the same rows in batches instead
 * (loadRunHeader.ts, readLeadBatches.ts, readInactiveLeadBatches.ts), so 50,000 leads' evidence
 * never sits in memory at once.
 *
 * Bank account and certificate numbers in the evidence are masked (readLeadBatches.ts), once, so
 * no output (JSON, CSV, Markdown, HTML) can show one in full.
 *
 * @example
 * const report = await loadRunReport(db, 'run-20261122T013005123Z');
 * console.log(report.leads[0]?.title);
 */
export async function loadRunReport(db: Database, runId: string, options: LoadRunReportOptions = {}): Promise<RunReport> {
  const header = await loadRunHeader(db, runId);
  const leads: ReportLead[] = [];
  for await (const batch of readLeadBatches(db, header, { batchSize: Infinity, unmasked: options.unmasked })) for (const lead of batch) leads.push(lead);
  const inactiveLeads: RunReport['inactiveLeads'] = [];
  for await (const batch of readInactiveLeadBatches(db, header, { batchSize: Infinity })) for (const lead of batch) inactiveLeads.push(lead);
  return { run: header.run, previousRunId: header.previousRunId, leads, inactiveLeads, companies: header.companies, counts: header.counts };
}
