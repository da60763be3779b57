-- model: mart_data_gaps
-- materialized: table
-- grain: one row per record whose reference could not be resolved (a data gap, never a hit by itself)
-- description: References are resolved at analysis time (records.md): a record that points at something not on record is kept and listed here, so the scan summary can report it.
-- not_null: gap_kind, record_type, record_id, missing_reference
with bids_without_tender as (
    select 'bid_unknown_tender' as gap_kind, 'bids' as record_type, bid_id as record_id, tender_id as missing_reference
    from stg_bids
    where tender_id not in (select tender_id from stg_tenders)
),

awards_without_tender as (
    select 'award_unknown_tender', 'awards', award_id, tender_id
    from stg_awards
    where tender_id not in (select tender_id from stg_tenders)
),

tenders_without_project as (
    select 'tender_unknown_project', 'tenders', tender_id, project_code
    from stg_tenders
    where project_code is not null and project_code not in (select project_code from stg_projects)
),

contracts_without_tender as (
    select 'contract_unknown_tender', 'contracts', contract_id, tender_id
    from stg_contracts
    where tender_id is not null and tender_id not in (select tender_id from stg_tenders)
),

approvals_without_project as (
    select 'approval_unknown_project', 'approvals', approval_id, project_code
    from stg_approvals
    where project_code not in (select project_code from stg_projects)
),

milestones_without_project as (
    select 'milestone_unknown_project', 'milestones', milestone_id, project_code
    from stg_milestones
    where project_code not in (select project_code from stg_projects)
),

bids_without_bidder as (
    select 'bid_unknown_bidder', 'bids', bid_id, bidder_id
    from stg_bids
    where bidder_id not in (select company_id from stg_companies)
),

-- A stated requirement (资格要求) that names no 资质 family (施工总承包, 专业承包, 劳务, 监理, 设计, 勘察) and no grade: B4 cannot
-- read it and does not judge the tender's bids (B4's parser reads the texts this keeps).
tenders_with_unreadable_requirement as (
    select 'tender_requirement_unreadable', 'tenders', tender_id, required_qualification
    from stg_tender_requirements
    where not regexp_matches(required_qualification, '施工总承包|专业承包|劳务|监理|设计|勘察|[特一二三四甲乙丙丁壹贰叁肆]级')
),

final as (
    select * from bids_without_tender
    union all select * from awards_without_tender
    union all select * from tenders_without_project
    union all select * from contracts_without_tender
    union all select * from approvals_without_project
    union all select * from milestones_without_project
    union all select * from bids_without_bidder
    union all select * from tenders_with_unreadable_requirement
)

select * from final
