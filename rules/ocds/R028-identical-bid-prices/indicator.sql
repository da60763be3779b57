-- R028: within a release that passes the price-comparison filter, walking the submitted bids in
-- order, a bid whose (amount, currency) equals an earlier bid's while its set of tenderers differs
-- from the latest such bid's set. Amounts compare as doubles (75000 = 7.5e4; -0.0 = 0).
-- Only a (release, amount, currency) with two or more bids can repeat a price, so the walk (lag)
-- runs over those groups alone: a window over every bid costs more than the whole rest of the run.
-- grain: one row per bid that repeats an earlier price with other tenderers
with priced_bids as (
    select seq, bid_index, amount + 0.0 as amount, currency, tenderer_ids
    from ocds_used_bids
    where price_compared
      and status is not null and status not in ('invited', 'withdrawn')
      and tenderers_is_array and len(tenderer_ids) > 0
      and amount is not null and currency is not null
),

repeated_prices as (
    select seq, amount, currency
    from priced_bids
    group by seq, amount, currency
    having count(*) > 1
),

paired as (
    select
        priced_bids.seq,
        priced_bids.bid_index,
        list_sort(list_distinct(priced_bids.tenderer_ids)) as tenderer_set,
        lag(list_sort(list_distinct(priced_bids.tenderer_ids))) over (
            partition by priced_bids.seq, priced_bids.amount, priced_bids.currency order by priced_bids.bid_index
        ) as previous_set
    from priced_bids
    semi join repeated_prices
        on repeated_prices.seq = priced_bids.seq
        and repeated_prices.amount = priced_bids.amount
        and repeated_prices.currency = priced_bids.currency
),

repeated as (
    select seq, bid_index, list_sort(list_distinct(list_concat(previous_set, tenderer_set))) as tenderer_ids
    from paired
    where previous_set is not null and previous_set <> tenderer_set
)

select used.ocid, repeated.bid_index, repeated.tenderer_ids
from repeated
inner join ocds_used_releases as used on used.seq = repeated.seq
