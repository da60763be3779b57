-- model: v_tenders
-- materialized: view
-- grain: one row per tender lot (标段)
-- description: Analyst view (stable interface, see docs/schema.md): every tender with the names of its buyer, agency, project and winner, its bid counts and its current award. Times are timestamptz; `bid_year` is the year of the bid deadline in Beijing time.
-- unique: tender_id
-- not_null: tender_id, buyer_id, n_bids, n_valid_bids
-- column: tender_id: 标段编号, the tender lot's id
-- column: title: tender title as published
-- column: project_code: 全国投资项目统一代码 of the investment project it belongs to; null when not tied to one
-- column: project_known: true when project_code names a project on record (false also when project_code is null)
-- column: project_name: name of that project
-- column: buyer_id: 招标人/采购人 company id
-- column: buyer_name: the buyer's name
-- column: agency_id: 招标代理机构 company id, if any
-- column: agency_name: the agency's name
-- column: method: open 公开招标, invited 邀请招标, competitive_negotiation, competitive_consultation, single_source, inquiry, direct 直接发包
-- column: category: works 工程施工, goods 货物, services 服务
-- column: exemption_reason: why it was not openly tendered (secret, special_technique, emergency, investment_attraction, ppp, other)
-- column: estimated_value: 估算/预算金额, yuan
-- column: ceiling_price: 最高投标限价/招标控制价, yuan
-- column: announced_at: 招标公告发布 (null for direct awards)
-- column: bid_deadline: 投标截止/开标时间
-- column: bid_year: year of bid_deadline in Beijing time (the export partitions by it)
-- column: bid_period_days: calendar days from announcement to bid deadline (Beijing dates)
-- column: region_code: 6-digit 行政区划代码 of the tender, else of its project
-- column: market: category:region prefix (4 digits), the peer group price screens calibrate against
-- column: investment_type: the project's funding: government, state_owned, private, ppp
-- column: approval_route: the project's route: approval 审批, verification 核准, filing 备案
-- column: industry: the project's industry (房建, 市政, 交通, 水利 ...)
-- column: n_bids: bids received, any status
-- column: n_valid_bids: bids with status valid
-- column: lowest_valid_price: lowest valid bid, yuan
-- column: award_id: the current award (the latest decision when re-awarded)
-- column: winner_id: the current winner's company id
-- column: winner_name: the current winner's name
-- column: award_price: 中标价, yuan
-- column: award_to_ceiling: award_price / ceiling_price
-- column: decided_at: 定标 time of the current award
-- column: n_awards: award records for the tender (more than 1 = re-awarded)
-- CTEs are `not materialized`: DuckDB materializes a CTE used twice in full, which stops it from
-- pruning the columns a query does not read (10x slower `select count(*) from v_bids`).
with tenders as not materialized (
    select * from mart_tenders
),

companies as not materialized (
    select company_id, name from stg_companies
),

projects as not materialized (
    select project_code, name from stg_projects
),

final as not materialized (
    select
        tenders.tender_id,
        tenders.title,
        tenders.project_code,
        tenders.project_known,
        projects.name as project_name,
        tenders.buyer_id,
        buyers.name as buyer_name,
        tenders.agency_id,
        agencies.name as agency_name,
        tenders.method,
        tenders.category,
        tenders.exemption_reason,
        tenders.estimated_value,
        tenders.ceiling_price,
        tenders.announced_at,
        tenders.bid_deadline,
        -- Explicit zone, not the session's: the stock DuckDB CLI runs in the machine's time zone.
        year(timezone('Asia/Shanghai', tenders.bid_deadline)) as bid_year,
        date_diff('day', timezone('Asia/Shanghai', tenders.announced_at)::date, timezone('Asia/Shanghai', tenders.bid_deadline)::date) as bid_period_days,
        tenders.region_code,
        tenders.market,
        tenders.investment_type,
        tenders.approval_route,
        tenders.industry,
        tenders.n_bids,
        tenders.n_valid_bids,
        tenders.lowest_valid_price,
        tenders.award_id,
        tenders.winner_id,
        winners.name as winner_name,
        tenders.award_price,
        tenders.award_price / nullif(tenders.ceiling_price, 0) as award_to_ceiling,
        tenders.decided_at,
        tenders.n_awards
    from tenders
    left join companies as buyers on buyers.company_id = tenders.buyer_id
    left join companies as agencies on agencies.company_id = tenders.agency_id
    left join companies as winners on winners.company_id = tenders.winner_id
    left join projects on projects.project_code = tenders.project_code
)

select * from final
