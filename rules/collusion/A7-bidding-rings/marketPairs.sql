-- A7 regime path, step 1. Grain: one row per pair of firms that bid together in at least $min_co_bids tenders, each
-- firm bidding in at least $regime_min_firm_tenders, with how much more often they met than chance: co-bids /
-- (n_a · n_b / tenders). Unlike Jaccard this does not penalise a wide cartel whose members meet a different part of
-- it each time (a designated-bidder pool of a hundred firms); it keeps the pairs that meet more than their activity
-- explains (Conley & Decarolis 2016: members of a bidding group enter the same auctions more than independent firms).
with participation as (
    select * from a7_participation
),

market as (
    select count(distinct tender_id) as n_tenders from participation
),

firm_tenders as (
    select bidder_id, count(*) as n_tenders from participation group by bidder_id having count(*) >= $regime_min_firm_tenders
),

active as (
    select participation.* from participation inner join firm_tenders using (bidder_id)
),

co_bids as (
    select a.bidder_id as firm_a, b.bidder_id as firm_b, count(*) as co_bids
    from active as a
    inner join active as b on b.tender_id = a.tender_id and a.bidder_id < b.bidder_id
    group by all
    having count(*) >= $min_co_bids
),

final as (
    select
        co_bids.firm_a,
        co_bids.firm_b,
        co_bids.co_bids,
        co_bids.co_bids / (firms_a.n_tenders * firms_b.n_tenders / market.n_tenders) as lift
    from co_bids
    cross join market
    inner join firm_tenders as firms_a on firms_a.bidder_id = co_bids.firm_a
    inner join firm_tenders as firms_b on firms_b.bidder_id = co_bids.firm_b
    where co_bids.co_bids / (firms_a.n_tenders * firms_b.n_tenders / market.n_tenders) > $regime_min_lift
)

select * from final order by firm_a, firm_b
