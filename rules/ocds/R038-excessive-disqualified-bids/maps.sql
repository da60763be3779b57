-- R038's --map entries: the buyer and procuring entity of every process with a disqualified bid.
-- grain: one row per release with at least one disqualified submitted bid
with disqualified as (
    select distinct bids.ocid
    from ocds_used_releases as used
    inner join stg_ocds_bids as bids on bids.ocid = used.ocid
    where bids.status = 'disqualified'
)

select used.ocid, used.buyer_id, used.procuring_entity_id
from disqualified
inner join ocds_used_releases as used on used.ocid = disqualified.ocid
