-- model: stg_awards
-- materialized: view
-- grain: one row per award decision (中标)
-- unique: award_id
-- not_null: award_id, tender_id, winner_id
select
    id as award_id,
    tender_id,
    winner_id,
    price,
    cast(decided_at as timestamptz) as decided_at,
    cast(notice_at as timestamptz) as notice_at,
    _updated_at as updated_at
from raw_awards
