-- B4 bidder lacks qualification. Grain: one hit per bid whose bidder (with its consortium members) held no accepted
-- 资质 valid on the bid-deadline day.
with requirement_table as (
    select
        row_number() over () as requirement_no,
        requirement ->> '$.category' as category,
        nullif(requirement ->> '$.industry', '') as industry,
        nullif(requirement ->> '$.title_keyword', '') as title_keyword,
        cast(requirement -> '$.qualification_types' as varchar[]) as qualification_types
    from (select unnest(cast(cast($requirements as json) as json[])) as requirement)
),

tenders as (
    select tender_id, title, category, industry
    from mart_tenders
),

-- The most specific table row wins: a 市政 works needs 市政公用工程施工总承包, not any 施工总承包.
table_matches as (
    select
        tenders.tender_id,
        requirement_table.qualification_types,
        (requirement_table.industry is not null)::int + (requirement_table.title_keyword is not null)::int as specificity
    from tenders
    inner join requirement_table
        on requirement_table.category = tenders.category
       and (requirement_table.industry is null or requirement_table.industry = tenders.industry)
       and (requirement_table.title_keyword is null or contains(tenders.title, requirement_table.title_keyword))
),

table_requirements as (
    select tender_id, list_distinct(flatten(list(qualification_types))) as accepted_types
    from (
        select *, max(specificity) over (partition by tender_id) as best_specificity
        from table_matches
    )
    where specificity = best_specificity
    group by tender_id
),

-- A requirement the tender states itself beats the table.
requirements as (
    select
        tender_id,
        accepted_types,
        array_to_string(accepted_types, '|') as requirement_key,
        requirement_source
    from (
        select
            tenders.tender_id,
            case when stated.required_qualification is not null then [stated.required_qualification]
                 else table_requirements.accepted_types end as accepted_types,
            case when stated.required_qualification is not null then 'tender' else 'table' end as requirement_source
        from tenders
        left join stg_tender_requirements as stated on stated.tender_id = tenders.tender_id
        left join table_requirements on table_requirements.tender_id = tenders.tender_id
        where stated.required_qualification is not null or table_requirements.tender_id is not null
    )
),

-- Which qualification types satisfy which requirement: matched once per distinct pair (a few dozen), not per bid.
accepted as (
    select distinct requirement_keys.requirement_key, types.qualification_type
    from (select distinct requirement_key, accepted_types from requirements) as requirement_keys
    cross join (select distinct qualification_type from stg_company_qualifications) as types
    where list_bool_or(list_transform(requirement_keys.accepted_types, pattern -> types.qualification_type like pattern))
),

bids as (
    select
        mart_bids.bid_id, mart_bids.tender_id, mart_bids.bidder_id, mart_bids.bidder_name, mart_bids.consortium_ids,
        mart_bids.is_winner, mart_bids.status,
        coalesce(mart_bids.bid_deadline, mart_bids.submitted_at)::date as bid_on,
        requirements.accepted_types,
        requirements.requirement_key,
        requirements.requirement_source
    from mart_bids
    inner join requirements on requirements.tender_id = mart_bids.tender_id
    where mart_bids.status <> 'withdrawn'
      and coalesce(mart_bids.bid_deadline, mart_bids.submitted_at) is not null
),

-- BL Art. 31: every consortium member must hold the required qualification, so each known member is judged on its own.
-- A company that is not on record is a data gap, not a hit; so is one with no qualification record at all (its
-- certificates were not published to this market), as absent data is never evidence.
members as (
    select member_ids.*
    from (
        select bid_id, bid_on, requirement_key, unnest(list_concat([bidder_id], consortium_ids)) as company_id
        from bids
    ) as member_ids
    semi join stg_companies as companies on companies.company_id = member_ids.company_id
    semi join (select distinct company_id from stg_company_qualifications) as on_record on on_record.company_id = member_ids.company_id
),

matching_qualifications as (
    select
        members.bid_id,
        members.company_id,
        coalesce(qualifications.valid_from <= members.bid_on, true) and coalesce(qualifications.valid_to >= members.bid_on, true) as valid_on_bid_day
    from members
    inner join stg_company_qualifications as qualifications on qualifications.company_id = members.company_id
    inner join accepted
        on accepted.requirement_key = members.requirement_key
       and accepted.qualification_type = qualifications.qualification_type
),

