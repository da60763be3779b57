-- model: v_tender_screens
-- materialized: view
-- grain: one row per tender with at least 3 valid bids, from the latest scan that computed price screens
-- description: Analyst view (stable interface, see docs/schema.md) over the result table `tender_screens` (which keeps every scan's rows): the latest screens of every screened tender, with the tender's facts, its rank in its market and whether the latest scan flagged it. Use it to rank every tender, not only the flagged ones. Built once the scan's result tables exist.
-- requires: tender_screens, flags, runs
-- unique: tender_id
-- not_null: run_id, tender_id, n_bids, flagged
-- column: run_id: the scan that computed the screens
-- column: tender_id: the tender screened
-- column: title: the tender's title
-- column: buyer_id: the tender's buyer
-- column: buyer_name: the buyer's name
-- column: category: works, goods, services
-- column: region_code: the tender's region code
-- column: bid_deadline: the tender's bid deadline
-- column: winner_id: the tender's current winner
-- column: market: the reference group the score was calibrated in: the market (e.g. works:5301), else the category (works), else (all) for the whole run
-- column: n_bids: valid bids the screens were computed on
-- column: cv: coefficient of variation of the valid bids (sample sd / mean); lower under cover bidding
-- column: rd: relative distance (b2 − b1) / sd of the losing bids b2…bn; higher when the winner sits apart below the covers; null when the losing bids are all equal
-- column: spd: spread (max − min) / min of the valid bids; lower under cover bidding
-- column: diffp: (b2 − b1) / b1, the gap between the two lowest bids; higher under cover bidding
-- column: kurtosis: sample excess kurtosis of the valid bids (needs 4); higher under cover bidding
-- column: skewness: sample skewness of the valid bids; negative under cover bidding
-- column: b1c: lowest valid bid / ceiling price; higher when the cartel keeps the price near the ceiling; null without a ceiling
-- column: score: 0..1 suspicion from the screens, percentiles within the reference group (rules/collusion/A5-price-screens/README.md); null when the run is too small to calibrate
-- column: market_rank: rank of score within the market, 1 = most suspicious
-- column: market_percentile: percent rank of score within the market (1 = top)
-- column: flagged: the latest scan has at least one hit on this tender (any rule)
-- column: detections: catalogue codes of those hits
-- CTEs are `not materialized`: DuckDB materializes a CTE used twice in full, which stops it from
-- pruning the columns a query does not read (10x slower `select count(*) from v_bids`).
with latest_run as not materialized (
    select screens.run_id
    from (select distinct run_id from tender_screens) as screens
    left join runs on runs.run_id = screens.run_id
    order by runs.started_at desc nulls last, screens.run_id desc
    limit 1
),

screens as not materialized (
    select tender_screens.*
    from tender_screens
    inner join latest_run on latest_run.run_id = tender_screens.run_id
),

tender_flags as not materialized (
    select tender_id, list(distinct detection order by detection) as detections
    from (select unnest(tender_ids) as tender_id, detection from flags)
    group by tender_id
),

final as not materialized (
    select
        screens.run_id,
        screens.tender_id,
        tenders.title,
        tenders.buyer_id,
        buyers.name as buyer_name,
        tenders.category,
        tenders.region_code,
        tenders.bid_deadline,
        tenders.winner_id,
        screens.market,
        screens.n_bids,
        screens.cv,
        screens.rd,
        screens.spd,
        screens.diffp,
        screens.kurtosis,
        screens.skewness,
        screens.b1c,
        screens.score,
        rank() over (partition by screens.market order by screens.score desc nulls last) as market_rank,
        percent_rank() over (partition by screens.market order by screens.score nulls first) as market_percentile,
        tender_flags.tender_id is not null as flagged,
        coalesce(tender_flags.detections, []) as detections
    from screens
    left join mart_tenders as tenders on tenders.tender_id = screens.tender_id
    left join stg_companies as buyers on buyers.company_id = tenders.buyer_id
    left join tender_flags on tender_flags.tender_id = screens.tender_id
)

select * from final
