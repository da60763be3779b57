-- model: stg_ocds_awards
-- materialized: table
-- grain: one row per element of awards of a release (in array order)
-- description: OCDS awards with their suppliers and item classifications, typed strictly as Cardinal reads them (docs/cardinal-semantics.md).
-- unique: ocid, award_index
-- not_null: ocid, seq, award_index, supplier_count, supplier_ids, classification_ids
-- relationship: ocid -> stg_ocds_releases.ocid
-- column: award_index: position in awards, from 1
-- column: status: the award's status when a string
-- column: supplier_count: elements in suppliers (0 when not an array)
-- column: supplier_ids: the string ids of the suppliers, in order (non-string ids dropped)
-- column: has_items: items is an array
-- column: classification_ids: classification.id of each item whose classification is an object with a string id, in order
with elements as (
    select ocid, seq, json_extract(awards_json, '$[*]') as element_list
    from stg_ocds_releases
    where awards_json is not null
),

awards as (
    select
        ocid,
        seq,
        unnest(element_list) as award,
        unnest(range(1, len(element_list) + 1)) as award_index
    from elements
),

fields as (
    select
        ocid,
        seq,
        award_index,
        json_extract(award, ['$.status', '$.suppliers', '$.items']) as field
    from awards
),

typed as (
    select
        ocid,
        seq,
        award_index,
        case when json_type(field[1]) = 'VARCHAR' then field[1] ->> '$' end as status,
        case when json_type(field[2]) = 'ARRAY' then json_array_length(field[2]) else 0 end as supplier_count,
        case when json_type(field[2]) = 'ARRAY'
             then list_transform(list_filter(json_extract(field[2], '$[*].id'), lambda id: json_type(id) = 'VARCHAR'), lambda id: id ->> '$')
             else []::varchar[] end as supplier_ids,
        coalesce(json_type(field[3]) = 'ARRAY', false) as has_items,
        case when json_type(field[3]) = 'ARRAY'
             then list_transform(list_filter(json_extract(field[3], '$[*].classification.id'), lambda id: json_type(id) = 'VARCHAR'), lambda id: id ->> '$')
             else []::varchar[] end as classification_ids
    from fields
)

select * from typed
