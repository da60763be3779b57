-- E5 sanctioned company. Grain: one hit per tender (or contract without procurement) and sanctioned company that bid or
-- won while a barring credit record covered the day that matters: the bid deadline for bids, the award decision for a
-- winner with no bid on record, the signing day for a contract with no procurement on record.
with sanctions as (
    select company_id, kind, sanction_from, sanction_to, authority
    from stg_company_credit_records
    where list_bool_or(list_transform($kind_keywords, k -> contains(kind, k)))
),

-- Bids (and every consortium member), judged on the deadline day.
bid_acts as (
    select
        tender_id,
        bid_id as record_id,
        unnest(list_concat([bidder_id], consortium_ids)) as company_id,
        is_winner,
        coalesce(bid_deadline, submitted_at)::date as act_on,
        'bid' as act
    from mart_bids
    where status <> 'withdrawn'
),

-- Winners whose bid is not on record, judged on the award day.
award_acts as (
    select tenders.tender_id, tenders.award_id as record_id, tenders.winner_id as company_id, true as is_winner,
           tenders.decided_at::date as act_on, 'award' as act
    from mart_tenders as tenders
    where tenders.winner_id is not null
      and not exists (
          select 1 from mart_bids
          where mart_bids.tender_id = tenders.tender_id and mart_bids.bidder_id = tenders.winner_id
      )
),

-- Contracts with no procurement on record: the supplier "won" on the signing day.
contract_acts as (
    select null as tender_id, contract_id as record_id, supplier_id as company_id, true as is_winner,
           signed_on as act_on, 'contract' as act
    from mart_contracts
    where not has_procurement
),

acts as (
    select * from bid_acts
    union all select * from award_acts
    union all select * from contract_acts
),

sanctioned_acts as (
    select acts.*, sanctions.kind, sanctions.sanction_from, sanctions.sanction_to, sanctions.authority
    from acts
    inner join sanctions
        on sanctions.company_id = acts.company_id
       and sanctions.sanction_from <= acts.act_on
       and coalesce(sanctions.sanction_to >= acts.act_on, true)
    where acts.act_on is not null
),

grouped as (
    select
        tender_id,
        case when tender_id is null then record_id end as contract_id,
        company_id,
        bool_or(is_winner) as won,
        list(distinct record_id order by record_id) as record_ids,
        min(act_on) as act_on,
        list(distinct kind order by kind) as kinds,
        list(distinct {
            '失信/处罚类别': kind,
            '起始日期': sanction_from,
            '截止日期': sanction_to,
            '认定机关': authority
        }) as sanction_rows
    from sanctioned_acts
    group by all
),

final as (
    select
        grouped.tender_id,
        contracts.project_code,
        list_filter([grouped.company_id, tenders.buyer_id, contracts.buyer_id], x -> x is not null) as company_ids,
        grouped.record_ids,
        case when grouped.won then $score_winner else $score_bidder end as score,
        json_object(
            'summary_zh', coalesce(companies.name, grouped.company_id)
                || case when grouped.tender_id is not null
                        then case when grouped.won then ' 中标标段 ' else ' 投标标段 ' end || grouped.tender_id || coalesce('（' || tenders.title || '）', '')
                        else ' 签订合同 ' || grouped.contract_id || coalesce('（' || contracts.title || '）', '') end
                || '，其时（' || strftime(grouped.act_on, '%Y-%m-%d') || '）该企业处于“' || array_to_string(grouped.kinds, '、')
                || '”限制期内，'
                || case when grouped.tender_id is null then '疑似向失信或受处罚企业发包'
                        when grouped.won then '疑似失信或受处罚企业违规参与投标并中标'
                        else '疑似失信或受处罚企业违规参与投标' end
                || '（招标投标法第五十三条、政府采购法第二十二条）。',
            'summary_en', grouped.company_id || ' ' || case when grouped.won then 'won' else 'bid on' end || ' '
                || coalesce(grouped.tender_id, grouped.contract_id) || ' while under sanction (' || array_to_string(grouped.kinds, ', ') || ').',
            'facts', json_object(
                'act_on', strftime(grouped.act_on, '%Y-%m-%d'),
                'won', grouped.won,
                'sanction_kinds', array_to_string(grouped.kinds, ',')
            ),
            'tables', [json_object('title_zh', coalesce(companies.name, grouped.company_id) || ' 的失信/处罚记录', 'rows', grouped.sanction_rows)],
            'highlight', grouped.kinds
        ) as evidence
    from grouped
    left join mart_tenders as tenders on tenders.tender_id = grouped.tender_id
    left join mart_contracts as contracts on contracts.contract_id = grouped.contract_id
    left join stg_companies as companies on companies.company_id = grouped.company_id
)

select * from final
