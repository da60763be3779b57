-- D2 tendered before the prerequisites the project type needs. Grain: one hit per tender of a known project
-- whose category, under the project's approval route, needs prerequisite approvals (the `prerequisites`
-- table: route → category → kinds) of which at least one was issued after the tender began, or (when
-- `flag_missing`) is not on record although the project's route decision is.
with tenders as (
    select * from mart_tenders
),

approvals as (
    select * from stg_approvals
),

companies as (
    select company_id, name from stg_companies
),

projects as (
    select project_code, name as project_name from stg_projects
),

requirements as (
    select routes.key as approval_route, categories.key as category, unnest(cast(categories.value as varchar[])) as kind
    from json_each(cast($prerequisites as json)) as routes,
         json_each(routes.value) as categories
),

exemptions as (
    select key as investment_type, unnest(cast(value as varchar[])) as kind
    from json_each(cast($exempt_by_investment_type as json))
),

route_decisions as (
    select key as approval_route, value ->> '$' as decision_kind
    from json_each(cast($route_decisions as json))
),

judged_tenders as (
    select
        *,
        coalesce(announced_at::date, bid_deadline::date, decided_at::date) as tendered_on
    from tenders
    where project_code is not null
      and project_known
      and approval_route is not null
),

first_issued as (
    select
        project_code,
        kind,
        min(issued_on) as first_issued_on,
        arg_min(approval_id, issued_on) as first_approval_id
    from approvals
    group by project_code, kind
),

-- A project whose route decision is on record has its approvals published: a prerequisite missing there is a finding,
-- not a feed gap.
projects_with_decision as (
    select distinct judged_tenders.project_code
    from judged_tenders
    inner join route_decisions on route_decisions.approval_route = judged_tenders.approval_route
    inner join first_issued
        on first_issued.project_code = judged_tenders.project_code
       and first_issued.kind = route_decisions.decision_kind
),

checks as (
    select
        judged_tenders.tender_id,
        judged_tenders.project_code,
        judged_tenders.tendered_on,
        requirements.kind,
        first_issued.first_issued_on,
        first_issued.first_approval_id,
        case
            when first_issued.first_issued_on is not null and judged_tenders.tendered_on < first_issued.first_issued_on then 'late'
            when first_issued.first_issued_on is null and $flag_missing and projects_with_decision.project_code is not null then 'missing'
        end as finding
    from judged_tenders
    inner join requirements
        on requirements.approval_route = judged_tenders.approval_route
       and requirements.category = judged_tenders.category
    left join first_issued
        on first_issued.project_code = judged_tenders.project_code
       and first_issued.kind = requirements.kind
    left join projects_with_decision on projects_with_decision.project_code = judged_tenders.project_code
    anti join exemptions
        on exemptions.investment_type = judged_tenders.investment_type
       and exemptions.kind = requirements.kind
    where judged_tenders.tendered_on is not null
),

findings as (
    select * from checks where finding is not null
),

per_tender as (
    select
        tender_id,
        list(kind order by kind) filter (where finding = 'late') as late_kinds,
        list(kind order by kind) filter (where finding = 'missing') as missing_kinds,
        list(first_approval_id order by first_approval_id) filter (where first_approval_id is not null) as approval_ids,
        max(datediff('day', tendered_on, first_issued_on)) as max_days_early,
        count(*) filter (where finding = 'late') as n_late,
        count(*) filter (where finding = 'missing') as n_missing
    from findings
    group by tender_id
),

approval_tables as (
    select
        per_tender.tender_id,
        list({
            '审批事项编号': approvals.approval_id,
            '事项': approvals.kind,
            '批复日期': approvals.issued_on,
            '审批部门': approvals.authority,
            '文号': approvals.doc_no
        } order by approvals.issued_on, approvals.approval_id) as rows
    from per_tender
    inner join judged_tenders on judged_tenders.tender_id = per_tender.tender_id
    inner join approvals on approvals.project_code = judged_tenders.project_code
    group by per_tender.tender_id
),

