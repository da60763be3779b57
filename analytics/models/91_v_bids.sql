-- model: v_bids
-- materialized: view
-- grain: one row per bid (every bid on record, also bids on a tender that is not on record: tender_known = false)
-- description: Analyst view (stable interface, see docs/schema.md): a bid with its bidder, project manager, deposit payer and electronic bid-file traces (电子投标文件特征), and the tender it was for. Nothing is masked: this is the analysts' own database.
-- unique: bid_id
-- not_null: bid_id, tender_id, bidder_id, price, status, tender_known, is_winner
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
-- column: updated_at: the bid record's updated_at (latest version kept)
-- CTEs are `not materialized`: DuckDB materializes a CTE used twice in full, which stops it from
-- pruning the columns a query does not read (10x slower `select count(*) from v_bids`).
with bids as not materialized (
    select * from stg_bids
),

tenders as not materialized (
    select * from mart_tenders
),

companies as not materialized (
    select company_id, name from stg_companies
),

persons as not materialized (
    select person_id, name from stg_persons
),

final as not materialized (
    select
        bids.bid_id,
        bids.tender_id,
        tenders.tender_id is not null as tender_known,
        tenders.title as tender_title,
        bids.bidder_id,
        bidders.name as bidder_name,
        bids.consortium_ids,
        bids.price,
        bids.price / nullif(tenders.ceiling_price, 0) as price_to_ceiling,
        bids.price / nullif(tenders.lowest_valid_price, 0) as price_to_lowest,
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
        tenders.buyer_id,
        buyers.name as buyer_name,
        tenders.agency_id,
        tenders.project_code,
        tenders.method,
        tenders.category,
        tenders.region_code,
        tenders.market,
        tenders.ceiling_price,
        tenders.announced_at,
        tenders.bid_deadline,
        -- Explicit zone, not the session's: the stock DuckDB CLI runs in the machine's time zone.
        year(timezone('Asia/Shanghai', tenders.bid_deadline)) as bid_year,
        bids.updated_at
    from bids
    left join tenders on tenders.tender_id = bids.tender_id
    left join companies as bidders on bidders.company_id = bids.bidder_id
    left join companies as buyers on buyers.company_id = tenders.buyer_id
    left join persons as managers on managers.person_id = bids.project_manager_id
)

select * from final
