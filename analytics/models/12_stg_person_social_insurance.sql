-- model: stg_person_social_insurance
-- materialized: view
-- grain: one row per social-insurance period (社保缴纳记录) of a person
-- description: Who paid a person's social insurance and when; insured_to null = ongoing.
-- not_null: person_id, company_id, insured_from
-- One json_transform reads each period into a struct (as stg_person_registrations).
with persons as (
    select id as person_id, unnest(json_transform(social_insurance, '[{"company_id": "VARCHAR", "from": "VARCHAR", "to": "VARCHAR"}]')) as period
    from raw_persons
    where social_insurance is not null
)
select
    person_id,
    period.company_id,
    cast(period."from" as date) as insured_from,
    cast(period."to" as date) as insured_to
from persons
