import type { Database } from '../db/Database.ts';
import type { RunReportHeader } from './loadRunHeader.ts';
import type { ReportLead } from './loadRunReport.ts';
import { parseReportLead } from './parseReportLead.ts';
import { readRawLeadBatches, type LeadBatchOptions } from './readRawLeadBatches.ts';

/**
 * A run's leads ranked by score, `batchSize` at a time (readRawLeadBatches.ts), with their
 * evidence parsed and masked (parseReportLead.ts; `unmasked` for the review desk only).
 *
 * @example
 * for await (const leads of readLeadBatches(db, header)) for (const lead of leads) console.log(lead.flags.length);
 */
export async function* readLeadBatches(
  db: Database,
  header: RunReportHeader,
  options: LeadBatchOptions & { unmasked?: boolean } = {},
): AsyncGenerator<ReportLead[]> {
  for await (const batch of readRawLeadBatches(db, header, options)) yield batch.map((lead) => parseReportLead(lead, options.unmasked));
}
