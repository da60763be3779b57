-- A7 step 1. Grain: one row per pair of firms that bid together in at least $min_co_bids tenders (a7_co_bids,
-- coBids.sql), with the pair's co-bid count normalised by how often each bids at all (Jaccard). Aggregated in SQL so
-- the graph only ever holds pairs above the minimum.
select
    firm_a,
    firm_b,
    co_bids,
    co_bids / (n_tenders_a + n_tenders_b - co_bids) as jaccard
from a7_co_bids
where co_bids / (n_tenders_a + n_tenders_b - co_bids) >= $min_jaccard
order by firm_a, firm_b
