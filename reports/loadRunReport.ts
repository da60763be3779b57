import type { Database } from '../db/Database.ts';
import type { Evidence } from '../rules/Rule.ts';
import { sensitiveNumberKey } from './maskSensitive.ts';
import { maskEvidence } from './maskEvidence.ts';

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
 * Reads everything a report shows for one run: the run, its leads (ranked by score) with their
 * flags and review history, and the names of the companies involved. Reports read; they do not
 * query marts (the pictures' records come from loadLeadContext.ts, by id).
 *
 * Bank account and certificate numbers in the evidence are masked here, once, so no output (JSON, CSV,
 * Markdown, HTML) can show one in full: by column name, and wherever the same number recurs
 * (the rule's sentence, the highlight list).
 *
 * @example
 * const report = await loadRunReport(db, 'run-20261122T013005123Z');
 * console.log(report.leads[0]?.title);
 */
export async function loadRunReport(db: Database, runId: string, options: LoadRunReportOptions = {}): Promise<RunReport> {
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
  // `flags` holds the latest scan; an earlier scan's hits moved to `flag_history`.
  const [inFlags] = await db.query<{ n: number }>('select count(*)::double as n from flags where run_id = $run_id', { run_id: runId });
  const flagSource = (inFlags?.n ?? 0) > 0 ? 'flags' : 'flag_history';
  const flags = (await db.query<ReportFlag & { evidence: string }>(
    `select flag_id, rule_id, detection, family, tender_id, tender_ids, project_code, company_ids, person_ids, record_ids, score, evidence, lead_id
     from ${flagSource} where run_id = $run_id order by score desc, flag_id`,
    { run_id: runId },
  )).map((flag) => {
    const evidence = JSON.parse(flag.evidence) as ReportFlag['evidence'];
    return { ...flag, evidence: !options.unmasked && sensitiveNumberKey.test(flag.evidence) ? maskEvidence(evidence) : evidence };
  });
  const leadColumns = `leads.lead_id, title, family, score, company_ids, person_ids, tender_ids, project_codes, detections,
    leads.status, first_seen_run, last_seen_run, active, first_seen_run = $run_id as is_new,
    review.note as review_note, review.reviewer, review.reviewed_at::varchar as reviewed_at`;
  const latestReview = `left join (
      select * from lead_reviews qualify row_number() over (partition by lead_id order by reviewed_at desc) = 1
    ) as review on review.lead_id = leads.lead_id`;
  const leads = await db.query<Omit<ReportLead, 'flags' | 'reviews'>>(
    `select ${leadColumns} from leads ${latestReview} where last_seen_run = $run_id order by score desc, lead_id`,
    { run_id: runId },
  );
  const inactiveLeads = await db.query<Omit<ReportLead, 'flags' | 'reviews'>>(
    `select ${leadColumns} from leads ${latestReview} where last_seen_run <> $run_id order by last_seen_run desc, score desc, lead_id`,
    { run_id: runId },
  );
  const reviews = await db.query<ReportReview & { lead_id: string }>(
    'select lead_id, status, note, reviewer, reviewed_at::varchar as reviewed_at from lead_reviews order by reviewed_at desc, lead_id',
  );
  const reviewsByLead = groupBy(reviews, (review) => review.lead_id);
  const flagsByLead = groupBy(flags.filter((flag) => flag.lead_id), (flag) => flag.lead_id!);
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
  const withReviews = <T extends { lead_id: string }>(lead: T) => ({
    ...lead,
    reviews: (reviewsByLead.get(lead.lead_id) ?? []).map(({ lead_id: _id, ...review }) => review),
  });
  return {
    run,
    previousRunId: previous?.run_id ?? null,
    leads: leads.map((lead) => ({ ...withReviews(lead), flags: flagsByLead.get(lead.lead_id) ?? [] })),
    inactiveLeads: inactiveLeads.map(withReviews),
    companies,
    counts,
  };
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

/** Cheap pre-check on the JSON text: most evidence names no account at all. */
