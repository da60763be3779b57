-- Cardinal's `ocid_tenderer` map: the tenderers of every submitted bid, per used release.
-- grain: one row per used release with at least one such tenderer
with submitted as (
    select seq, ocid, tenderer_ids
    from ocds_used_bids
    where status is not null and status not in ('invited', 'withdrawn')
),

per_release as (
    select any_value(ocid) as ocid, list_distinct(flatten(list(tenderer_ids))) as tenderer_ids
    from submitted
    group by seq
)

select * from per_release where len(tenderer_ids) > 0
