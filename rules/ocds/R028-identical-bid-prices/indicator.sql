-- R028: within a release that passes the price-comparison filter, walking the submitted bids in
-- order, a bid whose (amount, currency) equals an earlier bid's while its set of tenderers differs
-- from the latest such bid's set. Amounts compare as doubles (75000 = 7.5e4; -0.0 = 0).
-- grain: one row per bid that repeats an earlier price with other tenderers
with priced_bids as (
    select
        bids.ocid,
        bids.bid_index,
        bids.amount + 0.0 as amount,
        bids.currency,
        list_sort(list_distinct(bids.tenderer_ids)) as tenderer_set
    from ocds_used_releases as used
    inner join stg_ocds_bids as bids on bids.ocid = used.ocid
    where used.price_compared
      and bids.status is not null and bids.status not in ('invited', 'withdrawn')
      and bids.tenderers_is_array and len(bids.tenderer_ids) > 0
      and bids.amount is not null and bids.currency is not null
),

paired as (
    select
        ocid,
        bid_index,
        tenderer_set,
        lag(tenderer_set) over (partition by ocid, amount, currency order by bid_index) as previous_set
    from priced_bids
),

repeated as (
    select ocid, bid_index, list_sort(list_distinct(list_concat(previous_set, tenderer_set))) as tenderer_ids
    from paired
    where previous_set is not null and previous_set <> tenderer_set
)

select * from repeated
