-- R028: within a release that passes the price-comparison filter, walking the submitted bids in
-- order, a bid whose (amount, currency) equals an earlier bid's while its set of tenderers differs
-- from the latest such bid's set. Amounts compare as doubles (75000 = 7.5e4; -0.0 = 0).
-- Only a release where two bids share an (amount, currency) can repeat a price, so the walk (lag)
-- runs over those releases alone: a window over every bid costs more than the whole rest of the run.
-- They are found per release (one integer key) by comparing its bids with its distinct price hashes,
-- cheaper than grouping every bid by (release, amount, currency); a hash collision only lets a
-- release into the walk, where each (amount, currency) partition is compared exactly.
-- grain: one row per bid that repeats an earlier price with other tenderers
with priced_bids as (
    select seq, bid_index, amount + 0.0 as amount, currency, tenderer_ids
    from ocds_used_bids
    where price_compared
      and status is not null and status not in ('invited', 'withdrawn')
      and tenderers_is_array and len(tenderer_ids) > 0
      and amount is not null and currency is not null
),

releases_with_repeats as (
    select seq
    from priced_bids
    group by seq
    having count(*) > len(list_distinct(list(hash(amount, currency))))
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
    semi join releases_with_repeats on releases_with_repeats.seq = priced_bids.seq
),

repeated as (
    select seq, bid_index, list_sort(list_distinct(list_concat(previous_set, tenderer_set))) as tenderer_ids
    from paired
    where previous_set is not null and previous_set <> tenderer_set
)

select used.ocid, repeated.bid_index, repeated.tenderer_ids
from repeated
inner join ocds_used_releases as used on used.seq = repeated.seq
