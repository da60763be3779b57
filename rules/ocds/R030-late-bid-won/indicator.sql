-- R030: a valid bid dated after tender.tenderPeriod.endDate by a tenderer who won (a supplier of
-- an active award). Cardinal compares the date strings byte by byte, not as dates; so does this.
-- grain: one row per release with a late winning tenderer
with late_bids as (
    select bids.seq, used.ocid, list_filter(bids.tenderer_ids, lambda id: list_contains(gates.winner_ids, id)) as late_winners
    from ocds_used_bids as bids
    inner join ocds_used_releases as used on used.seq = bids.seq
    inner join ocds_award_gates as gates on gates.seq = bids.seq
    where used.tender_end_date is not null and bids.has_awards and bids.has_bid_details
      and bids.status = 'valid' and bids.bid_date is not null and bids.tenderers_is_array
      and bids.bid_date > used.tender_end_date
),

per_release as (
    select any_value(ocid) as ocid, list_sort(list_distinct(flatten(list(late_winners)))) as tenderer_ids
    from late_bids
    group by seq
)

select * from per_release where len(tenderer_ids) > 0
