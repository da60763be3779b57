-- model: stg_projects
-- materialized: view
-- grain: one row per investment project (投资项目)
-- unique: project_code
-- not_null: project_code, owner_id
select
    code as project_code,
    name,
    owner_id,
    region_code,
    industry,
    investment_type,
    approval_route,
    total_investment,
    _updated_at as updated_at
from raw_projects
