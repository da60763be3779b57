import type { Database } from '../db/Database.ts';
import type { LeadContextSources, NarrowedView } from './narrowLeadContextSources.ts';
import { groupBy } from '../db/groupBy.ts';
import { readJsonRows } from './readJsonRows.ts';
import { SCREEN_HISTOGRAM_BINS, screenHistogramSql } from './screenHistogramSql.ts';

/** A tender as the pictures need it (from `mart_tenders`). */
export interface ContextTender {
  tender_id: string;
  title: string;
  project_code: string | null;
  buyer_id: string;
  method: string;
  category: string;
  region_code: string | null;
  market: string | null;
  ceiling_price: number | null;
  announced_at: string | null;
  bid_deadline: string | null;
  decided_at: string | null;
  winner_id: string | null;
  award_price: number | null;
}

/** A bid without its people or its deposit account: the pictures show prices, not persons. */
export interface ContextBid {
  bid_id: string;
  tender_id: string;
  bidder_id: string;
  bidder_name: string | null;
  price: number;
  status: string;
  is_winner: boolean;
}

export interface ContextContract {
  contract_id: string;
  tender_id: string | null;
  project_code: string | null;
  supplier_id: string;
  title: string;
  value: number;
  signed_on: string;
  start_on: string | null;
}

export interface ContextDated {
  id: string;
  project_code: string;
  kind: string;
  on: string;
  label: string | null;
}

/** A tender's price-screen score and its market's (tender_screens, written by rule A5). */
export interface ContextScreen {
  tender_id: string;
  market: string | null;
  score: number | null;
  n_bids: number;
  /** Screened tenders of the same market with a lower score (null without a score). */
  market_below: number | null;
}

export { SCREEN_HISTOGRAM_BINS } from './screenHistogramSql.ts';

export interface ContextProject {
  project_code: string;
  name: string;
  owner_id: string;
  region_code: string | null;
}

/**
 * The source records behind a run's leads, by id, for the report's pictures (networks,
 * timelines, bids against the ceiling) and its region/buyer filters. Shared across leads: a
 * tender in two leads is read once.
 */
export interface LeadContext {
  tenders: Map<string, ContextTender>;
  tendersByProject: Map<string, ContextTender[]>;
  bidsByTender: Map<string, ContextBid[]>;
  contractsByProject: Map<string, ContextContract[]>;
  contractsByTender: Map<string, ContextContract[]>;
  approvalsByProject: Map<string, ContextDated[]>;
  milestonesByProject: Map<string, ContextDated[]>;
  projects: Map<string, ContextProject>;
  companies: Map<string, string>;
  /** The run's screen row of each lead tender that has one. */
  screenByTender: Map<string, ContextScreen>;
  /**
   * The reference distribution of each of those tenders' markets: how many screened tenders fall
   * in each of SCREEN_HISTOGRAM_BINS score bins. Counted in SQL: a market at national scale holds
   * tens of thousands of scores, which every lead page would otherwise copy and scan.
   */
  screenHistogramByMarket: Map<string, number[]>;
}

export interface LeadContextLimits {
  /** Tenders read per lead (a large ring lists hundreds; a picture needs the first few dozen). */
  tendersPerLead: number;
  projectsPerLead: number;
  /** Bids read per tender. */
  bidsPerTender: number;
}

export const defaultLeadContextLimits: LeadContextLimits = { tendersPerLead: 50, projectsPerLead: 20, bidsPerTender: 60 };

/**
 * Reads the records a run's leads already name (their tender ids, project codes, company ids)
 * from the marts and staging views, read-only and bounded by `limits`. It computes nothing:
 * the analysis lives in rules/. Views that do not exist (a database holding only results)
 * give empty maps, so the report renders without pictures.
 *
 * @example
 * const context = await loadLeadContext(db, report.leads);
 * const bids = context.bidsByTender.get('T1') ?? [];
 */
