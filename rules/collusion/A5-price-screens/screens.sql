-- A5 price screens, step 1 (detect). Grain: one row per tender with at least $min_screen_bids valid bids,
-- with its screens (Imhof, Karagök & Rutz 2018) and the reference group it is judged in.
with bids as (
    select tender_id, bidder_id, price
    from mart_bids
    where status = 'valid' and price > 0
),

-- The reference group is the category within the province (region code's first two digits: provincial
-- procurement rules and price information are set there), not the city market: a cartel is local and can
-- fill its own city market, which then becomes its own reference (README, "Reference group").
tenders as (
    select
        tender_id,
        category,
        market,
        category || ':' || coalesce(substr(region_code, 1, 2), '--') as category_province,
        ceiling_price
    from mart_tenders
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
        tenders.category_province,
        moments.n_bids,
        moments.sd_price / nullif(moments.mean_price, 0) as cv,
        -- A degenerate fence (all losing bids equal) gives no RD rather than an infinite one (Cardinal's rule).
        case when moments.sd_losing > 0 then (moments.b2 - moments.b1) / moments.sd_losing end as rd,
        (moments.b_max - moments.b1) / nullif(moments.b1, 0) as spd,
        (moments.b2 - moments.b1) / nullif(moments.b1, 0) as diffp,
        case when moments.n_bids >= 4 and moments.sd_price > 0 then moments.kurtosis end as kurtosis,
        case when moments.sd_price > 0 then moments.skewness end as skewness,
        -- Missing ceiling is no evidence: b1c is null and drops out of the score.
        case when tenders.ceiling_price > 0 then moments.b1 / tenders.ceiling_price end as b1c
    from moments
    inner join tenders on tenders.tender_id = moments.tender_id
),

group_sizes as (
    select
        tender_id,
        count(*) over (partition by category_province) as category_province_tenders,
        count(*) over (partition by category) as category_tenders,
        count(*) over () as run_tenders
    from screens
),

-- Judge each tender against its category in its province; a group too small for stable percentiles falls
-- back to the category across provinces, then to the whole run; a run below $min_run_tenders gets no score.
-- No split by bid count: the expectation of CV does not depend on n, and splitting cost Brazil 0.10 AUC
-- (scratch/screens/FINDINGS.md section 0).
grouped as (
    select
        screens.*,
        case
            when group_sizes.category_province_tenders >= $min_group_tenders then 'province'
            when group_sizes.category_tenders >= $min_group_tenders then 'category'
            when group_sizes.run_tenders >= $min_run_tenders then 'run'
        end as group_kind,
        case
            when group_sizes.category_province_tenders >= $min_group_tenders then screens.category_province
            when group_sizes.category_tenders >= $min_group_tenders then screens.category
            when group_sizes.run_tenders >= $min_run_tenders then '(all)'
        end as calibration_group,
        case
            when group_sizes.category_province_tenders >= $min_group_tenders then group_sizes.category_province_tenders
            when group_sizes.category_tenders >= $min_group_tenders then group_sizes.category_tenders
            when group_sizes.run_tenders >= $min_run_tenders then group_sizes.run_tenders
        end as group_tenders
    from screens
    inner join group_sizes on group_sizes.tender_id = screens.tender_id
)

select * from grouped
