-- D1 tender before the project's approval / verification / filing. Grain: one hit per tender of a known
-- project whose route-required decision was issued after the tender began, or is not on record.
-- A tender with no project code, or whose project is not on record (a data gap), is never judged here.
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

-- The decision each approval route needs (a documented parameter table).
route_decisions as (
    select key as approval_route, value ->> '$' as decision_kind
    from json_each(cast($route_decisions as json))
),

-- The day the procurement began: announcement, else bid deadline, else (direct awards) the award decision.
judged_tenders as (
    select
        *,
        coalesce(announced_at::date, bid_deadline::date, decided_at::date) as tendered_on
    from tenders
    where project_code is not null
      and project_known
      and approval_route is not null
),

-- Feasibility, EIA-report or survey consulting is bought before, and for, the approval itself.
in_scope as (
    select judged_tenders.*
    from judged_tenders
    where tendered_on is not null
      and not (
          category = 'services'
          and len(list_filter($preparatory_service_keywords, keyword -> contains(title, keyword))) > 0
      )
),

first_decisions as (
    select
        project_code,
        kind,
        min(issued_on) as first_issued_on,
        arg_min(approval_id, issued_on) as first_approval_id,
        arg_min(doc_no, issued_on) as first_doc_no,
        arg_min(authority, issued_on) as first_authority
    from approvals
    group by project_code, kind
),

judged as (
    select
        in_scope.*,
        route_decisions.decision_kind,
        first_decisions.first_issued_on,
        first_decisions.first_approval_id,
        first_decisions.first_doc_no,
        first_decisions.first_authority,
        case when first_decisions.first_issued_on is null then 'none_on_record' else 'before_decision' end as finding
    from in_scope
    inner join route_decisions on route_decisions.approval_route = in_scope.approval_route
    left join first_decisions
        on first_decisions.project_code = in_scope.project_code
       and first_decisions.kind = route_decisions.decision_kind
    where first_decisions.first_issued_on is null
       or in_scope.tendered_on < first_decisions.first_issued_on
),

approval_tables as (
    select
        judged.tender_id,
        list({
            '审批事项编号': approvals.approval_id,
            '事项': approvals.kind,
            '批复日期': approvals.issued_on,
            '审批部门': approvals.authority,
            '文号': approvals.doc_no
        } order by approvals.issued_on, approvals.approval_id) as rows
    from judged
    inner join approvals on approvals.project_code = judged.project_code
    group by judged.tender_id
),

scored as (
    select
        judged.*,
        datediff('day', judged.tendered_on, judged.first_issued_on) as days_early,
        -- Approval and verification are legal preconditions (BL Art. 9, Reg Art. 7); filing is a weaker one.
        case judged.approval_route when 'approval' then 0.85 when 'verification' then 0.8 else 0.55 end
            - case when judged.finding = 'none_on_record' then 0.15 else 0 end as score
    from judged
),

final as (
    select
        scored.tender_id,
        scored.project_code,
        list_distinct(list_filter([scored.buyer_id, scored.project_owner_id], id -> id is not null)) as company_ids,
        list_filter([scored.tender_id, scored.first_approval_id], id -> id is not null) as record_ids,
        scored.score,
        json_object(
            'summary_zh', '标段 ' || scored.tender_id || '（' || scored.title || '）于 ' || scored.tendered_on || ' 发布招标，'
                || case when scored.finding = 'none_on_record'
                        then '而所属项目 ' || scored.project_code || ' 无' || coalesce(decision_names.name_zh, scored.decision_kind) || '记录'
                        else '早于所属项目 ' || scored.project_code || ' 的' || coalesce(decision_names.name_zh, scored.decision_kind) || '批复日期 ' || scored.first_issued_on
                             || '（提前 ' || scored.days_early || ' 天）' end
                || '，疑似未批先招（招标投标法第九条；实施条例第七条）。',
            'summary_en', 'Tender ' || scored.tender_id || ' began on ' || scored.tendered_on || ', '
                || case when scored.finding = 'none_on_record' then 'with no ' || scored.decision_kind || ' of project ' || scored.project_code || ' on record'
                        else scored.days_early || ' days before the ' || scored.decision_kind || ' of project ' || scored.project_code || ' was issued' end
                || ': suspected tendering before approval.',
            'facts', json_object(
                'finding', scored.finding,
                'tendered_on', scored.tendered_on,
                'approval_route', scored.approval_route,
                'required_decision', scored.decision_kind,
                'decision_issued_on', scored.first_issued_on,
                'decision_doc_no', scored.first_doc_no,
                'days_before_decision', scored.days_early,
                'threshold_tender_not_before', scored.first_issued_on
            ),
            'tables', [
                json_object('title_zh', '招标信息', 'rows', [{
                    '标段编号': scored.tender_id,
                    '标段名称': scored.title,
                    '项目代码': scored.project_code,
                    '项目名称': projects.project_name,
                    '招标人': coalesce(buyers.name, scored.buyer_id),
                    '类别': scored.category,
                    '方式': scored.method,
                    '公告日期': scored.tendered_on
                }]),
                json_object('title_zh', '项目审批事项', 'rows', coalesce(approval_tables.rows, []))
            ],
            'highlight', list_filter([cast(scored.tendered_on as varchar), cast(scored.first_issued_on as varchar)], v -> v is not null)
        ) as evidence
    from scored
    left join (values
        ('project_approval', '立项（可研）审批'), ('verification', '核准'), ('filing', '备案')
    ) as decision_names (kind, name_zh) on decision_names.kind = scored.decision_kind
    left join approval_tables on approval_tables.tender_id = scored.tender_id
    left join projects on projects.project_code = scored.project_code
    left join companies as buyers on buyers.company_id = scored.buyer_id
)

select * from final
