import type { Database } from '../db/Database.ts';
import type { RunReportHeader } from './loadRunHeader.ts';
import type { ReportFlag, ReportLead } from './loadRunReport.ts';
import { readReviews } from './readReviews.ts';
import { leadRowsSql } from './leadRowsSql.ts';
import { maskEvidence } from './maskEvidence.ts';
import { sensitiveNumberKey } from './maskSensitive.ts';

export interface LeadBatchOptions {
  /** Leads per batch (default 1000); `Infinity` reads them all at once. */
  batchSize?: number;
  /** Keep account and certificate numbers in full (the review desk only: see LoadRunReportOptions). */
  unmasked?: boolean;
}

type LeadRow = Omit<ReportLead, 'flags' | 'reviews'>;

/**
 * A run's leads ranked by score (score desc, then lead id), with their flags and review
 * history, `batchSize` at a time: a report of 50,000 leads holds one batch's evidence, not
 * all of it. The inactive leads come from readInactiveLeadBatches.ts.
 *
 * Bank account and certificate numbers in the evidence are masked here, once, so no output can
 * show one in full: by column name, and wherever the same number recurs.
 *
 * @example
 * for await (const leads of readLeadBatches(db, header)) for (const lead of leads) console.log(lead.title);
 */
export async function* readLeadBatches(db: Database, header: RunReportHeader, options: LeadBatchOptions = {}): AsyncGenerator<ReportLead[]> {
  const batchSize = options.batchSize ?? 1000;
  const runId = header.run.run_id;
  for (let offset = 0; ; offset += batchSize) {
    const rows = await db.query<LeadRow>(
      `select ${leadRowsSql.columns} from leads ${leadRowsSql.latestReview} where last_seen_run = $run_id order by score desc, lead_id${leadRowsSql.page(batchSize)}`,
      { run_id: runId, limit: batchSize, offset },
    );
    if (rows.length === 0) return;
    const ids = rows.map((row) => row.lead_id);
    const flags = (await db.query<ReportFlag & { evidence: string }>(
      `select flag_id, rule_id, detection, family, tender_id, tender_ids, project_code, company_ids, person_ids, record_ids, score, evidence, lead_id
       from ${header.flagSource} where run_id = $run_id and lead_id in (select unnest($ids)) order by score desc, flag_id`,
      { run_id: runId, ids },
    )).map((flag): ReportFlag => {
      const evidence = JSON.parse(flag.evidence) as ReportFlag['evidence'];
      return { ...flag, evidence: !options.unmasked && sensitiveNumberKey.test(flag.evidence) ? maskEvidence(evidence) : evidence };
    });
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
