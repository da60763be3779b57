-- model: stg_ocds_releases
-- materialized: table
-- grain: one row per OCDS compiled release (one ocid)
-- description: The release-level fields the OCDS indicators read, typed strictly as OCDS publishes them: a field counts only when it has its JSON type (a numeric id is as good as absent), as Cardinal reads them (docs/cardinal-semantics.md, "Input"). Reads raw_ocds_release_fields, which every OCDS load fills, typed as it reads each release (ingest/ocds/ocdsReleaseFields.ts, ocdsTypedFields).
-- unique: ocid
-- not_null: ocid, seq, source
-- column: ocid: the release's ocid (a JSON string)
-- column: seq: load order (file order): Cardinal's "first currency met" follows it
-- column: source: file:line the release was read from
-- column: tender_status: tender.status when a string
-- column: procurement_method: tender.procurementMethod when a string
-- column: procurement_method_details: tender.procurementMethodDetails when a string
-- column: tender_start_date: tender.tenderPeriod.startDate when a string, as written
-- column: tender_end_date: tender.tenderPeriod.endDate when a string, as written
-- column: number_of_tenderers: tender.numberOfTenderers when an unsigned integer literal (1, not 1.0 or "1")
-- column: buyer_id: buyer.id when a string
-- column: procuring_entity_id: tender.procuringEntity.id when a string
-- column: has_awards: awards is an array
-- column: has_bid_details: bids.details is an array (inside a bids object)
select
    ocid,
    seq,
    source,
    tender_status,
    procurement_method,
    procurement_method_details,
    tender_start_date,
    tender_end_date,
    number_of_tenderers,
    buyer_id,
    procuring_entity_id,
    has_awards,
    has_bid_details
from raw_ocds_release_fields
