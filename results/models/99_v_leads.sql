-- model: v_leads
-- materialized: view
-- grain: one row per case lead (问题线索), active or not
-- description: Analyst view (stable interface, see docs/schema.md) over the result table `leads`: each lead with the names of the companies involved, when it was first and last seen, and its latest review (lead_reviews). Built once the scan's result tables exist.
-- requires: leads, lead_reviews, runs
-- unique: lead_id
-- not_null: lead_id, title, family, score, status, active
-- column: lead_id: stable id (L-…): the same case keeps it in later scans
-- column: title: one line, Chinese
-- column: family: main family: collusion, qualification, splitting, approval, procedure
-- column: score: 0..1, s / (s + 1) where s sums the strongest hit of each contributing detection code plus 0.25 per doubling of tenders (leads/leadScore.ts)
-- column: status: review status set by reviewers, kept across scans: new, reviewing, confirmed, dismissed
-- column: active: false when the latest scan did not see the case again (kept, not deleted)
-- column: detections: catalogue codes that contributed
-- column: n_flags: hits of the latest scan in the lead (flag_ids)
-- column: company_ids: every company involved
-- column: company_names: their names, in the order of company_ids (the id where the name is unknown)
-- column: person_ids: every person involved
-- column: tender_ids: every tender involved
-- column: project_codes: every project involved
-- column: flag_ids: the hits (v_flags.flag_id) of the latest scan that saw the lead
-- column: first_seen_run: the scan that first produced the lead
-- column: first_seen_at: when that scan started
-- column: last_seen_run: the latest scan that produced it
-- column: last_seen_at: when that scan started
-- column: n_reviews: review entries in lead_reviews
-- column: last_reviewed_at: time of the latest review
-- column: last_reviewer: who made it
-- column: last_review_status: the status it set
-- column: last_review_note: its note
-- column: summary: JSON: hits by detection code
-- CTEs are `not materialized`: DuckDB materializes a CTE used twice in full, which stops it from
-- pruning the columns a query does not read (10x slower `select count(*) from v_bids`).
with leads as not materialized (
    select * from main.leads
),

company_names as not materialized (
    select lead_id, list(coalesce(companies.name, ids.company_id) order by ids.position) as company_names
    from (
        select lead_id, unnest(company_ids) as company_id, generate_subscripts(company_ids, 1) as position
        from leads
    ) as ids
    left join stg_companies as companies on companies.company_id = ids.company_id
    group by lead_id
),

reviews as not materialized (
    select
        lead_id,
        count(*) as n_reviews,
        max(reviewed_at) as last_reviewed_at,
        arg_max(reviewer, reviewed_at) as last_reviewer,
        arg_max(status, reviewed_at) as last_review_status,
        arg_max(note, reviewed_at) as last_review_note
    from lead_reviews
    group by lead_id
),

final as not materialized (
    select
        leads.lead_id,
        leads.title,
        leads.family,
        leads.score,
        leads.status,
        leads.active,
        leads.detections,
        len(leads.flag_ids) as n_flags,
        leads.company_ids,
        coalesce(company_names.company_names, []) as company_names,
        leads.person_ids,
        leads.tender_ids,
        leads.project_codes,
        leads.flag_ids,
        leads.first_seen_run,
        first_runs.started_at as first_seen_at,
        leads.last_seen_run,
        last_runs.started_at as last_seen_at,
        coalesce(reviews.n_reviews, 0) as n_reviews,
        reviews.last_reviewed_at,
        reviews.last_reviewer,
        reviews.last_review_status,
        reviews.last_review_note,
        leads.summary
    from leads
    left join company_names on company_names.lead_id = leads.lead_id
    left join reviews on reviews.lead_id = leads.lead_id
    left join runs as first_runs on first_runs.run_id = leads.first_seen_run
    left join runs as last_runs on last_runs.run_id = leads.last_seen_run
)

select * from final
