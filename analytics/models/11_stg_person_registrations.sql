-- model: stg_person_registrations
-- materialized: view
-- grain: one row per constructor registration (注册建造师等执业注册) of a person
-- description: A person's professional registrations; company_id is the registering employer (注册单位).
-- not_null: person_id
-- One json_transform reads each registration into a struct (six `->>` parsed each one six times; keys match
-- case-sensitively like `->>`, and any JSON value reads as its text).
with persons as (
    select
        id as person_id,
        unnest(json_transform(registrations,
            '[{"cert_no": "VARCHAR", "company_id": "VARCHAR", "specialty": "VARCHAR", "grade": "VARCHAR", "valid_from": "VARCHAR", "valid_to": "VARCHAR"}]'
        )) as registration
    from raw_persons
    where registrations is not null
)
select
    person_id,
    registration.cert_no,
    registration.company_id,
    registration.specialty,
    registration.grade,
    cast(registration.valid_from as date) as valid_from,
    cast(registration.valid_to as date) as valid_to
from persons
