-- C2 bunching below the threshold. Grain: one hit per buyer whose contract values sit in the band just below
-- the must-tender threshold (band_low .. 1 × threshold) far more often than the rest of the market's do.
-- Test: among a buyer's contracts in the reference range (reference_low .. reference_high × threshold), the count
-- in the band against Binomial(n, p0), p0 = the band share of every other buyer's contracts in that range
-- (leave-one-out); one-sided exact tail; Benjamini–Hochberg over all buyers tested.
-- Needs the temp table threshold_of_contract of installTenderThresholds.
with contracts as (
    select * from mart_contracts
),

companies as (
    select company_id, name from stg_companies
),

-- Every contract as a multiple of its own threshold: categories and periods pool on one scale.
scaled as (
    select
        contracts.contract_id,
        contracts.tender_id,
        contracts.buyer_id,
        contracts.supplier_id,
        contracts.title,
        contracts.category,
        contracts.value,
        contracts.signed_on,
        coalesce(contracts.method, 'none') as method,
        thresholds.threshold,
        contracts.value / thresholds.threshold as ratio
    from contracts
    inner join threshold_of_contract as thresholds on thresholds.contract_id = contracts.contract_id
    where not list_contains($excluded_investment_types, coalesce(contracts.investment_type, ''))
),

in_range as (
    select *, ratio >= $band_low and ratio < 1 as in_band
    from scaled
    where ratio >= $reference_low and ratio < $reference_high
),

market as (
    select count(*) as n_market, count(*) filter (where in_band) as k_market
    from in_range
),

buyers as (
    select buyer_id, count(*) as n, count(*) filter (where in_band) as k
    from in_range
    group by buyer_id
),

-- Leave-one-out market share; a degenerate or too thin market skips the test (no fence, no hits).
tested as (
    select
        buyers.buyer_id,
        buyers.n,
        buyers.k,
        market.n_market,
        (market.k_market - buyers.k) / (market.n_market - buyers.n) as p0
    from buyers
    cross join market
    where buyers.k >= $min_in_band
      and market.n_market - buyers.n >= $min_market_contracts
      and market.k_market - buyers.k > 0
      and market.k_market - buyers.k < market.n_market - buyers.n
),

tail_terms as (
    select buyer_id, n, k, p0, unnest(range(k, n + 1)) as i
    from tested
),

-- P(X >= k), X ~ Binomial(n, p0): exact, summed in log space.
p_values as (
    select
        buyer_id,
        any_value(n) as n,
        any_value(k) as k,
        any_value(p0) as p0,
        least(1.0, sum(exp(lgamma(n + 1) - lgamma(i + 1) - lgamma(n - i + 1) + i * ln(p0) + (n - i) * ln(1 - p0)))) as p_value
    from tail_terms
    group by buyer_id
),

-- Benjamini–Hochberg: q = min over p_j >= p_i of p_j · m / rank_j.
adjusted as (
    select
        *,
        least(1.0, min(p_value * m / p_rank) over (order by p_value desc, buyer_id desc rows between unbounded preceding and current row)) as q_value
    from (
        select *, count(*) over () as m, row_number() over (order by p_value, buyer_id) as p_rank
        from p_values
    )
),

flagged as (
    select
        *,
        k / n as share,
        (k / n) / p0 as share_to_market
    from adjusted
    where q_value <= $false_discovery_rate
      and (k / n) >= $min_share_ratio * p0
),

band_contracts as (
    select
        flagged.buyer_id,
        list(in_range.contract_id order by in_range.signed_on, in_range.contract_id) as contract_ids,
        list(distinct in_range.tender_id) filter (where in_range.tender_id is not null) as tender_ids,
        list(distinct in_range.supplier_id) as supplier_ids,
        list({
            '合同编号': in_range.contract_id,
            '合同名称': in_range.title,
            '供应商': coalesce(suppliers.name, in_range.supplier_id),
            '类别': in_range.category,
            '采购方式': coalesce(method_names.name_zh, in_range.method),
            '金额(元)': in_range.value,
            '门限(元)': in_range.threshold,
            '占门限比例': round(in_range.ratio, 3),
            '签订日期': in_range.signed_on
        } order by in_range.signed_on, in_range.contract_id) as rows
    from flagged
    inner join in_range on in_range.buyer_id = flagged.buyer_id and in_range.in_band
    left join companies as suppliers on suppliers.company_id = in_range.supplier_id
    left join (values
        ('open', '公开招标'), ('invited', '邀请招标'), ('competitive_negotiation', '竞争性谈判'),
        ('competitive_consultation', '竞争性磋商'), ('single_source', '单一来源'), ('inquiry', '询价'),
        ('direct', '直接发包/委托'), ('none', '无采购记录')
    ) as method_names (method, name_zh) on method_names.method = in_range.method
    group by flagged.buyer_id
),

