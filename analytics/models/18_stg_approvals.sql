-- model: stg_approvals
-- materialized: view
-- grain: one row per approval (审批事项)
-- unique: approval_id
-- not_null: approval_id, project_code, kind, issued_on
select
    id as approval_id,
    project_code,
    kind,
    cast(applied_on as date) as applied_on,
    cast(issued_on as date) as issued_on,
    authority,
    doc_no,
    amount,
    _updated_at as updated_at
from raw_approvals
