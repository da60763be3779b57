-- E1 short bid period. Grain: one hit per tender of a listed method whose bid period is shorter than $min_days.
-- Calendar days in Beijing time, the announcement day excluded: announced 03-01, deadline 03-21 = 20 days.
with tenders as (
    select tender_id, project_code, title, buyer_id, agency_id, method, category,
           estimated_value, ceiling_price, announced_at, bid_deadline
    from mart_tenders
    where list_contains($methods, method)
),

companies as (
    select company_id, name from stg_companies
),

-- A tender without both dates on record cannot be judged (a data gap, not a hit).
dated as (
    select *
    from tenders
    where announced_at is not null and bid_deadline is not null
),

periods as (
    select
        *,
        date_diff('day', announced_at::date, bid_deadline::date) as bid_period_days
    from dated
),

flagged as (
    select
        *,
        -- Shorter periods leave fewer firms able to prepare a bid: 19 days ≈ 0.52, 10 days = 0.7.
        least(0.9, 0.5 + 0.4 * ($min_days - bid_period_days) / $min_days) as score
    from periods
    where bid_period_days < $min_days
),

final as (
    select
        flagged.tender_id,
        list_filter([flagged.buyer_id, flagged.agency_id], x -> x is not null) as company_ids,
        [flagged.tender_id] as record_ids,
        flagged.score,
        json_object(
            'summary_zh', '标段 ' || tender_id || '（' || title || '）自招标公告发布（' || strftime(announced_at, '%Y-%m-%d')
                || '）至投标截止（' || strftime(bid_deadline, '%Y-%m-%d') || '）仅 ' || bid_period_days || ' 日，少于法定 '
                || $min_days || ' 日，疑似压缩等标期限制潜在投标人（招标投标法第二十四条）。',
            'summary_en', 'Tender ' || tender_id || ' gave ' || bid_period_days || ' days from announcement to bid deadline, fewer than '
                || $min_days || ': suspected shortened bid period.',
            'facts', json_object(
                'bid_period_days', bid_period_days,
                'threshold_min_days', $min_days,
                'method', method,
                'announced_on', strftime(announced_at, '%Y-%m-%d'),
                'bid_deadline_on', strftime(bid_deadline, '%Y-%m-%d')
            ),
            'tables', [json_object('title_zh', '招标时间', 'rows', [json_object(
                '标段编号', tender_id,
                '标段名称', title,
                '招标人', coalesce(buyers.name, buyer_id),
                '代理机构', coalesce(agencies.name, agency_id),
                '招标方式', case method when 'open' then '公开招标' when 'invited' then '邀请招标' else method end,
                '公告发布时间', strftime(announced_at, '%Y-%m-%d %H:%M'),
                '投标截止时间', strftime(bid_deadline, '%Y-%m-%d %H:%M'),
                '等标期(日)', bid_period_days
            )])],
            'highlight', [bid_period_days::varchar]
        ) as evidence
    from flagged
    left join companies as buyers on buyers.company_id = flagged.buyer_id
    left join companies as agencies on agencies.company_id = flagged.agency_id
)

select * from final
