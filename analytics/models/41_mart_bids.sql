-- model: mart_bids
-- materialized: table
-- grain: one row per bid on a known tender (bids on unknown tenders are listed in mart_data_gaps)
-- description: A bid with its tender, bidder, project manager, deposit payer and bid-file traces: what the collusion and qualification rules read.
-- unique: bid_id
-- not_null: bid_id, tender_id, bidder_id, status, is_winner
-- relationship: tender_id -> mart_tenders.tender_id
with bids as (
    select * from stg_bids
),

tenders as (
    select * from mart_tenders
),

companies as (
    select company_id, name from stg_companies
),

persons as (
    select person_id, name from stg_persons
),

final as (
    select
        bids.bid_id,
        bids.tender_id,
        bids.bidder_id,
        bidders.name as bidder_name,
        bids.consortium_ids,
        bids.price,
        bids.price / nullif(tenders.ceiling_price, 0) as price_to_ceiling,
        bids.submitted_at,
        bids.project_manager_id,
        managers.name as project_manager_name,
        bids.key_staff_ids,
        bids.deposit_payer_account,
        bids.deposit_payer_name,
        bids.deposit_paid_at,
        bids.fp_mac,
        bids.fp_hardware_id,
        bids.fp_ip,
        bids.fp_file_creator,
        bids.fp_ca_serial,
        bids.fp_doc_hash,
        bids.status,
        bids.disqualification_reason,
        bids.score,
        bids.rank,
        coalesce(bids.bidder_id = tenders.winner_id, false) as is_winner,
        tenders.project_code,
        tenders.buyer_id,
        tenders.agency_id,
        tenders.method,
        tenders.category,
        tenders.region_code,
        tenders.market,
        tenders.ceiling_price,
        tenders.announced_at,
        tenders.bid_deadline
    from bids
    inner join tenders on tenders.tender_id = bids.tender_id
    left join companies as bidders on bidders.company_id = bids.bidder_id
    left join persons as managers on managers.person_id = bids.project_manager_id
)

select * from final
