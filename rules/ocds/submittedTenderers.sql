-- Cardinal's `ocid_tenderer` map: the tenderers of every submitted bid, per used release.
-- grain: one row per used release with at least one such tenderer
with submitted as (
    select bids.ocid, bids.tenderer_ids
    from ocds_used_releases as used
    inner join stg_ocds_bids as bids on bids.ocid = used.ocid
    where bids.status is not null and bids.status not in ('invited', 'withdrawn')
),

per_release as (
    select ocid, list_distinct(flatten(list(tenderer_ids))) as tenderer_ids
    from submitted
    group by ocid
)

select * from per_release where len(tenderer_ids) > 0
