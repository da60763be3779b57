-- Question: which buyers give most of their contract value to a single supplier?
-- A buyer whose contracts keep going to one company (E4) may be steering awards; the share is
-- only meaningful with enough contracts, so buyers with fewer than 5 are left out.
with by_pair as (
    select buyer_id, any_value(buyer_name) as buyer_name, supplier_id, any_value(supplier_name) as supplier_name,
           count(*) as n_contracts, sum(value) as value
    from v_contracts
    group by buyer_id, supplier_id
),

by_buyer as (
    select
        buyer_id,
        sum(n_contracts) as buyer_contracts,
        sum(value) as buyer_value,
        count(*) as n_suppliers,
        arg_max(supplier_id, value) as top_supplier_id
    from by_pair
    group by buyer_id
    having sum(n_contracts) >= 5
),

final as (
    select
        by_buyer.buyer_id,
        by_pair.buyer_name,
        by_buyer.buyer_contracts,
        by_buyer.n_suppliers,
        by_pair.supplier_id as top_supplier_id,
        by_pair.supplier_name as top_supplier_name,
        by_pair.n_contracts as top_supplier_contracts,
        round(by_pair.value / by_buyer.buyer_value, 3) as top_supplier_value_share,
        by_buyer.buyer_value
    from by_buyer
    inner join by_pair on by_pair.buyer_id = by_buyer.buyer_id and by_pair.supplier_id = by_buyer.top_supplier_id
)

select * from final
order by top_supplier_value_share desc, buyer_contracts desc, buyer_id
limit 50
