-- A2 shared project manager / key staff. Grain: one hit per tender where different bidders name the same person.
-- Not materialized: DuckDB would otherwise copy every bid's columns into a temporary result (it materializes a CTE
-- read more than once), which at 10M bids outgrows its memory limit and spills; reading mart_bids again is cheaper.
with bids as not materialized (
    select bid_id, tender_id, bidder_id, bidder_name, price, status, project_manager_id, project_manager_name, key_staff_ids
    from mart_bids
),

persons as (
    select person_id, name from stg_persons
),

-- Every person a bid names, with the role it names them in.
named_staff as not materialized (
    select bid_id, tender_id, bidder_id, project_manager_id as person_id, 'project_manager' as role
    from bids
    where project_manager_id is not null
    union all
    select bid_id, tender_id, bidder_id, unnest(key_staff_ids) as person_id, 'key_staff' as role
    from bids
),

-- A cheap count finds the candidate shared persons; their lists are built afterwards (most persons are named once).
-- The count groups on one hash of tender and person (as A1: grouping the strings with min/max states cost several
-- times more); a hash two pairs share only adds a candidate, which shared_persons checks on the ids themselves.
candidate_keys as (
    select hash(tender_id, person_id) as key_hash
    from named_staff
    where person_id is not null and person_id <> ''
    group by key_hash
    having count(distinct bidder_id) >= 2
),

shared_persons as (
    select
        tender_id,
        person_id,
        count(*) filter (where role = 'project_manager') >= 2 as named_as_pm_twice,
        list(distinct bidder_id order by bidder_id) as bidder_ids,
        list(distinct bid_id order by bid_id) as bid_ids,
        list(distinct role order by role) as roles
    from named_staff
    semi join candidate_keys on candidate_keys.key_hash = hash(named_staff.tender_id, named_staff.person_id)
    where person_id is not null and person_id <> ''
    group by tender_id, person_id
    having count(distinct bidder_id) >= 2  -- two or more bidders name this very person
),

weighted as (
    select *, case when named_as_pm_twice then $weight_project_manager else $weight_key_staff end as weight
    from shared_persons
),

-- Several shared persons are several signals: noisy-or.
per_tender as (
    select
        tender_id,
        1 - product(1 - weight) as score,
        list_distinct(flatten(list(bidder_ids))) as company_ids,
        list_distinct(flatten(list(bid_ids))) as record_ids,
        list(person_id order by person_id) as person_ids,
        bool_or(named_as_pm_twice) as shares_project_manager,
        count(*) as n_shared_persons
    from weighted
    group by tender_id
),

flagged as (
    select * from per_tender where score >= $min_score
),

shared_names as (
    select flagged.tender_id, list(coalesce(persons.name, '') || '（' || person_id || '）' order by person_id) as labels
    from flagged, unnest(flagged.person_ids) as u(person_id)
    left join persons using (person_id)
    group by flagged.tender_id
),

bid_rows as (
    select
        flagged.tender_id,
        bids_side_by_side(bids, {
            '项目经理': bids.project_manager_id,
            '项目经理姓名': bids.project_manager_name,
            '其他主要人员': array_to_string(bids.key_staff_ids, '、')
        }) as rows
    from flagged
    inner join bids on bids.tender_id = flagged.tender_id
    group by flagged.tender_id
),

final as (
    select
        flagged.tender_id,
        flagged.company_ids,
        flagged.record_ids,
        flagged.person_ids,
        flagged.score,
        json_object(
            'summary_zh', '标段 ' || flagged.tender_id || ' 中 ' || len(flagged.company_ids) || ' 家不同投标人的投标文件载明同一'
                || case when flagged.shares_project_manager then '项目经理' else '主要技术人员' end
                || '（' || array_to_string(shared_names.labels, '、') || '），疑似串通投标（条例第四十条第（三）项）。',
            'summary_en', len(flagged.company_ids) || ' bidders in tender ' || flagged.tender_id || ' name the same '
                || case when flagged.shares_project_manager then 'project manager' else 'key staff' end || ' ('
                || array_to_string(flagged.person_ids, ', ') || '): suspected collusion, Reg 40(3).',
            'facts', json_object(
                'shared_persons', flagged.n_shared_persons,
                'shares_project_manager', flagged.shares_project_manager,
                'companies_naming_them', len(flagged.company_ids),
                'combined_score', round(flagged.score, 3),
                'threshold_min_score', $min_score
            ),
            'tables', [json_object('title_zh', '各投标文件载明的项目管理人员', 'rows', bid_rows.rows)],
            'highlight', flagged.person_ids
        ) as evidence
    from flagged
    inner join bid_rows on bid_rows.tender_id = flagged.tender_id
    inner join shared_names on shared_names.tender_id = flagged.tender_id
)

select * from final
