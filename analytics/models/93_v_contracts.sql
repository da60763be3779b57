-- model: v_contracts
-- materialized: view
-- grain: one row per contract (合同)
-- description: Analyst view (stable interface, see docs/schema.md): contracts with buyer, supplier and project manager names, the procurement behind them (if any) and the manager's working period (mart_pm_assignments).
-- unique: contract_id
-- not_null: contract_id, buyer_id, supplier_id, has_procurement
-- column: contract_id: the contract's id
-- column: title: contract title
-- column: tender_id: the tender it came from; null for a contract with no procurement on record
-- column: has_procurement: tender_id names a tender on record
-- column: project_code: its investment project (the contract's own, else the tender's)
-- column: project_name: that project's name
-- column: buyer_id: buyer company id
-- column: buyer_name: the buyer's name
-- column: supplier_id: supplier (contractor) company id
-- column: supplier_name: the supplier's name
-- column: category: works, goods, services
-- column: value: 合同金额, yuan
-- column: signed_on: signing date
-- column: signed_year: year of signed_on (the export partitions by it)
-- column: start_on: planned start
-- column: end_on: planned completion
-- column: project_manager_id: the contract's project manager, else the one named in the winning bid
-- column: project_manager_name: that person's name
-- column: pm_source: where project_manager_id comes from: contract or winning_bid
-- column: pm_period_from: start of the manager's period on this contract (planned start, else signing day)
-- column: pm_period_to: end of that period: planned end cut short by the project's completion (竣工); null when neither is known
-- column: method: the procurement method of its tender
-- column: exemption_reason: its tender's exemption reason, if not openly tendered
-- column: announced_at: its tender's announcement time
-- column: bid_deadline: its tender's bid deadline
-- column: award_id: its tender's current award
-- column: winner_id: its tender's current winner (compare with supplier_id)
-- column: decided_at: its tender's award decision time
-- column: investment_type: the project's funding: government, state_owned, private, ppp
-- column: approval_route: the project's route: approval, verification, filing
-- column: region_code: region of the tender, else of the project
-- column: subcontracted_value: sum of its subcontracts (分包), yuan
-- column: n_subcontracts: number of subcontracts
-- CTEs are `not materialized`: DuckDB materializes a CTE used twice in full, which stops it from
-- pruning the columns a query does not read (10x slower `select count(*) from v_bids`).
with contracts as not materialized (
    select * from mart_contracts
),

assignments as not materialized (
    select contract_id, project_manager_id, pm_source, period_from, period_to from mart_pm_assignments
),

companies as not materialized (
    select company_id, name from stg_companies
),

persons as not materialized (
    select person_id, name from stg_persons
),

projects as not materialized (
    select project_code, name from stg_projects
),

final as not materialized (
    select
        contracts.contract_id,
        contracts.title,
        contracts.tender_id,
        contracts.has_procurement,
        contracts.project_code,
        projects.name as project_name,
        contracts.buyer_id,
        buyers.name as buyer_name,
        contracts.supplier_id,
        suppliers.name as supplier_name,
        contracts.category,
        contracts.value,
        contracts.signed_on,
        year(contracts.signed_on) as signed_year,
        contracts.start_on,
        contracts.end_on,
        coalesce(assignments.project_manager_id, contracts.project_manager_id) as project_manager_id,
        managers.name as project_manager_name,
        assignments.pm_source,
        assignments.period_from as pm_period_from,
        assignments.period_to as pm_period_to,
        contracts.method,
        contracts.exemption_reason,
        contracts.announced_at,
        contracts.bid_deadline,
        contracts.award_id,
        contracts.winner_id,
        contracts.decided_at,
        contracts.investment_type,
        contracts.approval_route,
        contracts.region_code,
        contracts.subcontracted_value,
        contracts.n_subcontracts
    from contracts
    left join assignments on assignments.contract_id = contracts.contract_id
    left join companies as buyers on buyers.company_id = contracts.buyer_id
    left join companies as suppliers on suppliers.company_id = contracts.supplier_id
    left join persons as managers on managers.person_id = coalesce(assignments.project_manager_id, contracts.project_manager_id)
    left join projects on projects.project_code = contracts.project_code
)

select * from final
