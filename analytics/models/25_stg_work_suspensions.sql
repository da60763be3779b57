-- model: stg_work_suspensions
-- materialized: view
-- grain: one row per recorded work suspension (停工) of a contract or of a whole project
-- description: The v1 contract has no suspension record, so suspensions travel as an extra field (kept in `_extra`, records.md "Unknown extra fields are kept"; the demo generator writes it the same way): `halts: [{from, to, reason}]` on a contract (that contract halted) or on a project (every contract of the project halted); `to` null = still halted. Read by B3 (注册建造师管理规定 Art. 21: a PM may take a second project when the first is halted ≥ 120 days).
-- not_null: scope, suspended_from
with contract_suspensions as (
    select
        'contract' as scope,
        id as contract_id,
        cast(null as varchar) as project_code,
        unnest(cast(_extra -> '$.halts' as json[])) as suspension
    from raw_contracts
    where json_type(_extra -> '$.halts') = 'ARRAY'
),

project_suspensions as (
    select
        'project' as scope,
        cast(null as varchar) as contract_id,
        code as project_code,
        unnest(cast(_extra -> '$.halts' as json[])) as suspension
    from raw_projects
    where json_type(_extra -> '$.halts') = 'ARRAY'
),

unioned as (
    select * from contract_suspensions
    union all
    select * from project_suspensions
),

final as (
    select
        scope,
        contract_id,
        project_code,
        try_cast(suspension ->> '$.from' as date) as suspended_from,
        try_cast(suspension ->> '$.to' as date) as suspended_to,
        suspension ->> '$.reason' as reason
    from unioned
    where try_cast(suspension ->> '$.from' as date) is not null
)

select * from final