named as (
    select
        per_tender.*,
        array_to_string(list_transform(coalesce(per_tender.late_kinds, []), k -> coalesce(map {
            'land_use': '用地预审/用地批准', 'planning_permit': '规划许可', 'eia': '环评批复',
            'budget_estimate': '初步设计概算批复', 'energy_review': '节能审查', 'construction_permit': '施工许可'
        }[k], k)), '、') as late_zh,
        array_to_string(list_transform(coalesce(per_tender.missing_kinds, []), k -> coalesce(map {
            'land_use': '用地预审/用地批准', 'planning_permit': '规划许可', 'eia': '环评批复',
            'budget_estimate': '初步设计概算批复', 'energy_review': '节能审查', 'construction_permit': '施工许可'
        }[k], k)), '、') as missing_zh
    from per_tender
),

final as (
    select
        judged_tenders.tender_id,
        judged_tenders.project_code,
        list_distinct(list_filter([judged_tenders.buyer_id, judged_tenders.project_owner_id], id -> id is not null)) as company_ids,
        list_concat([judged_tenders.tender_id], coalesce(named.approval_ids, [])) as record_ids,
        -- Each late prerequisite adds weight; a missing one (never issued) weighs less than one issued late.
        round(least(0.85, 0.45 + 0.1 * named.n_late + 0.05 * named.n_missing), 4) as score,
        json_object(
            'summary_zh', '标段 ' || judged_tenders.tender_id || '（' || judged_tenders.title || '）于 ' || judged_tenders.tendered_on || ' 发布招标，'
                || case when named.n_late > 0 then '早于所属项目 ' || judged_tenders.project_code || ' 的' || named.late_zh || '（最多提前 ' || named.max_days_early || ' 天）' else '' end
                || case when named.n_late > 0 and named.n_missing > 0 then '，且' else '' end
                || case when named.n_missing > 0 then '项目 ' || judged_tenders.project_code || ' 无' || named.missing_zh || '记录' else '' end
                || '，疑似前置手续未完备即招标（政府投资条例第二十条；工程建设项目施工招标投标办法第八条）。',
            'summary_en', 'Tender ' || judged_tenders.tender_id || ' began on ' || judged_tenders.tendered_on
                || coalesce(' before ' || array_to_string(named.late_kinds, ', '), '')
                || coalesce(' without ' || array_to_string(named.missing_kinds, ', ') || ' on record', '')
                || ': suspected tendering before the prerequisites.',
            'facts', json_object(
                'tendered_on', judged_tenders.tendered_on,
                'approval_route', judged_tenders.approval_route,
                'category', judged_tenders.category,
                'late_prerequisites', array_to_string(named.late_kinds, ','),
                'missing_prerequisites', array_to_string(named.missing_kinds, ','),
                'max_days_before_issue', named.max_days_early,
                'threshold_flag_missing', $flag_missing
            ),
            'tables', [
                json_object('title_zh', '招标信息', 'rows', [{
                    '标段编号': judged_tenders.tender_id,
                    '标段名称': judged_tenders.title,
                    '项目代码': judged_tenders.project_code,
                    '项目名称': projects.project_name,
                    '招标人': coalesce(buyers.name, judged_tenders.buyer_id),
                    '审批方式': judged_tenders.approval_route,
                    '公告日期': judged_tenders.tendered_on
                }]),
                json_object('title_zh', '项目审批事项', 'rows', coalesce(approval_tables.rows, []))
            ],
            'highlight', [cast(judged_tenders.tendered_on as varchar)]
        ) as evidence
    from named
    inner join judged_tenders on judged_tenders.tender_id = named.tender_id
    left join approval_tables on approval_tables.tender_id = named.tender_id
    left join projects on projects.project_code = judged_tenders.project_code
    left join companies as buyers on buyers.company_id = judged_tenders.buyer_id
)

select * from final
