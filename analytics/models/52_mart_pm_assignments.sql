-- model: mart_pm_assignments
-- materialized: table
-- grain: one row per contract with a known project manager (项目经理/项目负责人)
-- description: Who managed which contract, and when: the contract's own project manager, else the winning bid's. The period runs from the planned start (else the signing day) to the planned end, cut short by the first `completion` milestone of the contract's project (竣工验收) on or after the start; `period_to` is null when neither is known. Read by B3 (在建冲突).
-- unique: contract_id
-- not_null: contract_id, project_manager_id, supplier_id, pm_source, period_from
-- relationship: contract_id -> mart_contracts.contract_id
with contracts as (
    select contract_id, tender_id, project_code, buyer_id, supplier_id, title, category, value,
           signed_on, start_on, end_on, project_manager_id
    from mart_contracts
),

-- A contract that names nobody still has a manager when its winning bid named one.
winning_bid_managers as (
    select tender_id, bidder_id, arg_min(project_manager_id, bid_id) as project_manager_id
    from mart_bids
    where is_winner and project_manager_id is not null
    group by tender_id, bidder_id
),

managed as (
    select
        contracts.*,
        coalesce(contracts.project_manager_id, winning_bid_managers.project_manager_id) as manager_id,
        case when contracts.project_manager_id is not null then 'contract' else 'winning_bid' end as pm_source,
        coalesce(contracts.start_on, contracts.signed_on) as period_from
    from contracts
    left join winning_bid_managers
        on winning_bid_managers.tender_id = contracts.tender_id
       and winning_bid_managers.bidder_id = contracts.supplier_id
),

completions as (
    select managed.contract_id, min(milestones.occurred_on) as completed_on, arg_min(milestones.milestone_id, milestones.occurred_on) as completion_milestone_id
    from managed
    inner join stg_milestones as milestones
        on milestones.project_code = managed.project_code
       and milestones.kind = 'completion'
       and milestones.occurred_on >= managed.period_from
    group by managed.contract_id
),

final as (
    select
        managed.contract_id,
        managed.tender_id,
        managed.project_code,
        managed.buyer_id,
        managed.supplier_id,
        managed.title,
        managed.category,
        managed.value,
        managed.manager_id as project_manager_id,
        managed.pm_source,
        managed.signed_on,
        managed.period_from,
        managed.end_on as planned_to,
        completions.completed_on,
        completions.completion_milestone_id,
        -- least() skips nulls: a completion on record ends an open-ended contract too.
        least(managed.end_on, completions.completed_on) as period_to
    from managed
    left join completions on completions.contract_id = managed.contract_id
    where managed.manager_id is not null
      and managed.period_from is not null
)

select * from final
