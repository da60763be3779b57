-- A7 step 1. Grain: one row per pair of firms that bid together in at least $min_co_bids tenders, with the
-- pair's co-bid count normalised by how often each bids at all (Jaccard). Aggregated in SQL so the graph
-- only ever holds pairs above the minimum.
with participation as (
    select * from a7_participation
),

firm_tenders as (
    select bidder_id, count(*) as n_tenders from participation group by bidder_id
),

co_bids as (
    select a.bidder_id as firm_a, b.bidder_id as firm_b, count(*) as co_bids
    from participation as a
    inner join participation as b on b.tender_id = a.tender_id and a.bidder_id < b.bidder_id
    group by all
    having count(*) >= $min_co_bids
),

final as (
    select
        co_bids.firm_a,
        co_bids.firm_b,
        co_bids.co_bids,
        co_bids.co_bids / (firms_a.n_tenders + firms_b.n_tenders - co_bids.co_bids) as jaccard
    from co_bids
    inner join firm_tenders as firms_a on firms_a.bidder_id = co_bids.firm_a
    inner join firm_tenders as firms_b on firms_b.bidder_id = co_bids.firm_b
    where co_bids.co_bids / (firms_a.n_tenders + firms_b.n_tenders - co_bids.co_bids) >= $min_jaccard
)

select * from final order by firm_a, firm_b
