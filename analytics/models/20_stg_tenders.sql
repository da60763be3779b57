-- model: stg_tenders
-- materialized: view
-- grain: one row per tender lot (标段)
-- unique: tender_id
-- not_null: tender_id, buyer_id
select
    id as tender_id,
    project_code,
    title,
    buyer_id,
    agency_id,
    method,
    category,
    exemption_reason,
    estimated_value,
    ceiling_price,
    cast(announced_at as timestamptz) as announced_at,
    cast(bid_deadline as timestamptz) as bid_deadline,
    region_code,
    _updated_at as updated_at
from raw_tenders
