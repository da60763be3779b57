-- Question: which different bidders share a trace of their electronic bid files (same MAC address,
-- hardware id, CA certificate serial or document hash) or paid their deposit from the same account?
-- Bids prepared on one machine or paid from one account point to one hand behind several bidders
-- (招标投标法实施条例 Art. 40; A1, A3). One row per shared value, most bidders first.
with traces as (
    select 'fp_mac' as trace, fp_mac as value, bidder_id, bidder_name, tender_id from v_bids where fp_mac is not null
    union all
    select 'fp_hardware_id', fp_hardware_id, bidder_id, bidder_name, tender_id from v_bids where fp_hardware_id is not null
    union all
    select 'fp_ca_serial', fp_ca_serial, bidder_id, bidder_name, tender_id from v_bids where fp_ca_serial is not null
    union all
    select 'fp_doc_hash', fp_doc_hash, bidder_id, bidder_name, tender_id from v_bids where fp_doc_hash is not null
    union all
    select 'deposit_payer_account', deposit_payer_account, bidder_id, bidder_name, tender_id from v_bids where deposit_payer_account is not null
),

shared as (
    select
        trace,
        value,
        count(distinct bidder_id) as n_bidders,
        count(distinct tender_id) as n_tenders,
        list(distinct bidder_name order by bidder_name) as bidder_names,
        list(distinct tender_id order by tender_id) as tender_ids
    from traces
    group by trace, value
    having count(distinct bidder_id) > 1
)

select * from shared
order by n_bidders desc, n_tenders desc, trace, value
limit 100
