-- B6 subcontracting out. Grain: one hit per contract that subcontracts more than $max_subcontracted_share of its value,
-- subcontracts a forbidden scope, or gives a works subcontract to a known firm holding no accepted qualification
-- valid during the contract period.
with contracts as (
    select contract_id, tender_id, project_code, buyer_id, supplier_id, title, category, value,
           signed_on, start_on, end_on, subcontracted_value, n_subcontracts
    from mart_contracts
    where n_subcontracts > 0
),

scope_table as (
    select
        requirement ->> '$.scope_keyword' as scope_keyword,
        cast(requirement -> '$.qualification_types' as varchar[]) as qualification_types
    from (select unnest(cast(cast($scope_requirements as json) as json[])) as requirement)
),

subcontracts as (
    select
        contracts.contract_id,
        subcontracts.subcontractor_id,
        subcontracts.value,
        subcontracts.scope,
        contracts.category,
        coalesce(contracts.start_on, contracts.signed_on) as period_from,
        coalesce(contracts.end_on, contracts.start_on, contracts.signed_on) as period_to
    from contracts
    inner join stg_contract_subcontracts as subcontracts on subcontracts.contract_id = contracts.contract_id
),

scope_matches as (
    select
        subcontracts.contract_id,
        subcontracts.subcontractor_id,
        subcontracts.scope,
        list_distinct(flatten(list(scope_table.qualification_types))) as scope_types
    from subcontracts
    inner join scope_table on contains(subcontracts.scope, scope_table.scope_keyword)
    group by all
),

-- What each works subcontract needs: as stated, else the scope table, else any construction qualification.
needed as (
    select
        subcontracts.*,
        coalesce(
            case when stated.required_qualification is not null then [stated.required_qualification] end,
            scope_matches.scope_types,
            ['%专业承包', '施工劳务%', '%施工总承包']
        ) as accepted_types
    from subcontracts
    left join stg_subcontract_requirements as stated
        on stated.contract_id = subcontracts.contract_id
       and stated.subcontractor_id = subcontracts.subcontractor_id
       and stated.scope is not distinct from subcontracts.scope
    left join scope_matches
        on scope_matches.contract_id = subcontracts.contract_id
       and scope_matches.subcontractor_id = subcontracts.subcontractor_id
       and scope_matches.scope is not distinct from subcontracts.scope
    where subcontracts.category = 'works'
),

-- Only known firms are judged; a qualification counts when valid on some day of the contract period.
unqualified as (
    select needed.contract_id, needed.subcontractor_id, needed.scope, needed.value, needed.accepted_types
    from needed
    semi join stg_companies as companies on companies.company_id = needed.subcontractor_id
    anti join (
        select needed.contract_id, needed.subcontractor_id, needed.scope
        from needed
        inner join stg_company_qualifications as qualifications on qualifications.company_id = needed.subcontractor_id
        where list_bool_or(list_transform(needed.accepted_types, pattern -> qualifications.qualification_type like pattern))
          and coalesce(qualifications.valid_from <= needed.period_to, true)
          and coalesce(qualifications.valid_to >= needed.period_from, true)
    ) as qualified
        on qualified.contract_id = needed.contract_id
       and qualified.subcontractor_id = needed.subcontractor_id
       and qualified.scope is not distinct from needed.scope
    -- A firm with no qualification record at all is judged unqualified only where the registry covers most firms
    -- doing works (min_registry_coverage); elsewhere its missing record is a data gap, not an unqualified firm.
    where needed.subcontractor_id in (select distinct company_id from stg_company_qualifications)
       or (
           select count(distinct firms.company_id) filter (where firms.company_id in (select company_id from stg_company_qualifications))::double
                  / nullif(count(distinct firms.company_id), 0)
           from (
               select supplier_id as company_id from mart_contracts where category = 'works'
               union
               select subcontractor_id from stg_contract_subcontracts
           ) as firms
       ) >= $min_registry_coverage
),

forbidden as (
    select subcontracts.contract_id, subcontracts.subcontractor_id, subcontracts.scope
    from subcontracts
    where subcontracts.category = 'works'
      and list_bool_or(list_transform($forbidden_scope_keywords, k -> contains(coalesce(subcontracts.scope, ''), k)))
),

judged as (
    select
        contracts.*,
        contracts.subcontracted_value / nullif(contracts.value, 0) as subcontracted_share,
        list_contains($share_categories, contracts.category)
            and contracts.subcontracted_value / nullif(contracts.value, 0) > $max_subcontracted_share as too_much,
        (select list(distinct unqualified.subcontractor_id) from unqualified where unqualified.contract_id = contracts.contract_id) as unqualified_ids,
        (select list(distinct forbidden.scope) from forbidden where forbidden.contract_id = contracts.contract_id) as forbidden_scopes
    from contracts
),

