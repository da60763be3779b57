-- model: v_projects
-- materialized: view
-- grain: one row per investment project (投资项目)
-- description: Analyst view (stable interface, see docs/schema.md): a project with its owner, every approval (审批事项) as a list, the first issue date of each approval kind as its own column, its construction milestones and amounts, and its tenders and contracts. A null date means no such approval or milestone is on record.
-- unique: project_code
-- not_null: project_code, owner_id, n_approvals, n_tenders, n_contracts
-- column: project_code: 全国投资项目统一代码
-- column: name: project name
-- column: owner_id: 项目(法人)单位 / 建设单位 company id
-- column: owner_name: the owner's name
-- column: region_code: 6-digit 行政区划代码
-- column: industry: 房建 / 市政 / 交通 / 水利 / 能源 / ...
-- column: investment_type: government 政府投资, state_owned 国有资金, private, ppp
-- column: approval_route: approval 审批, verification 核准, filing 备案
-- column: total_investment: 总投资, yuan
-- column: approvals: every approval by issue date: list of {issued_on, kind, approval_id, applied_on, authority, doc_no, amount}
-- column: n_approvals: number of approvals on record
-- column: project_approved_on: first 立项/可研批复 (kind project_approval), 核准 (verification) or 备案 (filing)
-- column: land_use_on: first 用地预审/用地批准 (land_use)
-- column: planning_permit_on: first 建设用地/工程规划许可 (planning_permit)
-- column: eia_on: first 环评批复 (eia)
-- column: energy_review_on: first 节能审查 (energy_review)
-- column: budget_estimate_on: first 初步设计概算批复 (budget_estimate)
-- column: construction_permit_on: first 施工许可 (construction_permit)
-- column: approved_estimate: amount of the latest project_approval (估算), yuan
-- column: approved_budget_estimate: amount of the latest budget_estimate (概算), yuan
-- column: construction_start_on: first construction_start milestone (开工)
-- column: completion_on: first completion milestone (竣工)
-- column: budget_amount: latest budget milestone amount (施工图预算), yuan
-- column: final_account_amount: latest final_account milestone amount (竣工决算), yuan
-- column: n_tenders: tenders of the project
-- column: n_contracts: contracts of the project
-- column: contract_value: total value of those contracts, yuan
-- column: updated_at: the project record's updated_at
-- CTEs are `not materialized`: DuckDB materializes a CTE used twice in full, which stops it from
-- pruning the columns a query does not read (10x slower `select count(*) from v_bids`).
with projects as not materialized (
    select * from stg_projects
),

approvals as not materialized (
    select * from stg_approvals
),

approval_summary as not materialized (
    select
        project_code,
        -- list_sort orders by the struct's first field onwards: an ordered aggregate is several times slower on many small groups.
        list_sort(list({'issued_on': issued_on, 'kind': kind, 'approval_id': approval_id, 'applied_on': applied_on,
                        'authority': authority, 'doc_no': doc_no, 'amount': amount})) as approvals,
        count(*) as n_approvals,
        min(issued_on) filter (where kind in ('project_approval', 'verification', 'filing')) as project_approved_on,
        min(issued_on) filter (where kind = 'land_use') as land_use_on,
        min(issued_on) filter (where kind = 'planning_permit') as planning_permit_on,
        min(issued_on) filter (where kind = 'eia') as eia_on,
        min(issued_on) filter (where kind = 'energy_review') as energy_review_on,
        min(issued_on) filter (where kind = 'budget_estimate') as budget_estimate_on,
        min(issued_on) filter (where kind = 'construction_permit') as construction_permit_on,
        arg_max(amount, issued_on) filter (where kind = 'project_approval') as approved_estimate,
        arg_max(amount, issued_on) filter (where kind = 'budget_estimate') as approved_budget_estimate
    from approvals
    group by project_code
),

milestone_summary as not materialized (
    select
        project_code,
        min(occurred_on) filter (where kind = 'construction_start') as construction_start_on,
        min(occurred_on) filter (where kind = 'completion') as completion_on,
        arg_max(amount, occurred_on) filter (where kind = 'budget') as budget_amount,
        arg_max(amount, occurred_on) filter (where kind = 'final_account') as final_account_amount
    from stg_milestones
    group by project_code
),

tender_counts as not materialized (
    select project_code, count(*) as n_tenders
    from stg_tenders
    where project_code is not null
    group by project_code
),

contract_sums as not materialized (
    select project_code, count(*) as n_contracts, sum(value) as contract_value
    from mart_contracts
    where project_code is not null
    group by project_code
),

companies as not materialized (
    select company_id, name from stg_companies
),

final as not materialized (
    select
        projects.project_code,
        projects.name,
        projects.owner_id,
        owners.name as owner_name,
        projects.region_code,
        projects.industry,
        projects.investment_type,
        projects.approval_route,
        projects.total_investment,
        coalesce(approval_summary.approvals, []) as approvals,
        coalesce(approval_summary.n_approvals, 0) as n_approvals,
        approval_summary.project_approved_on,
        approval_summary.land_use_on,
        approval_summary.planning_permit_on,
        approval_summary.eia_on,
        approval_summary.energy_review_on,
        approval_summary.budget_estimate_on,
        approval_summary.construction_permit_on,
        approval_summary.approved_estimate,
        approval_summary.approved_budget_estimate,
        milestone_summary.construction_start_on,
        milestone_summary.completion_on,
        milestone_summary.budget_amount,
        milestone_summary.final_account_amount,
        coalesce(tender_counts.n_tenders, 0) as n_tenders,
        coalesce(contract_sums.n_contracts, 0) as n_contracts,
        coalesce(contract_sums.contract_value, 0) as contract_value,
        projects.updated_at
    from projects
    left join companies as owners on owners.company_id = projects.owner_id
    left join approval_summary on approval_summary.project_code = projects.project_code
    left join milestone_summary on milestone_summary.project_code = projects.project_code
    left join tender_counts on tender_counts.project_code = projects.project_code
    left join contract_sums on contract_sums.project_code = projects.project_code
)

select * from final
