import { randomUUID } from 'node:crypto';
import type { Database } from '../db/Database.ts';
import type { RunReportHeader } from './loadRunHeader.ts';
import type { ReportLead } from './loadRunReport.ts';
import type { RawReportFlag, RawReportLead } from './parseReportLead.ts';
import { readReviews } from './readReviews.ts';
import { leadRowsSql } from './leadRowsSql.ts';
import { groupBy } from '../db/groupBy.ts';

export interface LeadBatchOptions {
  /**
   * Leads per batch (default 2500; `Infinity` reads them all at once). Each batch scans the marts
   * for its pictures' records: at 50,000 leads, batches of 2,500 read in 14 s, of 1,000 in 17 s.
   */
  batchSize?: number;
}

/** Leads per batch unless told otherwise. */
export const DEFAULT_LEAD_BATCH = 2500;

type LeadRow = Omit<ReportLead, 'flags' | 'reviews'>;

const flagColumns = ['flag_id', 'rule_id', 'detection', 'family', 'tender_id', 'tender_ids', 'project_code', 'company_ids', 'person_ids', 'record_ids', 'score', 'evidence', 'lead_id'];

/**
 * A run's leads ranked by score (score desc, then lead id), with their flags and review
 * history, `batchSize` at a time: a report of 50,000 leads holds one batch's evidence, not
 * all of it. The evidence stays JSON text (parseReportLead.ts parses and masks it, on the
 * thread that renders the lead); readLeadBatches.ts gives parsed leads. The inactive leads come
 * from readInactiveLeadBatches.ts.
 *
 * More than one batch is read from ranked copies of the run's leads and flags (temporary
 * tables, dropped after): a batch's leads are scattered over the flags table, so selecting
 * them there decompresses every flag's evidence for every batch (11 s of 29 s at 50,000 leads
 * in batches of 1,000), while the copy, sorted by rank, is read one range at a time (4 s with
 * the copying).
 *
 * @example
 * for await (const leads of readRawLeadBatches(db, header)) for (const lead of leads) console.log(lead.title);
 */
export async function* readRawLeadBatches(db: Database, header: RunReportHeader, options: LeadBatchOptions = {}): AsyncGenerator<RawReportLead[]> {
  const batchSize = options.batchSize ?? DEFAULT_LEAD_BATCH;
  const runId = header.run.run_id;
  const complete = async (rows: LeadRow[], flags: RawReportFlag[]): Promise<RawReportLead[]> => {
    const flagsByLead = groupBy(flags, (flag) => flag.lead_id!);
    const reviews = await readReviews(db, rows.map((row) => row.lead_id));
    return rows.map((row) => ({ ...row, reviews: reviews.get(row.lead_id) ?? [], flags: flagsByLead.get(row.lead_id) ?? [] }));
  };
  if (!Number.isFinite(batchSize) || header.leadCount <= batchSize) {
    const rows = await db.query<LeadRow>(
      `select ${leadRowsSql.columns} from leads ${leadRowsSql.latestReview} where last_seen_run = $run_id order by score desc, lead_id`,
      { run_id: runId },
    );
    if (rows.length === 0) return;
    const flags = await db.query<RawReportFlag>(
      `select ${flagColumns.join(', ')} from ${header.flagSource}
       where run_id = $run_id and lead_id in (select unnest($ids)) order by score desc, flag_id`,
      { run_id: runId, ids: rows.map((row) => row.lead_id) },
    );
    yield await complete(rows, flags);
    return;
  }
  const suffix = randomUUID().replace(/-/g, '');
  const rankedLeads = `report_leads_${suffix}`;
  const rankedFlags = `report_flags_${suffix}`;
  try {
    await db.run(
      `create temp table ${rankedLeads} as
       select row_number() over (order by score desc, leads.lead_id) as report_rank, ${leadRowsSql.columns}
       from leads ${leadRowsSql.latestReview} where last_seen_run = $run_id`,
      { run_id: runId },
    );
    await db.run(
      `create temp table ${rankedFlags} as
       select ranked.report_rank, ${flagColumns.map((column) => `flag.${column}`).join(', ')}
       from ${header.flagSource} as flag inner join ${rankedLeads} as ranked on ranked.lead_id = flag.lead_id
       where flag.run_id = $run_id
       order by ranked.report_rank, flag.score desc, flag.flag_id`,
      { run_id: runId },
    );
    for (let first = 1; ; first += batchSize) {
      const range = { first, last: first + batchSize - 1 };
      const rows = await db.query<LeadRow>(
        `select * exclude (report_rank) from ${rankedLeads} where report_rank between $first and $last order by report_rank`,
        range,
      );
      if (rows.length === 0) return;
      const flags = await db.query<RawReportFlag>(
        `select ${flagColumns.join(', ')} from ${rankedFlags} where report_rank between $first and $last order by report_rank, score desc, flag_id`,
        range,
      );
      yield await complete(rows, flags);
      if (rows.length < batchSize) return;
    }
  } finally {
    await db.run(`drop table if exists ${rankedFlags}`);
    await db.run(`drop table if exists ${rankedLeads}`);
  }
}

