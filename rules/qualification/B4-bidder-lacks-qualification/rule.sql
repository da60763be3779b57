-- B4 bidder lacks qualification. Grain: one hit per bid whose bidder (with its consortium members pooled) did not hold,
-- on the bid-deadline day, the 资质 types at the grades the tender requires.
-- Reads two temp tables rule.ts fills from the parser: b4_stated_items (requirement_text × alternative × item → type,
-- specialty, min_rank) and b4_held_types (qualification_type, grade → type, specialty, rank).
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

-- Grain: one row per tender × alternative × required item. A requirement the tender states itself beats the table;
-- a stated text the parser could not read (no item) is a data gap: the tender is not judged at all.
stated_items as (
    select
        stated.tender_id,
        'tender' as requirement_source,
        stated.required_qualification as requirement_text,
        items.alternative_no,
        items.item_no,
        items.type as required_type,
        items.specialty as required_specialty,
        items.min_rank,
        items.words,
        items.known,
        null::varchar as type_pattern
    from stg_tender_requirements as stated
    inner join b4_stated_items as items on items.requirement_text = stated.required_qualification
),

-- Table requirements: each accepted type pattern is an alternative of one item, with no grade.
table_patterns as (
    select tender_id, unnest(accepted_types) as type_pattern, generate_subscripts(accepted_types, 1) as alternative_no
    from table_requirements
    anti join stg_tender_requirements as stated using (tender_id)
),

table_items as (
    select
        tender_id,
        'table' as requirement_source,
        null::varchar as requirement_text,
        alternative_no,
        0 as item_no,
        null::varchar as required_type,
        null::varchar as required_specialty,
        null::integer as min_rank,
        replace(type_pattern, '%', '…') as words,
        type_pattern
    from table_patterns
),

-- A stated type outside the vocabulary that no company in the market holds under any spelling is more likely a word
-- the parser does not know than a market where nobody qualifies: an alternative needing one is dropped, and a tender
-- left with no alternative is not judged (a data gap, like an unreadable text). Vocabulary types are always judged.
known_types as (
    select distinct type as held_type from b4_held_types
),

readable_stated_items as (
    select stated_items.*
    from stated_items
    anti join (
        select distinct stated_items.tender_id, stated_items.alternative_no
        from stated_items
        where not stated_items.known
          and stated_items.required_type not in (select held_type from known_types)
    ) as unknown_alternatives using (tender_id, alternative_no)
),

required_items as (
    select * exclude (known) from readable_stated_items
    union all by name
    select * from table_items
),

requirements as (
    select
        tender_id,
        any_value(requirement_source) as requirement_source,
        any_value(requirement_text) as requirement_text,
        string_agg(distinct words, ' / ') as required_words
    from required_items
    group by tender_id
),

-- Not materialized: read four times, DuckDB would copy every judged bid with its requirement texts into a temporary
-- result, which at 10M bids outgrows its memory limit and spills; joining mart_bids again is cheaper.
-- The steps below join and group bids by their row in mart_bids (`bid_row`), an integer: on the id strings the
-- groupings over every judged bid (bid × item × member) cost several times more (docs/scale.md).
bids as not materialized (
    select
        mart_bids.rowid as bid_row,
        mart_bids.bid_id, mart_bids.tender_id, mart_bids.bidder_id, mart_bids.bidder_name, mart_bids.consortium_ids,
        mart_bids.is_winner, mart_bids.status,
        coalesce(mart_bids.bid_deadline, mart_bids.submitted_at)::date as bid_on,
        requirements.requirement_source,
        requirements.requirement_text,
        requirements.required_words
    from mart_bids
    inner join requirements on requirements.tender_id = mart_bids.tender_id
    where mart_bids.status <> 'withdrawn'
      and coalesce(mart_bids.bid_deadline, mart_bids.submitted_at) is not null
),

held as (
    select
        qualifications.company_id,
        qualifications.qualification_type,
        qualifications.valid_from,
        qualifications.valid_to,
        types.type as held_type,
        types.specialty as held_specialty,
        types.rank as held_rank
    from stg_company_qualifications as qualifications
    inner join b4_held_types as types
        on types.qualification_type = qualifications.qualification_type
       and types.grade is not distinct from qualifications.grade
),

-- The bidder and its consortium members that are known companies. Members pool their qualifications (BL Art. 31: the
-- consortium divides the work, each part done by a member qualified for it).
members as (
    select member_ids.*
    from (
        select bid_row, bid_on, unnest(list_concat([bidder_id], consortium_ids)) as company_id
        from bids
    ) as member_ids
    semi join stg_companies as companies on companies.company_id = member_ids.company_id
),

-- Absence of data is not evidence: a bid none of whose members has any qualification on record is a data gap.
judged_bids as (
    select distinct members.bid_row
    from members
    semi join stg_company_qualifications as qualifications on qualifications.company_id = members.company_id
),

