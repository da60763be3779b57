-- model: stg_company_qualifications
-- materialized: view
-- grain: one row per qualification certificate (资质) of a company
-- not_null: company_id, qualification_type
with companies as (
    select id as company_id, unnest(cast(qualifications as json[])) as qualification
    from raw_companies
    where qualifications is not null
)
select
    company_id,
    qualification ->> '$.type' as qualification_type,
    qualification ->> '$.grade' as grade,
    qualification ->> '$.cert_no' as cert_no,
    cast(qualification ->> '$.valid_from' as date) as valid_from,
    cast(qualification ->> '$.valid_to' as date) as valid_to
from companies
