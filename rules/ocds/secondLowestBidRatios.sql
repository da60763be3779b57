-- Cardinal's bid ratio for R024 and R058: per release that passes the price-comparison filter and
-- the single-winner gate (all awards final, one active award to one supplier S), over the valid
-- priced bids with one tenderer in the main currency: S's lowest amount W and the lowest other
-- amount L (first bid wins ties) with its tenderer. The ratio (L − W) / W is taken in rule code.
-- grain: one row per release with a winner amount and a lowest other amount
with priced_bids as (
    select gates.ocid, gates.single_winner, bids.bid_index, bids.amount, bids.tenderer_ids[1] as tenderer
    from ocds_award_gates as gates
    inner join ocds_used_releases as used on used.ocid = gates.ocid
    inner join stg_ocds_bids as bids on bids.ocid = gates.ocid
    where used.price_compared
      and gates.single_winner is not null
      and bids.status = 'valid' and bids.amount is not null and bids.currency is not null
      and bids.tenderer_count = 1 and len(bids.tenderer_ids) = 1
      and bids.currency = $main_currency
),

per_release as (
    select
        ocid,
        any_value(single_winner) as winner,
        min(amount) filter (where tenderer = single_winner) as winner_amount,
        min(amount) filter (where tenderer <> single_winner) as lowest_other_amount,
        first(tenderer order by amount, bid_index) filter (where tenderer <> single_winner) as lowest_other_tenderer
    from priced_bids
    group by ocid
)

select * from per_release
where winner_amount is not null and lowest_other_amount is not null and lowest_other_amount >= winner_amount
