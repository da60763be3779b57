import type { Database } from '../db/Database.ts';
import type { RunReportHeader } from './loadRunHeader.ts';
import type { ReportLead } from './loadRunReport.ts';
import type { LeadBatchOptions } from './readRawLeadBatches.ts';
import { leadRowsSql } from './leadRowsSql.ts';
import { readReviews } from './readReviews.ts';

/**
 * The earlier leads this run did not see again (kept, never deleted), newest first, with their
 * review history, `batchSize` at a time. They carry no flags: their hits belong to older scans.
 *
 * @example
 * for await (const leads of readInactiveLeadBatches(db, header)) console.log(leads.length);
 */
export async function* readInactiveLeadBatches(
  db: Database,
  header: RunReportHeader,
  options: Pick<LeadBatchOptions, 'batchSize'> = {},
): AsyncGenerator<Omit<ReportLead, 'flags'>[]> {
  const batchSize = options.batchSize ?? 2500;
  for (let offset = 0; ; offset += batchSize) {
    const rows = await db.query<Omit<ReportLead, 'flags' | 'reviews'>>(
      `select ${leadRowsSql.columns} from leads ${leadRowsSql.latestReview} where last_seen_run <> $run_id
       order by last_seen_run desc, score desc, lead_id${leadRowsSql.page(batchSize)}`,
      { run_id: header.run.run_id, limit: batchSize, offset },
    );
    if (rows.length === 0) return;
    const reviews = await readReviews(db, rows.map((row) => row.lead_id));
    yield rows.map((row) => ({ ...row, reviews: reviews.get(row.lead_id) ?? [] }));
    if (rows.length < batchSize) return;
  }
}
