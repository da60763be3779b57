-- model: stg_tender_requirements
-- materialized: view
-- grain: one row per tender that states the qualification its bidders need
-- description: The v1 contract has no field for the qualification a tender requires (资格条件); platforms that publish it send it as an extra field, kept in `_extra` (records.md: unknown fields are kept). Real announcements call it `qualification_requirement` and write free text with grade clauses (「具备建筑工程施工总承包贰级及以上资质」); the demo generator's default vocabulary writes `required_qualification` with a bare 资质 type. All are read, the real names first (`qualification_requirement`, `qualification_requirements`, `bidder_qualification`; a list or object arrives as its JSON text, which the parser reads the same way; a separate `required_grade` / `qualification_grade` is appended). B4 parses the text into types and minimum grades; tenders without it fall back to B4's documented category/industry table.
-- unique: tender_id
-- not_null: tender_id, required_qualification
with stated as (
    select
        id as tender_id,
        coalesce(
            nullif(trim(_extra ->> '$.qualification_requirement'), ''),
            nullif(trim(_extra ->> '$.qualification_requirements'), ''),
            nullif(trim(_extra ->> '$.bidder_qualification'), ''),
            nullif(trim(_extra ->> '$.required_qualification'), '')
        )
        -- A platform that states the grade in a field of its own: read as one requirement (type, then grade).
        || coalesce(' ' || nullif(trim(coalesce(_extra ->> '$.required_grade', _extra ->> '$.qualification_grade')), ''), '') as required_qualification
    from raw_tenders
)

select tender_id, required_qualification
from stated
where required_qualification is not null
