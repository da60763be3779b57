-- R030: a valid bid dated after tender.tenderPeriod.endDate by a tenderer who won (a supplier of
-- an active award). Cardinal compares the date strings byte by byte, not as dates; so does this.
-- grain: one row per release with a late winning tenderer
with late_bids as (
    select bids.ocid, list_filter(bids.tenderer_ids, lambda id: list_contains(gates.winner_ids, id)) as late_winners
    from ocds_used_releases as used
    inner join ocds_award_gates as gates on gates.ocid = used.ocid
    inner join stg_ocds_bids as bids on bids.ocid = used.ocid
    where used.tender_end_date is not null and used.has_awards and used.has_bid_details
      and bids.status = 'valid' and bids.bid_date is not null and bids.tenderers_is_array
      and bids.bid_date > used.tender_end_date
),

per_release as (
    select ocid, list_sort(list_distinct(flatten(list(late_winners)))) as tenderer_ids
    from late_bids
    group by ocid
)

select * from per_release where len(tenderer_ids) > 0
