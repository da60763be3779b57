-- Cardinal's "main currency" when the settings name none: the first currency string that reaches a
-- currency check, in file order; within a release the bid-ratio pass (R024/R058) checks before R036.
-- grain: one row (or none, when no bid reaches a check)
with ratio_pass as (
    select gates.seq, 0 as pass, bids.bid_index, bids.currency
    from ocds_award_gates as gates
    inner join ocds_used_releases as used on used.ocid = gates.ocid
    inner join stg_ocds_bids as bids on bids.ocid = gates.ocid
    where $ratio_pass
      and used.price_compared
      and gates.single_winner is not null
      and bids.status = 'valid' and bids.amount is not null and bids.currency is not null
      and bids.tenderer_count = 1 and len(bids.tenderer_ids) = 1
),

lowest_bid_pass as (
    select gates.seq, 1 as pass, bids.bid_index, bids.currency
    from ocds_award_gates as gates
    inner join ocds_used_releases as used on used.ocid = gates.ocid
    inner join stg_ocds_bids as bids on bids.ocid = gates.ocid
    where $lowest_bid_pass
      and used.price_compared
      and used.has_awards and gates.active_awards >= 1
      and bids.status is not null and bids.status not in ('invited', 'withdrawn')
      and bids.amount is not null and bids.currency is not null
),

checks as (
    select * from ratio_pass
    union all
    select * from lowest_bid_pass
)

select currency from checks order by seq, pass, bid_index limit 1
