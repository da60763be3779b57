-- A6 related bidders. Grain: one hit per tender where two of its bidders are related in the registry.
-- Not materialized: DuckDB would otherwise copy every bid's columns into a temporary result (it materializes a CTE
-- read more than once), which at 10M bids outgrows its memory limit and spills; reading mart_bids again is cheaper.
with bids as not materialized (
    select bid_id, tender_id, bidder_id, bidder_name, price, status from mart_bids
),

relations as (
    select * from mart_company_relations
),

companies as (
    select company_id, name from stg_companies
),

persons as (
    select person_id, name from stg_persons
),

weighted_relations as (
    select
        *,
        case relation
            when 'legal_rep' then $weight_legal_rep
            when 'shareholding' then
                case when coalesce(share_a, share_b, 0) >= $control_share then $weight_controlling_stake else $weight_minority_stake end
            when 'rep_holds_shares' then $weight_rep_holds_shares
            when 'common_shareholder' then
                case
                    when share_a >= $control_share and share_b >= $control_share then $weight_common_controller
                    when share_a >= $significant_share and share_b >= $significant_share then $weight_common_significant_holder
                    else $weight_common_minority_holder
                end
            when 'address' then $weight_address
            when 'phone' then $weight_phone
            when 'email' then $weight_email
        end as weight
    from relations
    -- Generic registry values (a business-park address, an agency phone, a holder of many firms) say nothing.
    where relation in ('legal_rep', 'shareholding', 'rep_holds_shares') or value_companies < $generic_value_min_companies
),

-- Each related pair that bid on the same tender, with both bids.
bidder_pairs as (
    select
        bids_a.tender_id,
        weighted_relations.company_a,
        weighted_relations.company_b,
        weighted_relations.relation,
        weighted_relations.via,
        weighted_relations.via_type,
        coalesce(weighted_relations.share_a, weighted_relations.share_b) as share,
        weighted_relations.value_companies,
        weighted_relations.weight,
        list(distinct bids_a.bid_id) || list(distinct bids_b.bid_id) as bid_ids
    from weighted_relations
    inner join bids as bids_a on bids_a.bidder_id = weighted_relations.company_a
    inner join bids as bids_b on bids_b.bidder_id = weighted_relations.company_b and bids_b.tender_id = bids_a.tender_id
    group by all
),

-- Independent kinds of link combine per pair as a noisy-or (the strongest link per kind).
pair_kinds as (
    select tender_id, company_a, company_b, relation, max(weight) as weight
    from bidder_pairs
    group by all
),

pair_scores as (
    select tender_id, company_a, company_b, 1 - product(1 - weight) as score
    from pair_kinds
    group by all
),

flagged_pairs as (
    select * from pair_scores where score >= $min_score
),

flagged_links as (
    select bidder_pairs.*, flagged_pairs.score as pair_score
    from bidder_pairs
    inner join flagged_pairs using (tender_id, company_a, company_b)
),

labelled_links as (
    select
        flagged_links.*,
        case flagged_links.relation
            when 'legal_rep' then '法定代表人为同一人'
            when 'shareholding' then '一方持有另一方股份'
            when 'rep_holds_shares' then '一方法定代表人持有另一方股份'
            when 'common_shareholder' then '存在共同股东'
            when 'address' then '注册地址相同'
            when 'phone' then '联系电话相同'
            when 'email' then '联系邮箱相同'
        end as relation_zh,
        coalesce(persons.name || '（' || flagged_links.via || '）', holder_companies.name || '（' || flagged_links.via || '）', flagged_links.via) as via_label,
        coalesce(companies_a.name, flagged_links.company_a) as name_a,
        coalesce(companies_b.name, flagged_links.company_b) as name_b
    from flagged_links
    -- Equality on one expression each: with the via_type test beside it in the join condition DuckDB compared every
    -- link with every person (a nested loop, links × persons: 1M bids 2.2 CPU s, a hundred times that at 10M).
    left join persons on persons.person_id = case when flagged_links.via_type = 'person' then flagged_links.via end
    left join companies as holder_companies on holder_companies.company_id = case when flagged_links.via_type = 'company' then flagged_links.via end
    left join companies as companies_a on companies_a.company_id = flagged_links.company_a
    left join companies as companies_b on companies_b.company_id = flagged_links.company_b
),

per_tender as (
    select
        tender_id,
        max(pair_score) as score,
        list_distinct(list(company_a) || list(company_b)) as company_ids,
        list_distinct(flatten(list(bid_ids))) as record_ids,
        list(distinct via) filter (where via_type = 'person') as person_ids,
        list(distinct relation_zh order by relation_zh) as relations_zh,
        list(distinct relation order by relation) as relation_kinds,
        count(distinct (company_a, company_b)) as related_pairs,
        list({
            '投标人甲': name_a,
            '投标人乙': name_b,
            '关联类型': relation_zh,
            '关联内容': via_label,
            '持股比例': share,
            '该值涉及企业数': case when relation in ('address', 'phone', 'email', 'common_shareholder') then value_companies end,
            '关联强度': round(pair_score, 3)
        } order by pair_score desc, name_a, name_b, relation_zh) as link_rows,
        list(distinct via) as shared_values
    from labelled_links
    group by tender_id
),

bid_rows as (
    select
        per_tender.tender_id,
        bids_side_by_side(bids) as rows
    from per_tender
    inner join bids on bids.tender_id = per_tender.tender_id
    group by per_tender.tender_id
),

final as (
    select
        per_tender.tender_id,
        per_tender.company_ids,
        per_tender.record_ids,
        coalesce(per_tender.person_ids, []::varchar[]) as person_ids,
        per_tender.score,
        json_object(
            'summary_zh', '标段 ' || per_tender.tender_id || ' 中 ' || len(per_tender.company_ids) || ' 家投标人之间存在关联关系（'
                || array_to_string(per_tender.relations_zh, '、') || '），疑似关联企业参与同一标段投标或串通投标（条例第三十四条、第四十条）。',
            'summary_en', len(per_tender.company_ids) || ' bidders in tender ' || per_tender.tender_id || ' are related ('
                || array_to_string(per_tender.relation_kinds, ', ') || '): Reg 34.',
            'facts', json_object(
                'related_pairs', per_tender.related_pairs,
                'relation_kinds', array_to_string(per_tender.relation_kinds, ','),
                'strongest_pair_score', round(per_tender.score, 3),
                'threshold_min_score', $min_score,
                'threshold_control_share', $control_share,
                'threshold_significant_share', $significant_share
            ),
            'tables', [
                json_object('title_zh', '投标人关联关系', 'rows', per_tender.link_rows),
                json_object('title_zh', '本标段全部投标', 'rows', bid_rows.rows)
            ],
            'highlight', per_tender.shared_values
        ) as evidence
    from per_tender
    inner join bid_rows on bid_rows.tender_id = per_tender.tender_id
)

select * from final
