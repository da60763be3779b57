-- C3 non-open procurement of government-funded work above the threshold. Grain: one hit per tender whose
-- method is not open tendering, whose project is government- or state-funded, and whose value reaches the
-- must-tender threshold in force on its procurement day. Needs threshold_of_tender (installTenderThresholds).
with tenders as (
    select * from mart_tenders
),

contracts as (
    select * from mart_contracts
),

companies as (
    select company_id, name from stg_companies
),

method_scores as (
    select key as method, cast(value as double) as method_score
    from json_each(cast($method_scores as json))
),

reason_boosts as (
    select key as exemption_reason, cast(value as double) as reason_boost
    from json_each(cast($exemption_reason_boosts as json))
),

tender_contracts as (
    select
        tender_id,
        sum(value) as contract_value,
        list(contract_id order by contract_id) as contract_ids
    from contracts
    where tender_id is not null
    group by tender_id
),

-- The amount at stake: O16 Art. 5 judges the estimated contract value (估算价), but an award or contract above the
-- line proves the estimate too low, so the largest of estimate, ceiling, award and contracts counts.
valued as (
    select
        tenders.*,
        tender_contracts.contract_ids,
        greatest(tenders.estimated_value, tenders.ceiling_price, tenders.award_price, tender_contracts.contract_value) as value,
        case greatest(tenders.estimated_value, tenders.ceiling_price, tenders.award_price, tender_contracts.contract_value)
            when tenders.estimated_value then 'estimated_value'
            when tenders.ceiling_price then 'ceiling_price'
            when tenders.award_price then 'award_price'
            else 'contract_value'
        end as value_source,
        thresholds.judged_on,
        thresholds.threshold,
        thresholds.threshold_basis
    from tenders
    inner join threshold_of_tender as thresholds on thresholds.tender_id = tenders.tender_id
    left join tender_contracts on tender_contracts.tender_id = tenders.tender_id
),

candidates as (
    select valued.*, method_scores.method_score, coalesce(reason_boosts.reason_boost, 0) as reason_boost
    from valued
    inner join method_scores on method_scores.method = valued.method
    left join reason_boosts on reason_boosts.exemption_reason = valued.exemption_reason
    where list_contains($funded_investment_types, valued.investment_type)
      and not list_contains($accepted_exemption_reasons, coalesce(valued.exemption_reason, ''))
      and valued.value >= valued.threshold
),

scored as (
    select *, round(least(0.95, method_score + reason_boost), 4) as score
    from candidates
),

final as (
    select
        scored.tender_id,
        scored.project_code,
        list_filter([scored.buyer_id, scored.winner_id], id -> id is not null) as company_ids,
        list_concat(list_filter([scored.tender_id, scored.award_id], id -> id is not null), coalesce(scored.contract_ids, [])) as record_ids,
        scored.score,
        json_object(
            'summary_zh', '政府/国有资金投资项目 ' || scored.project_code || ' 的' || case scored.category when 'works' then '工程' when 'goods' then '货物' else '服务' end
                || '采购 ' || scored.tender_id || '（' || scored.title || '）金额 ' || format('{:,.2f}', scored.value)
                || ' 元，达到依法必须招标的规模标准 ' || format('{:,.2f}', scored.threshold) || ' 元，却采用' || coalesce(method_names.name_zh, scored.method)
                || case when scored.exemption_reason is not null then '（理由：' || coalesce(reason_names.name_zh, scored.exemption_reason) || '）' else '' end
                || '，疑似规避公开招标' || case when scored.reason_boost > 0 then '、假借例外情形' else '' end
                || '（招标投标法第四条、第十一条；实施条例第八条、第九条）。',
            'summary_en', 'Government-funded ' || scored.category || ' procurement ' || scored.tender_id || ' of ' || format('{:,.2f}', scored.value)
                || ' yuan, above the threshold ' || format('{:,.2f}', scored.threshold) || ', used method ' || scored.method
                || coalesce(' (reason: ' || scored.exemption_reason || ')', '') || ': suspected evasion of open tendering.',
            'facts', json_object(
                'method', scored.method,
                'exemption_reason', scored.exemption_reason,
                'investment_type', scored.investment_type,
                'value', scored.value,
                'value_source', scored.value_source,
                'judged_on', scored.judged_on,
                'threshold_single_contract', scored.threshold,
                'threshold_basis', scored.threshold_basis
            ),
            'tables', [json_object('title_zh', '采购信息', 'rows', [{
                '标段编号': scored.tender_id,
                '名称': scored.title,
                '项目代码': scored.project_code,
                '资金性质': scored.investment_type,
                '采购人': coalesce(buyers.name, scored.buyer_id),
                '采购方式': coalesce(method_names.name_zh, scored.method),
                '例外理由': coalesce(reason_names.name_zh, scored.exemption_reason),
                '成交/中标人': coalesce(winners.name, scored.winner_id),
                '金额(元)': scored.value,
                '门限(元)': scored.threshold,
                '日期': scored.judged_on
            }])],
            'highlight', list_filter([scored.method, scored.exemption_reason], v -> v is not null)
        ) as evidence
    from scored
    left join (values
        ('invited', '邀请招标'), ('competitive_negotiation', '竞争性谈判'), ('competitive_consultation', '竞争性磋商'),
        ('single_source', '单一来源采购'), ('inquiry', '询价'), ('direct', '直接发包/委托')
    ) as method_names (method, name_zh) on method_names.method = scored.method
    left join (values
        ('secret', '涉密'), ('special_technique', '特殊工艺/专利'), ('emergency', '抢险救灾'),
        ('investment_attraction', '招商引资'), ('ppp', 'PPP项目'), ('other', '其他')
    ) as reason_names (reason, name_zh) on reason_names.reason = scored.exemption_reason
    left join companies as buyers on buyers.company_id = scored.buyer_id
    left join companies as winners on winners.company_id = scored.winner_id
)

select * from final
