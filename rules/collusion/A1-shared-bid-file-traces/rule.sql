-- A1 shared bid-file traces. Grain: one hit per tender where bids of different bidders share traces.
with bids as (
    select bid_id, tender_id, bidder_id, bidder_name, price, status,
           fp_hardware_id, fp_doc_hash, fp_ca_serial, fp_mac, fp_file_creator, fp_ip
    from mart_bids
),

-- Per tender, each value two or more bidders share (one row per tender, kind and value), built kind by kind before
-- this statement (sharedTraces.sql, run by rule.ts's prepare).
shared_traces as (
    select tender_id, trace_kind, trace_value, bidder_ids, bid_ids from a1_shared_traces
),

weighted as (
    select
        *,
        case trace_kind
            when 'hardware_id' then $weight_hardware_id
            when 'doc_hash' then $weight_doc_hash
            when 'ca_serial' then $weight_ca_serial
            when 'mac' then $weight_mac
            when 'file_creator' then $weight_file_creator
            else $weight_ip
        end as weight
    from shared_traces
),

-- Independent signals combine as a noisy-or over trace kinds (the strongest value per kind).
per_kind as (
    select tender_id, trace_kind, max(weight) as weight
    from weighted
    group by tender_id, trace_kind
),

tender_scores as (
    select tender_id, round(1 - product(1 - weight), 9) as score  -- rounded: an IP alone must equal weight_ip, not 0.3000…04
    from per_kind
    group by tender_id
),

per_tender as (
    select
        weighted.tender_id,
        list_distinct(flatten(list(weighted.bidder_ids))) as company_ids,
        list_distinct(flatten(list(weighted.bid_ids))) as record_ids,
        list(distinct weighted.trace_value order by weighted.trace_value) as shared_values,  -- ordered: the same evidence on every run
        list(distinct weighted.trace_kind order by weighted.trace_kind) as trace_kinds,
        any_value(tender_scores.score) as score
    from weighted
    inner join tender_scores on tender_scores.tender_id = weighted.tender_id
    group by weighted.tender_id
),

flagged as (
    select * from per_tender where score >= $min_score
),

bid_tables as (
    select
        flagged.tender_id,
        list({
            '投标编号': bids.bid_id,
            '投标人': coalesce(bids.bidder_name, bids.bidder_id),
            '报价(元)': bids.price,
            '状态': bids.status,
            '硬件码': bids.fp_hardware_id,
            'MAC': bids.fp_mac,
            'CA证书': bids.fp_ca_serial,
            '文件哈希': bids.fp_doc_hash,
            '文件创建者': bids.fp_file_creator,
            'IP': bids.fp_ip
        } order by bids.price) as rows
    from flagged
    inner join bids on bids.tender_id = flagged.tender_id
    group by flagged.tender_id
),

final as (
    select
        flagged.tender_id,
        flagged.company_ids,
        flagged.record_ids,
        flagged.score,
        json_object(
            'summary_zh', '标段 ' || flagged.tender_id || ' 中 ' || len(flagged.company_ids) || ' 家不同投标人的电子投标文件存在相同特征（'
                || array_to_string(flagged.trace_kinds, '、') || '），'
                || case when flagged.trace_kinds = ['ip'] then '仅上传IP相同、其他特征均不同，且该IP在全市场使用的企业少于 ' || $ip_generic_min_companies
                        || ' 家（非开标场所、运营商或共享办公出口），按2025年九部门规定及兰州等地预警属串标情形，但证据较弱，需排除VPN、共享办公网络等合理解释，'
                        else '' end
                || '疑似由同一单位或个人编制、办理投标（条例第四十条）。',
            'summary_en', len(flagged.company_ids) || ' bidders in tender ' || flagged.tender_id || ' share bid-file traces ('
                || array_to_string(flagged.trace_kinds, ', ') || '): suspected common preparation.',
            'facts', json_object(
                'shared_trace_kinds', array_to_string(flagged.trace_kinds, ','),
                'companies_sharing', len(flagged.company_ids),
                'ip_only', flagged.trace_kinds = ['ip'],
                'combined_score', round(flagged.score, 3),
                'threshold_min_score', $min_score
            ),
            'tables', [json_object('title_zh', '各投标文件特征对比', 'rows', bid_tables.rows)],
            'highlight', flagged.shared_values
        ) as evidence
    from flagged
    inner join bid_tables on bid_tables.tender_id = flagged.tender_id
)

select * from final
