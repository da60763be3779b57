import type { Database } from '../ingest/Database.ts';
import type { Evidence } from '../rules/Rule.ts';

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
  flags: ReportFlag[];
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
 * Reads everything a report shows for one run: the run, its leads (ranked by score) with their
 * flags and latest review, and the names of the companies involved. Reports read; they do not query marts.
 */
export async function loadRunReport(db: Database, runId: string): Promise<RunReport> {
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
  const flags = (await db.query<ReportFlag & { evidence: string }>(
    'select flag_id, rule_id, detection, family, tender_id, tender_ids, project_code, company_ids, person_ids, record_ids, score, evidence, lead_id from flags where run_id = $run_id order by score desc, flag_id',
    { run_id: runId },
  )).map((flag) => ({ ...flag, evidence: JSON.parse(flag.evidence) as ReportFlag['evidence'] }));
  const leadColumns = `leads.lead_id, title, family, score, company_ids, person_ids, tender_ids, project_codes, detections,
    leads.status, first_seen_run, last_seen_run, active, first_seen_run = $run_id as is_new,
    review.note as review_note, review.reviewer, review.reviewed_at::varchar as reviewed_at`;
  const latestReview = `left join (
      select * from lead_reviews qualify row_number() over (partition by lead_id order by reviewed_at desc) = 1
    ) as review on review.lead_id = leads.lead_id`;
  const leads = await db.query<Omit<ReportLead, 'flags'>>(
    `select ${leadColumns} from leads ${latestReview} where last_seen_run = $run_id order by score desc, lead_id`,
    { run_id: runId },
  );
  const inactiveLeads = await db.query<Omit<ReportLead, 'flags'>>(
    `select ${leadColumns} from leads ${latestReview} where last_seen_run <> $run_id order by last_seen_run desc, score desc`,
    { run_id: runId },
  );
  const flagsByLead = new Map<string, ReportFlag[]>();
  for (const flag of flags) if (flag.lead_id) flagsByLead.set(flag.lead_id, [...(flagsByLead.get(flag.lead_id) ?? []), flag]);
  const companies = Object.fromEntries(
    (await db.query<{ id: string; name: string }>(
      `select company_id as id, name from stg_companies where company_id in (select unnest(company_ids) from flags where run_id = $run_id)`,
      { run_id: runId },
    )).map((c) => [c.id, c.name]),
  );
  const counts = await db.query<RunReport['counts'][number]>(
    'select detection, rule_id, count(*)::double as hits from flags where run_id = $run_id group by all order by detection, rule_id',
    { run_id: runId },
  );
  return {
    run,
    previousRunId: previous?.run_id ?? null,
    leads: leads.map((lead) => ({ ...lead, flags: flagsByLead.get(lead.lead_id) ?? [] })),
    inactiveLeads,
    companies,
    counts,
  };
}
