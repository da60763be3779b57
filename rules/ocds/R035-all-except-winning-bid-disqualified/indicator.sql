-- R035: all awards final, exactly one tenderer with valid bids, who is exactly the set of active
-- award suppliers, and at least $threshold other tenderers disqualified.
-- grain: one row per flagged release
with bid_sets as (
    select
        gates.ocid,
        list_sort(list_distinct(gates.winner_ids)) as award_suppliers,
        list_sort(list_distinct(coalesce(flatten(list(bids.tenderer_ids) filter (where bids.status = 'valid')), []::varchar[]))) as valid_tenderers,
        list_distinct(coalesce(flatten(list(bids.tenderer_ids) filter (where bids.status = 'disqualified')), []::varchar[])) as disqualified_tenderers
    from ocds_award_gates as gates
    inner join stg_ocds_bids as bids on bids.ocid = gates.ocid
    where gates.all_final
    group by gates.ocid, gates.winner_ids
),

counted as (
    select
        ocid,
        valid_tenderers[1] as winner,
        award_suppliers,
        valid_tenderers,
        len(list_filter(disqualified_tenderers, lambda id: not list_contains(valid_tenderers, id))) as disqualified_others
    from bid_sets
)

select ocid, winner, disqualified_others::double as disqualified_others
from counted
where len(valid_tenderers) = 1 and award_suppliers = valid_tenderers and disqualified_others >= $threshold
