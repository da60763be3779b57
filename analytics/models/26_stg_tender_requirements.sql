-- model: stg_tender_requirements
-- materialized: view
-- grain: one row per tender that states the qualification its bidders need
-- description: The v1 contract has no field for the qualification a tender requires (资格条件); platforms that publish it send it as an extra field `required_qualification` (a 资质 type, e.g. 市政公用工程施工总承包), kept in `_extra` (records.md: unknown fields are kept; the demo generator writes it the same way). Read by B4; tenders without it fall back to B4's documented category/industry table.
-- unique: tender_id
-- not_null: tender_id, required_qualification
select
    id as tender_id,
    trim(_extra ->> '$.required_qualification') as required_qualification
from raw_tenders
where nullif(trim(_extra ->> '$.required_qualification'), '') is not null
