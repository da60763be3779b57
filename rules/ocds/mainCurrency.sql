-- Cardinal's "main currency" when the settings name none: the first currency string that reaches a
-- currency check, in file order; within a release the bid-ratio pass (R024/R058) checks before R036.
-- grain: one row (or none, when no bid reaches a check)
with ratio_pass as (
    select seq, 0 as pass, bid_index, currency
    from ocds_used_bids
    where $ratio_pass
      and price_compared
      and single_winner is not null
      and status = 'valid' and amount is not null and currency is not null
      and tenderer_count = 1 and len(tenderer_ids) = 1
),

lowest_bid_pass as (
    select seq, 1 as pass, bid_index, currency
    from ocds_used_bids
    where $lowest_bid_pass
      and price_compared
      and has_awards and active_awards >= 1
      and status is not null and status not in ('invited', 'withdrawn')
      and amount is not null and currency is not null
),

checks as (
    select * from ratio_pass
    union all
    select * from lowest_bid_pass
)

select currency from checks order by seq, pass, bid_index limit 1
