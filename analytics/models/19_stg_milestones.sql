-- model: stg_milestones
-- materialized: view
-- grain: one row per construction milestone (建设进度)
-- unique: milestone_id
-- not_null: milestone_id, project_code, kind, occurred_on
select
    id as milestone_id,
    project_code,
    kind,
    cast("on" as date) as occurred_on,
    amount,
    source,
    _updated_at as updated_at
from raw_milestones
