-- model: stg_ocds_releases
-- materialized: table
-- grain: one row per OCDS compiled release (one ocid)
-- description: The release-level fields the OCDS indicators read, typed strictly as OCDS publishes them: a field counts only when it has its JSON type (a numeric id is as good as absent), as Cardinal reads them (docs/cardinal-semantics.md, "Input").
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
-- column: awards_json: awards when an array, as JSON (stg_ocds_awards splits it)
-- column: bid_details_json: bids.details when an array, as JSON (stg_ocds_bids splits it)
with heads as (
    select
        ocid,
        seq,
        source,
        json_extract(release, [
            '$.tender.status', '$.tender.procurementMethod', '$.tender.procurementMethodDetails',
            '$.tender.tenderPeriod.startDate', '$.tender.tenderPeriod.endDate', '$.tender.numberOfTenderers',
            '$.buyer.id', '$.tender.procuringEntity.id', '$.awards', '$.bids.details'
        ]) as head
    from raw_ocds_releases
),

typed as (
    select
        ocid,
        seq,
        source,
        case when json_type(head[1]) = 'VARCHAR' then head[1] ->> '$' end as tender_status,
        case when json_type(head[2]) = 'VARCHAR' then head[2] ->> '$' end as procurement_method,
        case when json_type(head[3]) = 'VARCHAR' then head[3] ->> '$' end as procurement_method_details,
        case when json_type(head[4]) = 'VARCHAR' then head[4] ->> '$' end as tender_start_date,
        case when json_type(head[5]) = 'VARCHAR' then head[5] ->> '$' end as tender_end_date,
        case when json_type(head[6]) = 'UBIGINT' then cast(head[6] as ubigint) end as number_of_tenderers,
        case when json_type(head[7]) = 'VARCHAR' then head[7] ->> '$' end as buyer_id,
        case when json_type(head[8]) = 'VARCHAR' then head[8] ->> '$' end as procuring_entity_id,
        coalesce(json_type(head[9]) = 'ARRAY', false) as has_awards,
        coalesce(json_type(head[10]) = 'ARRAY', false) as has_bid_details,
        case when json_type(head[9]) = 'ARRAY' then head[9] end as awards_json,
        case when json_type(head[10]) = 'ARRAY' then head[10] end as bid_details_json
    from heads
)

select * from typed
