-- model: stg_contract_subcontracts
-- materialized: view
-- grain: one row per subcontract (分包) of a contract
-- not_null: contract_id, subcontractor_id
with contracts as (
    select id as contract_id, unnest(cast(subcontracts as json[])) as subcontract
    from raw_contracts
    where subcontracts is not null
)
select
    contract_id,
    subcontract ->> '$.subcontractor_id' as subcontractor_id,
    cast(subcontract ->> '$.value' as double) as value,
    subcontract ->> '$.scope' as scope
from contracts
