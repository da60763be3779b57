-- Cardinal's `ocid_tenderer` map: the tenderers of every submitted bid, per used release.
-- grain: one row per used release with at least one such tenderer
with submitted as (
    select seq, tenderer_ids
    from ocds_used_bids
    where status is not null and status not in ('invited', 'withdrawn')
),

per_release as (
    select seq, list_distinct(flatten(list(tenderer_ids))) as tenderer_ids
    from submitted
    group by seq
)

select used.ocid, per_release.tenderer_ids
from per_release
inner join ocds_used_releases as used on used.seq = per_release.seq
where len(per_release.tenderer_ids) > 0
