import type { Database } from '../db/Database.ts';
import type { RunReport } from './loadRunReport.ts';

/**
 * What a report says about its run as a whole, without its leads: the run, the scan before it,
 * where its hits are kept, the hit counts, the names of the companies its hits involve, and
 * how many leads there are. Small whatever the number of leads (the names grow with the
 * companies, not with the leads), so the report can stream the leads behind it in batches.
 */
export interface RunReportHeader {
  run: RunReport['run'];
  previousRunId: string | null;
  /** `flags` holds the latest scan; an earlier scan's hits moved to `flag_history`. */
  flagSource: 'flags' | 'flag_history';
  counts: RunReport['counts'];
  companies: RunReport['companies'];
  leadCount: number;
  newLeadCount: number;
  inactiveLeadCount: number;
}

/**
 * Reads a run's report header (see RunReportHeader).
 *
 * @example
 * const header = await loadRunHeader(db, 'run-20261122T013005123Z');
 * console.log(`${header.leadCount} leads`);
 */
export async function loadRunHeader(db: Database, runId: string): Promise<RunReportHeader> {
  const [run] = await db.query<RunReport['run']>(
    'select run_id, started_at::varchar as started_at, finished_at::varchar as finished_at, input, summary from runs where run_id = $run_id',
    { run_id: runId },
  );
  if (!run) throw new Error(`no scan ${runId} in the database`);
  run.summary = typeof run.summary === 'string' ? JSON.parse(run.summary) : run.summary ?? {};
  const [previous] = await db.query<{ run_id: string }>(
    'select run_id from runs where run_id < $run_id and finished_at is not null order by run_id desc limit 1',
    { run_id: runId },
  );
  const [inFlags] = await db.query<{ n: number }>('select count(*)::double as n from flags where run_id = $run_id', { run_id: runId });
  const flagSource = (inFlags?.n ?? 0) > 0 ? 'flags' : 'flag_history';
  const companies = Object.fromEntries(
    (await db.query<{ id: string; name: string }>(
      `select company_id as id, name from stg_companies where company_id in (select unnest(company_ids) from ${flagSource} where run_id = $run_id)`,
      { run_id: runId },
    )).map((c) => [c.id, c.name]),
  );
  const counts = await db.query<RunReport['counts'][number]>(
    `select detection, rule_id, count(*)::double as hits from ${flagSource} where run_id = $run_id group by all order by detection, rule_id`,
    { run_id: runId },
  );
  const [leadCounts] = await db.query<{ leads: number; new_leads: number; inactive: number }>(
    `select count(*) filter (where last_seen_run = $run_id)::double as leads,
       count(*) filter (where last_seen_run = $run_id and first_seen_run = $run_id)::double as new_leads,
       count(*) filter (where last_seen_run <> $run_id)::double as inactive
     from leads`,
    { run_id: runId },
  );
  return {
    run,
    previousRunId: previous?.run_id ?? null,
    flagSource,
    counts,
    companies,
    leadCount: leadCounts?.leads ?? 0,
    newLeadCount: leadCounts?.new_leads ?? 0,
    inactiveLeadCount: leadCounts?.inactive ?? 0,
  };
}
