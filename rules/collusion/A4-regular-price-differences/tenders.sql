-- A4 step 1. Grain: one row per tender with at least $min_bids counted bids, with its ceiling and its market's
-- base rates (share of bids on the round-discount grid; how round bids are given how round their competitors are).
-- The bids are read once and grouped by tender (each tender's bids counted by unit class); a bid's "others class"
-- depends only on its tender's counts and its own class, so the market's counts come from the tenders' counts. Per bid,
-- two window functions over every bid and a join back cost a third of A4 at 10M bids (docs/scale.md).
with bids as (
    select tender_id, bidder_id, price, ceiling_price, category, market,
        -- Unit classes: 0 = cents, 1 = whole yuan, 2 = tens … 6 = hundred thousands.
        case
            when price / 100000 = round(price / 100000) then 6
            when price / 10000 = round(price / 10000) then 5
            when price / 1000 = round(price / 1000) then 4
            when price / 100 = round(price / 100) then 3
            when price / 10 = round(price / 10) then 2
            when price = round(price) then 1
            else 0
        end as unit_class
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
-- Grain: one row per tender with counted bids. Its bids by unit class (class_counts[c + 1]: bids of class c), and
-- whether two bidders or more bid (min <> max: count(distinct) holds every tender's bidders apart).
tender_bids as (
    select tender_id, any_value(ceiling_price) as ceiling_price, any_value(category) as category, any_value(market) as market,
           count(*) as n_bids,
           min(bidder_id) <> max(bidder_id) as several_bidders,
           [count(*) filter (where unit_class = 0), count(*) filter (where unit_class = 1),
            count(*) filter (where unit_class = 2), count(*) filter (where unit_class = 3),
            count(*) filter (where unit_class = 4), count(*) filter (where unit_class = 5),
            count(*) filter (where unit_class = 6)] as class_counts
    from bids
    group by tender_id
),
-- How round bids are, given how round their competitors are. A bid's "others class" is the coarsest unit all other
-- bids of its tender share (their minimum class): the tender's minimum class, or for the only bid of that class the
-- next class present. The market's counts by (others class, own class) give the base rate of a bid being round when
-- its competitors are not (per-tender quoting rules and per-bidder habits both show there).
tender_units as (
    select tender_id, category, market, class_counts, classes_present[1] as min_class, classes_present[2] as second_class,
           class_counts[classes_present[1] + 1] as n_min
    from (
        select *, list_filter(range(7), c -> class_counts[c + 1] > 0) as classes_present
        from tender_bids
        where n_bids >= 2
    )
),
-- Grain: one row per tender and unit class present among its bids, with the class's bid count.
classified as (
    select category, market, unit_class, n_class,
           case when unit_class = min_class and n_min = 1 then coalesce(second_class, unit_class) else min_class end as others_class
    from (
        select category, market, min_class, second_class, n_min, unnest(range(7)) as unit_class, unnest(class_counts) as n_class
        from tender_units
    )
    where n_class > 0
),
market_roundness as (
    select market, sum(n) as n, map(list(class_key order by class_key), list(n order by class_key))::json as counts
    from (select market, others_class * 10 + unit_class as class_key, sum(n_class) as n from classified group by all)
    group by market
),
category_roundness as (
    select category, sum(n) as n, map(list(class_key order by class_key), list(n order by class_key))::json as counts
    from (select category, others_class * 10 + unit_class as class_key, sum(n_class) as n from classified group by all)
    group by category
),
tenders as (
    select tender_id, ceiling_price, category, market
    from tender_bids
    where n_bids >= $min_bids and several_bidders
)
select tenders.tender_id, tenders.ceiling_price,
       case when market_rates.n >= $market_min_bids then market_rates.share
            when category_rates.n >= $market_min_bids then category_rates.share end as on_grid_share,
       -- Counts by (others class · 10 + own class), as a JSON object, for the market (or its category when small).
       case when market_roundness.n >= $market_min_bids then 'market:' || tenders.market
            when category_roundness.n >= $market_min_bids then 'category:' || tenders.category
       end as roundness_key,
       case when market_roundness.n >= $market_min_bids then market_roundness.counts
            when category_roundness.n >= $market_min_bids then category_roundness.counts
       end::varchar as round_counts
from tenders
left join market_rates on market_rates.market = tenders.market
left join category_rates on category_rates.category = tenders.category
left join market_roundness on market_roundness.market = tenders.market
left join category_roundness on category_roundness.category = tenders.category
