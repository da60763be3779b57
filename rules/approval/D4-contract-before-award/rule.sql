-- D4 contract signed before the award decision, or award decided before the bid deadline.
-- Grain: one hit per tender with either finding. A contract is compared with the earliest award of its tender
-- to its own supplier, else with the tender's latest award; a contract whose tender has no award is not judged.
with tenders as (
    select * from mart_tenders
),

awards as (
    select * from stg_awards
),

contracts as (
    select * from stg_contracts
),

companies as (
    select company_id, name from stg_companies
),

award_to_supplier as (
    select
        tender_id,
        winner_id,
        min(decided_at) as decided_at,
        arg_min(award_id, decided_at) as award_id
    from awards
    group by tender_id, winner_id
),

-- BL Art. 46: the contract follows the award notice; signing earlier means the outcome was settled beforehand.
contracts_before_award as (
    select
        contracts.tender_id,
        contracts.contract_id,
        contracts.supplier_id,
        contracts.signed_on,
        coalesce(award_to_supplier.award_id, tenders.award_id) as award_id,
        coalesce(award_to_supplier.decided_at, tenders.decided_at) as decided_at
    from contracts
    inner join tenders on tenders.tender_id = contracts.tender_id
    left join award_to_supplier
        on award_to_supplier.tender_id = contracts.tender_id
       and award_to_supplier.winner_id = contracts.supplier_id
    where coalesce(award_to_supplier.decided_at, tenders.decided_at) is not null
      and datediff('day', contracts.signed_on, coalesce(award_to_supplier.decided_at, tenders.decided_at)::date) >= $min_days_before_award
),

-- An award decided before bids were even due (BL Arts. 34, 40: bids are opened at the deadline, then evaluated).
awards_before_deadline as (
    select
        awards.tender_id,
        awards.award_id,
        awards.winner_id,
        awards.decided_at,
        tenders.bid_deadline
    from awards
    inner join tenders on tenders.tender_id = awards.tender_id
    where tenders.bid_deadline is not null
      and awards.decided_at < tenders.bid_deadline
      and datediff('minute', awards.decided_at, tenders.bid_deadline) >= $min_minutes_before_deadline
),

findings as (
    select
        tender_id,
        'contract_before_award' as finding,
        contract_id as record_id,
        award_id as other_record_id,
        supplier_id as company_id,
        datediff('day', signed_on, decided_at::date) as days_early,
        {
            '发现': '合同签订早于定标',
            '合同/定标编号': contract_id,
            '对应定标编号': award_id,
            '合同签订日期': cast(signed_on as varchar),
            '定标时间': strftime(decided_at, '%Y-%m-%d %H:%M'),
            '投标截止时间': null::varchar
        } as row
    from contracts_before_award
    union all
    select
        tender_id,
        'award_before_deadline',
        award_id,
        null,
        winner_id,
        datediff('day', decided_at, bid_deadline),
        {
            '发现': '定标早于投标截止',
            '合同/定标编号': award_id,
            '对应定标编号': null::varchar,
            '合同签订日期': null::varchar,
            '定标时间': strftime(decided_at, '%Y-%m-%d %H:%M'),
            '投标截止时间': strftime(bid_deadline, '%Y-%m-%d %H:%M')
        }
    from awards_before_deadline
),

per_tender as (
    select
        tender_id,
        list(distinct finding order by finding) as kinds,
        list(distinct record_id) as record_ids,
        list(distinct other_record_id) filter (where other_record_id is not null) as other_record_ids,
        list(distinct company_id) as company_ids,
        max(days_early) filter (where finding = 'contract_before_award') as contract_days_early,
        max(days_early) filter (where finding = 'award_before_deadline') as award_days_early,
        list(row order by finding, record_id) as rows
    from findings
    group by tender_id
),

scored as (
    select
        *,
        list_contains(kinds, 'contract_before_award') as contract_before_award,
        list_contains(kinds, 'award_before_deadline') as award_before_deadline,
        round(1 - (1 - case when list_contains(kinds, 'contract_before_award') then 0.75 else 0 end)
                * (1 - case when list_contains(kinds, 'award_before_deadline') then 0.85 else 0 end), 4) as score
    from per_tender
),

final as (
    select
        scored.tender_id,
        tenders.project_code,
        list_distinct(list_concat([tenders.buyer_id], scored.company_ids)) as company_ids,
        list_distinct(list_concat(scored.record_ids, coalesce(scored.other_record_ids, []))) as record_ids,
        scored.score,
        json_object(
            'summary_zh', '标段 ' || scored.tender_id || '（' || tenders.title || '）'
                || array_to_string(list_filter([
                    case when scored.contract_before_award then '合同签订早于定标（最多提前 ' || scored.contract_days_early || ' 天）' end,
                    case when scored.award_before_deadline then '定标早于投标截止时间 ' || strftime(tenders.bid_deadline, '%Y-%m-%d %H:%M') end
                ], s -> s is not null), '，')
                || '，疑似“先定后招”、招标流于形式（招标投标法第四十六条；实施条例第五十七条）。',
            'summary_en', 'Tender ' || scored.tender_id || ': '
                || array_to_string(list_filter([
                    case when scored.contract_before_award then 'contract signed before the award decision' end,
                    case when scored.award_before_deadline then 'award decided before the bid deadline' end
                ], s -> s is not null), '; ')
                || ': suspected pre-arranged award.',
            'facts', json_object(
                'contract_before_award', scored.contract_before_award,
                'award_before_deadline', scored.award_before_deadline,
                'contract_days_before_award', scored.contract_days_early,
                'award_days_before_deadline', scored.award_days_early,
                'bid_deadline', tenders.bid_deadline,
                'threshold_contract_not_before', tenders.decided_at::date
            ),
            'tables', [json_object('title_zh', '时间顺序异常', 'rows', scored.rows)],
            'highlight', list_concat(scored.record_ids, coalesce(scored.other_record_ids, []))
        ) as evidence
    from scored
    inner join tenders on tenders.tender_id = scored.tender_id
)

select * from final
