-- model: stg_subcontract_requirements
-- materialized: view
-- grain: one row per subcontract (分包) that states the qualification its scope needs
-- description: The v1 contract's subcontract object is `{subcontractor_id, value, scope}`; platforms that also publish the qualification the scope requires send `required_qualification` inside it (kept in the raw JSON; the demo generator writes it the same way). Read by B6; subcontracts without it fall back to B6's scope table.
-- not_null: contract_id, subcontractor_id, required_qualification
with subcontracts as (
    select id as contract_id, unnest(cast(subcontracts as json[])) as subcontract
    from raw_contracts
    where subcontracts is not null
)
select
    contract_id,
    subcontract ->> '$.subcontractor_id' as subcontractor_id,
    subcontract ->> '$.scope' as scope,
    trim(subcontract ->> '$.required_qualification') as required_qualification
from subcontracts
where nullif(trim(subcontract ->> '$.required_qualification'), '') is not null
  and (subcontract ->> '$.subcontractor_id') is not null
