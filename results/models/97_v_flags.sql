-- model: v_flags
-- materialized: view
-- grain: one row per rule hit of the latest scan (earlier scans' hits are in flag_history)
-- description: Analyst view (stable interface, see docs/schema.md) over the result table `flags`: each hit with its Chinese one-line summary, the names of the tender, buyer, companies and persons involved, and the lead it belongs to. Built once the scan's result tables exist.
-- requires: flags, leads, runs
-- not_null: run_id, flag_id, rule_id, detection, family, score
-- column: run_id: the scan that produced the hit
-- column: run_started_at: when that scan started
-- column: flag_id: the hit's id (stable for the same rule, records and values)
-- column: rule_id: the rule's stable id, e.g. A1-shared-bid-file-traces (folder rules/<family>/<rule_id>/)
-- column: detection: catalogue code A1 … E5 the rule implements
-- column: family: collusion, qualification, splitting, approval, procedure
-- column: score: 0..1, how strong this hit is on its own
-- column: summary_zh: one-line Chinese summary of the hit (evidence.summary_zh)
-- column: tender_id: the tender concerned, null when the hit is not about one tender
-- column: tender_title: that tender's title
-- column: tender_ids: every tender involved
-- column: buyer_id: buyer of tender_id
-- column: buyer_name: that buyer's name
-- column: project_code: the project concerned, if any
-- column: company_ids: companies involved
-- column: company_names: their names, in the order of company_ids (the id where the name is unknown)
-- column: person_ids: persons involved
-- column: person_names: their names, in the order of person_ids (the id where the name is unknown)
-- column: record_ids: source record ids the hit rests on (bids, contracts, approvals ...)
-- column: evidence: JSON: the values, the thresholds they crossed, the parameters used
-- column: case_key: key the rule gives to group hits into one case (ring:…, buyer:…, person:…)
-- column: lead_id: the lead (问题线索) the hit belongs to
-- column: lead_title: that lead's title
-- column: lead_status: that lead's review status: new, reviewing, confirmed, dismissed
-- CTEs are `not materialized`: DuckDB materializes a CTE used twice in full, which stops it from
-- pruning the columns a query does not read (10x slower `select count(*) from v_bids`).
with flags as not materialized (
    select * from main.flags
),

company_names as not materialized (
    select run_id, flag_id, list(coalesce(companies.name, ids.company_id) order by ids.position) as company_names
    from (
        select run_id, flag_id, unnest(company_ids) as company_id, generate_subscripts(company_ids, 1) as position
        from flags
    ) as ids
    left join stg_companies as companies on companies.company_id = ids.company_id
    group by run_id, flag_id
),

person_names as not materialized (
    select run_id, flag_id, list(coalesce(persons.name, ids.person_id) order by ids.position) as person_names
    from (
        select run_id, flag_id, unnest(person_ids) as person_id, generate_subscripts(person_ids, 1) as position
        from flags
    ) as ids
    left join stg_persons as persons on persons.person_id = ids.person_id
    group by run_id, flag_id
),

final as not materialized (
    select
        flags.run_id,
        runs.started_at as run_started_at,
        flags.flag_id,
        flags.rule_id,
        flags.detection,
        flags.family,
        flags.score,
        flags.evidence ->> '$.summary_zh' as summary_zh,
        flags.tender_id,
        tenders.title as tender_title,
        flags.tender_ids,
        tenders.buyer_id,
        buyers.name as buyer_name,
        flags.project_code,
        flags.company_ids,
        coalesce(company_names.company_names, []) as company_names,
        flags.person_ids,
        coalesce(person_names.person_names, []) as person_names,
        flags.record_ids,
        flags.evidence,
        flags.case_key,
        flags.lead_id,
        leads.title as lead_title,
        leads.status as lead_status
    from flags
    left join runs on runs.run_id = flags.run_id
    left join stg_tenders as tenders on tenders.tender_id = flags.tender_id
    left join stg_companies as buyers on buyers.company_id = tenders.buyer_id
    left join company_names on company_names.run_id = flags.run_id and company_names.flag_id = flags.flag_id
    left join person_names on person_names.run_id = flags.run_id and person_names.flag_id = flags.flag_id
    left join leads on leads.lead_id = flags.lead_id
)

select * from final
