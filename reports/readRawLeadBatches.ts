import type { Database } from '../db/Database.ts';
import type { RunReportHeader } from './loadRunHeader.ts';
import type { ReportLead } from './loadRunReport.ts';
import type { RawReportFlag, RawReportLead } from './parseReportLead.ts';
import { readReviews } from './readReviews.ts';
import { leadRowsSql } from './leadRowsSql.ts';

export interface LeadBatchOptions {
  /** Leads per batch (default 1000); `Infinity` reads them all at once. */
  batchSize?: number;
}

type LeadRow = Omit<ReportLead, 'flags' | 'reviews'>;

/**
 * A run's leads ranked by score (score desc, then lead id), with their flags and review
 * history, `batchSize` at a time: a report of 50,000 leads holds one batch's evidence, not
 * all of it. The evidence stays JSON text (parseReportLead.ts parses and masks it, on the
 * thread that renders the lead); readLeadBatches.ts gives parsed leads. The inactive leads come
 * from readInactiveLeadBatches.ts.
 *
 * @example
 * for await (const leads of readRawLeadBatches(db, header)) for (const lead of leads) console.log(lead.title);
 */
export async function* readRawLeadBatches(db: Database, header: RunReportHeader, options: LeadBatchOptions = {}): AsyncGenerator<RawReportLead[]> {
  const batchSize = options.batchSize ?? 1000;
  const runId = header.run.run_id;
  for (let offset = 0; ; offset += batchSize) {
    const rows = await db.query<LeadRow>(
      `select ${leadRowsSql.columns} from leads ${leadRowsSql.latestReview} where last_seen_run = $run_id order by score desc, lead_id${leadRowsSql.page(batchSize)}`,
      { run_id: runId, limit: batchSize, offset },
    );
    if (rows.length === 0) return;
    const ids = rows.map((row) => row.lead_id);
    const flags = await db.query<RawReportFlag>(
      `select flag_id, rule_id, detection, family, tender_id, tender_ids, project_code, company_ids, person_ids, record_ids, score, evidence, lead_id
       from ${header.flagSource} where run_id = $run_id and lead_id in (select unnest($ids)) order by score desc, flag_id`,
      { run_id: runId, ids },
    );
    const flagsByLead = groupBy(flags, (flag) => flag.lead_id!);
    const reviews = await readReviews(db, ids);
    yield rows.map((row) => ({ ...row, reviews: reviews.get(row.lead_id) ?? [], flags: flagsByLead.get(row.lead_id) ?? [] }));
    if (rows.length < batchSize) return;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
