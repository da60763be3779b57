-- Question: which open case leads (问题线索) should reviewers take up first, and who did what on them?
-- Active leads with status new or reviewing, strongest first, with the companies involved and the
-- latest review. Record a decision with `bidwatch review`.
select
    lead_id,
    score,
    status,
    family,
    detections,
    title,
    company_names,
    len(tender_ids) as n_tenders,
    n_flags,
    first_seen_at,
    last_review_status,
    last_reviewer,
    last_reviewed_at,
    last_review_note
from v_leads
where active and status in ('new', 'reviewing')
order by score desc, lead_id
limit 100
