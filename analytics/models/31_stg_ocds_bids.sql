-- model: stg_ocds_bids
-- materialized: table
-- grain: one row per element of bids.details of a release (in array order)
-- description: OCDS bids (bids extension), typed strictly as Cardinal reads them (docs/cardinal-semantics.md): amount only when value is an object and value.amount a finite JSON number; ids only when JSON strings.
-- unique: ocid, bid_index
-- not_null: ocid, seq, bid_index, tenderers_is_array, tenderer_count, tenderer_ids
-- relationship: ocid -> stg_ocds_releases.ocid
-- column: bid_index: position in bids.details, from 1
-- column: status: the bid's status when a string (valid, disqualified, pending, invited, withdrawn or anything else)
-- column: amount: value.amount as a double when a finite JSON number
-- column: currency: value.currency when a string
-- column: tenderers_is_array: tenderers is an array
-- column: tenderer_count: elements in tenderers (0 when not an array)
-- column: tenderer_ids: the string ids of the tenderers, in order (non-string ids dropped)
-- column: bid_date: date when a string, as written
with elements as (
    select ocid, seq, json_extract(bid_details_json, '$[*]') as element_list
    from stg_ocds_releases
    where bid_details_json is not null
),

details as (
    select
        ocid,
        seq,
        unnest(element_list) as bid,
        unnest(range(1, len(element_list) + 1)) as bid_index
    from elements
),

fields as (
    select
        ocid,
        seq,
        bid_index,
        json_extract(bid, ['$.status', '$.value.amount', '$.value.currency', '$.tenderers', '$.date']) as field
    from details
),

typed as (
    select
        ocid,
        seq,
        bid_index,
        case when json_type(field[1]) = 'VARCHAR' then field[1] ->> '$' end as status,
        case when json_type(field[2]) in ('UBIGINT', 'BIGINT', 'DOUBLE') and isfinite(try_cast(field[2]::varchar as double))
             then try_cast(field[2]::varchar as double) end as amount,
        case when json_type(field[3]) = 'VARCHAR' then field[3] ->> '$' end as currency,
        coalesce(json_type(field[4]) = 'ARRAY', false) as tenderers_is_array,
        case when json_type(field[4]) = 'ARRAY' then json_array_length(field[4]) else 0 end as tenderer_count,
        case when json_type(field[4]) = 'ARRAY'
             then list_transform(list_filter(json_extract(field[4], '$[*].id'), lambda id: json_type(id) = 'VARCHAR'), lambda id: id ->> '$')
             else []::varchar[] end as tenderer_ids,
        case when json_type(field[5]) = 'VARCHAR' then field[5] ->> '$' end as bid_date
    from fields
)

select * from typed
