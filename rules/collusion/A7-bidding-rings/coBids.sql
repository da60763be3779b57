-- A7 step 0, shared by both paths. Grain: one row per pair of firms that bid together in at least $min_co_bids
-- tenders, with each firm's own tender count: the tight-ring path normalises the pair by Jaccard (pairs.sql), the
-- regime path by chance (marketPairs.sql). The self-join over every bid is the costly part, so it is done once,
-- on integers: firms numbered in id order (so `a < b` orders the pair as the ids do) and tenders by their row in
-- mart_tenders. Joined and grouped on the id strings, the pairs of the 10M-bid set outgrew DuckDB's memory limit
-- and spilled (bench/profileScan.ts); the ids come back for the pairs that pass only.
with firms as (
    select bidder_id, row_number() over (order by bidder_id)::integer as firm, count(*) as n_tenders
    from a7_participation
    group by bidder_id
),

participation as (
    select tenders.rowid as tender, firms.firm
    from a7_participation
    inner join firms using (bidder_id)
    inner join mart_tenders as tenders using (tender_id)
),

co_bids as (
    select a.firm as firm_a, b.firm as firm_b, count(*) as co_bids
    from participation as a
    inner join participation as b on b.tender = a.tender and a.firm < b.firm
    group by all
    having count(*) >= $min_co_bids
)

select
    firms_a.bidder_id as firm_a,
    firms_b.bidder_id as firm_b,
    co_bids.co_bids,
    firms_a.n_tenders as n_tenders_a,
    firms_b.n_tenders as n_tenders_b
from co_bids
inner join firms as firms_a on firms_a.firm = co_bids.firm_a
inner join firms as firms_b on firms_b.firm = co_bids.firm_b