-- Grain: one row per bid × required item × member qualification of that type.
item_holdings as (
    select
        bids.bid_row,
        items.alternative_no,
        items.item_no,
        items.min_rank,
        held.company_id,
        coalesce(held.valid_from <= bids.bid_on, true) and coalesce(held.valid_to >= bids.bid_on, true) as valid_on_bid_day,
        coalesce(held.held_rank, 0) as held_rank
    from bids
    semi join judged_bids using (bid_row)
    inner join required_items as items on items.tender_id = bids.tender_id
    inner join members on members.bid_row = bids.bid_row
    inner join held
        on held.company_id = members.company_id
       and (
           (items.type_pattern is not null and held.qualification_type like items.type_pattern)
           or (items.type_pattern is null and (
               held.held_type = items.required_type
               or (items.required_type in ('施工总承包', '专业承包') and ends_with(held.held_type, items.required_type))
           ) and (items.required_specialty is null or held.held_specialty is null or held.held_specialty = items.required_specialty))
       )
),

-- A same-trade consortium is graded by its lowest member (BL Art. 31 third paragraph): the member grade that counts is
-- each member's best valid certificate, and the consortium's the worst of those.
member_best as (
    select bid_row, alternative_no, item_no, any_value(min_rank) as min_rank, company_id,
           min(held_rank) filter (where valid_on_bid_day) as best_valid_rank
    from item_holdings
    group by bid_row, alternative_no, item_no, company_id
),

-- Grain: one row per bid × required item, with its status: ok, grade_too_low (held and valid that day, but the member's
-- or same-trade consortium's grade is lower than required), expired (held, but no certificate valid that day), lacking
-- (the type not held at all).
item_status as (
    select
        bids.bid_row,
        items.alternative_no,
        items.item_no,
        items.words,
        case
            when max(member_best.best_valid_rank) is not null
                 and (any_value(items.min_rank) is null or max(member_best.best_valid_rank) <= any_value(items.min_rank)) then 0
            when max(member_best.best_valid_rank) is not null then 2
            when count(member_best.company_id) > 0 then 1
            else 3
        end as status
    from bids
    semi join judged_bids using (bid_row)
    inner join required_items as items on items.tender_id = bids.tender_id
    left join member_best
        on member_best.bid_row = bids.bid_row
       and member_best.alternative_no = items.alternative_no
       and member_best.item_no = items.item_no
    group by bids.bid_row, items.alternative_no, items.item_no, items.words
),

-- An alternative is as bad as its worst item; the bid as good as its best alternative (of equally good ones, the first).
alternative_status as (
    select bid_row, alternative_no, max(status) as status
    from item_status
    group by bid_row, alternative_no
),

bid_status as (
    select bid_row, min(status) as status, arg_min(alternative_no, status * 1000000 + alternative_no) as alternative_no
    from alternative_status
    group by bid_row
),

-- The unmet items' words, for the flagged bids only: an ordered list per bid and alternative of every judged bid
-- held one sort per group (1M bids: 3.8 of B4's 4.3 CPU s, and out of memory at 10M, bench/profileScan.ts).
unmet as (
    select item_status.bid_row, list(item_status.words order by item_status.item_no) as unmet_words
    from item_status
    inner join bid_status using (bid_row, alternative_no)
    where bid_status.status > 0 and item_status.status > 0
    group by item_status.bid_row
),

flagged as (
    select
        bids.*,
        case bid_status.status when 1 then 'expired' when 2 then 'grade_too_low' else 'lacking' end as finding,
        unmet.unmet_words
    from bids
    inner join bid_status on bid_status.bid_row = bids.bid_row
    inner join unmet on unmet.bid_row = bids.bid_row
    where bid_status.status > 0
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
        least(1.0, case flagged.finding when 'lacking' then $score_lacking when 'expired' then $score_expired else $score_grade_too_low end
            + case when flagged.is_winner then 0.1 else 0 end) as score,
        json_object(
            'summary_zh', coalesce(flagged.bidder_name, flagged.bidder_id) || ' 投标标段 ' || flagged.tender_id || '（' || flagged.bid_id
                || '），该标段要求 ' || coalesce('「' || flagged.requirement_text || '」', flagged.required_words)
                || '，投标截止日（' || strftime(flagged.bid_on, '%Y-%m-%d') || '）'
                || case when len(flagged.consortium_ids) > 0 then '联合体各方合计' else '投标人' end
                || case flagged.finding
                       when 'lacking' then '不具备 ' || array_to_string(flagged.unmet_words, '、') || ' 资质'
                       when 'expired' then '的 ' || array_to_string(flagged.unmet_words, '、') || ' 资质已不在有效期内'
                       else '的 ' || array_to_string(flagged.unmet_words, '、') || ' 资质等级低于要求' end
                || case when flagged.is_winner then '，且其中标' else '' end
                || '，疑似无资质、超越资质等级或借用资质投标（招标投标法第二十六条、条例第四十二条、建筑法第二十六条）。',
            'summary_en', 'Bidder ' || flagged.bidder_id || ' on tender ' || flagged.tender_id || ' did not hold '
                || array_to_string(flagged.unmet_words, ' + ') || ' valid at the required grade on the deadline day (' || flagged.finding || ').',
            'facts', json_object(
                'finding', flagged.finding,
                'required', flagged.required_words,
                'unmet', array_to_string(flagged.unmet_words, ' + '),
                'requirement_source', flagged.requirement_source,
                'requirement_text', flagged.requirement_text,
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
