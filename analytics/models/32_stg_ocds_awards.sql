-- model: stg_ocds_awards
-- materialized: table
-- grain: one row per element of awards of a release (in array order)
-- description: OCDS awards with their suppliers and item classifications, typed strictly as Cardinal reads them (docs/cardinal-semantics.md). Reads raw_ocds_release_fields (ingest/ocds/ocdsReleaseFields.ts).
-- unique: seq, award_index
-- not_null: ocid, seq, award_index, supplier_count, supplier_ids, classification_ids
-- relationship: seq -> stg_ocds_releases.seq
-- column: award_index: position in awards, from 1
-- column: status: the award's status when a string
-- column: supplier_count: elements in suppliers (0 when not an array)
-- column: supplier_ids: the string ids of the suppliers, in order (non-string ids dropped)
-- column: has_items: items is an array
-- column: classification_ids: classification.id of each item whose classification is an object with a string id, in order
with awards as (
    select
        ocid,
        seq,
        unnest(awards) as award,
        unnest(range(1, len(awards) + 1)) as award_index
    from raw_ocds_release_fields
    where awards is not null
),

typed as (
    select
        ocid,
        seq,
        award_index,
        case when json_type(award.status) = 'VARCHAR' then award.status ->> '$' end as status,
        coalesce(len(award.suppliers), 0) as supplier_count,
        coalesce(list_transform(list_filter(award.suppliers, lambda supplier: json_type(supplier.id) = 'VARCHAR'), lambda supplier: supplier.id ->> '$'), []::varchar[]) as supplier_ids,
        award.items is not null as has_items,
        coalesce(list_transform(list_filter(award.items, lambda item: json_type(item.classification.id) = 'VARCHAR'), lambda item: item.classification.id ->> '$'), []::varchar[]) as classification_ids
    from awards
)

select * from typed
