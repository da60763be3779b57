-- B2 social insurance elsewhere. Grain: one hit per bid in which at least one named person (project manager, and key
-- staff when $include_key_staff) had social insurance on the bid-deadline day paid only by companies other than the
-- bidder and its consortium members.
-- Not materialized: DuckDB would otherwise copy every bid's columns into a temporary result (it materializes a CTE
-- read more than once), which at 10M bids outgrows its memory limit and spills; reading mart_bids again is cheaper.
with bids as not materialized (
    select bid_id, tender_id, bidder_id, bidder_name, consortium_ids, project_manager_id, key_staff_ids,
           status, is_winner, category,
           coalesce(bid_deadline, submitted_at)::date as bid_on
    from mart_bids
    where status <> 'withdrawn'
      and list_contains($categories, category)
),

named_people as not materialized (
    select bid_id, bidder_id, consortium_ids, bid_on, project_manager_id as person_id, 'project_manager' as role
    from bids
    where project_manager_id is not null
    union all
    select bid_id, bidder_id, consortium_ids, bid_on, unnest(key_staff_ids) as person_id, 'key_staff' as role
    from bids
    where $include_key_staff
),

insurance as (
    select person_id, company_id, insured_from, insured_to
    from stg_person_social_insurance
),

-- A person is judged only when some insurance period covers the bid day: no record that day is a data gap
-- (payment records lag, job changes leave short gaps), not proof of insurance elsewhere.
-- Periods paid that day by someone other than the bidder and its consortium members (rare: filter early).
other_cover as materialized (
    select
        named_people.bid_id,
        named_people.person_id,
        named_people.role,
        named_people.bidder_id,
        named_people.consortium_ids,
        named_people.bid_on,
        insurance.company_id,
        insurance.insured_from,
        insurance.insured_to
    from named_people
    inner join insurance
        on insurance.person_id = named_people.person_id
       and insurance.insured_from <= named_people.bid_on
       and coalesce(insurance.insured_to >= named_people.bid_on, true)
    where insurance.company_id <> named_people.bidder_id
      and not list_contains(named_people.consortium_ids, insurance.company_id)
),

-- Of those people, the ones the bidder (or a member) also insured that day are fine. Read from other_cover, which
-- carries each bid's bidder, members and day: from named_people DuckDB joined every named person's insurance first
-- and only then kept those in other_cover (1M bids at a tenth of the memory: 1.9M rows, half of B2's time).
insured_by_bidder as (
    select distinct judged_people.bid_id, judged_people.person_id
    from (select distinct bid_id, person_id, bidder_id, consortium_ids, bid_on from other_cover) as judged_people
    inner join insurance
        on insurance.person_id = judged_people.person_id
       and insurance.insured_from <= judged_people.bid_on
       and coalesce(insurance.insured_to >= judged_people.bid_on, true)
    where insurance.company_id = judged_people.bidder_id
       or list_contains(judged_people.consortium_ids, insurance.company_id)
),

elsewhere_periods as materialized (
    select
        other_cover.*,
        -- The same person may be both manager and named staff; the manager role wins.
        bool_or(other_cover.role = 'project_manager') over (partition by other_cover.bid_id, other_cover.person_id) as is_project_manager
    from other_cover
    anti join insured_by_bidder
        on insured_by_bidder.bid_id = other_cover.bid_id and insured_by_bidder.person_id = other_cover.person_id
),

per_bid as (
    select
        bid_id,
        list(distinct person_id order by person_id) as person_ids,
        list(distinct company_id order by company_id) as paying_companies,
        bool_or(is_project_manager) as involves_project_manager,
        count(distinct person_id) as n_people
    from elsewhere_periods
    group by bid_id
),

people_rows as (
    select
        elsewhere_periods.bid_id,
        list({
            '人员': coalesce(persons.name, elsewhere_periods.person_id),
            '角色': case when elsewhere_periods.is_project_manager then '项目经理' else '主要人员' end,
            '社保缴纳单位': coalesce(payers.name, elsewhere_periods.company_id),
            '缴纳起': elsewhere_periods.insured_from,
            '缴纳止': elsewhere_periods.insured_to
        } order by elsewhere_periods.is_project_manager desc, elsewhere_periods.person_id) as rows,
        list(distinct coalesce(payers.name, elsewhere_periods.company_id)) as payer_names,
        list(distinct coalesce(persons.name, elsewhere_periods.person_id)) as person_names
    from elsewhere_periods
    left join stg_persons as persons on persons.person_id = elsewhere_periods.person_id
    left join stg_companies as payers on payers.company_id = elsewhere_periods.company_id
    group by elsewhere_periods.bid_id
),

final as (
    select
        bids.tender_id,
        list_concat([bids.bidder_id], per_bid.paying_companies) as company_ids,
        per_bid.person_ids,
        [bids.bid_id] as record_ids,
        least(1.0, case when per_bid.involves_project_manager then $score_project_manager else $score_key_staff_only end
            + case when bids.is_winner then 0.05 else 0 end) as score,
        json_object(
            'summary_zh', coalesce(bids.bidder_name, bids.bidder_id) || ' 在标段 ' || bids.tender_id || ' 的投标（' || bids.bid_id || '）中，'
                || case when per_bid.involves_project_manager and per_bid.n_people > 1 then '拟派项目经理及主要人员 '
                        when per_bid.involves_project_manager then '拟派项目经理 '
                        else '主要人员 ' end
                || array_to_string(list_sort(people_rows.person_names), '、')
                || ' 在投标截止日（' || strftime(bids.bid_on, '%Y-%m-%d') || '）的社会保险由其他单位（'
                || array_to_string(list_sort(people_rows.payer_names), '、') || '）缴纳，'
                || case when bids.is_winner then '且该投标人中标，' else '' end
                || '疑似非本单位人员、借用资质投标（建市规〔2019〕1号第八条、第十条）。',
            'summary_en', 'In bid ' || bids.bid_id || ', ' || per_bid.n_people || ' named person(s)'
                || case when per_bid.involves_project_manager then ' including the project manager' else '' end
                || ' were insured by another company on the deadline day: suspected borrowed staff.',
            'facts', json_object(
                'people_insured_elsewhere', per_bid.n_people,
                'involves_project_manager', per_bid.involves_project_manager,
                'bid_deadline_on', strftime(bids.bid_on, '%Y-%m-%d'),
                'is_winner', bids.is_winner
            ),
            'tables', [json_object('title_zh', '投标截止日的社保缴纳单位', 'rows', people_rows.rows)],
            'highlight', people_rows.payer_names
        ) as evidence
    from per_bid
    inner join bids on bids.bid_id = per_bid.bid_id
    inner join people_rows on people_rows.bid_id = per_bid.bid_id
)

select * from final
