-- C4 contract with no procurement on record above the threshold. Grain: one hit per contract whose
-- tender_id is null and whose value reaches the must-tender threshold in force on its signing day.
-- A contract naming a tender that is not on record is a data gap (mart_data_gaps), never C4.
-- Needs the temp table threshold_of_contract of installTenderThresholds.
with contracts as (
    select * from mart_contracts
),

companies as (
    select company_id, name from stg_companies
),

projects as (
    select project_code, name as project_name from stg_projects
),

untendered as (
    select
        contracts.*,
        thresholds.judged_on,
        thresholds.threshold,
        thresholds.threshold_basis,
        thresholds.threshold_region_prefix
    from contracts
    inner join threshold_of_contract as thresholds on thresholds.contract_id = contracts.contract_id
    where contracts.tender_id is null
      and contracts.value >= thresholds.threshold
      and not list_contains($excluded_investment_types, coalesce(contracts.investment_type, ''))
),

scored as (
    select
        *,
        value / threshold as value_to_threshold,
        -- A contract far over the line cannot be an estimation slip (README: Configuration).
        least(0.9, 0.6 + 0.15 * least(value / threshold - 1, 2)) as score
    from untendered
),

final as (
    select
        null::varchar as tender_id,
        []::varchar[] as tender_ids,
        scored.project_code,
        [scored.buyer_id, scored.supplier_id] as company_ids,
        [scored.contract_id] as record_ids,
        scored.score,
        case when scored.project_code is null then 'buyer:' || scored.buyer_id end as case_key,
        json_object(
            'summary_zh', coalesce(buyers.name, scored.buyer_id) || ' 于 ' || scored.signed_on || ' 与 ' || coalesce(suppliers.name, scored.supplier_id)
                || ' 签订合同 ' || scored.contract_id || '（' || scored.title || '）金额 ' || format('{:,.2f}', scored.value)
                || ' 元，达到依法必须招标的规模标准 ' || format('{:,.2f}', scored.threshold) || ' 元，但无任何招标采购记录，疑似应招未招、规避招标（招标投标法第四条；'
                || scored.threshold_basis || '）。',
            'summary_en', 'Contract ' || scored.contract_id || ' of ' || format('{:,.2f}', scored.value) || ' yuan, at or above the threshold '
                || format('{:,.2f}', scored.threshold) || ', has no procurement on record: suspected evasion of tendering.',
            'facts', json_object(
                'contract_value', scored.value,
                'category', scored.category,
                'signed_on', scored.signed_on,
                'value_to_threshold', round(scored.value_to_threshold, 3),
                'investment_type', scored.investment_type,
                'threshold_single_contract', scored.threshold,
                'threshold_basis', scored.threshold_basis,
                'threshold_region_prefix', scored.threshold_region_prefix
            ),
            'tables', [json_object('title_zh', '无采购记录的合同', 'rows', [{
                '合同编号': scored.contract_id,
                '合同名称': scored.title,
                '采购人': coalesce(buyers.name, scored.buyer_id),
                '供应商': coalesce(suppliers.name, scored.supplier_id),
                '类别': scored.category,
                '金额(元)': scored.value,
                '签订日期': scored.signed_on,
                '项目代码': scored.project_code,
                '项目名称': projects.project_name,
                '门限(元)': scored.threshold
            }])],
            'highlight', [scored.contract_id]
        ) as evidence
    from scored
    left join companies as buyers on buyers.company_id = scored.buyer_id
    left join companies as suppliers on suppliers.company_id = scored.supplier_id
    left join projects on projects.project_code = scored.project_code
)

select * from final
