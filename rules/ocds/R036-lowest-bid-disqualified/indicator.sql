-- R036: with at least one active award and the price-comparison filter passed, among the
-- submitted bids priced in the main currency the lowest (first of equal amounts) is disqualified
-- while some valid bid was priced.
-- grain: one row per flagged release
with priced_bids as (
    select seq, bid_index, amount, status
    from ocds_used_bids
    where price_compared and has_awards and active_awards >= 1
      and status is not null and status not in ('invited', 'withdrawn')
      and amount is not null and currency is not null
      and currency = $main_currency
),

per_release as (
    select seq, bool_or(status = 'valid') as any_valid, arg_min(status, {'amount': amount, 'bid_index': bid_index}) as lowest_status
    from priced_bids
    group by seq
)

select used.ocid
from per_release
inner join ocds_used_releases as used on used.seq = per_release.seq
where per_release.any_valid and per_release.lowest_status = 'disqualified'
