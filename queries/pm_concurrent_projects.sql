-- Question: which contracts did one project manager (项目经理) run at the same time?
-- A registered constructor may manage one project at a time (注册建造师管理规定 Art. 21; B3);
-- overlaps are worth a look, especially across different suppliers.
-- Periods come from v_contracts: planned start (else signing) to the planned end, cut short by the
-- project's completion; an open end counts as still running.
-- Variables: person_id = the manager's person id; default: the manager with the most overlaps.
--   bidwatch sql -f queries/pm_concurrent_projects.sql --var person_id=82374d9e2de054076549efe449cb0b06
with assignments as (
    select
        project_manager_id,
        project_manager_name,
        contract_id,
        title,
        supplier_id,
        supplier_name,
        buyer_name,
        value,
        pm_period_from,
        coalesce(pm_period_to, date '9999-12-31') as period_to
    from v_contracts
    where project_manager_id is not null and pm_period_from is not null
),

overlapping as (
    select
        a.project_manager_id,
        a.project_manager_name,
        a.contract_id as contract_a,
        a.title as title_a,
        a.supplier_name as supplier_a,
        a.pm_period_from as from_a,
        nullif(a.period_to, date '9999-12-31') as to_a,
        b.contract_id as contract_b,
        b.title as title_b,
        b.supplier_name as supplier_b,
        b.pm_period_from as from_b,
        nullif(b.period_to, date '9999-12-31') as to_b,
        date_diff('day', greatest(a.pm_period_from, b.pm_period_from), least(a.period_to, b.period_to)) as overlap_days,
        a.supplier_id <> b.supplier_id as different_suppliers
    from assignments as a
    inner join assignments as b
        on b.project_manager_id = a.project_manager_id
       and a.contract_id < b.contract_id
       and a.pm_period_from < b.period_to
       and b.pm_period_from < a.period_to
),

params as (
    select coalesce(
        getvariable('person_id'),
        (select project_manager_id from overlapping group by project_manager_id order by count(*) desc, project_manager_id limit 1)
    ) as person_id
)

select *
from overlapping
where project_manager_id = (select person_id from params)
order by from_a, from_b
