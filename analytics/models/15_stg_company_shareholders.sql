-- model: stg_company_shareholders
-- materialized: view
-- grain: one row per shareholder of a company
-- not_null: company_id, holder_id, holder_type
with companies as (
    select id as company_id, unnest(cast(shareholders as json[])) as holder
    from raw_companies
    where shareholders is not null
)
select
    company_id,
    holder ->> '$.holder_id' as holder_id,
    holder ->> '$.holder_type' as holder_type,
    cast(holder ->> '$.share' as double) as share
from companies
