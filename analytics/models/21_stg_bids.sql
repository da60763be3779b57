-- model: stg_bids
-- materialized: view
-- grain: one row per bid
-- description: Bids with their deposit and electronic bid-file traces (电子投标文件特征) flattened.
-- unique: bid_id
-- not_null: bid_id, tender_id, bidder_id, status
select
    id as bid_id,
    tender_id,
    bidder_id,
    coalesce(cast(consortium_ids as varchar[]), []) as consortium_ids,
    price,
    cast(submitted_at as timestamptz) as submitted_at,
    project_manager_id,
    coalesce(cast(key_staff_ids as varchar[]), []) as key_staff_ids,
    nullif(deposit ->> '$.payer_account', '') as deposit_payer_account,
    nullif(deposit ->> '$.payer_name', '') as deposit_payer_name,
    cast(deposit ->> '$.paid_at' as timestamptz) as deposit_paid_at,
    nullif(fingerprint ->> '$.mac', '') as fp_mac,
    nullif(fingerprint ->> '$.hardware_id', '') as fp_hardware_id,
    nullif(fingerprint ->> '$.ip', '') as fp_ip,
    nullif(fingerprint ->> '$.file_creator', '') as fp_file_creator,
    nullif(fingerprint ->> '$.ca_serial', '') as fp_ca_serial,
    nullif(fingerprint ->> '$.doc_hash', '') as fp_doc_hash,
    status,
    disqualification_reason,
    score,
    rank,
    _updated_at as updated_at
from raw_bids
