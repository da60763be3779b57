-- B3 overlapping project-manager assignments. Grain: one hit per pair of contracts of one manager whose periods overlap
-- (the earlier by start date, then by contract id), after the lawful exceptions of 注册建造师管理规定 Art. 21.
with assignments as (
    select *
    from mart_pm_assignments
    where list_contains($categories, category)
),

-- Periods overlap when the later one starts before the earlier one ends (its completion milestone, else planned end).
-- An earlier contract with no known end cannot be judged (a data gap, not a hit).
pairs as (
    select
        earlier.project_manager_id,
        earlier.contract_id as earlier_contract_id,
        later.contract_id as later_contract_id,
        earlier.tender_id as earlier_tender_id,
        later.tender_id as later_tender_id,
        earlier.project_code as earlier_project_code,
        later.project_code as later_project_code,
        earlier.supplier_id as earlier_supplier_id,
        later.supplier_id as later_supplier_id,
        later.period_from as overlap_from,
        least(earlier.period_to, coalesce(later.period_to, earlier.period_to)) as overlap_to
    from assignments as earlier
    inner join assignments as later
        on later.project_manager_id = earlier.project_manager_id
       and (later.period_from > earlier.period_from
            or (later.period_from = earlier.period_from and later.contract_id > earlier.contract_id))
    where earlier.period_to is not null
      and later.period_from <= earlier.period_to
),

measured as (
    select *, date_diff('day', overlap_from, overlap_to) + 1 as overlap_days
    from pairs
),

-- Exception (一): adjacent sections or phases of one works = the same investment project (or the same tender).
other_works as (
    select *
    from measured
    where overlap_days >= $min_overlap_days
      and not coalesce(earlier_project_code = later_project_code, false)
      and not coalesce(earlier_tender_id = later_tender_id, false)
),

-- Exception (三): the earlier works was halted at least $min_suspension_days when the later one started.
suspensions as (
    select contract_id as suspended_contract_id, null as suspended_project_code, suspended_from, suspended_to
    from stg_work_suspensions
    where scope = 'contract'
    union all
    select null, project_code, suspended_from, suspended_to
    from stg_work_suspensions
    where scope = 'project'
),

excused_by_suspension as (
    select distinct other_works.earlier_contract_id, other_works.later_contract_id
    from other_works
    inner join suspensions
        on suspensions.suspended_contract_id = other_works.earlier_contract_id
        or suspensions.suspended_project_code = other_works.earlier_project_code
    where suspensions.suspended_from <= other_works.overlap_from
      and coalesce(suspensions.suspended_to >= other_works.overlap_from, true)
      and coalesce(date_diff('day', suspensions.suspended_from, suspensions.suspended_to) >= $min_suspension_days, true)
),

-- Exception (二), the earlier works accepted, is already in mart_pm_assignments.period_to (the completion milestone).
conflicts as (
    select other_works.*
    from other_works
    anti join excused_by_suspension using (earlier_contract_id, later_contract_id)
),

scored as (
    select
        *,
        -- A manager booked by two different companies is the borrowed-manager pattern itself (B1/B2 look at the same).
        least(0.95, 0.7
            + case when earlier_supplier_id <> later_supplier_id then 0.1 else 0 end
            + 0.1 * least(1.0, overlap_days / 180.0)) as score
    from conflicts
),

assignment_rows as (
    select
        assignments.contract_id,
        {
            '合同编号': assignments.contract_id,
            '标段编号': assignments.tender_id,
            '项目代码': assignments.project_code,
            '承包单位': coalesce(suppliers.name, assignments.supplier_id),
            '合同名称': assignments.title,
            '合同金额(元)': assignments.value,
            '开始日期': assignments.period_from,
            '计划竣工': assignments.planned_to,
            '竣工验收': assignments.completed_on,
            '项目经理来源': case assignments.pm_source when 'contract' then '合同' else '中标投标文件' end
        } as row
    from assignments
    left join stg_companies as suppliers on suppliers.company_id = assignments.supplier_id
    where assignments.contract_id in (select earlier_contract_id from scored union select later_contract_id from scored)
),

final as (
    select
        scored.later_tender_id as tender_id,
        list_filter([scored.earlier_tender_id, scored.later_tender_id], x -> x is not null) as tender_ids,
        [scored.earlier_supplier_id, scored.later_supplier_id] as company_ids,
        [scored.project_manager_id] as person_ids,
        [scored.earlier_contract_id, scored.later_contract_id] as record_ids,
        'person:' || scored.project_manager_id as case_key,
        scored.score,
        json_object(
            'summary_zh', '项目经理 ' || coalesce(persons.name, scored.project_manager_id) || ' 同时担任合同 ' || scored.earlier_contract_id
                || ' 与 ' || scored.later_contract_id || ' 的项目负责人，两项目在建期重叠 ' || scored.overlap_days || ' 日（'
                || strftime(scored.overlap_from, '%Y-%m-%d') || ' 至 ' || strftime(scored.overlap_to, '%Y-%m-%d')
                || '），且不属同一工程相邻标段、前项目未竣工验收、未停工满 ' || $min_suspension_days
                || ' 日，疑似在建项目冲突、项目经理挂证（注册建造师管理规定第二十一条）。',
            'summary_en', 'Project manager ' || scored.project_manager_id || ' is on contracts ' || scored.earlier_contract_id || ' and '
                || scored.later_contract_id || ', overlapping ' || scored.overlap_days || ' days with no lawful exception: suspected double assignment.',
            'facts', json_object(
                'overlap_days', scored.overlap_days,
                'threshold_min_overlap_days', $min_overlap_days,
                'threshold_min_suspension_days', $min_suspension_days,
                'overlap_from', strftime(scored.overlap_from, '%Y-%m-%d'),
                'overlap_to', strftime(scored.overlap_to, '%Y-%m-%d'),
                'different_companies', scored.earlier_supplier_id <> scored.later_supplier_id
            ),
            'tables', [json_object('title_zh', '项目经理 ' || coalesce(persons.name, scored.project_manager_id) || ' 担任项目负责人的合同',
                'rows', [earlier_rows.row, later_rows.row])],
            'highlight', [scored.project_manager_id, strftime(scored.overlap_from, '%Y-%m-%d')]
        ) as evidence
    from scored
    inner join assignment_rows as earlier_rows on earlier_rows.contract_id = scored.earlier_contract_id
    inner join assignment_rows as later_rows on later_rows.contract_id = scored.later_contract_id
    left join stg_persons as persons on persons.person_id = scored.project_manager_id
)

select * from final
