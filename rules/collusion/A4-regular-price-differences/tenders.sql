-- A4 step 1. Grain: one row per tender with at least $min_bids counted bids, with its ceiling and its market's
-- base rates (share of bids on the round-discount grid; how round bids are given how round their competitors are).
with bids as (
    select bid_id, tender_id, bidder_id, bidder_name, price, status, ceiling_price, category, market
    from mart_bids
    where price > 0 and (status = 'valid' or ($include_disqualified and status = 'disqualified'))
),
on_grid as (
    select category, market,
           abs(price / ceiling_price - round(price / ceiling_price / $grid) * $grid) <= $tolerance
             and price < ceiling_price * (1 - $tolerance) as is_on_grid
    from bids
    where ceiling_price > 0
),
market_rates as (
    select market, avg(is_on_grid::int) as share, count(*) as n from on_grid group by market
),
category_rates as (
    select category, avg(is_on_grid::int) as share, count(*) as n from on_grid group by category
),
-- How round bids are, given how round their competitors are. Unit classes: 0 = cents, 1 = whole yuan,
-- 2 = tens … 6 = hundred thousands. A bid's "others class" is the coarsest unit all other bids of its tender
-- share (their minimum class). The market's counts by (others class, own class) give the base rate of a bid
-- being round when its competitors are not (per-tender quoting rules and per-bidder habits both show there).
unit_classes as (
    select tender_id, category, market,
        case
            when price / 100000 = round(price / 100000) then 6
            when price / 10000 = round(price / 10000) then 5
            when price / 1000 = round(price / 1000) then 4
            when price / 100 = round(price / 100) then 3
            when price / 10 = round(price / 10) then 2
            when price = round(price) then 1
            else 0
        end as unit_class
    from bids
),
with_min as (
    select *, min(unit_class) over (partition by tender_id) as min_class, count(*) over (partition by tender_id) as tender_bids
    from unit_classes
),
tender_units as (
    select tender_id, any_value(min_class) as min_class,
           count(*) filter (where unit_class = min_class) as n_min,
           min(unit_class) filter (where unit_class > min_class) as second_class
    from with_min
    group by tender_id
),
classified as (
    select with_min.category, with_min.market, with_min.unit_class,
           case when with_min.unit_class = tender_units.min_class and tender_units.n_min = 1
                then coalesce(tender_units.second_class, with_min.unit_class) else tender_units.min_class end as others_class
    from with_min
    inner join tender_units using (tender_id)
    where with_min.tender_bids >= 2
),
market_roundness as (
    select market, count(*) as n, histogram(others_class * 10 + unit_class) as counts from classified group by market
),
category_roundness as (
    select category, count(*) as n, histogram(others_class * 10 + unit_class) as counts from classified group by category
),
tenders as (
    select tender_id, any_value(ceiling_price) as ceiling_price, any_value(category) as category, any_value(market) as market
    from bids
    group by tender_id
    having count(*) >= $min_bids and count(distinct bidder_id) >= 2
)
select tenders.tender_id, tenders.ceiling_price,
       case when market_rates.n >= $market_min_bids then market_rates.share
            when category_rates.n >= $market_min_bids then category_rates.share end as on_grid_share,
       -- Counts by (others class · 10 + own class), as a JSON object, for the market (or its category when small).
       case when market_roundness.n >= $market_min_bids then 'market:' || tenders.market
            when category_roundness.n >= $market_min_bids then 'category:' || tenders.category
       end as roundness_key,
       case when market_roundness.n >= $market_min_bids then market_roundness.counts::json
            when category_roundness.n >= $market_min_bids then category_roundness.counts::json
       end::varchar as round_counts
from tenders
left join market_rates on market_rates.market = tenders.market
left join category_rates on category_rates.category = tenders.category
left join market_roundness on market_roundness.market = tenders.market
left join category_roundness on category_roundness.category = tenders.category
