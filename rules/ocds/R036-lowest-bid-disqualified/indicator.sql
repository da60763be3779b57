-- R036: with at least one active award and the price-comparison filter passed, among the
-- submitted bids priced in the main currency the lowest (first of equal amounts) is disqualified
-- while some valid bid was priced.
-- grain: one row per flagged release
with priced_bids as (
    select seq, ocid, bid_index, amount, status
    from ocds_used_bids
    where price_compared and has_awards and active_awards >= 1
      and status is not null and status not in ('invited', 'withdrawn')
      and amount is not null and currency is not null
      and currency = $main_currency
),

per_release as (
    select any_value(ocid) as ocid, bool_or(status = 'valid') as any_valid, arg_min(status, {'amount': amount, 'bid_index': bid_index}) as lowest_status
    from priced_bids
    group by seq
)

select ocid from per_release where any_valid and lowest_status = 'disqualified'
