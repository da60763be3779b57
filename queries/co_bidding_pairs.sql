-- Question: which pairs of companies bid against each other most often in a region, how often
-- does each of them win, and are they related in the company registry?
-- Repeated co-bidding of the same pair with rotating winners is the classic picture of a
-- bid-rigging ring (围标串标); A6 flags registry links, this shows the raw pattern.
-- Variables: region = a prefix of the 6-digit region code (2 digits province, 4 city, 6 county);
--            default: the city with the most tenders.
--   bidwatch sql -f queries/co_bidding_pairs.sql --var region=5301
with params as (
    select coalesce(
        getvariable('region'),
        (select substr(region_code, 1, 4) from v_tenders where region_code is not null
         group by all order by count(*) desc, 1 limit 1)
    ) as region
),

bids as (
    select tender_id, bidder_id, bidder_name, is_winner
    from v_bids
    where status = 'valid'
      and region_code like (select region || '%' from params)
),

pairs as (
    select
        a.bidder_id as company_a,
        any_value(a.bidder_name) as name_a,
        b.bidder_id as company_b,
        any_value(b.bidder_name) as name_b,
        count(distinct a.tender_id) as tenders_together,
        count(distinct a.tender_id) filter (where a.is_winner) as won_by_a,
        count(distinct a.tender_id) filter (where b.is_winner) as won_by_b
    from bids as a
    inner join bids as b on b.tender_id = a.tender_id and a.bidder_id < b.bidder_id
    group by a.bidder_id, b.bidder_id
),

relations as (
    select company_a, company_b, list(distinct relation order by relation) as registry_links
    from mart_company_relations
    group by all
),

final as (
    select
        (select region from params) as region,
        pairs.*,
        coalesce(relations.registry_links, []) as registry_links
    from pairs
    left join relations on relations.company_a = pairs.company_a and relations.company_b = pairs.company_b
    where pairs.tenders_together >= 2
)

select * from final
order by tenders_together desc, company_a, company_b
limit 50
