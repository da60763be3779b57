-- R025: per tenderer, over the releases that pass the single-winner gate, how many processes it
-- bid in validly alone (denominator) and how many it won (numerator). No price or currency rules.
-- grain: one row per tenderer
with tenderers as (
    select distinct seq, tenderer_ids[1] as tenderer, single_winner
    from ocds_used_bids
    where single_winner is not null
      and status = 'valid' and tenderer_count = 1 and len(tenderer_ids) = 1
),

fractions as (
    select
        tenderer,
        count(*) filter (where tenderer = single_winner)::double as numerator,
        count(*)::double as denominator
    from tenderers
    group by tenderer
)

select * from fractions
