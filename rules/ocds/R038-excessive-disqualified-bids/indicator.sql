-- R038: disqualified share of submitted bids, per buyer, per procuring entity (summed over their
-- processes) and per tenderer (each tenderer of each submitted bid).
-- grain: one row per group and organisation
with submitted as (
    select seq, status = 'disqualified' as disqualified, tenderer_ids
    from ocds_used_bids
    where status is not null and status not in ('invited', 'withdrawn')
),

per_release as (
    select
        any_value(used.buyer_id) as buyer_id,
        any_value(used.procuring_entity_id) as procuring_entity_id,
        count(*) filter (where submitted.disqualified) as disqualified_bids,
        count(*) as submitted_bids
    from submitted
    inner join ocds_used_releases as used on used.seq = submitted.seq
    group by submitted.seq
),

per_tenderer as (
    select unnest(tenderer_ids) as tenderer, disqualified from submitted
),

fractions as (
    select 'Buyer' as grp, buyer_id as id, sum(disqualified_bids)::double as numerator, sum(submitted_bids)::double as denominator
    from per_release where buyer_id is not null group by buyer_id
    union all
    select 'ProcuringEntity', procuring_entity_id, sum(disqualified_bids)::double, sum(submitted_bids)::double
    from per_release where procuring_entity_id is not null group by procuring_entity_id
    union all
    select 'Tenderer', tenderer, count(*) filter (where disqualified)::double, count(*)::double
    from per_tenderer group by tenderer
)

select * from fractions
