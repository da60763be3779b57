-- A5 price screens, step 2 (score). Grain: one row per screened tender (a5_screens), with the percentile
-- rank of every screen inside its reference group (0 = lowest) and the unsupervised score.
with percentiles as (
    -- Nulls are ranked apart and not used; a tender without a reference group gets no percentiles.
    select
        *,
        case when calibration_group is not null and cv is not null then percent_rank() over (partition by calibration_group, cv is null order by cv) end as p_cv,
        case when calibration_group is not null and rd is not null then percent_rank() over (partition by calibration_group, rd is null order by rd) end as p_rd,
        case when calibration_group is not null and kurtosis is not null then percent_rank() over (partition by calibration_group, kurtosis is null order by kurtosis) end as p_kurtosis,
        case when calibration_group is not null and spd is not null then percent_rank() over (partition by calibration_group, spd is null order by spd) end as p_spd,
        case when calibration_group is not null and diffp is not null then percent_rank() over (partition by calibration_group, diffp is null order by diffp) end as p_diffp,
        case when calibration_group is not null and skewness is not null then percent_rank() over (partition by calibration_group, skewness is null order by skewness) end as p_skewness,
        case when calibration_group is not null and b1c is not null then percent_rank() over (partition by calibration_group, b1c is null order by b1c) end as p_b1c
    from a5_screens
),

-- Suspicion percentiles (1 = most suspicious), each in its literature direction: low CV, high RD, negative
-- skew (Imhof 2017; Imhof, Karagök & Rutz 2018; Huber & Imhof 2019), lowest bid close to the ceiling (OECD
-- 2009 guidelines). Kurtosis (high: Imhof 2017), SPD (duplicates CV) and DIFFP (not scale-free) are shown,
-- not scored: kurtosis of 4–6 bids is mostly noise and carried no signal on the real markets (README).
suspicion as (
    select
        *,
        1 - p_cv as s_cv,
        p_rd as s_rd,
        p_kurtosis as s_kurtosis,
        1 - p_skewness as s_skewness,
        p_b1c as s_b1c
    from percentiles
),

-- CV leads with weight $w_cv; the other screens, averaged over those that exist, re-order tenders of similar
-- dispersion but cannot lift a dispersed field above a tight one.
final as (
    select
        *,
        coalesce(
            (coalesce(s_rd, 0) + coalesce(s_skewness, 0) + coalesce(s_b1c, 0))
            / nullif((s_rd is not null)::int + (s_skewness is not null)::int + (s_b1c is not null)::int, 0),
            0.5
        ) as secondary
    from suspicion
)

select
    *,
    case when s_cv is not null then $w_cv * s_cv + (1 - $w_cv) * secondary end as score
from final
