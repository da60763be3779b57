-- A7 step 0, shared by both paths. Grain: one row per pair of firms that bid together in at least $min_co_bids
-- tenders, with each firm's own tender count: the tight-ring path normalises the pair by Jaccard (pairs.sql), the
-- regime path by chance (marketPairs.sql). The self-join over every bid is the costly part, so it is done once.
with firm_tenders as (
    select bidder_id, count(*) as n_tenders from a7_participation group by bidder_id
),

co_bids as (
    select a.bidder_id as firm_a, b.bidder_id as firm_b, count(*) as co_bids
    from a7_participation as a
    inner join a7_participation as b on b.tender_id = a.tender_id and a.bidder_id < b.bidder_id
    group by all
    having count(*) >= $min_co_bids
)

select
    co_bids.firm_a,
    co_bids.firm_b,
    co_bids.co_bids,
    firms_a.n_tenders as n_tenders_a,
    firms_b.n_tenders as n_tenders_b
from co_bids
inner join firm_tenders as firms_a on firms_a.bidder_id = co_bids.firm_a
inner join firm_tenders as firms_b on firms_b.bidder_id = co_bids.firm_b