-- The distribution a reviewer compares: tenths of the threshold, buyer against market.
market_bins as (
    select floor(ratio * 10) / 10 as bin_low, count(*) as market_count
    from in_range
    group by all
),

buyer_bins as (
    select in_range.buyer_id, floor(in_range.ratio * 10) / 10 as bin_low, count(*) as buyer_count
    from in_range
    semi join flagged on flagged.buyer_id = in_range.buyer_id
    group by all
),

bin_tables as (
    select
        flagged.buyer_id,
        list({
            '门限比例区间': format('{:.1f}–{:.1f}', market_bins.bin_low, market_bins.bin_low + 0.1),
            '本采购人合同数': coalesce(buyer_bins.buyer_count, 0),
            '本采购人占比': round(coalesce(buyer_bins.buyer_count, 0) / flagged.n, 3),
            '全市场占比': round(market_bins.market_count / market.n_market, 3)
        } order by market_bins.bin_low) as rows
    from flagged
    cross join market_bins
    cross join market
    left join buyer_bins on buyer_bins.buyer_id = flagged.buyer_id and buyer_bins.bin_low = market_bins.bin_low
    group by flagged.buyer_id
),

final as (
    select
        null::varchar as tender_id,
        coalesce(band_contracts.tender_ids, []) as tender_ids,
        list_concat([flagged.buyer_id], band_contracts.supplier_ids) as company_ids,
        band_contracts.contract_ids as record_ids,
        round(least(0.9, 0.4 + 0.05 * -log10(greatest(flagged.p_value, 1e-300))), 4) as score,
        'buyer:' || flagged.buyer_id as case_key,
        json_object(
            'summary_zh', coalesce(buyers.name, flagged.buyer_id) || ' 在门限 ' || cast(round($reference_low * 100) as integer) || '%–' || cast(round($reference_high * 100) as integer)
                || '% 区间内的 ' || flagged.n || ' 份合同中有 ' || flagged.k || ' 份（' || round(flagged.share * 100, 1) || '%）金额落在依法必须招标规模标准的 '
                || cast(round($band_low * 100) as integer) || '%–100% 之间，而其他采购人仅 ' || round(flagged.p0 * 100, 1) || '%（二项检验 p = '
                || format('{:.2e}', flagged.p_value) || '），疑似刻意压低合同金额、规避招标（招标投标法第四条）。',
            'summary_en', flagged.k || ' of ' || flagged.n || ' contracts of buyer ' || flagged.buyer_id || ' near the threshold sit just below it ('
                || round(flagged.share * 100, 1) || '% vs market ' || round(flagged.p0 * 100, 1) || '%, binomial p = ' || format('{:.2e}', flagged.p_value)
                || '): suspected bunching below the tender threshold.',
            'facts', json_object(
                'contracts_in_reference_range', flagged.n,
                'contracts_in_band', flagged.k,
                'buyer_band_share', round(flagged.share, 4),
                'market_band_share', round(flagged.p0, 4),
                'share_to_market', round(flagged.share_to_market, 2),
                'p_value', flagged.p_value,
                'q_value', flagged.q_value,
                'buyers_tested', flagged.m,
                'threshold_band_low', $band_low,
                'threshold_false_discovery_rate', $false_discovery_rate,
                'threshold_min_share_ratio', $min_share_ratio,
                'threshold_min_in_band', $min_in_band
            ),
            'tables', [
                json_object('title_zh', '金额紧贴门限下方的合同', 'rows', band_contracts.rows),
                json_object('title_zh', '合同金额/门限分布（本采购人与全市场）', 'rows', bin_tables.rows)
            ]
        ) as evidence
    from flagged
    inner join band_contracts on band_contracts.buyer_id = flagged.buyer_id
    left join bin_tables on bin_tables.buyer_id = flagged.buyer_id
    left join companies as buyers on buyers.company_id = flagged.buyer_id
)

select * from final
