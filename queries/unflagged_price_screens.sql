-- Question: which tenders look most like cover bidding on their price screens but were not flagged?
-- The A5 rule flags only the joint tail (score ≥ 0.95 and a CV in the lowest tenth of the market);
-- the next ones down are where an analyst looks for what the rule's thresholds let through.
select
    tender_id,
    title,
    buyer_name,
    market,
    n_bids,
    round(score, 3) as score,
    market_rank,
    round(cv, 4) as cv,
    round(rd, 2) as rd,
    round(kurtosis, 2) as kurtosis,
    bid_deadline
from v_tender_screens
where not flagged and score is not null
order by score desc, tender_id
limit 50
