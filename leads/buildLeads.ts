import { VARCHAR, DOUBLE } from '@duckdb/node-api';
import type { Database } from '../db/Database.ts';
import { appendColumns } from '../db/appendColumns.ts';
import { families, type Family } from '../rules/Rule.ts';
import { assignLeadIds, type KnownLead } from './assignLeadIds.ts';
import { groupFlagsIntoCases } from './groupFlagsIntoCases.ts';
import { leadScore } from './leadScore.ts';
import { mergeDeskReviews } from './mergeDeskReviews.ts';

interface FlagRow {
  flag_id: string;
  detection: string;
  family: Family;
  tender_ids: string[];
  project_code: string | null;
  company_ids: string[];
  person_ids: string[];
  score: number;
  case_key: string | null;
}

export interface LeadsOutcome {
  leads: number;
  newLeads: number;
  carriedOver: number;
  inactive: number;
}

const titlePrefix: Record<Family, string> = {
  collusion: '疑似围标串标',
  qualification: '疑似挂靠/借用资质',
  splitting: '疑似化整为零、规避招标',
  approval: '疑似未批先建/先建后招',
  procedure: '疑似招标程序违规',
  ocds: '疑似采购异常（OCDS 红旗指标）',
};

/**
 * Turns this scan's flags into case leads (outputs.md `leads`): one lead per connected case,
 * scored, titled in Chinese, with an id that survives re-scans together with its review status.
 * Leads absent from this scan are kept and marked `active = false`, never deleted.
 *
 * Score (leadScore.ts): the strongest hit of each detection code, summed across codes, plus the
 * case's breadth, so independent signals (a shared machine AND a shared deposit account) raise
 * a lead, while twenty hits of one weak code do not.
 *
 * Reviews made at the review desk while the database was busy are merged last
 * (mergeDeskReviews.ts): a lead's status is its latest review, wherever it was made.
 */
