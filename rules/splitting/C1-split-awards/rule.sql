-- C1 split awards 化整为零. Grain: one hit per group of sub-threshold, not-tendered purchases of one buyer
-- and category whose sum reaches the threshold: grouped by project (O16 Art. 5), or, for purchases tied
-- to no project, by subject (normalised title stem) within a window.
-- Needs the temp tables of installTenderThresholds (threshold_of_contract, threshold_of_tender).
with contracts as (
    select * from mart_contracts
),

tenders as (
    select * from mart_tenders
),

companies as (
    select company_id, name from stg_companies
),

method_names as (
    select * from (values
        ('open', '公开招标'), ('invited', '邀请招标'), ('competitive_negotiation', '竞争性谈判'),
        ('competitive_consultation', '竞争性磋商'), ('single_source', '单一来源'), ('inquiry', '询价'),
        ('direct', '直接发包/委托'), ('none', '无采购记录')
    ) as names (method, name_zh)
),

-- A purchase is a contract, or an awarded tender no contract on record refers to (its award stands in).
-- A contract naming an unknown tender is a data gap (mart_data_gaps): its method is unknown, so it is left out.
contract_purchases as (
    select
        contracts.contract_id as record_id,
        contracts.contract_id,
        contracts.tender_id,
        contracts.buyer_id,
        contracts.supplier_id,
        contracts.category,
        contracts.project_code,
        contracts.title,
        contracts.value,
        coalesce(contracts.method, 'none') as method,
        contracts.investment_type,
        thresholds.judged_on,
        thresholds.threshold,
        thresholds.threshold_basis
    from contracts
    inner join threshold_of_contract as thresholds on thresholds.contract_id = contracts.contract_id
    where contracts.tender_id is null or contracts.has_procurement
),

award_purchases as (
    select
        tenders.award_id as record_id,
        null::varchar as contract_id,
        tenders.tender_id,
        tenders.buyer_id,
        tenders.winner_id as supplier_id,
        tenders.category,
        tenders.project_code,
        tenders.title,
        tenders.award_price as value,
        tenders.method,
        tenders.investment_type,
        thresholds.judged_on,
        thresholds.threshold,
        thresholds.threshold_basis
    from tenders
    inner join threshold_of_tender as thresholds on thresholds.tender_id = tenders.tender_id
    where tenders.award_id is not null
      and not exists (select 1 from contracts where contracts.tender_id = tenders.tender_id)
),

purchases as (
    select * from contract_purchases
    union all
    select * from award_purchases
),

-- Parts below the threshold that were not tendered (open/invited tendering is lawful lot-splitting).
parts as (
    select
        *,
        lower(regexp_replace(title, $subject_noise_pattern, '', 'g')) as subject
    from purchases
    where value is not null
      and judged_on is not null
      and value < threshold
      and not list_contains($tendered_methods, method)
      and not list_contains($excluded_investment_types, coalesce(investment_type, ''))
),

-- O16 Art. 5: parts of one project that could be procured together count together, whenever they were bought.
project_groups as (
    select
        'project' as grouping,
        buyer_id,
        category,
        project_code,
        null::varchar as subject,
        list(record_id order by judged_on, record_id) as record_ids,
        count(*) as n_parts,
        sum(value) as total_value,
        arg_min(threshold, judged_on) as threshold,
        arg_min(threshold_basis, judged_on) as threshold_basis,
        min(judged_on) as first_on,
        max(judged_on) as last_on
    from parts
    where project_code is not null
    group by buyer_id, category, project_code
),

-- No project: the same buyer buying the same subject within the window; each part anchors a window.
subject_parts as (
    select * from parts where project_code is null and subject <> ''
),

subject_windows as (
    select
        anchors.buyer_id,
        anchors.category,
        anchors.subject,
        anchors.record_id as anchor_id,
        anchors.judged_on as first_on,
        anchors.threshold,
        anchors.threshold_basis,
        list(members.record_id order by members.judged_on, members.record_id) as record_ids,
        count(*) as n_parts,
        sum(members.value) as total_value,
        max(members.judged_on) as last_on
    from subject_parts as anchors
    inner join subject_parts as members
        on members.buyer_id = anchors.buyer_id
       and members.category = anchors.category
       and members.subject = anchors.subject
       and members.judged_on >= anchors.judged_on
       and members.judged_on < anchors.judged_on + to_days(cast($window_days as integer))
    group by all
),

-- One hit per subject: its window with the largest sum (earliest on ties).
subject_groups as (
    select
        'subject' as grouping,
        buyer_id,
        category,
        null::varchar as project_code,
        subject,
        record_ids,
        n_parts,
        total_value,
        threshold,
        threshold_basis,
        first_on,
        last_on
    from subject_windows
    where n_parts >= $min_parts and total_value >= threshold
    qualify row_number() over (partition by buyer_id, category, subject order by total_value desc, first_on, anchor_id) = 1
),

