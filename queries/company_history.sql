-- Question: what has one company bid on, against whom, at what price, and how often did it win?
-- One row per bid, oldest first, with the running win rate; the last row carries the totals.
-- Variables: company_id = the bidder's 统一社会信用代码; default: the company with the most bids.
--   bidwatch sql -f queries/company_history.sql --var company_id=91530114409979488B
with params as (
    select coalesce(
        getvariable('company_id'),
        (select bidder_id from v_bids group by bidder_id order by count(*) desc, bidder_id limit 1)
    ) as company_id
),

bids as (
    select *
    from v_bids
    where bidder_id = (select company_id from params)
),

rivals as (
    select bids.bid_id, count(*) as n_rivals, list(other.bidder_name order by other.price) as rival_names
    from bids
    inner join v_bids as other on other.tender_id = bids.tender_id and other.bidder_id <> bids.bidder_id
    group by bids.bid_id
),

final as (
    select
        bids.bidder_id,
        bids.bidder_name,
        coalesce(bids.submitted_at, bids.bid_deadline) as bid_at,
        bids.tender_id,
        bids.tender_title,
        bids.buyer_name,
        bids.category,
        bids.price,
        round(bids.price_to_ceiling, 3) as price_to_ceiling,
        bids.rank,
        bids.status,
        bids.is_winner,
        coalesce(rivals.n_rivals, 0) as n_rivals,
        rivals.rival_names,
        count(*) over history as bids_so_far,
        count(*) filter (where bids.is_winner) over history as wins_so_far,
        round(count(*) filter (where bids.is_winner) over history / count(*) over history, 3) as win_rate_so_far
    from bids
    left join rivals on rivals.bid_id = bids.bid_id
    window history as (order by coalesce(bids.submitted_at, bids.bid_deadline), bids.bid_id rows between unbounded preceding and current row)
)

select * from final
order by bid_at, tender_id
