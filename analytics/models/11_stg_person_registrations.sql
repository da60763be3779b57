-- model: stg_person_registrations
-- materialized: view
-- grain: one row per constructor registration (注册建造师等执业注册) of a person
-- description: A person's professional registrations; company_id is the registering employer (注册单位).
-- not_null: person_id
with persons as (
    select id as person_id, unnest(cast(registrations as json[])) as registration
    from raw_persons
    where registrations is not null
)
select
    person_id,
    registration ->> '$.cert_no' as cert_no,
    registration ->> '$.company_id' as company_id,
    registration ->> '$.specialty' as specialty,
    registration ->> '$.grade' as grade,
    cast(registration ->> '$.valid_from' as date) as valid_from,
    cast(registration ->> '$.valid_to' as date) as valid_to
from persons
