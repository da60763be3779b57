-- model: stg_company_credit_records
-- materialized: view
-- grain: one row per credit sanction (失信/不良行为记录) of a company
-- not_null: company_id, kind, sanction_from
with companies as (
    select id as company_id, unnest(cast(credit_records as json[])) as credit
    from raw_companies
    where credit_records is not null
)
select
    company_id,
    credit ->> '$.kind' as kind,
    cast(credit ->> '$.from' as date) as sanction_from,
    cast(credit ->> '$.to' as date) as sanction_to,
    credit ->> '$.authority' as authority
from companies