groups as (
    select *, concat_ws('|', grouping, buyer_id, category, project_code, subject) as group_key
    from (
        select * from project_groups where n_parts >= $min_parts and total_value >= threshold
        union all
        select * from subject_groups
    )
),

group_members as (
    select group_key, buyer_id, unnest(record_ids) as record_id from groups
),

part_lists as (
    select
        group_members.group_key,
        list(distinct parts.supplier_id) filter (where parts.supplier_id is not null) as supplier_ids,
        list(distinct parts.tender_id) filter (where parts.tender_id is not null) as tender_ids,
        list(distinct parts.method order by parts.method) as methods,
        max(parts.value) as largest_part,
        list({
            '记录编号': parts.record_id,
            '合同编号': parts.contract_id,
            '标段编号': parts.tender_id,
            '名称': parts.title,
            '供应商': coalesce(suppliers.name, parts.supplier_id),
            '采购方式': coalesce(method_names.name_zh, parts.method),
            '金额(元)': parts.value,
            '日期': parts.judged_on,
            '单项门限(元)': parts.threshold
        } order by parts.judged_on, parts.record_id) as rows
    from group_members
    inner join parts on parts.record_id = group_members.record_id and parts.buyer_id = group_members.buyer_id
    left join companies as suppliers on suppliers.company_id = parts.supplier_id
    left join method_names on method_names.method = parts.method
    group by group_members.group_key
),

scored as (
    select
        groups.*,
        part_lists.supplier_ids,
        part_lists.tender_ids,
        part_lists.methods,
        part_lists.largest_part,
        part_lists.rows,
        groups.total_value / groups.threshold as sum_to_threshold,
        -- More parts and a larger overshoot make a deliberate split likelier (README: Configuration).
        least(0.95, 0.5 + 0.1 * least(groups.n_parts - 1, 3) + 0.15 * least(groups.total_value / groups.threshold - 1, 1)) as score
    from groups
    inner join part_lists on part_lists.group_key = groups.group_key
),

final as (
    select
        null::varchar as tender_id,
        coalesce(scored.tender_ids, []) as tender_ids,
        scored.project_code,
        list_concat([scored.buyer_id], coalesce(scored.supplier_ids, [])) as company_ids,
        scored.record_ids,
        scored.score,
        case when scored.grouping = 'subject' then 'buyer:' || scored.buyer_id || ':' || scored.subject end as case_key,
        json_object(
            'summary_zh', coalesce(buyers.name, scored.buyer_id)
                || case when scored.grouping = 'project' then ' 在项目 ' || scored.project_code || ' 中'
                        else ' 在 ' || scored.first_on || ' 至 ' || scored.last_on || ' 期间就同一事项（' || scored.subject || '）' end
                || '以 ' || scored.n_parts || ' 笔未招标的' || case scored.category when 'works' then '工程' when 'goods' then '货物' else '服务' end
                || '采购合计 ' || format('{:,.2f}', scored.total_value) || ' 元，单笔均低于依法必须招标的规模标准 ' || format('{:,.2f}', scored.threshold)
                || ' 元、合计达到该标准，疑似化整为零规避招标（招标投标法第四条、第四十九条；' || scored.threshold_basis || '）。',
            'summary_en', scored.n_parts || ' untendered ' || scored.category || ' purchases of buyer ' || scored.buyer_id
                || case when scored.grouping = 'project' then ' in project ' || scored.project_code else ' on one subject within the window' end
                || ', each below the threshold ' || format('{:,.2f}', scored.threshold) || ', sum ' || format('{:,.2f}', scored.total_value)
                || ': suspected contract splitting to evade tendering.',
            'facts', json_object(
                'grouping', scored.grouping,
                'buyer_id', scored.buyer_id,
                'category', scored.category,
                'project_code', scored.project_code,
                'subject', scored.subject,
                'n_parts', scored.n_parts,
                'total_value', round(scored.total_value, 2),
                'largest_part', round(scored.largest_part, 2),
                'sum_to_threshold', round(scored.sum_to_threshold, 3),
                'first_on', scored.first_on,
                'last_on', scored.last_on,
                'methods', array_to_string(scored.methods, ','),
                'threshold_single_contract', scored.threshold,
                'threshold_basis', scored.threshold_basis,
                'threshold_min_parts', $min_parts,
                'threshold_window_days', case when scored.grouping = 'subject' then $window_days end
            ),
            'tables', [json_object('title_zh', '拆分的各笔采购', 'rows', scored.rows)]
        ) as evidence
    from scored
    left join companies as buyers on buyers.company_id = scored.buyer_id
)

select * from final
