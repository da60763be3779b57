-- model: mart_tenders
-- materialized: table
-- grain: one row per tender lot, with its project, bid counts and award
-- description: The tender as the rules see it. `market` (category + region) is the peer group price screens calibrate against.
-- unique: tender_id
-- not_null: tender_id, buyer_id, n_bids, n_valid_bids, project_known
with tenders as (
    select * from stg_tenders
),

projects as (
    select * from stg_projects
),

bid_counts as (
    select
        tender_id,
        count(*) as n_bids,
        count(*) filter (where status = 'valid') as n_valid_bids,
        min(price) filter (where status = 'valid') as lowest_valid_price
    from stg_bids
    group by tender_id
),

-- A tender may carry several award records (re-awards after a complaint): the latest decision counts.
-- An award without a decision time (OCDS award.date is optional) still names a winner: it ranks earliest.
awards as (
    select
        tender_id,
        arg_max(award_id, coalesce(decided_at, '-infinity'::timestamptz)) as award_id,
        arg_max(winner_id, coalesce(decided_at, '-infinity'::timestamptz)) as winner_id,
        arg_max(price, coalesce(decided_at, '-infinity'::timestamptz)) as award_price,
        max(decided_at) as decided_at,
        count(*) as n_awards
    from stg_awards
    group by tender_id
),

final as (
    select
        tenders.tender_id,
        tenders.project_code,
        projects.project_code is not null as project_known,
        tenders.title,
        tenders.buyer_id,
        tenders.agency_id,
        tenders.method,
        tenders.category,
        tenders.exemption_reason,
        tenders.estimated_value,
        tenders.ceiling_price,
        tenders.announced_at,
        tenders.bid_deadline,
        coalesce(tenders.region_code, projects.region_code) as region_code,
        tenders.category || ':' || coalesce(substr(coalesce(tenders.region_code, projects.region_code), 1, 4), '----') as market,
        projects.owner_id as project_owner_id,
        projects.investment_type,
        projects.approval_route,
        projects.industry,
        coalesce(bid_counts.n_bids, 0) as n_bids,
        coalesce(bid_counts.n_valid_bids, 0) as n_valid_bids,
        bid_counts.lowest_valid_price,
        awards.award_id,
        awards.winner_id,
        awards.award_price,
        awards.decided_at,
        coalesce(awards.n_awards, 0) as n_awards
    from tenders
    left join projects on projects.project_code = tenders.project_code
    left join bid_counts on bid_counts.tender_id = tenders.tender_id
    left join awards on awards.tender_id = tenders.tender_id
)

select * from final
