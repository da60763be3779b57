-- E3 disqualification pattern. Grain: one hit per awarded competitive tender where every other bidder was disqualified
-- (Cardinal R035) and/or the lowest bid was disqualified without looking abnormally low (Cardinal R036).
with tenders as (
    select tender_id, title, buyer_id, agency_id, method, winner_id, award_id, award_price
    from mart_tenders
    where winner_id is not null
      and list_contains($methods, method)
),

-- Withdrawn bids left the competition themselves; they are not disqualifications.
-- Not materialized: DuckDB would otherwise copy every bid's columns into a temporary result (it materializes a CTE
-- read more than once), which at 10M bids outgrows its memory limit and spills; reading mart_bids again is cheaper.
bids as not materialized (
    select mart_bids.bid_id, mart_bids.tender_id, mart_bids.bidder_id, mart_bids.bidder_name, mart_bids.price,
           mart_bids.status, mart_bids.disqualification_reason, mart_bids.is_winner
    from mart_bids
    semi join tenders on tenders.tender_id = mart_bids.tender_id
    where mart_bids.status <> 'withdrawn'
),

-- Reg Art. 51(5) lets evaluators reject a bid priced below cost: a bid under $abnormally_low_ratio of the tender's median
-- that was rejected is set aside (no red flag). The bid that matters is the lowest of the rest.
medians as (
    select tender_id, median(price) as median_price
    from bids
    group by tender_id
),

-- The lowest of the rest: per tender the first bid by price, then bid id (nulls last, as an order by). One aggregate
-- per tender, not a row number for every bid: that window sorted every tender's bids (1M bids at a tenth of the memory
-- limit: 2.4 of E3's 2.5 CPU s).
lowest_ordinary as (
    select tender_id, lowest.bid_id as lowest_bid_id, lowest.bidder_id as lowest_bidder_id, lowest.price as lowest_price,
           lowest.status as lowest_status, lowest.reason as lowest_reason
    from (
        select
            bids.tender_id,
            arg_min({'bid_id': bids.bid_id, 'bidder_id': bids.bidder_id, 'price': bids.price, 'status': bids.status,
                     'reason': bids.disqualification_reason},
                    {'price': bids.price, 'bid_id': bids.bid_id}) as lowest
        from bids
        inner join medians on medians.tender_id = bids.tender_id
        where not (bids.status = 'disqualified' and bids.price < $abnormally_low_ratio * medians.median_price)
        group by bids.tender_id
    )
),

per_tender as (
    select
        bids.tender_id,
        coalesce(bool_or(bids.is_winner and bids.status = 'valid'), false) as winner_valid,
        count(distinct bids.bidder_id) filter (where bids.status = 'valid' and not bids.is_winner) as n_valid_others,
        count(distinct bids.bidder_id) filter (where bids.status = 'disqualified' and not bids.is_winner) as n_disqualified_others,
        min(bids.price) filter (where bids.is_winner) as winner_price,
        any_value(medians.median_price) as median_price
    from bids
    inner join medians on medians.tender_id = bids.tender_id
    group by bids.tender_id
),

patterns as (
    select
        per_tender.*,
        per_tender.winner_valid and n_valid_others = 0 and n_disqualified_others >= $min_disqualified as all_but_winner,
        coalesce(lowest_ordinary.lowest_status = 'disqualified'
            and lowest_ordinary.lowest_bidder_id <> tenders.winner_id
            and coalesce(tenders.award_price, per_tender.winner_price) > lowest_ordinary.lowest_price, false) as lowest_disqualified,
        lowest_ordinary.lowest_price,
        lowest_ordinary.lowest_reason,
        tenders.title, tenders.buyer_id, tenders.agency_id, tenders.method, tenders.winner_id, tenders.award_id,
        coalesce(tenders.award_price, per_tender.winner_price) as paid_price
    from per_tender
    inner join tenders on tenders.tender_id = per_tender.tender_id
    left join lowest_ordinary on lowest_ordinary.tender_id = per_tender.tender_id
),

flagged as (
    select
        *,
        least(0.95, greatest(
            case when all_but_winner then 0.65 + 0.05 * least(4, n_disqualified_others - $min_disqualified) else 0 end,
            case when lowest_disqualified then 0.5 + least(0.3, 3 * (paid_price - lowest_price) / lowest_price) else 0 end
        ) + case when all_but_winner and lowest_disqualified then 0.1 else 0 end) as score
    from patterns
    where all_but_winner or lowest_disqualified
),

bid_tables as (
    select
        flagged.tender_id,
        list(bids.bid_id order by bids.bid_id) as bid_ids,
        list(distinct bids.bidder_id) filter (where bids.status = 'disqualified') as disqualified_ids,
        bids_side_by_side(bids, {
            '否决原因': bids.disqualification_reason,
            '中标': bids.is_winner
        }) as rows
    from flagged
    inner join bids on bids.tender_id = flagged.tender_id
    group by flagged.tender_id
),

final as (
    select
        flagged.tender_id,
        list_distinct(list_concat(list_filter([flagged.buyer_id, flagged.agency_id, flagged.winner_id], x -> x is not null),
            coalesce(bid_tables.disqualified_ids, []))) as company_ids,
        list_concat(bid_tables.bid_ids, [flagged.award_id]) as record_ids,
        flagged.score,
        json_object(
            'summary_zh', '标段 ' || flagged.tender_id || '（' || flagged.title || '）'
                || concat_ws('；',
                    case when flagged.all_but_winner then '除中标人外其余 ' || flagged.n_disqualified_others || ' 家投标人均被否决' end,
                    case when flagged.lowest_disqualified then '最低报价 ' || cast(flagged.lowest_price as decimal(18, 2)) || ' 元的投标被否决（'
                        || coalesce(flagged.lowest_reason, '未说明原因') || '），中标价 ' || cast(flagged.paid_price as decimal(18, 2)) || ' 元，高出 '
                        || round(100 * (flagged.paid_price - flagged.lowest_price) / flagged.lowest_price, 1) || '%' end)
                || '，疑似以否决投标排斥竞争者、为特定投标人中标创造条件。',
            'summary_en', 'Tender ' || flagged.tender_id || ': '
                || concat_ws('; ',
                    case when flagged.all_but_winner then 'all ' || flagged.n_disqualified_others || ' other bidders disqualified' end,
                    case when flagged.lowest_disqualified then 'lowest bid disqualified, winner ' || round(100 * (flagged.paid_price - flagged.lowest_price) / flagged.lowest_price, 1) || '% dearer' end) || '.',
            'facts', json_object(
                'all_but_winner_disqualified', flagged.all_but_winner,
                'disqualified_other_bidders', flagged.n_disqualified_others,
                'threshold_min_disqualified', $min_disqualified,
                'lowest_bid_disqualified', flagged.lowest_disqualified,
                'lowest_price', flagged.lowest_price,
                'winning_price', flagged.paid_price,
                'lowest_to_median', round(flagged.lowest_price / nullif(flagged.median_price, 0), 4),
                'threshold_abnormally_low_ratio', $abnormally_low_ratio
            ),
            'tables', [json_object('title_zh', '投标与否决情况', 'rows', bid_tables.rows)],
            'highlight', ['否决']
        ) as evidence
    from flagged
    inner join bid_tables on bid_tables.tender_id = flagged.tender_id
)

select * from final
