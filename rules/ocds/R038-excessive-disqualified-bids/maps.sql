-- R038's --map entries: the buyer and procuring entity of every process with a disqualified bid.
-- grain: one row per release with at least one disqualified submitted bid
with disqualified as (
    select distinct seq
    from ocds_used_bids
    where status = 'disqualified'
)

select used.ocid, used.buyer_id, used.procuring_entity_id
from disqualified
inner join ocds_used_releases as used on used.seq = disqualified.seq
