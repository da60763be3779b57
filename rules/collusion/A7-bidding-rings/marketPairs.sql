-- A7 regime path, step 1. Grain: one row per pair of firms that bid together in at least $min_co_bids tenders
-- (a7_co_bids, coBids.sql), each firm bidding in at least $regime_min_firm_tenders, with how much more often they met
-- than chance: co-bids / (n_a · n_b / tenders). Unlike Jaccard this does not penalise a wide cartel whose members
-- meet a different part of it each time (a designated-bidder pool of a hundred firms); it keeps the pairs that meet
-- more than their activity explains (Conley & Decarolis 2016: members of a bidding group enter the same auctions
-- more than independent firms).
with market as (
    select count(distinct tender_id) as n_tenders from a7_participation
)

select
    a7_co_bids.firm_a,
    a7_co_bids.firm_b,
    a7_co_bids.co_bids,
    a7_co_bids.co_bids / (a7_co_bids.n_tenders_a * a7_co_bids.n_tenders_b / market.n_tenders) as lift
from a7_co_bids
cross join market
where a7_co_bids.n_tenders_a >= $regime_min_firm_tenders
  and a7_co_bids.n_tenders_b >= $regime_min_firm_tenders
  and a7_co_bids.co_bids / (a7_co_bids.n_tenders_a * a7_co_bids.n_tenders_b / market.n_tenders) > $regime_min_lift
order by a7_co_bids.firm_a, a7_co_bids.firm_b
