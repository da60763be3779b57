-- A7 step 3. Grain: one row per candidate ring (a co-bidding community), with its core members, the tenders
-- they bid in together, who won them, the members' roles and the subcontracts between them.
-- Not materialized: read more than once, DuckDB would copy the whole of a7_participation (every bid at 10M) into a
-- temporary result; reading the table itself again costs nothing extra.
with participation as not materialized (
    select * from a7_participation
),

communities as (
    select community_id, bidder_id, count(*) over (partition by community_id) as community_size from a7_communities
),

-- The tenders where a large part of the community bid together.
community_tenders as (
    select communities.community_id, participation.tender_id, count(*) as members_bidding, any_value(communities.community_size) as community_size
    from participation
    inner join communities using (bidder_id)
    group by all
    having count(*) >= greatest($min_members_per_tender, ceil($member_share * any_value(communities.community_size)))
),

community_tender_counts as (
    select community_id, count(*) as n_community_tenders from community_tenders group by community_id
),

-- Core members: those present in at least $min_member_presence of those tenders (drops loosely attached firms).
core as (
    select communities.community_id, communities.bidder_id
    from communities
    inner join participation using (bidder_id)
    inner join community_tenders on community_tenders.community_id = communities.community_id and community_tenders.tender_id = participation.tender_id
    inner join community_tender_counts on community_tender_counts.community_id = communities.community_id
    group by communities.community_id, communities.bidder_id
    having count(*) >= $min_member_presence * any_value(community_tender_counts.n_community_tenders)
),

core_sizes as (
    select community_id, count(*) as ring_size from core group by community_id having count(*) >= $min_ring_size
),

-- The ring's tenders, judged again with the core alone.
ring_tenders as (
    select core.community_id, participation.tender_id, count(*) as members_bidding
    from participation
    inner join core using (bidder_id)
    inner join core_sizes using (community_id)
    group by all
    having count(*) >= greatest($min_members_per_tender, ceil($member_share * any_value(core_sizes.ring_size)))
),

tender_facts as (
    select
        ring_tenders.community_id,
        ring_tenders.tender_id,
        ring_tenders.members_bidding,
        tenders.n_bids,
        tenders.bid_deadline,
        coalesce(buyers.name, tenders.buyer_id) as buyer_id,
        tenders.title,
        tenders.winner_id,
        tenders.award_price,
        tenders.ceiling_price,
        core.bidder_id is not null as member_won
    from ring_tenders
    inner join mart_tenders as tenders on tenders.tender_id = ring_tenders.tender_id
    left join stg_companies as buyers on buyers.company_id = tenders.buyer_id
    left join core on core.community_id = ring_tenders.community_id and core.bidder_id = tenders.winner_id
),

member_stats as (
    select
        core.community_id,
        core.bidder_id,
        any_value(companies.name) as name,
        any_value(a7_firm_totals.n_tenders) as n_tenders,
        any_value(a7_firm_totals.n_wins) as n_wins,
        count(tender_facts.tender_id) as ring_bids,
        count(tender_facts.tender_id) filter (where tender_facts.winner_id = core.bidder_id) as ring_wins
    from core
    inner join a7_firm_totals using (bidder_id)
    left join stg_companies as companies on companies.company_id = core.bidder_id
    left join participation on participation.bidder_id = core.bidder_id
    left join tender_facts on tender_facts.community_id = core.community_id and tender_facts.tender_id = participation.tender_id
    group by all
),

-- A member paid as a subcontractor on a contract another member won in one of the ring's tenders.
subcontract_links as (
    select
        tender_facts.community_id,
        contracts.contract_id,
        contracts.tender_id,
        contracts.supplier_id,
        subcontracts.subcontractor_id,
        subcontracts.value,
        contracts.value as contract_value,
        contracts.signed_on
    from tender_facts
    inner join mart_contracts as contracts on contracts.tender_id = tender_facts.tender_id
    inner join stg_contract_subcontracts as subcontracts on subcontracts.contract_id = contracts.contract_id
    inner join core as supplier on supplier.community_id = tender_facts.community_id and supplier.bidder_id = contracts.supplier_id
    inner join core as subcontractor on subcontractor.community_id = tender_facts.community_id and subcontractor.bidder_id = subcontracts.subcontractor_id
    where subcontracts.subcontractor_id <> contracts.supplier_id
),

bids as (
    select ring_tenders.community_id, bids.bid_id
    from ring_tenders
    inner join mart_bids as bids on bids.tender_id = ring_tenders.tender_id
    inner join core on core.community_id = ring_tenders.community_id and core.bidder_id = bids.bidder_id
),

members_agg as (
    select community_id, list({
        'bidder_id': bidder_id, 'name': name, 'n_tenders': n_tenders, 'n_wins': n_wins, 'ring_bids': ring_bids, 'ring_wins': ring_wins
    } order by ring_wins desc, bidder_id) as members
    from member_stats
    group by community_id
),

tenders_agg as (
    select community_id, list({
        'tender_id': tender_id, 'title': title, 'deadline': strftime(bid_deadline, '%Y-%m-%d'), 'buyer_id': buyer_id,
        'n_bids': n_bids, 'members_bidding': members_bidding, 'winner_id': winner_id, 'member_won': member_won,
        'award_price': award_price, 'ceiling_price': ceiling_price
    } order by bid_deadline, tender_id) as tenders
    from tender_facts
    group by community_id
),

subcontracts_agg as (
    select community_id, list({
        'contract_id': contract_id, 'tender_id': tender_id, 'supplier_id': supplier_id, 'subcontractor_id': subcontractor_id,
        'value': value, 'contract_value': contract_value, 'signed_on': strftime(signed_on, '%Y-%m-%d')
    } order by signed_on, contract_id) as subcontracts
    from subcontract_links
    group by community_id
),

bids_agg as (
    select community_id, list(bid_id order by bid_id) as bid_ids from bids group by community_id
),

-- The price screens (A5) of the ring's tenders in this run, when A5 ran before.
screens_agg as (
    select tender_facts.community_id, avg(screens.score) as mean_screen_score, count(screens.score) as screened_tenders
    from tender_facts
    inner join tender_screens as screens on screens.tender_id = tender_facts.tender_id and screens.run_id = $run_id
    group by tender_facts.community_id
),

final as (
    select
        core_sizes.community_id,
        core_sizes.ring_size,
        members_agg.members,
        tenders_agg.tenders,
        coalesce(subcontracts_agg.subcontracts, []) as subcontracts,
        bids_agg.bid_ids,
        screens_agg.mean_screen_score,
        coalesce(screens_agg.screened_tenders, 0) as screened_tenders
    from core_sizes
    inner join members_agg using (community_id)
    inner join tenders_agg using (community_id)
    inner join bids_agg using (community_id)
    left join subcontracts_agg using (community_id)
    left join screens_agg using (community_id)
)

select * from final
