-- model: stg_persons
-- materialized: view
-- grain: one row per person
-- description: 人员 persons (pseudonymised ids), renamed and cast from raw_persons.
-- unique: person_id
-- not_null: person_id, name
select
    id as person_id,
    name,
    _updated_at as updated_at
from raw_persons
