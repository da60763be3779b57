-- A1 shared bid-file traces. Grain: one hit per tender where bids of different bidders share traces.
with bids as (
    select bid_id, tender_id, bidder_id, bidder_name, price, status,
           fp_hardware_id, fp_doc_hash, fp_ca_serial, fp_mac, fp_file_creator, fp_ip
    from mart_bids
),

traces as (
    unpivot (
        select bid_id, tender_id, bidder_id,
               fp_hardware_id as hardware_id, fp_doc_hash as doc_hash, fp_ca_serial as ca_serial,
               fp_mac as mac, fp_file_creator as file_creator, fp_ip as ip
        from bids
    )
    on hardware_id, doc_hash, ca_serial, mac, file_creator, ip
    into name trace_kind value trace_value
),

-- Find the shared values with a cheap count first; lists are built only for them (most values are unique). The count
-- groups on one 64-bit hash of the value and its tender: grouping 5.5M (tender, kind, value) strings at 1M bids cost
-- 12 of A1's 15 CPU s (bench/profileScan.ts), the hash 2.6. A hash shared by two different values only adds a candidate,
-- which shared_traces checks on the values themselves, so the hits are exactly those of grouping on the strings.
candidate_keys as (
    select hash(tender_id, trace_kind, trace_value) as key_hash
    from traces
    group by key_hash
    having count(distinct bidder_id) >= 2
),

candidate_traces as (
    select traces.*
    from traces
    semi join candidate_keys on candidate_keys.key_hash = hash(traces.tender_id, traces.trace_kind, traces.trace_value)
),

-- Values so common across the market that they say nothing about one tender (checked for shared values only). An IP
-- used by several firms across the market is an opening venue, a provider's NAT, a VPN exit or a shared office
-- building (the exceptions the 2025 nine-department rules and Lanzhou's alerts allow), so IPs have their own, lower count.
generic_values as (
    select traces.trace_kind, traces.trace_value
    from traces
    semi join (select distinct trace_kind, trace_value from candidate_traces) as candidates using (trace_kind, trace_value)
    group by traces.trace_kind, traces.trace_value
    having count(distinct traces.bidder_id) >= case when traces.trace_kind = 'ip' then $ip_generic_min_companies else $generic_value_min_companies end
),

shared_traces as (
    select
        candidate_traces.tender_id,
        candidate_traces.trace_kind,
        candidate_traces.trace_value,
        list(distinct candidate_traces.bidder_id order by candidate_traces.bidder_id) as bidder_ids,
        list(distinct candidate_traces.bid_id order by candidate_traces.bid_id) as bid_ids
    from candidate_traces
    anti join generic_values using (trace_kind, trace_value)
    group by candidate_traces.tender_id, candidate_traces.trace_kind, candidate_traces.trace_value
    having count(distinct candidate_traces.bidder_id) >= 2  -- two or more bidders share this very value
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