export async function buildLeads(db: Database, runId: string): Promise<LeadsOutcome> {
  const flags = await db.query<FlagRow>(
    `select flag_id, detection, family, tender_ids, project_code, company_ids, person_ids, score, case_key
     from flags
     where run_id = $run_id`,
    { run_id: runId },
  );
  const known = await db.query<KnownLead>(
    `select leads.lead_id, leads.first_seen_run, list(distinct lead_keys.case_key) as keys
     from leads inner join lead_keys on lead_keys.lead_id = leads.lead_id
     group by leads.lead_id, leads.first_seen_run`,
  );
  const cases = groupFlagsIntoCases(flags);
  const ids = assignLeadIds(cases, known);
  const flagById = new Map(flags.map((flag) => [flag.flag_id, flag]));
  const names = await nameLookup(db);

  const rows = cases.map((flagCase, index) => {
    const caseFlags = flagCase.flagIds.map((id) => flagById.get(id)!);
    const bestByDetection = new Map<string, FlagRow>();
    for (const flag of caseFlags) {
      const best = bestByDetection.get(flag.detection);
      if (!best || flag.score > best.score) bestByDetection.set(flag.detection, flag);
    }
    const familyScore = new Map<Family, number>();
    for (const flag of bestByDetection.values()) familyScore.set(flag.family, Math.max(familyScore.get(flag.family) ?? 0, flag.score));
    const family = [...families].sort((a, b) => (familyScore.get(b) ?? -1) - (familyScore.get(a) ?? -1))[0]!;
    const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))].sort();
    const companyIds = distinct(caseFlags.flatMap((f) => f.company_ids));
    const tenderIds = distinct(caseFlags.flatMap((f) => f.tender_ids));
    const projectCodes = distinct(caseFlags.map((f) => f.project_code));
    // Catalogue order (A1 … E5), codes beyond it (E9) included: letter, then number.
    const detections = [...bestByDetection.keys()].sort((a, b) => a[0]!.localeCompare(b[0]!) || Number(a.slice(1)) - Number(b.slice(1)));
    const { score } = leadScore([...bestByDetection.values()].map((flag) => flag.score), tenderIds.length);
    return {
      leadId: ids[index]!,
      title: leadTitle(family, companyIds, tenderIds, projectCodes, names),
      family,
      score,
      companyIds,
      personIds: distinct(caseFlags.flatMap((f) => f.person_ids)),
      tenderIds,
      projectCodes,
      detections,
      flagIds: flagCase.flagIds,
      keys: flagCase.keys,
      summary: {
        flags: caseFlags.length,
        by_detection: Object.fromEntries(detections.map((code) => [code, caseFlags.filter((f) => f.detection === code).length])),
      },
    };
  });

  await db.run(`create or replace temp table scan_leads (
    lead_id varchar, title varchar, family varchar, score double, company_ids varchar, person_ids varchar,
    tender_ids varchar, project_codes varchar, detections varchar, flag_ids varchar, case_keys varchar, summary varchar)`);
  await appendColumns(db, 'scan_leads', [VARCHAR, VARCHAR, VARCHAR, DOUBLE, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR], [
    rows.map((r) => r.leadId),
    rows.map((r) => r.title),
    rows.map((r) => r.family),
    rows.map((r) => r.score),
    rows.map((r) => JSON.stringify(r.companyIds)),
    rows.map((r) => JSON.stringify(r.personIds)),
    rows.map((r) => JSON.stringify(r.tenderIds)),
    rows.map((r) => JSON.stringify(r.projectCodes)),
    rows.map((r) => JSON.stringify(r.detections)),
    rows.map((r) => JSON.stringify(r.flagIds)),
    rows.map((r) => JSON.stringify(r.keys)),
    rows.map((r) => JSON.stringify(r.summary)),
  ]);

  return db.transaction(async () => {
    const [before] = await db.query<{ carried: number }>(
      'select count(*)::double as carried from scan_leads where lead_id in (select lead_id from leads)',
    );
    const asList = (column: string) => `cast(cast(scan_leads.${column} as json) as varchar[])`;
    await db.run(`update leads set
        title = scan_leads.title, family = scan_leads.family, score = scan_leads.score,
        company_ids = ${asList('company_ids')}, person_ids = ${asList('person_ids')},
        tender_ids = ${asList('tender_ids')}, project_codes = ${asList('project_codes')},
        detections = ${asList('detections')}, flag_ids = ${asList('flag_ids')},
        last_seen_run = $run_id, active = true, summary = cast(scan_leads.summary as json)
      from scan_leads where leads.lead_id = scan_leads.lead_id`, { run_id: runId });
    await db.run(`insert into leads (lead_id, title, family, score, company_ids, person_ids, tender_ids, project_codes,
        detections, flag_ids, status, first_seen_run, last_seen_run, active, summary)
      select lead_id, title, family, score, ${asList('company_ids')}, ${asList('person_ids')}, ${asList('tender_ids')},
        ${asList('project_codes')}, ${asList('detections')}, ${asList('flag_ids')}, 'new', $run_id, $run_id, true,
        cast(summary as json)
      from scan_leads where lead_id not in (select lead_id from leads)`, { run_id: runId });
    await db.run('update leads set active = false where lead_id not in (select lead_id from scan_leads)');
    await db.run(`insert into lead_keys
      select distinct scan_leads.lead_id, key.case_key, $run_id
      from scan_leads, unnest(${asList('case_keys')}) as key(case_key)
      where not exists (select 1 from lead_keys where lead_keys.lead_id = scan_leads.lead_id and lead_keys.case_key = key.case_key)`,
    { run_id: runId });
    await db.run(`update flags set lead_id = pairs.lead_id
      from (select scan_leads.lead_id, unnest(${asList('flag_ids')}) as flag_id from scan_leads) as pairs
      where flags.flag_id = pairs.flag_id and flags.run_id = $run_id`, { run_id: runId });
    await mergeDeskReviews(db);
    const [inactive] = await db.query<{ n: number }>('select count(*)::double as n from leads where not active');
    const carriedOver = before?.carried ?? 0;
    return { leads: rows.length, newLeads: rows.length - carriedOver, carriedOver, inactive: inactive?.n ?? 0 };
  });
}

interface NameLookup {
  company: Map<string, string>;
  tender: Map<string, string>;
  project: Map<string, string>;
}

async function nameLookup(db: Database): Promise<NameLookup> {
  const pairs = async (sql: string) => new Map((await db.query<{ id: string; name: string }>(sql)).map((r) => [r.id, r.name]));
  return {
    company: await pairs(`select company_id as id, name from stg_companies
      where company_id in (select unnest(company_ids) from flags)`),
    tender: await pairs(`select tender_id as id, title as name from stg_tenders
      where tender_id in (select unnest(tender_ids) from flags)`),
    project: await pairs(`select project_code as id, name from stg_projects
      where project_code in (select project_code from flags)`),
  };
}

function leadTitle(family: Family, companyIds: string[], tenderIds: string[], projectCodes: string[], names: NameLookup): string {
  const companies = companyIds.slice(0, 3).map((id) => names.company.get(id) ?? id);
  const companyText = companies.length === 0 ? '' : `${companies.join('、')}${companyIds.length > 3 ? `等${companyIds.length}家企业` : ''}`;
  const project = projectCodes[0] ? names.project.get(projectCodes[0]) ?? projectCodes[0] : null;
  const tender = tenderIds[0] ? names.tender.get(tenderIds[0]) ?? tenderIds[0] : null;
  const subject = family === 'approval' || family === 'splitting' ? project ?? tender : tender ?? project;
  const scope = tenderIds.length > 1 ? `${subject ?? ''}等${tenderIds.length}个标段` : subject ?? '';
  return `${titlePrefix[family]}：${[scope, companyText].filter(Boolean).join('，') || '（无标段）'}`;
}
