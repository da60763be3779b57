-- R035: all awards final, exactly one tenderer with valid bids, who is exactly the set of active
-- award suppliers, and at least $threshold other tenderers disqualified.
-- Only a release with exactly one distinct valid tenderer can flag; that is counted on scalars
-- first, and the tenderer sets (lists) are built for those releases alone.
-- grain: one row per flagged release
with final_bids as (
    select seq, status, tenderer_ids
    from ocds_used_bids
    where all_final
),

one_valid_tenderer as (
    select seq
    from final_bids
    where status = 'valid' and len(tenderer_ids) > 0
    group by seq
    -- one-tenderer bids (nearly all) skip list_min/list_max, the slowest part of this query
    having min(case when len(tenderer_ids) = 1 then tenderer_ids[1] else list_min(tenderer_ids) end)
         = max(case when len(tenderer_ids) = 1 then tenderer_ids[1] else list_max(tenderer_ids) end)
),

bid_sets as (
    select
        final_bids.seq,
        list_sort(list_distinct(coalesce(flatten(list(final_bids.tenderer_ids) filter (where final_bids.status = 'valid')), []::varchar[]))) as valid_tenderers,
        list_distinct(coalesce(flatten(list(final_bids.tenderer_ids) filter (where final_bids.status = 'disqualified')), []::varchar[])) as disqualified_tenderers
    from final_bids
    semi join one_valid_tenderer on one_valid_tenderer.seq = final_bids.seq
    group by final_bids.seq
),

counted as (
    select
        gates.ocid,
        bid_sets.valid_tenderers[1] as winner,
        list_sort(list_distinct(gates.winner_ids)) as award_suppliers,
        bid_sets.valid_tenderers,
        len(list_filter(bid_sets.disqualified_tenderers, lambda id: not list_contains(bid_sets.valid_tenderers, id))) as disqualified_others
    from bid_sets
    inner join ocds_award_gates as gates on gates.seq = bid_sets.seq
)

select ocid, winner, disqualified_others::double as disqualified_others
from counted
where len(valid_tenderers) = 1 and award_suppliers = valid_tenderers and disqualified_others >= $threshold