flagged as (
    select
        *,
        coalesce(too_much, false) as is_too_much,
        coalesce(len(unqualified_ids), 0) > 0 as has_unqualified,
        coalesce(len(forbidden_scopes), 0) > 0 as has_forbidden
    from judged
    where coalesce(too_much, false) or coalesce(len(unqualified_ids), 0) > 0 or coalesce(len(forbidden_scopes), 0) > 0
),

subcontract_rows as (
    select
        flagged.contract_id,
        list(subcontracts.subcontractor_id) as subcontractor_ids,
        list({
            '分包单位': coalesce(companies.name, subcontracts.subcontractor_id),
            '分包内容': subcontracts.scope,
            '分包金额(元)': subcontracts.value,
            '占合同比例': round(subcontracts.value / nullif(flagged.value, 0), 4),
            '资质不符': list_contains(coalesce(flagged.unqualified_ids, []), subcontracts.subcontractor_id)
        } order by subcontracts.value desc) as rows,
        list(coalesce(companies.name, subcontracts.subcontractor_id)) filter (
            where list_contains(coalesce(flagged.unqualified_ids, []), subcontracts.subcontractor_id)) as unqualified_names
    from flagged
    inner join stg_contract_subcontracts as subcontracts on subcontracts.contract_id = flagged.contract_id
    left join stg_companies as companies on companies.company_id = subcontracts.subcontractor_id
    group by flagged.contract_id
),

final as (
    select
        flagged.tender_id,
        flagged.project_code,
        list_concat([flagged.supplier_id], subcontract_rows.subcontractor_ids) as company_ids,
        [flagged.contract_id] as record_ids,
        least(0.95, greatest(
            case when flagged.is_too_much then 0.6 + 0.6 * (flagged.subcontracted_share - $max_subcontracted_share) else 0 end,
            case when flagged.has_unqualified then 0.75 else 0 end,
            case when flagged.has_forbidden then 0.8 else 0 end
        ) + case when (flagged.is_too_much::int + flagged.has_unqualified::int + flagged.has_forbidden::int) > 1 then 0.1 else 0 end) as score,
        json_object(
            'summary_zh', coalesce(suppliers.name, flagged.supplier_id) || ' 承接的合同 ' || flagged.contract_id || '（' || flagged.title || '，'
                || cast(flagged.value as decimal(18, 2)) || ' 元）'
                || concat_ws('；',
                    case when flagged.is_too_much then '分包合计 ' || cast(flagged.subcontracted_value as decimal(18, 2)) || ' 元，占合同金额 '
                        || round(100 * flagged.subcontracted_share, 1) || '%，超过 ' || round(100 * $max_subcontracted_share, 1) || '%' end,
                    case when flagged.has_unqualified then '分包给不具备相应资质的单位（' || array_to_string(subcontract_rows.unqualified_names, '、') || '）' end,
                    case when flagged.has_forbidden then '将' || array_to_string(flagged.forbidden_scopes, '、') || '分包' end)
                || '，疑似转包或违法分包（招标投标法第四十八条、建筑法第二十八条、第二十九条）。',
            'summary_en', 'Contract ' || flagged.contract_id || ' of ' || flagged.supplier_id || ': '
                || round(100 * flagged.subcontracted_share, 1) || '% subcontracted'
                || case when flagged.has_unqualified then ', partly to unqualified firms' else '' end
                || case when flagged.has_forbidden then ', including the main structure' else '' end || '.',
            'facts', json_object(
                'subcontracted_share', round(flagged.subcontracted_share, 4),
                'threshold_max_subcontracted_share', $max_subcontracted_share,
                'subcontracted_value', flagged.subcontracted_value,
                'contract_value', flagged.value,
                'unqualified_subcontractors', array_to_string(coalesce(flagged.unqualified_ids, []), ','),
                'forbidden_scopes', array_to_string(coalesce(flagged.forbidden_scopes, []), ',')
            ),
            'tables', [json_object('title_zh', '分包情况', 'rows', subcontract_rows.rows)],
            'highlight', list_concat(coalesce(subcontract_rows.unqualified_names, []), coalesce(flagged.forbidden_scopes, []))
        ) as evidence
    from flagged
    inner join subcontract_rows on subcontract_rows.contract_id = flagged.contract_id
    left join stg_companies as suppliers on suppliers.company_id = flagged.supplier_id
)

select * from final
