-- model: stg_ocds_bids
-- materialized: table
-- grain: one row per element of bids.details of a release (in array order)
-- description: OCDS bids (bids extension), typed strictly as Cardinal reads them (docs/cardinal-semantics.md): amount only when value is an object and value.amount a finite JSON number; ids only when JSON strings. Reads raw_ocds_release_fields, typed as each release was read (ingest/ocds/ocdsReleaseFields.ts, ocdsTypedFields).
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
        unnest(bid_details) as bid,
        generate_subscripts(bid_details, 1) as bid_index
    from raw_ocds_release_fields
    where bid_details is not null
)

select
    ocid,
    seq,
    bid_index,
    bid.status,
    bid.amount,
    bid.currency,
    bid.tenderers_is_array,
    bid.tenderer_count,
    bid.tenderer_ids,
    bid.bid_date
from details
