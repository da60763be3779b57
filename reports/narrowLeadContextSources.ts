import { randomUUID } from 'node:crypto';
import type { Database } from '../db/Database.ts';
import { screenHistogramSql } from './screenHistogramSql.ts';

/** The views loadLeadContext reads that grow with the whole province, each narrowed to a run's leads. */
export type NarrowedView = 'mart_bids' | 'mart_contracts' | 'stg_approvals' | 'stg_milestones';

/**
 * Which relation loadLeadContext reads in place of each view (a view missing here is read as it
 * is), and the price-screen ranks and histograms of the run's lead tenders' markets, counted once
 * (without them each batch counts its own).
 */
export type LeadContextSources = Partial<Record<NarrowedView, string>> & {
  /** tender_id, market_below: a lead tender's rank in its market (tender_screens of the run). */
  screenRanks?: string;
  /** market, bin, n: the score histogram of each market a lead tender is screened in. */
  screenHistograms?: string;
};

export interface NarrowedLeadContext {
  sources: LeadContextSources;
  drop(): Promise<void>;
}

/**
 * Copies, once per report, the rows of the large context views that any of the run's leads can
 * draw: the bids and contracts of every tender a lead names, the approvals, milestones and
 * contracts of every project a lead names or one of its tenders belongs to. Each batch of leads
 * then reads these small tables instead of scanning the views again: on the 10M-bid province the
 * 41 batches' scans of `mart_bids` alone cost 94 CPU seconds (docs/scale.md), and the `stg_*`
 * views re-read their raw tables on every query. A superset of what any batch asks for (every
 * tender of a lead, not only the first 50 a picture uses), so each batch's own filter gives the
 * very rows it got from the views.
 *
 * @example
 * const narrowed = await narrowLeadContextSources(db, runId);
 * try { await loadLeadContext(db, leads, undefined, runId, narrowed.sources); } finally { await narrowed.drop(); }
 */
export async function narrowLeadContextSources(db: Database, runId: string): Promise<NarrowedLeadContext> {
  const available = new Set((await db.query<{ name: string }>('select table_name as name from information_schema.tables')).map((row) => row.name));
  const suffix = randomUUID().replace(/-/g, '');
  const tenders = `report_context_tenders_${suffix}`;
  const projects = `report_context_projects_${suffix}`;
  const created: string[] = [];
  const sources: LeadContextSources = {};
  const create = async (name: string, sql: string) => {
    await db.run(`create temp table ${name} as ${sql}`, { run_id: runId });
    created.push(name);
  };
  try {
    await create(tenders, `select distinct unnest(tender_ids) as tender_id from leads where last_seen_run = $run_id`);
    await create(projects, `
      select distinct unnest(project_codes) as project_code from leads where last_seen_run = $run_id
      ${available.has('mart_tenders') ? `union select project_code from mart_tenders where project_code is not null and tender_id in (select tender_id from ${tenders})` : ''}`);
    const byTender = `tender_id in (select tender_id from ${tenders})`;
    const byProject = `project_code in (select project_code from ${projects})`;
    const filters: Record<NarrowedView, string> = {
      mart_bids: byTender,
      mart_contracts: `${byTender} or ${byProject}`,
      stg_approvals: byProject,
      stg_milestones: byProject,
    };
    for (const [view, filter] of Object.entries(filters) as [NarrowedView, string][]) {
      if (!available.has(view)) continue;
      const name = `report_context_${view}_${suffix}`;
      await create(name, `select * from ${view} where ${filter}`);
      sources[view] = name;
    }
    if (available.has('tender_screens')) {
      // Ranked once per report, not per batch: at 1M bids each batch spent 0.3 s ranking its markets again.
      const markets = `report_context_markets_${suffix}`;
      await create(markets, `
        select distinct market from tender_screens
        where run_id = $run_id and market is not null and tender_id in (select tender_id from ${tenders})`);
      sources.screenRanks = `report_context_screen_ranks_${suffix}`;
      await create(sources.screenRanks, `
        select tender_id, market_below from (
            select tender_id, (rank() over (partition by market order by score) - 1)::integer as market_below
            from tender_screens
            where run_id = $run_id and score is not null and market in (select market from ${markets})
        )
        where tender_id in (select tender_id from ${tenders})`);
      sources.screenHistograms = `report_context_screen_histograms_${suffix}`;
      await create(sources.screenHistograms, screenHistogramSql(`market in (select market from ${markets})`));
    }
  } catch (error) {
    await dropAll(db, created);
    throw error;
  }
  return { sources, drop: () => dropAll(db, created) };
}

async function dropAll(db: Database, tables: readonly string[]): Promise<void> {
  for (const table of tables) await db.run(`drop table if exists ${table}`);
}
