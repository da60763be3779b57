-- model: stg_ocds_awards
-- materialized: table
-- grain: one row per element of awards of a release (in array order)
-- description: OCDS awards with their suppliers and item classifications, typed strictly as Cardinal reads them (docs/cardinal-semantics.md). Reads raw_ocds_release_fields, typed as each release was read (ingest/ocds/ocdsReleaseFields.ts, ocdsTypedFields).
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
        unnest(award_details) as award,
        generate_subscripts(award_details, 1) as award_index
    from raw_ocds_release_fields
    where award_details is not null
)

select
    ocid,
    seq,
    award_index,
    award.status,
    award.supplier_count,
    award.supplier_ids,
    award.has_items,
    award.classification_ids
from awards
