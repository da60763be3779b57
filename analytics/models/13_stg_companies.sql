-- model: stg_companies
-- materialized: view
-- grain: one row per company
-- description: 企业 companies keyed by 统一社会信用代码.
-- unique: company_id
-- not_null: company_id, name
select
    id as company_id,
    name,
    legal_rep_id,
    address,
    phone,
    email,
    cast(established_on as date) as established_on,
    registered_capital,
    _updated_at as updated_at
from raw_companies
