-- R003 candidates: used releases whose procurement method matches [R003] procurement_methods
-- (empty = all) and whose tender period has both dates as strings; the dates are parsed as
-- RFC 3339 in rule.ts (chrono's strictness), the day count is truncated there.
-- A release whose dates DuckDB reads as instants at least $max_days + 1 days apart is left out
-- here: it cannot flag, since chrono either refuses such a string (no flag) or reads the same
-- instant (to the microsecond; the extra day covers any rounding). Dates DuckDB cannot read stay.
-- grain: one row per candidate release
with candidates as (
    select ocid, seq, procurement_method_details, tender_start_date, tender_end_date
    from ocds_used_releases
    where (len($procurement_methods) = 0 or coalesce(list_contains($procurement_methods, procurement_method), false))
      and tender_start_date is not null
      and tender_end_date is not null
      and coalesce(
          epoch(try_cast(tender_end_date as timestamptz)) - epoch(try_cast(tender_start_date as timestamptz)) < ($max_days + 1) * 86400,
          true
      )
)

select * from candidates order by seq
