-- A7 regime path, step 4. Grain: one row per group with a regime change, for the evidence: the members that bid in
-- the group's tenders of the collusive regime (a7_regime_tenders) with their bids and wins there and overall, those
-- tenders with their winner, and the members' bids on them.
-- Not materialized: read more than once, DuckDB would copy the whole of a7_participation (every bid at 10M) into a
-- temporary result; reading the table itself again costs nothing extra.
with participation as not materialized (
    select * from a7_participation
),

member_bids as (
    select a7_regime_tenders.community_id, participation.tender_id, participation.bidder_id
    from a7_regime_tenders
    inner join participation using (tender_id)
    inner join a7_groups on a7_groups.community_id = a7_regime_tenders.community_id and a7_groups.bidder_id = participation.bidder_id
),

member_stats as (
    select
        member_bids.community_id,
        member_bids.bidder_id,
        any_value(companies.name) as name,
        any_value(a7_firm_totals.n_tenders) as n_tenders,
        any_value(a7_firm_totals.n_wins) as n_wins,
        count(*) as regime_bids,
        count(*) filter (where tenders.winner_id = member_bids.bidder_id) as regime_wins
    from member_bids
    inner join a7_firm_totals using (bidder_id)
    inner join mart_tenders as tenders using (tender_id)
    left join stg_companies as companies on companies.company_id = member_bids.bidder_id
    group by member_bids.community_id, member_bids.bidder_id
),

tender_facts as (
    select
        a7_regime_tenders.community_id,
        tenders.tender_id,
        tenders.bid_deadline,
        tenders.n_bids,
        (select count(*) from member_bids where member_bids.community_id = a7_regime_tenders.community_id and member_bids.tender_id = tenders.tender_id) as members_bidding,
        tenders.winner_id,
        tenders.winner_id is not null and exists (
            select 1 from a7_groups where a7_groups.community_id = a7_regime_tenders.community_id and a7_groups.bidder_id = tenders.winner_id
        ) as member_won,
        tenders.award_price,
        tenders.ceiling_price
    from a7_regime_tenders
    inner join mart_tenders as tenders using (tender_id)
),

bids as (
    select member_bids.community_id, bids.bid_id
    from member_bids
    inner join mart_bids as bids on bids.tender_id = member_bids.tender_id and bids.bidder_id = member_bids.bidder_id
    where bids.status <> 'withdrawn'
),

final as (
    select
        member_stats.community_id,
        list({
            'bidder_id': member_stats.bidder_id, 'name': member_stats.name, 'n_tenders': member_stats.n_tenders, 'n_wins': member_stats.n_wins,
            'regime_bids': member_stats.regime_bids, 'regime_wins': member_stats.regime_wins
        } order by member_stats.bidder_id) as members,
        (select list({
            'tender_id': tender_id, 'deadline': strftime(bid_deadline, '%Y-%m-%d'), 'n_bids': n_bids, 'members_bidding': members_bidding,
            'winner_id': winner_id, 'member_won': member_won, 'award_price': award_price, 'ceiling_price': ceiling_price
        } order by bid_deadline, tender_id) from tender_facts where tender_facts.community_id = member_stats.community_id) as tenders,
        (select list(bid_id order by bid_id) from bids where bids.community_id = member_stats.community_id) as bid_ids
    from member_stats
    group by member_stats.community_id
)

select * from final order by community_id
