-- D3 construction started before the works award or before the construction permit (先建后招 / 未批先建).
-- Grain: one hit per known project whose first construction_start milestone precedes the first award decision
-- of its works tenders (or their announcement, when none is awarded yet), or its first construction permit, or
-- (when `flag_missing_permit`) has no construction permit on record at all.
with projects as (
    select * from stg_projects
),

milestones as (
    select * from stg_milestones
),

approvals as (
    select * from stg_approvals
),

tenders as (
    select * from mart_tenders
),

companies as (
    select company_id, name from stg_companies
),

starts as (
    select
        project_code,
        min(occurred_on) as started_on,
        arg_min(milestone_id, occurred_on) as start_milestone_id,
        arg_min(source, occurred_on) as start_source
    from milestones
    where kind = 'construction_start'
    group by project_code
),

works_tenders as (
    select
        project_code,
        min(decided_at::date) as first_award_on,
        min(coalesce(announced_at::date, bid_deadline::date)) as first_announced_on,
        list(tender_id order by tender_id) as tender_ids,
        list(award_id order by award_id) filter (where award_id is not null) as award_ids,
        list(distinct winner_id) filter (where winner_id is not null) as winner_ids,
        list({
            '标段编号': tender_id,
            '标段名称': title,
            '方式': method,
            '公告日期': announced_at::date,
            '定标日期': decided_at::date,
            '中标人': winner_id
        } order by coalesce(announced_at, decided_at), tender_id) as rows
    from tenders
    where category = 'works' and project_code is not null
    group by project_code
),

permits as (
    select
        project_code,
        min(issued_on) as permit_on,
        arg_min(approval_id, issued_on) as permit_id
    from approvals
    where kind = 'construction_permit'
    group by project_code
),

judged as (
    select
        projects.project_code,
        projects.name as project_name,
        projects.owner_id,
        projects.total_investment,
        starts.started_on,
        starts.start_milestone_id,
        starts.start_source,
        works_tenders.first_award_on,
        works_tenders.first_announced_on,
        works_tenders.tender_ids,
        works_tenders.award_ids,
        works_tenders.winner_ids,
        works_tenders.rows as tender_rows,
        permits.permit_on,
        permits.permit_id,
        works_tenders.project_code is not null
            and (starts.started_on < works_tenders.first_award_on
                 or (works_tenders.first_award_on is null and starts.started_on < works_tenders.first_announced_on)) as before_award,
        permits.permit_on is not null and starts.started_on < permits.permit_on as before_permit,
        permits.permit_on is null
            and $flag_missing_permit
            and coalesce(projects.total_investment, 'infinity'::double) >= $permit_exempt_below as missing_permit
    from projects
    inner join starts on starts.project_code = projects.project_code
    left join works_tenders on works_tenders.project_code = projects.project_code
    left join permits on permits.project_code = projects.project_code
),

flagged as (
    select
        *,
        -- Independent findings combine as a noisy-or.
        round(1 - (1 - case when before_award then 0.8 else 0 end)
                * (1 - case when before_permit then 0.7 when missing_permit then 0.45 else 0 end), 4) as score
    from judged
    where before_award or before_permit or missing_permit
),

final as (
    select
        null::varchar as tender_id,
        coalesce(flagged.tender_ids, []) as tender_ids,
        flagged.project_code,
        list_distinct(list_concat([flagged.owner_id], coalesce(flagged.winner_ids, []))) as company_ids,
        list_filter(list_concat([flagged.start_milestone_id, flagged.permit_id], coalesce(flagged.award_ids, [])), id -> id is not null) as record_ids,
        flagged.score,
        json_object(
            'summary_zh', '项目 ' || flagged.project_code || '（' || flagged.project_name || '）于 ' || flagged.started_on || ' 开工（来源：'
                || coalesce(flagged.start_source, '未注明') || '），'
                || array_to_string(list_filter([
                    case when flagged.before_award and flagged.first_award_on is not null then '早于施工标段首次定标日期 ' || flagged.first_award_on
                         when flagged.before_award then '施工招标 ' || flagged.first_announced_on || ' 才发布' end,
                    case when flagged.before_permit then '早于施工许可证核发日期 ' || flagged.permit_on end,
                    case when flagged.missing_permit then '且无施工许可记录' end
                ], s -> s is not null), '，')
                || '，疑似' || case when flagged.before_award then '先建后招' else '未批先建' end || '（建筑法第七条；招标投标法第三条）。',
            'summary_en', 'Project ' || flagged.project_code || ' started construction on ' || flagged.started_on
                || case when flagged.before_award then ' before its works were awarded' else '' end
                || case when flagged.before_permit then ' before its construction permit (' || flagged.permit_on || ')' else '' end
                || case when flagged.missing_permit then ' with no construction permit on record' else '' end
                || ': suspected building before tendering / approval.',
            'facts', json_object(
                'started_on', flagged.started_on,
                'start_source', flagged.start_source,
                'first_award_on', flagged.first_award_on,
                'first_announced_on', flagged.first_announced_on,
                'permit_on', flagged.permit_on,
                'before_award', flagged.before_award,
                'before_permit', flagged.before_permit,
                'missing_permit', flagged.missing_permit,
                'days_before_award', datediff('day', flagged.started_on, flagged.first_award_on),
                'days_before_permit', datediff('day', flagged.started_on, flagged.permit_on),
                'total_investment', flagged.total_investment,
                'threshold_permit_exempt_below', $permit_exempt_below
            ),
            'tables', [
                json_object('title_zh', '开工与施工许可', 'rows', [{
                    '项目代码': flagged.project_code,
                    '项目名称': flagged.project_name,
                    '建设单位': coalesce(owners.name, flagged.owner_id),
                    '开工日期': flagged.started_on,
                    '开工信息来源': flagged.start_source,
                    '施工许可日期': flagged.permit_on
                }]),
                json_object('title_zh', '施工标段', 'rows', coalesce(flagged.tender_rows, []))
            ],
            'highlight', [cast(flagged.started_on as varchar)]
        ) as evidence
    from flagged
    left join companies as owners on owners.company_id = flagged.owner_id
)

select * from final
