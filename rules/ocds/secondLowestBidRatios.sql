-- Cardinal's bid ratio for R024 and R058: per release that passes the price-comparison filter and
-- the single-winner gate (all awards final, one active award to one supplier S), over the valid
-- priced bids with one tenderer in the main currency: S's lowest amount W and the lowest other
-- amount L (first bid wins ties) with its tenderer. The ratio (L − W) / W is taken in rule code.
-- grain (temp table ocds_bid_ratios): one row per release with a winner amount and a lowest other amount
create or replace temp table ocds_bid_ratios as
with priced_bids as (
    select seq, single_winner, bid_index, amount, tenderer_ids[1] as tenderer
    from ocds_used_bids
    where price_compared
      and single_winner is not null
      and status = 'valid' and amount is not null and currency is not null
      and tenderer_count = 1 and len(tenderer_ids) = 1
      and currency = $main_currency
),

per_release as (
    select
        seq,
        any_value(single_winner) as winner,
        min(amount) filter (where tenderer = single_winner) as winner_amount,
        min(amount) filter (where tenderer <> single_winner) as lowest_other_amount,
        arg_min(tenderer, {'amount': amount, 'bid_index': bid_index}) filter (where tenderer <> single_winner) as lowest_other_tenderer
    from priced_bids
    group by seq
)

select used.ocid, per_release.*
from per_release
inner join ocds_used_releases as used on used.seq = per_release.seq
where winner_amount is not null and lowest_other_amount is not null and lowest_other_amount >= winner_amount
