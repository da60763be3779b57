-- model: mart_contracts
-- materialized: table
-- grain: one row per contract, with its tender, award and project when known
-- description: `project_code` falls back to the tender's project; `has_procurement` is false when the contract names no known tender.
-- unique: contract_id
-- not_null: contract_id, buyer_id, supplier_id, has_procurement
with contracts as (
    select * from stg_contracts
),

tenders as (
    select * from mart_tenders
),

projects as (
    select * from stg_projects
),

subcontracts as (
    select contract_id, sum(value) as subcontracted_value, count(*) as n_subcontracts
    from stg_contract_subcontracts
    group by contract_id
),

final as (
    select
        contracts.contract_id,
        contracts.tender_id,
        coalesce(contracts.project_code, tenders.project_code) as project_code,
        contracts.buyer_id,
        contracts.supplier_id,
        contracts.title,
        contracts.category,
        contracts.value,
        contracts.signed_on,
        contracts.start_on,
        contracts.end_on,
        contracts.project_manager_id,
        tenders.tender_id is not null as has_procurement,
        tenders.method,
        tenders.exemption_reason,
        tenders.announced_at,
        tenders.bid_deadline,
        tenders.award_id,
        tenders.winner_id,
        tenders.decided_at,
        projects.investment_type,
        projects.approval_route,
        coalesce(tenders.region_code, projects.region_code) as region_code,
        coalesce(subcontracts.subcontracted_value, 0) as subcontracted_value,
        coalesce(subcontracts.n_subcontracts, 0) as n_subcontracts
    from contracts
    left join tenders on tenders.tender_id = contracts.tender_id
    left join projects on projects.project_code = coalesce(contracts.project_code, tenders.project_code)
    left join subcontracts on subcontracts.contract_id = contracts.contract_id
)

select * from final
