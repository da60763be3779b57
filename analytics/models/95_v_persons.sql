-- model: v_persons
-- materialized: view
-- grain: one row per person (pseudonymised id)
-- description: Analyst view (stable interface, see docs/schema.md): a person with their professional registrations (注册建造师等) and social-insurance periods as lists, the companies they represent or hold shares in, and how often they were named as project manager.
-- unique: person_id
-- not_null: person_id, name, n_bids_as_pm, n_contracts_as_pm
-- column: person_id: pseudonymised person id (a hash of the ID-card number)
-- column: name: 姓名
-- column: registrations: 执业注册 by date: list of {valid_from, valid_to, cert_no, company_id (注册单位), company_name, specialty, grade}
-- column: social_insurance: 社保 periods by date: list of {insured_from, insured_to (null = ongoing), company_id, company_name}
-- column: legal_rep_of: company ids of which the person is 法定代表人
-- column: shareholder_of: company ids in which the person holds shares
-- column: n_bids_as_pm: bids naming the person as project manager
-- column: n_contracts_as_pm: contracts the person managed (mart_pm_assignments)
-- column: first_pm_from: start of the earliest contract the person managed
-- column: last_pm_to: end of the latest-ending contract the person managed (null when open-ended)
-- column: updated_at: the person record's updated_at
-- CTEs are `not materialized`: DuckDB materializes a CTE used twice in full, which stops it from
-- pruning the columns a query does not read (10x slower `select count(*) from v_bids`).
with persons as not materialized (
    select * from stg_persons
),

companies as not materialized (
    select company_id, name, legal_rep_id from stg_companies
),

registrations as not materialized (
    select
        registrations.person_id,
        -- list_sort orders by the struct's first field onwards: an ordered aggregate is several times slower on many small groups.
        list_sort(list({'valid_from': registrations.valid_from, 'valid_to': registrations.valid_to, 'cert_no': registrations.cert_no,
                        'company_id': registrations.company_id, 'company_name': companies.name,
                        'specialty': registrations.specialty, 'grade': registrations.grade})) as registrations
    from stg_person_registrations as registrations
    left join companies on companies.company_id = registrations.company_id
    group by registrations.person_id
),

social_insurance as not materialized (
    select
        periods.person_id,
        list_sort(list({'insured_from': periods.insured_from, 'insured_to': periods.insured_to,
                        'company_id': periods.company_id, 'company_name': companies.name})) as social_insurance
    from stg_person_social_insurance as periods
    left join companies on companies.company_id = periods.company_id
    group by periods.person_id
),

legal_rep_of as not materialized (
    select legal_rep_id as person_id, list_sort(list(company_id)) as legal_rep_of
    from companies
    where legal_rep_id is not null
    group by legal_rep_id
),

shareholder_of as not materialized (
    select holder_id as person_id, list_sort(list(distinct company_id)) as shareholder_of
    from stg_company_shareholders
    where holder_type = 'person'
    group by holder_id
),

pm_bids as not materialized (
    select project_manager_id as person_id, count(*) as n_bids_as_pm
    from stg_bids
    where project_manager_id is not null
    group by project_manager_id
),

pm_contracts as not materialized (
    select
        project_manager_id as person_id,
        count(*) as n_contracts_as_pm,
        min(period_from) as first_pm_from,
        -- An open-ended assignment (period_to null) has no last day yet.
        case when count(*) = count(period_to) then max(period_to) end as last_pm_to
    from mart_pm_assignments
    group by project_manager_id
),

final as not materialized (
    select
        persons.person_id,
        persons.name,
        coalesce(registrations.registrations, []) as registrations,
        coalesce(social_insurance.social_insurance, []) as social_insurance,
        coalesce(legal_rep_of.legal_rep_of, []) as legal_rep_of,
        coalesce(shareholder_of.shareholder_of, []) as shareholder_of,
        coalesce(pm_bids.n_bids_as_pm, 0) as n_bids_as_pm,
        coalesce(pm_contracts.n_contracts_as_pm, 0) as n_contracts_as_pm,
        pm_contracts.first_pm_from,
        pm_contracts.last_pm_to,
        persons.updated_at
    from persons
    left join registrations on registrations.person_id = persons.person_id
    left join social_insurance on social_insurance.person_id = persons.person_id
    left join legal_rep_of on legal_rep_of.person_id = persons.person_id
    left join shareholder_of on shareholder_of.person_id = persons.person_id
    left join pm_bids on pm_bids.person_id = persons.person_id
    left join pm_contracts on pm_contracts.person_id = persons.person_id
)

select * from final
