-- model: v_bids
-- materialized: view
-- grain: one row per bid (every bid on record, also bids on a tender that is not on record: tender_known = false)
-- description: Analyst view (stable interface, see docs/schema.md): a bid with its bidder, project manager, deposit payer and electronic bid-file traces (电子投标文件特征), and the tender it was for. Nothing is masked: this is the analysts' own database.
-- unique: bid_id
-- not_null: bid_id, tender_id, bidder_id, status, tender_known, is_winner
-- column: bid_id: the bid's id
-- column: tender_id: the tender lot it was submitted to
-- column: tender_known: false when tender_id names no tender on record (a data gap, see mart_data_gaps)
-- column: tender_title: the tender's title
-- column: bidder_id: bidding company id (the lead member for a consortium)
-- column: bidder_name: the bidder's name
-- column: consortium_ids: other consortium members' company ids ([] for a single bidder)
-- column: price: 投标报价, yuan
-- column: price_to_ceiling: price / the tender's ceiling price (最高投标限价)
-- column: price_to_lowest: price / the lowest valid bid on the same tender (1 = the lowest)
-- column: submitted_at: when the bid was submitted
-- column: project_manager_id: person id of the named 项目负责人/项目经理
-- column: project_manager_name: that person's name
-- column: key_staff_ids: other named staff (技术负责人, 安全员 ...) person ids
-- column: deposit_payer_account: pseudonymised bank account that paid the 投标保证金
-- column: deposit_payer_name: name on that account
-- column: deposit_paid_at: when the deposit was paid
-- column: fp_mac: bid file trace: MAC address of the machine that produced the file
-- column: fp_hardware_id: bid file trace: hardware (CPU/disk) id
-- column: fp_ip: bid file trace: IP address the bid was uploaded from
-- column: fp_file_creator: bid file trace: document creator/author field
-- column: fp_ca_serial: bid file trace: serial of the CA certificate (数字证书) that signed it
-- column: fp_doc_hash: bid file trace: hash of the bid document
-- column: status: valid, disqualified 否决/废标, withdrawn
-- column: disqualification_reason: why it was disqualified
-- column: score: 评标综合得分
-- column: rank: evaluation rank, 1 = recommended first
-- column: is_winner: the bidder is the tender's current winner
-- column: buyer_id: the tender's buyer company id
-- column: buyer_name: the buyer's name
-- column: agency_id: the tender's agency company id
-- column: project_code: the tender's investment project
-- column: method: the tender's procurement method
-- column: category: works, goods, services
-- column: region_code: the tender's 6-digit region code (else its project's)
-- column: market: category:region prefix, the peer group of the price screens
-- column: ceiling_price: the tender's ceiling price, yuan
-- column: announced_at: the tender's announcement time
-- column: bid_deadline: the tender's bid deadline
-- column: bid_year: year of the bid deadline in Beijing time (the export partitions by it)
-- The bids come from mart_bids, which every scan materializes, rather than from stg_bids: an
-- aggregate over a million bids then reads a table instead of re-extracting every bid's JSON
-- (20x faster). The few bids on tenders not on record are in mart_data_gaps and added from stg_bids.
with known_bids as (
    select * from mart_bids
),

gap_bids as (
    select *
    from stg_bids
    where bid_id in (select record_id from mart_data_gaps where gap_kind = 'bid_unknown_tender')
),

known as (
    select
        bids.bid_id,
        bids.tender_id,
        true as tender_known,
        tenders.title as tender_title,
        bids.bidder_id,
        bids.bidder_name,
        bids.consortium_ids,
        bids.price,
        bids.price_to_ceiling,
        bids.price / nullif(tenders.lowest_valid_price, 0) as price_to_lowest,
        bids.submitted_at,
        bids.project_manager_id,
        bids.project_manager_name,
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
        bids.is_winner,
        bids.buyer_id,
        buyers.name as buyer_name,
        bids.agency_id,
        bids.project_code,
        bids.method,
        bids.category,
        bids.region_code,
        bids.market,
        bids.ceiling_price,
        bids.announced_at,
        bids.bid_deadline,
        -- Explicit zone, not the session's: the stock DuckDB CLI runs in the machine's time zone.
        year(timezone('Asia/Shanghai', bids.bid_deadline)) as bid_year
    from known_bids as bids
    left join mart_tenders as tenders on tenders.tender_id = bids.tender_id
    left join stg_companies as buyers on buyers.company_id = bids.buyer_id
),

gaps as (
    select
        bids.bid_id,
        bids.tender_id,
        false as tender_known,
        bids.bidder_id,
        bidders.name as bidder_name,
        bids.consortium_ids,
        bids.price,
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
        false as is_winner
    from gap_bids as bids
    left join stg_companies as bidders on bidders.company_id = bids.bidder_id
    left join stg_persons as managers on managers.person_id = bids.project_manager_id
),

-- By name: the columns a bid on an unknown tender cannot have (tender, buyer, market …) come out null.
final as (
    select * from known
    union all by name
    select * from gaps
)

select * from final
