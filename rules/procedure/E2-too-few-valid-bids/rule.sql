-- E2 too few valid bids. Grain: one hit per awarded tender of a listed method with fewer than $min_valid_bids valid bidders.
with tenders as (
    select tender_id, title, buyer_id, agency_id, method, category, bid_deadline,
           award_id, winner_id, award_price
    from mart_tenders
    where list_contains($methods, method)
      and winner_id is not null
),

-- Not materialized: DuckDB would otherwise copy every bid's columns into a temporary result (it materializes a CTE
-- read more than once), which at 10M bids outgrows its memory limit and spills; reading mart_bids again is cheaper.
bids as not materialized (
    select bid_id, tender_id, bidder_id, bidder_name, price, status, disqualification_reason
    from mart_bids
),

-- Bidders, not bids, make competition; a withdrawn bid was never in the competition. Each tender's bidders once, then
-- counted: two distinct counts per tender grouped every (tender, bidder) pair twice over (docs/scale.md).
tender_bidders as (
    select tender_id, bidder_id, bool_or(status <> 'withdrawn') as submitted, bool_or(status = 'valid') as valid, count(*) as n_bids
    from bids
    group by tender_id, bidder_id
),

bid_counts as (
    select
        tender_id,
        count(*) filter (where submitted) as n_bidders,
        count(*) filter (where valid) as n_valid_bidders,
        sum(n_bids) as n_bid_records
    from tender_bidders
    group by tender_id
),

-- A tender with no bids on record at all is a publication gap, not evidence of too few bids.
judged as (
    select tenders.*, bid_counts.n_bidders, bid_counts.n_valid_bidders
    from tenders
    inner join bid_counts on bid_counts.tender_id = tenders.tender_id
),

flagged as (
    select
        *,
        -- Fewer than three submitted bids breaks BL Art. 28 outright; three submitted but fewer than three
        -- valid after evaluation is the weaker "明显缺乏竞争" case (BL Art. 42 lets the committee reject all).
        case
            when n_bidders < $min_valid_bids then least(0.95, 0.7 + 0.1 * ($min_valid_bids - n_valid_bidders))
            else least(0.8, 0.45 + 0.1 * ($min_valid_bids - n_valid_bidders))
        end as score
    from judged
    where n_valid_bidders < $min_valid_bids
),

companies as (
    select company_id, name from stg_companies
),

bid_tables as (
    select
        flagged.tender_id,
        list(bids.bid_id order by bids.bid_id) as bid_ids,
        bids_side_by_side(bids, {
            '否决原因': bids.disqualification_reason,
            '中标': bids.bidder_id = flagged.winner_id
        }) as rows
    from flagged
    inner join bids on bids.tender_id = flagged.tender_id
    group by flagged.tender_id
),

final as (
    select
        flagged.tender_id,
        list_filter([flagged.buyer_id, flagged.agency_id, flagged.winner_id], x -> x is not null) as company_ids,
        list_concat(bid_tables.bid_ids, [flagged.award_id]) as record_ids,
        flagged.score,
        json_object(
            'summary_zh', '标段 ' || flagged.tender_id || '（' || flagged.title || '）'
                || case when flagged.n_bidders < $min_valid_bids
                        then '仅有 ' || flagged.n_bidders || ' 家投标人'
                        else '共 ' || flagged.n_bidders || ' 家投标，其中有效投标仅 ' || flagged.n_valid_bidders || ' 家'
                   end
                || '，少于 ' || $min_valid_bids || ' 家仍确定 ' || coalesce(winners.name, flagged.winner_id)
                || ' 中标，疑似应重新招标而未重新招标（招标投标法第二十八条、条例第四十四条）。',
            'summary_en', 'Tender ' || flagged.tender_id || ' was awarded with ' || flagged.n_valid_bidders || ' valid bid(s) from '
                || flagged.n_bidders || ' bidder(s), fewer than ' || $min_valid_bids || ': suspected lack of competition.',
            'facts', json_object(
                'n_bidders', flagged.n_bidders,
                'n_valid_bidders', flagged.n_valid_bidders,
                'threshold_min_valid_bids', $min_valid_bids,
                'method', flagged.method,
                'award_id', flagged.award_id
            ),
            'tables', [json_object('title_zh', '投标情况', 'rows', bid_tables.rows)],
            'highlight', [flagged.n_valid_bidders::varchar]
        ) as evidence
    from flagged
    inner join bid_tables on bid_tables.tender_id = flagged.tender_id
    left join companies as winners on winners.company_id = flagged.winner_id
)

select * from final
