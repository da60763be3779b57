-- Question: which contracts of one buyer sit just below the value above which the law requires
-- an open tender (依法必须招标的规模标准), and how were they procured?
-- Many contracts just under the threshold suggest splitting to avoid tendering (化整为零, C1/C2).
-- Thresholds: NDRC Order 16 Art. 5 from 2018-06-01 (works 400万, goods 200万, services 100万);
-- before that Order 3 Art. 7 (200万 / 100万 / 50万). Regional overrides are not applied here.
-- Variables: buyer_id = the buyer's 统一社会信用代码 (default: the buyer with the most such contracts);
--            band = how far below the threshold counts as "just below", as a fraction (default 0.1).
--   bidwatch sql -f queries/buyer_contracts_near_threshold.sql --var buyer_id=115301025633825670 --var band=0.05
with thresholds (category, valid_from, valid_to, threshold) as (
    values
        ('works', date '1900-01-01', date '2018-06-01', 2000000.0),
        ('goods', date '1900-01-01', date '2018-06-01', 1000000.0),
        ('services', date '1900-01-01', date '2018-06-01', 500000.0),
        ('works', date '2018-06-01', date '9999-12-31', 4000000.0),
        ('goods', date '2018-06-01', date '9999-12-31', 2000000.0),
        ('services', date '2018-06-01', date '9999-12-31', 1000000.0)
),

band as (
    select coalesce(cast(getvariable('band') as double), 0.1) as band
),

contracts as (
    select
        contracts.*,
        thresholds.threshold,
        (thresholds.threshold - contracts.value) / thresholds.threshold as below_by
    from v_contracts as contracts
    inner join thresholds
        on thresholds.category = contracts.category
       and contracts.signed_on >= thresholds.valid_from
       and contracts.signed_on < thresholds.valid_to
),

near as (
    select *
    from contracts
    where below_by > 0 and below_by <= (select band from band)
),

params as (
    select coalesce(
        getvariable('buyer_id'),
        (select buyer_id from near group by buyer_id order by count(*) desc, buyer_id limit 1)
    ) as buyer_id
),

final as (
    select
        buyer_id,
        buyer_name,
        contract_id,
        title,
        category,
        signed_on,
        value,
        threshold,
        round(below_by, 4) as below_by,
        supplier_name,
        has_procurement,
        method,
        project_code,
        count(*) over (partition by supplier_id) as near_contracts_with_supplier,
        sum(value) over (partition by supplier_id) as near_value_with_supplier
    from near
    where buyer_id = (select buyer_id from params)
)

select * from final
order by signed_on, contract_id
