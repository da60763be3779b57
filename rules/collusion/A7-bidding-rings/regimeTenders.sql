-- A7 regime path, step 3. Grain: one row per tender with at least $min_screen_bids valid bids (the market), with its
-- dispersion suspicion = 1 − its percentile of the coefficient of variation of the valid bids among all such tenders
-- (low CV = cover bids placed close together: Abrantes-Metz et al. 2006; Imhof 2017); `community_id` set (one row per
-- community) where the tender belongs to a community: at least $min_members_per_tender of its members bid and they
-- make up at least $regime_min_member_bid_share of its bidders (the group holds the tender among itself).
-- Not materialized: read more than once, DuckDB would copy the whole of a7_participation (every bid at 10M) into a
-- temporary result; reading the table itself again costs nothing extra.
with participation as not materialized (
    select * from a7_participation
),

bid_dispersion as (
    select tender_id, stddev_samp(price) / avg(price) as cv
    from mart_bids
    where status = 'valid' and price > 0
    group by tender_id
    having count(*) >= $min_screen_bids and avg(price) > 0
),

screened as (
    select
        bid_dispersion.tender_id,
        tenders.bid_deadline,
        bid_dispersion.cv,
        1 - percent_rank() over (order by bid_dispersion.cv) as suspicion
    from bid_dispersion
    inner join mart_tenders as tenders using (tender_id)
    where tenders.bid_deadline is not null
),

bidders as (
    select tender_id, count(*) as n_bidders from participation group by tender_id
),

held as (
    select a7_groups.community_id, participation.tender_id, count(*) as members_bidding, any_value(bidders.n_bidders) as n_bidders
    from participation
    inner join a7_groups using (bidder_id)
    inner join bidders using (tender_id)
    group by all
    having count(*) >= $min_members_per_tender and count(*) >= $regime_min_member_bid_share * any_value(bidders.n_bidders)
),

final as (
    select
        held.community_id,
        screened.tender_id,
        strftime(screened.bid_deadline, '%Y-%m-%d %H:%M:%S') as tender_date,
        screened.cv,
        screened.suspicion,
        held.members_bidding,
        held.n_bidders
    from screened
    left join held using (tender_id)
)

select * from final order by community_id nulls first, tender_date, tender_id
