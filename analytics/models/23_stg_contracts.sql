-- model: stg_contracts
-- materialized: view
-- grain: one row per contract (合同)
-- unique: contract_id
-- not_null: contract_id, buyer_id, supplier_id
select
    id as contract_id,
    tender_id,
    project_code,
    buyer_id,
    supplier_id,
    title,
    category,
    value,
    cast(signed_on as date) as signed_on,
    cast(start_on as date) as start_on,
    cast(end_on as date) as end_on,
    project_manager_id,
    _updated_at as updated_at
from raw_contracts