per_member as (
    select bid_id, company_id, bool_or(valid_on_bid_day) as has_valid, count(*) as n_matching
    from matching_qualifications
    group by all
),

-- Members with no accepted qualification valid that day: `lacking` (none of the accepted types at all) or `expired`.
unqualified_members as (
    select
        members.bid_id,
        members.company_id,
        case when coalesce(per_member.n_matching, 0) > 0 then 'expired' else 'lacking' end as finding
    from members
    left join per_member on per_member.bid_id = members.bid_id and per_member.company_id = members.company_id
    where not coalesce(per_member.has_valid, false)
),

flagged as (
    select
        bids.*,
        case when bool_or(unqualified_members.finding = 'lacking') then 'lacking' else 'expired' end as finding,
        list(distinct unqualified_members.company_id order by unqualified_members.company_id) as unqualified_ids
    from bids
    inner join unqualified_members on unqualified_members.bid_id = bids.bid_id
    group by all
),

-- Every qualification the bidder and its members held, so a reviewer sees what they had instead.
held_rows as (
    select
        flagged.bid_id,
        list({
            '企业': coalesce(companies.name, qualifications.company_id),
            '资质类别': qualifications.qualification_type,
            '等级': qualifications.grade,
            '证书编号': qualifications.cert_no,
            '有效期起': qualifications.valid_from,
            '有效期止': qualifications.valid_to
        } order by qualifications.company_id, qualifications.qualification_type) as rows
    from (select bid_id, unnest(list_concat([bidder_id], consortium_ids)) as company_id from flagged) as flagged
    inner join stg_company_qualifications as qualifications on qualifications.company_id = flagged.company_id
    left join stg_companies as companies on companies.company_id = qualifications.company_id
    group by flagged.bid_id
),

final as (
    select
        flagged.tender_id,
        list_concat([flagged.bidder_id], flagged.consortium_ids) as company_ids,
        [flagged.bid_id] as record_ids,
        least(1.0, case when flagged.finding = 'lacking' then $score_lacking else $score_expired end
            + case when flagged.is_winner then 0.1 else 0 end) as score,
        json_object(
            'summary_zh', coalesce(flagged.bidder_name, flagged.bidder_id) || ' 投标标段 ' || flagged.tender_id || '（' || flagged.bid_id
                || '），该标段要求 ' || array_to_string(list_transform(flagged.accepted_types, t -> replace(t, '%', '…')), ' 或 ')
                || ' 资质，投标截止日（' || strftime(flagged.bid_on, '%Y-%m-%d') || '）'
                || case when len(flagged.consortium_ids) > 0 then '联合体成员（' || array_to_string(flagged.unqualified_ids, '、') || '）' else '投标人' end
                || case flagged.finding when 'lacking' then '不具备该类资质' else '的该类资质已不在有效期内' end
                || case when flagged.is_winner then '，且其中标' else '' end
                || '，疑似无资质或借用资质投标（招标投标法第二十六条、条例第四十二条）。',
            'summary_en', 'Bidder ' || flagged.bidder_id || ' on tender ' || flagged.tender_id || ' held no valid '
                || array_to_string(flagged.accepted_types, ' / ') || ' on the deadline day (' || flagged.finding || ').',
            'facts', json_object(
                'finding', flagged.finding,
                'required_types', array_to_string(flagged.accepted_types, ' | '),
                'requirement_source', flagged.requirement_source,
                'unqualified_companies', array_to_string(flagged.unqualified_ids, ','),
                'bid_deadline_on', strftime(flagged.bid_on, '%Y-%m-%d'),
                'is_winner', flagged.is_winner
            ),
            'tables', [json_object('title_zh', '投标人持有的资质', 'rows', coalesce(held_rows.rows, []))],
            'highlight', [strftime(flagged.bid_on, '%Y-%m-%d')]
        ) as evidence
    from flagged
    left join held_rows on held_rows.bid_id = flagged.bid_id
)

select * from final