export async function loadLeadContext(
  db: Database,
  leads: readonly { tender_ids: string[]; project_codes: string[]; company_ids: string[] }[],
  limits: LeadContextLimits = defaultLeadContextLimits,
  runId: string | null = null,
  sources: LeadContextSources = {},
): Promise<LeadContext> {
  const tenderIds = new Set<string>();
  const projectCodes = new Set<string>();
  const companyIds = new Set<string>();
  for (const lead of leads) {
    lead.tender_ids.slice(0, limits.tendersPerLead).forEach((id) => tenderIds.add(id));
    lead.project_codes.slice(0, limits.projectsPerLead).forEach((code) => projectCodes.add(code));
    lead.company_ids.forEach((id) => companyIds.add(id));
  }
  const available = new Set(
    (await db.query<{ name: string }>('select table_name as name from information_schema.tables')).map((row) => row.name),
  );
  const read = async <T>(view: string, sql: string, params: Record<string, unknown>): Promise<T[]> =>
    available.has(view) ? readJsonRows<T>(db, sql, params) : [];
  // Id lists are bound as one JSON text each: bound as a list, each id is a value of its own
  // (a native call apiece; 15,000 company ids a batch).
  const inList = (param: string) => `(select unnest(from_json($${param}, '["varchar"]')))`;
  // A report narrows the large views to its run's leads once (narrowLeadContextSources.ts).
  const source = (view: NarrowedView) => sources[view] ?? view;

  const tenders = await read<ContextTender>('mart_tenders', `
    select tender_id, title, project_code, buyer_id, method, category, region_code, market, ceiling_price,
      announced_at::varchar as announced_at, bid_deadline::varchar as bid_deadline, decided_at::varchar as decided_at,
      winner_id, award_price
    from mart_tenders where tender_id in ${inList('ids')}
    order by tender_id`, { ids: JSON.stringify([...tenderIds]) });
  // A tender's project joins the lead's projects, so its timeline can be drawn.
  for (const tender of tenders) if (tender.project_code) projectCodes.add(tender.project_code);
  const bids = await read<ContextBid>('mart_bids', `
    select bid_id, tender_id, bidder_id, bidder_name, price, status, is_winner
    from ${source('mart_bids')} where tender_id in ${inList('ids')}
    qualify row_number() over (partition by tender_id order by price, bid_id) <= $per_tender
    order by tender_id, price, bid_id`, { ids: JSON.stringify([...tenderIds]), per_tender: limits.bidsPerTender });
  const contracts = await read<ContextContract>('mart_contracts', `
    select contract_id, tender_id, project_code, supplier_id, title, value, signed_on::varchar as signed_on, start_on::varchar as start_on
    from ${source('mart_contracts')}
    where tender_id in ${inList('tenders')} or project_code in ${inList('projects')}
    order by signed_on, contract_id
    limit 5000`, { tenders: JSON.stringify([...tenderIds]), projects: JSON.stringify([...projectCodes]) });
  const approvals = await read<ContextDated>('stg_approvals', `
    select approval_id as id, project_code, kind, issued_on::varchar as "on", doc_no as label
    from ${source('stg_approvals')} where project_code in ${inList('projects')} order by issued_on, approval_id`, { projects: JSON.stringify([...projectCodes]) });
  const milestones = await read<ContextDated>('stg_milestones', `
    select milestone_id as id, project_code, kind, occurred_on::varchar as "on", null::varchar as label
    from ${source('stg_milestones')} where project_code in ${inList('projects')} order by occurred_on, milestone_id`, { projects: JSON.stringify([...projectCodes]) });
  const projects = await read<ContextProject>('stg_projects', `
    select project_code, name, owner_id, region_code from stg_projects where project_code in ${inList('projects')}`, { projects: JSON.stringify([...projectCodes]) });
  for (const tender of tenders) companyIds.add(tender.buyer_id);
  for (const project of projects) companyIds.add(project.owner_id);
  for (const bid of bids) companyIds.add(bid.bidder_id);
  const companies = await read<{ id: string; name: string }>('stg_companies', `
    select company_id as id, name from stg_companies where company_id in ${inList('ids')}`, { ids: JSON.stringify([...companyIds]) });

  const leadScreens = runId
    ? await read<Omit<ContextScreen, 'market_below'>>('tender_screens', `
      select tender_id, market, score, n_bids from tender_screens
      where run_id = $run_id and tender_id in ${inList('ids')}`, { run_id: runId, ids: JSON.stringify([...tenderIds]) })
    : [];
  const markets = [...new Set(leadScreens.map((screen) => screen.market).filter((m): m is string => !!m))];
  // rank() - 1: how many scores of the market are strictly lower (a separate statement: as a CTE
  // beside the lead rows, DuckDB's plan took 4 s a batch on the 1M-bid province, this 0.15 s).
  const ranks = markets.length === 0 ? [] : sources.screenRanks
    ? await readJsonRows<{ tender_id: string; market_below: number }>(db, `
      select tender_id, market_below from ${sources.screenRanks} where tender_id in ${inList('ids')}`, { ids: JSON.stringify([...tenderIds]) })
    : await read<{ tender_id: string; market_below: number }>('tender_screens', `
    select tender_id, market_below from (
        select tender_id, (rank() over (partition by market order by score) - 1)::integer as market_below
        from tender_screens
        where run_id = $run_id and score is not null and market in ${inList('markets')}
    )
    where tender_id in ${inList('ids')}`, { run_id: runId, markets: JSON.stringify(markets), ids: JSON.stringify([...tenderIds]) });
  const belowByTender = new Map(ranks.map((row) => [row.tender_id, row.market_below]));
  const screens: ContextScreen[] = leadScreens.map((screen) => ({ ...screen, market_below: belowByTender.get(screen.tender_id) ?? null }));
  const binCounts = markets.length === 0 ? [] : sources.screenHistograms
    ? await readJsonRows<{ market: string; bin: number; n: number }>(db, `
      select market, bin, n from ${sources.screenHistograms} where market in ${inList('markets')}`, { markets: JSON.stringify(markets) })
    : await read<{ market: string; bin: number; n: number }>('tender_screens', screenHistogramSql(`market in ${inList('markets')}`), { run_id: runId, markets: JSON.stringify(markets) });
  const screenHistogramByMarket = new Map<string, number[]>();
  for (const { market, bin, n } of binCounts) {
    const counts = screenHistogramByMarket.get(market) ?? new Array<number>(SCREEN_HISTOGRAM_BINS).fill(0);
    counts[bin] = n;
    screenHistogramByMarket.set(market, counts);
  }

  return {
    screenByTender: new Map(screens.map((screen) => [screen.tender_id, screen])),
    screenHistogramByMarket,
    tenders: new Map(tenders.map((tender) => [tender.tender_id, tender])),
    tendersByProject: groupBy(tenders.filter((t) => t.project_code), (t) => t.project_code!),
    bidsByTender: groupBy(bids, (bid) => bid.tender_id),
    contractsByProject: groupBy(contracts.filter((c) => c.project_code), (c) => c.project_code!),
    contractsByTender: groupBy(contracts.filter((c) => c.tender_id), (c) => c.tender_id!),
    approvalsByProject: groupBy(approvals, (a) => a.project_code),
    milestonesByProject: groupBy(milestones, (m) => m.project_code),
    projects: new Map(projects.map((project) => [project.project_code, project])),
    companies: new Map(companies.map((company) => [company.id, company.name])),
  };
}

