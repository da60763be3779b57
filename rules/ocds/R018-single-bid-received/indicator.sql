-- R018: the tender received one bid, by tender.numberOfTenderers (an unsigned integer literal 1),
-- for the procurement methods in [R018] procurement_methods (default open|selective; empty = all).
-- grain: one row per flagged release
with flagged as (
    select ocid
    from ocds_used_releases
    where number_of_tenderers = 1
      and (len($procurement_methods) = 0 or coalesce(list_contains($procurement_methods, procurement_method), false))
)

select * from flagged
