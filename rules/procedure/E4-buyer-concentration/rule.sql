-- E4 buyer concentration. Grain: one hit per buyer and finding: (a) per category, its top supplier (by award value);
-- (b) its top agency. The top firm's share of the buyer's awards (tenders) is size-adjusted as a Wilson lower bound
-- and compared with the same bound across all buyers (the market): flagged above the market's upper fence
-- Q3 + $fence_iqr_multiplier × IQR, when the top supplier's share of the awards and of their value both reach $min_share
-- and the bound reaches $min_share_lower_bound (a mid-size buyer's 9 of 13 counts; 3 of 5 does not).
with awards as (
    select tender_id, award_id, buyer_id, category, winner_id, award_price as value
    from mart_tenders
    where winner_id is not null and award_price is not null
),

-- (a) suppliers, per buyer and category
buyer_suppliers as (
    select buyer_id, category, winner_id, count(*) as n_awards, sum(value) as value
    from awards
    group by all
),

supplier_totals as (
    select
        buyer_id,
        category,
        sum(n_awards) as n_awards,
        sum(value) as total_value,
        count(*) as n_suppliers,
        arg_max(winner_id, value) as top_id,
        max(value) as top_value,
        arg_max(n_awards, value) as top_wins
    from buyer_suppliers
    group by all
),

supplier_shares as (
    select
        *,
        top_value / nullif(total_value, 0) as share,
        ((top_wins::double / n_awards + $wilson_z * $wilson_z / (2 * n_awards)
            - $wilson_z * sqrt(top_wins::double / n_awards * (1 - top_wins::double / n_awards) / n_awards + $wilson_z * $wilson_z / (4 * n_awards * n_awards)))
           / (1 + $wilson_z * $wilson_z / n_awards)) as bound
    from supplier_totals
    where n_awards >= $min_awards
),

supplier_market as (
    select
        category,
        quantile_cont(bound, 0.75) + $fence_iqr_multiplier * (quantile_cont(bound, 0.75) - quantile_cont(bound, 0.25)) as fence,
        count(*) as n_buyers,
        median(bound) as market_median
    from supplier_shares
    group by category
),

supplier_findings as (
    select
        'supplier' as finding,
        supplier_shares.buyer_id,
        supplier_shares.category,
        supplier_shares.top_id,
        supplier_shares.top_wins,
        supplier_shares.n_awards as n_total,
        supplier_shares.n_suppliers as n_distinct,
        supplier_shares.share,
        supplier_shares.bound,
        supplier_market.fence,
        supplier_market.market_median,
        supplier_market.n_buyers
    from supplier_shares
    inner join supplier_market on supplier_market.category = supplier_shares.category
    where supplier_market.n_buyers >= $min_market_buyers
      and supplier_shares.top_wins >= $min_top_wins
      and supplier_shares.top_wins >= $min_share * supplier_shares.n_awards
      and supplier_shares.bound >= $min_share_lower_bound
      and supplier_shares.share >= $min_share
      and supplier_shares.bound > supplier_market.fence
),

-- (b) agencies, per buyer (an agency serves every category)
agency_tenders as (
    select tender_id, buyer_id, agency_id
    from mart_tenders
    where agency_id is not null
),

buyer_agencies as (
    select buyer_id, agency_id, count(*) as n_tenders
    from agency_tenders
    group by all
),

agency_totals as (
    select
        buyer_id,
        sum(n_tenders) as n_tenders,
        count(*) as n_agencies,
        arg_max(agency_id, n_tenders) as top_id,
        max(n_tenders) as top_tenders
    from buyer_agencies
    group by buyer_id
),

agency_shares as (
    select
        *,
        top_tenders / n_tenders as share,
        ((top_tenders::double / n_tenders + $wilson_z * $wilson_z / (2 * n_tenders)
            - $wilson_z * sqrt(top_tenders::double / n_tenders * (1 - top_tenders::double / n_tenders) / n_tenders + $wilson_z * $wilson_z / (4 * n_tenders * n_tenders)))
           / (1 + $wilson_z * $wilson_z / n_tenders)) as bound
    from agency_totals
    where n_tenders >= $min_awards
),

agency_market as (
    select
        quantile_cont(bound, 0.75) + $fence_iqr_multiplier * (quantile_cont(bound, 0.75) - quantile_cont(bound, 0.25)) as fence,
        count(*) as n_buyers,
        median(bound) as market_median
    from agency_shares
),

agency_findings as (
    select
        'agency' as finding,
        agency_shares.buyer_id,
        null as category,
        agency_shares.top_id,
        agency_shares.top_tenders as top_wins,
        agency_shares.n_tenders as n_total,
        agency_shares.n_agencies as n_distinct,
        agency_shares.share,
        agency_shares.bound,
        agency_market.fence,
        agency_market.market_median,
        agency_market.n_buyers
    from agency_shares
    cross join agency_market
    where agency_market.n_buyers >= $min_market_buyers
      and agency_shares.top_tenders >= $min_top_wins
      and agency_shares.share >= $min_share
      and agency_shares.bound >= $min_share_lower_bound
      and agency_shares.bound > agency_market.fence
),

findings as (
    select * from supplier_findings
    union all
    select * from agency_findings
),

-- The tenders that make the concentration: the top supplier's awards, or the top agency's tenders.
finding_tenders as (
    select findings.buyer_id, findings.finding, findings.category, awards.tender_id, awards.award_id as record_id
    from findings
    inner join awards
        on awards.buyer_id = findings.buyer_id and awards.category = findings.category and awards.winner_id = findings.top_id
    where findings.finding = 'supplier'
    union all
    select findings.buyer_id, findings.finding, findings.category, agency_tenders.tender_id, agency_tenders.tender_id
    from findings
    inner join agency_tenders on agency_tenders.buyer_id = findings.buyer_id and agency_tenders.agency_id = findings.top_id
    where findings.finding = 'agency'
),

finding_lists as (
    select buyer_id, finding, category, list(distinct tender_id order by tender_id) as tender_ids, list(distinct record_id order by record_id) as record_ids
    from finding_tenders
    group by all
),

-- The buyer's five largest counterparts, for the evidence table.
counterpart_rows as (
    select buyer_id, finding, category, list(row order by rank_no) as rows
    from (
        select
            findings.buyer_id, findings.finding, findings.category,
            row_number() over (partition by findings.buyer_id, findings.finding, findings.category order by buyer_suppliers.value desc) as rank_no,
            {
                '中标人': coalesce(companies.name, buyer_suppliers.winner_id),
                '中标数': buyer_suppliers.n_awards,
                '中标金额(元)': buyer_suppliers.value,
                '金额占比': round(buyer_suppliers.value / nullif(supplier_totals.total_value, 0), 4)
            } as row
        from findings
        inner join buyer_suppliers on buyer_suppliers.buyer_id = findings.buyer_id and buyer_suppliers.category = findings.category
        inner join supplier_totals on supplier_totals.buyer_id = findings.buyer_id and supplier_totals.category = findings.category
        left join stg_companies as companies on companies.company_id = buyer_suppliers.winner_id
        where findings.finding = 'supplier'
        union all
        select
            findings.buyer_id, findings.finding, findings.category,
            row_number() over (partition by findings.buyer_id order by buyer_agencies.n_tenders desc),
            {
                '中标人': coalesce(companies.name, buyer_agencies.agency_id),
                '中标数': buyer_agencies.n_tenders,
                '中标金额(元)': null,
                '金额占比': round(buyer_agencies.n_tenders / agency_totals.n_tenders, 4)
            }
        from findings
        inner join buyer_agencies on buyer_agencies.buyer_id = findings.buyer_id
        inner join agency_totals on agency_totals.buyer_id = findings.buyer_id
        left join stg_companies as companies on companies.company_id = buyer_agencies.agency_id
        where findings.finding = 'agency'
    )
    where rank_no <= 5
    group by all
),

final as (
    select
        null::varchar as tender_id,
        finding_lists.tender_ids,
        [findings.buyer_id, findings.top_id] as company_ids,
        finding_lists.record_ids,
        'buyer:' || findings.buyer_id as case_key,
        least(0.9, case when findings.finding = 'supplier' then 0.55 else 0.45 end
            + 0.35 * (findings.bound - findings.fence) / nullif(1 - findings.fence, 0)) as score,
        json_object(
            'summary_zh', coalesce(buyers.name, findings.buyer_id)
                || case when findings.finding = 'supplier'
                        then '的 ' || case findings.category when 'works' then '工程' when 'goods' then '货物' else '服务' end || '类 '
                            || findings.n_total || ' 个中标项目中，' || coalesce(tops.name, findings.top_id) || ' 中标 ' || findings.top_wins
                            || ' 个，占中标金额 ' || round(100 * findings.share, 1) || '%'
                        else '委托代理的 ' || findings.n_total || ' 个标段中，' || coalesce(tops.name, findings.top_id) || ' 代理 '
                            || findings.top_wins || ' 个，占 ' || round(100 * findings.share, 1) || '%'
                   end
                || '；按样本量校正后的集中度下限 ' || round(100 * findings.bound, 1) || '%，高于全市场 ' || findings.n_buyers
                || ' 个采购人同口径的异常上限 ' || round(100 * findings.fence, 1) || '%（中位数 ' || round(100 * findings.market_median, 1) || '%），'
                || case when findings.finding = 'supplier' then '疑似长期向特定供应商输送利益。' else '疑似指定招标代理机构（招标投标法第十二条）。' end,
            'summary_en', findings.buyer_id || ': top ' || findings.finding || ' ' || findings.top_id || ' has ' || round(100 * findings.share, 1)
                || '%, size-adjusted lower bound ' || round(100 * findings.bound, 1) || '% above the market upper fence ' || round(100 * findings.fence, 1) || '%.',
            'facts', json_object(
                'finding', findings.finding,
                'category', findings.category,
                'top_share', round(findings.share, 4),
                'top_count_share_lower_bound', round(findings.bound, 4),
                'top_count', findings.top_wins,
                'total_count', findings.n_total,
                'distinct_counterparts', findings.n_distinct,
                'threshold_min_share', $min_share,
                'threshold_min_share_lower_bound', $min_share_lower_bound,
                'threshold_fence_iqr_multiplier', $fence_iqr_multiplier,
                'threshold_wilson_z', $wilson_z,
                'market_fence', round(findings.fence, 4),
                'market_median', round(findings.market_median, 4),
                'market_buyers', findings.n_buyers,
                'threshold_min_awards', $min_awards
            ),
            'tables', [json_object('title_zh', case when findings.finding = 'supplier' then '采购人的主要中标人' else '采购人委托的代理机构' end,
                'rows', counterpart_rows.rows)],
            'highlight', [coalesce(tops.name, findings.top_id)]
        ) as evidence
    from findings
    inner join finding_lists using (buyer_id, finding)
    inner join counterpart_rows using (buyer_id, finding)
    left join stg_companies as buyers on buyers.company_id = findings.buyer_id
    left join stg_companies as tops on tops.company_id = findings.top_id
    where finding_lists.category is not distinct from findings.category
      and counterpart_rows.category is not distinct from findings.category
)

select * from final
