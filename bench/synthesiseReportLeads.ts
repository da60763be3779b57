import type { Database } from '../db/Database.ts';
import { ensureResultTables } from '../results/ensureResultTables.ts';

/**
 * A synthetic province for report benchmarks and tests: `leads` active leads in run-1 (40 %
 * rings over 1–3 tenders, 30 % approval cases, 30 % procedure), with their flags, evidence
 * tables (a deposit account in each, to be masked), reviews and the mart rows their pictures
 * read, plus 500 leads of run-0 not seen again.
 *
 * @example
 * await synthesiseReportLeads(db, 10_000);
 * await writeRunReport(db, 'run-1', 'out');
 */
export async function synthesiseReportLeads(db: Database, leads: number): Promise<void> {
  await ensureResultTables(db);
  await db.run(`insert into runs values
    ('run-0', timestamptz '2026-11-21 01:00:00+08', timestamptz '2026-11-21 01:30:00+08', 'bench', '{}', '{}'),
    ('run-1', timestamptz '2026-11-22 01:00:00+08', timestamptz '2026-11-22 01:30:00+08', 'bench', '{}', '{}')`);
  await db.run(`create table bench_leads as
    select i as k,
      case when i % 10 < 4 then 'collusion' when i % 10 < 7 then 'approval' else 'procedure' end as family,
      case when i % 10 < 4 then 1 + i % 3 else 1 end as n_tenders
    from range($n) as t(i)`, { n: leads });
  await db.run(`create table stg_companies as
    select 'C' || i as company_id, '第' || i || '建设工程有限公司' as name from range(3000) as t(i)
    union all select 'B' || i, '某县第' || i || '局' from range(200) as t(i)`);
  await db.run(`create table stg_projects as
    select 'P' || k as project_code, '某县第' || k || '号建设项目' as name, 'B' || (k % 200) as owner_id,
      (530100 + k % 50)::varchar as region_code
    from bench_leads`);
  await db.run(`create table mart_tenders as
    select 'T' || k || '-' || j as tender_id, 'P' || k as project_code, '某县第' || k || '号工程' || (j + 1) || '标段' as title,
      'B' || (k % 200) as buyer_id, 'open' as method, 'works' as category, (530100 + k % 50)::varchar as region_code,
      'works:5301' as market, 5000000.0 + (k % 97) * 10000 as ceiling_price,
      timestamptz '2024-03-01 09:00:00+08' + to_days((k % 300)::int) as announced_at,
      timestamptz '2024-03-21 09:30:00+08' + to_days((k % 300)::int) as bid_deadline,
      timestamptz '2024-03-26 10:00:00+08' + to_days((k % 300)::int) as decided_at,
      'C' || ((k * 7 + (k + j) % 6) % 3000) as winner_id, 4700000.0 + (k % 97) * 9000 as award_price
    from (select k, unnest(range(n_tenders)) as j from bench_leads)`);
  await db.run(`create table mart_bids as
    select tender_id || '-b' || b as bid_id, tender_id, 'C' || ((k * 7 + b) % 3000) as bidder_id,
      '第' || ((k * 7 + b) % 3000) || '建设工程有限公司' as bidder_name,
      ceiling_price * (0.92 + b * 0.01) as price, case when b = 5 then 'disqualified' else 'valid' end as status,
      'C' || ((k * 7 + b) % 3000) = winner_id as is_winner
    from (select *, cast(split_part(substr(tender_id, 2), '-', 1) as bigint) as k from mart_tenders), range(6) as r(b)`);
  await db.run(`create table stg_approvals as
    select 'ap' || k || '-' || a as approval_id, 'P' || k as project_code,
      ['project_approval', 'land_use', 'planning_permit'][a + 1] as kind,
      date '2024-04-10' + ((k % 300) + a * 20)::int as issued_on, '某发改投资〔2024〕' || k || '号' as doc_no
    from bench_leads, range(3) as r(a) where family = 'approval'`);
  await db.run(`create table stg_milestones as
    select 'm' || k as milestone_id, 'P' || k as project_code, 'construction_start' as kind, date '2024-04-20' + (k % 300)::int as occurred_on
    from bench_leads where family = 'approval'`);
  await db.run(`create table mart_contracts as
    select 'K' || k as contract_id, 'T' || k || '-0' as tender_id, 'P' || k as project_code, 'C' || (k * 7 % 3000) as supplier_id,
      '某县第' || k || '号工程施工合同' as title, 4700000.0 as value, date '2024-04-05' + (k % 300)::int as signed_on,
      date '2024-04-25' + (k % 300)::int as start_on
    from bench_leads where family = 'approval'`);

  // Flags: a ring has one A1 hit per tender plus A3 and A4; an approval case D1 and D2; a procedure case E1 and B4.
  await db.run(`create table bench_flags as
    with plan as (
      select k, family, j, code from (
        select k, family, unnest(range(n_tenders)) as j, 'A1' as code from bench_leads where family = 'collusion'
        union all select k, family, 0, unnest(['A3', 'A4']) from bench_leads where family = 'collusion'
        union all select k, family, 0, unnest(['D1', 'D2']) from bench_leads where family = 'approval'
        union all select k, family, 0, unnest(['E1', 'B4']) from bench_leads where family = 'procedure'
      )
    ),
    bid_rows as (
      select tender_id, list({
        '投标编号': bid_id, '投标人': bidder_name, '报价(元)': price, '状态': status,
        '硬件码': 'HW-' || (hash(bidder_id) % 5), '保证金付款账户': '62220202' || lpad((hash(bidder_id) % 100000000000)::varchar, 11, '0')
      } order by price) as rows
      from mart_bids group by tender_id
    )
    select 'run-1' as run_id, 'F-' || plan.k || '-' || plan.code || '-' || plan.j as flag_id,
      case plan.code when 'A1' then 'A1-shared-bid-file-traces' when 'A3' then 'A3-shared-deposit-account'
        when 'A4' then 'A4-regular-price-differences' when 'D1' then 'D1-tender-before-project-approval'
        when 'D2' then 'D2-tender-before-prerequisites' when 'E1' then 'E1-short-bid-period' else 'B4-bidder-lacks-qualification' end as rule_id,
      plan.code as detection,
      case plan.code[1] when 'A' then 'collusion' when 'D' then 'approval' when 'E' then 'procedure' else 'qualification' end as family,
      'T' || plan.k || '-' || plan.j as tender_id, ['T' || plan.k || '-' || plan.j] as tender_ids, 'P' || plan.k as project_code,
      ['C' || ((plan.k * 7) % 3000), 'C' || ((plan.k * 7 + 1) % 3000), 'C' || ((plan.k * 7 + 2) % 3000)] as company_ids,
      []::varchar[] as person_ids, ['T' || plan.k || '-' || plan.j || '-b0', 'T' || plan.k || '-' || plan.j || '-b1'] as record_ids,
      0.5 + (hash(plan.k, plan.code) % 450) / 1000.0 as score,
      json_object(
        'summary_zh', '标段 T' || plan.k || '-' || plan.j || ' 合成命中（' || plan.code || '），投标保证金从同一账户（' || bid_rows.rows[1]['保证金付款账户'] || '）转出，疑似串通投标。',
        'summary_en', 'Synthetic hit ' || plan.code || ' on tender T' || plan.k || '-' || plan.j,
        'facts', json_object('companies_sharing', 3, 'threshold_min_score', 0.5, 'payer_account', bid_rows.rows[1]['保证金付款账户']),
        'tables', [json_object('title_zh', '各投标文件特征对比', 'rows', bid_rows.rows)],
        'highlight', ['HW-1', bid_rows.rows[1]['保证金付款账户']],
        'parameters', json_object('min_score', 0.5)
      ) as evidence,
      'tender:T' || plan.k || '-' || plan.j as case_key, 'L-' || lpad(plan.k::varchar, 10, '0') as lead_id
    from plan inner join bid_rows on bid_rows.tender_id = 'T' || plan.k || '-' || plan.j`);
  await db.run('insert into flags by name select * from bench_flags');
  await db.run(`insert into leads by name
    select lead_id, '疑似' || any_value(bench_leads.family) || '：某县第' || k || '号工程，第' || (k * 7 % 3000) || '建设工程有限公司等' as title,
      any_value(bench_leads.family) as family, 1 - product(1 - score) as score,
      any_value(company_ids) as company_ids, []::varchar[] as person_ids, list(distinct tender_id order by tender_id) as tender_ids,
      ['P' || k] as project_codes, list(distinct detection order by detection) as detections, list(flag_id order by flag_id) as flag_ids,
      ['new', 'new', 'new', 'reviewing', 'confirmed', 'dismissed'][k % 6 + 1] as status,
      case when k % 4 = 0 then 'run-1' else 'run-0' end as first_seen_run, 'run-1' as last_seen_run, true as active
    from bench_flags inner join bench_leads on 'L-' || lpad(bench_leads.k::varchar, 10, '0') = bench_flags.lead_id
    group by lead_id, k`);
  await db.run(`insert into leads by name
    select 'L-x' || lpad(i::varchar, 9, '0') as lead_id, '疑似围标串标：已消失的线索 ' || i as title, 'collusion' as family, 0.6 as score,
      []::varchar[] as company_ids, []::varchar[] as person_ids, []::varchar[] as tender_ids, []::varchar[] as project_codes,
      ['A1'] as detections, []::varchar[] as flag_ids, 'dismissed' as status, 'run-0' as first_seen_run, 'run-0' as last_seen_run, false as active
    from range(500) as t(i)`);
  await db.run(`insert into lead_reviews (lead_id, status, note, reviewer, reviewed_at)
    select lead_id, status, '核查意见：已调取原始文件（' || lead_id || '）', '王审查', timestamptz '2026-11-21 15:00:00+08'
    from leads where status <> 'new'`);
}
