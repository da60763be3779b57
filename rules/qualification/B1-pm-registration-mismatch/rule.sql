-- B1 project manager's registration. Grain: one hit per bid whose named project manager (a known person) held no
-- registration with the bidder (or a consortium member) valid on the bid-deadline day.
-- Not materialized: `judged` and `checked` are read twice (every judged bid, then the flagged ones for their evidence);
-- materialised, DuckDB would copy every bid, and every bid × registration, into a temporary result, which at 10M
-- bids spills. Bids are joined and grouped by their row in mart_bids (`bid_row`), an integer, not the id string.
with bids as (
    select rowid as bid_row, bid_id, tender_id, bidder_id, bidder_name, consortium_ids, project_manager_id, project_manager_name,
           status, is_winner, category,
           coalesce(bid_deadline, submitted_at)::date as bid_on
    from mart_bids
    where project_manager_id is not null
      and status <> 'withdrawn'
      and list_contains($categories, category)
),

-- An unknown person, or a bid with no date, cannot be judged: a data gap, not a hit.
judged as (
    select bids.*
    from bids
    semi join stg_persons as persons on persons.person_id = bids.project_manager_id
    where bids.bid_on is not null
),

registrations as (
    select person_id, cert_no, company_id, specialty, grade, valid_from, valid_to
    from stg_person_registrations
),

checked as (
    select
        judged.bid_row,
        registrations.cert_no,
        registrations.company_id,
        registrations.specialty,
        registrations.grade,
        registrations.valid_from,
        registrations.valid_to,
        coalesce(registrations.company_id = judged.bidder_id or list_contains(judged.consortium_ids, registrations.company_id), false) as with_bidder,
        coalesce(registrations.valid_from <= judged.bid_on, true) and coalesce(registrations.valid_to >= judged.bid_on, true) as valid_on_bid_day
    from judged
    inner join registrations on registrations.person_id = judged.project_manager_id
),

per_bid as (
    select
        bid_row,
        coalesce(bool_or(with_bidder and valid_on_bid_day), false) as registered_with_bidder,
        coalesce(bool_or(with_bidder and not valid_on_bid_day), false) as lapsed_with_bidder,
        coalesce(bool_or(company_id is null and valid_on_bid_day), false) as unknown_registrant,
        list(distinct company_id order by company_id)
            filter (where not with_bidder and valid_on_bid_day and company_id is not null) as other_companies
    from checked
    group by bid_row
),

-- A person with no registration at all has no per_bid row: `missing`.
flagged as (
    select
        judged.*,
        coalesce(per_bid.other_companies, []) as other_companies,
        case
            when len(coalesce(per_bid.other_companies, [])) > 0 then 'other_company'
            when coalesce(per_bid.lapsed_with_bidder, false) then 'expired'
            else 'missing'
        end as finding
    from judged
    left join per_bid on per_bid.bid_row = judged.bid_row
    where not coalesce(per_bid.registered_with_bidder, false)
      -- A registration valid that day whose company is not on record might be the bidder's: a gap, not a hit.
      and not coalesce(per_bid.unknown_registrant, false)
),

-- Evidence, for the flagged bids only: the manager's registrations and the other companies' names.
registration_rows as (
    select
        checked.bid_row,
        list({
            '注册证书号': checked.cert_no,
            '注册单位': coalesce(companies.name, checked.company_id),
            '专业': checked.specialty,
            '等级': checked.grade,
            '有效期起': checked.valid_from,
            '有效期止': checked.valid_to,
            '投标截止日有效': checked.valid_on_bid_day
        } order by checked.valid_from) as rows,
        list_sort(list(distinct coalesce(companies.name, checked.company_id))
            filter (where not checked.with_bidder and checked.valid_on_bid_day and checked.company_id is not null)) as other_company_names
    from checked
    semi join flagged on flagged.bid_row = checked.bid_row
    left join stg_companies as companies on companies.company_id = checked.company_id
    group by checked.bid_row
),

final as (
    select
        flagged.tender_id,
        list_concat([flagged.bidder_id], flagged.other_companies) as company_ids,
        [flagged.project_manager_id] as person_ids,
        [flagged.bid_id] as record_ids,
        least(1.0, case when flagged.finding = 'other_company' then $score_other_company else $score_expired_or_missing end
            + case when flagged.is_winner then 0.05 else 0 end) as score,
        json_object(
            'summary_zh', coalesce(flagged.bidder_name, flagged.bidder_id) || ' 在标段 ' || flagged.tender_id || ' 的投标（' || flagged.bid_id
                || '）中拟派项目经理 ' || coalesce(flagged.project_manager_name, flagged.project_manager_id) || '，投标截止日（'
                || strftime(flagged.bid_on, '%Y-%m-%d') || '）'
                || case flagged.finding
                       when 'other_company' then '其建造师注册在其他单位（' || array_to_string(flagged.other_company_names, '、') || '）'
                       when 'expired' then '其在投标人处的建造师注册已过有效期'
                       else '无有效的建造师注册记录'
                   end
                || case when flagged.is_winner then '，且该投标人中标' else '' end
                || case flagged.finding
                       when 'other_company' then '，疑似借用他人注册证书（挂证）投标（注册建造师管理规定第二十一条、条例第四十二条）。'
                       else '，疑似拟派项目经理不具备有效执业注册（注册建造师管理规定第三条）。'
                   end,
            'summary_en', 'Bid ' || flagged.bid_id || ' names project manager ' || flagged.project_manager_id
                || ' whose constructor registration on the deadline day was ' || replace(flagged.finding, '_', ' ') || '.',
            'facts', json_object(
                'finding', flagged.finding,
                'bid_deadline_on', strftime(flagged.bid_on, '%Y-%m-%d'),
                'registered_with_bidder', false,
                'other_registration_companies', array_to_string(flagged.other_companies, ','),
                'is_winner', flagged.is_winner
            ),
            'tables', [json_object('title_zh', '项目经理 ' || coalesce(flagged.project_manager_name, flagged.project_manager_id) || ' 的执业注册',
                'rows', coalesce(flagged.registration_rows, []))],
            'highlight', list_concat(flagged.other_company_names, [strftime(flagged.bid_on, '%Y-%m-%d')])
        ) as evidence
    from (
        select
            flagged.* exclude (other_companies),
            flagged.other_companies,
            coalesce(registration_rows.other_company_names, []) as other_company_names,
            registration_rows.rows as registration_rows
        from flagged
        left join registration_rows on registration_rows.bid_row = flagged.bid_row
    ) as flagged
)

select * from final
