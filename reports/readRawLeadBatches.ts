import { randomUUID } from 'node:crypto';
import type { Database } from '../db/Database.ts';
import type { RunReportHeader } from './loadRunHeader.ts';
import type { ReportLead } from './loadRunReport.ts';
import type { RawReportFlag, RawReportLead } from './parseReportLead.ts';
import { readReviews } from './readReviews.ts';
import { leadRowsSql } from './leadRowsSql.ts';
import { groupBy } from '../db/groupBy.ts';
import { defaultLeadContextLimits } from './loadLeadContext.ts';

export interface LeadBatchOptions {
  /**
   * Leads per batch at most (default 2500; `Infinity` reads them all at once). Each batch scans the marts
   * for its pictures' records: at 50,000 leads, batches of 2,500 read in 14 s, of 1,000 in 17 s.
   */
  batchSize?: number;
  /**
   * About how many bytes of evidence and picture records a batch holds at most (default
   * DEFAULT_LEAD_BATCH_BYTES), when the run has more than one batch: see leadBatchRanges.
   */
  batchBytes?: number;
}

/** Leads per batch unless told otherwise. */
export const DEFAULT_LEAD_BATCH = 2500;

/**
 * Bytes of a batch unless told otherwise: 48 MB. The leads rank by score, so the first batches
 * hold the large rings: on the 10M-bid province the first 2,500 leads carried 177 MB of evidence
 * and 100 MB of picture records (serialised), the fourth 25 and 20 MB. Batches of equal counts
 * made the report's peak memory that of its first batches, several times over (the main thread
 * holds two batches, each worker the batch it renders, and V8 sizes each heap from the largest
 * it has seen): 6.0 GB for the report alone (docs/scale.md, "The report stage's memory").
 */
export const DEFAULT_LEAD_BATCH_BYTES = 48_000_000;

/**
 * What one more picture record costs a batch, in bytes, per tender and per project a lead names
 * (up to loadLeadContext's per-lead limits): the tender with its bids and screen ≈ 1.6–1.8 kB, the
 * project with its approvals, milestones and tenders ≈ 2.1 kB, measured (v8.serialize) on the 10M-bid
 * province's batches. An estimate before reading: leads that share records count them twice.
 */
export const CONTEXT_BYTES = { perTender: 1800, perProject: 2100 } as const;

/**
 * Cuts ranked leads into batches: consecutive ranges of at most `maxLeads` leads whose weights
 * (`weights[i]`, the bytes lead i brings: evidence and estimated picture records) add up to at
 * most `maxBytes`, except that a batch always takes at least one lead. Ranks are 1-based, as
 * `report_rank`.
 *
 * @example
 * leadBatchRanges([10, 10, 30, 5], 3, 25); // [{ first: 1, last: 2 }, { first: 3, last: 3 }, { first: 4, last: 4 }]
 */
export function leadBatchRanges(weights: ArrayLike<number>, maxLeads: number, maxBytes: number): { first: number; last: number }[] {
  const ranges: { first: number; last: number }[] = [];
  let first = 1;
  let bytes = 0;
  for (let rank = 1; rank <= weights.length; rank += 1) {
    const weight = weights[rank - 1]!;
    const count = rank - first;
    if (count > 0 && (count >= maxLeads || bytes + weight > maxBytes)) {
      ranges.push({ first, last: rank - 1 });
      first = rank;
      bytes = 0;
    }
    bytes += weight;
  }
  if (weights.length >= first) ranges.push({ first, last: weights.length });
  return ranges;
}

type LeadRow = Omit<ReportLead, 'flags' | 'reviews'>;

const flagColumns = ['flag_id', 'rule_id', 'detection', 'family', 'tender_id', 'tender_ids', 'project_code', 'company_ids', 'person_ids', 'record_ids', 'score', 'evidence', 'lead_id'];

/**
 * A run's leads ranked by score (score desc, then lead id), with their flags and review
 * history, `batchSize` at a time, or fewer where the leads are large (`batchBytes`): a report of
 * 50,000 leads holds one batch's evidence, not all of it. The evidence stays JSON text (parseReportLead.ts parses and masks it, on the
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
    // Each lead's weight: its flags' evidence text and the picture records it names, estimated.
    const weights = await db.query<{ weight: number }>(
      `select (coalesce(evidence.bytes, 0)
          + $per_tender * least(len(lead.tender_ids), $tenders_per_lead)
          + $per_project * least(len(lead.project_codes), $projects_per_lead))::double as weight
       from ${rankedLeads} as lead
       left join (select report_rank, sum(strlen(evidence)) as bytes from ${rankedFlags} group by report_rank) as evidence
         on evidence.report_rank = lead.report_rank
       order by lead.report_rank`,
      {
        per_tender: CONTEXT_BYTES.perTender, per_project: CONTEXT_BYTES.perProject,
        tenders_per_lead: defaultLeadContextLimits.tendersPerLead, projects_per_lead: defaultLeadContextLimits.projectsPerLead,
      },
    );
    const ranges = leadBatchRanges(weights.map((row) => row.weight), batchSize, options.batchBytes ?? DEFAULT_LEAD_BATCH_BYTES);
    for (const range of ranges) {
      const rows = await db.query<LeadRow>(
        `select * exclude (report_rank) from ${rankedLeads} where report_rank between $first and $last order by report_rank`,
        range,
      );
      const flags = await db.query<RawReportFlag>(
        `select ${flagColumns.join(', ')} from ${rankedFlags} where report_rank between $first and $last order by report_rank, score desc, flag_id`,
        range,
      );
      yield await complete(rows, flags);
    }
  } finally {
    await db.run(`drop table if exists ${rankedFlags}`);
    await db.run(`drop table if exists ${rankedLeads}`);
  }
}

