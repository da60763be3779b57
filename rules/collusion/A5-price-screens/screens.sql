-- A5 price screens, step 1. Grain: one row per tender with at least $min_screen_bids valid bids, with its
-- screens (Imhof, Karagök & Rutz 2018), the calibration group it is judged in, percentile ranks and score.
with bids as (
    select tender_id, bidder_id, price
    from mart_bids
    where status = 'valid' and price > 0
),

tenders as (
    select tender_id, category, market from mart_tenders
),

-- Kurtosis and skewness are shift-invariant; computing them on prices centred per tender avoids the
-- cancellation of fourth powers of millions (DuckDB's aggregates use raw power sums).
ranked as (
    select
        tender_id,
        price,
        price - avg(price) over (partition by tender_id) as centred,
        row_number() over (partition by tender_id order by price) as price_rank
    from bids
),

-- Moments over all valid bids; b1, b2 the two lowest; the losing bids are all but the lowest.
moments as (
    select
        tender_id,
        count(*) as n_bids,
        avg(price) as mean_price,
        stddev_samp(price) as sd_price,
        min(price) as b1,
        min(price) filter (where price_rank = 2) as b2,
        max(price) as b_max,
        stddev_samp(price) filter (where price_rank >= 2) as sd_losing,
        kurtosis(centred) as kurtosis,
        skewness(centred) as skewness
    from ranked
    group by tender_id
    having count(*) >= $min_screen_bids
),

screens as (
    select
        moments.tender_id,
        tenders.category,
        tenders.market,
        moments.n_bids,
        moments.sd_price / nullif(moments.mean_price, 0) as cv,
        -- A degenerate fence (all losing bids equal) gives no RD rather than an infinite one (Cardinal's rule).
        case when moments.sd_losing > 0 then (moments.b2 - moments.b1) / moments.sd_losing end as rd,
        (moments.b_max - moments.b1) / nullif(moments.b1, 0) as spd,
        (moments.b2 - moments.b1) / nullif(moments.b1, 0) as diffp,
        case when moments.n_bids >= 4 and moments.sd_price > 0 then moments.kurtosis end as kurtosis,
        case when moments.sd_price > 0 then moments.skewness end as skewness
    from moments
    inner join tenders on tenders.tender_id = moments.tender_id
),

-- Judge each tender against tenders of its market (category + region) with a similar number of bids: the
-- screens' spread depends strongly on n (four bids give a coarse kurtosis and RD). A market with too few
-- such tenders falls back to its category.
sized as (
    select
        *,
        case when n_bids <= 3 then '3' when n_bids = 4 then '4' when n_bids <= 6 then '5-6' else '7+' end as size_class
    from screens
),

group_sizes as (
    select
        tender_id,
        count(*) over (partition by market, size_class) as market_tenders,
        count(*) over (partition by category, size_class) as category_tenders
    from sized
),

grouped as (
    select
        sized.*,
        case
            when group_sizes.market_tenders >= $min_market_tenders then sized.market || ' n=' || sized.size_class
            when group_sizes.category_tenders >= $min_category_tenders then sized.category || ' n=' || sized.size_class
        end as calibration_group,
        case
            when group_sizes.market_tenders >= $min_market_tenders then group_sizes.market_tenders
            when group_sizes.category_tenders >= $min_category_tenders then group_sizes.category_tenders
        end as group_tenders
    from sized
    inner join group_sizes on group_sizes.tender_id = sized.tender_id
),

-- Percentile ranks inside the group (0 = lowest); nulls are ranked apart and not used.
percentiles as (
    select
        *,
        case when cv is not null then percent_rank() over (partition by calibration_group, cv is null order by cv) end as p_cv,
        case when rd is not null then percent_rank() over (partition by calibration_group, rd is null order by rd) end as p_rd,
        case when kurtosis is not null then percent_rank() over (partition by calibration_group, kurtosis is null order by kurtosis) end as p_kurtosis,
        case when spd is not null then percent_rank() over (partition by calibration_group, spd is null order by spd) end as p_spd,
        case when diffp is not null then percent_rank() over (partition by calibration_group, diffp is null order by diffp) end as p_diffp,
        case when skewness is not null then percent_rank() over (partition by calibration_group, skewness is null order by skewness) end as p_skewness
    from grouped
),

-- Cover bids cluster tightly above a detached winner: CV falls, RD rises and the kurtosis statistic rises
-- (Imhof 2017; Imhof, Karagök & Rutz 2018; Huber & Imhof 2019). The score is the mean of the three suspicion
-- percentiles that exist for this tender; $kurtosis_high = false scores low kurtosis instead.
final as (
    select
        *,
        case when calibration_group is not null then
            (coalesce(1 - p_cv, 0) + coalesce(case when $kurtosis_high then p_kurtosis else 1 - p_kurtosis end, 0) + coalesce(p_rd, 0))
            / nullif((p_cv is not null)::int + (p_kurtosis is not null)::int + (p_rd is not null)::int, 0)
        end as score
    from percentiles
)

select * from final
