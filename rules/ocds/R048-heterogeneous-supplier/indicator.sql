-- R048: per supplier of active single-supplier awards with items, the number of processes in
-- which it supplied a classified item and the number of distinct classification prefixes of
-- $digits characters (code points) it supplied.
-- grain: one row per supplier
with classified as (
    select awards.ocid, awards.supplier_ids[1] as supplier, unnest(awards.classification_ids) as classification_id
    from ocds_used_releases as used
    inner join stg_ocds_awards as awards on awards.seq = used.seq
    where awards.status = 'active' and awards.has_items
      and awards.supplier_count = 1 and len(awards.supplier_ids) = 1
),

per_supplier as (
    select
        supplier,
        count(distinct ocid)::double as processes,
        count(distinct substring(classification_id, 1, $digits))::double as variety
    from classified
    group by supplier
)

select * from per_supplier
