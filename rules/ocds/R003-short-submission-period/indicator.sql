-- R003 candidates: used releases whose procurement method matches [R003] procurement_methods
-- (empty = all) and whose tender period has both dates as strings. The whole days are counted
-- here when both dates are in the plain form every publisher writes (2024-03-01T09:00:00+08:00:
-- seconds, at most six fraction digits, Z or ±hh:mm) and DuckDB reads them: chrono reads that form
-- to the same microsecond, so `exact_days` is Cardinal's count (truncated toward zero). Any other
-- string (nanoseconds, leap seconds, lowercase t, a space, dates DuckDB refuses) comes back with
-- its dates for rule.ts to parse as chrono does (rfc3339Nanoseconds.ts).
-- A release already counted at $max_days or more cannot flag and is left out; one whose dates
-- DuckDB reads as instants at least $max_days + 1 days apart neither (chrono either refuses such a
-- string, or reads the same instant to the microsecond; the extra day covers any rounding).
-- grain: one row per candidate release
with periods as (
    select
        ocid,
        seq,
        procurement_method_details,
        tender_start_date,
        tender_end_date,
        try_cast(tender_start_date as timestamptz) as start_instant,
        try_cast(tender_end_date as timestamptz) as end_instant,
        regexp_full_match(tender_start_date, $plain_date_time) and regexp_full_match(tender_end_date, $plain_date_time) as plain
    from ocds_used_releases
    where (len($procurement_methods) = 0 or coalesce(list_contains($procurement_methods, procurement_method), false))
      and tender_start_date is not null
      and tender_end_date is not null
),

counted as (
    select
        *,
        case
            when plain
                then (epoch_us(end_instant) - epoch_us(start_instant)) // 86400000000
        end as exact_days
    from periods
)

select
    ocid,
    procurement_method_details,
    case when exact_days is null then tender_start_date end as tender_start_date,
    case when exact_days is null then tender_end_date end as tender_end_date,
    exact_days::integer as exact_days
from counted
where case
    when exact_days is not null then exact_days < $max_days
    else coalesce(epoch(end_instant) - epoch(start_instant) < ($max_days + 1)::bigint * 86400, true)
end
order by seq
