-- D5 three overruns 三超. Grain: one hit per known project whose approved budget estimate (概算) exceeds the
-- feasibility estimate (估算), whose construction budget (预算) exceeds the approved estimate, or whose final
-- account (决算) exceeds the budget, each beyond its tolerance. The latest figure of each kind counts (a
-- re-approved estimate replaces the first); a missing figure skips that comparison.
with projects as (
    select * from stg_projects
),

approvals as (
    select * from stg_approvals
),

milestones as (
    select * from stg_milestones
),

companies as (
    select company_id, name from stg_companies
),

approved_amounts as (
    select
        project_code,
        kind,
        arg_max(amount, issued_on) as amount,
        arg_max(approval_id, issued_on) as record_id,
        max(issued_on) as on_date
    from approvals
    where kind in ('project_approval', 'budget_estimate') and amount is not null
    group by project_code, kind
),

reported_amounts as (
    select
        project_code,
        kind,
        arg_max(amount, occurred_on) as amount,
        arg_max(milestone_id, occurred_on) as record_id,
        max(occurred_on) as on_date
    from milestones
    where kind in ('budget', 'final_account') and amount is not null
    group by project_code, kind
),

amounts as (
    select * from approved_amounts
    union all
    select * from reported_amounts
),

-- Each overrun: the later figure against the earlier one it must stay within.
steps as (
    select * from (values
        ('estimate_over_approval', 'budget_estimate', 'project_approval', '概算超估算'),
        ('budget_over_estimate', 'budget', 'budget_estimate', '预算超概算'),
        ('final_over_budget', 'final_account', 'budget', '决算超预算')
    ) as steps (overrun, later_kind, earlier_kind, name_zh)
),

tolerances as (
    select 'estimate_over_approval' as overrun, $tolerance_estimate_over_approval as tolerance
    union all select 'budget_over_estimate', $tolerance_budget_over_estimate
    union all select 'final_over_budget', $tolerance_final_over_budget
),

overruns as (
    select
        projects.project_code,
        steps.overrun,
        steps.name_zh,
        later.amount as later_amount,
        earlier.amount as earlier_amount,
        later.record_id as later_record_id,
        earlier.record_id as earlier_record_id,
        later.on_date as later_on,
        tolerances.tolerance,
        later.amount / earlier.amount - 1 as excess
    from projects
    cross join steps
    inner join tolerances on tolerances.overrun = steps.overrun
    inner join amounts as later on later.project_code = projects.project_code and later.kind = steps.later_kind
    inner join amounts as earlier on earlier.project_code = projects.project_code and earlier.kind = steps.earlier_kind
    where list_contains($investment_types, projects.investment_type)
      and earlier.amount > 0
      and later.amount > earlier.amount * (1 + tolerances.tolerance)
),

per_project as (
    select
        project_code,
        list(overrun order by overrun) as overrun_kinds,
        string_agg(name_zh || ' ' || round(excess * 100, 1) || '%（容差 ' || round(tolerance * 100, 1) || '%）', '、' order by later_on) as overruns_zh,
        list(distinct later_record_id) || list(distinct earlier_record_id) as record_ids,
        max(excess - tolerance) as worst_beyond_tolerance,
        count(*) as n_overruns,
        list({
            '超支类型': name_zh,
            '基准金额(元)': earlier_amount,
            '基准记录': earlier_record_id,
            '超出后金额(元)': later_amount,
            '超出后记录': later_record_id,
            '超出比例': round(excess, 4),
            '容差': tolerance
        } order by later_on) as rows
    from overruns
    group by project_code
),

final as (
    select
        null::varchar as tender_id,
        per_project.project_code,
        [projects.owner_id] as company_ids,
        list_distinct(per_project.record_ids) as record_ids,
        -- 0.5 at the tolerance, rising with the overshoot beyond it and with each further overrun.
        round(least(0.9, 0.5 + least(per_project.worst_beyond_tolerance, 0.3) + 0.1 * (per_project.n_overruns - 1)), 4) as score,
        json_object(
            'summary_zh', '项目 ' || per_project.project_code || '（' || projects.name || '）' || per_project.overruns_zh
                || '，超出容差，疑似“三超”（随意扩大规模、提高标准或虚增工程量；政府投资条例第十二条、第二十三条）。',
            'summary_en', 'Project ' || per_project.project_code || ' overruns: ' || array_to_string(per_project.overrun_kinds, ', ')
                || ' beyond tolerance: suspected cost overrun (三超).',
            'facts', json_object(
                'overruns', array_to_string(per_project.overrun_kinds, ','),
                'worst_excess_beyond_tolerance', round(per_project.worst_beyond_tolerance, 4),
                'investment_type', projects.investment_type,
                'threshold_tolerance_estimate_over_approval', $tolerance_estimate_over_approval,
                'threshold_tolerance_budget_over_estimate', $tolerance_budget_over_estimate,
                'threshold_tolerance_final_over_budget', $tolerance_final_over_budget
            ),
            'tables', [json_object('title_zh', '估算、概算、预算、决算对比', 'rows', per_project.rows)],
            'highlight', list_distinct(per_project.record_ids)
        ) as evidence
    from per_project
    inner join projects on projects.project_code = per_project.project_code
)

select * from final
