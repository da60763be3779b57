-- model: stg_ocds_bids
-- materialized: table
-- grain: one row per element of bids.details of a release (in array order)
-- description: OCDS bids (bids extension), typed strictly as Cardinal reads them (docs/cardinal-semantics.md): amount only when value is an object and value.amount a finite JSON number; ids only when JSON strings. Reads raw_ocds_release_fields (ingest/ocds/ocdsReleaseFields.ts).
-- unique: seq, bid_index
-- not_null: ocid, seq, bid_index, tenderers_is_array, tenderer_count, tenderer_ids
-- relationship: seq -> stg_ocds_releases.seq
-- column: bid_index: position in bids.details, from 1
-- column: status: the bid's status when a string (valid, disqualified, pending, invited, withdrawn or anything else)
-- column: amount: value.amount as a double when a finite JSON number
-- column: currency: value.currency when a string
-- column: tenderers_is_array: tenderers is an array
-- column: tenderer_count: elements in tenderers (0 when not an array)
-- column: tenderer_ids: the string ids of the tenderers, in order (non-string ids dropped)
-- column: bid_date: date when a string, as written
with details as (
    select
        ocid,
        seq,
        unnest(bids.details) as bid,
        unnest(range(1, len(bids.details) + 1)) as bid_index
    from raw_ocds_release_fields
    where bids.details is not null
),

typed as (
    select
        ocid,
        seq,
        bid_index,
        case when json_type(bid.status) = 'VARCHAR' then bid.status ->> '$' end as status,
        case when json_type(bid.value.amount) in ('UBIGINT', 'BIGINT', 'DOUBLE') and isfinite(try_cast(bid.value.amount::varchar as double))
             then try_cast(bid.value.amount::varchar as double) end as amount,
        case when json_type(bid.value.currency) = 'VARCHAR' then bid.value.currency ->> '$' end as currency,
        bid.tenderers is not null as tenderers_is_array,
        coalesce(len(bid.tenderers), 0) as tenderer_count,
        coalesce(list_transform(list_filter(bid.tenderers, lambda tenderer: json_type(tenderer.id) = 'VARCHAR'), lambda tenderer: tenderer.id ->> '$'), []::varchar[]) as tenderer_ids,
        case when json_type(bid.date) = 'VARCHAR' then bid.date ->> '$' end as bid_date
    from details
)

select * from typed
