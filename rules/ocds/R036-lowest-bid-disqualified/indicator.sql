-- R036: with at least one active award and the price-comparison filter passed, among the
-- submitted bids priced in the main currency the lowest (first of equal amounts) is disqualified
-- while some valid bid was priced.
-- grain: one row per flagged release
with priced_bids as (
    select bids.ocid, bids.bid_index, bids.amount, bids.status
    from ocds_used_releases as used
    inner join ocds_award_gates as gates on gates.ocid = used.ocid
    inner join stg_ocds_bids as bids on bids.ocid = used.ocid
    where used.price_compared and used.has_awards and gates.active_awards >= 1
      and bids.status is not null and bids.status not in ('invited', 'withdrawn')
      and bids.amount is not null and bids.currency is not null
      and bids.currency = $main_currency
),

per_release as (
    select ocid, bool_or(status = 'valid') as any_valid, first(status order by amount, bid_index) as lowest_status
    from priced_bids
    group by ocid
)

select ocid from per_release where any_valid and lowest_status = 'disqualified'
