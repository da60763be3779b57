-- model: v_awards
-- materialized: view
-- grain: one row per award record (中标); a tender re-awarded after a complaint has several, is_current marks the one that counts
-- description: Analyst view (stable interface, see docs/schema.md): award decisions with the winner's and the buyer's names and how the price compares with the tender's ceiling and lowest valid bid.
-- unique: award_id
-- not_null: award_id, tender_id, winner_id, is_current, tender_known
-- column: award_id: the award record's id
-- column: tender_id: the tender lot awarded
-- column: tender_known: false when tender_id names no tender on record (a data gap)
-- column: tender_title: the tender's title
-- column: is_current: this is the tender's latest decision, the one v_tenders and the rules use
-- column: winner_id: winning company id
-- column: winner_name: the winner's name
-- column: price: 中标价, yuan
-- column: price_to_ceiling: price / the tender's ceiling price
-- column: price_to_lowest: price / the lowest valid bid on the tender
-- column: decided_at: 定标 time
-- column: notice_at: 中标结果公示 time
-- column: buyer_id: the tender's buyer company id
-- column: buyer_name: the buyer's name
-- column: method: the tender's procurement method
-- column: category: works, goods, services
-- column: region_code: the tender's region code
-- column: bid_deadline: the tender's bid deadline
-- column: updated_at: the award record's updated_at
-- CTEs are `not materialized`: DuckDB materializes a CTE used twice in full, which stops it from
-- pruning the columns a query does not read (10x slower `select count(*) from v_bids`).
with awards as not materialized (
    select * from stg_awards
),

tenders as not materialized (
    select * from mart_tenders
),

companies as not materialized (
    select company_id, name from stg_companies
),

final as not materialized (
    select
        awards.award_id,
        awards.tender_id,
        tenders.tender_id is not null as tender_known,
        tenders.title as tender_title,
        coalesce(awards.award_id = tenders.award_id, false) as is_current,
        awards.winner_id,
        winners.name as winner_name,
        awards.price,
        awards.price / nullif(tenders.ceiling_price, 0) as price_to_ceiling,
        awards.price / nullif(tenders.lowest_valid_price, 0) as price_to_lowest,
        awards.decided_at,
        awards.notice_at,
        tenders.buyer_id,
        buyers.name as buyer_name,
        tenders.method,
        tenders.category,
        tenders.region_code,
        tenders.bid_deadline,
        awards.updated_at
    from awards
    left join tenders on tenders.tender_id = awards.tender_id
    left join companies as winners on winners.company_id = awards.winner_id
    left join companies as buyers on buyers.company_id = tenders.buyer_id
)

select * from final
