-- A8 award near the ceiling with thin competition. Grain: one hit per tender.
with tenders as (
    select tender_id, method, ceiling_price, award_price, winner_id, n_bids, n_valid_bids, award_id
    from mart_tenders
    where award_price is not null
      and ceiling_price > 0
      and list_contains(string_split($competitive_methods, ','), method)
),

near_ceiling as (
    select *, award_price / ceiling_price as ceiling_ratio
    from tenders
    where award_price / ceiling_price >= $min_ceiling_ratio and n_bids >= 2
),

bids as (
    select bid_id, tender_id, bidder_id, bidder_name, price, price_to_ceiling, status, is_winner
    from mart_bids
    where tender_id in (select tender_id from near_ceiling)
),

-- Related bidders in the same tender (the A6 links, generic registry values dropped).
related_pairs as (
    select distinct bids_a.tender_id, relations.company_a, relations.company_b, relations.relation
    from mart_company_relations as relations
    inner join bids as bids_a on bids_a.bidder_id = relations.company_a
    inner join bids as bids_b on bids_b.bidder_id = relations.company_b and bids_b.tender_id = bids_a.tender_id
    where relations.relation in ('legal_rep', 'shareholding', 'rep_holds_shares')
       or relations.value_companies < $generic_value_min_companies
),

related_per_tender as (
    select
        tender_id,
        list_distinct(list(company_a) || list(company_b)) as related_companies,
        list(distinct relation order by relation) as relations
    from related_pairs
    group by tender_id
),

flagged as (
    select
        near_ceiling.*,
        coalesce(related_per_tender.related_companies, []) as related_companies,
        coalesce(related_per_tender.relations, []) as relations,
        near_ceiling.n_valid_bids <= $max_valid_bids as few_bidders,
        related_per_tender.tender_id is not null as related_bidders
    from near_ceiling
    left join related_per_tender using (tender_id)
    where near_ceiling.n_valid_bids <= $max_valid_bids or related_per_tender.tender_id is not null
),

bid_rows as (
    select
        flagged.tender_id,
        list(bids.bid_id order by bids.bid_id) as bid_ids,
        list(distinct bids.bidder_id order by bids.bidder_id) as bidder_ids,
        bids_side_by_side(bids, {
            '占最高限价': round(bids.price_to_ceiling * 100, 2) || '%',
            '中标': case when bids.is_winner then '是' else '' end,
            '与其他投标人关联': case when list_contains(flagged.related_companies, bids.bidder_id) then '是' else '' end
        }) as rows
    from flagged
    inner join bids on bids.tender_id = flagged.tender_id
    group by flagged.tender_id
),

final as (
    select
        flagged.tender_id,
        bid_rows.bidder_ids as company_ids,
        bid_rows.bid_ids || case when flagged.award_id is null then []::varchar[] else [flagged.award_id] end as record_ids,
        least(0.9, 0.45
            + 0.25 * least(1, (flagged.ceiling_ratio - $min_ceiling_ratio) / greatest(1 - $min_ceiling_ratio, 0.001))
            + case when flagged.related_bidders then 0.2 else 0 end
            + case when flagged.few_bidders then 0.05 else 0 end) as score,
        json_object(
            'summary_zh', '标段 ' || flagged.tender_id || ' 中标价 ' || round(flagged.award_price, 2) || ' 元，为最高投标限价的 '
                || round(flagged.ceiling_ratio * 100, 2) || '%'
                || case when flagged.few_bidders then '，仅 ' || flagged.n_valid_bids || ' 家有效投标' else '' end
                || case when flagged.related_bidders then '，投标人之间存在关联关系（' || array_to_string(flagged.relations, '、') || '）' else '' end
                || '，竞争不充分，疑似围标串标抬高中标价。',
            'summary_en', 'Tender ' || flagged.tender_id || ' awarded at ' || round(flagged.ceiling_ratio * 100, 2) || ' % of the ceiling with '
                || flagged.n_valid_bids || ' valid bid(s)' || case when flagged.related_bidders then ' and related bidders' else '' end || '.',
            'facts', json_object(
                'award_price', flagged.award_price,
                'ceiling_price', flagged.ceiling_price,
                'ceiling_ratio', round(flagged.ceiling_ratio, 4),
                'threshold_min_ceiling_ratio', $min_ceiling_ratio,
                'valid_bids', flagged.n_valid_bids,
                'threshold_max_valid_bids', $max_valid_bids,
                'few_bidders', flagged.few_bidders,
                'related_bidders', flagged.related_bidders,
                'relations', array_to_string(flagged.relations, ',')
            ),
            'tables', [json_object('title_zh', '各投标报价与最高投标限价', 'rows', bid_rows.rows)],
            'highlight', flagged.related_companies
        ) as evidence
    from flagged
    inner join bid_rows on bid_rows.tender_id = flagged.tender_id
)

select * from final
