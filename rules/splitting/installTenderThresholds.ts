import type { Database } from '../../db/Database.ts';
import type { TenderThresholdParameters } from './tenderThresholdParameters.ts';

const categories = ['works', 'goods', 'services'] as const;
const OPEN_START = '1900-01-01';
const OPEN_END = '9999-12-31';

interface ThresholdRow {
  region_prefix: string;
  category: string;
  valid_from: string;
  valid_to: string;
  threshold: number;
  basis: string;
}

/** The threshold table as rows: national periods (prefix '') and the regional overrides. */
export function thresholdRows(parameters: TenderThresholdParameters): ThresholdRow[] {
  const rows: ThresholdRow[] = [];
  for (const category of categories) {
    rows.push(
      { region_prefix: '', category, valid_from: OPEN_START, valid_to: parameters.threshold_changeover_on, threshold: parameters.thresholds_before[category], basis: '国家计委令第3号第七条' },
      { region_prefix: '', category, valid_from: parameters.threshold_changeover_on, valid_to: OPEN_END, threshold: parameters.thresholds_from[category], basis: '国家发改委令第16号第五条' },
    );
  }
  for (const override of parameters.regional_thresholds) {
    for (const category of categories) {
      const threshold = override[category];
      if (threshold === undefined) continue;
      rows.push({
        region_prefix: override.region_prefix,
        category,
        valid_from: override.valid_from ?? OPEN_START,
        valid_to: override.valid_to ?? OPEN_END,
        threshold,
        basis: `地方规模标准（区划${override.region_prefix}）`,
      });
    }
  }
  return rows;
}

/**
 * Installs the must-tender thresholds for one rule run as temp tables the rule's SQL joins:
 *
 * - `ref_tender_thresholds`: one row per (region prefix, category, period); prefix '' is national.
 * - `threshold_of_tender`: one row per tender in `mart_tenders`, the threshold in force for its
 *   category and region on the day it was procured (announcement, else bid deadline, else award).
 * - `threshold_of_contract`: one row per contract in `mart_contracts`, judged on its procurement
 *   day when it has one, else on the day it was signed.
 *
 * The longest matching region prefix wins, then the latest `valid_from`; a record with no region
 * gets the national threshold. Values are bound, never spliced into the SQL.
 *
 * @example
 * await installTenderThresholds(db, parameters);
 * await db.query('select contract_id, threshold from threshold_of_contract');
 */
export async function installTenderThresholds(db: Database, parameters: TenderThresholdParameters): Promise<void> {
  await db.run(
    `create or replace temp table ref_tender_thresholds as
     select unnest(cast(cast($rows as json) as struct(
       region_prefix varchar, category varchar, valid_from date, valid_to date, threshold double, basis varchar)[]), recursive := true)`,
    { rows: JSON.stringify(thresholdRows(parameters)) },
  );
  await db.run(`create or replace temp table threshold_of_tender as
    with judged as (
        select tender_id, category, region_code,
               coalesce(announced_at::date, bid_deadline::date, decided_at::date) as judged_on
        from mart_tenders
    ),
    -- A tender with no date at all is judged by today's (the higher, post-2018) thresholds: the cautious choice.
    dated as (
        select *, coalesce(judged_on, current_date) as lookup_on from judged
    ),
    matched as (
        select judged.tender_id, judged.judged_on, ref.threshold,
               nullif(ref.region_prefix, '') as threshold_region_prefix, ref.basis as threshold_basis
        from dated as judged
        inner join ref_tender_thresholds as ref
            on ref.category = judged.category
           and judged.lookup_on >= ref.valid_from
           and judged.lookup_on < ref.valid_to
           and starts_with(coalesce(judged.region_code, ''), ref.region_prefix)
        qualify row_number() over (partition by judged.tender_id order by length(ref.region_prefix) desc, ref.valid_from desc) = 1
    )
    select * from matched`);
  await db.run(`create or replace temp table threshold_of_contract as
    with judged as (
        select contract_id, category, region_code,
               coalesce(announced_at::date, bid_deadline::date, decided_at::date, signed_on) as judged_on
        from mart_contracts
    ),
    matched as (
        select judged.contract_id, judged.judged_on, ref.threshold,
               nullif(ref.region_prefix, '') as threshold_region_prefix, ref.basis as threshold_basis
        from judged
        inner join ref_tender_thresholds as ref
            on ref.category = judged.category
           and judged.judged_on >= ref.valid_from
           and judged.judged_on < ref.valid_to
           and starts_with(coalesce(judged.region_code, ''), ref.region_prefix)
        qualify row_number() over (partition by judged.contract_id order by length(ref.region_prefix) desc, ref.valid_from desc) = 1
    )
    select * from matched`);
}
